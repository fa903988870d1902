"""Figures beside promises: the reviewed links file, and the published value of each indicator
tekort measures itself, read through the one road (`publications.public_figures`)."""

import csv

import pytest
from django.urls import reverse

from tekort.conftest import publish_both
from tekort.monitor import history, item_links
from tekort.monitor.importer import PolicyImporter
from tekort.monitor.indicators import INDICATORS
from tekort.monitor.models import Item
from tekort.publications.models import ReleaseCell
from tekort.publications.publishing import publish
from tekort.registry.importers.base import ImportRejected

N_LINKS, N_ITEMS = 42, 28  # rows of monitor/data/item_indicators.csv; distinct items in it


@pytest.fixture(autouse=True)
def fresh_page_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _file_rows():
    with item_links.LINKS_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_links_file_is_imported_once(policy_dir, db):
    rows = _file_rows()
    assert len(rows) == N_LINKS
    assert len({r["item_id"] for r in rows}) == N_ITEMS
    report = PolicyImporter(policy_dir).run()
    assert report.counts["koppelingen met indicatoren"].created == N_LINKS
    assert Item.indicators.through.objects.count() == N_LINKS
    assert Item.objects.filter(indicators__isnull=False).distinct().count() == N_ITEMS
    assert set(
        Item.objects.get(pk="motie-36200-viii-99").indicators.values_list("key", flat=True)
    ) == {"zij_instroom.count", "zij_instroom.subsidy"}
    change = history.changes("import.links").get()
    assert len(change.detail["data"]["indicators_added"]) == N_LINKS

    again = PolicyImporter(policy_dir).run()
    assert again.counts["koppelingen met indicatoren"].created == 0
    assert again.counts["koppelingen met indicatoren"].unchanged == N_LINKS
    assert history.changes("import.links").count() == 1


def test_every_tekort_indicator_is_declared_with_a_cell():
    measured = sorted(s.key for s in INDICATORS if s.published)
    assert measured == [
        "hidden_vacancies.national",
        "registration.response_rate",
        "school_leaders.shortage.national",
        "shortage.g5.bao",
        "shortage.g5.sbo",
        "shortage.g5.vso",
        "shortage.national",
        "shortage.sector.bao",
        "shortage.sector.sbo",
        "shortage.sector.so",
        "shortage.sector.vo",
        "shortage.sector.vso",
        "substitution.open.national",
    ]


def test_a_link_staff_removed_is_not_added_again(policy, policy_dir, staff_client):
    item_id = "motie-36200-viii-99"
    response = staff_client.post(
        reverse("monitor:item-links", args=[item_id]), {"indicators": ["zij_instroom.count"]}
    )
    assert response.status_code == 302
    change = history.changes("item.links").get(object_id=item_id)
    assert change.detail["data"]["indicators_removed"] == ["zij_instroom.subsidy"]

    report = PolicyImporter(policy_dir).run()
    assert report.skipped == {"door medewerkers ontkoppeld": 1}
    assert report.counts["koppelingen met indicatoren"].unchanged == N_LINKS - 1
    assert list(Item.objects.get(pk=item_id).indicators.values_list("key", flat=True)) == [
        "zij_instroom.count"
    ]


