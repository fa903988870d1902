"""No suppressed cell can be recovered from a release: not by subtraction, not from any output.

The audit is tekort_stats' own LP audit (``disclosure.audit_intervals``) run over the PUBLISHED
release: every cell whose value the public can see (or derive from a shown rate and the
near-public formatie) is known, every other cell is unknown; the additive relations are those of
the linked tables (national → every breakdown → its two-way refinements) and, per domain, of the
measures (total = the four cells; open = the two open cells; hidden = the two hidden cells).
Every suppressed cell must keep a positive interval of possible values.
"""

import csv
import io

import numpy as np
import pytest

from tekort.estimates.models import EstimateCell
from tekort.publications.downloads import HEADERS
from tekort.publications.vocabulary import parse_domain
from tekort_stats import disclosure

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.real_register,  # national figures and named areas of the whole country
    pytest.mark.usefixtures("module_release"),
]

MEASURE_SUMS = {
    "tekort": (
        "regulier_openstaand",
        "regulier_verborgen",
        "vervanging_openstaand",
        "vervanging_verborgen",
    ),
    "openstaand": ("regulier_openstaand", "vervanging_openstaand"),
    "verborgen": ("regulier_verborgen", "vervanging_verborgen"),
}
SECTOR_IDENTITIES = (
    (("sector_group", "sector_group=vo"), [("sector", "sector=vo")]),
    (("school_type", "school_type=vo"), [("sector", "sector=vo")]),
    (("school_type", "school_type=bao"), [("sector", "sector=bao")]),
    (("school_type", "school_type=sbo"), [("sector", "sector=sbo")]),
    (
        ("school_type", "school_type=(v)so"),
        [("sector", "sector=so"), ("sector", "sector=vso"), ("sector", "sector=(v)so")],
    ),
    (
        ("sector_group", "sector_group=po"),
        [("school_type", "school_type=bao"), ("school_type", "school_type=sbo")]
        + [("school_type", "school_type=(v)so")],
    ),
)
VALUE_KEYS = ("percentage", "ci_low", "ci_high", "fte", "fte_ci_low", "fte_ci_high")


SUBJECT = "vak"


def linked_tables_of(release, function):
    """(LinkedTables with the true FTE, unknown mask, confidential mask) of one function's cells."""
    # a domain without respondents has no FTE estimate (None); its weighted total, which is what
    # the linked tables add up, is 0
    truth = {
        (c.breakdown, c.domain, c.measure): 0.0 if c.fte is None else c.fte
        for c in EstimateCell.objects.filter(
            run=release.run, is_model_based=False, function=function
        )
    }
    cells = list(release.cells.filter(is_model_based=False, function=function))
    ids = [(c.breakdown, c.domain, c.measure) for c in cells]
    index = {key: i for i, key in enumerate(ids)}
    values = np.array([truth[key] for key in ids])
    unknown = np.array([c.rate is None for c in cells])
    confidential = np.array([c.symbol == "c" for c in cells])
    groups = []
    measures = {m for _, _, m in ids}
    by_breakdown: dict = {}
    for b, d, m in ids:
        by_breakdown.setdefault((b, m), []).append(d)
    for (b, m), domains in by_breakdown.items():
        if b == "national":
            continue
        dims = b.split(":")
        if dims[0] == SUBJECT:
            # a subject's shortage is over its own formatie, estimated on the locations that
            # answered per subject: the subjects do not add up to the nation's or a region's
            # cells, but a subject's onderwijsregio's add up to its national cell
            dims = [SUBJECT] if len(dims) > 1 else []
        elif len(dims) == 1:
            groups.append((index[("national", "national", m)], [index[(b, d, m)] for d in domains]))
            continue
        for keep in dims:  # a two-way table adds up to each of its one-way margins
            parents: dict = {}
            for d in domains:
                parent = f"{keep}={parse_domain(d)[keep]}"
                parents.setdefault(parent, []).append(index[(b, d, m)])
            for parent, members in parents.items():
                if (keep, parent, m) in index:
                    groups.append((index[(keep, parent, m)], members))
    coping: dict = {}  # (breakdown, domain) -> its emergency measures' cells
    for i, (b, d, m) in enumerate(ids):
        if m.startswith("nood:"):
            coping.setdefault((b, d), []).append(i)
    for b, d, m in ids:
        if m in MEASURE_SUMS and all((b, d, part) in index for part in MEASURE_SUMS[m]):
            groups.append((index[(b, d, m)], [index[(b, d, part)] for part in MEASURE_SUMS[m]]))
        if m == "tekort" and all((b, d, part) in index for part in ("openstaand", "verborgen")):
            groups.append(
                (index[(b, d, m)], [index[(b, d, p)] for p in ("openstaand", "verborgen")])
            )
        # how schools cope: the emergency measures of a domain add up to its hidden vacancies
        # (every demo registration splits its hidden FTE)
        if m == "verborgen" and coping.get((b, d)):
            groups.append((index[(b, d, m)], coping[(b, d)]))
        # po / vo and the letters' school types are unions of sectors: the same sums
        for total, parts in SECTOR_IDENTITIES:
            if total == (b, d) and all((*p, m) in index for p in parts):
                groups.append((index[(b, d, m)], [index[(*p, m)] for p in parts]))
    assert measures >= set(MEASURE_SUMS)
    tables = disclosure.LinkedTables([f"{b}::{d}::{m}" for b, d, m in ids], values, groups)
    return tables, unknown, confidential


