"""THE permission layer: every view, API endpoint, download and export asks these rules.

Object permissions are django-rules predicates over the user's roles (tekort.accounts.models.Role).
Views ask `user.has_perm("<app>.<action>", obj)`; querysets that list objects use
`tekort.accounts.scopes`, which encodes the same rules as filters.
"""

import rules
from django.contrib.auth import get_user_model

from tekort.accounts.models import Role


def _roles(user):
    if not user.is_authenticated or not user.is_active:
        return Role.objects.none()
    return user.roles.all()


def _has_role(user, kind, **objects) -> bool:
    """The user has a role of this kind (for these objects, when given)."""
    return _roles(user).filter(kind=kind, **objects).exists()


@rules.predicate
def is_analyst(user):
    return _has_role(user, Role.Kind.ANALYST)


@rules.predicate
def is_administrator(user):
    return _has_role(user, Role.Kind.ADMIN)


@rules.predicate
def is_school_user_of(user, location):
    return location is not None and _has_role(user, Role.Kind.SCHOOL, location=location)


@rules.predicate
def is_board_user_of_location(user, location):
    return location is not None and _has_role(user, Role.Kind.BOARD, board_id=location.board_id)


@rules.predicate
def is_board_user_of(user, board):
    return board is not None and _has_role(user, Role.Kind.BOARD, board=board)


@rules.predicate
def can_invite_for_board(user, board):
    return board is not None and _has_role(user, Role.Kind.BOARD, board=board, can_invite=True)


@rules.predicate
def is_region_user_of(user, onderwijsregio):
    return onderwijsregio is not None and _has_role(
        user, Role.Kind.REGION, onderwijsregio=onderwijsregio
    )


@rules.predicate
def is_someone_else(user, target):
    """The target user is not the acting user: nobody deactivates or resets their own account."""
    return isinstance(target, get_user_model()) and target.pk != user.pk


has_any_role = rules.predicate(lambda user: _roles(user).exists(), name="has_any_role")

# Registration of one location's figures (the uitvraag).
rules.add_perm("submissions.register_for_location", is_school_user_of | is_board_user_of_location)
rules.add_perm("submissions.upload_for_board", is_board_user_of)
# One location's own figures (microdata): never for region users, unless via their own board role.
rules.add_perm(
    "registry.view_location_figures", is_school_user_of | is_board_user_of_location | is_analyst
)
rules.add_perm("registry.view_board_figures", is_board_user_of | is_analyst)
rules.add_perm("registry.view_region_aggregates", is_region_user_of | is_analyst)
rules.add_perm("submissions.view_response", is_board_user_of | is_analyst)
rules.add_perm("submissions.manage_rounds", is_administrator)
rules.add_perm("estimates.run", is_analyst)
rules.add_perm("publications.publish", is_analyst)
rules.add_perm("publications.view_unpublished", is_analyst)
rules.add_perm("accounts.invite_board_user", can_invite_for_board | is_administrator)
rules.add_perm("accounts.invite_any", is_administrator)
rules.add_perm("audit.view_events", is_administrator)
# Managing users (tekort.accounts.user_admin): administrators, on other users' accounts only.
rules.add_perm("accounts.manage_users", is_administrator)
rules.add_perm("accounts.deactivate_user", is_administrator & is_someone_else)
rules.add_perm("accounts.reset_second_factor", is_administrator & is_someone_else)
rules.add_perm("registry.maintain", is_administrator)
rules.add_perm("monitor.edit", is_analyst)
rules.add_perm("forecasts.save_scenario", has_any_role)
# The uitvraag start page: any user with a role (it lists what that role may do).
rules.add_perm("submissions.use_uitvraag", has_any_role)
