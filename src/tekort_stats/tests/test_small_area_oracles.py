"""Oracle H (Fay–Herriot) of methods.md §5."""

import numpy as np
import pytest

from tekort_stats import small_area

THETA = np.array([15.0, 7.0, 11.0, 9.0, 9.0])
PSI = np.array([4.0, 1.0, 9.0, 2.25, 1.0])
X = np.column_stack([np.ones(5), [32.0, 28.0, 34.0, 27.0, 30.0]])
REL = 1e-12


def test_oracle_h1_known_sigma2():
    fit = small_area.fay_herriot(THETA, PSI, X, method="fixed", sigma2_v=4.0)
    assert fit.beta == pytest.approx([-14.470668773037792, 0.8159031068983457], rel=1e-10)
    assert fit.gamma == pytest.approx([0.5, 0.8, 0.3076923076923077, 0.64, 0.8], rel=REL)
    assert fit.eblup == pytest.approx(
        [
            13.319115323854636,
            7.274923644023177,
            12.571563981042587,
            8.481137440758314,
            9.201284886782515,
        ],
        rel=1e-11,
    )
    assert fit.g1 == pytest.approx([2.0, 0.8, 2.769230769230769, 1.44, 0.8], rel=REL)
    assert fit.g2 == pytest.approx(
        [
            0.7109004739336342,
            0.07844128488678276,
            3.074371126503793,
            0.3945497630331701,
            0.054365455502896766,
        ],
        rel=1e-10,
    )
    assert fit.mse == pytest.approx(
        [
            2.710900473933634,
            0.8784412848867829,
            5.843601895734562,
            1.83454976303317,
            0.8543654555028968,
        ],
        rel=1e-10,
    )


def test_oracle_h2_prasad_rao():
    fit = small_area.fay_herriot(THETA, PSI, X, method="pr")
    assert fit.sigma2_v == pytest.approx(4.119918699186955, rel=1e-11)
    assert fit.eblup == pytest.approx(
        [
            13.343827069923304,
            7.269467210749872,
            12.555239007700173,
            8.493147337663094,
            9.197039537507907,
        ],
        rel=1e-11,
    )
    assert fit.mse == pytest.approx(
        [
            4.312334507494894,
            1.275790838002752,
            7.784921887063719,
            2.8804293215830574,
            1.2521803227375097,
        ],
        rel=1e-10,
    )


def test_oracle_h3_reml_and_fh_moment():
    reml = small_area.fay_herriot(THETA, PSI, X, method="reml")
    assert reml.sigma2_v == pytest.approx(2.4976575110, rel=1e-6)
    fh = small_area.fay_herriot(THETA, PSI, X, method="fh")
    assert fh.sigma2_v == pytest.approx(3.3337485650364, rel=1e-12)


def test_area_without_direct_estimate_is_synthetic():
    theta = np.append(THETA, np.nan)
    psi = np.append(PSI, np.nan)
    x = np.vstack([X, [1.0, 31.0]])
    fit = small_area.fay_herriot(theta, psi, x, method="fixed", sigma2_v=4.0)
    assert fit.synthetic.tolist() == [False] * 5 + [True]
    assert fit.eblup[5] == pytest.approx(fit.beta @ x[5], rel=REL)
    assert fit.mse[5] == pytest.approx(4.0 + fit.g2[5], rel=REL)
    assert fit.eblup[:5] == pytest.approx(
        small_area.fay_herriot(THETA, PSI, X, method="fixed", sigma2_v=4.0).eblup, rel=REL
    )


def test_benchmarking_reproduces_the_regional_direct_estimate():
    est = np.array([0.10, 0.20, 0.05])
    formatie = np.array([100.0, 50.0, 80.0])
    region = np.array([0, 0, 1])
    out = small_area.benchmark_to_regions(est, formatie, region, [0.12, 0.07], [150.0, 80.0])
    assert np.bincount(region, weights=out * formatie) == pytest.approx(
        [0.12 * 150, 0.07 * 80], rel=REL
    )


def test_gvf_smoothing_only_replaces_small_areas():
    n = np.array([40, 30, 20, 12, 4, 3])
    psi = 0.5 + 20.0 / n
    psi[4] = 100.0  # a wild direct variance for a small area
    out = small_area.smooth_sampling_variances(psi, n)
    assert out[:4] == pytest.approx(psi[:4], rel=REL)
    assert out[4] < 100.0


# An area whose direct estimate has no sampling variance (psi = 0: a complete count, or every
# respondent gave the same value). Its weight 1 / (s2v + psi) is infinite at s2v = 0: before,
# every prediction was NaN once s2v reached 0. The model is now evaluated in the limit s2v -> 0+.
LINE_X = np.column_stack([np.ones(8), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]])
LINE_THETA = 2.0 + 3.0 * LINE_X[:, 1]  # every area on the covariate's line
LINE_PSI = np.array([0.0, 1.0, 2.0, 1.5, 1.0, 2.5, 1.0, 2.0])


@pytest.mark.parametrize("method", ["reml", "fh", "pr"])
def test_on_the_line_the_fit_is_the_line_despite_an_area_without_sampling_variance(method):
    fit = small_area.fay_herriot(LINE_THETA, LINE_PSI, LINE_X, method=method)
    assert np.isfinite(fit.eblup).all() and np.isfinite(fit.mse).all()
    assert fit.sigma2_v < 1e-5  # the data sit on the line: no area effect
    assert fit.beta == pytest.approx([2.0, 3.0], rel=1e-9)
    assert fit.eblup == pytest.approx(LINE_THETA, rel=1e-9)
    assert fit.gamma[0] == 1.0 and fit.mse[0] == pytest.approx(0.0, abs=1e-9)


def test_in_the_limit_the_regression_runs_through_the_area_without_sampling_variance():
    """s2v -> 0+ (given as 0): the area without sampling variance (x = 0, theta = 4) keeps its
    value and fixes the intercept at 4; the slope is the weighted least squares of the other
    areas' theta - 4 on x (weights 1 / psi), computed here by hand."""
    theta = LINE_THETA.copy()
    theta[0] = 4.0
    fit = small_area.fay_herriot(theta, LINE_PSI, LINE_X, method="fixed", sigma2_v=0.0)
    x, w = LINE_X[1:, 1], 1.0 / LINE_PSI[1:]
    slope = np.sum(w * x * (theta[1:] - 4.0)) / np.sum(w * x * x)
    assert fit.beta == pytest.approx([4.0, slope], rel=1e-5)
    assert fit.eblup[0] == 4.0 and fit.gamma[0] == 1.0
    assert fit.eblup[1:] == pytest.approx(4.0 + slope * x, rel=1e-5)  # synthetic
    assert np.isfinite(fit.mse).all()


def test_without_such_an_area_nothing_changes():
    """The floor applies only where an area has psi = 0: s2v 0 stays 0 otherwise."""
    fit = small_area.fay_herriot(LINE_THETA, LINE_PSI + 1.0, LINE_X, method="reml")
    assert fit.sigma2_v == 0.0


def test_a_negative_sampling_variance_is_refused():
    with pytest.raises(ValueError, match="negative"):
        small_area.fay_herriot(THETA, -PSI, X)
