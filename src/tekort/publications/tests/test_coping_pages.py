"""How schools cope, published: the release page's section (chart and table), its download and
the API give the hidden shortage by emergency measure as published."""

import csv
import io

import pytest
from django.urls import reverse

from tekort.publications.models import ReleaseCell

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.real_register,  # national figures and named areas of the whole country
    pytest.mark.usefixtures("module_release"),
]


def test_the_release_shows_how_schools_cope(client, release):
    head = client.get(reverse("publications:release-json", args=[release.slug])).json()
    national = head["coping"]["national"]
    assert [c["measure"] for c in national][:2] == ["nood:ONBEVOEGD", "nood:OOP_VOOR_KLAS"]
    assert all(c["ci_low"] <= c["percentage"] <= c["ci_high"] for c in national)
    hidden = ReleaseCell.objects.get(
        release=release, function="leraar", breakdown="national", measure="verborgen"
    )
    total = sum(
        ReleaseCell.objects.get(
            release=release, function="leraar", breakdown="national", measure=c["measure"]
        ).rate
        for c in national
    )
    assert total == pytest.approx(hidden.rate, rel=1e-9)
    assert head["coping"]["po"] and head["coping"]["vo"]
    page = client.get(reverse("publications:release", args=[release.slug])).content.decode()
    assert 'id="noodmaatregelen"' in page and 'id="chart-coping-title"' in page
    assert "Onbevoegde leraar" in page  # the table beside the chart, in Dutch


def test_the_figures_by_emergency_measure_are_a_download_and_in_the_api(client, release):
    url = reverse("publications:release-coping-csv", args=[release.slug])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    assert rows and {r["maat"][:5] for r in rows} == {"nood:"}
    assert {"national", "sector_group", "onderwijsregio"} <= {r["indeling"] for r in rows}
    # withheld cells carry their symbol and no value
    withheld = [r for r in rows if "[c]" in r["symbolen"]]
    assert withheld and all(r["percentage"] == "" and r["fte"] == "" for r in withheld)
    api = client.get(
        reverse("api:release-cells", args=[release.slug]),
        {"measure": "nood:ONBEVOEGD", "breakdown": "sector_group"},
    ).json()
    assert [r["domain"] for r in api["results"]] == ["sector_group=po", "sector_group=vo"]
    codes = {i["code"] for i in client.get(reverse("api:indicators")).json()}
    assert "nood:SAMENVOEGEN" in codes
