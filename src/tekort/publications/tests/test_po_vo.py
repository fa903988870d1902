"""po and vo as the ministry publishes them: estimated cells of every run, on the release page,
the headline JSON, the home page and the API, and the letters' table as a download."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tekort.estimates.models import EstimateCell
from tekort.estimates.tests.cells import teachers_shortage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.real_register,  # national figures and named areas of the whole country
    pytest.mark.usefixtures("module_release"),
]

PO_SECTORS = ("sector=bao", "sector=sbo", "sector=so", "sector=vso", "sector=(v)so")


def _cells(run, function, breakdown, measure="tekort"):
    return {
        c.domain: c
        for c in EstimateCell.objects.filter(
            run=run, function=function, breakdown=breakdown, measure=measure, is_model_based=False
        )
    }


@pytest.mark.parametrize("function", ["leraar", "schoolleider"])
def test_po_is_bao_sbo_and_all_special_education_together(estimate_runs, function):
    run = estimate_runs[-1]
    sectors = _cells(run, function, "sector")
    groups = _cells(run, function, "sector_group")
    types = _cells(run, function, "school_type")
    assert set(groups) == {"sector_group=po", "sector_group=vo"}
    po_parts = [sectors[d] for d in PO_SECTORS if d in sectors]
    po = groups["sector_group=po"]
    # domain totals of the ratio estimator add up over a partition; counts add up exactly
    assert po.fte == pytest.approx(sum(c.fte for c in po_parts), rel=1e-9)
    assert po.n_frame == sum(c.n_frame for c in po_parts)
    assert po.n_responding == sum(c.n_responding for c in po_parts)
    assert po.ci_low < po.rate < po.ci_high and po.response_rate > 0 and po.quality_class
    assert groups["sector_group=vo"].fte == pytest.approx(sectors["sector=vo"].fte, rel=1e-9)
    if function == "leraar":
        # the letters' (v)so: so + vso + the combined so/vso locations, not the combined only
        special = [sectors[d] for d in ("sector=so", "sector=vso", "sector=(v)so")]
        vso = types["school_type=(v)so"]
        assert vso.n_frame == sum(c.n_frame for c in special) > sectors["sector=(v)so"].n_frame
        assert vso.fte == pytest.approx(sum(c.fte for c in special), rel=1e-9)


def test_the_headline_and_home_page_lead_with_po_and_vo(client, release):
    head = client.get(reverse("publications:release-json", args=[release.slug])).json()
    teachers = head["po_vo"]["teachers"]
    assert [c["domain"] for c in teachers] == ["sector_group=po", "sector_group=vo"]
    stored = teachers_shortage(release.cells, "sector_group", "sector_group=po")
    assert teachers[0]["percentage"] == round(stored.rate * 100, 1)
    assert teachers[0]["ci_low"] < teachers[0]["percentage"] < teachers[0]["ci_high"]
    assert teachers[0]["response_rate"] and teachers[0]["quality_class"]
    leaders = head["po_vo"]["school_leaders"]
    assert [c["function"] for c in leaders] == ["schoolleider", "schoolleider"]
    assert (
        client.get(reverse("api:release-headline", args=[release.slug])).json()["po_vo"]
        == (head["po_vo"])
    )
    home = client.get(reverse("publications:home-json")).json()
    assert home["po"]["has_total"] is True
    assert home["po"]["total"]["percentage"] == teachers[0]["percentage"]
    assert [c["domain"] for c in home["po"]["sectors"]] == [
        "school_type=bao",
        "school_type=sbo",
        "school_type=(v)so",
    ]
    assert home["vo"]["total"]["domain"] == "sector_group=vo" and home["special"] == []
    html = client.get("/").content.decode()
    assert "geen cijfer voor het po als geheel" not in html
    page = client.get(reverse("publications:release", args=[release.slug])).content.decode()
    assert 'id="po-vo"' in page and "brieventabel.csv" in page


def test_the_letters_table_is_a_download_of_every_release(client, release):
    url = reverse("publications:release-letters-table", args=[release.slug, "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    header = rows[0]
    assert header[:3] == ["demo", "peildatum", "publicatie"]
    for column in ("po_leraren_pct", "bao_leraren_pct", "sbo_leraren_pct"):
        assert column in header
    assert "(v)so_leraren_pct_ondergrens" in header and "po_schoolleiders_pct" in header
    # one row per peildatum: the earlier release and this one
    assert [r[1] for r in rows[1:]] == sorted(r[1] for r in rows[1:]) and len(rows) == 3
    last = dict(zip(header, rows[-1], strict=True))
    assert last["demo"] == "ja" and last["publicatie"] == release.slug
    bao = teachers_shortage(release.cells, "school_type", "school_type=bao")
    assert float(last["bao_leraren_pct"]) == round(bao.rate * 100, 1)
    xlsx = client.get(reverse("publications:release-letters-table", args=[release.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert header in values


def test_a_region_too_uncertain_to_show_gets_its_model_based_rate(client, release):
    # onderwijsregio × po/vo: where the direct rate is class F (x), the table shows the
    # Fay–Herriot rate instead, marked e (methods.md §2.6); the model view shows them all
    query = {"release": release.slug, "breakdown": "onderwijsregio:sector_group"}
    cells = release.cells.filter(breakdown=query["breakdown"], measure="tekort", function="leraar")
    direct = {c.domain: c for c in cells if not c.is_model_based}
    model = {c.domain: c for c in cells if c.is_model_based}
    assert set(model) == set(direct)
    rows = {r["domain"]: r for r in client.get("/tabellen.json", query).json()["rows"]}
    filled = [d for d, c in direct.items() if c.symbol == "x" and model[d].rate is not None]
    assert filled, "the release has no region whose direct rate is class F"
    for domain, row in rows.items():
        if domain in filled:
            assert row["model_based"] and "e" in row["flags"]
            assert row["percentage"] == round(model[domain].rate * 100, 1)
        else:
            assert not row["model_based"]
            shown = direct[domain].rate
            assert row["percentage"] == (None if shown is None else round(shown * 100, 1))
    as_model = client.get("/tabellen.json", {**query, "method": "model"}).json()
    assert as_model["query"]["method"] == "model"
    assert all(r["model_based"] for r in as_model["rows"]) and len(as_model["rows"]) == len(model)
