"""The one visibility rule: a truth table over every combination, written out from methods.md.

The rule as methods.md states it:

* §3.3/§3.4: a cell disclosure control did not clear is ``c`` — and since a suppressed cell must
  not be derivable, nothing of it is shown (no value, interval, FTE, respondent count, response
  rate or quality class). Only ``published`` is cleared; ``not_assessed`` was never checked.
* §2.6: "a cell can be ``c`` and ``u`` at once (show ``c``)" — disclosure before quality.
* §2.6: class F is "not published", shown as ``x`` with its reason (so its counts and class, the
  reason, are shown, not its value); class E is the value with ``u``; class A the value.
* §2.6/§2.7: a model-based (small-area) figure may be shown where the direct one is class F,
  "always marked ``e``"; it is a rate, so no FTE. Its quality class is its own (from its RMSE,
  ``quality.classify_model_rate``), and a model-based figure of class F is not published (``x``).
* §2.6: totals (FTE) have their own quality class; an FTE of class F is not published.

Classes B–D do not occur in tekort (§2.6 has A, E, F); they read like A (neither E nor F).
"""

import itertools

import numpy as np
import pytest

from tekort_stats import rounding, visibility
from tekort_stats.visibility import Visibility, visibility_arrays

STATUSES = ("published", "primary_suppressed", "secondary_suppressed", "not_assessed")
CLASSES = "ABCDEF"

# status | model-based | rate class | FTE class || symbol | rate | interval | FTE | FTE interval
# | counts (respondents, response rates, quality class). "A-E" is a range of classes.
TABLE = """
published            | no  | A   | A-E || -  | yes | yes | yes | yes | yes
published            | no  | A   | F   || -  | yes | yes | no  | no  | yes
published            | no  | B   | A-E || -  | yes | yes | yes | yes | yes
published            | no  | B   | F   || -  | yes | yes | no  | no  | yes
published            | no  | C   | A-E || -  | yes | yes | yes | yes | yes
published            | no  | C   | F   || -  | yes | yes | no  | no  | yes
published            | no  | D   | A-E || -  | yes | yes | yes | yes | yes
published            | no  | D   | F   || -  | yes | yes | no  | no  | yes
published            | no  | E   | A-E || u  | yes | yes | yes | yes | yes
published            | no  | E   | F   || u  | yes | yes | no  | no  | yes
published            | no  | F   | A-F || x  | no  | no  | no  | no  | yes
published            | yes | A-E | A-F || e  | yes | yes | no  | no  | yes
published            | yes | F   | A-F || x  | no  | no  | no  | no  | yes
primary_suppressed   | no  | A-F | A-F || c  | no  | no  | no  | no  | no
primary_suppressed   | yes | A-F | A-F || c  | no  | no  | no  | no  | no
secondary_suppressed | no  | A-F | A-F || c  | no  | no  | no  | no  | no
secondary_suppressed | yes | A-F | A-F || c  | no  | no  | no  | no  | no
not_assessed         | no  | A-F | A-F || c  | no  | no  | no  | no  | no
not_assessed         | yes | A-F | A-F || c  | no  | no  | no  | no  | no
"""

# show_unassessed=True (the internal view of a run without disclosure control): an unassessed
# cell is read by its quality alone; every other row of TABLE stays as it is.
UNASSESSED_SHOWN = """
not_assessed         | no  | A-D | A-E || -  | yes | yes | yes | yes | yes
not_assessed         | no  | A-D | F   || -  | yes | yes | no  | no  | yes
not_assessed         | no  | E   | A-E || u  | yes | yes | yes | yes | yes
not_assessed         | no  | E   | F   || u  | yes | yes | no  | no  | yes
not_assessed         | no  | F   | A-F || x  | no  | no  | no  | no  | yes
not_assessed         | yes | A-E | A-F || e  | yes | yes | no  | no  | yes
not_assessed         | yes | F   | A-F || x  | no  | no  | no  | no  | yes
"""


def _classes(text: str) -> str:
    first, _, last = text.partition("-")
    return CLASSES[CLASSES.index(first) : CLASSES.index(last or first) + 1]


