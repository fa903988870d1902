"""Change between two peildata (tekort_stats.change): a hand-computed example, the paired
interval against the unpaired one, and the bootstrap SE against an independent linearised SE."""

import numpy as np
import pandas as pd
import pytest

from tekort_stats import change, estimate_round
from tekort_stats.frame import COMPONENTS


def _frame(regions, sizes):
    rows = []
    for region, xs in zip(regions, sizes, strict=True):
        for x in xs:
            rows.append((region, x))
    return pd.DataFrame(
        {
            "location_id": [f"L{i}" for i in range(1, len(rows) + 1)],
            "board_id": [f"B{i}" for i in range(1, len(rows) + 1)],
            "sector": "bao",
            "municipality_code": [f"M{r}" for r, _ in rows],
            "labour_market_region": [r for r, _ in rows],
            "onderwijsregio": "OR",
            "g5": False,
            "schoolweging_band": "middle",
            "formation_fte": [float(x) for _, x in rows],
        }
    )


def _responses(frame, shortage: dict) -> pd.DataFrame:
    """Responses of the locations in ``shortage`` (id -> FTE short, all open regular)."""
    f = dict(zip(frame["location_id"], frame["formation_fte"], strict=True))
    ids = list(shortage)
    out = pd.DataFrame(
        {
            "location_id": ids,
            "function": "leraar",
            "formatie_fte": [f[i] for i in ids],
            **dict.fromkeys(COMPONENTS, 0.0),
        }
    )
    out["regulier_openstaand"] = [float(shortage[i]) for i in ids]
    return out


# Stratum A (region A): L1..L4, formatie 10 each (X_A = 40); stratum B: L5..L7, 20 each (X_B = 60).
FRAME = _frame(["A", "B"], [[10, 10, 10, 10], [20, 20, 20]])
# earlier: R_A = (1+2+0)/30 = 0.10, R_B = (2+4)/40 = 0.15 -> R = (40*0.10 + 60*0.15)/100 = 0.13
EARLIER = _responses(FRAME, {"L1": 1, "L2": 2, "L3": 0, "L5": 2, "L6": 4})
# later: R_A = (1+3+2)/30 = 0.20, R_B = (2+2+5)/60 = 0.15 (complete) -> R = (8 + 9)/100 = 0.17
LATER = _responses(FRAME, {"L1": 1, "L2": 3, "L4": 2, "L5": 2, "L6": 2, "L7": 5})


def _row(result, breakdown, domain):
    cells = result.cells
    return cells[(cells["breakdown"] == breakdown) & (cells["domain"] == domain)].iloc[0]


def test_hand_computed_difference_and_counts():
    result = change.compare_rounds(
        FRAME,
        EARLIER,
        LATER,
        ["labour_market_region"],
        rng=np.random.default_rng(1),
        n_bootstrap=200,
    )
    nat = _row(result, "national", "national")
    assert nat["rate_earlier_pct"] == pytest.approx(13.0, abs=1e-12)
    assert nat["rate_later_pct"] == pytest.approx(17.0, abs=1e-12)
    assert nat["difference_pp"] == pytest.approx(4.0, abs=1e-12)
    assert (nat["n_earlier"], nat["n_later"], nat["n_both"]) == (5, 6, 4)  # L1, L2, L5, L6
    a = _row(result, "labour_market_region", "labour_market_region=A")
    b = _row(result, "labour_market_region", "labour_market_region=B")
    assert a["difference_pp"] == pytest.approx(10.0, abs=1e-12)
    assert b["difference_pp"] == pytest.approx(0.0, abs=1e-12)
    assert (a["n_both"], b["n_both"]) == (2, 2)
    assert result.n_both == 4
    assert nat["ci_low_pp"] <= nat["difference_pp"] <= nat["ci_high_pp"]
    assert nat["se_pp"] > 0


def test_identical_answers_give_zero_in_every_replicate():
    result = change.compare_rounds(
        FRAME, LATER, LATER, ["labour_market_region"], rng=np.random.default_rng(2), n_bootstrap=300
    )
    cells = result.cells
    # the same location ids are resampled in both rounds: every replicate difference is 0
    assert (cells["difference_pp"] == 0).all()
    assert (cells["se_pp"] == 0).all()
    assert (cells["ci_low_pp"] == 0).all() and (cells["ci_high_pp"] == 0).all()
    assert set(cells["verdict"]) == {change.NO_CHANGE}
    # while each round on its own does vary (the unpaired SE is not 0)
    assert _row(result, "national", "national")["se_unpaired_pp"] > 0


