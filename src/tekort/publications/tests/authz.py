"""URL kwargs of the published figures and the API for the authorisation matrix.

A small real release (an estimate run without cells, published with the one write path) serves
both sides: releases belong to nobody and are public.
"""

from datetime import date


def _release():
    from tekort.estimates.tests.factories import FinishedRunFactory
    from tekort.publications.models import Release
    from tekort.publications.publishing import publish
    from tekort.submissions.models import Round

    release = Release.objects.filter(round__peildatum=date(2032, 10, 1)).first()
    if release is None:
        round_ = Round.objects.create(
            peildatum=date(2032, 10, 1), opens_on=date(2032, 10, 1), closes_on=date(2032, 11, 1)
        )
        run = FinishedRunFactory(
            round=round_, method_version="matrix", n_bootstrap=1, results_fingerprint="1" * 64
        )
        release = publish(run, note="matrix")
    return release


def _slug(side):
    return _release().slug


def _peildatum(side):
    return _release().round.peildatum


def _permalink(side):
    from tekort.publications.models import TablePermalink
    from tekort.publications.tables import query_key

    release = _release()
    query = {"measure": "tekort", "breakdown": "sector"}
    link, _created = TablePermalink.objects.get_or_create(
        query_key=query_key(release, query), defaults={"release": release, "query": query}
    )
    return link.pk


def _unpublished_run(side):
    from tekort.estimates.tests.factories import FinishedRunFactory

    return FinishedRunFactory(
        round=_release().round,
        method_version="matrix",
        inputs_fingerprint="2" * 64,
        seed=2,
        n_bootstrap=1,
    ).pk


KWARGS = {
    "publications:release/slug": _slug,
    "publications:release-json/slug": _slug,
    "publications:release-cells-csv/slug": _slug,
    "publications:release-letters-table/slug": _slug,
    "publications:release-letters-table/fmt": lambda side: "csv",
    "publications:release-coping-csv/slug": _slug,
    "publications:release-change/slug": _slug,
    "publications:release-change-json/slug": _slug,
    "publications:release-change-csv/slug": _slug,
    "publications:round/peildatum": _peildatum,
    "publications:revisions/peildatum": _peildatum,
    "publications:revisions-json/peildatum": _peildatum,
    "publications:table-download/fmt": lambda side: "csv",
    "publications:permalink/pk": _permalink,
    "publications:permalink-download/pk": _permalink,
    "publications:permalink-download/fmt": lambda side: "json",
    "publications:preview/pk": _unpublished_run,
    # a vo subject's page (tekortvakken): 404 until a release holds subject cells
    "publications:tekortvak/vak": lambda side: "WI",
    "publications:tekortvak-json/vak": lambda side: "WI",
    "publications:methodology-page/slug": lambda side: "disclosure-control",
    "api:release/slug": _slug,
    "api:release-headline/slug": _slug,
    "api:release-cells/slug": _slug,
    "api:geography-areas/level": lambda side: "province",
    # the area pages: the areas of the side's school (the board and onderwijsregio pages use
    # the matrix's "board" and "onderwijsregio")
    "municipality": lambda side: side.location.municipality_id,
    "region": lambda side: side.location.municipality.labour_market_region_id,
    "province": lambda side: side.location.municipality.province_id,
}
