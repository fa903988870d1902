"""Search by the names people use: "Den Haag" for 's-Gravenhage, accents and apostrophes ignored."""

import pytest
from django.urls import reverse

from tekort.registry.models import Location, Municipality
from tekort.registry.place_names import aliases, normalise, split_query
from tekort.registry.querysets import search_areas, search_locations

pytestmark = pytest.mark.django_db

ALL = 100_000


def codes_of(municipality_code: str) -> set[str]:
    return set(
        Location.objects.filter(municipality__code=municipality_code).values_list("code", flat=True)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'s-Gravenhage", "s gravenhage"),
        ("Súdwest-Fryslân", "sudwest fryslan"),
        ("’s-Hertogenbosch", "s hertogenbosch"),
        ("  Nuenen, Gerwen en Nederwetten ", "nuenen gerwen en nederwetten"),
    ],
)
def test_normalise_ignores_accents_apostrophes_hyphens_and_case(text, expected):
    assert normalise(text) == expected


def test_every_alias_names_a_municipality_of_the_register_and_has_a_source():
    rows = aliases()
    assert len(rows) == 22
    known = set(Municipality.objects.values_list("code", flat=True))
    assert {code for code, _alias, _source in rows} <= known
    assert all(source.strip() for _code, _alias, source in rows)


@pytest.mark.parametrize(
    ("query", "code", "name"),
    [
        ("Den Haag", "GM0518", "'s-Gravenhage"),
        ("den haag", "GM0518", "'s-Gravenhage"),
        ("s-Gravenhage", "GM0518", "'s-Gravenhage"),
        ("Den Bosch", "GM0796", "'s-Hertogenbosch"),
        ("s Hertogenbosch", "GM0796", "'s-Hertogenbosch"),
        ("Sudwest Fryslan", "GM1900", "Súdwest-Fryslân"),
        ("Zuidwest-Friesland", "GM1900", "Súdwest-Fryslân"),
    ],
)
def test_a_common_name_finds_every_school_of_the_municipality(query, code, name):
    assert Municipality.objects.get(code=code).name == name
    found = {loc.code for loc in search_locations(query, limit=ALL)}
    assert codes_of(code)
    assert codes_of(code) <= found


def test_den_haag_finds_the_rows_of_s_gravenhage_as_json(client):
    data = client.get(reverse("registry:search-json"), {"q": "Den Haag"}).json()
    assert len(data["results"]) == 50  # the page's limit: The Hague has more schools
    assert {row["municipality"] for row in data["results"]} == {"'s-Gravenhage"}
    assert data["areas"]["municipalities"] == [{"code": "GM0518", "name": "'s-Gravenhage"}]


def test_an_alias_narrows_with_the_other_words():
    den_haag = codes_of("GM0518")
    found = {loc.code for loc in search_locations("Den Haag bao", limit=ALL)}
    assert found
    assert found <= den_haag
    assert len(found) < len(den_haag)


def test_the_query_is_split_into_names_and_words():
    assert split_query("Regenboog Den Haag") == [
        (["regenboog"], set()),
        (["den", "haag"], {"GM0518"}),
    ]


def test_areas_are_found_by_common_name_and_by_part_of_the_name():
    areas = search_areas("Den Bosch")
    assert [m.code for m in areas["municipalities"]] == ["GM0796"]
    regions = search_areas("haaglanden")
    assert [r.name for r in regions["labour_market_regions"]] == ["Haaglanden"]
    assert search_areas("fryslan")["provinces"][0].name == "Fryslân"


def test_the_search_page_lists_the_area_with_links_to_its_figures(client):
    html = client.get(reverse("registry:search"), {"q": "Den Haag"}).content.decode()
    assert f'href="{reverse("publications:municipality", args=["GM0518"])}"' in html
    assert "&#x27;s-Gravenhage</a>" in html
    assert "Gebieden" in html