def recoverable(tables, unknown, targets):
    """Suppressed target cells whose interval, derived from the known cells, has no width."""
    lower, upper = disclosure.audit_intervals(tables, unknown, targets, need_lower=targets)
    values = tables.values
    tol = 1e-6 * np.maximum(1.0, np.abs(values))
    exact = targets & (upper - values <= tol) & (values - lower <= tol)
    return [tables.cell_ids[i] for i in np.flatnonzero(exact)]


def test_no_suppressed_cell_of_a_release_can_be_recovered_by_subtraction(release):
    tables, unknown, confidential = linked_tables_of(release, "leraar")
    assert confidential.sum() > 100
    assert recoverable(tables, unknown, confidential) == []

    # the audit can fail: publish all but one cell of a fully suppressed group and it is found
    total, members = next(
        (t, m)
        for t, m in tables.groups
        if unknown[m].sum() >= 2 and not unknown[t] and tables.cell_ids[t].endswith("::tekort")
    )
    leaky = unknown.copy()
    hidden = [i for i in members if unknown[i]]
    leaky[hidden[1:]] = False
    target = np.zeros_like(unknown)
    target[hidden[0]] = True
    assert recoverable(tables, leaky, target) == [tables.cell_ids[hidden[0]]]


def test_no_suppressed_school_leader_cell_can_be_recovered_by_subtraction(release):
    """School leaders: their own linked tables (nation, sector, po / vo, school type,
    onderwijsregio), audited alike."""
    tables, unknown, confidential = linked_tables_of(release, "schoolleider")
    breakdowns = {cid.split("::")[0] for cid in tables.cell_ids}
    assert breakdowns == {"national", "sector", "sector_group", "school_type", "onderwijsregio"}
    assert recoverable(tables, unknown, confidential) == []
    # teachers and school leaders are separate tables: no cell of one is a member of the other's
    assert not release.cells.filter(function="schoolleider", breakdown="municipality_code").exists()


def _assert_no_values(rows, where):
    confidential = [r for r in rows if "c" in r["flags"]]
    assert confidential, where
    for row in confidential:
        assert all(row[k] in (None, "") for k in VALUE_KEYS), (where, row)
        assert row.get("n_responding") in (None, ""), (where, row)


def test_no_page_download_or_api_call_returns_a_suppressed_value(client, release):
    # the API: every cell of the release, page by page
    rows, url = [], f"/api/v1/releases/{release.slug}/cells/?limit=5000"
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    assert len(rows) == release.cells.count()
    _assert_no_values(rows, "api")
    # and a suppressed domain asked for directly gives no value either
    cell = release.cells.filter(symbol="c", breakdown="municipality_code").first()
    direct = client.get(
        f"/api/v1/releases/{release.slug}/cells/",
        {"domain": cell.domain, "measure": cell.measure, "model_based": "false"},
    ).json()["results"]
    assert direct and direct[0]["percentage"] is None and direct[0]["fte"] is None

    # the download of every cell
    response = client.get(f"/cijfers/{release.slug}/cellen.csv")
    keys = {header: key for key, header in HEADERS.items()}  # Dutch headers, English keys
    records = [
        {keys[h]: v for h, v in r.items()}
        for r in csv.DictReader(io.StringIO(response.content.decode()))
    ]
    for record in records:
        record["flags"] = [f.strip("[]") for f in record["flags"].split()]
    _assert_no_values(records, "cells.csv")

    # the table tool (JSON and CSV) and the map for every geographic level
    for breakdown in ("municipality_code", "labour_market_region", "onderwijsregio"):
        for measure in ("tekort", "verborgen", "vervanging_openstaand"):
            query = {"release": release.slug, "breakdown": breakdown, "measure": measure}
            table = client.get("/tabellen.json", query).json()
            if any("c" in r["flags"] for r in table["rows"]):
                _assert_no_values(table["rows"], f"table {breakdown} {measure}")
        areas = client.get("/kaart.json", {"release": release.slug, "level": breakdown}).json()
        for area in areas["areas"]:
            if "c" in area["flags"]:
                assert area["percentage"] is None and area["fill"] == "hatch"

    # the HTML table of municipalities shows [c] where the value would be
    html = client.get(
        "/tabellen/", {"release": release.slug, "breakdown": "municipality_code"}
    ).content.decode()
    assert (
        html.count("[c]")
        >= release.cells.filter(
            symbol="c", breakdown="municipality_code", measure="tekort", is_model_based=False
        ).count()
    )
