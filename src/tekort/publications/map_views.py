"""The map page: one level of areas, one indicator, one release; with its table and legend."""

from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.charts.numbers import nl_number
from tekort.page_twins import page_or_twin
from tekort.publications import maps, vocabulary
from tekort.publications.headline import release_meta
from tekort.publications.models import Release
from tekort.publications.tables import build_table

LEVELS = {level: vocabulary.BREAKDOWNS[level] for level in vocabulary.MAP_LEVELS}


class MapForm(forms.Form):
    level = forms.ChoiceField(label=_("Areas"), choices=list(LEVELS.items()), required=False)
    measure = forms.ChoiceField(
        label=_("Indicator"), choices=list(vocabulary.MEASURES.items()), required=False
    )
    method = forms.ChoiceField(
        label=_("Estimate for municipalities"),
        choices=[("direct", _("direct estimate")), ("model", _("model-based estimate"))],
        required=False,
    )
    release = forms.ChoiceField(label=_("Release"), required=False)

    def __init__(self, data, releases):
        super().__init__(data)
        self.fields["release"].choices = [
            (r.slug, f"{r.round.peildatum:%d-%m-%Y} · v{r.version}") for r in releases
        ]


def _map(request):
    releases = list(Release.objects.public().select_related("round"))
    if not releases:
        raise Http404
    form = MapForm(request.GET or None, releases)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    current = [r for r in releases if r.superseded_by_id is None] or releases
    release = next((r for r in releases if r.slug == data.get("release")), current[0])
    level = data.get("level") or "municipality_code"
    query = {"measure": data.get("measure") or "tekort", "breakdown": level}
    if level == "municipality_code" and data.get("method") == "model":
        query["method"] = "model"
    table = build_table(release, query)
    return form, valid, release, level, table


def map_page(request):
    """The map, or (``kaart.json``) its areas with their fills; 400 for a refused query."""
    form, valid, release, level, table = _map(request)
    return page_or_twin(
        request,
        "publications/map.html",
        lambda: _map_context(form, release, level, table),
        lambda: {
            "release": release_meta(release),
            "level": level,
            "query": table.query,
            "classes": [{"fill": fill, "label": label} for fill, label in maps.legend_classes()],
            "areas": [{**row, "fill": maps.fill_for(row)} for row in table.rows],
        },
        status=200 if valid else 400,
    )


def _map_context(form, release, level, table) -> dict:
    areas, height = maps.map_areas(level, table.rows)
    for row in table.rows:
        row["anchor"] = maps.anchor(row["domain"].split("=", 1)[1])
    return {
        "form": form,
        "release": release,
        "level": level,
        "level_label": LEVELS[level],
        "table": table,
        "areas": areas,
        "height": height,
        "width": maps.WIDTH,
        "classes": maps.legend_classes(),
        "legend": vocabulary.SYMBOLS,
        "summary": map_summary(table.rows),
        "table_query": urlencode({"release": release.slug, **table.query}),
    }


def map_summary(rows: list[dict]) -> str:
    shown = [r for r in rows if r["percentage"] is not None]
    hidden = len(rows) - len(shown)
    if not shown:
        return gettext("No area has a published value.")
    high = max(shown, key=lambda r: r["percentage"])
    low = min(shown, key=lambda r: r["percentage"])
    return gettext(
        "%(n)s areas have a published value, %(hidden)s have none (suppressed or too little "
        "response). Highest: %(high)s (%(high_pct)s%%); lowest: %(low)s (%(low_pct)s%%)."
    ) % {
        "n": len(shown),
        "hidden": hidden,
        "high": high["label"],
        "high_pct": nl_number(high["percentage"]),
        "low": low["label"],
        "low_pct": nl_number(low["percentage"]),
    }
