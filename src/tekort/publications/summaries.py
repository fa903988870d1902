"""Text summaries of the headline charts (WCAG: every chart has a text alternative).

Only shown values are used; a figure without a value is named as such, never estimated.
"""

from django.utils.translation import gettext as _

from tekort.charts.numbers import nl_number
from tekort.publications.vocabulary import MEASURES


def _pct(cell) -> str:
    return f"{nl_number(cell['percentage'])}%"


def _with_interval(cell, value: str, low: str, high: str) -> dict[str, str]:
    """A cell's percentage and its 95% interval's bounds, under the names its sentence uses."""
    return {
        value: _pct(cell),
        low: nl_number(cell["ci_low"]),
        high: nl_number(cell["ci_high"]),
    }


def _shown(cells):
    return [c for c in cells if c and c["percentage"] is not None]


def headline_summaries(head: dict) -> dict[str, str]:
    out = {}
    national = head.get("national")
    sectors = _shown(head.get("by_sector", []))
    if sectors and national and national["percentage"] is not None:
        high = max(sectors, key=lambda c: c["percentage"])
        low = min(sectors, key=lambda c: c["percentage"])
        out["sector"] = _(
            "The shortage of teachers was %(national)s of the formatie (95%% interval "
            "%(low_ci)s to %(high_ci)s%%). It was highest in %(high)s (%(high_pct)s) and "
            "lowest in %(lowest)s (%(low_pct)s)."
        ) % {
            **_with_interval(national, "national", "low_ci", "high_ci"),
            "high": high["label"],
            "high_pct": _pct(high),
            "lowest": low["label"],
            "low_pct": _pct(low),
        }
    cells = _shown(head.get("four_cells", []))
    if cells:
        largest = max(cells, key=lambda c: c["percentage"])
        open_hidden = {c["measure"]: c for c in _shown(head.get("open_hidden", []))}
        text = _("The largest of the four cells was %(cell)s: %(pct)s of the formatie.") % {
            "cell": _label(largest["measure"]),
            "pct": _pct(largest),
        }
        if "verborgen" in open_hidden and "openstaand" in open_hidden:
            text += " " + _(
                "Hidden vacancies together: %(hidden)s; open vacancies together: %(open)s."
            ) % {"hidden": _pct(open_hidden["verborgen"]), "open": _pct(open_hidden["openstaand"])}
        out["cells"] = text
    trend = [
        p
        for p in head.get("trend", [])
        if p.get("national") and p["national"]["percentage"] is not None
    ]
    if len(trend) > 1:
        out["trend"] = _(
            "From peildatum %(first)s to %(last)s the national shortage went from %(a)s to %(b)s "
            "(%(n)s peildata)."
        ) % {
            "first": trend[0]["peildatum"],
            "last": trend[-1]["peildatum"],
            "a": _pct(trend[0]["national"]),
            "b": _pct(trend[-1]["national"]),
            "n": len(trend),
        }
    elif trend:
        out["trend"] = _("Only one peildatum has been published so far.")
    g5 = head.get("g5", [])
    if len(_shown(g5)) == 2:
        out["g5"] = _(
            "In the G5 the shortage was %(g5)s, in the rest of the Netherlands %(rest)s."
        ) % {"g5": _pct(g5[0]), "rest": _pct(g5[1])}
    bands = {c["domain"].split("=", 1)[1]: c for c in _shown(head.get("schoolweging", []))}
    if "low" in bands and "high" in bands:
        out["schoolweging"] = _(
            "Schools with a high schoolweging (a more complex pupil population) had a shortage "
            "of %(high)s, schools with a low schoolweging %(low)s."
        ) % {"high": _pct(bands["high"]), "low": _pct(bands["low"])}
    leaders = head.get("school_leaders") or {}
    national = leaders.get("national")
    if national and national["percentage"] is not None:
        out["school_leaders"] = _(
            "The shortage of school leaders was %(pct)s of their formatie (95%% interval "
            "%(low)s to %(high)s%%); %(covered)s of the %(frame)s school boards answered."
        ) % {
            **_with_interval(national, "pct", "low", "high"),
            "covered": national["n_responding"],
            "frame": national["n_frame"],
        }
    return out


def _label(measure: str) -> str:
    return str(MEASURES[measure]).lower()
