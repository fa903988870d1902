"""The vo shortage per subject (issue 20): a run estimates it from the registrations that answered
per subject, treats "total only" as item non-response, stores it as breakdowns ``vak`` and
``vak:onderwijsregio``, and leaves rounds without subject answers as they were."""

from decimal import ROUND_DOWN, Decimal

import numpy as np
import pandas as pd
import pytest

import tekort_stats
from tekort.estimates.frames import build_inputs, build_subject_inputs, fingerprint
from tekort.estimates.models import EstimateCell
from tekort.estimates.run import compute, run_estimates
from tekort.registry.vo_subjects import codes_on
from tekort.submissions.models import Registration, Round

pytestmark = pytest.mark.django_db
CELLS = (
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
)
SUBJECTS = ("WI", "NE", "EN")  # and OV for the rest


def _split(value: Decimal, shares) -> list[Decimal]:
    """``value`` over the shares in whole cents rounded down, the rest in the last part: every
    part is at least 0 and they add up exactly."""
    parts = [(value * Decimal(str(s))).quantize(Decimal("0.01"), ROUND_DOWN) for s in shares]
    return [*parts, value - sum(parts)]


def answer_per_subject(round_, seed=1):
    """Give most submitted vo registrations of the round figures per subject (adding up to their
    own), some "total only", the rest nothing. Returns the per-subject and total-only codes."""
    rng = np.random.default_rng(seed)
    regs = list(
        Registration.objects.filter(
            round=round_, submitted_at__isnull=False, location__sector="vo"
        ).order_by("location_id")
    )
    assert len(regs) > 50  # the small register has about 90
    per_vak, totaal = [], []
    for reg in regs:
        kind = rng.choice(["per_vak", "totaal", ""], p=[0.6, 0.25, 0.15])
        if kind == "per_vak":
            shares = rng.dirichlet(np.ones(len(SUBJECTS) + 1))[:-1].round(3)
            figures = {cell: _split(getattr(reg, cell), shares) for cell in CELLS}
            # the formatie a subject's regular vacancies leave, split alike: every subject's
            # formatie holds its regular vacancies
            filled = _split(reg.formatie - reg.regulier_openstaand - reg.regulier_verborgen, shares)
            figures["formatie"] = [
                a + b + c
                for a, b, c in zip(
                    filled,
                    figures["regulier_openstaand"],
                    figures["regulier_verborgen"],
                    strict=True,
                )
            ]
            reg.subjects = {
                code: {k: f"{v[i]:.2f}" for k, v in figures.items()}
                for i, code in enumerate([*SUBJECTS, "OV"])
            }
            per_vak.append(reg.location_id)
        else:
            reg.subjects = {}
            if kind == "totaal":
                totaal.append(reg.location_id)
        reg.subject_answer = kind
    Registration.objects.bulk_update(regs, ["subject_answer", "subjects"])
    return per_vak, totaal


