"""How schools cope: every run estimates the teachers' hidden shortage by emergency measure from
the split the locations registered, protected like every other cell."""

import pytest

from tekort.estimates.models import EstimateCell
from tekort.estimates.run import COPING_BREAKDOWNS, run_estimates

pytestmark = pytest.mark.django_db


def test_a_run_stores_the_hidden_shortage_by_emergency_measure(latest_round):
    run = run_estimates(latest_round, seed=5, n_bootstrap=0)
    coping = EstimateCell.objects.filter(run=run, measure__startswith="nood:")
    assert set(coping.values_list("breakdown", flat=True)) == {"national", *COPING_BREAKDOWNS}
    assert set(coping.values_list("function", flat=True)) == {"leraar"}
    national = {c.measure: c for c in coping.filter(breakdown="national")}
    assert {"nood:ONBEVOEGD", "nood:SAMENVOEGEN", "nood:LESUITVAL"} <= set(national)
    hidden = EstimateCell.objects.get(
        run=run, function="leraar", breakdown="national", measure="verborgen"
    )
    # every demo registration splits its hidden FTE, so the measures add up to the hidden total
    assert sum(c.fte for c in national.values()) == pytest.approx(hidden.fte, rel=1e-9)
    assert sum(c.rate for c in national.values()) == pytest.approx(hidden.rate, rel=1e-9)
    for cell in national.values():
        assert cell.ci_low < cell.rate < cell.ci_high
        assert cell.n_responding == hidden.n_responding
    # LESUITVAL is asked in vo only: no po cells (not applicable), a vo one
    lesuitval = coping.filter(measure="nood:LESUITVAL", breakdown="sector_group")
    assert list(lesuitval.values_list("domain", flat=True)) == ["sector_group=vo"]
    assert not coping.filter(measure="nood:LESUITVAL", domain__contains="sector_group=po")
    # nor in an onderwijsregio of po schools only (the small register's fringe regions): its cell
    # would be 0 by construction, which anyone can tell from the register
    regions = set(coping.filter(breakdown="onderwijsregio").values_list("domain", flat=True))
    with_vo = {
        d.split("|")[0]
        for d in coping.filter(breakdown="onderwijsregio:sector_group").values_list(
            "domain", flat=True
        )
        if d.endswith("|sector_group=vo")
    }
    assert regions - with_vo  # there are po-only regions ...
    lesuitval_regions = set(
        coping.filter(breakdown="onderwijsregio", measure="nood:LESUITVAL").values_list(
            "domain", flat=True
        )
    )
    assert lesuitval_regions == with_vo  # ... and the measure is estimated exactly where vo is
    # a domain never has exactly one suppressed measure beside its published hidden total
    published_hidden = set(
        EstimateCell.objects.filter(
            run=run, function="leraar", measure="verborgen", disclosure_status="published"
        ).values_list("breakdown", "domain")
    )
    suppressed = {}
    for cell in coping.exclude(disclosure_status="published"):
        key = (cell.breakdown, cell.domain)
        suppressed[key] = suppressed.get(key, 0) + 1
    assert suppressed  # the regions have small cells
    assert all(n != 1 for k, n in suppressed.items() if k in published_hidden)