def test_verdicts():
    assert change.verdict(0.1, 2.0) == change.UP
    assert change.verdict(-2.0, -0.1) == change.DOWN
    assert change.verdict(-1.0, 1.0) == change.NO_CHANGE
    assert change.verdict(-1.0, 0.0) == change.NO_CHANGE  # 0 in the interval
    assert change.verdict(float("nan"), 1.0) == ""


# a population of 4 large strata (2 regions x 2 bands): no stratum is ever collapsed
def _population(seed, n_per=250):
    rng = np.random.default_rng(seed)
    n = 4 * n_per
    region = np.repeat(["A", "A", "B", "B"], n_per)
    band = np.repeat(["low", "high", "low", "high"], n_per)
    frame = pd.DataFrame(
        {
            "location_id": [f"L{i:05d}" for i in range(n)],
            "board_id": [f"B{i:05d}" for i in range(n)],
            "sector": "bao",
            "municipality_code": [f"M{r}" for r in region],
            "labour_market_region": region,
            "onderwijsregio": "OR",
            "g5": False,
            "schoolweging_band": band,
            "formation_fte": np.round(rng.gamma(4.0, 3.0, n) + 2.0, 2),
        }
    )
    f = frame["formation_fte"].to_numpy()
    rate1 = np.clip(0.08 + rng.normal(0, 0.05, n), 0, 0.5)
    rate2 = np.clip(rate1 + 0.01 + rng.normal(0, 0.01, n), 0, 0.5)  # strongly correlated
    return rng, frame, f * rate1, f * rate2


def _answers(frame, y, keep):
    ids = frame["location_id"].to_numpy()[keep]
    out = pd.DataFrame(
        {
            "location_id": ids,
            "function": "leraar",
            "formatie_fte": frame["formation_fte"].to_numpy()[keep],
            **dict.fromkeys(COMPONENTS, 0.0),
        }
    )
    out["regulier_openstaand"] = y[keep]
    return out


def test_point_estimates_are_those_of_estimate_round():
    rng, frame, y1, y2 = _population(3, n_per=60)
    r1, r2 = rng.random(len(frame)) < 0.6, rng.random(len(frame)) < 0.6
    earlier, later = _answers(frame, y1, r1), _answers(frame, y2, r2)
    result = change.compare_rounds(
        frame, earlier, later, ["schoolweging_band"], rng=rng, n_bootstrap=0
    )
    for answers, col in ((earlier, "rate_earlier_pct"), (later, "rate_later_pct")):
        own = estimate_round(
            frame, answers, ["schoolweging_band"], rng=np.random.default_rng(0), n_bootstrap=0
        ).cells
        own = own[own["measure"] == "tekort"].set_index(["breakdown", "domain"])["rate"]
        mine = result.cells.set_index(["breakdown", "domain"])[col]
        assert np.allclose(mine.to_numpy(), 100 * own.loc[mine.index].to_numpy(), atol=1e-12)


def test_paired_interval_is_narrower_when_answers_are_correlated():
    rng, frame, y1, y2 = _population(4)
    r1 = rng.random(len(frame)) < 0.6
    r2 = np.where(r1, rng.random(len(frame)) < 0.9, rng.random(len(frame)) < 0.3)
    result = change.compare_rounds(
        frame, _answers(frame, y1, r1), _answers(frame, y2, r2), [], rng=rng, n_bootstrap=500
    )
    nat = _row(result, "national", "national")
    assert nat["n_both"] > 400
    # the covariance of the locations that answered both times is taken off: far narrower
    assert nat["se_pp"] < 0.5 * nat["se_unpaired_pp"]
    assert nat["verdict"] == change.UP  # +1 pp for every school, seen through the pairing


