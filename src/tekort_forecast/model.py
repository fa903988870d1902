"""The cohort-component stock–flow model (methods §4.3), vectorised over region, sector, draw.

State arrays are shaped (R, S, N, A): region, sector, draw, age band; the only Python loop is
over years. Notation follows methods §4.3:

* demand  D_t = F_t0 (P_t / P_t0)^(1 - eps) M_t, i.e. P_t / LLR_t M_t with
  LLR_t = LLR_t0 (P_t/P_t0)^eps and LLR_t0 = P_t0 / F_t0 (anchored on the registered formatie);
* supply  H_a,t+1 = H_a,t (1 - q_a - alpha_a) + alpha_a-1 H_a-1,t + nu_t I_a,t+1,
  I_a,t = G_t pi_G g_a + Z_t pi_Z z_a + E_t rho_a,  S_t = sum_a H_a,t phi_a;
* shortage U_t = D_t - S_t, rate u_t = U_t / D_t; U_t0 equals the measured shortage because the
  base stock is scaled so that S_t0 = F_t0 - Y_t0.
* surplus: when D_t < S_t the year's entrants are scaled by nu_t (hires capped at demand) and
  the unhired join a pool that re-enters with a yearly probability (as re-entrants, rho_a).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tekort_forecast.base import BaseYear, BaseYearError
from tekort_forecast.levers import Scenario, ScenarioError
from tekort_forecast.montecarlo import Draws
from tekort_forecast.parameters import Parameters

__all__ = ["OTHER_PROFESSIONALS_MONTH_HOURS", "Projection", "anchored_stock", "project"]

#: instruction hours a month of a po class: 22 hours is "één dag in de week" (letter 000)
OTHER_PROFESSIONALS_MONTH_HOURS = 110.0


@dataclass(frozen=True)
class Projection:
    """Model output. Year axis has ``years + 1`` entries (index 0 = base year).

    ``demand``, ``supply``, ``shortage``: (R, S, T, N). When flows are recorded, ``persons``,
    ``exits``, ``ageing_out``, ``ageing_in``, ``hires`` are (R, S, T, N, A) and ``unhired``,
    ``reserve_pool`` (R, S, T, N); flows at index t are those of the year from t-1 to t
    (index 0 is zero), so ``persons[t] = persons[t-1] - exits[t] - ageing_out[t] +
    ageing_in[t] + hires[t]`` exactly (up to rounding).
    """

    demand: np.ndarray
    supply: np.ndarray
    shortage: np.ndarray
    persons: np.ndarray | None = None
    exits: np.ndarray | None = None
    ageing_out: np.ndarray | None = None
    ageing_in: np.ndarray | None = None
    hires: np.ndarray | None = None
    unhired: np.ndarray | None = None
    reserve_pool: np.ndarray | None = None


def anchored_stock(base: BaseYear, params: Parameters) -> np.ndarray:
    """Base stock H_a,t0 (R, S, A) scaled so that sum_a H phi = F_t0 - Y_t0 (methods §4.7.1)."""
    phi = params.stack("fte_per_person", base.sectors)  # (S, A)
    if base.stock is not None:
        stock = base.stock
        if stock.shape[2] != params.n_bands:
            raise BaseYearError(
                "stock", f"has {stock.shape[2]} age bands, the vintage {params.n_bands}"
            )
    else:
        shares = params.stack("fte_age_share", base.sectors)  # FTE shares -> persons
        stock = np.broadcast_to(shares / phi, base.formatie.shape + (params.n_bands,))
    regular = base.formatie - base.shortage
    return stock * (regular / (stock * phi).sum(axis=2))[..., None]


def _band_share_below(params: Parameters, age: int) -> np.ndarray:
    """f_a: share of each band's ages below ``age`` (ages spread evenly within a band)."""
    width = params.age_upper - params.age_lower
    return np.clip((age - params.age_lower) / width, 0.0, 1.0)


