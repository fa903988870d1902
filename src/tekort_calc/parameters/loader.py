"""Read a year's parameter file into exact decimals, keeping source and status per value.

Every value in the TOML files is a table ``{ value, unit, status, source [, note] }``; the
loader flattens them to dotted keys (``"box1.rate_1"``). Numbers are strings in the file and
become :class:`~decimal.Decimal`; lists of pairs become tuples of tuples. Values with status
``U`` (unverified / placeholder) are listed by :meth:`Parameters.unverified` so a page can show
them next to any figure that uses them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

PARAMETER_DIR = Path(__file__).resolve().parent
STATUSES = {
    "V": "geverifieerd (officiële tekst of gereproduceerd door een officiële tabel)",
    "C": "consistent (meerdere secundaire bronnen stemmen overeen; officiële tekst nog te lezen)",
    "D": "afgeleid (berekend uit geverifieerde getallen)",
    "U": "niet geverifieerd (voorlopige waarde)",
}


class ParameterError(LookupError):
    """A parameter file or a key in it is missing or malformed."""


@dataclass(frozen=True)
class Parameter:
    key: str
    value: object
    unit: str
    status: str
    source: str
    note: str = ""

    @property
    def verified(self) -> bool:
        return self.status != "U"


def _convert(raw: object, key: str) -> object:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except InvalidOperation:
            return raw
    if isinstance(raw, list):
        return tuple(_convert(item, key) for item in raw)
    if isinstance(raw, int | float):
        raise ParameterError(f"{key}: numbers must be strings in the parameter file")
    return raw


class Parameters:
    """All parameters of one year. ``p["box1.rate_1"]`` gives the value, ``p.meta`` the header."""

    def __init__(self, year: int, meta: dict, entries: dict[str, Parameter]):
        self.year = year
        self.meta = meta
        self.entries = entries
        self._values = {key: entry.value for key, entry in entries.items()}
        self._unverified = tuple(e for e in entries.values() if e.status == "U")

    def __getitem__(self, key: str):
        try:
            return self._values[key]
        except KeyError:
            raise ParameterError(f"parameter {key!r} is missing for {self.year}") from None

    def get(self, key: str, default=None):
        return self._values.get(key, default)

    def entry(self, key: str) -> Parameter:
        try:
            return self.entries[key]
        except KeyError:
            raise ParameterError(f"parameter {key!r} is missing for {self.year}") from None

    def status(self, key: str) -> str:
        return self.entry(key).status

    def unverified(self, prefix: str = "") -> list[Parameter]:
        """Values marked U (placeholder), optionally only those whose key starts with prefix."""
        return [e for k, e in self.entries.items() if e.status == "U" and k.startswith(prefix)]

    @property
    def version(self) -> str:
        return str(self.meta.get("version", self.year))


def _walk(table: dict, prefix: str, out: dict[str, Parameter]) -> None:
    for name, item in table.items():
        key = f"{prefix}{name}"
        if not isinstance(item, dict):
            raise ParameterError(f"{key}: expected a table with value, status and source")
        if "value" in item:
            status = item.get("status")
            if status not in STATUSES:
                raise ParameterError(f"{key}: status must be one of V, C, D, U")
            if not item.get("source"):
                raise ParameterError(f"{key}: a source is required")
            out[key] = Parameter(
                key=key,
                value=_convert(item["value"], key),
                unit=str(item.get("unit", "")),
                status=status,
                source=str(item["source"]),
                note=str(item.get("note", "")),
            )
        else:
            _walk(item, f"{key}.", out)


def available_years() -> list[int]:
    return sorted(int(p.stem) for p in PARAMETER_DIR.glob("*.toml") if p.stem.isdigit())


@lru_cache(maxsize=16)
def load(year: int) -> Parameters:
    """The parameters of ``year`` (cached; the files are read once per process)."""
    path = PARAMETER_DIR / f"{int(year)}.toml"
    if not path.is_file():
        raise ParameterError(
            f"no parameters for {year}; available: {', '.join(map(str, available_years()))}"
        )
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    meta = data.pop("meta", {})
    if meta.get("year") != int(year):
        raise ParameterError(f"{path.name}: meta.year does not match the file name")
    entries: dict[str, Parameter] = {}
    _walk(data, "", entries)
    return Parameters(int(year), meta, entries)
