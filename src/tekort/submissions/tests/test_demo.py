"""The demo generator: seeded, calibrated to the published figures, and only for an empty database."""

import statistics
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from django.db.models import F, Sum
from scipy import stats

from tekort.conftest import module_transaction
from tekort.registry import published_measurements, vo_subjects
from tekort.registry.models import Location
from tekort.submissions import demo, validation
from tekort.submissions.figures import Figures
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort.submissions.questions import CELLS
from tekort.submissions.subject_answers import PER_SUBJECT, TOTAL_ONLY

# calibrated to the published figures of the whole country: the whole register (tier 3)
pytestmark = [pytest.mark.django_db, pytest.mark.real_register]

SHORTAGE = (
    F("regulier_openstaand")
    + F("regulier_verborgen")
    + F("vervanging_openstaand")
    + F("vervanging_verborgen")
)


def rate(queryset) -> float:
    totals = queryset.aggregate(shortage=Sum(SHORTAGE), formatie=Sum("formatie"))
    return float(totals["shortage"] / totals["formatie"])


@pytest.fixture(scope="module")
def generated_once(django_db_setup, django_db_blocker):
    """The demo (seed 7), generated once for the module."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            summary = demo.generate(seed=7)
        yield summary


@pytest.fixture
def generated(generated_once, db):
    return generated_once


def test_demo_fills_six_peildata_with_partial_response(generated):
    assert generated.rounds == 6
    assert [r.peildatum.month for r in Round.objects.all()] == [2, 10] * 3
    share = generated.registrations / (Location.objects.count() * 6)
    assert 0.55 < share < 0.75  # G5 answer almost all, elsewhere about 57 %


def test_demo_reproduces_the_published_pattern(generated):
    po = Registration.objects.exclude(location__sector="vo")
    october_2023 = po.filter(round__peildatum="2023-10-01")
    october_2024 = po.filter(round__peildatum="2024-10-01")
    assert 0.08 < rate(october_2023) < 0.115
    assert rate(october_2024) < rate(october_2023)
    g5 = october_2023.filter(location__municipality__is_g5=True)
    rest = october_2023.filter(location__municipality__is_g5=False)
    assert rate(g5) > 1.4 * rate(rest)
    high = october_2023.filter(location__schoolweging__gte=32)
    low = october_2023.filter(location__schoolweging__lt=28)
    assert rate(high) > 1.3 * rate(low)
    assert rate(po.filter(round__peildatum="2024-02-01")) > rate(october_2024)


def test_demo_respects_the_definitions(generated):
    for registration in Registration.objects.all()[:2000]:
        assert registration.formatie >= Decimal("1.00")
        assert Decimal(0) <= registration.shortage <= registration.formatie
    g5 = Registration.objects.filter(location__municipality__is_g5=True)
    hidden = g5.aggregate(h=Sum(F("regulier_verborgen") + F("vervanging_verborgen")))["h"]
    assert hidden / g5.aggregate(s=Sum(SHORTAGE))["s"] > Decimal("0.6")


def test_demo_large_locations_rarely_have_no_shortage(generated):
    """No shortage at all is common at a small school, rare at a large one (ZERO_SHORTAGE per
    ZERO_REFERENCE_FTE), so that a region's few large vo schools do not swing its rate."""
    october = Registration.objects.filter(round__peildatum="2023-10-01").annotate(s=SHORTAGE)

    def share_none(queryset) -> float:
        return queryset.filter(s=0).count() / queryset.count()

    assert share_none(october.filter(formatie__lt=8)) > 0.4
    assert share_none(october.filter(formatie__gte=40)) < 0.1


def test_demo_marks_schoolweging_it_made_up(generated):
    made_up = Location.objects.filter(schoolweging_is_demo=True)
    assert made_up.count() == generated.schoolweging_filled > 0
    assert not made_up.filter(schoolweging_year__isnull=False).exists()
    assert not Location.objects.filter(schoolweging__isnull=True).exists()


def test_same_seed_same_data(generated):
    values = list(
        Registration.objects.order_by("round__peildatum", "location").values_list(
            "formatie", "regulier_verborgen", "subject_answer", "subjects"
        )
    )
    Registration.objects.all().delete()
    SchoolLeaderRegistration.objects.all().delete()
    Round.objects.all().delete()
    Location.objects.filter(schoolweging_is_demo=True).update(
        schoolweging=None, schoolweging_is_demo=False
    )
    second = demo.generate(seed=7)
    assert generated == second
    again = list(
        Registration.objects.order_by("round__peildatum", "location").values_list(
            "formatie", "regulier_verborgen", "subject_answer", "subjects"
        )
    )
    assert again == values


