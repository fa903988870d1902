"""Published measurements (OCW, Centerdata) beside tekort's release: /gepubliceerde-metingen/."""

import csv
import io
import math

import pytest
from django.urls import reverse

from tekort.publications.measured_elsewhere import comparison, correlation
from tekort.registry import published_measurements
from tekort.registry.published_measurements import PublishedDataError


def test_the_published_national_figures_are_read_as_published():
    figures = published_measurements.national()
    po_2023 = [
        m
        for m in figures
        if (m.sector, m.peildatum, m.area, m.group, m.measure) == ("po", "2023-10-01", "Nederland", "leraren", "pct")
    ]  # fmt: skip
    assert [m.value for m in po_2023] == [9.7]
    assert po_2023[0].url.startswith("https://")
    vo_fte = [
        m for m in figures if (m.sector, m.peildatum, m.measure) == ("vo", "2023-10-01", "fte")
    ]
    assert [(m.value, m.qualifier) for m in vo_fte if m.group == "leraren"] == [(3800.0, "approx")]
    assert not [m for m in figures if m.measure not in ("pct", "fte")]
    assert not [m for m in figures if m.group == "respons"]  # the share of schools taking part


def test_the_region_tables_keep_the_g5_cities_apart():
    rows = published_measurements.per_labour_market_region()
    assert {m.sector for m in rows} == {"po", "vo"}
    amsterdam = [m for m in rows if m.sector == "po" and m.area_code == "GM0363"]
    assert [m.value for m in amsterdam] == [18.7]
    groot_amsterdam = [m for m in rows if m.sector == "po" and m.area_code == "AM18"]
    assert groot_amsterdam[0].area.endswith("(zonder G5-gemeente)")


def test_a_missing_or_broken_file_is_named(settings, tmp_path):
    settings.TEKORT_DATA_DIR = str(tmp_path)
    with pytest.raises(PublishedDataError, match="gemeten_tekorten_landelijk_2021_2024.csv"):
        published_measurements.national()
    (tmp_path / "published").mkdir()
    header = ",".join(published_measurements.NATIONAL_COLUMNS)
    (tmp_path / "published" / published_measurements.NATIONAL_FILE).write_text(
        f"{header}\npo,2023-10-01,Nederland,leraren,pct_werkgelegenheid,negen,exact,x,u,d,\n"
    )
    with pytest.raises(PublishedDataError, match="line 2: not a number: 'negen'"):
        published_measurements.national()


def test_correlation_against_a_hand_computation():
    # x = 1, 2, 3; y = 2, 4, 7: Sxy = 5, Sxx = 2, Syy = 38/3, r = 5 / sqrt(76/3) = 0.9934
    assert correlation([(1, 2), (2, 4), (3, 7)]) == round(5 / math.sqrt(76 / 3), 2) == 0.99
    assert correlation([(1, 2), (2, 4)]) is None
    assert correlation([(1, 2), (1, 4), (1, 7)]) is None  # no spread


@pytest.mark.django_db
def test_without_a_release_only_the_published_figures_are_shown(client):
    data = comparison()
    assert data["release"] is None
    assert all(row["tekort"] is None for row in data["national"])
    page = client.get(reverse("publications:measured-elsewhere")).content.decode()
    assert "tekort heeft nog geen cijfers gepubliceerd" in page
    assert "9,7%" in page


def test_an_unpublished_run_is_never_beside_the_published_figures(estimate_runs):
    data = comparison()  # runs exist, nothing published
    assert data["release"] is None
    assert not [r for r in data["labour_market_regions"] if r["tekort"] is not None]


def test_the_release_stands_beside_the_published_figures_marked_demo(client, release):
    data = comparison()
    assert data["release"]["slug"] == release.slug and data["is_demo"]
    beside = [r for r in data["labour_market_regions"] if r["tekort"] is not None]
    assert beside, "the release's region cells are shown beside the published table"
    for sector in ("po", "vo"):
        like = [
            r
            for r in beside
            if r["like_for_like"]
            and r["published"]["sector"] == sector
            and r["tekort"]["percentage"] is not None
        ]
        assert data["correlation"][sector]["n"] == len(like)
        pairs = [(r["published"]["value"], float(r["tekort"]["percentage"])) for r in like]
        assert data["correlation"][sector]["r"] == correlation(pairs)
    page = client.get(reverse("publications:measured-elsewhere")).content.decode()
    assert "Demogegevens" in page or "Demo" in page
    assert release.slug in page
    answer = client.get(reverse("publications:measured-elsewhere-json")).json()
    assert answer["correlation"] == data["correlation"]


def test_the_csv_has_dutch_columns_and_one_row_per_published_figure(client, release):
    data = comparison()
    response = client.get(reverse("publications:measured-elsewhere-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0][:3] == ["tabel", "sector", "peildatum"]
    expected = len(data["national"]) + len(data["g5_cities"]) + len(data["labour_market_regions"])
    assert len(rows) - 1 == expected
    assert {row[0] for row in rows[1:]} == {"landelijk", "g5-gemeenten", "arbeidsmarktregio"}


def test_the_page_names_the_publisher_and_links_the_source(client, db):
    page = client.get(reverse("publications:measured-elsewhere")).content.decode()
    assert "citing" not in page  # the data file's English notes stay in the data
    figure = next(m for m in published_measurements.g5_cities() if "(" in m.publisher)
    assert f'<a href="{figure.url}">{figure.publisher.split(" (")[0]}</a>' in page
