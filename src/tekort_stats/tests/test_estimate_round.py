"""The entry point ``estimate_round``: oracle B end to end, properties (hypothesis), disclosure."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekort_stats import METHOD_VERSION, Settings, estimate_round
from tekort_stats.estimate import CELL_COLUMNS
from tekort_stats.frame import COMPONENTS, InputError
from tekort_stats.synthetic import respond, synthetic_frame, synthetic_population
from tekort_stats.tests.oracles import A_F, A_Y, B2_F, B2_Y, REL


def oracle_b_round():
    """Example B as a frame (15 locations, two strata) and its 9 responses."""
    band = ["low"] * 10 + ["high"] * 5
    formation = list(A_F) + [10.0] * 4 + list(B2_F) + [18.0] * 2  # F_1 = 100, F_2 = 60
    municipality = ["M1" if i in (0, 2, 4, 10) else "M2" for i in range(15)]  # B2's domain = M1
    frame = pd.DataFrame(
        {
            "location_id": [f"L{i:02d}" for i in range(15)],
            "board_id": [f"B{i % 7}" for i in range(15)],
            "sector": "bao",
            "municipality_code": municipality,
            "labour_market_region": "AMR01",
            "onderwijsregio": "OR1",
            "g5": False,
            "schoolweging_band": band,
            "formation_fte": formation,
        }
    )
    resp_ids = [f"L{i:02d}" for i in (*range(6), 10, 11, 12)]
    y = np.concatenate([A_Y, B2_Y])
    responses = pd.DataFrame(
        {
            "location_id": resp_ids,
            "function": "leraar",
            "formatie_fte": np.concatenate([A_F, B2_F]),
            "regulier_openstaand": y * 0.5,
            "regulier_verborgen": y * 0.5,
            "vervanging_openstaand": 0.0,
            "vervanging_verborgen": 0.0,
        }
    )
    return frame, responses


def _cell(res, breakdown, domain, measure="tekort"):
    c = res.cells
    row = c[(c.breakdown == breakdown) & (c.domain == domain) & (c.measure == measure)]
    assert len(row) == 1
    return row.iloc[0]


def test_oracle_b_through_the_entry_point():
    # oracle B is the §2.4 formula without the small-domain corrections (method 1.0.0); the
    # corrections have their own tests in test_small_domain_intervals.py
    frame, responses = oracle_b_round()
    res = estimate_round(
        frame,
        responses,
        ["schoolweging_band", "municipality_code"],
        rng=np.random.default_rng(1),
        n_bootstrap=200,
        settings=Settings(small_domain_intervals=False),
    )
    nat = _cell(res, "national", "national")
    assert nat.rate == pytest.approx(0.11875, rel=REL)
    assert nat.fte == pytest.approx(19.0, rel=REL)
    assert nat.se_rate == pytest.approx(0.016545785591301893, rel=REL)
    assert nat.se_fte == pytest.approx(2.647325694608303, rel=REL)
    assert nat.ci_low == pytest.approx(0.079625434129153, rel=REL)
    assert nat.ci_high == pytest.approx(0.157874565870847, rel=REL)
    assert (nat.n_responding, nat.n_frame) == (9, 15)
    assert nat.response_rate_formatie == pytest.approx(84 / 160, rel=REL)
    low = _cell(res, "schoolweging_band", "schoolweging_band=low")
    assert low.rate == pytest.approx(0.1, rel=REL)
    assert low.se_rate == pytest.approx(0.01825741858350554, rel=REL)
    dom = _cell(res, "municipality_code", "municipality_code=M1")
    assert dom.rate == pytest.approx(0.15116279069767438, rel=REL)
    assert dom.se_rate == pytest.approx(0.023165981679800787, rel=REL)
    assert _cell(res, "national", "national", "regulier_verborgen").rate == pytest.approx(
        0.11875 / 2, rel=REL
    )
    assert _cell(res, "national", "national", "vervanging_openstaand").rate == 0.0
    assert list(res.cells.columns) == list(CELL_COLUMNS)
    assert set(res.cells.method_version) == {METHOD_VERSION}
    # 4 locations in M1 -> R1 primary; M2 then needs a complement (only M1 and M2 under the total)
    assert dom.disclosure_status == "primary_suppressed" and dom.symbol == "c"
    assert _cell(res, "municipality_code", "municipality_code=M2").disclosure_status != "published"
    assert res.audit.audit_passed.all()


def test_invalid_rows_are_rejected_with_reasons():
    frame, responses = oracle_b_round()
    bad = responses.copy()
    bad.loc[0, "regulier_openstaand"] = -1.0
    bad.loc[1, "location_id"] = "nope"
    with pytest.raises(InputError) as err:
        estimate_round(frame, bad, [], rng=np.random.default_rng(0), n_bootstrap=0)
    assert "negative component" in str(err.value) and "not in the frame" in str(err.value)


def test_item_non_response_drops_the_location_for_that_function_only():
    frame, responses = oracle_b_round()
    other = responses.assign(function="schoolleider")
    other.loc[0, "regulier_verborgen"] = np.nan
    res = estimate_round(
        frame, pd.concat([responses, other]), [], rng=np.random.default_rng(0), n_bootstrap=0
    )
    n = res.cells[res.cells.measure == "tekort"].set_index("function").n_responding
    assert n["leraar"] == 9 and n["schoolleider"] == 8


@pytest.fixture(scope="module")
def small_round():
    rng = np.random.default_rng(42)
    frame = synthetic_frame(400, rng, n_regions=6, n_municipalities=30, n_onderwijsregios=5)
    pop = synthetic_population(frame, rng, functions=("leraar", "schoolleider"))
    return frame, pop, respond(frame, pop, rng)


@pytest.fixture(scope="module")
def base_result(small_round):
    frame, _, responses = small_round
    return _run(frame, responses)


BREAKDOWNS = ["sector", "labour_market_region", "municipality_code", "sector:labour_market_region"]
FAST = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _run(frame, responses, seed=3, n_bootstrap=50, **kw):
    return estimate_round(
        frame, responses, BREAKDOWNS, rng=np.random.default_rng(seed), n_bootstrap=n_bootstrap, **kw
    )


@FAST
@given(perm_seed=st.integers(0, 2**32 - 1))
def test_permuting_locations_changes_nothing(small_round, base_result, perm_seed):
    frame, _, responses = small_round
    base = base_result
    p = np.random.default_rng(perm_seed)
    shuffled = _run(
        frame.iloc[p.permutation(len(frame))], responses.iloc[p.permutation(len(responses))]
    )
    pd.testing.assert_frame_equal(base.cells, shuffled.cells, check_exact=True)
    pd.testing.assert_frame_equal(base.small_area, shuffled.small_area, check_exact=True)


@FAST
@given(scale=st.floats(0.01, 100.0))
def test_scaling_all_fte_leaves_rates_unchanged(small_round, base_result, scale):
    frame, _, responses = small_round
    base = base_result
    scaled = _run(
        frame.assign(formation_fte=frame.formation_fte * scale),
        responses.assign(**{c: responses[c] * scale for c in ("formatie_fte", *COMPONENTS)}),
    )
    for col in ("rate", "se_rate", "ci_low", "ci_high", "boot_se_rate"):
        np.testing.assert_allclose(scaled.cells[col], base.cells[col], rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(scaled.cells.fte, base.cells.fte * scale, rtol=1e-9, atol=1e-12)
    assert (scaled.cells.disclosure_status == base.cells.disclosure_status).all()
    assert (scaled.cells.quality_class == base.cells.quality_class).all()


@FAST
@given(seed=st.integers(0, 10_000))
def test_full_response_gives_the_census_ratio_with_zero_variance(seed):
    rng = np.random.default_rng(seed)
    frame = synthetic_frame(120, rng, n_regions=3, n_municipalities=8, n_onderwijsregios=3)
    pop = synthetic_population(frame, rng, functions=("leraar",))
    pop["formatie_fte"] = frame["formation_fte"].to_numpy()  # the registry formatie is the formatie
    res = _run(frame, pop, seed=seed)
    nat = _cell(res, "national", "national")
    census = pop[list(COMPONENTS)].to_numpy().sum() / pop.formatie_fte.sum()
    assert nat.rate == pytest.approx(census, rel=1e-12)
    tekort = res.cells[res.cells.measure == "tekort"]
    assert (tekort.se_rate.fillna(0) == 0).all() and (tekort.se_fte == 0).all()
    assert np.nanmax(np.abs(tekort.boot_se_rate)) < 1e-12
    assert (tekort.response_rate == 1).all()


@FAST
@given(seed=st.integers(0, 10_000))
def test_suppression_never_publishes_a_cell_below_threshold_and_audit_passes(seed):
    rng = np.random.default_rng(seed)
    frame = synthetic_frame(250, rng, n_regions=4, n_municipalities=25, n_onderwijsregios=4)
    pop = synthetic_population(frame, rng, functions=("leraar",))
    responses = respond(frame, pop, rng)
    res = _run(frame, responses, n_bootstrap=0)
    # recount R1 independently from the raw inputs
    merged = responses.merge(frame, on="location_id")
    merged["national"] = "national"
    cells = res.cells[res.cells.measure == "tekort"]
    for bd in BREAKDOWNS:
        cols = bd.split(":")
        key = pd.Series("", index=merged.index)
        for n, c in enumerate(cols):
            key = key + ("|" if n else "") + c + "=" + merged[c].astype(str)
        counts = merged.groupby(key).agg(
            n=("location_id", "nunique"), boards=("board_id", "nunique")
        )
        published = cells[(cells.breakdown == bd) & (cells.disclosure_status == "published")]
        for dom in published.domain:
            assert counts.loc[dom, "n"] >= 5 and counts.loc[dom, "boards"] >= 3
        # a one-way table under a published total never has exactly one suppressed cell
        if len(cols) == 1:
            assert (cells[cells.breakdown == bd].disclosure_status != "published").sum() != 1
    assert res.audit.audit_passed.all()


def test_same_seed_is_bit_identical_and_the_seed_matters(small_round):
    frame, _, responses = small_round
    a, b, c = _run(frame, responses, 9), _run(frame, responses, 9), _run(frame, responses, 10)
    pd.testing.assert_frame_equal(a.cells, b.cells, check_exact=True)
    assert not np.array_equal(
        a.cells.boot_se_rate.to_numpy(), c.cells.boot_se_rate.to_numpy(), equal_nan=True
    )
    # the bootstrap SE is close to the linearised SE for well-filled national cells
    nat = a.cells[(a.cells.breakdown == "national") & (a.cells.measure == "tekort")]
    assert np.all(np.abs(nat.boot_se_rate / nat.se_rate - 1) < 0.35)


def test_functions_protected_side_by_side_give_the_same_round(small_round):
    """estimate_round protects the functions on several threads: the same cells, statuses and
    audit as one after the other."""
    frame, _, responses = small_round
    one = estimate_round(
        frame, responses, BREAKDOWNS, rng=np.random.default_rng(3), n_bootstrap=50, workers=1
    )
    two = estimate_round(
        frame, responses, BREAKDOWNS, rng=np.random.default_rng(3), n_bootstrap=50, workers=2
    )
    assert responses.function.nunique() == 2
    assert (one.cells.disclosure_status != "published").any()
    pd.testing.assert_frame_equal(one.cells, two.cells, check_exact=True)
    pd.testing.assert_frame_equal(one.audit, two.audit, check_exact=True)


def test_a_value_any_earlier_version_showed_is_never_withheld_as_a_complement(small_round):
    """``earlier`` holds every earlier version: a cell with the value a version published is
    public, even where another version withheld that value; a version whose values all differ
    keeps nothing."""
    frame, _, responses = small_round
    first = _run(frame, responses, n_bootstrap=0)
    cells = first.cells[first.cells.measure == "tekort"]
    keys = list(zip(cells.function, cells.breakdown, cells.domain, strict=True))
    shown = {k: (v, False) for k, v in zip(keys, cells.fte, strict=True)}
    hidden = {k: (v, True) for k, v in zip(keys, cells.fte, strict=True)}
    moved = {k: (v + 1.0, True) for k, v in zip(keys, cells.fte, strict=True)}

    def secondary(res):
        return int((res.cells.disclosure_status == "secondary_suppressed").sum())

    assert secondary(first) > 0
    assert secondary(_run(frame, responses, n_bootstrap=0, earlier=[moved])) == secondary(first)
    # shown by v1 and withheld by v2 with the same value: public, so never a complement
    both = _run(frame, responses, n_bootstrap=0, earlier=[shown, hidden])
    assert secondary(both) == 0
    # withheld by the only version: withheld again
    again = _run(frame, responses, n_bootstrap=0, earlier=hidden)
    withheld = again.cells[again.cells.measure == "tekort"]
    assert (withheld.disclosure_status != "published").all()


def test_small_area_is_model_based_and_benchmarked(small_round):
    frame, _, responses = small_round
    res = _run(frame, responses, n_bootstrap=0)
    sae = res.small_area
    # "e" where the model's own rule publishes the rate, "c" where it withholds it
    withheld = sae.disclosure_status.isin(["primary_suppressed", "secondary_suppressed"])
    assert (sae.symbol == np.where(withheld, "c", "e")).all() and (sae.symbol == "e").any()
    assert sae.method_id.str.startswith("fay-herriot").all()
    assert len(sae) == frame.municipality_code.nunique() * 2
    lead = sae[sae.function == "leraar"].copy()
    area_f = frame.groupby("municipality_code").formation_fte.sum()
    lead["F"] = lead.domain.str.split("=").str[1].map(area_f).to_numpy()
    regions = res.cells[
        (res.cells.function == "leraar")
        & (res.cells.measure == "tekort")
        & (res.cells.breakdown == "labour_market_region")
    ].set_index("domain")
    reg_f = frame.groupby("labour_market_region").formation_fte.sum()
    for reg, grp in lead.groupby("region"):
        target = regions.loc[reg, "rate"] * reg_f[reg.split("=")[1]]
        assert (grp.model_rate * grp.F).sum() == pytest.approx(target, rel=1e-9)
    assert ((lead.gamma >= 0) & (lead.gamma <= 1)).all()


def test_settings_quality_thresholds_are_used(small_round):
    frame, _, responses = small_round
    strict = Settings(
        thresholds=__import__("tekort_stats.quality", fromlist=["x"]).QualityThresholds(
            min_respondents=10_000
        )
    )
    res = _run(frame, responses, n_bootstrap=0, settings=strict)
    incomplete = res.cells.n_responding < res.cells.n_frame
    assert (res.cells.quality_class[incomplete] == "F").all()