def test_demo_refuses_a_database_with_registrations(generated):
    with pytest.raises(RuntimeError, match="lege database"):
        demo.generate(seed=7)


def test_demo_school_leaders_per_board_near_the_published_13_percent(generated):
    assert generated.school_leader_registrations == SchoolLeaderRegistration.objects.count() > 0
    for round_ in Round.objects.all():
        leaders = SchoolLeaderRegistration.objects.filter(round=round_)
        # all boards are calibrated to ≈ 13 % (12.9 % in 2021, 13.6 % in 2022: methods.md §1.10);
        # the respondents lean a little to the G5, where the shortage is higher
        assert 0.12 < rate(leaders) < 0.145
        boards = leaders.values("board").distinct().count()
        assert boards == leaders.count()  # one per board per round
        assert all(r.regulier_openstaand + r.regulier_verborgen <= r.formatie for r in leaders)


def test_every_demo_registration_passes_the_forms_hard_rules(generated):
    """The form's own validation (the same for the form, the board upload and the API) over
    every demo registration: no hard error, the split of hidden FTE by emergency measure and
    the figures per subject (issue 20) included."""
    sectors = dict(Location.objects.values_list("code", "sector"))
    codes = {r.pk: vo_subjects.codes_on(r.peildatum) for r in Round.objects.all()}
    errors, split, hidden, per_subject = Counter(), 0, 0, 0
    for registration in Registration.objects.all().iterator(chunk_size=4000):
        figures = Figures.from_registration(registration)
        sector = sectors[registration.location_id]
        context = validation.Context(
            sector=sector, subject_codes=codes[registration.round_id] if sector == "vo" else ()
        )
        errors.update(issue.code for issue in validation.errors(figures, context))
        hidden += bool(registration.regulier_verborgen or registration.vervanging_verborgen)
        split += bool(figures.hidden_measures)
        per_subject += bool(figures.subjects)
    assert errors == Counter()
    assert split == hidden > 10000  # every registration with hidden FTE says how it is filled
    assert per_subject > 2000  # the checks of the subjects ran on the demo's own subjects
    vo = Registration.objects.filter(location__sector="vo", hidden_measures__has_key="regulier")
    assert any("LESUITVAL" in r.hidden_measures["regulier"] for r in vo[:200])


def vo_answers(round_filter: dict) -> dict[str, str]:
    return dict(
        Registration.objects.filter(location__sector="vo", **round_filter).values_list(
            "location", "subject_answer"
        )
    )


def test_demo_vo_answers_per_subject_where_the_round_asks_it(generated):
    """Subjects in vo only, and only in rounds with a subject list (from 2023-08-01)."""
    asked = [r for r in Round.objects.all() if vo_subjects.codes_on(r.peildatum)]
    assert [str(r.peildatum) for r in Round.objects.exclude(pk__in=[r.pk for r in asked])] == [
        "2023-02-01"
    ]
    assert set(vo_answers({"round__peildatum": "2023-02-01"}).values()) == {""}
    for round_ in asked:
        assert set(vo_answers({"round": round_}).values()) == {PER_SUBJECT, TOTAL_ONLY}
    other = Registration.objects.exclude(location__sector="vo")
    assert not other.exclude(subject_answer="").exists()
    assert not other.exclude(subjects={}).exists()
    assert not Registration.objects.filter(subject_answer=TOTAL_ONLY).exclude(subjects={}).exists()
    assert not Registration.objects.filter(subject_answer=PER_SUBJECT, subjects={}).exists()


def test_demo_total_only_share_as_configured_and_larger_at_small_locations(generated):
    vo = Registration.objects.filter(location__sector="vo").exclude(subject_answer="")
    small = vo.filter(formatie__lt=demo.SMALL_VO_FORMATIE)
    rest = vo.filter(formatie__gte=demo.SMALL_VO_FORMATIE)

    def share(queryset) -> float:
        return queryset.filter(subject_answer=TOTAL_ONLY).count() / queryset.count()

    configured = (
        small.count() * demo.TOTAL_ONLY_SHARE["small"]
        + rest.count() * demo.TOTAL_ONLY_SHARE["rest"]
    ) / vo.count()
    assert 0.25 < configured < 0.35  # about 30 %
    assert abs(share(vo) - configured) < 0.04
    assert share(small) > share(rest) + 0.1
    # mostly the same locations give the total only, round after round
    before = vo_answers({"round__peildatum": "2023-10-01"})
    after = vo_answers({"round__peildatum": "2024-10-01"})
    both = before.keys() & after.keys()
    again = [after[c] == TOTAL_ONLY for c in both if before[c] == TOTAL_ONLY]
    newly = [after[c] == TOTAL_ONLY for c in both if before[c] == PER_SUBJECT]
    assert sum(again) / len(again) > sum(newly) / len(newly) + 0.2


