"""Response monitoring, live: the ministry sees every location, a board its own (.json, .csv)."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from tekort.formula_injection import neutralise_row
from tekort.page_twins import page_or_twin
from tekort.registry.models import Location
from tekort.submissions import reminders, response
from tekort.submissions.models import Round

NATIONAL_DIMENSIONS = ["sector", "labour_market_region", "onderwijsregio", "municipality", "board"]
BOARD_DIMENSIONS = ["sector", "municipality"]


def _data(round_, locations, dimensions) -> dict:
    return {
        "summary": response.summary(round_, locations),
        "school_leaders": response.school_leader_summary(round_, locations),
        "by": {d: response.response_by(round_, d, locations) for d in dimensions},
        "missing": [
            {
                "code": loc.code,
                "name": loc.name,
                "sector": loc.sector,
                "board": loc.board_id,
                "municipality": loc.municipality.name,
            }
            for loc in response.missing(round_, locations)
        ],
    }


def _scope(request, round_id, number=None):
    round_ = get_object_or_404(Round, pk=round_id)
    if number is None:
        return round_, None, None, NATIONAL_DIMENSIONS
    board = request.permission_object
    return round_, board, Location.objects.filter(board=board), BOARD_DIMENSIONS


def monitor(request, round_id, number=None):
    """The response to a round (nationally or of one board), or (``respons.json``) its data."""
    round_, board, locations, dimensions = _scope(request, round_id, number)
    data = _data(round_, locations, dimensions)
    return page_or_twin(
        request,
        "submissions/response.html",
        lambda: {
            "round": round_,
            "board": board,
            "data": data,
            "tables": [(d, data["by"][d]) for d in dimensions],
            "can_remind": round_.is_open()
            and (
                request.user.has_perm("submissions.manage_rounds")
                if board is None
                else request.user.has_perm("submissions.view_response", board)
            ),
        },
        data,
    )


def monitor_csv(request, round_id, number=None):
    """The missing and responding locations, one row each."""
    round_, board, locations, _dims = _scope(request, round_id, number)
    out = HttpResponse(content_type="text/csv; charset=utf-8")
    out["Content-Disposition"] = f'attachment; filename="respons-{round_.peildatum}.csv"'
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["vestiging", "naam", "sector", "bestuur", "gemeente", "ingediend"])
    for loc in (
        response.population(round_, locations).select_related("municipality").order_by("code")
    ):
        writer.writerow(
            neutralise_row(
                [
                    loc.code,
                    loc.name,
                    loc.sector,
                    loc.board_id,
                    loc.municipality.name,
                    int(loc.responded),
                ]
            )
        )
    return out


def remind(request, round_id, number=None):
    round_, board, locations, _dims = _scope(request, round_id, number)
    if request.method == "POST":
        sent = reminders.send(round_, locations, site_url=request.build_absolute_uri("/")[:-1])
        messages.success(
            request,
            _(
                "%(emails)s e-mails sent about %(reminders)s locations; %(skipped)s already reminded today."
            )
            % {"emails": sent.emails, "reminders": sent.reminders, "skipped": sent.skipped_today},
        )
    if board is None:
        return redirect("submissions:response", round_id=round_.pk)
    return redirect("submissions:board-response", round_id=round_.pk, number=board.number)
