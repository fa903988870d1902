"""The tables a signed-in view shows, as data: the page, the .csv, the .xlsx and the .json are
all rendered from the same ``Table`` objects, so a download holds exactly what the page shows.

Values are already rounded for presentation (tekort_stats.rounding) when a table is built. A
cell holds a number, a text, ``None`` (nothing to show) or a ``Symbol`` standing in for a value
(GSS shorthand: ``c`` suppressed, ``x`` not available, ``u`` low reliability, ``k`` rounds to zero).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tekort.charts.numbers import nl_number
from tekort_stats.rounding import SYMBOLS, round_half_up

EMPTY = "–"


class Symbol(str):
    """A GSS symbol shown instead of (or next to) a value."""

    @property
    def meaning(self) -> str:
        return SYMBOLS.get(str(self), "")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    decimals: int | None = None  # None: a text column

    @property
    def is_number(self) -> bool:
        return self.decimals is not None


@dataclass
class Table:
    slug: str
    caption: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    note: str = ""
    download: str = ""  # URL of this table's .csv, set by the view

    def values(self, row: dict) -> list:
        return [row.get(column.key) for column in self.columns]

    def symbols(self) -> list[Symbol]:
        """The symbols that occur in the table, for its legend."""
        found = {v for row in self.rows for v in row.values() if isinstance(v, Symbol)}
        return [Symbol(s) for s in sorted(found)]


def display(value, column: Column) -> str:
    """The text the page shows for a cell (Dutch decimal comma, no grouping)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Symbol):
        return str(value)
    if column.is_number and isinstance(value, int | float):
        return nl_number(value, column.decimals, grouping=False)  # half up, 57.6 → "58"
    return str(value)


def plain(value, column: Column) -> str:
    """The text a .csv holds for a cell (decimal point, the same decimals as the page)."""
    if value is None:
        return ""
    if isinstance(value, Symbol):
        return str(value)
    if column.is_number and isinstance(value, int | float):
        return f"{round_half_up(value, column.decimals):.{column.decimals}f}"
    return str(value)


def as_json(value, column: Column):
    if value is None or isinstance(value, Symbol):
        return None if value is None else str(value)
    if column.is_number and isinstance(value, float):
        rounded = round_half_up(value, column.decimals)  # never round(): banker's rounding
        return int(rounded) if column.decimals == 0 else rounded
    return value
