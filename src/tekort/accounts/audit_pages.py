"""The audit trail for administrators (audit.view_events): a page, .json and .csv."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse

from tekort.audit.models import Event
from tekort.formula_injection import neutralise_row
from tekort.page_twins import page_or_twin

PAGE_SIZE = 100


def _events(request):
    events = Event.objects.all()
    action = request.GET.get("action", "")
    if action in Event.Action.values:
        events = events.filter(action=action)
    user = request.GET.get("user", "").strip()[:150]
    if user:
        events = events.filter(actor_name__iexact=user)
    return events, action, user


def _as_json(event: Event) -> dict:
    return {
        "at": event.at.isoformat(),
        "user": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "detail": event.detail,
        "ip_address": event.ip_address,
    }


def event_list(request):
    """A page of the trail, or (``audit.json``) the same page as data."""
    events, action, user = _events(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return page_or_twin(
        request,
        "accounts/audit.html",
        {"page": page, "actions": Event.Action.choices, "action": action, "user": user},
        lambda: {
            "page": page.number,
            "pages": page.paginator.num_pages,
            "count": page.paginator.count,
            "events": [_as_json(e) for e in page],
        },
    )


def event_list_csv(request):
    events, _action, _user = _events(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    writer = csv.writer(response)
    fields = ["at", "user", "action", "object_type", "object_id", "detail", "ip_address"]
    writer.writerow(fields)
    for event in events.iterator():
        row = _as_json(event)
        writer.writerow(neutralise_row(row[f] for f in fields))
    return response
