"""Pages of the raming: scenario builder, parameters, back-test, saved scenarios (+ .json/.csv)."""

from __future__ import annotations

import math
from urllib.parse import urlencode

import pandas as pd
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tekort.forecasts import inputs, nowcasting, reality, vintages
from tekort.forecasts.backtesting import run_backtest
from tekort.forecasts.base_year import NEDERLAND, cached_base_table, latest_release
from tekort.forecasts.charts import nowcast_chart, shortage_chart, tornado_chart
from tekort.forecasts.comparison import Comparison, compare
from tekort.forecasts.forms import (
    LEVERS,
    SECTOR_LABELS,
    SaveScenarioForm,
    ScenarioForm,
    default_query,
)
from tekort.forecasts.models import SavedScenario
from tekort.formula_injection import csv_cell
from tekort.page_twins import is_twin, json_answer, json_error, page_or_twin
from tekort_forecast import ScenarioError
from tekort_forecast.sensitivity import tornado

TORNADO_HORIZON = 5  # years after the base year the tornado reports

NO_ROUND = "no published release of an October round yet"


def _table():
    release = latest_release()
    if release is None:
        return None, None
    params = vintages.parameters(vintages.current_vintage())
    return cached_base_table(release, params), params


def _scenario_form(request, table) -> ScenarioForm:
    data = request.GET if request.GET else QueryDict(mutable=True)
    if not request.GET:
        data.update(default_query(table))
    return ScenarioForm(data, table=table)


def _comparison(form: ScenarioForm, params) -> Comparison | None:
    """Run the scenario; a lever the model refuses becomes an error on its field (None).

    None too when the release withholds the base cell: there is nothing to start from.
    """
    region, sector = form.cleaned_data["region"], form.cleaned_data["sector"]
    if form.table.cell(region, sector) is None:
        return None
    try:
        return compare(form.table, params, region, sector, form.scenario)
    except ScenarioError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, _("This value is not allowed with the other levers."))
        return None


def scenario_page(request):
    table, params = _table()
    if table is None:
        return render(request, "forecasts/scenario.html", {"form": None})
    form = _scenario_form(request, table)
    context = {"form": form, "table": table, "levers": LEVERS}
    if form.is_valid():
        query = form.canonical_query()
        if request.GET and list(request.GET.lists()) != list(QueryDict(query).lists()):
            return HttpResponseRedirect(f"{request.path}?{query}")
        comparison = _comparison(form, params)
        if comparison is not None:
            context.update(_result_context(request, comparison, query))
        elif not form.errors:
            context.update(_withheld_context(form))
    return render(request, "forecasts/scenario.html", context)


def _withheld_context(form: ScenarioForm) -> dict:
    """The page for a base cell the release withholds: why, and the nearest published levels."""
    table = form.table
    region, sector = form.cleaned_data["region"], form.cleaned_data["sector"]
    return {
        "withheld": {
            "region": region,
            "sector_label": SECTOR_LABELS[sector],
            "base": base_figure(table, table.published_cell(region, sector)),
            "alternatives": _alternatives(table, region, sector, form.scenario),
            "borrowed": _borrowed(table, region, sector, form.scenario),
        }
    }


def _borrowed(table, region: str, sector: str, scenario) -> dict | None:
    """The raming of a withheld cell from the nearest published level it belongs to (the
    sector nationally), sized by the region's share of the pupils; shares stated."""
    found = table.borrowed(region, sector)
    if found is None or scenario is None:
        return None
    params = vintages.parameters(table.vintage)
    try:
        comparison = compare(table, params, region, sector, scenario, borrowed=True)
    except ScenarioError:
        return None
    source_region, source_sector = found.source
    return {
        "source_region": source_region,
        "source_sector": source_sector,
        "source_sector_label": SECTOR_LABELS[source_sector],
        "source_rate": found.cell.rate,
        "source_rate_pct": 100.0 * found.cell.rate,
        "pupil_share": found.pupil_share,
        "pupil_share_pct": 100.0 * found.pupil_share,
        "pupils": found.cell.pupils,
        "formatie_fte": found.cell.formatie,
        "years": comparison.years,
        "baseline": comparison.series("baseline"),
        "result": comparison.series("scenario"),
        "rows": comparison.rows(),
    }


