"""The shortages OCW and Centerdata published, read from the reference data as published.

``<TEKORT_DATA_DIR>/published/`` holds what the ministry and Centerdata published about the
measured teacher shortage (2021–2024), each row with its publisher, source page and how the
value was obtained (``kwalificatie``: exact, approx, up_to, more_than, derived). tekort shows
these beside its own releases and never mixes the two: they are other organisations'
measurements, not estimates of tekort. Nothing here is copied into the repository.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FOLDER = "published"
NATIONAL_FILE = "gemeten_tekorten_landelijk_2021_2024.csv"
G5_FILE = "gemeten_tekorten_g5_steden_2021_2024.csv"
REGION_FILES = {
    "po": "po_tekort_pct_per_arbeidsmarktregio_2023.csv",
    "vo": "vo_tekort_pct_per_arbeidsmarktregio_2023.csv",
}
NATIONAL_COLUMNS = ("sector", "peildatum", "gebied", "groep", "maat", "waarde", "kwalificatie")
NATIONAL_COLUMNS += ("bron_uitgever", "bron_url", "bron_datum", "opmerking")
G5_COLUMNS = ("sector", "peildatum", "gemeente", "groep", "tekort_pct", "tekort_fte")
G5_COLUMNS += ("kwalificatie", "bron_uitgever", "bron_url", "opmerking")
REGION_COLUMNS = ("sector", "peildatum", "gebied", "gebiedstype", "code")
REGION_COLUMNS += ("tekort_pct_werkgelegenheid", "bron_url", "opmerking")


class PublishedDataError(ValueError):
    """A published file is missing or not in the expected form; the message names the file."""


@dataclass(frozen=True)
class Measurement:
    """One published figure: a shortage of ``group`` in ``sector`` at ``peildatum`` in ``area``,
    as a percentage (``measure`` = pct) or in FTE (``measure`` = fte)."""

    sector: str  # po, vo
    peildatum: str  # as published: "2023-10-01", or "2021-02-01 (inferred)"
    area: str  # Nederland, G5, a G5 city, an arbeidsmarktregio
    area_code: str  # AMxx for an arbeidsmarktregio, else ""
    group: str  # leraren, schoolleiders, ...
    measure: str  # pct, fte
    value: float
    qualifier: str  # exact, approx, up_to, more_than, derived
    publisher: str
    url: str
    note: str

    @property
    def year(self) -> int:
        return int(self.peildatum[:4])


def folder() -> Path:
    return Path(settings.TEKORT_DATA_DIR) / FOLDER


def _rows(name: str, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    path = folder() / name
    if not path.exists():
        raise PublishedDataError(f"{path}: file not found (TEKORT_DATA_DIR)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise PublishedDataError(f"{path}: columns missing: {', '.join(missing)}")
        return list(enumerate(reader, start=2))


def _number(text: str, name: str, line: int) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError as error:
        raise PublishedDataError(f"{name}, line {line}: not a number: {text!r}") from error


def _sourced(row: dict, *, area: str, measure: str, value: float) -> Measurement:
    """A figure of the national or the G5 file, whose rows name their source the same way."""
    return Measurement(
        sector=row["sector"],
        peildatum=row["peildatum"],
        area=area,
        area_code="",
        group=row["groep"],
        measure=measure,
        value=value,
        qualifier=row["kwalificatie"],
        publisher=row["bron_uitgever"],
        url=row["bron_url"],
        note=row["opmerking"],
    )


def national() -> list[Measurement]:
    """National and G5 / rest-of-country figures (po Oct 2021–2024, vo Oct 2023–2024)."""
    out = []
    for line, row in _rows(NATIONAL_FILE, NATIONAL_COLUMNS):
        value = _number(row["waarde"], NATIONAL_FILE, line)
        measure = {"pct_werkgelegenheid": "pct", "fte": "fte"}.get(row["maat"])
        if value is None or measure is None:
            continue  # another measure, e.g. the share of schools that took part
        out.append(_sourced(row, area=row["gebied"], measure=measure, value=value))
    return out


def g5_cities() -> list[Measurement]:
    """The five G5 cities' own figures, Feb 2021 – Oct 2024 where published."""
    out = []
    for line, row in _rows(G5_FILE, G5_COLUMNS):
        for measure, column in (("pct", "tekort_pct"), ("fte", "tekort_fte")):
            value = _number(row[column], G5_FILE, line)
            if value is not None:
                out.append(_sourced(row, area=row["gemeente"], measure=measure, value=value))
    return out


def per_labour_market_region() -> list[Measurement]:
    """po and vo per arbeidsmarktregio, Oct 2023: the G5 cities as their own rows and their
    regions without them (``area`` then says "zonder G5-gemeente")."""
    out = []
    for sector, name in REGION_FILES.items():
        for line, row in _rows(name, REGION_COLUMNS):
            value = _number(row["tekort_pct_werkgelegenheid"], name, line)
            if value is None:
                continue
            without_g5 = "zonder G5" in row["gebiedstype"]
            out.append(
                Measurement(
                    sector=sector,
                    peildatum=row["peildatum"],
                    area=row["gebied"] + (" (zonder G5-gemeente)" if without_g5 else ""),
                    area_code=row["code"],  # AMxx, or GMxxxx for a G5 city
                    group="leraren",
                    measure="pct",
                    value=value,
                    qualifier="exact",
                    publisher="OCW, Trendrapportage arbeidsmarkt (bron Centerdata)",
                    url=row["bron_url"],
                    note=row["opmerking"],
                )
            )
    return out