def test_bad_rows_of_the_links_file_refuse_the_import(policy_dir, db, monkeypatch, tmp_path):
    bad = tmp_path / "item_indicators.csv"
    bad.write_text(
        "item_id,indicator_key,reason\n"
        "motie-bestaat-niet,shortage.national,Reden.\n"
        "motie-36200-viii-99,tekort.onbekend,Reden.\n"
        "motie-36200-viii-99,zij_instroom.count,\n"
        "motie-36200-viii-80,zij_instroom.count,Reden.\n"
        "motie-36200-viii-80,zij_instroom.count,Nog eens.\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(item_links, "LINKS_FILE", bad)
    with pytest.raises(ImportRejected) as rejected:
        PolicyImporter(policy_dir).run()
    assert [str(e) for e in rejected.value.errors] == [
        "regel 2: item_indicators.csv: motie 'motie-bestaat-niet' onbekend",
        "regel 3: item_indicators.csv: indicator 'tekort.onbekend' onbekend",
        "regel 4: item_indicators.csv: reden ontbreekt",
        "regel 6: item_indicators.csv: koppeling motie-36200-viii-80 – zij_instroom.count dubbel",
    ]
    assert not Item.objects.exists()


def test_nothing_published_is_said_plainly(policy, client):
    html = client.get(reverse("monitor:indicators")).content.decode()
    assert "tekort heeft nog niets gepubliceerd" in html
    assert html.count("nog geen waarde: tekort meet dit zelf; er is nog niets gepubliceerd") == 13
    item = client.get(reverse("monitor:item", args=["motie-35570-viii-165"])).content.decode()
    assert "Wat tekort zelf hierover publiceerde" in item
    assert item.count("er is nog niets gepubliceerd") == 4
    detail = client.get(reverse("monitor:indicator", args=["shortage.national"])).content.decode()
    assert "tekort heeft nog niets gepubliceerd, dus deze indicator heeft geen waarde." in detail
    data = client.get(reverse("monitor:indicators-json")).json()
    by_key = {i["key"]: i for i in data["indicators"]}
    assert by_key["registration.response_rate"]["measured_by_tekort"] is True
    assert by_key["registration.response_rate"]["published"] is None
    assert by_key["zij_instroom.count"]["measured_by_tekort"] is False


def _nl(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _national(release, measure="tekort", function="leraar"):
    return ReleaseCell.objects.get(
        release=release,
        function=function,
        breakdown="national",
        domain="national",
        measure=measure,
        is_model_based=False,
    )


def test_the_registrations_response_comes_from_the_current_releases(policy, client, estimate_runs):
    first, second = publish_both(estimate_runs)
    cell = _national(second)
    rate = round(cell.response_rate * 100)
    html = client.get(reverse("monitor:indicators")).content.decode()
    assert "tekort heeft nog niets gepubliceerd" not in html
    assert f"{rate}%: {_nl(cell.n_responding)} van {_nl(cell.n_frame)}" in html  # 5.352 van 8.630
    assert reverse("publications:release", args=[second.slug]) in html

    data = client.get(reverse("monitor:indicator-json", args=["registration.response_rate"]))
    doc = data.json()
    assert [p["release"] for p in doc["published"]] == [first.slug, second.slug]
    latest_value = doc["published"][-1]
    assert latest_value["value"] == rate
    assert latest_value["interval"] is None  # a count, not an estimate
    assert latest_value["n_frame"] == cell.n_frame
    assert latest_value["peildatum"] == second.round.peildatum.isoformat()
    assert [i["id"] for i in doc["items"]] == ["cv-2021-lerarentekortisnu", "motie-35570-viii-165"]


def test_an_item_shows_the_latest_published_value_with_its_release(policy, client, estimate_runs):
    _earlier, release = publish_both(estimate_runs)
    shortage = _national(release)
    data = client.get(reverse("monitor:item-json", args=["motie-35570-viii-165"])).json()
    published = {p["indicator"]: p for p in data["published"]}
    assert sorted(published) == [
        "hidden_vacancies.national",
        "registration.response_rate",
        "shortage.g5.bao",
        "shortage.national",
    ]
    value = published["shortage.national"]["latest"]
    assert value["release"] == release.slug
    assert value["value"] == pytest.approx(round(shortage.rate * 100, 1))
    assert value["interval"]["low"] == pytest.approx(round(shortage.ci_low * 100, 1))
    assert value["quality_class"] == (shortage.quality_class or None)
    assert value["status"] == "voorlopig" and value["demo"] is True
    assert published["shortage.national"]["reason"].startswith("De motie vraagt het actuele")

    html = client.get(reverse("monitor:item", args=["motie-35570-viii-165"])).content.decode()
    assert "Gepubliceerde waarden van de gekoppelde indicatoren" in html
    assert f"versie {release.version}</a>, voorlopig (demogegevens, geen echte cijfers)" in html
    assert "er is nog niets gepubliceerd" not in html


def test_an_unpublished_run_changes_no_value(policy, client, estimate_runs):
    earlier, latest = estimate_runs
    release = publish(earlier, note="Alleen de eerdere ronde")
    doc = client.get(reverse("monitor:indicator-json", args=["shortage.national"])).json()
    assert [p["release"] for p in doc["published"]] == [release.slug]
    assert doc["published"][0]["peildatum"] == release.round.peildatum.isoformat()
    assert latest.round.peildatum.isoformat() not in str(doc)


def test_an_indicators_page_lists_the_items_that_concern_it(policy, client):
    html = client.get(reverse("monitor:indicator", args=["onderwijsregio.count"])).content.decode()
    for item_id in (
        "motie-36200-viii-88",
        "motie-36200-viii-94",
        "motie-27923-476",
        "tz-202402-158",
        "motie-27923-468",
        "kv-2024-02-16-q13",
    ):
        assert reverse("monitor:item", args=[item_id]) in html
    assert "De toezegging belooft een evaluatie van de onderwijsregio&#x27;s." in html
    assert "nee: de waarde komt uit de brieven van het ministerie" in html
    leaders = client.get(reverse("monitor:indicator", args=["school_leaders.shortage.national"]))
    assert "Aan deze indicator is geen motie of toezegging gekoppeld." in leaders.content.decode()
    assert client.get("/beleid/indicatoren/bestaat.niet/").status_code == 404
