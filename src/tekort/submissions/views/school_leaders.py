"""A board's school leaders (methods.md §1.6): the form with the definitions inline, and the receipt."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tekort.page_twins import is_twin, json_answer
from tekort.submissions import intake
from tekort.submissions.figures import SchoolLeaderFigures
from tekort.submissions.forms import SchoolLeaderForm, describe, school_leader_initial
from tekort.submissions.models import Round, SchoolLeaderRegistration
from tekort.submissions.questions import SCHOOL_LEADER_DEFINITIONS
from tekort.submissions.views.registering import submission_data, submit_form, version_data


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
                outcome = submit_form(request, form, intake.submit_school_leaders, round_, board)
            except intake.VersionConflict:
                messages.error(
                    request,
                    _("Someone else changed these figures meanwhile; yours have NOT been saved."),
                )
                return redirect(request.path)
            if outcome.submitted:
                messages.success(request, _("The school-leader figures have been submitted."))
                return redirect("submissions:school-leaders-receipt", round_.pk, board.number)
            warnings = outcome.warnings
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
    context.update(
        form=form,
        warnings=warnings,
        definitions=SCHOOL_LEADER_DEFINITIONS,
        has_errors=form.has_errors,
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
    values = SchoolLeaderFigures.from_registration(registration).snapshot()
    return {
        "round": {"peildatum": registration.round.peildatum.isoformat()},
        "function": "schoolleider",
        "submitted": True,
        "board": {"number": registration.board.number, "name": registration.board.name},
        **submission_data(registration, values),
        "versions": [version_data(v) for v in registration.versions.order_by("number")],
    }


def receipt(request, round_id, number):
    """The receipt (or its ``.json`` file); before anything was submitted, the form."""
    registration = _registration(request, round_id)
    if is_twin(request):
        return _receipt_file(request, registration)
    if registration is None:
        return redirect("submissions:school-leaders", round_id, number)
    return render(
        request,
        "submissions/school_leaders_receipt.html",
        {
            "registration": registration,
            "data": receipt_data(registration),
            "versions": registration.versions.order_by("number"),
        },
    )


def _receipt_file(request, registration):
    """The receipt as a file to keep (``ontvangstbewijs.json``); before anything was submitted,
    a record saying so."""
    if registration is None:
        board = request.permission_object
        return json_answer({"function": "schoolleider", "board": board.number, "submitted": False})
    response = json_answer(receipt_data(registration), indent=2)
    name = f"ontvangstbewijs-schoolleiding-{registration.board.number}-{registration.round.peildatum}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
