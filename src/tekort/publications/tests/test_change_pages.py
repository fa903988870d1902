"""Change over time (issue 23, part 5): a release compared with the same peildatum a year earlier.

Two demo October rounds a year apart are estimated (20 bootstrap replicates) and published once
for the module; the later release's comparison is frozen at publication and shown on its page,
JSON and CSV. Print the national, po and vo differences with ``-s``.
"""

import csv
import io

import pytest
from django.urls import reverse

from tekort.conftest import module_transaction
from tekort.publications import changes
from tekort.publications.models import Release, ReleaseCell, ReleaseChange
from tekort.tests.small_register import narrow_register

BREAKDOWNS = ("sector", "sector_group", "g5", "onderwijsregio:sector_group")
PRINTED = ("national", "sector_group=po", "sector_group=vo")


@pytest.fixture(scope="module")
def year_pair(django_db_setup, django_db_blocker):
    from tekort.estimates.run import run_estimates
    from tekort.publications.publishing import publish
    from tekort.submissions import demo
    from tekort.submissions.models import Round

    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            narrow_register()
            demo.generate(seed=11)
            octobers = list(Round.objects.filter(peildatum__month=10).order_by("peildatum"))
            earlier_round, later_round = octobers[-2], octobers[-1]
            # a few breakdowns keep the module fast; the small onderwijsregio x po / vo cells
            # include suppressed ones
            kw = {"seed": 1, "n_bootstrap": 20, "breakdowns": BREAKDOWNS}
            earlier = publish(run_estimates(earlier_round, **kw))
            later = publish(run_estimates(later_round, **kw))
            pks = (earlier.pk, later.pk)
        yield pks


@pytest.fixture
def pair(db, year_pair):
    return [Release.objects.select_related("round").get(pk=pk) for pk in year_pair]


def _by_domain(rows):
    return {r["domain"]: r for r in rows}


def test_the_change_is_frozen_at_publication_with_disclosure(pair):
    earlier, later = pair
    change = ReleaseChange.objects.get(release=later)
    assert change.earlier_release == earlier
    assert later.round.peildatum.replace(year=later.round.peildatum.year - 1) == (
        earlier.round.peildatum
    )
    assert not ReleaseChange.objects.filter(release=earlier).exists()  # nothing a year before it
    rows = _by_domain(change.rows)
    nat = rows["national"]
    for domain in PRINTED:
        r = rows[domain]
        print(
            f"\n{domain}: {r['rate_earlier_pct']:.2f} -> {r['rate_later_pct']:.2f} %, "
            f"verschil {r['difference_pp']:+.2f} pp "
            f"(95% {r['ci_low_pp']:+.2f} .. {r['ci_high_pp']:+.2f}), "
            f"beide keren {r['n_both']}, {r['verdict']}"
        )
    assert nat["ci_low_pp"] < nat["difference_pp"] < nat["ci_high_pp"]
    assert nat["difference_pp"] == pytest.approx(
        nat["rate_later_pct"] - nat["rate_earlier_pct"], abs=1e-5
    )
    assert 0 < nat["n_both"] <= change.n_both
    # the later rate is the release's own figure (the same frame and estimator)
    cell = ReleaseCell.objects.get(
        release=later,
        function="leraar",
        breakdown="national",
        measure="tekort",
        is_model_based=False,
    )
    assert nat["rate_later_pct"] == pytest.approx(100 * cell.rate, abs=1e-5)
    # a difference is shown only where both releases show the cell
    shown = {
        rel.pk: {
            (c.breakdown, c.domain): c.rate is not None
            for c in ReleaseCell.objects.filter(
                release=rel, function="leraar", measure="tekort", is_model_based=False
            )
        }
        for rel in pair
    }
    withheld = 0
    for row in change.rows:
        key = (row["breakdown"], row["domain"])
        both = shown[later.pk][key] and shown[earlier.pk].get(key, False)
        assert ("difference_pp" in row) == both, row
        if not both:
            withheld += 1
            assert row["symbol"] in {"c", "x"} and set(row) == {"breakdown", "domain", "symbol"}
    assert withheld > 0  # the rule was exercised


def test_page_json_and_csv_show_the_difference_with_its_interval(client, pair):
    earlier, later = pair
    change = ReleaseChange.objects.get(release=later)
    nat = _by_domain(change.rows)["national"]
    page = client.get(reverse("publications:release-change", args=[later.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Verschil met 1 oktober" in html
    assert "die beide keren antwoordden" in html
    diff = f"{nat['difference_pp']:.2f}".replace(".", ",")
    low = f"{nat['ci_low_pp']:.2f}".replace(".", ",")
    assert diff in html and low in html
    # reachable from the release page
    release_page = client.get(reverse("publications:release", args=[later.slug])).content.decode()
    assert reverse("publications:release-change", args=[later.slug]) in release_page

    data = client.get(reverse("publications:release-change-json", args=[later.slug])).json()
    assert data["earlier_release"]["slug"] == earlier.slug
    row = _by_domain(data["rows"])["national"]
    assert row["difference"] == pytest.approx(nat["difference_pp"], abs=0.005)
    assert row["difference_ci_low"] == pytest.approx(nat["ci_low_pp"], abs=0.005)
    assert row["difference_ci_high"] == pytest.approx(nat["ci_high_pp"], abs=0.005)
    assert row["n_both"] == nat["n_both"] and row["verdict"] == nat["verdict"]

    response = client.get(reverse("publications:release-change-csv", args=[later.slug]))
    assert response["Content-Type"].startswith("text/csv")
    reader = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"verschil_procentpunt", "verschil_ondergrens", "scholen_beide_keren", "oordeel"} <= (
        set(reader[0])
    )
    national = next(r for r in reader if r["domein"] == "national")
    assert float(national["verschil_procentpunt"]) == row["difference"]
    assert float(national["verschil_ondergrens"]) == row["difference_ci_low"]
    assert national["peildatum_jaar_eerder"] == earlier.round.peildatum.isoformat()
    assert national["demo"] == "ja"


def test_an_unpublished_round_is_never_used(client, pair):
    earlier, later = pair
    Release.objects.filter(pk=earlier.pk).update(published_at=None)
    assert changes.earlier_release(later) is None
    assert changes.store_change(later) is None
    # the stored comparison against it is no longer shown
    data = client.get(reverse("publications:release-change-json", args=[later.slug])).json()
    assert data["earlier_release"] is None and data["rows"] == []
    html = client.get(reverse("publications:release-change", args=[later.slug])).content.decode()
    assert "Verschil met" not in html
    # the earlier round's own page is gone from the public road
    gone = client.get(reverse("publications:release-change", args=[earlier.slug]))
    assert gone.status_code == 404
