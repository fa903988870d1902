"""A release compared with the same peildatum a year earlier: page, JSON and CSV.

Everything shown is the release's frozen ``ReleaseChange`` (computed at publication,
``publications.changes``); a difference that either release withholds shows only its symbol.
"""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from tekort.formula_injection import csv_cell
from tekort.page_twins import is_twin, json_answer
from tekort.publications import vocabulary
from tekort.publications.downloads import DEMO_COLUMN, demo_value
from tekort.publications.frozen import frozen_response, not_modified
from tekort.publications.headline import release_meta
from tekort.publications.models import Release, ReleaseChange
from tekort.publications.presentation import round_half_up

# the CSV's columns (JSON field names) and their fixed Dutch headers
CSV_HEADERS = {
    DEMO_COLUMN: "demo",
    "peildatum": "peildatum",
    "earlier_peildatum": "peildatum_jaar_eerder",
    "release": "publicatie",
    "earlier_release": "publicatie_jaar_eerder",
    "breakdown": "indeling",
    "domain": "domein",
    "label": "naam",
    "percentage_earlier": "percentage_jaar_eerder",
    "percentage": "percentage",
    "difference": "verschil_procentpunt",
    "difference_ci_low": "verschil_ondergrens",
    "difference_ci_high": "verschil_bovengrens",
    "n_both": "scholen_beide_keren",
    "verdict": "oordeel",
    "flags": "symbolen",
}


def _release(slug: str) -> Release:
    return get_object_or_404(
        Release.objects.public().select_related("round", "superseded_by"), slug=slug
    )


def _change(release: Release) -> ReleaseChange | None:
    return (
        ReleaseChange.objects.filter(release=release, earlier_release__published_at__isnull=False)
        .select_related("earlier_release__round", "earlier_release__superseded_by")
        .first()
    )


def _one(value):
    return None if value is None else round_half_up(value, 1)


def _two(value):
    """A difference in percentage points to two decimals: a change of a few tenths shows, and
    an interval that ends just short of 0 does not print as 0."""
    return None if value is None else round_half_up(value, 2)


def breakdown_label(breakdown: str) -> str:
    """A breakdown's name; a crossing without a name of its own joins its parts' names."""
    if breakdown in vocabulary.BREAKDOWNS:
        return str(vocabulary.BREAKDOWNS[breakdown])
    return " × ".join(str(vocabulary.BREAKDOWNS.get(p, p)) for p in breakdown.split(":"))


def public_rows(change: ReleaseChange | None) -> list[dict]:
    """The comparison's rows as the public sees them (percentages to one decimal)."""
    if change is None:
        return []
    out = []
    for row in change.rows:
        shown = "difference_pp" in row
        out.append(
            {
                "breakdown": row["breakdown"],
                "breakdown_label": breakdown_label(row["breakdown"]),
                "domain": row["domain"],
                "label": vocabulary.domain_label(row["domain"]),
                "percentage_earlier": _one(row.get("rate_earlier_pct")),
                "percentage": _one(row.get("rate_later_pct")),
                "difference": _two(row.get("difference_pp")),
                "difference_ci_low": _two(row.get("ci_low_pp")),
                "difference_ci_high": _two(row.get("ci_high_pp")),
                "n_both": row.get("n_both"),
                "verdict": row.get("verdict") if shown else None,
                "flags": [] if shown else [row["symbol"]],
            }
        )
    return out


def release_change(request, slug):
    release = _release(slug)
    if is_twin(request):
        return _release_change_json(request, release)
    change = _change(release)
    rows = public_rows(change)
    return render(
        request,
        "publications/change.html",
        {
            "release": release,
            "change": change,
            "national": next((r for r in rows if r["breakdown"] == "national"), None),
            "rows": rows,
            "legend_symbols": vocabulary.SYMBOLS,
        },
    )


def _release_change_json(request, release):
    """The twin: frozen with the release's ETag (the page is not)."""
    if not_modified(request, release):
        return frozen_response(HttpResponse(status=304), release)
    change = _change(release)
    body = {
        "release": release_meta(release),
        "earlier_release": release_meta(change.earlier_release) if change else None,
        "function": "leraar",
        "measure": "tekort",
        "n_both": change.n_both if change else None,
        "n_bootstrap": change.n_bootstrap if change else None,
        "method_version": change.method_version if change else None,
        "rows": public_rows(change),
    }
    return frozen_response(json_answer(body), release)


def release_change_csv(request, slug):
    release = _release(slug)
    if not_modified(request, release):
        return frozen_response(HttpResponse(status=304), release)
    change = _change(release)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_HEADERS), lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    demo = demo_value(release.round.is_demo)
    for row in public_rows(change):
        record = {
            DEMO_COLUMN: demo,
            "peildatum": release.round.peildatum.isoformat(),
            "earlier_peildatum": change.earlier_release.round.peildatum.isoformat(),
            "release": release.slug,
            "earlier_release": change.earlier_release.slug,
            **{k: row[k] for k in CSV_HEADERS if k in row and k != "flags"},
            "flags": " ".join(f"[{f}]" for f in row["flags"]),
        }
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in record.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tekort-{release.slug}-verandering.csv"'
    )
    return frozen_response(response, release)
