"""What a cell may show: the one rule, and the symbols that say why (methods.md §2.6, §3.3).

Every place that turns an estimate cell into something shown asks :func:`visibility` (one
cell) or :func:`visibility_arrays` (numpy arrays of cells, the same rule applied to each
distinct combination); none decides it again. In order:

1. **Disclosure first.** A cell that disclosure control did not clear (status not
   ``published``: primary or secondary suppression, not assessed, or anything unknown) shows
   ``c`` and nothing else — no value, no interval, not even the respondent counts, the response
   rates or the quality class behind it (§3.3; "a cell can be ``c`` and ``u`` at once: show
   ``c``", §2.6).
2. A cleared cell shows its counts, response rates and quality class.
3. **Model-based** (Fay–Herriot, §2.7): ``e``, the rate with its interval, never an FTE (the
   model estimates a rate). It may stand in for a direct cell of class F (§2.6). Its quality
   class is its own (``quality.classify_model_rate``, from its RMSE): class F shows ``x``.
4. **Quality class F** of the rate: ``x``, no rate and no FTE ("not published", §2.6).
5. **Quality class E** of the rate: ``u``, the rate with its interval.
6. Otherwise (class A): no symbol, the rate with its interval.
7. In 5 and 6 the FTE and its interval are shown unless the FTE's own quality class is F.

``show_unassessed=True`` is for the internal view of a run estimated with disclosure control
switched off (``Settings(disclosure_control=False)``, every cell ``not_assessed``, never
published): such a cell is read by its quality alone, as if cleared. Nothing public passes it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, fields

import numpy as np

from tekort_stats.disclosure_statuses import PRIMARY, PUBLISHED, SECONDARY
from tekort_stats.quality import CLASS_E, CLASS_F

NOT_ASSESSED = "not_assessed"  # disclosure control not run (internal use only)
DISCLOSURE_STATUSES = (PUBLISHED, PRIMARY, SECONDARY, NOT_ASSESSED)

# GSS / StatsWales / StatCan shorthand (methods.md §2.6, §3.2, §3.3).
SYMBOL_CONFIDENTIAL = "c"  # suppressed by disclosure control
SYMBOL_LOW_RELIABILITY = "u"  # quality class E
SYMBOL_NOT_AVAILABLE = "x"  # quality class F: insufficient response or precision
SYMBOL_NOT_APPLICABLE = "z"
SYMBOL_ROUNDS_TO_ZERO = "k"
SYMBOL_ESTIMATED = "e"  # model-based (small-area) figure
SYMBOL_FORECAST = "f"
SYMBOL_REVISED = "r"
SYMBOL_NONE = ""  # a plain published value

SYMBOLS = {
    SYMBOL_CONFIDENTIAL: "vertrouwelijk (onderdrukt)",
    SYMBOL_LOW_RELIABILITY: "lage betrouwbaarheid",
    SYMBOL_NOT_AVAILABLE: "onvoldoende respons of precisie",
    SYMBOL_NOT_APPLICABLE: "niet van toepassing",
    SYMBOL_ROUNDS_TO_ZERO: "klein getal, afgerond nul",
    SYMBOL_ESTIMATED: "modelschatting",
    SYMBOL_FORECAST: "prognose",
    SYMBOL_REVISED: "herzien",
}


@dataclass(frozen=True)
class Visibility:
    """What one cell may show. ``counts``: respondents, response rates and quality class."""

    symbol: str
    rate: bool = False  # the rate and its standard error
    rate_interval: bool = False
    fte: bool = False
    fte_interval: bool = False
    counts: bool = False


FIELDS = tuple(f.name for f in fields(Visibility))
SUPPRESSED = Visibility(SYMBOL_CONFIDENTIAL)


def visibility(
    disclosure_status: str,
    quality_class: str,
    quality_class_fte: str,
    is_model_based: bool = False,
    *,
    show_unassessed: bool = False,
) -> Visibility:
    """What a cell with this disclosure status and these quality classes may show."""
    cleared = disclosure_status == PUBLISHED or (
        show_unassessed and disclosure_status == NOT_ASSESSED
    )
    if not cleared:
        return SUPPRESSED
    if is_model_based:
        # the model's own class (quality.classify_model_rate), never the direct estimate's
        if quality_class == CLASS_F:
            return Visibility(SYMBOL_NOT_AVAILABLE, counts=True)
        return Visibility(SYMBOL_ESTIMATED, rate=True, rate_interval=True, counts=True)
    if quality_class == CLASS_F:
        return Visibility(SYMBOL_NOT_AVAILABLE, counts=True)
    fte = quality_class_fte != CLASS_F
    return Visibility(
        SYMBOL_LOW_RELIABILITY if quality_class == CLASS_E else SYMBOL_NONE,
        rate=True,
        rate_interval=True,
        fte=fte,
        fte_interval=fte,
        counts=True,
    )


def visibility_arrays(
    disclosure_status,
    quality_class,
    quality_class_fte,
    is_model_based=False,
    *,
    show_unassessed: bool = False,
) -> dict[str, np.ndarray]:
    """:func:`visibility` over arrays (broadcast together): one array per ``Visibility`` field
    (``symbol`` as text, the others bool). The rule is asked once for every combination of the
    distinct values of the inputs; each cell then looks its answer up."""
    factorized = [
        _factorize(np.asarray(values))
        for values in (disclosure_status, quality_class, quality_class_fte)
    ]
    factorized.append(_factorize(np.asarray(is_model_based, dtype=bool)))
    distinct = [d for d, _ in factorized]
    answers = [
        visibility(*combo, show_unassessed=show_unassessed)
        for combo in itertools.product(*distinct)
    ]
    codes = tuple(np.broadcast_arrays(*(c for _, c in factorized)))
    sizes = tuple(len(d) for d in distinct)
    out = {}
    for name in FIELDS:
        table = np.array(
            [getattr(a, name) for a in answers], dtype=str if name == "symbol" else bool
        )
        out[name] = table.reshape(sizes)[codes]
    return out


def _factorize(values: np.ndarray) -> tuple[list, np.ndarray]:
    """The distinct values of an array and, in its shape, each element's index among them."""
    if values.dtype.kind in "bU":  # sortable without Python objects: numpy does it in C
        distinct, codes = np.unique(values, return_inverse=True)
        return distinct.tolist(), codes.reshape(values.shape)
    # pandas only here: every process imports this module at start-up (the models use it)
    import pandas as pd

    codes, distinct = pd.factorize(values.ravel(), use_na_sentinel=False)
    return list(distinct), codes.reshape(values.shape)
