"""The register as open data: flat rows (CSV, list JSON) and item, letter and study documents."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from tekort.formula_injection import csv_cell
from tekort.monitor.indicators import current_figure
from tekort.monitor.models import Figure, Item, Letter, Status, Study
from tekort.monitor.overdue import deadline_of, is_overdue, open_since

ITEM_COLUMNS = (
    "id",
    "kind",
    "kamerstuk",
    "kamerstuk_norm",
    "item_ref",
    "indieners",
    "date_of_commitment",
    "title",
    "request",
    "request_source",
    "request_letter",
    "theme",
    "theme_secondary",
    "letters",
    "latest_letter",
    "latest_status",
    "flags",
    "notes",
    "due_date",
    "due_precision",
    "due_phrase",
    "due_source",
    "open_since",
    "overdue",
)


def item_row(item: Item) -> dict:
    """One item as a flat row; `item` comes from `querysets.items_with_latest_status`."""
    return {
        "id": item.id,
        "kind": item.kind,
        "kamerstuk": item.kamerstuk,
        "kamerstuk_norm": item.kamerstuk_norm,
        "item_ref": item.item_ref,
        "indieners": item.indieners,
        "date_of_commitment": item.date_of_commitment,
        "title": item.title,
        "request": item.request,
        "request_source": item.request_source,
        "request_letter": item.request_letter_id or "",
        "theme": item.theme,
        "theme_secondary": item.theme_secondary,
        "letters": ";".join(s.letter_id for s in item.statuses.all()),
        "latest_letter": item.latest_letter or "",
        "latest_status": item.latest_status or "",
        "flags": ";".join(f"{f.kind}:{f.other_id or ''}".rstrip(":") for f in item.flags.all()),
        "notes": item.notes,
    } | _due(item, timezone.localdate())


def _due(item: Item, on) -> dict:
    """An item's due date as flat fields; `overdue` is judged on `on`."""
    deadline = deadline_of(item)
    since = open_since(item)
    return {
        "due_date": deadline.due_date.isoformat() if deadline else "",
        "due_precision": deadline.precision if deadline else "",
        "due_phrase": deadline.phrase if deadline else "",
        "due_source": deadline.source if deadline else "",
        "open_since": since.date.isoformat() if since else "",
        "overdue": is_overdue(item, on),
    }


DEADLINE_COLUMNS = (
    "id",
    "kind",
    "title",
    "kamerstuk",
    "due_date",
    "period_start",
    "due_precision",
    "due_phrase",
    "due_source",
    "due_letter",
    "latest_status",
    "latest_letter",
    "open_since",
    "open_since_letter",
    "overdue",
    "days_overdue",
)


def deadline_row(item: Item, on) -> dict:
    """An item's due date and how late it is on `on` (`item` as from `overdue.register_items`)."""
    deadline = deadline_of(item)
    since = open_since(item)
    late = is_overdue(item, on)
    return _due(item, on) | {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "kamerstuk": item.kamerstuk or item.item_ref,
        "period_start": deadline.period_start.isoformat()
        if deadline and deadline.period_start
        else "",
        "due_letter": (deadline.letter_id or "") if deadline else "",
        "latest_status": item.latest_status or "",
        "latest_letter": item.latest_letter or "",
        "open_since_letter": since.id if since else "",
        "days_overdue": (on - deadline.due_date).days if late else "",
    }


