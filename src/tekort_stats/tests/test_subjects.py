"""The shortage per subject in vo (tekort_stats.subjects): a hand-computed example with an item
non-respondent, the check that "total only" is not a zero, complementary suppression across
subjects and regions, and an independent numpy + samplics computation.

The hand example (also in docs/methodology/subjects.md). Seven vo locations in two strata (the
labour-market regions AMR01 and AMR02; vo has no schoolweging band); ``x`` is the frame's
(registry) formatie, the calibration auxiliary:

    stratum AMR01 (N = 4, X = 100): L1 x=10 per subject, L2 x=20 per subject,
                                    L3 x=30 total only, L4 x=40 no response
    stratum AMR02 (N = 3, X = 75):  L5 x=20 per subject, L6 x=30 per subject,
                                    L7 x=25 total only

Item respondents: L1, L2 (AMR01) and L5, L6 (AMR02). Weights on the item respondents:
w = 100 / (10 + 20) = 10/3 in AMR01 and 75 / (20 + 30) = 3/2 in AMR02 (design weights N/n = 2
and 3/2, calibration factors g = 5/3 and 1). The total-only location L3 and the non-respondent L4
are both covered by the rise of AMR01's weight; L7 by AMR02's.

Subject WI:  f = (2, 4 | 3, 1), shortage y = (0.5, 0 | 0.5, 0.5)
    F_WI = 10/3 * 6 + 3/2 * 4 = 26,  Y_WI = 10/3 * 0.5 + 3/2 * 1 = 19/6,
    R_WI = (19/6) / 26 = 19/156 = 0.121794871794...
Subject NE:  f = (1, 2 | 2, 0) (L6 teaches no NE: a respondent with zero, not a non-respondent),
    y = (0, 0.5 | 0.25, 0): F_NE = 10 + 3 = 13, Y_NE = 5/3 + 3/8 = 49/24, R_NE = 49/312.

Variance of R_WI (methods.md §2.4, without the small-domain floor): z = y - R f, residualised
within the stratum on x (b_h = sum z / sum x), e = z - b_h x:
    AMR01: z = (10/39, -19/39), b = -1/130, e = (1/3, -1/3)
    AMR02: z = (7/52, 59/156),  b = 1/100 (z sum 25/52 over x sum 50), e = (-11/156, 11/156)
u = w e / F; V = sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum (u - ubar_h)^2
    AMR01: (1 - 1/2) * 2 * 2 * (10/3 * 1/3 / 26)^2 = 50/13689
    AMR02: (1 - 2/3) * 2 * 2 * (3/2 * 11/156 / 26)^2 = 121/5483712
    V = 544067/148060224 = 0.0036746331006496..., SE = 0.0606187520545...
    t interval with n - H = 4 - 2 = 2 degrees of freedom.
Variance of Y_WI (the total; e = y - b_h x with b_h = sum y / sum x):
    AMR01: b = 1/60, e = (1/3, -1/3), u = w e = (10/9, -10/9): (1/2) * 2 * 2 * (10/9)^2 = 200/81
    AMR02: b = 1/50, e = (0.1, -0.1), u = (0.15, -0.15): (1/3) * 2 * 2 * 0.15^2 = 3/100
    V = 20243/8100, SE = 1.5808655... (not F * SE(R): the subject's formatie F is estimated too).

Treating the total-only locations as zeros (f = y = 0) instead would give weights 100/60 and
75/75, F = 10 + 4 = 14, Y = 5/6 + 1 = 11/6, R = 11/84 = 0.1309...: not the estimate.
"""

