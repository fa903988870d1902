"""The demo generator: seeded, calibrated to the published figures, and only for an empty database."""

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db.models import F, Sum
from scipy import stats

from tekort.conftest import module_transaction
from tekort.registry import vo_subjects
from tekort.registry.models import Location
from tekort.submissions import demo, validation
from tekort.submissions.figures import Figures
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort.submissions.questions import CELLS
from tekort.submissions.subject_answers import PER_SUBJECT, TOTAL_ONLY

pytestmark = pytest.mark.django_db

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
