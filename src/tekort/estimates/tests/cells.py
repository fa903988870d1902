"""Looking up one cell of an estimate run or a release, for the tests and the benchmarks."""


def teachers_shortage(cells, breakdown: str, domain: str, **narrower):
    """The teachers' shortage cell of one domain among ``cells`` (``run.cells`` or
    ``release.cells``); ``narrower`` adds conditions, e.g. ``is_model_based=False``."""
    return cells.get(
        function="leraar", breakdown=breakdown, domain=domain, measure="tekort", **narrower
    )
