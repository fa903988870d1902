"""Object rule for saved scenarios (django-rules autodiscovers this module).

``forecasts.save_scenario`` (any user with a role) is in tekort/accounts/rules.py; who may
manage one saved scenario is decided here: its owner only.
"""

import rules


@rules.predicate
def is_scenario_owner(user, scenario):
    return (
        scenario is not None
        and user.is_authenticated
        and user.is_active
        and scenario.owner_id == user.pk
    )


rules.add_perm("forecasts.manage_scenario", is_scenario_owner)
