"""Pages on due dates: what is overdue (with counts per status class and per letter), the
announced deliverables, and staff's correction of a due date. Each public page also as .json and
.csv."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tekort.monitor import editing, exports, overdue
from tekort.monitor.forms import DeadlineForm, OverdueForm
from tekort.monitor.models import Item
from tekort.page_twins import is_twin, json_error, page_or_twin


def _on(request):
    """The day to judge on (`?datum=`, default today) and the form, or a Dutch error."""
    form = OverdueForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return None, form
    day = form.cleaned_data.get("datum") if form.is_bound else None
    return day or timezone.localdate(), form


def _overdue_context(on):
    register = list(overdue.register_items())
    announced = list(overdue.announced_items())
    return {
        "on": on,
        "late": overdue.overdue_items(register, on),
        "late_announced": overdue.overdue_items(announced, on),
        "per_class": overdue.class_counts(register, on),
        "per_letter": overdue.letter_counts(register, on),
        "announced_per_class": overdue.class_counts(announced, on),
        "register_total": len(register),
        "register_with_due": sum(1 for i in register if overdue.deadline_of(i)),
        "announced_total": len(announced),
        "announced_with_due": sum(1 for i in announced if overdue.deadline_of(i)),
    }


def _csv(rows, columns, filename):
    response = HttpResponse(exports.rows_csv(rows, columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def overdue_list(request):
    """What is overdue on a day, or (``te-laat.json``) the same as data."""
    on, form = _on(request)
    if on is None:
        if is_twin(request):
            return json_error(errors=form.errors.get_json_data(), status=400)
        return render(request, "monitor/overdue_list.html", {"form": form}, status=400)
    ctx = _overdue_context(on)
    return page_or_twin(
        request, "monitor/overdue_list.html", {"form": form} | ctx, lambda: _overdue_doc(on, ctx)
    )


def _overdue_doc(on, ctx) -> dict:
    return {
        "on": on.isoformat(),
        "rule": "due_date < on and latest_status in (lopend, toegezegd-later)",
        "overdue": [exports.deadline_row(i, on) for i in ctx["late"]],
        "per_status_class": [c.__dict__ for c in ctx["per_class"]],
        "per_letter": [
            {
                "letter": c.letter.id,
                "letter_date": c.letter.date.isoformat(),
                "reported": c.reported,
                "per_status_class": c.per_class,
                "overdue_latest_in_this_letter": c.overdue,
            }
            for c in ctx["per_letter"]
        ],
        "items": ctx["register_total"],
        "items_with_due_date": ctx["register_with_due"],
        "announcements": {
            "items": ctx["announced_total"],
            "with_due_date": ctx["announced_with_due"],
            "per_status_class": [c.__dict__ for c in ctx["announced_per_class"]],
            "overdue": [exports.deadline_row(i, on) for i in ctx["late_announced"]],
        },
    }


def overdue_csv(request):
    on, form = _on(request)
    if on is None:
        return HttpResponse(
            "; ".join(str(e) for e in form.errors.get("datum", [])),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    ctx = _overdue_context(on)
    rows = [exports.deadline_row(i, on) for i in ctx["late"] + ctx["late_announced"]]
    return _csv(rows, exports.DEADLINE_COLUMNS, f"te-laat-{on.isoformat()}.csv")


def announcement_list(request):
    items = list(overdue.announced_items())
    on = timezone.localdate()
    return page_or_twin(
        request,
        "monitor/announcement_list.html",
        {"items": items, "on": on},
        lambda: {
            "on": on.isoformat(),
            "announcements": [exports.item_row(i) | exports.deadline_row(i, on) for i in items],
        },
    )


def announcements_csv(request):
    on = timezone.localdate()
    rows = [exports.deadline_row(i, on) for i in overdue.announced_items()]
    return _csv(rows, exports.DEADLINE_COLUMNS, "aankondigingen.csv")


def item_deadline(request, item_id):
    """Staff: set or correct the due date (recorded in the history; the import keeps it)."""
    item = get_object_or_404(Item.objects.select_related("deadline"), pk=item_id)
    current = overdue.deadline_of(item)
    initial = (
        {"due_date": current.due_date, "precision": current.precision, "note": current.phrase}
        if current
        else {}
    )
    form = DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        editing.set_deadline(request.user, item, **form.cleaned_data)
        messages.success(request, _("The due date was saved."))
        return redirect("monitor:item", item_id=item.pk)
    return render(
        request, "monitor/deadline_form.html", {"item": item, "form": form, "current": current}
    )