def parse(table: str) -> dict[tuple, Visibility]:
    """{(status, rate class, FTE class, model-based): expected} from the written-out rows."""
    out = {}
    for line in table.strip().splitlines():
        key, _, shown = line.partition("||")
        status, model, rate_classes, fte_classes = (p.strip() for p in key.split("|"))
        symbol, *flags = (p.strip() for p in shown.split("|"))
        expected = Visibility("" if symbol == "-" else symbol, *(f == "yes" for f in flags))
        for q, q_fte in itertools.product(_classes(rate_classes), _classes(fte_classes)):
            combo = (status, q, q_fte, model == "yes")
            assert combo not in out, f"row {line!r} repeats {combo}"
            out[combo] = expected
    return out


EXPECTED = parse(TABLE)
EXPECTED_UNASSESSED_SHOWN = {**EXPECTED, **parse(UNASSESSED_SHOWN)}
EVERY = list(itertools.product(STATUSES, CLASSES, CLASSES, (False, True)))


def test_the_tables_cover_every_combination_once():
    assert len(EVERY) == 4 * 6 * 6 * 2
    assert set(EXPECTED) == set(EVERY)
    assert set(EXPECTED_UNASSESSED_SHOWN) == set(EVERY)


@pytest.mark.parametrize("combo", EVERY, ids=lambda c: "-".join(map(str, c)))
def test_truth_table(combo):
    status, q, q_fte, model = combo
    assert visibility.visibility(status, q, q_fte, model) == EXPECTED[combo]
    shown = visibility.visibility(status, q, q_fte, model, show_unassessed=True)
    assert shown == EXPECTED_UNASSESSED_SHOWN[combo]


@pytest.mark.parametrize("status", ["", "Published", "suppressed", None])
def test_an_unknown_status_is_suppressed(status):
    for flag in (False, True):
        assert visibility.visibility(status, "A", "A", False, show_unassessed=flag) == Visibility(
            "c"
        )


@pytest.mark.parametrize("show_unassessed", [False, True])
def test_the_vectorised_form_equals_the_scalar_on_every_combination(show_unassessed):
    order = np.random.default_rng(3).permutation(len(EVERY))
    combos = [EVERY[i] for i in order] * 2  # every combination twice, shuffled
    status, q, q_fte, model = (np.array(column) for column in zip(*combos, strict=True))
    shape = (4, len(combos) // 4)
    got = visibility_arrays(
        status.reshape(shape),
        q.reshape(shape),
        q_fte.reshape(shape),
        model.reshape(shape),
        show_unassessed=show_unassessed,
    )
    assert set(got) == set(visibility.FIELDS)
    for name, values in got.items():
        assert values.shape == shape
        expected = [
            getattr(visibility.visibility(*c, show_unassessed=show_unassessed), name)
            for c in combos
        ]
        assert values.ravel().tolist() == expected, name


def test_the_vectorised_form_broadcasts_as_the_estimate_uses_it():
    """estimate's cell block: one status per domain, one quality class per measure x domain."""
    status = np.array(["published", "primary_suppressed", "published"], dtype=object)
    q_rate = np.array([["A", "A", "F"], ["E", "F", "A"]])
    q_fte = np.array([["A", "F", "A"], ["F", "A", "A"]])
    got = visibility_arrays(status, q_rate, q_fte)
    assert got["symbol"].tolist() == [["", "c", "x"], ["u", "c", ""]]
    assert got["symbol"].dtype.kind == "U"
    assert got["fte"].tolist() == [[True, False, False], [False, False, True]]
    empty = visibility_arrays(np.array([], dtype=object), np.array([]), np.array([]))
    assert empty["symbol"].shape == (0,) and empty["rate"].dtype == bool


def test_rounding_re_exports_the_symbols_decided_here():
    names = [n for n in rounding.__all__ if n.startswith("SYMBOL")]
    assert len(names) == 9  # the eight symbols and their legend
    for name in names:
        assert getattr(rounding, name) is getattr(visibility, name)
