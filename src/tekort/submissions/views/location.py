"""The location form: prefilled, draft, submit with hard errors and confirmed warnings; receipt."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tekort.page_twins import is_twin, json_answer, page_or_twin
from tekort.registry import vo_subjects
from tekort.registry.models import Sector, VoSubject
from tekort.submissions import intake
from tekort.submissions.figures import Figures
from tekort.submissions.forms import (
    DRAFT,
    SUBJECT_FIELD_LABELS,
    RegistrationForm,
    describe,
    initial_from,
)
from tekort.submissions.models import Draft, Registration, Round
from tekort.submissions.questions import MEASURES, SUBJECT_DEFINITIONS, SUBJECT_FIELDS
from tekort.submissions.rounds import question_set_of
from tekort.submissions.views.registering import submission_data, submit_form, version_data


def _round_for(location, round_id) -> Round:
    round_ = get_object_or_404(Round, pk=round_id)
    if location.sector not in round_.sectors:
        raise Http404
    return round_


def _subjects_for(round_, location) -> list:
    """The vo subjects the form asks this location (none outside vo)."""
    return vo_subjects.subjects_on(round_.peildatum) if location.sector == Sector.VO else []


def registration_form(request, round_id, code):
    location = request.permission_object
    round_ = _round_for(location, round_id)
    subjects = _subjects_for(round_, location)
    registration = Registration.objects.filter(round=round_, location=location).first()
    # The per-subject definitions (issue 20), unless the round's question set words them itself.
    definitions = {**SUBJECT_DEFINITIONS, **question_set_of(round_).definitions}
    context = {"round": round_, "location": location, "registration": registration}
    if not round_.is_open():
        status = 409 if request.method == "POST" else 200
        return render(request, "submissions/closed.html", context, status=status)
    warnings, conflict = [], None
    if request.method == "POST":
        form = RegistrationForm(request.POST, sector=location.sector, subjects=subjects)
        draft = form.draft_data() if request.POST.get("action") == DRAFT else None
        if draft is not None:
            data, base_version = draft
            intake.save_draft(round_, location, data, user=request.user, base_version=base_version)
            messages.success(request, _("Draft saved. It is not submitted yet."))
            return redirect(request.path)
        if request.POST.get("action") == DRAFT:
            pass  # a draft that cannot be saved: the form shows why
        elif form.is_valid():
            try:
                outcome = submit_form(request, form, intake.submit, round_, location)
            except intake.VersionConflict:
                conflict = Registration.objects.filter(round=round_, location=location).first()
                data = request.POST.copy()
                data["version"] = conflict.version if conflict else 0
                data["confirm_warnings"] = ""
                form = RegistrationForm(data, sector=location.sector, subjects=subjects)
                form.is_valid()
            except intake.RoundClosed:
                return render(request, "submissions/closed.html", context, status=409)
            else:
                if outcome.submitted:
                    messages.success(request, _("Your figures have been submitted. Thank you."))
                    return redirect("submissions:receipt", round_id=round_.pk, code=location.code)
                warnings = outcome.warnings
    else:
        form = RegistrationForm(
            initial=_initial(round_, location, registration),
            sector=location.sector,
            subjects=subjects,
        )
    describe(form, definitions)
    context.update(
        form=form,
        regulier_rows=form.measure_rows("regulier"),
        vervanging_rows=form.measure_rows("vervanging"),
        subject_rows=form.subject_rows(),
        definitions=definitions,
        warnings=warnings,
        conflict=conflict,
        conflict_values=Figures.from_registration(conflict).snapshot() if conflict else None,
        draft=Draft.objects.filter(round=round_, location=location).first(),
        has_errors=form.has_errors,
    )
    status = 409 if conflict else 400 if context["has_errors"] else 200
    return render(request, "submissions/form.html", context, status=status)


def _initial(round_, location, registration) -> dict:
    draft = Draft.objects.filter(round=round_, location=location).first()
    if draft:
        return {**draft.data, "version": draft.base_version}
    if registration:
        return initial_from(
            Figures.from_registration(registration), pupils=None, version=registration.version
        )
    previous = intake.previous_figures(round_, [location.code]).get(location.code)
    pupils = intake.duo_pupils([location.code]).get(location.code)
    initial = initial_from(None, pupils=pupils, version=0)
    if previous:
        initial["formatie"] = f"{previous.formatie:.2f}"
    return initial


def _registration(request, round_id, code) -> Registration:
    location = request.permission_object
    return get_object_or_404(
        Registration.objects.select_related("round", "location", "submitted_by"),
        round_id=round_id,
        location=location,
        submitted_at__isnull=False,
    )


def receipt_data(registration: Registration) -> dict:
    return {
        "round": {"peildatum": registration.round.peildatum.isoformat()},
        "question_set": question_set_of(registration.round).version,
        "location": {"code": registration.location_id, "name": registration.location.name},
        **submission_data(registration, Figures.from_registration(registration).snapshot()),
    }


def receipt(request, round_id, code):
    """The receipt, or (``ontvangstbewijs.json``) the same as a file to keep."""
    registration = _registration(request, round_id, code)
    if is_twin(request):
        return _receipt_file(registration)
    data = receipt_data(registration)
    measures = [
        (cell, code, MEASURES.get(code, code), fte)
        for cell, codes in data["values"]["hidden_measures"].items()
        for code, fte in codes.items()
    ]
    given = data["values"].get("subjects", {})
    subjects = [
        (subject.code, subject.name, [given[subject.code][name] for name in SUBJECT_FIELDS])
        for subject in VoSubject.objects.filter(code__in=list(given))  # the ministry's order
    ]
    return render(
        request,
        "submissions/receipt.html",
        {
            "registration": registration,
            "data": data,
            "measures": measures,
            "subjects": subjects,
            "subject_headers": [SUBJECT_FIELD_LABELS[name] for name in SUBJECT_FIELDS],
        },
    )


def _receipt_file(registration: Registration):
    response = json_answer(receipt_data(registration), indent=2)
    name = f"ontvangstbewijs-{registration.location_id}-{registration.round.peildatum}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def versions(request, round_id, code):
    registration = _registration(request, round_id, code)
    return page_or_twin(
        request,
        "submissions/versions.html",
        lambda: {
            "registration": registration,
            "versions": registration.versions.order_by("-number"),
        },
        lambda: {
            "location": registration.location_id,
            "round": registration.round.peildatum.isoformat(),
            "versions": [
                {**version_data(v), "warnings": v.warnings}
                for v in registration.versions.order_by("number")
            ],
        },
    )
