"""Read-only questions pages and exports ask of the policy register.

The public sees approved statuses of sent letters only; ministry staff (`monitor.edit`) also see
planned letters and draft statuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from tekort.monitor.models import Item, Kind, Letter, Status, Study


def can_edit(user) -> bool:
    return user.has_perm("monitor.edit")


def visible_letters(user) -> QuerySet[Letter]:
    letters = Letter.objects.all()
    return letters if can_edit(user) else letters.filter(is_planned=False)


def visible_statuses(user) -> QuerySet[Status]:
    statuses = Status.objects.select_related("letter")
    if can_edit(user):
        return statuses
    return statuses.filter(state=Status.State.APPROVED, letter__is_planned=False)


def public_statuses() -> QuerySet[Status]:
    return Status.objects.filter(state=Status.State.APPROVED, letter__is_planned=False)


def items_with_latest_status() -> QuerySet[Item]:
    """Every item, annotated with its latest public status class and letter."""
    latest = public_statuses().filter(item=OuterRef("pk")).order_by("-letter__date", "-position")
    return (
        Item.objects.annotate(
            latest_status=Subquery(latest.values("status_class")[:1]),
            latest_letter=Subquery(latest.values("letter_id")[:1]),
        )
        .prefetch_related(
            Prefetch("statuses", queryset=public_statuses().select_related("letter")),
            "flags",
        )
        .select_related("deadline")
        .order_by("id")
    )


@dataclass(frozen=True)
class ItemFilters:
    query: str = ""
    kind: str = ""
    theme: str = ""
    status: str = ""
    year: int | None = None
    submitter: str = ""


def filter_items(filters: ItemFilters) -> QuerySet[Item]:
    items = items_with_latest_status()
    if filters.kind:
        items = items.filter(kind=filters.kind)
    else:  # announcements are listed apart (`/beleid/aankondigingen/`)
        items = items.exclude(kind=Kind.AANKONDIGING)
    if filters.theme:
        items = items.filter(Q(theme=filters.theme) | Q(theme_secondary=filters.theme))
    if filters.status:
        items = items.filter(latest_status=filters.status)
    if filters.year:
        letters = public_statuses().filter(letter__date__year=filters.year)
        items = items.filter(pk__in=letters.values("item_id"))
    if filters.submitter:
        items = items.filter(indieners__icontains=filters.submitter)
    if filters.query:
        items = search_items(items, filters.query)
    return items


def search_items(items: QuerySet[Item], query: str) -> QuerySet[Item]:
    """Full-text search over titles, requests, submitters, kamerstukken and the status texts.

    PostgreSQL: its full-text search with the Dutch configuration (stemming: `leraren` finds
    `leraar`). Other databases (SQLite): every word must occur somewhere (icontains).
    """
    query = query.strip()[:200]
    if not query:
        return items
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, config="dutch", search_type="websearch")
        in_status = (
            public_statuses()
            .annotate(search=SearchVector("text", "heading", config="dutch"))
            .filter(search=terms)
            .values("item_id")
        )
        return items.annotate(
            search=SearchVector(
                "title", "request", "indieners", "kamerstuk", "item_ref", config="dutch"
            )
        ).filter(Q(search=terms) | Q(pk__in=in_status) | Q(kamerstuk__icontains=query))
    for word in query.split()[:8]:
        in_status = public_statuses().filter(Q(text__icontains=word) | Q(heading__icontains=word))
        items = items.filter(
            Q(title__icontains=word)
            | Q(request__icontains=word)
            | Q(indieners__icontains=word)
            | Q(kamerstuk__icontains=word)
            | Q(item_ref__icontains=word)
            | Q(pk__in=in_status.values("item_id"))
        )
    return items


def submitters() -> list[str]:
    """The names of submitters (motions' indieners), without 'c.s.' and party labels."""
    names = set()
    for value in Item.objects.exclude(kind="kamervraag").values_list("indieners", flat=True):
        for part in value.split(";"):
            name = re.sub(r"\s*(c\.s\.|\(.*?\))\s*", " ", part).strip()
            if name and name[0].isupper() and name not in ("de Kamer",):
                names.add(name)
            elif name:
                names.add(name[0].upper() + name[1:])
    return sorted(names - {"De Kamer", "Commissie"}, key=str.casefold)


def letter_years() -> list[int]:
    return sorted({d.year for d in public_statuses().values_list("letter__date", flat=True)})


def studies() -> QuerySet[Study]:
    return Study.objects.filter(letter__is_planned=False).select_related("letter")