def _zij_allocation(base: BaseYear, params: Parameters, scenario: Scenario) -> np.ndarray:
    """Extra zij-instromers per region x sector (persons/year, before completion)."""
    extra = (
        scenario.zij_instroom_extra
        + scenario.zij_instroom_budget_eur / params.zij_cost_eur
        + scenario.statushouders_extra
    )
    zij = base.inflow("zij_instroom", 0)
    weights = zij if zij.sum() > 0 else base.formatie
    return extra * weights / weights.sum()


def project(
    base: BaseYear,
    params: Parameters,
    scenario: Scenario | None,
    draws: Draws,
    years: int,
    *,
    record_flows: bool = False,
) -> Projection:
    """Run the model ``years`` years ahead for every region, sector and draw.

    ``scenario=None`` skips the lever code altogether (the pure baseline); ``Scenario()``
    must give the identical result.
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    if base.horizon < years:
        raise BaseYearError(
            "pupils", f"projection covers {base.horizon} years, {years} were asked for"
        )
    if draws.pupil_log_deviation.shape[2] < years + 1:
        raise ValueError("draws cover fewer years than asked for")
    sectors = base.sectors
    n = draws.n
    R, S, A = len(base.regions), len(sectors), params.n_bands

    # Parameters broadcast to (R|1, S|1, N|1, A|1).
    phi = params.stack("fte_per_person", sectors)[None, :, None, :]
    q_base = params.stack("exit_probability", sectors)[None, :, None, :]
    q_base = q_base * draws.exit_factor[None, None, :, None]
    alpha = params.ageing[None, None, None, :]
    q_cap = 1.0 - alpha
    g = params.graduate_age_share * 1.0
    z = params.zij_age_share * 1.0
    rho = params.reentry_age_share * 1.0
    pi_g = draws.graduate_entry_share[None, None, :]
    exponent = (1.0 - draws.elasticity)[None, None, :]
    p_reenter = params.reserve_reentry_probability

    # Pupil ratio P_t / P_t0 per draw: (R, S, N, T).
    ratio = base.pupils[..., : years + 1] / base.pupils[..., :1]
    ratio = ratio[:, :, None, :] * np.exp(draws.pupil_log_deviation[None, :, :, : years + 1])
    formatie = base.formatie[:, :, None]

    # Lever terms (all None when scenario is None).
    if scenario is not None:
        kappa = params.stack("kappa", sectors)[None, :, None]
        retention_f = _band_share_below(params, scenario.retention_max_age)
        part_time = params.stack("part_time_share", sectors)[None, :, None, :]
        hours_gain = (
            part_time * scenario.more_hours_share * np.minimum(scenario.more_hours_fte, 1.0 - phi)
        )
        zij_extra = _zij_allocation(base, params, scenario)
        completion = params.pabo_completion + scenario.pabo_completion_change
        if not 0.0 <= completion <= 1.0:
            raise ScenarioError(
                "pabo_completion_change",
                f"pabo completion {params.pabo_completion:g} + change must stay in [0, 1]",
            )
        pabo_factor = (1.0 + scenario.pabo_intake_change) * (completion / params.pabo_completion)
        po = np.array(
            [params.sector_group.get(s, "vo" if s == "vo" else "po") == "po" for s in sectors]
        )
        professionals = (
            kappa
            * po[None, :, None]
            * scenario.other_professionals_share
            * scenario.other_professionals_hours
            / OTHER_PROFESSIONALS_MONTH_HOURS
        )
        pool_cut = scenario.invalpool_share * params.substitution_share

    H = np.broadcast_to(anchored_stock(base, params)[:, :, None, :], (R, S, n, A)).copy()
    pool = np.zeros((R, S, n))
    pool_active = False  # the pool stays empty (and is skipped) until a surplus year
    shape_t = (R, S, years + 1, n)
    demand, supply = np.empty(shape_t), np.empty(shape_t)
    demand[:, :, 0] = formatie
    supply[:, :, 0] = (H * phi).sum(axis=3)
    if record_flows:
        flows = {
            k: np.zeros(shape_t + (A,))
            for k in ("persons", "exits", "ageing_out", "ageing_in", "hires")
        }
        flows["persons"][:, :, 0] = H
        unhired_t, pool_t = np.zeros(shape_t), np.zeros(shape_t)

    for t in range(1, years + 1):
        graduates = base.inflow("graduates", t)[:, :, None]
        zij = base.inflow("zij_instroom", t)[:, :, None]
        re_entrants = base.inflow("re_entrants", t)[:, :, None]
        # Demand.
        d = formatie * ratio[..., t] ** exponent
        q = q_base
        phi_t = phi
        grads, zij_t, re_t = graduates, zij, re_entrants
        if scenario is not None and t >= scenario.start:
            d = d * (1.0 - kappa * scenario.teaching_time_cut) * (1.0 - professionals)
            d = d / (1.0 + scenario.pupil_teacher_ratio_change)
            q = q_base * (1.0 - scenario.retention_change * retention_f)
            phi_t = phi + hours_gain
            zij_t = zij + zij_extra[:, :, None]
            re_t = re_entrants * (1.0 + scenario.re_entry_change)
            if t >= scenario.start + params.pabo_lag_years:
                grads = graduates * pabo_factor
        q = np.minimum(q, q_cap)

        # Stock: exits, ageing, survivors.
        exits = H * q
        out = H * alpha
        survivors = H * (1.0 - q - alpha) if not record_flows else H - exits - out
        survivors[..., 1:] += out[..., :-1]

        # Entrants, capped in surplus years.
        entrants = (grads * pi_g)[..., None] * g + (zij_t * params.zij_completion)[..., None] * z
        if pool_active:
            reenter = pool * p_reenter
            pool = pool - reenter
            entrants = entrants + (re_t + reenter)[..., None] * rho
        else:
            entrants = entrants + re_t[..., None] * rho
        phi_s = np.broadcast_to(phi_t, (1, S, 1, A))[0, :, 0, :]
        stay_fte = np.einsum("rsna,sa->rsn", survivors, phi_s)
        entrant_fte = np.einsum("rsna,sa->rsn", entrants, phi_s)
        surplus = (stay_fte + entrant_fte > d) & (entrant_fte > 0)
        if surplus.any():
            nu = np.where(
                surplus,
                np.clip((d - stay_fte) / np.where(entrant_fte > 0, entrant_fte, 1.0), 0.0, 1.0),
                1.0,
            )
            hires = entrants * nu[..., None]
            unhired = (entrants - hires).sum(axis=3)
            pool = pool + unhired
            pool_active = True
            s_t = stay_fte + nu * entrant_fte
        else:
            hires, unhired = entrants, np.zeros((R, S, n))
            s_t = stay_fte + entrant_fte
        H = survivors + hires

        demand[:, :, t] = d
        supply[:, :, t] = s_t
        if record_flows:
            flows["persons"][:, :, t] = H
            flows["exits"][:, :, t] = exits
            flows["ageing_out"][:, :, t] = out
            flows["ageing_in"][:, :, t, :, 1:] = out[..., :-1]
            flows["hires"][:, :, t] = hires
            unhired_t[:, :, t] = unhired
            pool_t[:, :, t] = pool

    if scenario is not None and pool_cut > 0:
        # invalpools fill part of the substitution shortage: supply rises by p v U_t (U_t > 0)
        lifted = np.arange(years + 1) >= scenario.start
        gap = np.maximum(demand - supply, 0.0) * pool_cut
        supply = supply + gap * lifted[None, None, :, None]
    shortage = demand - supply
    if record_flows:
        return Projection(demand, supply, shortage, **flows, unhired=unhired_t, reserve_pool=pool_t)
    return Projection(demand, supply, shortage)