def subject_rates(queryset) -> dict[str, float]:
    """The simple national rate per subject: the shortage over the formatie of the locations
    that answered per subject."""
    shortage, formatie = defaultdict(Decimal), defaultdict(Decimal)
    for subjects in queryset.filter(subject_answer=PER_SUBJECT).values_list("subjects", flat=True):
        for code, values in subjects.items():
            formatie[code] += Decimal(values["formatie"])
            shortage[code] += sum(Decimal(values[name]) for name in CELLS)
    return {code: float(shortage[code] / formatie[code]) for code in formatie}


def test_demo_subjects_follow_the_published_order_of_tekortvakken(generated):
    rates = subject_rates(Registration.objects.filter(round__peildatum="2023-10-01"))
    assert set(rates) == set(demo.SUBJECT_RATE)
    codes = sorted(rates)
    rho = stats.spearmanr([rates[c] for c in codes], [demo.SUBJECT_RATE[c] for c in codes])
    assert rho.statistic > 0.8
    ranked = sorted(rates, key=rates.get, reverse=True)
    assert {"TE", "IN", "NE", "BVMBO", "NASK"} <= set(ranked[:7])
    assert "GS" in ranked[-3:]
    # the largest subjects by formatie are the ones with most lessons
    formatie = Counter()
    per_subject = Registration.objects.filter(
        round__peildatum="2023-10-01", subject_answer=PER_SUBJECT
    )
    for subjects in per_subject.values_list("subjects", flat=True):
        formatie.update({code: float(v["formatie"]) for code, v in subjects.items()})
    assert {code for code, _ in formatie.most_common(3)} == {"NE", "WI", "EN"}


# Reality beside the demo (issue 23): calibrated to the published figures of 1 October 2023.


def published_region_rates() -> dict[tuple[str, str], float]:
    """The published rate (%) per sector group and arbeidsmarktregio, like for like only: the
    regions the published tables do not split a G5 city off."""
    return {
        (m.sector, m.area_code): m.value
        for m in published_measurements.per_labour_market_region()
        if m.area_code.startswith("AM") and "zonder G5" not in m.area
    }


def demo_region_rates(peildatum: str) -> dict[tuple[str, str], float]:
    """The demo's simple rate (%) per sector group and arbeidsmarktregio: the respondents'
    shortage over their formatie."""
    shortage, formatie = defaultdict(Decimal), defaultdict(Decimal)
    rows = (
        Registration.objects.filter(round__peildatum=peildatum)
        .values_list("location__sector", "location__municipality__labour_market_region")
        .annotate(shortage=Sum(SHORTAGE), formatie=Sum("formatie"))
    )
    for sector, region, s, f in rows:
        key = ("vo" if sector == "vo" else "po", region)
        shortage[key] += s
        formatie[key] += f
    return {key: float(100 * shortage[key] / formatie[key]) for key in formatie}


@pytest.mark.parametrize("peildatum", ["2023-10-01", "2025-10-01"])
def test_demo_per_region_rates_follow_the_published_ones(generated, peildatum):
    """The October 2023 round and the latest one: each region's po and vo rate correlates with
    the published rate of October 2023 (the regions keep their published order over the rounds)."""
    published, demo_rates = published_region_rates(), demo_region_rates(peildatum)
    for sector in ("po", "vo"):
        keys = [k for k in published if k[0] == sector and k in demo_rates]
        assert len(keys) >= 25
        r = statistics.correlation([published[k] for k in keys], [demo_rates[k] for k in keys])
        assert r > 0.8, (sector, r)