def _alternatives(table, region: str, sector: str, scenario) -> list[dict]:
    levers = scenario.to_query() if scenario is not None else {}
    return [
        {
            "region": r,
            "sector": s,
            "sector_label": str(SECTOR_LABELS[s]),
            "url": f"{reverse('forecasts:scenario')}?"
            + urlencode({"region": r, "sector": s, **levers}),
        }
        for r, s in table.alternatives(region, sector)
    ]


def _result_context(request, comparison: Comparison, query: str) -> dict:
    labels = {"baseline": _("Baseline"), "scenario": _("Scenario")}
    series = {n: comparison.series(n) for n in ("baseline", "scenario")}
    rows = comparison.rows()
    last, fifth = rows[-1], rows[min(5, len(rows) - 1)]
    cell = comparison.table.cell(comparison.region, comparison.sector)
    difference = last["difference"]
    return {
        "comparison": comparison,
        "rows": rows,
        "chart": shortage_chart(comparison.years, series, labels),
        "query": query,
        "share_url": request.build_absolute_uri(f"{reverse('forecasts:scenario')}?{query}"),
        "sector_label": SECTOR_LABELS[comparison.sector],
        "summary": {
            "measured": rows[0],
            "fifth": fifth,
            "last": last,
            "difference": abs(difference),
            "direction": "lower" if difference < -0.5 else "higher" if difference > 0.5 else "same",
            "base": base_figure(comparison.table, cell),
        },
        **_tornado_context(comparison),
        "save_form": SaveScenarioForm(initial={"query": query}),
        "can_save": request.user.has_perm("forecasts.save_scenario"),
    }


def sensitivity_rows(comparison: Comparison) -> list:
    """The tornado's rows for the scenario's region × sector (central runs, no draws)."""
    params = vintages.parameters(comparison.table.vintage)
    base = comparison.table.base_year(comparison.region, comparison.sector, TORNADO_HORIZON)
    return tornado(base, params, comparison.scenario, horizon=TORNADO_HORIZON)


def _tornado_context(comparison: Comparison) -> dict:
    rows = sensitivity_rows(comparison)
    return {
        "tornado": tornado_chart(rows),
        "tornado_year": comparison.years[0] + TORNADO_HORIZON,
        "assumptions": list(comparison.baseline.assumptions),
    }


def base_figure(table, cell) -> dict:
    """The measured base year exactly as the release publishes it: the figure with its
    interval if the release shows it, else only the symbol (no value, no respondent count)."""
    figure = {
        "release": table.release,
        "release_version": table.release_version,
        "release_status": table.release_status,
        "release_url": reverse("publications:release", args=[table.release]),
        "peildatum": table.peildatum.isoformat(),
        "demo": table.is_demo,
        "published": cell.published,
        "symbol": cell.symbol,
        "locations": cell.locations,
    }
    if cell.published:
        figure.update(
            respondents=cell.respondents,
            formatie_fte=cell.formatie,
            shortage_fte=cell.shortage,
            shortage_rate=cell.rate,
            shortage_fte_ci95=[cell.ci_low, cell.ci_high] if cell.ci_low is not None else None,
        )
    return figure


def _form_errors(form) -> dict:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def _resolved_or_error(request):
    """(comparison, query, withheld, error) for the data endpoints: a comparison and its query;
    or the record of a base cell the release withholds (a valid question with a published
    answer, "not shown": the symbol and the nearest published levels, no series); or an error
    response.
    """
    table, params = _table()
    if table is None:
        return None, None, None, json_error(NO_ROUND, status=404, demo=False)
    form = _scenario_form(request, table)
    comparison = _comparison(form, params) if form.is_valid() else None
    if comparison is None:
        if form.is_valid() and not form.errors:
            return None, None, _withheld_record(form), None
        return None, None, None, json_error(errors=_form_errors(form), status=400)
    return comparison, form.canonical_query(), None, None


def _withheld_record(form: ScenarioForm) -> dict:
    withheld = _withheld_context(form)["withheld"]
    return {
        "region": withheld["region"],
        "sector": form.cleaned_data["sector"],
        "demo": form.table.is_demo,
        "base": withheld["base"],
        "baseline": None,
        "result": None,
        "alternatives": [
            {k: a[k] for k in ("region", "sector", "url")} for a in withheld["alternatives"]
        ],
        "borrowed": (
            {k: v for k, v in withheld["borrowed"].items() if k != "rows"}
            if withheld["borrowed"]
            else None
        ),
    }


