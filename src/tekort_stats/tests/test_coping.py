"""How schools cope: the hidden shortage by emergency measure (tekort_stats.coping), checked
against numbers computed by hand (example A of methods.md §5 with its hidden FTE split over two
measures) and against samplics on the same data."""

import warnings

import numpy as np
import pandas as pd
import pytest

from tekort_stats.coping import complement_measures, estimate_coping, measure_name
from tekort_stats.disclosure import PRIMARY, PUBLISHED, SECONDARY
from tekort_stats.estimate import Settings, estimate_round

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # "samplics is archived"
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")
REL = 1e-12
F = np.array([10.0, 8.0, 12.0, 6.0, 9.0, 15.0])  # example A: N = 10, n = 6, F_h = 100
ONBEVOEGD = np.array([1.0, 0.0, 1.0, 0.5, 0.5, 0.0])
SAMENVOEGEN = np.array([0.0, 0.0, 1.0, 1.0, 0.0, 1.0])  # together: example A's y
T_5 = 2.5705818356363146  # t quantile 0.975, 5 degrees of freedom (n - H)
# §2.4 formula without the small-domain corrections, as oracle B through the entry point
SETTINGS = Settings(small_domain_intervals=False)


def example_a():
    frame = pd.DataFrame(
        {
            "location_id": [f"L{i:02d}" for i in range(10)],
            "board_id": [f"B{i}" for i in range(10)],
            "sector": "bao",
            "municipality_code": "M1",
            "labour_market_region": "AMR01",
            "onderwijsregio": "OR1",
            "g5": False,
            "schoolweging_band": "low",
            "formation_fte": [*F, 10.0, 10.0, 10.0, 10.0],
        }
    )
    responses = pd.DataFrame(
        {
            "location_id": [f"L{i:02d}" for i in range(6)],
            "function": "leraar",
            "formatie_fte": F,
            "regulier_openstaand": 0.0,
            "regulier_verborgen": ONBEVOEGD + SAMENVOEGEN,
            "vervanging_openstaand": 0.0,
            "vervanging_verborgen": 0.0,
        }
    )
    split = pd.DataFrame(
        [
            (f"L{i:02d}", "regulier", code, fte)
            for code, values in (("ONBEVOEGD", ONBEVOEGD), ("SAMENVOEGEN", SAMENVOEGEN))
            for i, fte in enumerate(values)
            if fte
        ],
        columns=["location_id", "cell", "code", "fte"],
    )
    return frame, responses, split


def _cell(cells, code, breakdown="national", domain="national"):
    row = cells[
        (cells.measure == measure_name(code))
        & (cells.breakdown == breakdown)
        & (cells.domain == domain)
    ]
    assert len(row) == 1
    return row.iloc[0]


def test_each_measure_is_a_ratio_over_the_formatie_computed_by_hand():
    frame, responses, split = example_a()
    cells = estimate_coping(frame, responses, split, [], settings=SETTINGS)
    unqualified = _cell(cells, "ONBEVOEGD")
    # sum y = 3.0, sum f = 60: R = 0.05; residuals y - R f = (0.5, -0.4, 0.4, 0.2, 0.05, -0.75),
    # sum of squares 1.175, s2 = 0.235; V = (1 - 0.6) * 0.235 / (6 * 10^2) = 1.5666...e-4
    assert unqualified.rate == pytest.approx(0.05, rel=REL)
    assert unqualified.fte == pytest.approx(5.0, rel=REL)  # F_h R = 100 * 0.05
    se = np.sqrt(0.4 * 0.235 / 600)
    assert unqualified.se_rate == pytest.approx(se, rel=REL)
    assert unqualified.ci_low == pytest.approx(0.05 - T_5 * se, rel=REL)
    assert unqualified.ci_high == pytest.approx(0.05 + T_5 * se, rel=REL)
    merged = _cell(cells, "SAMENVOEGEN")
    # residuals (-0.5, -0.4, 0.4, 0.7, -0.45, 0.25): sum of squares 1.325, s2 = 0.265
    assert merged.rate == pytest.approx(0.05, rel=REL)
    assert merged.se_rate == pytest.approx(np.sqrt(0.4 * 0.265 / 600), rel=REL)
    assert (unqualified.n_responding, unqualified.n_frame) == (6, 10)
    # the measures add up to the hidden-vacancy rate of example A (0.1)
    assert unqualified.rate + merged.rate == pytest.approx(0.1, rel=REL)