def test_demo_national_po_and_vo_near_the_published_october_2023(generated):
    published = {
        m.sector: m.value
        for m in published_measurements.national()
        if (m.peildatum, m.area, m.group, m.measure)
        == ("2023-10-01", "Nederland", "leraren", "pct")
    }
    assert published.keys() >= {"po", "vo"}  # 9.7 % and 5.8 %
    october = Registration.objects.filter(round__peildatum="2023-10-01")
    assert abs(100 * rate(october.exclude(location__sector="vo")) - published["po"]) < 1
    assert abs(100 * rate(october.filter(location__sector="vo")) - published["vo"]) < 1


def test_demo_g5_cities_near_their_published_po_rates(generated):
    """The published tables split the G5 cities off their regions: each city's own po rate of
    October 2023 (Almere 23.8 % down to Utrecht 9.0 %) is the demo's target there."""
    published = {
        m.area_code: m.value
        for m in published_measurements.per_labour_market_region()
        if m.sector == "po" and m.area_code.startswith("GM")
    }
    assert len(published) == 5
    po = Registration.objects.filter(round__peildatum="2023-10-01").exclude(location__sector="vo")
    demo_rates = {code: 100 * rate(po.filter(location__municipality=code)) for code in published}
    for code, value in published.items():
        assert abs(demo_rates[code] - value) < 0.3 * value, (code, demo_rates[code], value)
    ranked = sorted(published, key=published.get)
    assert min(ranked, key=demo_rates.get) == ranked[0]  # Utrecht lowest, as published


def test_calibration_levels_per_round():
    calibration = demo.published_calibration()
    assert calibration.national == pytest.approx({"po": 0.097, "vo": 0.058})
    assert calibration.rounds[date(2023, 10, 1)] == calibration.national
    # Oct 2024: no published rate, the published FTE (po 7,700 against 9,800; vo 3,800 both)
    assert calibration.rounds[date(2024, 10, 1)]["po"] == pytest.approx(0.097 * 7700 / 9800)
    assert calibration.rounds[date(2024, 10, 1)]["vo"] == pytest.approx(0.058)
    # February rounds: TARGET_RATE's seasonal pattern scaled to the published October level
    feb = calibration.rounds[date(2024, 2, 1)]
    assert feb["vo"] == pytest.approx(demo.TARGET_RATE[date(2024, 2, 1)]["vo"] * 0.058 / 0.050)
    assert feb["po"] > calibration.rounds[date(2024, 10, 1)]["po"]
    assert calibration.areas["po", "GM0034"] == pytest.approx(0.238)  # Almere
    assert calibration.areas["vo", "AM09"] == pytest.approx(0.13)  # Achterhoek


def test_without_the_published_folder_the_demo_keeps_its_own_targets(settings, tmp_path):
    settings.TEKORT_DATA_DIR = str(tmp_path)
    assert demo.published_calibration() is None
    is_g5 = np.array([True, False])
    schoolweging = np.array([32.0, 30.0])
    args = (np.array([False, True]), ["AM18", "AM01"], ["GM0363", "GM0014"], is_g5, schoolweging)
    relative = demo._relative_rate(None, *args, np.ones(2))
    assert relative.tolist() == pytest.approx([demo.G5_FACTOR * np.exp(0.16), 1.0])


def test_relative_rate_keeps_each_area_at_its_published_rate():
    calibration = demo.Calibration(
        areas={("po", "AM01"): 0.035, ("po", "GM0363"): 0.187, ("vo", "AM01"): 0.039},
        national={"po": 0.097, "vo": 0.058},
        rounds={},
    )
    is_vo = np.array([False, False, False, True, False, True])
    region = ["AM01", "AM01", "AM18", "AM01", "AM99", None]
    municipality = ["GM0014", "GM0014", "GM0363", "GM0014", "GM9999", "GM9998"]
    is_g5 = np.array([False, False, True, False, False, False])
    schoolweging = np.array([26.0, 34.0, 30.0, 31.0, 30.0, 30.0])
    weight = np.array([10.0, 30.0, 5.0, 50.0, 1.0, 1.0])
    relative = demo._relative_rate(
        calibration, is_vo, region, municipality, is_g5, schoolweging, weight
    )
    # within AM01's po the higher schoolweging has the higher rate, the mean the published one
    assert relative[1] > relative[0]
    assert np.average(relative[:2], weights=weight[:2]) == pytest.approx(0.035)
    assert relative[2] == pytest.approx(0.187)  # Amsterdam: the city's own rate
    assert relative[3] == pytest.approx(0.039)  # vo in AM01
    assert relative[4:].tolist() == pytest.approx([0.097, 0.058])  # no figure: national
