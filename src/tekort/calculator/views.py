"""The public calculator pages: the calculator, the letter's worked example and the policy
view, each also as .json (and the tabular ones as .csv). All GET, all ``private``: nothing is
stored, cached or sent on as referrer (see privacy.py).

The calculator's result (figures, chart and its table) is drawn only here, on the server:
``result`` answers the same query with just the result section, which calculator.js swaps
into the page when an input changes."""

import csv
from decimal import Decimal
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from tekort.calculator import letter
from tekort.calculator.charts import curve_chart, dot_plot
from tekort.calculator.forms import CalculatorForm, PolicyForm
from tekort.calculator.outcome import (
    CURVE_COLUMNS,
    compute,
    curve_rows,
    outcome_json,
    per_month,
)
from tekort.calculator.params import household_params, number, query_string
from tekort.calculator.policy import evaluate
from tekort.formula_injection import neutralise
from tekort.page_twins import is_twin, json_answer, json_error, page_or_twin
from tekort_calc import PRESETS, ValidationError, preset
from tekort_calc.split import split_hours


def _bound(request):
    """(form, outcome or None) for the query string."""
    form = CalculatorForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        return form, compute(form.household, data["fte_to"], data["year"])
    except ValidationError as e:  # e.g. a trede the salary data do not hold
        form.add_core_errors(e.errors)
        return form, None


def _inputs(outcome) -> dict[str, str]:
    return {
        **household_params(outcome.household),
        "fte_to": number(outcome.fte_to),
        "year": str(outcome.year),
    }


def _preset_links(outcome) -> list[dict]:
    fte, fte_to, salary, year = Decimal("0.6"), Decimal(1), Decimal(5000), letter.year()
    if outcome and outcome.household.monthly_salary_fulltime is not None:
        fte, fte_to, year = outcome.household.fte, outcome.fte_to, outcome.year
        salary = outcome.household.monthly_salary_fulltime
    url = reverse("calculator:calculator")
    return [
        {
            "key": key,
            "label": p.label,
            "description": p.description,
            "url": f"{url}?{query_string(preset(key, fte, salary), fte_to, year)}#resultaat",
        }
        for key, p in PRESETS.items()
    ]


def _curve_chart(outcome):
    rows = outcome.curve.points
    return curve_chart(
        [pt.fte for pt in rows],
        [
            ("household", [per_month(pt.disposable) for pt in rows]),
            ("teacher", [per_month(pt.teacher_net) for pt in rows]),
        ],
        [(outcome.household.fte, "nu"), (outcome.fte_to, "straks")],
    )


def _errors_json(form) -> HttpResponse:
    """A twin's answer to a query the page shows with its form's errors: 400, the errors."""
    errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
    if not errors:  # no query at all: an unbound form has no errors of its own
        errors = {"__all__": [gettext("Fill in the form to see a result.")]}
    return json_error(errors=errors, status=400)


def _form_page(request, template: str, form, result, context, data) -> HttpResponse:
    """A form's page with its result, or the ``.json`` twin: the result's data, or the form's
    errors (400) when there is no result."""
    if result is None and is_twin(request):
        return _errors_json(form)
    return page_or_twin(request, template, context, data)


def _result_context(outcome) -> dict:
    """What calculator/results.html needs besides the outcome: the chart, its table, the query."""
    return {
        "outcome": outcome,
        "chart": _curve_chart(outcome),
        "curve": curve_rows(outcome.curve),
        "query": urlencode(_inputs(outcome)),
    }


def calculator(request):
    """The calculator, or (``berekening.json``) its outcome."""
    form, outcome = _bound(request)
    return _form_page(
        request,
        "calculator/calculator.html",
        form,
        outcome,
        lambda: _calculator_context(form, outcome),
        lambda: outcome_json(outcome, _inputs(outcome)),
    )


def _calculator_context(form, outcome) -> dict:
    context = {
        "form": form,
        "groups": form.groups(),
        "outcome": outcome,
        "presets": _preset_links(outcome),
        "letter_url": reverse("calculator:letter"),
        "letter_calculator_url": letter_calculator_url(),
    }
    if outcome:
        context |= _result_context(outcome)
    return context