def test_a_run_stores_the_shortage_per_subject(latest_round):
    per_vak, totaal = answer_per_subject(latest_round)
    answers, rows, codes = build_subject_inputs(latest_round)
    assert set(rows["location_id"]) == set(per_vak)  # total only and no answer: no rows
    assert set(answers.loc[answers["subject_answer"] == "totaal", "location_id"]) == set(totaal)
    assert codes[: len(codes_on(latest_round.peildatum))] == list(codes_on(latest_round.peildatum))
    # the rows are the registrations' figures: per location they add up to its own
    regs = Registration.objects.filter(round=latest_round, location_id__in=per_vak)
    sums = rows.groupby("location_id")["formatie_fte"].sum()
    for reg in regs[:20]:
        assert sums[reg.location_id] == pytest.approx(float(reg.formatie), abs=1e-9)

    run = run_estimates(latest_round, seed=5, n_bootstrap=0)
    cells = EstimateCell.objects.filter(run=run, breakdown__in=["vak", "vak:onderwijsregio"])
    assert set(cells.values_list("function", flat=True)) == {"leraar"}
    national = {
        c.domain: c for c in cells.filter(breakdown="vak", measure="tekort", is_model_based=False)
    }
    assert set(national) == {f"vak={c}" for c in (*SUBJECTS, "OV")}
    frame, _responses = build_inputs(latest_round)
    in_frame = set(frame["location_id"])
    for cell in national.values():
        # the sample is the locations that answered per subject, not the total-only ones
        assert cell.n_responding == len(set(per_vak) & in_frame)
        assert cell.n_frame == int((frame["sector"] == "vo").sum())
        assert cell.ci_low < cell.rate < cell.ci_high
    regions = cells.filter(breakdown="vak:onderwijsregio", measure="tekort")
    assert regions.filter(domain__startswith="vak=WI|onderwijsregio=").count() == len(
        set(frame.loc[frame["sector"] == "vo", "onderwijsregio"])
    )
    # the subjects add up to the per-subject respondents' shortage, as estimate_round weighs it
    # on the vo frame with those respondents alone (the item non-respondents re-weighted away)
    vo = frame[frame["sector"] == "vo"]
    own = _responses[_responses["location_id"].isin(per_vak)]
    direct = tekort_stats.estimate_round(vo, own, [], rng=np.random.default_rng(0), n_bootstrap=0)
    total = direct.cells.query("breakdown == 'national' and measure == 'tekort'").iloc[0]
    assert sum(c.fte for c in national.values()) == pytest.approx(total.fte, rel=1e-9)
    # ... and that is not the estimate with the total-only locations as zeros
    assert total.n_responding == national["vak=WI"].n_responding
    # disclosure: a region with a published vo shortage never has exactly one subject withheld
    vo_published = set(
        EstimateCell.objects.filter(
            run=run,
            breakdown="onderwijsregio:sector",
            measure="tekort",
            disclosure_status="published",
            domain__endswith="|sector=vo",
        ).values_list("domain", flat=True)
    )
    withheld: dict[str, int] = {}
    for cell in regions:
        region = cell.domain.split("|", 1)[1]
        withheld.setdefault(region, 0)
        withheld[region] += cell.disclosure_status != "published"
    assert withheld
    for region, n in withheld.items():
        if f"{region}|sector=vo" in vo_published:
            assert n != 1, region
    per_code = pd.Series(
        {c.domain: c.disclosure_status != "published" for c in regions}, dtype=bool
    )
    by_code = per_code.groupby(per_code.index.str.split("|").str[0]).sum()
    for code, n in by_code.items():
        if national[code].disclosure_status == "published":
            assert n != 1, code


def test_total_only_answers_change_the_estimate_not_by_zeros(latest_round):
    per_vak, totaal = answer_per_subject(latest_round, seed=2)
    *_, before = compute(latest_round, seed=5, n_bootstrap=0)
    # the same figures, but every total-only location now says per subject that it has none of
    # these subjects' formatie: that would be zeros, and the estimate would fall
    regs = list(Registration.objects.filter(round=latest_round, location_id__in=totaal))
    for reg in regs:
        reg.subject_answer = "per_vak"
        reg.subjects = {"OV": {"formatie": f"{reg.formatie:.2f}", **dict.fromkeys(CELLS, "0.00")}}
    Registration.objects.bulk_update(regs, ["subject_answer", "subjects"])
    *_, zeros = compute(latest_round, seed=5, n_bootstrap=0)

    def wi(cells):
        return cells.query("domain == 'vak=WI' and measure == 'tekort'").iloc[0]

    assert wi(zeros).n_responding == wi(before).n_responding + len(
        set(totaal) & set(build_inputs(latest_round)[0]["location_id"])
    )
    assert wi(zeros).fte < wi(before).fte * 0.9


def test_a_round_without_subject_answers_is_as_before(latest_round):
    # the demo answers per subject from the first round with a subject list: an earlier one
    earlier = (
        Round.objects.exclude(registrations__subject_answer="per_vak")
        .order_by("-peildatum")
        .first()
    )
    assert earlier is not None and earlier.registrations.exists()
    frame, responses, digest, results, coping, subjects = compute(earlier, seed=5, n_bootstrap=0)
    assert subjects.empty
    from tekort.estimates.frames import build_coping_split, build_school_leader_inputs
    from tekort.estimates.run import DEFAULT_BREAKDOWNS

    boards, leaders = build_school_leader_inputs(earlier, frame)
    split = build_coping_split(earlier)
    assert digest == fingerprint(
        frame,
        responses,
        boards,
        leaders,
        *([split] if len(split) else []),
        seed=5,
        n_bootstrap=0,
        breakdowns=tuple(DEFAULT_BREAKDOWNS),
    )
    # one answer per subject changes what went in
    answer_per_subject(earlier, seed=3)
    assert compute(earlier, seed=5, n_bootstrap=0)[2] != digest
