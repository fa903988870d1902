"""The one Dutch number formatter: a decimal comma, a dot between the thousands, half up.

Charts, text summaries and templates all write numbers through :func:`nl_number`, so that a
figure reads the same in a chart, in its table and in the text beside it. Typed numbers are read
by the one reader of Dutch numbers, ``tekort_calc.numbers`` (a framework-free core that the
calculator, the raming's scenario form and the submissions' FTE fields share).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_NL = str.maketrans(",.", ".,")


def nl_number(value, decimals: int = 1, *, grouping: bool = True) -> str:
    """``value`` the Dutch way: ``1234.5`` → ``"1.234,5"``; ``None`` → ``""``.

    Rounded half up at ``decimals`` places (``12.25`` → ``"12,3"``, ``57.6`` → ``"58"`` with
    none) from the float's shortest text, so 12.25 is not rounded as 12.2499999….
    ``grouping=False`` leaves out the thousands dots (for a field the user edits).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(value, int):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        value = Decimal(repr(float(value)))
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if not value:
        value = abs(value)  # no "-0"
    text = f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
    return text.translate(_NL)