# The CSV files' column headers: Dutch, fixed (a file does not depend on its reader's
# language). The JSON documents keep the English field names API consumers use; ``HEADERS``
# maps one to the other. Dutch names of the register (kamerstuk, indieners) stay as they are.
HEADERS = {
    "id": "id",
    "kind": "soort",
    "kamerstuk": "kamerstuk",
    "kamerstuk_norm": "kamerstuk_genormaliseerd",
    "item_ref": "verwijzing",
    "indieners": "indieners",
    "date_of_commitment": "datum_toezegging",
    "title": "titel",
    "request": "verzoek",
    "request_source": "bron_verzoek",
    "request_letter": "brief_verzoek",
    "theme": "thema",
    "theme_secondary": "tweede_thema",
    "letters": "brieven",
    "latest_letter": "laatste_brief",
    "latest_status": "laatste_stand",
    "flags": "kenmerken",
    "notes": "notities",
    "due_date": "uiterste_datum",
    "due_precision": "precisie_uiterste_datum",
    "due_phrase": "termijn_zoals_geschreven",
    "due_source": "bron_termijn",
    "open_since": "open_sinds",
    "overdue": "te_laat",
    "period_start": "begin_periode",
    "due_letter": "brief_termijn",
    "open_since_letter": "open_sinds_brief",
    "days_overdue": "dagen_te_laat",
    "study_id": "onderzoek_id",
    "letter": "brief",
    "authors": "auteurs",
    "bureau": "bureau",
    "year": "jaar",
    "study_type": "soort_onderzoek",
    "status": "stand",
    "url": "url",
    "summary": "samenvatting",
    "source_quote": "citaat_bron",
    "related_study_ids": "verwante_onderzoeken",
}


def rows_csv(rows: list[dict], columns) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writerow({key: HEADERS[key] for key in writer.fieldnames})
    # text from the register (titles, indieners, notes) may start with = + - @: never a formula
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def status_doc(status: Status) -> dict:
    return {
        "id": status.id,
        "letter": status.letter_id,
        "letter_date": status.letter.date.isoformat(),
        "section": status.section,
        "heading": status.heading,
        "kamerstuk_as_written": status.kamerstuk_as_written,
        "text": status.text,
        "fragments": status.fragments,
        "shared_group": status.shared_group,
        "status_class": status.status_class,
        "reason": status.reason,
        "state": status.state,
        "notes": status.notes,
    }


def figure_doc(figure: Figure) -> dict:
    return {
        "id": figure.id,
        "letter": figure.letter_id,
        "subject": figure.subject,
        "value": float(figure.value),
        "value_as_written": figure.value_as_written,
        "unit": figure.unit,
        "per": figure.per,
        "qualifier": figure.qualifier,
        "reference_period": figure.reference_period,
        "geography": figure.geography,
        "sector": figure.sector,
        "interval": None,
        "source_quote": figure.source_quote,
        "indicator": figure.indicator_id,
    }


def indicator_doc(indicator) -> dict:
    current = current_figure(indicator)
    return {
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "description": indicator.description,
        "current": figure_doc(current) if current else None,
    }


def item_doc(item: Item, statuses) -> dict:
    return item_row(item) | {
        "statuses": [status_doc(s) for s in statuses],
        "indicators": [indicator_doc(i) for i in item.indicators.all()],
        "figures": [figure_doc(f) for f in item.figures.all()],
        "flags": [{"kind": f.kind, "other": f.other_id} for f in item.flags.all()],
    }


def letter_doc(letter: Letter, statuses) -> dict:
    return {
        "id": letter.id,
        "date": letter.date.isoformat(),
        "date_precision": letter.date_precision,
        "date_source": letter.date_source,
        "kamerstuk": letter.kamerstuk,
        "title": letter.title,
        "doc_type": letter.doc_type,
        "senders": letter.senders,
        "source_file": letter.source_file,
        "notes": letter.notes,
        "is_planned": letter.is_planned,
        "statuses": [status_doc(s) | {"item": s.item_id} for s in statuses],
        "figures": [figure_doc(f) for f in letter.figures.all()],
        "studies": [s.id for s in letter.studies.all()],
    }


STUDY_COLUMNS = (
    "id",
    "study_id",
    "letter",
    "title",
    "authors",
    "bureau",
    "year",
    "study_type",
    "status",
    "kamerstuk",
    "url",
    "summary",
    "source_quote",
    "related_study_ids",
    "notes",
)


def study_row(study: Study) -> dict:
    return {c: getattr(study, c) for c in STUDY_COLUMNS if c != "letter"} | {
        "letter": study.letter_id
    }