def scenario_json(request):
    """The scenario as data. Unlike the page (which redirects to the canonical query and shows
    a refused lever on its form), it answers any query; it shares that with the CSV."""
    comparison, query, withheld, error = _resolved_or_error(request)
    if error:
        return error
    if withheld:
        return json_answer(withheld)
    table = comparison.table
    cell = table.cell(comparison.region, comparison.sector)
    return json_answer(
        {
            "region": comparison.region,
            "sector": comparison.sector,
            "scenario": comparison.scenario.to_query(),
            "scenario_id": comparison.scenario.id,
            "query": query,
            "peildatum": table.peildatum.isoformat(),
            "demo": table.is_demo,
            "vintage": table.vintage,
            "assumptions": list(comparison.baseline.assumptions),
            "seed": comparison.seed,
            "draws": comparison.draws,
            "base": base_figure(table, cell),
            "years": comparison.years,
            "baseline": comparison.series("baseline"),
            "result": comparison.series("scenario"),
            "sensitivity": {
                "year": comparison.years[0] + TORNADO_HORIZON,
                "rows": [
                    {
                        "key": r.key,
                        "low_value": r.low_label,
                        "high_value": r.high_label,
                        "shortage_fte_low": r.low,
                        "shortage_fte_high": r.high,
                        "shortage_fte_central": r.central,
                        "assumption": r.assumption,
                    }
                    for r in sensitivity_rows(comparison)
                ],
            },
        }
    )


# The scenario CSV's columns and variant names in Dutch (the JSON keeps the code's names).
SCENARIO_COLUMNS = {
    "demo": "demo",
    "variant": "variant",
    "region": "regio",
    "sector": "sector",
    "symbol": "symbool",
    "year": "jaar",
    "flag": "markering",
    "demand_fte": "vraag_fte",
    "supply_fte": "aanbod_fte",
    "shortage_fte": "tekort_fte",
    "shortage_rate": "tekort_aandeel",
    "scenario": "scenario",
    "vintage": "parameterjaargang",
}
BAND_COLUMNS = {"q025": "p2_5", "q100": "p10", "q500": "p50", "q900": "p90", "q975": "p97_5"}
VARIANTS = {"baseline": "basis", "scenario": "scenario"}


def _dutch_columns(column: str) -> str:
    for measure, dutch in (("shortage_fte_", "tekort_fte_"), ("shortage_rate_", "tekort_aandeel_")):
        if column.startswith(measure) and column[len(measure) :] in BAND_COLUMNS:
            return dutch + BAND_COLUMNS[column[len(measure) :]]
    return SCENARIO_COLUMNS.get(column, column)


def scenario_csv(request):
    comparison, _query, withheld, error = _resolved_or_error(request)
    if error:
        return error
    if withheld:  # the release withholds the base cell: the symbol, no figures
        frame = pd.DataFrame(
            [
                {k: withheld[k] for k in ("region", "sector")}
                | {"symbol": withheld["base"]["symbol"]}
            ]
        )
        demo = withheld["demo"]
    else:
        frame, demo = comparison.frame(), comparison.table.is_demo
        frame["variant"] = frame["variant"].map(VARIANTS)
        frame["scenario"] = frame["scenario"].replace({"baseline": "basis"})
    frame.insert(0, "demo", "ja" if demo else "nee")
    frame = frame.rename(columns=_dutch_columns)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="raming-scenario.csv"'
    frame.map(csv_cell).to_csv(response, index=False, lineterminator="\n")
    return response


def parameters_page(request):
    """A vintage's parameters; an unknown vintage shows the current one (the twin: 400)."""
    vintage = request.GET.get("vintage") or vintages.current_vintage()
    if vintage not in vintages.vintages():
        if is_twin(request):
            return json_error(errors={"vintage": ["unknown vintage"]}, status=400)
        vintage = vintages.current_vintage()
    return page_or_twin(
        request,
        "forecasts/parameters.html",
        lambda: {
            "vintage": vintage,
            "vintages": vintages.vintages(),
            "params": vintages.parameters(vintage),
            "rows": vintages.provenance_rows(vintage),
            "regional": inputs.all_inputs(),
        },
        lambda: {
            "vintage": vintage,
            "date": vintages.parameters(vintage).date,
            "values": vintages.provenance_rows(vintage),
            "regional_inputs": [
                {
                    **i.__dict__,
                    "value": None
                    if isinstance(i.value, float) and math.isnan(i.value)
                    else i.value,
                }
                for i in inputs.all_inputs()
            ],
        },
    )


