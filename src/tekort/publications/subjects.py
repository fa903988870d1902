"""Tekortvakken: the vo teachers' shortage by subject (vak), as published (issue 20).

The estimate run stores a subject's figures as ordinary cells of the teachers' function:
breakdown ``vak`` (domain ``vak=<code>``: the nation) and ``vak:onderwijsregio`` (domain
``vak=<code>|onderwijsregio=<region>``), with the usual measures. ``publish`` freezes them into
``ReleaseCell`` rows like every other cell, so this module reads them as every public page does:
current releases and their cells as published (``public_figures``), a withheld cell as its
symbol without a value. Subject names come from the register's list of vo subjects
(``vocabulary.subject_names``).

Nothing here computes a figure: it picks, labels and orders published cells.
"""

from __future__ import annotations

from tekort.publications import vocabulary
from tekort.publications.models import Release, ReleaseCell
from tekort.publications.public_figures import SHORTAGE, current_releases, published_cells

SUBJECT = "vak"
SUBJECT_REGION = "vak:onderwijsregio"
BREAKDOWNS = (SUBJECT, SUBJECT_REGION)
REGION = "onderwijsregio"


def names() -> dict[str, str]:
    """Every subject's Dutch name by code, in the ministry's order."""
    return vocabulary.subject_names()


def _with_subjects(releases) -> set[int]:
    """The ids of those releases that hold subject cells."""
    return set(
        ReleaseCell.objects.filter(release__in=list(releases), breakdown=SUBJECT)
        .values_list("release_id", flat=True)
        .distinct()
    )


def subject_releases() -> list[Release]:
    """The current releases that hold subject cells, oldest peildatum first."""
    releases = current_releases()
    found = _with_subjects(releases)
    return [r for r in releases if r.pk in found]


def chosen_release(slug: str | None = None) -> Release | None:
    """The latest current release with subject cells, or the published release ``slug`` when
    it holds subject cells (a superseded version stays readable, as it was published)."""
    if not slug:
        releases = subject_releases()
        return releases[-1] if releases else None
    release = (
        Release.objects.public().select_related("round", "superseded_by").filter(slug=slug).first()
    )
    if release is None or not _with_subjects([release]):
        return None
    return release


def parts(domain: str) -> dict[str, str]:
    return vocabulary.parse_domain(domain)


def _label(cell: dict, order: dict[str, int], subject_names: dict[str, str]) -> dict:
    code = parts(cell["domain"])[SUBJECT]
    return {
        **cell,
        "code": code,
        "name": subject_names.get(code, code),
        "label": subject_names.get(code, code),
        "position": order.get(code, len(order)),
    }


def ranking(release: Release, measure: str = SHORTAGE) -> list[dict]:
    """The subjects' national cells, highest shortage first; subjects without a published value
    (``c``, ``x``) follow in the ministry's order, with their symbol and no value."""
    subject_names = names()
    order = {code: i for i, code in enumerate(subject_names)}
    cells = [
        _label(cell, order, subject_names)
        for cell in published_cells(release, [SUBJECT], measure=measure)
    ]
    shown = sorted(
        (c for c in cells if c["percentage"] is not None),
        key=lambda c: (-c["percentage"], c["position"]),
    )
    withheld = sorted((c for c in cells if c["percentage"] is None), key=lambda c: c["position"])
    for rank, cell in enumerate(shown, start=1):
        cell["rank"] = rank
    for cell in withheld:
        cell["rank"] = None
    return shown + withheld


def item_response(release: Release) -> dict | None:
    """How many of the vo locations that gave their figures gave them per subject too: the
    respondents of the subject cells (the same for every subject) against those of the vo total.
    None when either count is not published."""
    vo = published_cells(release, ["sector"])
    total = next((c["n_responding"] for c in vo if c["domain"] == "sector=vo"), None)
    per_subject = max(
        (c["n_responding"] or 0 for c in published_cells(release, [SUBJECT])), default=0
    )
    if not total or not per_subject:
        return None
    return {
        "per_subject": per_subject,
        "responding": total,
        "share": round(100 * per_subject / total),
    }


def region_cells(release: Release, measure: str = SHORTAGE) -> list[dict]:
    """Every subject × onderwijsregio cell, labelled with its subject and region."""
    subject_names = names()
    order = {code: i for i, code in enumerate(subject_names)}
    out = []
    for cell in published_cells(release, [SUBJECT_REGION], measure=measure):
        labelled = _label(cell, order, subject_names)
        region = parts(cell["domain"]).get(REGION, "")
        labelled[REGION] = region
        labelled["label"] = f"{labelled['name']}, {region}"
        out.append(labelled)
    return out


def subject_regions(cells: list[dict], code: str) -> list[dict]:
    """One subject's cells per onderwijsregio (from ``region_cells``), by region name; the
    label is the region's name."""
    rows = [{**c, "label": c[REGION]} for c in cells if c["code"] == code]
    return sorted(rows, key=lambda c: c[REGION].casefold())


def map_rows(rows: list[dict]) -> list[dict]:
    """The rows of ``subject_regions`` as the onderwijsregio map joins them
    (``maps.map_areas``: domain ``onderwijsregio=<region>``)."""
    return [{**row, "domain": f"{REGION}={row[REGION]}"} for row in rows]


def matrix(cells: list[dict], codes: list[str]) -> list[dict]:
    """Rows per onderwijsregio, one cell per subject of ``codes`` (None where the release has
    no cell of that subject and region)."""
    by_region: dict[str, dict[str, dict]] = {}
    for cell in cells:
        by_region.setdefault(cell[REGION], {})[cell["code"]] = cell
    return [
        {REGION: region, "cells": [by_region[region].get(code) for code in codes]}
        for region in sorted(by_region, key=str.casefold)
    ]


def measures(release: Release, code: str) -> list[dict]:
    """One subject's national cells of every measure (the four cells, open and hidden)."""
    subject_names = names()
    order = {c: i for i, c in enumerate(subject_names)}
    out = []
    for measure in vocabulary.MEASURES:
        for cell in published_cells(release, [SUBJECT], measure=measure):
            if parts(cell["domain"]).get(SUBJECT) == code:
                out.append(_label(cell, order, subject_names))
    return out


def series(code: str, measure: str = SHORTAGE) -> list[dict]:
    """The subject's national cell in every current release with subject cells, oldest first:
    ``{"peildatum", "release", "cell"}`` (``cell`` None where that release has none)."""
    subject_names = names()
    order = {c: i for i, c in enumerate(subject_names)}
    points = []
    for release in subject_releases():
        cell = next(
            (
                c
                for c in published_cells(release, [SUBJECT], measure=measure)
                if parts(c["domain"]).get(SUBJECT) == code
            ),
            None,
        )
        points.append(
            {
                "peildatum": release.round.peildatum.isoformat(),
                "release": release.slug,
                "cell": _label(cell, order, subject_names) if cell else None,
            }
        )
    return points
