"""Back-test against reality: the raming re-run from each past year's published measurement.

Reads OCW's and Centerdata's published shortage series from the reference data
(``<TEKORT_DATA_DIR>/published/``, never copied into the repository): national po Oct
2021–2024, vo Oct 2023–2024, G5 and the rest of the country Oct 2022, and the 40 rows of the
po table per arbeidsmarktregio (Oct 2023). These are official publications, not tekort's
releases; they are shown as published and named as such.

* **National**: from each origin year with a published level (po 2021, 2022, 2023; vo 2023)
  the model runs with today's vintage (formatie = FTE / rate, supply = formatie − shortage,
  the vintage's pupil, training, zij-instroom and re-entry series) and is compared with every
  later published year. A year with only an FTE figure (po and vo 2024) is compared as a rate
  over the forecast's own demand, marked ``afgeleid``.
* **Regions, Oct 2023**: no region table of 2022 exists, so each region starts from the
  nearest published level it belongs to in Oct 2022 (its G5 city's own figure where published,
  else the G5 figure, else "Nederland excl. G5") and the model's one-year change is applied.
* Every row has the 80 % and 95 % Monte Carlo band and the naive forecast (the origin's level
  carried forward) beside it. The po years 2022–2023 are in-sample: the vintage's re-entry
  rate is calibrated on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings

from tekort_forecast import BaseYear, Parameters, run_forecast
from tekort_forecast.backtest import error_table
from tekort_forecast.series import graduates, pupil_index, zij_instroom

FOLDER = "published"
NATIONAL_FILE = "gemeten_tekorten_landelijk_2021_2024.csv"
G5_FILE = "gemeten_tekorten_g5_steden_2021_2024.csv"
REGION_FILE = "po_tekort_pct_per_arbeidsmarktregio_2023.csv"
RAMINGEN_FILE = "ramingen_tekorten_gepubliceerd.csv"
MODEL_SECTOR = {"po": "bao", "vo": "vo"}  # the vintage's parameters used for the whole sector
DRAWS = 1_000
YEARS = 16
SEED = 2021
G5_NAMES = {"'s-Gravenhage": "Den Haag"}
_CACHE: dict[tuple[str, str], tuple[pd.DataFrame, pd.DataFrame]] = {}


@dataclass(frozen=True)
class Level:
    sector: str
    year: int
    pct: float | None
    fte: float | None


def folder() -> Path:
    return Path(settings.TEKORT_DATA_DIR) / FOLDER


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(folder() / name, dtype=str).fillna("")


def national_levels() -> dict[tuple[str, int], Level]:
    """Published national teacher shortage (po, vo) per October: rate (pct) and FTE."""
    frame = _read(NATIONAL_FILE)
    frame = frame[
        frame["sector"].isin(["po", "vo"])
        & (frame["gebied"] == "Nederland")
        & (frame["groep"] == "leraren")
        & frame["peildatum"].str.endswith("-10-01")
    ]
    levels: dict[tuple[str, int], dict] = {}
    for row in frame.itertuples(index=False):
        key = (row.sector, int(row.peildatum[:4]))
        entry = levels.setdefault(key, {"pct": None, "fte": None})
        if row.maat == "pct_werkgelegenheid":
            entry["pct"] = float(row.waarde)
        elif row.maat == "fte":
            entry["fte"] = float(row.waarde)
    return {k: Level(k[0], k[1], v["pct"], v["fte"]) for k, v in sorted(levels.items())}


def g5_levels_2022() -> dict[str, float]:
    """Oct 2022 po levels: 'G5', 'Nederland excl. G5' and the G5 cities published that year."""
    national = _read(NATIONAL_FILE)
    rows = national[
        (national["sector"] == "po")
        & (national["peildatum"] == "2022-10-01")
        & (national["groep"] == "leraren")
        & (national["maat"] == "pct_werkgelegenheid")
        & national["gebied"].isin(["G5", "Nederland excl. G5"])
    ]
    levels = {row.gebied: float(row.waarde) for row in rows.itertuples(index=False)}
    cities = _read(G5_FILE)
    cities = cities[
        (cities["sector"] == "po")
        & (cities["peildatum"] == "2022-10-01")
        & (cities["groep"] == "leraren")
    ]
    levels |= {row.gemeente: float(row.tekort_pct) for row in cities.itertuples(index=False)}
    return levels


def region_levels_2023() -> pd.DataFrame:
    frame = _read(REGION_FILE)
    frame["pct"] = frame["tekort_pct_werkgelegenheid"].astype(float)
    return frame[["gebied", "gebiedstype", "code", "pct"]]


def _base(params: Parameters, sector: str, year: int, formatie, shortage) -> BaseYear:
    """National inflows for a run of R rows that share the nation's formatie scale."""
    model = MODEL_SECTOR[sector]
    group = params.sector_group[model]
    calendar = year + np.arange(YEARS + 1)
    formatie = np.asarray(formatie, float).reshape(-1, 1)
    shortage = np.asarray(shortage, float).reshape(-1, 1)
    R = formatie.shape[0]
    sp = params.sector(model)
    persons = ((formatie - shortage)[..., None] * sp.fte_age_share / sp.fte_per_person).sum(-1)

    def rows(values):
        return np.broadcast_to(values, (R, 1, YEARS + 1))

    return BaseYear(
        year=year,
        regions=[f"r{i}" for i in range(R)],
        sectors=[model],
        formatie=formatie,
        shortage=shortage,
        pupils=rows(1e6 * pupil_index(params, model, year, YEARS)),
        graduates=rows(graduates(params.training[group], calendar)),
        zij_instroom=rows(zij_instroom(params, group, calendar)),
        re_entrants=params.reentry_rate_of(group) * persons,
    )