def _backtest_region(request, table) -> str:
    region = request.GET.get("region") or NEDERLAND
    return region if region in table.regions else NEDERLAND


def _reality_context() -> dict:
    """The back-test against the published measured series and the published ramingen."""
    params = vintages.parameters(vintages.current_vintage())
    pairs, table = reality.reality_backtest(params)
    return {
        "reality_table": table.to_dict("records"),
        "reality_pairs": pairs.to_dict("records"),
        "ramingen": reality.published_ramingen(params),
    }


def backtest_page(request):
    table, params = _table()
    if table is None:
        if is_twin(request):
            return json_error(NO_ROUND, status=404)
        return render(request, "forecasts/backtest.html", {"table": None, **_reality_context()})
    region = _backtest_region(request, table)
    paired, summary, demo = run_backtest(params, region)
    return page_or_twin(
        request,
        "forecasts/backtest.html",
        lambda: {
            "table": table,
            "region": region,
            "regions": [r for r in table.regions if table.usable_sectors(r)],
            "rows": paired.to_dict("records"),
            "summary": summary.to_dict("records"),
            "demo": demo,
            "sector_labels": SECTOR_LABELS,
            **_reality_context(),
        },
        lambda: {
            "region": region,
            "demo": demo,
            "vintage": table.vintage,
            "pairs": _records(paired),
            "summary": _records(summary),
        },
    )


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def reality_json(request):
    """The back-test page's part against the measured series, as data (no page of its own)."""
    params = vintages.parameters(vintages.current_vintage())
    pairs, table = reality.reality_backtest(params)
    return json_answer(
        {
            "vintage": params.vintage,
            "source": "published/ (OCW, Centerdata: measured shortages as published)",
            "errors": _records(table),
            "pairs": _records(pairs),
            "published_ramingen": reality.published_ramingen(params),
        }
    )


# The reality back-test's CSV columns, in Dutch (the JSON keeps the code's names).
REALITY_COLUMNS = {
    "series": "reeks",
    "area": "gebied",
    "sector": "sector",
    "origin": "basisjaar",
    "year": "jaar",
    "horizon": "jaren_vooruit",
    "origin_pct": "basisniveau_pct",
    "origin_level": "basisniveau_van",
    "forecast_pct": "raming_pct",
    "lower80_pct": "ondergrens80_pct",
    "upper80_pct": "bovengrens80_pct",
    "lower95_pct": "ondergrens95_pct",
    "upper95_pct": "bovengrens95_pct",
    "measured_pct": "gemeten_pct",
    "derived": "gemeten_afgeleid",
    "measured_fte": "gemeten_fte",
    "forecast_fte": "raming_fte",
    "naive_pct": "naief_pct",
}


def reality_csv(request):
    params = vintages.parameters(vintages.current_vintage())
    pairs, _table = reality.reality_backtest(params)
    frame = pairs[[c for c in REALITY_COLUMNS if c in pairs.columns]].rename(
        columns=REALITY_COLUMNS
    )
    frame["gemeten_afgeleid"] = frame["gemeten_afgeleid"].map({True: "ja", False: "nee"})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="raming-terugblik-gemeten.csv"'
    frame.map(csv_cell).to_csv(response, index=False, lineterminator="\n")
    return response


# The back-test CSV's columns in Dutch (the JSON keeps the code's names).
BACKTEST_COLUMNS = {
    "demo": "demo",
    "origin": "basisjaar",
    "region": "regio",
    "sector": "sector",
    "year": "jaar",
    "horizon": "jaren_vooruit",
    "forecast": "raming_fte",
    "lower80": "ondergrens80_fte",
    "upper80": "bovengrens80_fte",
    "scenario": "scenario",
    "measured": "gemeten_fte",
    "error": "fout_fte",
    "within80": "binnen_band80",
}


