"""The small register: the real one narrowed to two provinces (about 900 of its 8,600
locations, every sector, several onderwijsregios). A demo round and an estimate run on it take
about a second instead of ten.

Plain functions, no pytest: the Django tests narrow their database inside a transaction that is
rolled back (``tekort.conftest``); the production-topology tests narrow their copy of it in a
process of its own (``tekort.tests.topology.narrow_database``).
"""

SMALL_REGISTER_PROVINCES = ("Utrecht", "Flevoland")


def narrow_register(provinces=SMALL_REGISTER_PROVINCES) -> None:
    """Delete every location outside ``provinces``, and the institutions and boards left
    without one, in one transaction."""
    from django.db import transaction

    from tekort.registry.models import Board, Institution, Location

    with transaction.atomic():
        Location.objects.exclude(municipality__province__name__in=provinces).delete()
        Institution.objects.filter(locations__isnull=True).delete()
        Board.objects.filter(locations__isnull=True, institutions__isnull=True).delete()
