"""A board's school leaders (methods.md §1.6): the form with the definitions inline, and the receipt."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tekort.submissions import intake
from tekort.submissions.figures import SchoolLeaderFigures
from tekort.submissions.forms import SchoolLeaderForm, describe, school_leader_initial
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort.submissions.questions import CELLS, SCHOOL_LEADER_DEFINITIONS


def school_leader_form(request, round_id, number):
    board = request.permission_object
    round_ = get_object_or_404(Round, pk=round_id)
    registration = SchoolLeaderRegistration.objects.filter(round=round_, board=board).first()
    context = {"round": round_, "board": board, "registration": registration}
    if not round_.is_open():
        if request.method == "POST":
            return render(request, "submissions/school_leaders.html", context, status=409)
        return render(request, "submissions/school_leaders.html", context)
    warnings, status = [], 200
    if request.method == "POST":
        form = SchoolLeaderForm(request.POST)
        if form.is_valid():
            try:
                intake.submit_school_leaders(
                    round_,
                    board,
                    form.figures,
                    user=request.user,
                    channel=Registration.Channel.FORM,
                    expected_version=form.cleaned_data["version"],
                    confirmed=form.cleaned_data["confirm_warnings"],
                    request=request,
                )
            except intake.Rejected as exc:
                form.add_issues(exc.errors)
            except intake.NeedsConfirmation as exc:
                warnings = exc.warnings
            except intake.VersionConflict:
                messages.error(
                    request,
                    _("Someone else changed these figures meanwhile; yours have NOT been saved."),
                )
                return redirect(request.path)
            else:
                messages.success(request, _("The school-leader figures have been submitted."))
                return redirect("submissions:school-leaders-receipt", round_.pk, board.number)
        status = 400 if form.errors else 200
    else:
        last = intake.previous_school_leaders(round_, board)
        figures = SchoolLeaderFigures.from_registration(registration) if registration else None
        initial = school_leader_initial(
            figures, version=registration.version if registration else 0
        )
        if figures is None and last is not None:
            initial["formatie"] = f"{last.formatie:.2f}"
        form = SchoolLeaderForm(initial=initial)
    describe(form, SCHOOL_LEADER_DEFINITIONS)
    for name in ("formatie", *CELLS):
        form.fields[name].widget.attrs.update(inputmode="decimal", autocomplete="off", size="8")
    context.update(
        form=form,
        warnings=warnings,
        definitions=SCHOOL_LEADER_DEFINITIONS,
        has_errors=form.is_bound and bool(form.errors),
    )
    return render(request, "submissions/school_leaders.html", context, status=status)


def _registration(request, round_id) -> SchoolLeaderRegistration | None:
    get_object_or_404(Round, pk=round_id)
    return (
        SchoolLeaderRegistration.objects.submitted()
        .select_related("round", "board", "submitted_by")
        .filter(round_id=round_id, board=request.permission_object)
        .first()
    )


def receipt_data(registration: SchoolLeaderRegistration) -> dict:
    formatie = registration.formatie
    return {
        "round": {"peildatum": registration.round.peildatum.isoformat()},
        "function": "schoolleider",
        "submitted": True,
        "board": {"number": registration.board.number, "name": registration.board.name},
        "version": registration.version,
        "submitted_at": registration.submitted_at.isoformat(),
        "submitted_by": registration.submitted_by.get_username()
        if registration.submitted_by
        else None,
        "channel": registration.channel,
        "values": SchoolLeaderFigures.from_registration(registration).snapshot(),
        "shortage_fte": f"{registration.shortage:.2f}",
        "shortage_rate": f"{registration.shortage / formatie:.4f}" if formatie else None,
        "rates": {cell: f"{getattr(registration, cell) / formatie:.4f}" for cell in CELLS},
        "confirmed_warnings": registration.warnings,
        "versions": [
            {
                "number": v.number,
                "at": v.at.isoformat(),
                "user": v.username,
                "channel": v.channel,
                "old_values": v.old_values,
                "new_values": v.new_values,
            }
            for v in registration.versions.order_by("number")
        ],
    }


def receipt(request, round_id, number):
    """The receipt; before anything was submitted, the form (where the board can submit)."""
    registration = _registration(request, round_id)
    if registration is None:
        return redirect("submissions:school-leaders", round_id, number)
    return render(
        request,
        "submissions/school_leaders_receipt.html",
        {"registration": registration, "data": receipt_data(registration)},
    )


def receipt_json(request, round_id, number):
    registration = _registration(request, round_id)
    if registration is None:
        board = request.permission_object
        return JsonResponse({"function": "schoolleider", "board": board.number, "submitted": False})
    response = JsonResponse(receipt_data(registration), json_dumps_params={"indent": 2})
    name = f"ontvangstbewijs-schoolleiding-{registration.board.number}-{registration.round.peildatum}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
