"""End to end on the demo rounds: real (published) estimates in the board view, and the region's
disclosure control with its audit on a full demo round."""

import numpy as np
import pytest
from django.urls import reverse

from tekort.dashboards.board_figures import board_region
from tekort.dashboards.tables import EMPTY
from tekort.dashboards.tests.html_tables import tables_of
from tekort.estimates.models import EstimateCell
from tekort.estimates.region_tables import region_cells
from tekort.estimates.run import run_estimates
from tekort.publications.publishing import publish
from tekort.submissions import demo
from tekort.submissions.models import Round, SchoolLeaderRegistration
from tekort_stats import disclosure
from tekort_stats.rounding import format_percentage

pytestmark = pytest.mark.django_db


def test_demo_round_board_view_and_region_audit(board_client, board, region):
    demo.generate(seed=7)
    round_ = Round.objects.order_by("-peildatum").first()
    run = run_estimates(round_, seed=3, n_bootstrap=0)
    publish(run)
    query = f"?peildatum={round_.peildatum.isoformat()}"
    page = board_client.get(reverse("dashboards:board", args=[board.number]) + query)
    total = tables_of(page.content.decode())["tabel-vergelijking"][1]
    own_region = board_region(board)
    for offset, domain in [(3, f"onderwijsregio={own_region.name}"), (8, "national")]:
        cell = EstimateCell.objects.get(
            run=run, domain=domain, measure="tekort", is_model_based=False, function="leraar"
        )
        if cell.symbol in ("c", "x"):
            assert total[offset] == cell.symbol
            continue
        assert total[offset] == format_percentage(cell.rate).replace(".", ",")
        assert total[offset + 1] == format_percentage(cell.ci_low).replace(".", ",")
        assert total[offset + 3] == cell.quality_class

    # school leaders (asked per board): the board's own registration against region and nation
    leaders = tables_of(page.content.decode())["tabel-vergelijking"][-1]
    assert leaders[0] == "Schoolleiders: tekort, totaal"
    own = SchoolLeaderRegistration.objects.filter(round=round_, board=board).first()
    if own is None:
        assert leaders[1] == leaders[2] == EMPTY
    else:
        assert leaders[1] == f"{own.shortage:.2f}".replace(".", ",")
    for offset, breakdown, domain in [
        (3, "onderwijsregio", f"onderwijsregio={own_region.name}"),
        (8, "national", "national"),
    ]:
        cell = EstimateCell.objects.get(
            run=run, breakdown=breakdown, domain=domain, measure="tekort", function="schoolleider"
        )
        if cell.disclosure_status == "published" and cell.quality_class != "F":
            assert leaders[offset] == format_percentage(cell.rate).replace(".", ",")
        else:
            assert leaders[offset] in ("c", "x")

    cells = region_cells(region, round_)
    assert all(cells.audit_passed.values()) and not cells.fail_closed
    for measure in ("tekort", "openstaand", "verborgen"):
        lower, upper = disclosure.audit_intervals(cells.linked(measure), cells.suppressed)
        sensitive, upl = cells.r2[measure]
        for i in np.flatnonzero(cells.suppressed):
            assert upper[i] - lower[i] > 1e-6
            if sensitive[i]:
                assert upper[i] >= cells.values[measure][i] + upl[i] - 1e-9
