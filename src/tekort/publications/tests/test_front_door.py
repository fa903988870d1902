"""The front door: the home page's headline (+ .json), the plain-Dutch method pages, the
technical pages without raw notation or code paths, and a school's covering figures."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tekort.publications.models import ReleaseCell
from tekort.publications.presentation import percentage
from tekort.publications.publishing import publish
from tekort.registry.models import Location, Municipality

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_release")]
NATIONAL = ("national", "national")


def _published(release, breakdown, domain):
    """The stored rate and interval of a release cell, as the public sees them (%, 1 decimal)."""
    cell = ReleaseCell.objects.get(
        release=release, function="leraar", breakdown=breakdown, domain=domain, measure="tekort"
    )
    return tuple(percentage(v) for v in (cell.rate, cell.ci_low, cell.ci_high))


def test_home_json_has_the_latest_release_po_and_vo_as_published(client, release):
    data = client.get(reverse("publications:home-json")).json()
    assert data["release"]["slug"] == "2025-10-01-v1"
    national = data["national"]
    assert (national["percentage"], national["ci_low"], national["ci_high"]) == _published(
        release, "national", "national"
    )
    # po as a whole: bao + sbo + (v)so, the letters' parts beside it
    po = data["po"]["total"]
    assert data["po"]["has_total"] is True
    assert (po["percentage"], po["ci_low"], po["ci_high"]) == _published(
        release, "sector_group", "sector_group=po"
    )
    assert [
        (c["domain"], c["percentage"], c["ci_low"], c["ci_high"]) for c in data["po"]["sectors"]
    ] == [
        (d, *_published(release, "school_type", d))
        for d in ("school_type=bao", "school_type=sbo", "school_type=(v)so")
    ]
    vo = data["vo"]["total"]
    assert data["vo"]["has_total"] is True
    assert (vo["percentage"], vo["ci_low"], vo["ci_high"]) == _published(
        release, "sector_group", "sector_group=vo"
    )
    assert data["special"] == []  # (v)so is in po's parts
    # the earlier round is 1 February 2025: no release of 1 October 2024, so no change
    assert data["year_earlier"] == {"peildatum": "2024-10-01", "release": None}
    assert national["change_points"] is None
    assert data["register"]["municipalities"] == 342


def test_home_page_leads_with_the_shortage_and_links_onwards(client, release):
    html = client.get("/").content.decode()
    assert '<html lang="nl">' in html
    rate, low, high = (f"{v:.1f}".replace(".", ",") for v in _published(release, *NATIONAL))
    assert f"{rate}%" in html and f"95%-interval {low} tot {high}%" in html
    vo = f"{_published(release, 'sector_group', 'sector_group=vo')[0]:.1f}".replace(".", ",")
    assert f"{vo}%" in html and "vo (voortgezet onderwijs)" in html
    po = f"{_published(release, 'sector_group', 'sector_group=po')[0]:.1f}".replace(".", ",")
    assert f"{po}%" in html and "po (primair onderwijs)" in html
    assert "geen cijfer voor het po als geheel" not in html
    assert "voor dezelfde peildatum een jaar eerder is geen cijfer gepubliceerd" in html
    for name in ("publications:table-tool", "publications:map", "forecasts:scenario"):
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("calculator:calculator")}"' in html
    assert f'action="{reverse("registry:search")}"' in html
    # the headline comes before the register's counts
    assert html.index(f"{rate}%") < html.index("Het register bevat")


def test_home_shows_the_change_since_the_same_peildatum_a_year_earlier(client, estimate_runs):
    earlier, latest = estimate_runs
    earlier.round.peildatum = datetime.date(2024, 10, 1)
    earlier.round.save(update_fields=["peildatum"])
    before = publish(earlier, note="Vorig jaar")
    publish(latest, note="Dit jaar")
    old = ReleaseCell.objects.get(
        release=before, function="leraar", breakdown="national", measure="tekort"
    )
    before_pct = round(old.rate * 100, 1)
    data = client.get(reverse("publications:home-json")).json()
    assert data["year_earlier"]["release"] == before.slug
    national = data["national"]
    assert national["percentage_year_earlier"] == before_pct
    now = _published(latest.releases.get(), *NATIONAL)[0]
    assert national["change_points"] == round(now - before_pct, 1)
    html = client.get("/").content.decode()
    assert "procentpunt ten opzichte van een jaar eerder" in html


@pytest.mark.parametrize(
    ("name", "title", "formula"),
    [
        ("publications:how-we-measure", "Hoe we meten", True),
        ("publications:how-certain", "Hoe zeker is dit", True),
        ("publications:why-missing", "Waarom ontbreekt een cijfer", False),
    ],
)
def test_method_pages_are_plain_dutch_with_mathml_and_no_script(client, name, title, formula):
    html = client.get(reverse(name)).content.decode()
    assert f"<h1>{title}</h1>" in html
    assert ("<math " in html) is formula
    assert "<script" not in html.split("<main", 1)[-1]
    assert "$" not in html
    assert "msgid" not in html


def test_why_missing_explains_c_and_x(client):
    html = client.get(reverse("publications:why-missing")).content.decode()
    assert '<h2 id="c">[c]: weggelaten om scholen te beschermen</h2>' in html
    assert '<h2 id="x">[x]: te weinig antwoorden</h2>' in html


def test_table_rows_link_to_the_plain_method_pages(client, release):
    html = client.get(reverse("publications:table-tool")).content.decode()
    assert f'href="{reverse("publications:how-certain")}#kwaliteitsklassen">A</a>' in html
    assert f'class="method-link" href="{reverse("publications:how-we-measure")}"' in html
    assert reverse("publications:methodology-page", args=["quality-classes"]) not in html


def _location_in(release, symbol: str):
    """A location in a municipality whose figure has ``symbol`` and whose labour-market region's
    figure is published (the nearest published level the pages then point to)."""
    cells = ReleaseCell.objects.filter(
        release=release, function="leraar", measure="tekort", is_model_based=False
    )
    withheld = cells.filter(breakdown="municipality_code", symbol=symbol)
    codes = [d.split("=", 1)[1] for d in withheld.values_list("domain", flat=True)]
    shown = cells.filter(breakdown="labour_market_region", rate__isnull=False)
    regions = [d.split("=", 1)[1] for d in shown.values_list("domain", flat=True)]
    return (
        Location.objects.filter(
            municipality__code__in=codes, municipality__labour_market_region__in=regions
        )
        .select_related("municipality__labour_market_region")
        .order_by("code")
        .first()
    )


def test_a_school_page_links_to_its_areas_and_names_its_onderwijsregio(client, release):
    location = Location.objects.select_related("municipality", "board").get(code="32JK00")
    html = client.get(reverse("registry:location", args=[location.code])).content.decode()
    regio = location.board.onderwijsregios.get()
    regio_url = reverse("publications:onderwijsregio", args=[regio.pk])
    assert f'<dd id="onderwijsregio"><a href="{regio_url}">{regio.name}</a>' in html
    assert f'href="{reverse("publications:municipality", args=[location.municipality_id])}"' in html
    assert 'data-level="onderwijsregio"' in html and 'data-level="province"' in html
    assert reverse("dashboards:board", args=[location.board_id]) in html


def test_a_withheld_municipality_points_to_the_region_figure(client, release):
    location = _location_in(release, "c")
    region = location.municipality.labour_market_region
    html = client.get(reverse("registry:location", args=[location.code])).content.decode()
    row = re.search(r'<tr data-level="municipality_code">.*?</tr>', html, re.DOTALL).group(0)
    assert "[c]" in row
    assert "Niet gepubliceerd; zie Arbeidsmarktregio" in row
    assert f">{region.name}</a>" in row


def test_the_search_shows_a_withheld_municipality_with_its_region_figure(client, release):
    location = _location_in(release, "c")
    municipality = location.municipality
    region = municipality.labour_market_region
    html = client.get(reverse("registry:search"), {"q": municipality.name}).content.decode()
    start = html.index(f'>{escape(municipality.name)}</a>: <span class="area-figure"')
    span = html[start : html.index("</span>", start)]
    assert 'data-level="municipality_code">[c]' in span
    assert "Niet gepubliceerd; zie Arbeidsmarktregio <a href=" in span
    assert f">{region.name}</a>" in span
    assert "%" in span  # the region's published percentage


def test_the_search_shows_a_published_municipality_figure(client, release):
    cell = (
        ReleaseCell.objects.filter(
            release=release,
            function="leraar",
            measure="tekort",
            breakdown="municipality_code",
            is_model_based=False,
            symbol="",
        )
        .order_by("domain")
        .first()
    )
    municipality = Municipality.objects.get(code=cell.domain.split("=", 1)[1])
    html = client.get(reverse("registry:search"), {"q": municipality.name}).content.decode()
    expected = f"{percentage(cell.rate):.1f}".replace(".", ",") + "% [p]"
    assert (
        f'>{escape(municipality.name)}</a>: <span class="area-figure" '
        f'data-level="municipality_code">{expected}</span>'
    ) in html