@pytest.mark.parametrize("code,values", [("ONBEVOEGD", ONBEVOEGD), ("SAMENVOEGEN", SAMENVOEGEN)])
def test_each_measure_agrees_with_samplics(code, values):
    frame, responses, split = example_a()
    cell = _cell(estimate_coping(frame, responses, split, [], settings=SETTINGS), code)
    est = TaylorEstimator(PopParam.ratio)
    est.estimate(values, x=F, samp_weight=np.full(6, 10 / 6), fpc=1 - 6 / 10)
    assert cell.rate == pytest.approx(est.point_est, rel=1e-9)
    assert cell.se_rate**2 == pytest.approx(est.variance, rel=1e-9)
    assert cell.ci_low == pytest.approx(est.lower_ci, rel=1e-9)
    assert cell.ci_high == pytest.approx(est.upper_ci, rel=1e-9)


def test_the_measures_add_up_to_the_hidden_shortage_in_every_domain():
    rng = np.random.default_rng(3)
    n = 300
    frame = pd.DataFrame(
        {
            "location_id": [f"L{i:03d}" for i in range(n)],
            "board_id": [f"B{i % 90}" for i in range(n)],
            "sector": rng.choice(["bao", "vo"], n),
            "municipality_code": rng.choice(["M1", "M2", "M3"], n),
            "labour_market_region": "AMR01",
            "onderwijsregio": rng.choice(["OR1", "OR2"], n),
            "g5": False,
            "schoolweging_band": "none",
            "formation_fte": rng.gamma(4.0, 5.0, n) + 1,
        }
    )
    answered = np.flatnonzero(rng.random(n) < 0.6)
    f = frame["formation_fte"].to_numpy()[answered]
    cents = (f * rng.uniform(0, 0.1, answered.size) * 100).astype(int)
    codes = ["ONBEVOEGD", "OOP_VOOR_KLAS", "SAMENVOEGEN"]
    parts = np.array([rng.multinomial(c, [0.5, 0.3, 0.2]) for c in cents]) / 100
    ids = frame["location_id"].to_numpy()[answered]
    responses = pd.DataFrame(
        {
            "location_id": ids,
            "function": "leraar",
            "formatie_fte": f,
            "regulier_openstaand": 0.5,
            "regulier_verborgen": parts.sum(axis=1),
            "vervanging_openstaand": 0.0,
            "vervanging_verborgen": 0.0,
        }
    )
    split = pd.DataFrame(
        [
            (i, "regulier", c, p)
            for i, row in zip(ids, parts, strict=True)
            for c, p in zip(codes, row, strict=True)
            if p
        ],
        columns=["location_id", "cell", "code", "fte"],
    )
    breakdowns = ["sector", "onderwijsregio"]
    cells = estimate_coping(frame, responses, split, breakdowns)
    whole = estimate_round(frame, responses, breakdowns, rng=np.random.default_rng(0))
    hidden = whole.cells[whole.cells.measure == "verborgen"].set_index(["breakdown", "domain"])
    summed = cells.groupby(["breakdown", "domain"])[["rate", "fte"]].sum()
    assert np.allclose(summed["rate"], hidden.loc[summed.index, "rate"], rtol=1e-12)
    assert np.allclose(summed["fte"], hidden.loc[summed.index, "fte"], rtol=1e-12)
    # a location whose split does not add up is an item non-respondent here only
    broken = split.copy()
    broken.loc[0, "fte"] += 0.5
    fewer = _cell(estimate_coping(frame, responses, broken, breakdowns), "ONBEVOEGD")
    assert fewer.n_responding == answered.size - 1


def _table(statuses, fte, breakdown="sector", domains=("sector=bao",)):
    rows = []
    for d in domains:
        for (code, status), value in zip(statuses.items(), fte, strict=True):
            rows.append(("leraar", breakdown, d, measure_name(code), status, value))
    return pd.DataFrame(
        rows, columns=["function", "breakdown", "domain", "measure", "disclosure_status", "fte"]
    ).assign(quality_class="A", quality_class_fte="A", symbol="")


def test_a_single_suppressed_measure_of_a_domain_gets_a_complement():
    cells = _table({"A": PRIMARY, "B": PUBLISHED, "C": PUBLISHED}, [3.0, 9.0, 4.0])
    out = complement_measures(cells, {})
    # B + C + the published hidden total would give A: the smaller of B and C is withheld
    assert list(out["disclosure_status"]) == [PRIMARY, PUBLISHED, SECONDARY]
    assert out.loc[2, "symbol"] == "c"
    # the hidden total itself withheld: one measure withheld is then enough
    kept = complement_measures(cells, {("leraar", "sector", "sector=bao"): PRIMARY})
    assert list(kept["disclosure_status"]) == [PRIMARY, PUBLISHED, PUBLISHED]
    # nothing withheld: nothing changes
    calm = _table({"A": PUBLISHED, "B": PUBLISHED}, [1.0, 2.0])
    assert list(complement_measures(calm, {})["disclosure_status"]) == [PUBLISHED] * 2
