"""The vo frame is sized from DUO's official pupil counts (and the locations' own formatie), never
from a constant, and the national vo formatie it implies stays near the official total."""

import pytest

from tekort.estimates.frames import build_inputs, frame_formation, pupil_counts_for
from tekort.estimates.run import run_estimates
from tekort.estimates.tests.cells import teachers_shortage
from tekort.registry.models import Location, PupilCount, Sector
from tekort.registry.staffing import PUPILS_PER_FTE
from tekort.submissions.models import Registration

# national totals: the whole register (tier 3)
pytestmark = pytest.mark.real_register

# Official vo teacher FTE: 59.9 thousand FTE "onderwijsgevend personeel" on 1 Oct 2019 (OCW in
# cijfers, data DUO; ../shared/data/labour/vo_personen_en_fte_naar_functie_2019_ocwincijfers.csv,
# methods.md §4.4 [S31]). That counts the filled posts; the formatie also holds the unfilled ones
# (vo ≈ 5 % of the werkgelegenheid, methods.md §1.10), so the official werkgelegenheid is about
# 59,900 / 0.95 ≈ 63,050 FTE. The implied formatie must lie within 15 % of it: pupils fell about
# 5 % since 2019, and the pupils-per-FTE ratio (registry.staffing) is a national rule of thumb.
OFFICIAL_VO_TEACHER_FTE_2019 = 59_900
VO_SHORTAGE_SHARE = 0.05
BAND = 0.15


def test_the_nearest_count_before_the_peildatum_else_the_sectors_first_count():
    counts = [
        ("AA0100", "bao", 2022, 200),
        ("AA0100", "bao", 2024, 210),
        ("AA0200", "bao", 2025, 90),  # a po school counted only later: none in 2024
        ("BB0100", "vo", 2025, 1400),  # vo counts start in 2025: an earlier round takes it
        ("BB0100", "vo", 2026, 1300),
    ]
    assert pupil_counts_for(counts, 2024) == {"AA0100": 210, "BB0100": 1400}
    assert pupil_counts_for(counts, 2023) == {"AA0100": 200, "BB0100": 1400}
    assert pupil_counts_for(counts, 2026) == {"AA0100": 210, "AA0200": 90, "BB0100": 1300}


def test_a_locations_formatie_own_first_then_duo_never_a_constant():
    assert frame_formation(12.5, 30.0, 1400, Sector.VO) == 12.5
    assert frame_formation(None, 30.0, 1400, Sector.VO) == 30.0
    assert frame_formation(None, None, 1400, Sector.VO) == 1400 / PUPILS_PER_FTE[Sector.VO]
    assert frame_formation(None, None, 3, Sector.VO) == 1.0  # a handful of pupils: one teacher
    assert frame_formation(None, None, None, Sector.VO) is None  # not in the frame


@pytest.mark.django_db
def test_every_vo_location_in_the_frame_is_sized_by_its_pupils_or_its_own_formatie(latest_round):
    frame, responses = build_inputs(latest_round)
    vo = frame[frame["sector"] == "vo"].set_index("location_id")["formation_fte"]
    assert len(vo) > 1000
    pupils = dict(
        PupilCount.objects.filter(location__sector=Sector.VO, pupils__isnull=False).values_list(
            "location_id", "pupils"
        )
    )
    reported = responses.set_index("location_id")["formatie_fte"]
    earlier = dict(
        Registration.objects.filter(round__peildatum__lt=latest_round.peildatum)
        .order_by("round__peildatum")
        .values_list("location_id", "formatie")
    )
    by_pupils = 0
    for code, fte in vo.items():
        if code in reported.index:
            assert fte == reported[code]
        elif code in earlier:
            assert fte == float(earlier[code])
        else:
            assert fte == max(pupils[code] / PUPILS_PER_FTE[Sector.VO], 1.0)
            by_pupils += 1
    assert by_pupils > 0
    uncounted = set(
        Location.objects.filter(sector=Sector.VO)
        .exclude(code__in=pupils)
        .exclude(registrations__isnull=False)
        .values_list("code", flat=True)
    )
    assert uncounted and not uncounted & set(vo.index)


@pytest.mark.django_db
def test_the_implied_national_vo_formatie_is_near_the_official_total(latest_round):
    run = run_estimates(latest_round, seed=5, n_bootstrap=0)
    vo = teachers_shortage(run.cells, "sector", "sector=vo", is_model_based=False)
    implied = vo.fte / vo.rate
    official = OFFICIAL_VO_TEACHER_FTE_2019 / (1 - VO_SHORTAGE_SHARE)
    assert (1 - BAND) * official < implied < (1 + BAND) * official