def backtest_csv(request):
    table, params = _table()
    if table is None:
        return json_error(NO_ROUND, status=404)
    paired, _summary, demo = run_backtest(params, _backtest_region(request, table))
    paired.insert(0, "demo", "ja" if demo else "nee")
    if "within80" in paired:
        paired["within80"] = paired["within80"].map({True: "ja", False: "nee"})
    if "scenario" in paired:
        paired["scenario"] = paired["scenario"].replace({"baseline": "basis"})
    paired = paired.rename(columns=BACKTEST_COLUMNS)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="raming-terugblik.csv"'
    paired.map(csv_cell).to_csv(response, index=False, lineterminator="\n")
    return response


def _saved_rows(user) -> list[dict]:
    rows = []
    for saved in SavedScenario.objects.filter(owner=user):
        query = QueryDict(saved.query)
        rows.append(
            {
                "object": saved,
                "region": query.get("region", ""),
                "sector": SECTOR_LABELS.get(query.get("sector", ""), ""),
                "url": f"{reverse('forecasts:scenario')}?{saved.query}",
            }
        )
    return rows


def saved_list(request):
    rows = _saved_rows(request.user)
    return page_or_twin(
        request,
        "forecasts/saved.html",
        {"rows": rows},
        lambda: {
            "saved": [
                {
                    "id": row["object"].pk,
                    "name": row["object"].name,
                    "query": row["object"].query,
                    "created": row["object"].created.isoformat(),
                    "url": row["url"],
                }
                for row in rows
            ]
        },
    )


@require_POST
def save_scenario(request):
    form = SaveScenarioForm(request.POST)
    table, params = _table()
    if form.is_valid() and table is not None:
        check = ScenarioForm(QueryDict(form.cleaned_data["query"]), table=table)
        if check.is_valid() and _comparison(check, params) is not None:
            SavedScenario.objects.create(
                owner=request.user, name=form.cleaned_data["name"], query=check.canonical_query()
            )
            return redirect("forecasts:saved")
    return render(request, "forecasts/save_failed.html", {"form": form}, status=400)


def saved_object(request, pk):
    return get_object_or_404(SavedScenario, pk=pk)


@require_POST
def delete_scenario(request, pk):
    request.permission_object.delete()
    return redirect("forecasts:saved")


def _nowcast(request):
    """(nowcast, regions, error message) for the nowcast page and its JSON."""
    params = vintages.parameters(vintages.current_vintage())
    origin = nowcasting.origin_release()
    if origin is None:
        return None, [], NO_ROUND
    table = cached_base_table(origin, params)
    region = request.GET.get("region") or NEDERLAND
    region = region if region in table.regions else NEDERLAND
    sectors = table.usable_sectors(region)
    sector = request.GET.get("sector") or "bao"
    sector = sector if sector in sectors else (sectors[0] if sectors else None)
    if sector is None:
        return None, [], "no usable base year for this region"
    regions = [r for r in table.regions if table.usable_sectors(r)]
    return nowcasting.build_nowcast(origin, params, region, sector), regions, None


def nowcast_page(request):
    result, regions, error = _nowcast(request)
    if result is None:
        if is_twin(request):
            return json_error(error, status=404)
        context = {"nowcast": None, "error": error, "regions": regions}
        return render(request, "forecasts/nowcast.html", context)
    return page_or_twin(
        request,
        "forecasts/nowcast.html",
        lambda: _nowcast_context(result, regions),
        lambda: _nowcast_doc(result),
    )


def _nowcast_context(result, regions) -> dict:
    rows = result.rows()
    return {
        "nowcast": result,
        "error": None,
        "regions": regions,
        "rows": rows,
        "chart": nowcast_chart(rows),
        "sector_label": SECTOR_LABELS[result.sector],
        "sector_choices": [
            (s, SECTOR_LABELS[s]) for s in result.origin.usable_sectors(result.region)
        ],
        "last": rows[-1],
        "first": rows[0],
        "query": urlencode({"region": result.region, "sector": result.sector}),
    }


def _nowcast_doc(result) -> dict:
    return {
        "region": result.region,
        "sector": result.sector,
        "origin_peildatum": result.origin.peildatum.isoformat(),
        "origin_release": result.origin.release,
        "demo": result.origin.is_demo,
        "vintage": result.origin.vintage,
        "published": result.published,
        "rounds_used": [o.peildatum for o in result.observations],
        "releases_withheld": result.skipped,
        "rows": result.rows(),
        "february_effect_pp": {
            "estimate": result.season.sigma,
            "se": result.season.se,
            "ci95": [result.season.low, result.season.high],
            "differences": result.season.n,
            "source": result.season.source,
        },
    }