def result(request):
    """The page's result section alone, for the same query (the live update of the page); a
    query the page would refuse answers 400 with the same Dutch error summary instead."""
    form, outcome = _bound(request)
    if outcome is None:
        context = {"form": form}
        if not form.is_bound:
            context["message"] = gettext("Fill in the form to see a result.")
        return render(request, "calculator/result_errors.html", context, status=400)
    return render(request, "calculator/results.html", _result_context(outcome))


def curve_json(request):
    """The calculator's curve as data (its table on the page; no page of its own)."""
    form, outcome = _bound(request)
    if outcome is None:
        return _errors_json(form)
    return json_answer(
        {"year": outcome.year, "inputs": _inputs(outcome), "points": curve_rows(outcome.curve)}
    )


def curve_csv(request):
    form, outcome = _bound(request)
    if outcome is None:
        return _errors_json(form)
    return _csv("meeruren-curve.csv", CURVE_COLUMNS, curve_rows(outcome.curve))


def _csv(filename, columns, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else neutralise(row[k]) for k in columns})
    return response


def letter_calculator_url() -> str:
    return (
        reverse("calculator:calculator")
        + "?"
        + query_string(letter.HOUSEHOLD, letter.FTE_TO, letter.year())
        + "#resultaat"
    )


def letter_example(request):
    year = letter.year()
    case = letter.worked_case(year)
    return page_or_twin(
        request,
        "calculator/letter.html",
        lambda: {
            "case": case,
            "spread": letter.spread(year),
            "low": letter.LETTER_LOW,
            "high": letter.LETTER_HIGH,
            "calculator_url": letter_calculator_url(),
        },
        lambda: {
            "letter_range_per_month": [str(letter.LETTER_LOW), str(letter.LETTER_HIGH)],
            "worked_case": outcome_json(case, _inputs(case)),
            "households": [
                {
                    "preset": key,
                    "label": label,
                    "gain_per_month": str(o.comparison.gain_per_month),
                    "kept_fraction": str(o.comparison.kept_fraction.quantize(Decimal("0.0001"))),
                    "net_per_extra_hour": str(o.comparison.net_per_extra_hour),
                }
                for key, label, o in letter.spread(year)
            ],
        },
    )


def _policy(request):
    form = PolicyForm(request.GET or PolicyForm().defaults())
    if not form.is_valid():
        return form, None
    return form, evaluate(form.bonus, form.cleaned_data["year"])


def policy(request):
    form, result = _policy(request)
    return _form_page(
        request,
        "calculator/policy.html",
        form,
        result,
        lambda: _policy_context(form, result),
        lambda: result.as_dict(),
    )


def _policy_context(form, result) -> dict:
    context = {"form": form, "policy": result}
    if result:
        context["chart"] = dot_plot(
            [
                (
                    f"{r.preset_label}, {r.salary_label}, {number(r.fte_from)}→{number(r.fte_to)}",
                    r.gain_without_per_month,
                    r.gain_with_per_month,
                )
                for r in result.rows
            ]
        )
        context["spreads"] = result.spreads()
        context["query"] = urlencode({k: v for k, v in form.data.items() if v})
    return context


def policy_csv(request):
    form, result = _policy(request)
    if result is None:
        return _errors_json(form)
    rows = [r.as_dict() for r in result.rows]
    return _csv("meeruren-beleid.csv", list(rows[0]), rows)


def _split(request):
    """(form, Split or None): the calculator's inputs, compared over the ways a couple can
    split its working days (tekort_calc.split). ``fte_to`` is not needed here."""
    data = request.GET.copy() if request.GET else None
    if data is not None and not data.get("fte_to"):
        data["fte_to"] = data.get("fte", "")
    form = CalculatorForm(data)
    if not form.is_bound or not form.is_valid():
        return form, None
    try:
        return form, split_hours(form.household, form.cleaned_data["year"])
    except ValidationError as e:  # no partner, or no partner's days or income
        form.add_core_errors(e.errors)
        return form, None


def _split_inputs(form) -> dict[str, str]:
    h = form.household
    return {**household_params(h), "year": str(form.cleaned_data["year"])}


def split(request):
    form, result = _split(request)
    return _form_page(
        request,
        "calculator/split.html",
        form,
        result,
        lambda: _split_context(form, result),
        lambda: {"inputs": _split_inputs(form), **result.as_dict()},
    )


def _split_context(form, result) -> dict:
    context = {"form": form, "groups": form.groups(), "split": result}
    if result:
        context["query"] = urlencode(_split_inputs(form))
    return context