def _bands(result, t: int) -> dict:
    q = 100.0 * result.rate_quantiles[:, 0, t]  # (R, 5): 2.5, 10, 50, 90, 97.5 %
    return {
        "lower95_pct": q[:, 0],
        "lower80_pct": q[:, 1],
        "upper80_pct": q[:, 3],
        "upper95_pct": q[:, 4],
    }


def national_forecast(params: Parameters, sector: str, origin: Level):
    formatie = origin.fte / (origin.pct / 100.0)
    base = _base(params, sector, origin.year, [formatie], [origin.fte])
    return run_forecast(
        base, params, years=YEARS, draws=DRAWS, rng=np.random.default_rng(SEED + origin.year)
    )


def _national_pairs(params: Parameters) -> list[dict]:
    levels = national_levels()
    rows = []
    for (sector, year), origin in levels.items():
        if origin.pct is None or origin.fte is None:
            continue
        result = national_forecast(params, sector, origin)
        for (s, later_year), later in levels.items():
            if s != sector or later_year <= year:
                continue
            t = later_year - year
            demand = float(result.demand[0, 0, t])
            derived = later.pct is None
            measured = 100.0 * later.fte / demand if derived else later.pct
            bands = _bands(result, t)
            rows.append(
                {
                    "series": f"{sector} landelijk",
                    "area": "Nederland",
                    "sector": sector,
                    "origin": year,
                    "year": later_year,
                    "horizon": t,
                    "origin_pct": origin.pct,
                    "forecast_pct": 100.0 * float(result.rate[0, 0, t]),
                    "measured_pct": measured,
                    "measured_fte": later.fte,
                    "forecast_fte": float(result.shortage[0, 0, t]),
                    "derived": derived,
                    "naive_pct": origin.pct,
                    **{k: float(v[0]) for k, v in bands.items()},
                }
            )
    return rows


def nearest_2022_level(name: str, kind: str, levels: dict[str, float]) -> tuple[float, str]:
    """The Oct 2022 level a region of the 2023 table starts from, and which level it is."""
    city = G5_NAMES.get(name, name)
    if kind == "G5-gemeente":
        if city in levels:
            return levels[city], city
        return levels["G5"], "G5"
    return levels["Nederland excl. G5"], "Nederland excl. G5"


def _region_pairs(params: Parameters) -> list[dict]:
    levels = g5_levels_2022()
    regions = region_levels_2023()
    national = national_levels()[("po", 2022)]
    formatie = national.fte / (national.pct / 100.0)
    starts = [
        nearest_2022_level(row.gebied, row.gebiedstype, levels)
        for row in regions.itertuples(index=False)
    ]
    rates = np.array([s[0] for s in starts]) / 100.0
    base = _base(params, "po", 2022, np.full(len(rates), formatie), rates * formatie)
    result = run_forecast(
        base, params, years=YEARS, draws=DRAWS, rng=np.random.default_rng(SEED + 2022)
    )
    bands = _bands(result, 1)
    rows = []
    for i, row in enumerate(regions.itertuples(index=False)):
        rows.append(
            {
                "series": "po arbeidsmarktregio",
                "area": row.gebied,
                "sector": "po",
                "origin": 2022,
                "year": 2023,
                "horizon": 1,
                "origin_pct": starts[i][0],
                "origin_level": starts[i][1],
                "forecast_pct": 100.0 * float(result.rate[i, 0, 1]),
                "measured_pct": float(row.pct),
                "measured_fte": None,
                "forecast_fte": None,
                "derived": False,
                "naive_pct": starts[i][0],
                **{k: float(v[i]) for k, v in bands.items()},
            }
        )
    return rows


def reality_backtest(params: Parameters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pairs, error table per series) of the back-test against the published series, cached
    per vintage (the reference files and a vintage do not change while the process runs)."""
    key = (params.vintage, str(folder()))
    if key not in _CACHE:
        pairs = pd.DataFrame(_national_pairs(params) + _region_pairs(params))
        _CACHE[key] = (pairs, error_table(pairs, by=("series",)))
    return _CACHE[key]


def published_ramingen(params: Parameters) -> list[dict]:
    """Ramingen as published (with what each measures) beside tekort's own forecast of the same
    target year from the latest published national level before it (po 2021+, vo 2023+)."""
    frame = _read(RAMINGEN_FILE)
    levels = national_levels()
    origins = {
        sector: [lv for (s, _y), lv in levels.items() if s == sector and lv.pct and lv.fte]
        for sector in ("po", "vo")
    }
    runs: dict[tuple[str, int], object] = {}
    rows = []
    for row in frame.itertuples(index=False):
        sector = row.sector if row.sector in ("po", "vo") else None
        target = int(row.doeljaar)
        own = None
        if sector is not None:
            usable = [o for o in origins[sector] if o.year <= target]
            if usable:
                origin = usable[-1]
                key = (sector, origin.year)
                if key not in runs:
                    runs[key] = national_forecast(params, sector, origin)
                result = runs[key]
                t = target - origin.year
                if 0 <= t <= YEARS:
                    own = {
                        "origin": origin.year,
                        "shortage_fte": float(result.shortage[0, 0, t]),
                        "shortage_pct": 100.0 * float(result.rate[0, 0, t]),
                    }
        measured = levels.get((sector, target)) if sector else None
        rows.append(
            {
                "sector": row.sector,
                "publication": row.publicatie,
                "made_in": row.raming_van_jaar,
                "target_year": target,
                "measure": row.maat,
                "value": float(row.waarde),
                "qualification": row.kwalificatie,
                "publisher": row.bron_uitgever,
                "tekort": own,
                "measured_fte": measured.fte if measured else None,
            }
        )
    return rows
