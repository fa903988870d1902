"""A second Fay–Herriot model: onderwijsregio × po/vo (methods.md §2.7, issue 23).

The adapter builds the areas' covariates from the frame, fits the model on the areas' direct
rates and benchmarks to the enclosing breakdown (po / vo nationally). Here the design matrix
and the benchmark are built again by hand from the frame and the direct cells, and the model
refitted with the core's Fay–Herriot (checked against samplics and oracle H elsewhere)."""

import numpy as np
import pandas as pd
import pytest

from tekort_stats import Settings, estimate_round, small_area
from tekort_stats.synthetic import respond, synthetic_frame, synthetic_population

AREAS, GROUPS = "onderwijsregio:sector_group", "sector_group"
SMALL = ("sbo", "so", "vso", "(v)so")


@pytest.fixture(scope="module")
def round_result():
    rng = np.random.default_rng(7)
    frame = synthetic_frame(1500, rng, n_regions=8, n_municipalities=40, n_onderwijsregios=12)
    frame["sector_group"] = np.where(frame["sector"] == "vo", "vo", "po")
    pop = synthetic_population(frame, rng, functions=("leraar",))
    # vo runs 4 points higher than po, so that a model without the level shift would misfit
    vo = frame.set_index("location_id").loc[pop["location_id"], "sector"].to_numpy() == "vo"
    pop.loc[vo, "regulier_openstaand"] += 0.04 * pop.loc[vo, "formatie_fte"]
    responses = respond(frame, pop, rng)
    settings = Settings(small_area_more=((AREAS, GROUPS),))
    res = estimate_round(
        frame,
        responses,
        ["sector_group", "municipality_code", "labour_market_region", AREAS],
        rng=np.random.default_rng(1),
        n_bootstrap=0,
        settings=settings,
    )
    return frame, res


def test_both_models_are_fitted(round_result):
    frame, res = round_result
    sae = res.small_area
    assert set(sae.breakdown) == {"municipality_code", AREAS}
    areas = sae[sae.breakdown == AREAS]
    pairs = frame.groupby(["onderwijsregio", "sector_group"]).size()
    assert len(areas) == len(pairs)
    assert set(areas.region) == {"sector_group=po", "sector_group=vo"}


def test_the_model_refitted_by_hand(round_result):
    frame, res = round_result
    cells = res.cells[(res.cells.breakdown == AREAS) & (res.cells.measure == "tekort")]
    areas = res.small_area[res.small_area.breakdown == AREAS].set_index("domain")
    key = "onderwijsregio=" + frame["onderwijsregio"] + "|sector_group=" + frame["sector_group"]
    f = frame["formation_fte"]
    by = f.groupby(key).sum()
    cov = pd.DataFrame(
        {
            "g5": (f * frame["g5"]).groupby(key).sum() / by,
            "high": (f * (frame["schoolweging_band"] == "high")).groupby(key).sum() / by,
            "small": (f * frame["sector"].isin(SMALL)).groupby(key).sum() / by,
            "vo": (f * (frame["sector"] == "vo")).groupby(key).sum() / by,
        }
    ).loc[cells.domain]
    cov = cov.loc[:, cov.max() > cov.min()]
    x = np.column_stack([np.ones(len(cov)), cov.to_numpy()])
    n = cells["n_responding"].to_numpy()
    theta = np.where(n > 0, 100 * cells["rate"].to_numpy(), np.nan)
    psi = np.where(n > 0, (100 * cells["se_rate"].to_numpy()) ** 2, np.nan)
    psi = small_area.smooth_sampling_variances(psi, n)
    fit = small_area.fay_herriot(theta, psi, x, method="reml")
    got = areas.loc[cells.domain]
    np.testing.assert_allclose(got["model_rate_unbenchmarked"], fit.eblup / 100, rtol=1e-9)
    np.testing.assert_allclose(got["gamma"], fit.gamma, rtol=1e-9)
    assert "vo" in cov.columns  # po and vo areas differ in level: the vo share is a covariate


def test_benchmarked_to_national_po_and_vo(round_result):
    frame, res = round_result
    areas = res.small_area[res.small_area.breakdown == AREAS]
    direct = res.cells[(res.cells.breakdown == GROUPS) & (res.cells.measure == "tekort")]
    rate = direct.set_index("domain")["rate"]
    key = "onderwijsregio=" + frame["onderwijsregio"] + "|sector_group=" + frame["sector_group"]
    area_f = frame.groupby(key)["formation_fte"].sum()
    group_f = frame.groupby("sector_group")["formation_fte"].sum()
    for group, rows in areas.groupby("region"):
        weighted = (rows["model_rate"] * rows["domain"].map(area_f)).sum()
        assert weighted == pytest.approx(rate[group] * group_f[group.split("=")[1]], rel=1e-9)


def test_default_settings_fit_the_municipalities_only():
    assert Settings().small_area_more == ()
