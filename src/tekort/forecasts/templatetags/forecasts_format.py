"""How the raming's pages write a parameter's value: Dutch decimal commas, lists as lists."""

from django import template

from tekort.charts.numbers import nl_number

register = template.Library()

SIGNIFICANT = 4  # digits a parameter is shown with (the JSON has the exact value)


def _number(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return nl_number(value, 0)
    if isinstance(value, float):
        text = f"{value:.{SIGNIFICANT}g}"
        if "e" in text:  # very large or small: written out
            text = f"{value:.{SIGNIFICANT}f}".rstrip("0").rstrip(".")
        decimals = len(text.split(".", 1)[1]) if "." in text else 0
        return nl_number(float(text), decimals)
    return str(value)


@register.filter
def parameter_value(value) -> str:
    """A parameter (a number, or one per age band) the Dutch way: "0,72; 0,72; …", "25.000"."""
    if isinstance(value, list | tuple):
        return "; ".join(_number(v) for v in value)
    return _number(value)
