"""The table tool: a query (release, indicator, breakdown, filters) → a table of public cells.

A query reads only the stored cells of releases (never live registrations), so a table is
frozen by its release versions: a permalink stores the release and the normalised query.
Several peildata go in one table, as explore-education-statistics puts time periods side by
side: the query's ``compare`` names the other releases (by slug, so by version), and the table
gets one column per peildatum.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from tekort.publications import public_figures, vocabulary
from tekort.publications.headline import is_provisional, public_status
from tekort.publications.models import Release, ReleaseCell
from tekort.publications.presentation import public_cell

FILTER_DIMENSIONS = ("sector", "g5", "schoolweging_band")
TEACHERS = "leraar"
METHODS = {
    "direct": _("direct estimate"),
    "model": _("model-based estimate (municipalities, onderwijsregio × po/vo)"),
}
# the breakdowns with a model-based (Fay–Herriot) estimate beside the direct one; in a direct
# table, a class F rate of public_figures.FILLED_BY_MODEL shows its model rate in its place
MODEL_BREAKDOWNS = ("municipality_code", "onderwijsregio:sector_group")


class TableForm(forms.Form):
    """The table tool's choices; every choice is validated against the release's stored cells."""

    release = forms.ChoiceField(label=_("Release"), required=False)
    function = forms.ChoiceField(
        label=_("Function"),
        choices=list(vocabulary.FUNCTIONS.items()),
        initial=TEACHERS,
        required=False,
        help_text=_(
            "School leaders are asked per school board: their figures exist for the nation, "
            "the sectors and the onderwijsregio's only."
        ),
    )
    measure = forms.ChoiceField(
        label=_("Indicator"),
        choices=list(vocabulary.MEASURES.items()),
        initial="tekort",
        required=False,
    )
    breakdown = forms.ChoiceField(label=_("Breakdown"), initial="sector", required=False)
    sector = forms.ChoiceField(label=_("Filter: sector"), required=False)
    g5 = forms.ChoiceField(label=_("Filter: G5"), required=False)
    schoolweging_band = forms.ChoiceField(label=_("Filter: schoolweging"), required=False)
    q = forms.CharField(
        label=_("Filter: area name contains"),
        required=False,
        max_length=60,
        help_text=_("For example a municipality or a region; leave empty for every row."),
    )
    method = forms.ChoiceField(
        label=_("Estimate"), choices=list(METHODS.items()), required=False, initial="direct"
    )
    compare = forms.MultipleChoiceField(
        label=_("Also show these peildata"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The same figures at other peildata, in columns beside each other. Compare a "
            "peildatum with the same month a year earlier: February and October differ by season."
        ),
    )

    def __init__(self, data=None, *, releases, breakdowns: dict[str, set[str]], chosen=None):
        """``breakdowns``: per function, the breakdowns the chosen release holds cells of;
        ``chosen``: the release the table is of (the other current releases can be compared)."""
        if data is not None:
            compare = data.getlist("compare") if hasattr(data, "getlist") else data.get("compare")
            data = {k: v for k, v in data.items() if v != "" and k != "compare"}
            if compare:
                data["compare"] = [slug for slug in compare if slug]
            data = data or None
        super().__init__(data)
        self.releases = {r.slug: r for r in releases}
        self.chosen = chosen
        self.breakdowns_of = breakdowns
        every = set().union(*breakdowns.values())
        self.fields["release"].choices = [("", _("latest"))] + [
            (r.slug, f"{r.round.peildatum:%d-%m-%Y} · v{r.version} · {_status_label(r)}")
            for r in releases
        ]
        self.fields["compare"].choices = [
            (r.slug, f"{r.round.peildatum:%d-%m-%Y}")
            for r in sorted(releases, key=lambda r: r.round.peildatum)
            if r.superseded_by_id is None and (chosen is None or r.round_id != chosen.round_id)
        ]
        self.fields["breakdown"].choices = [
            (b, vocabulary.BREAKDOWNS[b]) for b in vocabulary.BREAKDOWNS if b in every
        ]
        anything = [("", _("all"))]
        self.fields["sector"].choices = anything + list(vocabulary.SECTORS.items())
        self.fields["g5"].choices = anything + list(vocabulary.G5.items())
        self.fields["schoolweging_band"].choices = anything + list(vocabulary.SCHOOLWEGING.items())

    def clean(self):
        data = super().clean()
        function = data.get("function") or TEACHERS
        breakdown = data.get("breakdown") or "sector"
        if breakdown not in self.breakdowns_of.get(function, set()):
            self.add_error(
                "breakdown",
                _("This release has no figures of %(function)s by this breakdown.")
                % {"function": vocabulary.FUNCTIONS.get(function, function)},
            )
        return data

    def query(self) -> dict:
        """The normalised query (only what changes the table), for permalinks and URLs."""
        data = self.cleaned_data if self.is_bound else {}
        breakdown = data.get("breakdown") or "sector"
        dims = breakdown.split(":")
        query = {"measure": data.get("measure") or "tekort", "breakdown": breakdown}
        if data.get("function") and data["function"] != TEACHERS:
            query["function"] = data["function"]  # absent = teachers (older permalinks too)
        for dim in FILTER_DIMENSIONS:
            if data.get(dim) and dim in dims:
                query[dim] = data[dim]
        if data.get("q"):
            query["q"] = data["q"].strip()
        if breakdown in MODEL_BREAKDOWNS and data.get("method") == "model":
            query["method"] = "model"
        if data.get("compare"):
            others = [self.releases[slug] for slug in set(data["compare"])]
            query["compare"] = [
                r.slug for r in sorted(others, key=lambda r: (r.round.peildatum, r.version))
            ]
        return query


def _status_label(release: Release) -> str:
    """The status a release choice shows; a demo release says so (and is never final)."""
    label = str(Release.Status(public_status(release)).label)
    return f"{label} · {_('demo data')}" if release.round.is_demo else label


@dataclass
class Table:
    release: Release
    query: dict
    rows: list[dict]
    # every release of the table with its rows, by peildatum: the chosen one and the compared ones
    periods: list[tuple[Release, list[dict]]] = field(default_factory=list)

    @property
    def compared(self) -> bool:
        return len(self.periods) > 1

    @property
    def comparison_rows(self) -> list[dict]:
        """One row per area: its label and, per peildatum, its cell there (None: no such cell)."""
        by_domain = [{r["domain"]: r for r in rows} for _release, rows in self.periods]
        order = list(dict.fromkeys(r["domain"] for _release, rows in self.periods for r in rows))
        primary = [r["domain"] for r in self.rows]
        order = primary + [d for d in order if d not in set(primary)]
        return [
            {
                "label": vocabulary.domain_label(domain),
                "cells": [cells.get(domain) for cells in by_domain],
            }
            for domain in order
        ]

    @property
    def provisional(self) -> bool:
        return is_provisional(self.release)

    @property
    def demo(self) -> bool:
        """Figures of a demo round (generated registrations, not measurements)."""
        return self.release.round.is_demo

    @property
    def title(self) -> str:
        measure = vocabulary.MEASURES[self.query["measure"]]
        breakdown = vocabulary.BREAKDOWNS[self.query["breakdown"]]
        filters = [
            vocabulary.value_label(dim, self.query[dim])
            for dim in FILTER_DIMENSIONS
            if dim in self.query
        ]
        if "q" in self.query:
            filters.append(f"“{self.query['q']}”")
        where = f" ({', '.join(filters)})" if filters else ""
        values = {
            "measure": measure,
            "function": vocabulary.FUNCTIONS[self.query.get("function", TEACHERS)],
            "breakdown": str(breakdown).lower(),
            "where": where,
            "date": f"{self.release.round.peildatum:%d-%m-%Y}",
        }
        if self.compared:
            values["date"] = ", ".join(f"{r.round.peildatum:%d-%m-%Y}" for r, _rows in self.periods)
            return _("%(measure)s of %(function)s by %(breakdown)s%(where)s, peildata %(date)s") % (
                values
            )
        return _("%(measure)s of %(function)s by %(breakdown)s%(where)s, peildatum %(date)s") % (
            values
        )

    @property
    def symbols_used(self) -> set[str]:
        return {f for row in self.rows for f in row["flags"]}


def build_table(release: Release, query: dict) -> Table:
    """The rows of a query against the stored cells of ``release`` and, for ``compare``, of
    each compared (published) release."""
    rows = _rows(release, query)
    periods = [(release, rows)]
    if query.get("compare"):
        others = Release.objects.public().select_related("round").filter(slug__in=query["compare"])
        periods += [(other, _rows(other, query)) for other in others if other.pk != release.pk]
        periods.sort(key=lambda period: (period[0].round.peildatum, period[0].version))
    return Table(release, query, rows, periods)


def _rows(release: Release, query: dict) -> list[dict]:
    function = query.get("function", TEACHERS)
    cells = ReleaseCell.objects.filter(
        release=release,
        function=function,
        breakdown=query["breakdown"],
        measure=query["measure"],
        is_model_based=query.get("method") == "model",
    )
    provisional = is_provisional(release)
    # a direct table: a class F rate stands as its model rate where one is published
    direct = query.get("method") != "model" and query["measure"] == public_figures.SHORTAGE
    models = (
        public_figures.models_in_place(release, query["breakdown"], function=function)
        if direct
        else {}
    )
    rows = []
    for cell in cells:
        parts = vocabulary.parse_domain(cell.domain)
        if any(parts.get(dim) != query[dim] for dim in FILTER_DIMENSIONS if dim in query):
            continue
        row = public_cell(public_figures.in_place(cell, models), provisional=provisional)
        if "q" in query and query["q"].casefold() not in row["label"].casefold():
            continue
        row["sort"] = vocabulary.sort_key(cell.breakdown, cell.domain)
        rows.append(row)
    rows.sort(key=lambda r: r.pop("sort"))
    return rows


def query_key(release: Release, query: dict) -> str:
    canonical = json.dumps({"release": release.slug, **query}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()
