"""The headline of a release, computed once at publication from its (already protected) cells.

National shortage rate of teachers by sector with its 95% interval, the four cells, the
response rate, po and vo as the ministry publishes them (teachers and school leaders), the
shortage of school leaders (asked per board: nation and sector only), G5 against the rest, the
schoolweging gradient, and the trend and the letters' table (peildata x bao / sbo / (v)so /
school leaders) over the peildata of the releases current at the time of publication (frozen
with the release, like EES).
"""

from tekort.publications import vocabulary
from tekort.publications.presentation import HEADLINE_FTE_BASE, fte, public_cell

FUNCTION = "leraar"
SCHOOL_LEADER = "schoolleider"
PO, VO = "sector_group=po", "sector_group=vo"
# The letters' table (peildata x bao / sbo / (v)so / school leaders, po): key -> (function,
# breakdown, domain); (v)so is so + vso + the combined so/vso locations (school_type), and
# the po total leads.
LETTERS_COLUMNS = {
    "po": (FUNCTION, "sector_group", PO),
    "bao": (FUNCTION, "school_type", "school_type=bao"),
    "sbo": (FUNCTION, "school_type", "school_type=sbo"),
    "vso": (FUNCTION, "school_type", "school_type=(v)so"),
    "schoolleiders": (SCHOOL_LEADER, "sector_group", PO),
}


def public_status(release) -> str:
    """The status the public is told: a release of a demo round is never "definitief".

    Demo figures (generated registrations) are not final whatever was stored: a demo release
    published as definitief before ``publish`` refused that is reported as voorlopig.
    """
    if release.round.is_demo:
        return release.Status.PROVISIONAL.value
    return str(release.status)


def is_provisional(release) -> bool:
    """Whether its cells carry [p]: the status the public is told is voorlopig."""
    return public_status(release) == release.Status.PROVISIONAL


def release_meta(release) -> dict:
    return {
        "slug": release.slug,
        "peildatum": release.round.peildatum.isoformat(),
        "version": release.version,
        "status": public_status(release),
        "demo": release.round.is_demo,
        "published_at": release.published_at.isoformat() if release.published_at else None,
        "method_version": release.method_version,
        "note": release.note,
        "superseded_by": release.superseded_by.slug if release.superseded_by_id else None,
        "n_revised": release.n_revised,
    }


def build_headline(release, cells) -> dict:
    provisional = release.status == release.Status.PROVISIONAL
    index = {
        (c.function, c.breakdown, c.domain, c.measure): c for c in cells if not c.is_model_based
    }

    def one(breakdown, domain, measure="tekort", function=FUNCTION):
        cell = index.get((function, breakdown, domain, measure))
        return public_cell(cell, provisional=provisional) if cell is not None else None

    def many(breakdown, measure="tekort", function=FUNCTION):
        found = [
            c
            for (f, b, _d, m), c in index.items()
            if f == function and b == breakdown and m == measure
        ]
        found.sort(key=lambda c: vocabulary.sort_key(c.breakdown, c.domain))
        return [public_cell(c, provisional=provisional) for c in found]

    national = index.get((FUNCTION, "national", "national", "tekort"))
    this = {
        "peildatum": release.round.peildatum.isoformat(),
        "release": release.slug,
        "national": one("national", "national"),
        "bao": one("sector", "sector=bao"),
    }
    letters_row = {
        "peildatum": release.round.peildatum.isoformat(),
        "release": release.slug,
        **{
            key: one(breakdown, domain, function=function)
            for key, (function, breakdown, domain) in LETTERS_COLUMNS.items()
        },
    }
    return {
        "release": release_meta(release),
        "function": FUNCTION,
        "national": one("national", "national"),
        # po and vo as the ministry publishes them, teachers and school leaders
        "po_vo": {
            "teachers": [one("sector_group", PO), one("sector_group", VO)],
            "school_leaders": [
                one("sector_group", PO, function=SCHOOL_LEADER),
                one("sector_group", VO, function=SCHOOL_LEADER),
            ],
        },
        # how schools cope: the hidden shortage of teachers by emergency measure
        "coping": {
            group: [
                one(breakdown, domain, measure)
                for measure in vocabulary.COPING_MEASURES
                if (FUNCTION, breakdown, domain, measure) in index
            ]
            for group, (breakdown, domain) in (
                ("national", ("national", "national")),
                ("po", ("sector_group", PO)),
                ("vo", ("sector_group", VO)),
            )
        },
        "letters_row": letters_row,
        "letters_table": letters_points(release) + [letters_row],
        "national_fte_rounded": (
            fte(national.fte, HEADLINE_FTE_BASE) if national and national.fte else None
        ),
        "by_sector": many("sector"),
        "four_cells": [one("national", "national", m) for m in vocabulary.FOUR_CELLS],
        "open_hidden": [one("national", "national", m) for m in ("openstaand", "verborgen")],
        "g5": [one("g5", "g5=True"), one("g5", "g5=False")],
        "g5_bao": [one("sector:g5", "sector=bao|g5=True"), one("sector:g5", "sector=bao|g5=False")],
        "schoolweging": many("schoolweging_band"),
        "school_leaders": {
            "national": one("national", "national", function=SCHOOL_LEADER),
            "by_sector": many("sector", function=SCHOOL_LEADER),
        },
        "trend": trend_points(release) + [this],
    }


def trend_points(release) -> list[dict]:
    """National and bao figures of the current releases of earlier peildata (as stored)."""
    from tekort.publications.models import Release

    earlier = (
        Release.objects.current()
        .filter(round__peildatum__lt=release.round.peildatum)
        .select_related("round")
        .order_by("round__peildatum")
    )
    points = []
    for other in earlier:
        head = other.headline or {}
        by_sector = {c["domain"]: c for c in head.get("by_sector", [])}
        points.append(
            {
                "peildatum": other.round.peildatum.isoformat(),
                "release": other.slug,
                "national": head.get("national"),
                "bao": by_sector.get("sector=bao"),
            }
        )
    return points


def letters_points(release) -> list[dict]:
    """The letters' table rows of the current releases of earlier peildata (as stored); a release
    published before po was estimated has none: its row holds no cells."""
    from tekort.publications.models import Release

    earlier = (
        Release.objects.current()
        .filter(round__peildatum__lt=release.round.peildatum)
        .select_related("round")
        .order_by("round__peildatum")
    )
    empty = dict.fromkeys(LETTERS_COLUMNS)
    return [
        (other.headline or {}).get("letters_row")
        or {"peildatum": other.round.peildatum.isoformat(), "release": other.slug, **empty}
        for other in earlier
    ]
