"""The base year: measured registration and regional inputs, passed in as data.

Regions are whatever the caller passes (27, 29 or ~50 onderwijsregio's, or the 35/40
arbeidsmarktregio rows): nothing here knows a list of regions or their number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["BaseYear", "BaseYearError"]


class BaseYearError(ValueError):
    """Base-year data are inconsistent; ``field`` names the input at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


def _array(name: str, value: object, shape: tuple[int, ...]) -> np.ndarray:
    array = np.array(value, dtype=float)
    if array.shape != shape:
        raise BaseYearError(name, f"expected shape {shape}, got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise BaseYearError(name, "contains missing or infinite values")
    if np.any(array < 0):
        raise BaseYearError(name, "contains negative values")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class BaseYear:
    """Everything measured or projected outside the model, per region x sector.

    * ``formatie`` F_t0 and ``shortage`` Y_t0 (FTE): the registration of the base year,
      grossed up for non-response (methods §1.2, §2); (R, S).
    * ``pupils``: pupil projection P_t, column 0 the base year; (R, S, T) with T > horizon.
    * ``graduates``, ``zij_instroom``, ``re_entrants``: baseline inflows in persons per year
      (graduates before the entry share pi_G, zij-instromers before completion pi_Z); (R, S)
      for a constant inflow, or (R, S, T) with one column per year (column 0 the base year,
      T = the pupil projection's length) for inflows that move (training intake, zij-instroom).
    * ``stock``: persons by age band H_a,t0, (R, S, A); optional: when ``None`` it is built from
      the vintage's FTE age profile. Either way it is scaled so that supply equals F - Y.
    """

    year: int
    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    formatie: np.ndarray
    shortage: np.ndarray
    pupils: np.ndarray
    graduates: np.ndarray
    zij_instroom: np.ndarray
    re_entrants: np.ndarray
    stock: np.ndarray | None = None

    def __post_init__(self) -> None:
        regions = tuple(str(r) for r in self.regions)
        sectors = tuple(str(s) for s in self.sectors)
        if not regions or len(set(regions)) != len(regions):
            raise BaseYearError("regions", "must be non-empty and unique")
        if not sectors or len(set(sectors)) != len(sectors):
            raise BaseYearError("sectors", "must be non-empty and unique")
        object.__setattr__(self, "regions", regions)
        object.__setattr__(self, "sectors", sectors)
        rs = (len(regions), len(sectors))
        for name in ("formatie", "shortage"):
            object.__setattr__(self, name, _array(name, getattr(self, name), rs))
        pupils = np.array(self.pupils, dtype=float)
        if pupils.ndim != 3 or pupils.shape[:2] != rs or pupils.shape[2] < 1:
            raise BaseYearError("pupils", f"expected shape {rs + ('T',)}, got {pupils.shape}")
        object.__setattr__(self, "pupils", _array("pupils", pupils, pupils.shape))
        for name in ("graduates", "zij_instroom", "re_entrants"):
            value = np.array(getattr(self, name), dtype=float)
            shape = rs + pupils.shape[2:] if value.ndim == 3 else rs
            object.__setattr__(self, name, _array(name, value, shape))
        if np.any(self.pupils[..., 0] <= 0):
            raise BaseYearError("pupils", "base-year pupils must be positive")
        if np.any(self.formatie <= 0):
            raise BaseYearError("formatie", "must be positive in every region x sector")
        if np.any(self.shortage >= self.formatie):
            raise BaseYearError("shortage", "must be below the formatie")
        if self.stock is not None:
            stock = np.array(self.stock, dtype=float)
            if stock.ndim != 3 or stock.shape[:2] != rs:
                raise BaseYearError("stock", f"expected shape {rs + ('A',)}, got {stock.shape}")
            stock = _array("stock", stock, stock.shape)
            if np.any(stock.sum(axis=2) <= 0):
                raise BaseYearError("stock", "every region x sector needs a positive stock")
            object.__setattr__(self, "stock", stock)

    def inflow(self, name: str, t: int) -> np.ndarray:
        """Inflow ``name`` (graduates, zij_instroom, re_entrants) in year index t, (R, S)."""
        value = getattr(self, name)
        return value[..., t] if value.ndim == 3 else value

    @property
    def horizon(self) -> int:
        """The number of years ahead the pupil projection covers."""
        return int(self.pupils.shape[2]) - 1

    @classmethod
    def from_frames(
        cls,
        year: int,
        cells: pd.DataFrame,
        pupils: pd.DataFrame,
        stock: pd.DataFrame | None = None,
        *,
        bands: Sequence[str] | None = None,
    ) -> BaseYear:
        """Build from long tables.

        ``cells``: one row per region x sector with columns region, sector, formatie, shortage,
        graduates, zij_instroom, re_entrants. ``pupils``: region, sector, year, pupils (from the
        base year on, no gaps). ``stock`` (optional): region, sector, band, persons, with
        ``bands`` giving the band order.
        """
        regions = tuple(pd.unique(cells["region"].astype(str)))
        sectors = tuple(pd.unique(cells["sector"].astype(str)))
        index = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
        table = cells.assign(region=cells["region"].astype(str), sector=cells["sector"].astype(str))
        table = table.set_index(["region", "sector"])
        if not table.index.is_unique:
            raise BaseYearError("cells", "one row per region x sector expected")
        table = table.reindex(index)
        shape = (len(regions), len(sectors))

        def grid(column: str) -> np.ndarray:
            if column not in table:
                raise BaseYearError(column, "column missing")
            return table[column].to_numpy(float).reshape(shape)

        p = pupils.assign(region=pupils["region"].astype(str), sector=pupils["sector"].astype(str))
        wide = p.pivot_table(index=["region", "sector"], columns="year", values="pupils")
        wide = wide.reindex(index)
        years = [int(y) for y in wide.columns]
        if not years or years[0] != year or years != list(range(year, year + len(years))):
            raise BaseYearError("pupils", f"years must run without gaps from {year}")
        pupil_array = wide.to_numpy(float).reshape(shape + (len(years),))

        stock_array = None
        if stock is not None:
            if bands is None:
                raise BaseYearError("bands", "give the band order with a stock table")
            s = stock.assign(region=stock["region"].astype(str), sector=stock["sector"].astype(str))
            wide_stock = s.pivot_table(index=["region", "sector"], columns="band", values="persons")
            wide_stock = wide_stock.reindex(index=index, columns=list(bands))
            stock_array = wide_stock.to_numpy(float).reshape(shape + (len(bands),))

        return cls(
            year=year,
            regions=regions,
            sectors=sectors,
            formatie=grid("formatie"),
            shortage=grid("shortage"),
            pupils=pupil_array,
            graduates=grid("graduates"),
            zij_instroom=grid("zij_instroom"),
            re_entrants=grid("re_entrants"),
            stock=stock_array,
        )
