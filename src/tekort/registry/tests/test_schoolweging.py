"""One schoolweging band: the location page gives each location the band the estimator gives it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tekort.estimates.frames import build_inputs
from tekort.registry import schoolweging
from tekort.registry.models import Location, Sector
from tekort.submissions.models import Round

pytestmark = pytest.mark.django_db


def estimator_bands():
    """The band of every location in the frame of a round over all sectors."""
    round_ = Round.objects.create(
        peildatum=datetime.date(2031, 1, 31),
        opens_on=datetime.date(2031, 1, 1),
        closes_on=datetime.date(2031, 2, 28),
        sectors=list(Sector.values),
    )
    frame, _ = build_inputs(round_)
    return dict(zip(frame["location_id"], frame["schoolweging_band"], strict=True))


def page_band(client, code):
    html = client.get(reverse("registry:location", args=[code])).content.decode()
    return html.split('id="schoolweging-band" data-band="', 1)[1].split('"', 1)[0], html


def cbs_bao():
    return Location.objects.filter(
        sector=Sector.BAO, schoolweging__isnull=False, schoolweging_is_demo=False
    )


def neighbours(cut):
    """The bao CBS locations just below and just at-or-above a cut point."""
    below = cbs_bao().filter(schoolweging__lt=cut).order_by("-schoolweging", "code").first()
    above = cbs_bao().filter(schoolweging__gte=cut).order_by("schoolweging", "code").first()
    return below, above


def test_locations_either_side_of_each_tertile_get_the_estimators_band(client):
    frame_bands = estimator_bands()
    cuts = schoolweging.national_cut_points()
    assert cuts.low < cuts.high
    expected = {}
    for cut, band_below, band_above in ((cuts.low, "low", "middle"), (cuts.high, "middle", "high")):
        below, above = neighbours(cut)
        assert float(below.schoolweging) < cut <= float(above.schoolweging)
        expected[below.code], expected[above.code] = band_below, band_above
    for code, band in expected.items():
        assert frame_bands[code] == band
        assert page_band(client, code)[0] == band


def test_the_cut_points_are_the_tertiles_of_the_bao_cbs_values():
    values = sorted(float(v) for v in cbs_bao().values_list("schoolweging", flat=True))
    cuts = schoolweging.national_cut_points()
    share_low = sum(v < cuts.low for v in values) / len(values)
    share_high = sum(v >= cuts.high for v in values) / len(values)
    assert abs(share_low - 1 / 3) < 0.01 and abs(share_high - 1 / 3) < 0.01


def test_the_page_shows_the_cut_points_and_the_label(client):
    cuts = schoolweging.national_cut_points()
    below, _ = neighbours(cuts.low)
    band, html = page_band(client, below.code)
    assert band == "low"
    assert ">laag</dd>" in html
    for cut in (cuts.low, cuts.high):
        assert f"{cut:.2f}".replace(".", ",") in html
    assert "28-32" not in html


def test_a_demo_value_or_no_value_is_unknown_on_the_page_and_none_in_the_frame(client):
    demo, missing = Location.objects.filter(sector=Sector.VO)[:2]
    demo.schoolweging, demo.schoolweging_is_demo = Decimal("35.00"), True
    demo.save()
    missing.schoolweging, missing.schoolweging_is_demo = None, False
    missing.save()
    frame_bands = estimator_bands()
    for location in (demo, missing):
        assert frame_bands[location.code] == "none"
        band, html = page_band(client, location.code)
        assert band == "none" and ">onbekend</dd>" in html
    assert "demowaarde" in page_band(client, demo.code)[1]


def test_bands_place_a_value_at_a_cut_point_in_the_upper_band():
    cuts = schoolweging.tertile_cut_points([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert cuts == schoolweging.CutPoints(4.0, 7.0)
    values = [3.99, 4, 6.99, 7, 50, 1]
    is_cbs = [True, True, True, True, True, False]
    assert list(schoolweging.bands(values, is_cbs, cuts)) == [
        "low",
        "middle",
        "middle",
        "high",
        "high",
        "none",
    ]
    assert schoolweging.band(Decimal("3.99"), True, cuts) == "low"
    assert schoolweging.band(None, True, cuts) == "none"


def test_the_cut_points_follow_the_register_at_once():
    before = schoolweging.national_cut_points()
    cbs_bao().filter(schoolweging__lt=before.high).update(schoolweging=Decimal("99"))
    after = schoolweging.national_cut_points()  # no per-process lifetime to wait for
    assert after != before
    assert after == schoolweging.tertile_cut_points(
        [float(v) for v in cbs_bao().values_list("schoolweging", flat=True)]
    )