import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tekort_stats.disclosure import PRIMARY, PUBLISHED, SECONDARY
from tekort_stats.estimate import Settings
from tekort_stats.frame import COMPONENTS, InputError
from tekort_stats.subjects import (
    complement_subjects,
    estimate_subjects,
    item_response,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # "samplics is archived"
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")
REL = 1e-12
SETTINGS = Settings(small_domain_intervals=False)  # the §2.4 formula as written above

LOCATIONS = ["L1", "L2", "L3", "L4", "L5", "L6", "L7"]
X = [10.0, 20.0, 30.0, 40.0, 20.0, 30.0, 25.0]
AMR = ["AMR01"] * 4 + ["AMR02"] * 3
REGION = ["OR1"] * 5 + ["OR2"] * 2


def hand_frame(extra_po=True):
    frame = pd.DataFrame(
        {
            "location_id": LOCATIONS,
            "board_id": [f"B{i}" for i in range(7)],
            "sector": "vo",
            "municipality_code": "M1",
            "labour_market_region": AMR,
            "onderwijsregio": REGION,
            "g5": False,
            "schoolweging_band": None,
            "formation_fte": X,
        }
    )
    if extra_po:  # a po location in the frame is not part of the vo estimate
        po = frame.iloc[[0]].assign(location_id="P1", sector="bao", schoolweging_band="low")
        frame = pd.concat([frame, po], ignore_index=True)
    return frame


def hand_answers():
    return pd.DataFrame(
        {
            "location_id": ["L1", "L2", "L3", "L5", "L6", "L7"],
            "subject_answer": ["per_vak", "per_vak", "totaal", "per_vak", "per_vak", "totaal"],
        }
    )


def _row(location, subject, f, ro=0.0, rv=0.0, vo=0.0, vv=0.0):
    return (location, subject, f, ro, rv, vo, vv)


def hand_subjects():
    rows = [
        _row("L1", "WI", 2.0, ro=0.5),
        _row("L2", "WI", 4.0),
        _row("L5", "WI", 3.0, rv=0.5),
        _row("L6", "WI", 1.0, vo=0.5),
        _row("L1", "NE", 1.0),
        _row("L2", "NE", 2.0, rv=0.5),
        _row("L5", "NE", 2.0, vv=0.25),
        # L3 answered the total only: figures it typed per subject are not used
        _row("L3", "WI", 9.0, ro=9.0),
    ]
    return pd.DataFrame(rows, columns=["location_id", "subject", "formatie_fte", *COMPONENTS])


def _cell(cells, domain, measure="tekort"):
    row = cells[(cells["domain"] == domain) & (cells["measure"] == measure)]
    assert len(row) == 1, (domain, measure)
    return row.iloc[0]


def test_the_hand_example():
    cells = estimate_subjects(
        hand_frame(), hand_answers(), hand_subjects(), ["onderwijsregio"], settings=SETTINGS
    )
    wi = _cell(cells, "vak=WI")
    assert wi.breakdown == "vak" and wi.function == "leraar"
    assert wi.rate == pytest.approx(19 / 156, rel=REL)
    assert wi.fte == pytest.approx(19 / 6, rel=REL)
    v = Fraction(50, 13689) + Fraction(121, 5483712)
    assert v == Fraction(544067, 148060224)
    assert wi.se_rate == pytest.approx(float(v) ** 0.5, rel=1e-10)
    # the FTE's own variance: the subject formatie F is estimated too, so SE(Y) != F SE(R)
    assert wi.se_fte == pytest.approx((20243 / 8100) ** 0.5, rel=1e-10)
    t = stats.t.ppf(0.975, 2)
    assert wi.ci_low == pytest.approx(19 / 156 - t * float(v) ** 0.5, rel=1e-10)
    assert wi.ci_high == pytest.approx(19 / 156 + t * float(v) ** 0.5, rel=1e-10)
    assert wi.df_rate == 2
    # the sample is the four item respondents of the seven vo locations (po left out)
    assert (wi.n_responding, wi.n_frame, wi.n_boards_responding) == (4, 7, 4)
    assert wi.response_rate_formatie == pytest.approx(80 / 175, rel=REL)
    # each cell and sum measure is the subject's own: WI's open shortage is L1's 0.5 and L6's 0.5
    assert _cell(cells, "vak=WI", "openstaand").fte == pytest.approx(10 / 3 * 0.5 + 0.75, rel=REL)
    assert _cell(cells, "vak=WI", "regulier_verborgen").rate == pytest.approx(0.75 / 26, rel=REL)
    ne = _cell(cells, "vak=NE")
    assert ne.rate == pytest.approx(49 / 312, rel=REL)
    assert ne.fte == pytest.approx(49 / 24, rel=REL)
    # regions: OR1 = L1..L5 (items L1, L2, L5), OR2 = L6, L7 (item L6)
    or1 = _cell(cells, "vak=WI|onderwijsregio=OR1")
    assert or1.breakdown == "vak:onderwijsregio"
    assert or1.rate == pytest.approx((10 / 3 * 0.5 + 0.75) / (20 + 4.5), rel=REL)  # 29/294
    assert _cell(cells, "vak=WI|onderwijsregio=OR2").rate == pytest.approx(0.5, rel=REL)
    assert (or1.n_responding, or1.n_frame) == (3, 5)
    # every measure of estimate_round, for 2 subjects x (nation + 2 regions)
    assert set(cells["measure"]) == {
        "tekort",
        "regulier_openstaand",
        "regulier_verborgen",
        "vervanging_openstaand",
        "vervanging_verborgen",
        "openstaand",
        "verborgen",
    }
    assert len(cells) == 2 * 3 * 7
    # a handful of locations: R1 suppresses them all
    assert set(cells["disclosure_status"]) == {PRIMARY}


def test_total_only_is_not_a_zero():
    answers = hand_answers().assign(subject_answer="per_vak")
    zeros = pd.concat(
        [
            hand_subjects().query("location_id != 'L3'"),
            pd.DataFrame(
                [_row("L3", "WI", 0.0), _row("L7", "WI", 0.0)],
                columns=hand_subjects().columns,
            ),
        ],
        ignore_index=True,
    )
    as_zero = _cell(
        estimate_subjects(hand_frame(), answers, zeros, [], settings=SETTINGS), "vak=WI"
    )
    # zeros: weights 100/60 and 75/75, R = (5/6 + 1) / (10 + 4) = 11/84
    assert as_zero.rate == pytest.approx(11 / 84, rel=REL)
    assert as_zero.fte == pytest.approx(11 / 6, rel=REL)
    right = _cell(
        estimate_subjects(hand_frame(), hand_answers(), hand_subjects(), [], settings=SETTINGS),
        "vak=WI",
    )
    assert right.rate == pytest.approx(19 / 156, rel=REL)
    assert abs(right.rate - as_zero.rate) > 0.005
    assert (right.n_responding, as_zero.n_responding) == (4, 6)


def test_no_answer_is_item_non_response_too():
    answers = hand_answers()
    answers.loc[answers["location_id"] == "L3", "subject_answer"] = ""
    cells = estimate_subjects(hand_frame(), answers, hand_subjects(), [], settings=SETTINGS)
    assert _cell(cells, "vak=WI").rate == pytest.approx(19 / 156, rel=REL)


def test_item_response_counts_per_domain():
    answers = pd.concat(
        [hand_answers(), pd.DataFrame({"location_id": ["P1"], "subject_answer": [""]})]
    )
    out = item_response(hand_frame(), answers, hand_subjects(), ["onderwijsregio"])
    by = out.set_index("domain")
    assert by.loc[
        "national", ["n_per_vak", "n_totaal", "n_not_given", "n_responding"]
    ].tolist() == [
        4,
        2,
        0,
        6,
    ]
    assert by.loc["national", "n_frame"] == 7  # vo only
    assert by.loc["onderwijsregio=OR1", ["n_per_vak", "n_totaal"]].tolist() == [3, 1]
    assert by.loc["onderwijsregio=OR2", ["n_per_vak", "n_totaal"]].tolist() == [1, 1]
    assert by.loc["onderwijsregio=OR2", "item_response_rate"] == pytest.approx(0.5)
    assert by.loc["national", "item_response_rate"] == pytest.approx(4 / 6)


def test_subject_figures_are_validated():
    bad = hand_subjects()
    bad.loc[0, "regulier_openstaand"] = 5.0  # vacancies exceed the subject's formatie
    with pytest.raises(InputError, match="L1, subject WI: vacancies exceed formatie"):
        estimate_subjects(hand_frame(), hand_answers(), bad, [])


# --- a larger round: disclosure and the independent computation --------------------------------


def synthetic(seed=7, n=240, regions=("OR1", "OR2", "OR3", "OR4")):
    rng = np.random.default_rng(seed)
    amr = rng.choice(["AMR01", "AMR02", "AMR03"], n)
    frame = pd.DataFrame(
        {
            "location_id": [f"V{i:03d}" for i in range(n)],
            "board_id": [f"B{i % 80}" for i in range(n)],
            "sector": "vo",
            "municipality_code": "M1",
            "labour_market_region": amr,
            "onderwijsregio": rng.choice(list(regions), n),
            "g5": False,
            "schoolweging_band": None,
            "formation_fte": rng.uniform(20, 120, n).round(2),
        }
    )
    kind = rng.choice(["per_vak", "totaal", "", None], n, p=[0.55, 0.2, 0.05, 0.2])
    answers = pd.DataFrame({"location_id": frame["location_id"], "subject_answer": kind})
    answers = answers[answers["subject_answer"].notna()]
    rows = []
    for loc, x in zip(frame["location_id"], frame["formation_fte"], strict=True):
        for code, share in (("WI", 0.12), ("NE", 0.12), ("KL", 0.03)):
            if code == "KL" and rng.random() < 0.7:
                continue  # most locations teach no classics
            f = round(x * share * rng.uniform(0.5, 1.5), 2)
            ro = round(f * rng.choice([0, 0, 0.1, 0.2]), 2)
            vv = round(f * rng.choice([0, 0.05]), 2)
            rows.append(_row(loc, code, f, ro=ro, vv=vv))
    subjects = pd.DataFrame(rows, columns=["location_id", "subject", "formatie_fte", *COMPONENTS])
    return frame, answers, subjects


def test_rate_and_variance_agree_with_numpy_and_samplics():
    frame, answers, subjects = synthetic()
    cells = estimate_subjects(frame, answers, subjects, ["onderwijsregio"], settings=SETTINGS)
    per_vak = set(answers.loc[answers["subject_answer"] == "per_vak", "location_id"])
    fr = frame.sort_values("location_id").reset_index(drop=True)
    stratum = fr["labour_market_region"].to_numpy()
    resp = fr["location_id"].isin(per_vak).to_numpy()
    # the re-weighting by hand: w = X_h / sum of x over the stratum's item respondents
    X_h = fr.groupby("labour_market_region")["formation_fte"].sum()
    x_h = fr[resp].groupby("labour_market_region")["formation_fte"].sum()
    s = fr[resp].reset_index(drop=True)
    w = (X_h / x_h).loc[s["labour_market_region"]].to_numpy()
    h = s["labour_market_region"].to_numpy()
    x = s["formation_fte"].to_numpy()
    n_h = pd.Series(h).value_counts()
    N_h = pd.Series(stratum).value_counts()
    for code in ("WI", "KL"):
        mine = subjects[subjects["subject"] == code].set_index("location_id")
        f = s["location_id"].map(mine["formatie_fte"]).fillna(0.0).to_numpy()
        y = s["location_id"].map(mine[list(COMPONENTS)].sum(axis=1)).fillna(0.0).to_numpy()
        for region in (None, "OR2"):
            d = np.ones(len(s)) if region is None else (s["onderwijsregio"] == region).to_numpy()
            f_hat = np.sum(w * d * f)
            rate = np.sum(w * d * y) / f_hat
            z = d * (y - rate * f)
            b = pd.Series(z).groupby(h).sum() / pd.Series(x).groupby(h).sum()
            e = z - b.loc[h].to_numpy() * x
            est = TaylorEstimator(PopParam.total)
            # + 1: a constant within each stratum leaves the variance as it is, and keeps
            # samplics from dividing by a zero total (its CV) when the residuals sum to 0
            est.estimate(
                e + 1.0,
                samp_weight=w,
                stratum=h,
                fpc={k: 1 - n_h[k] / N_h[k] for k in sorted(n_h.index)},
            )
            domain = f"vak={code}" if region is None else f"vak={code}|onderwijsregio={region}"
            cell = _cell(cells, domain)
            assert cell.rate == pytest.approx(rate, rel=1e-12)
            assert cell.se_rate**2 == pytest.approx(est.variance / f_hat**2, rel=1e-9)
    # all subjects are estimated on the same respondents
    national = cells[(cells["breakdown"] == "vak") & (cells["measure"] == "tekort")]
    assert set(national["n_responding"]) == {int(resp.sum())}


def test_contributors_not_respondents_decide_the_threshold():
    frame, answers, subjects = synthetic()
    # one location in OR1 teaches classics, the others answered per subject without it
    subjects = subjects[subjects["subject"] != "KL"]
    first = sorted(
        set(answers.loc[answers["subject_answer"] == "per_vak", "location_id"])
        & set(frame.loc[frame["onderwijsregio"] == "OR1", "location_id"])
    )[0]
    lone = pd.DataFrame([_row(first, "KL", 2.0, ro=0.4)], columns=subjects.columns)
    cells = estimate_subjects(frame, answers, pd.concat([subjects, lone]), ["onderwijsregio"])
    kl = _cell(cells, "vak=KL|onderwijsregio=OR1")
    assert kl.n_responding >= 5  # the region's item respondents ...
    assert kl.disclosure_status == PRIMARY  # ... but one contributor
    assert kl.symbol == "c"
    # the subject's other regions have no contributor and no shortage: nothing else to suppress,
    # but the national KL cell is the same single location's figure, so it is suppressed too
    assert _cell(cells, "vak=KL").disclosure_status in (PRIMARY, SECONDARY)
    wi = cells[cells["domain"].str.startswith("vak=WI") & (cells["measure"] == "tekort")]
    assert (wi["disclosure_status"] == PUBLISHED).any()


def _cells(statuses, fte):
    """Tekort cells: {(code, region or None): status}, with FTE; two measures per domain."""
    rows = []
    for (code, region), status in statuses.items():
        breakdown = "vak" if region is None else "vak:onderwijsregio"
        domain = f"vak={code}" if region is None else f"vak={code}|onderwijsregio={region}"
        for measure in ("tekort", "openstaand"):
            rows.append(
                {
                    "function": "leraar",
                    "breakdown": breakdown,
                    "domain": domain,
                    "measure": measure,
                    "fte": fte[(code, region)],
                    "disclosure_status": status,
                    "quality_class": "A",
                    "quality_class_fte": "A",
                    "symbol": "c" if status != PUBLISHED else "",
                }
            )
    return pd.DataFrame(rows)


def _status(cells, code, region):
    domain = f"vak={code}" if region is None else f"vak={code}|onderwijsregio={region}"
    got = set(cells.loc[cells["domain"] == domain, "disclosure_status"])
    assert len(got) == 1  # every measure of a domain shares its status
    return got.pop()


def test_a_region_with_one_suppressed_subject_gets_a_second():
    keys = [(c, r) for c in ("WI", "NE", "KL") for r in (None, "OR1", "OR2")]
    statuses = dict.fromkeys(keys, PUBLISHED)
    statuses[("KL", "OR1")] = PRIMARY
    fte = {
        ("WI", None): 30.0,
        ("WI", "OR1"): 10.0,
        ("WI", "OR2"): 20.0,
        ("NE", None): 12.0,
        ("NE", "OR1"): 4.0,  # the smallest open subject of OR1
        ("NE", "OR2"): 8.0,
        ("KL", None): 3.0,
        ("KL", "OR1"): 1.0,
        ("KL", "OR2"): 2.0,
    }
    out = complement_subjects(_cells(statuses, fte), {})
    assert _status(out, "KL", "OR1") == PRIMARY
    # across the subjects of OR1: NE (4.0 < WI's 10.0)
    assert _status(out, "NE", "OR1") == SECONDARY
    # across the regions of KL (total: KL's national cell): KL in OR2
    assert _status(out, "KL", "OR2") == SECONDARY
    # and so on to a fixed point: NE in OR2 (regions of NE), then OR2 holds NE and KL: done
    assert _status(out, "NE", "OR2") == SECONDARY
    assert _status(out, "WI", "OR1") == PUBLISHED
    assert _status(out, "WI", "OR2") == PUBLISHED
    assert {_status(out, c, None) for c in ("WI", "NE", "KL")} == {PUBLISHED}
    assert set(out.loc[out["disclosure_status"] == SECONDARY, "symbol"]) == {"c"}
    # every group now holds zero or at least two suppressed cells
    for region in ("OR1", "OR2"):
        n = sum(_status(out, c, region) != PUBLISHED for c in ("WI", "NE", "KL"))
        assert n != 1
    for code in ("WI", "NE", "KL"):
        n = sum(_status(out, code, r) != PUBLISHED for r in (None, "OR1", "OR2"))
        assert n != 1


def test_a_suppressed_vo_total_counts_in_its_group_and_zero_cells_protect_nothing():
    keys = [(c, r) for c in ("WI", "NE") for r in (None, "OR1")]
    statuses = dict.fromkeys(keys, PUBLISHED)
    fte = {("WI", None): 5.0, ("WI", "OR1"): 5.0, ("NE", None): 0.0, ("NE", "OR1"): 0.0}
    # nothing suppressed: nothing to add
    out = complement_subjects(_cells(statuses, fte), {})
    assert set(out["disclosure_status"]) == {PUBLISHED}
    # the vo shortage of OR1 is suppressed (elsewhere): OR1's subjects must hold two, and NE's
    # zero protects nothing, so WI is the one
    out = complement_subjects(
        _cells(statuses, fte), {("onderwijsregio", "onderwijsregio=OR1"): PRIMARY}
    )
    assert _status(out, "WI", "OR1") == SECONDARY
    assert _status(out, "NE", "OR1") == PUBLISHED
    # the regions of WI: OR1 is suppressed, so WI's national cell (the total) is too
    assert _status(out, "WI", None) == SECONDARY


def test_synthetic_round_leaves_no_lone_suppression():
    frame, answers, subjects = synthetic(
        seed=11, n=160, regions=("OR1", "OR2", "OR3", "OR4", "OR5")
    )
    cells = estimate_subjects(frame, answers, subjects, ["onderwijsregio"])
    heads = cells[cells["measure"] == "tekort"].copy()
    heads["code"] = heads["domain"].str.extract(r"vak=([A-Z]+)")[0]
    heads["region"] = heads["domain"].str.extract(r"onderwijsregio=(\w+)")[0].fillna("")
    heads["off"] = heads["disclosure_status"] != PUBLISHED
    assert heads["off"].any() and not heads["off"].all()
    for _, group in heads[heads["region"] != ""].groupby("region"):
        assert group["off"].sum() != 1
    for _, group in heads.groupby("code"):
        assert group["off"].sum() != 1
    # the measures of a domain share its status
    assert (cells.groupby("domain")["disclosure_status"].nunique() == 1).all()


def test_figures_line_up_with_the_frame_and_are_0_where_not_given():
    """The one alignment of a function's and a subject's rows to the frame's locations."""
    from tekort_stats.frame import COMPONENTS, aligned_figures

    frame = pd.Index(["A", "B", "C"])
    rows = pd.DataFrame(
        {"location_id": ["C", "A"], "formatie_fte": [3.0, 1.0]}
        | {c: [0.3 * (i + 1), 0.1 * (i + 1)] for i, c in enumerate(COMPONENTS)}
    )
    formatie, comps = aligned_figures(len(frame), frame.get_indexer(rows["location_id"]), rows)
    assert formatie.tolist() == [1.0, 0.0, 3.0]
    assert set(comps) == set(COMPONENTS)
    assert comps[COMPONENTS[1]].tolist() == pytest.approx([0.2, 0.0, 0.6])