def test_without_overlap_paired_equals_unpaired_in_expectation():
    rng, frame, y1, y2 = _population(5)
    r1 = rng.random(len(frame)) < 0.5
    result = change.compare_rounds(
        frame, _answers(frame, y1, r1), _answers(frame, y2, ~r1), [], rng=rng, n_bootstrap=2000
    )
    nat = _row(result, "national", "national")
    assert nat["n_both"] == 0
    # Monte Carlo error of a variance from 2000 replicates is about 3 %: allow 10 %
    assert nat["se_pp"] ** 2 == pytest.approx(nat["se_unpaired_pp"] ** 2, rel=0.10)


def _linearised_difference_se(frame, y1, r1, y2, r2):
    """Independent Taylor SE of R2 - R1 (national), per stratum h (region x band):
    V = sum_h [c1 sum u1^2 + c2 sum u2^2 - 2 sqrt(c1 c2) sum_{both} u1 u2],
    c_t = (1 - n_t/N_h) n_t/(n_t - 1), u_i = w_i (y_i - R_h f_i) / F (0 for a non-respondent)."""
    stratum = pd.factorize(frame["labour_market_region"] + frame["schoolweging_band"])[0]
    f = frame["formation_fte"].to_numpy()
    F = f.sum()
    us, cs = [], []
    for y, r in ((y1, r1), (y2, r2)):
        u = np.zeros(len(frame))
        c = {}
        for h in np.unique(stratum):
            s = (stratum == h) & r
            x_h = f[stratum == h].sum()
            w = x_h / f[s].sum()
            r_h = y[s].sum() / f[s].sum()
            u[s] = w * (y[s] - r_h * f[s]) / F
            n_t, big_n = s.sum(), (stratum == h).sum()
            c[h] = (1 - n_t / big_n) * n_t / (n_t - 1)
        us.append(u)
        cs.append(c)
    v = 0.0
    for h in np.unique(stratum):
        m = stratum == h
        c1, c2 = cs[0][h], cs[1][h]
        v += c1 * np.sum(us[0][m] ** 2) + c2 * np.sum(us[1][m] ** 2)
        v -= 2 * np.sqrt(c1 * c2) * np.sum(us[0][m] * us[1][m])
    return 100 * np.sqrt(v)


def test_bootstrap_se_agrees_with_linearised_se_of_the_difference():
    rng, frame, y1, y2 = _population(6)
    r1 = rng.random(len(frame)) < 0.6
    r2 = np.where(r1, rng.random(len(frame)) < 0.8, rng.random(len(frame)) < 0.4)
    result = change.compare_rounds(
        frame,
        _answers(frame, y1, r1),
        _answers(frame, y2, r2),
        [],
        rng=np.random.default_rng(7),
        n_bootstrap=3000,
    )
    nat = _row(result, "national", "national")
    expected = _linearised_difference_se(frame, y1, r1, y2, r2)
    # Monte Carlo error of the SE from 3000 replicates is about 1.3 %; the ratio's
    # non-linearity adds a little: within 6 %
    assert nat["se_pp"] == pytest.approx(expected, rel=0.06)
    unpaired = nat["se_unpaired_pp"]
    assert expected < 0.6 * unpaired  # the check itself is not vacuous


def test_each_round_keeps_its_own_collapsed_strata():
    """Earlier: one respondent in stratum B, so the estimator merges A and B for that round;
    later: both strata stand. Each round's rate is still estimate_round's, the difference has
    a finite interval."""
    earlier = _responses(FRAME, {"L1": 1, "L2": 2, "L3": 0, "L5": 2})
    result = change.compare_rounds(
        FRAME, earlier, LATER, [], rng=np.random.default_rng(3), n_bootstrap=200
    )
    nat = _row(result, "national", "national")
    own = estimate_round(FRAME, earlier, [], rng=np.random.default_rng(0), n_bootstrap=0)
    assert own.collapse_log["rule"].astype(bool).any()  # the earlier round did collapse
    own_rate = own.cells.query("measure == 'tekort' and breakdown == 'national'")["rate"].iloc[0]
    # merged stratum: (1 + 2 + 0 + 2) / (10 + 10 + 10 + 20) = 0.10
    assert own_rate == pytest.approx(0.10, abs=1e-12)
    assert nat["rate_earlier_pct"] == pytest.approx(100 * own_rate, abs=1e-12)
    assert nat["difference_pp"] == pytest.approx(7.0, abs=1e-12)
    assert np.isfinite(nat["se_pp"]) and nat["se_pp"] > 0
