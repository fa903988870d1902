"""The entry point: ``calculate(household, year) -> Result``.

Order: gross pay (pay, bonus) → ABP premium (pension) → fiscal wage → yearly assessment per
person incl. IACK (assessment) → joint toetsingsinkomen → toeslagen → childcare costs.
Every step adds named components (per year, in cents) whose sum is the household's
disposable income.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from .allowances.huurtoeslag import huurtoeslag
from .allowances.kinderopvangtoeslag import kinderopvangtoeslag
from .allowances.kindgebonden_budget import kindgebonden_budget
from .allowances.zorgtoeslag import zorgtoeslag
from .aow import AowStatus, aow_age
from .aow import status as aow_status
from .assessment import Assessment, assess, iack_eligibility
from .bonus import bonus_amount
from .household import Household
from .money import ZERO, cents, fmt_eur, fmt_num, fmt_pct
from .parameters import Parameters, load
from .pay import annual_pay
from .pension import employee_premium
from .result import Component, Payslip, Result
from .wage_tax import aow_rates, monthly_table

MONTHS = Decimal(12)


def _tax_components(
    prefix: str, who: str, a: Assessment, p: Parameters, group: str
) -> list[Component]:
    b1, b2, b3 = a.brackets
    r = aow_rates(p, a.rate_1) if a.aow.reached else p  # the rates of the person's age
    past = " vanaf de AOW-leeftijd" if a.aow.reached else ""
    out = [
        Component(
            f"{prefix}box1",
            f"Inkomstenbelasting en volksverzekeringen ({who})",
            -a.box1,
            lambda: (
                f"Box 1 over het belastbaar inkomen {fmt_eur(a.taxable_income)}: "
                f"{fmt_pct(a.rate_1)} tot {fmt_eur(p['box1.bracket_1_limit'])} ({fmt_eur(b1)}"
                + (", zonder AOW-premie" if a.aow.reached else "")
                + "), "
                f"{fmt_pct(p['box1.rate_2'])} tot {fmt_eur(p['box1.bracket_2_limit'])} ({fmt_eur(b2)}), "
                f"{fmt_pct(p['box1.rate_3'])} daarboven ({fmt_eur(b3)}); per schijf afgerond op hele euro's."
            ),
            group,
        ),
        Component(
            f"{prefix}ahk",
            f"Algemene heffingskorting ({who})",
            a.ahk_used,
            lambda: (
                f"Maximaal {fmt_eur(r['ahk.max'])}{past}, min {fmt_pct(r['ahk.phaseout_rate'], 3)} van het "
                f"inkomen boven {fmt_eur(p['ahk.phaseout_start'])}: {fmt_eur(a.ahk)}"
                + (
                    f", waarvan {fmt_eur(a.ahk_used)} verrekend kan worden."
                    if a.ahk_used != a.ahk
                    else "."
                )
            ),
            group,
        ),
        Component(
            f"{prefix}ak",
            f"Arbeidskorting ({who})",
            a.ak_used,
            lambda: (
                f"Korting voor werkenden, oplopend tot {fmt_eur(r['ak.max'])}{past} en vanaf "
                f"{fmt_eur(p['ak.limit_3'])} afnemend met {fmt_pct(r['ak.phaseout_rate'])}: {fmt_eur(a.ak)}"
                + (
                    f", waarvan {fmt_eur(a.ak_used)} verrekend kan worden."
                    if a.ak_used != a.ak
                    else "."
                )
            ),
            group,
        ),
    ]
    if a.aow.reached:
        out.append(
            Component(
                f"{prefix}ouderenkorting",
                f"Ouderenkorting ({who})",
                a.elderly_used,
                lambda: (
                    f"Voor wie uiterlijk op 31 december de AOW-leeftijd bereikt: "
                    f"{fmt_eur(p['ouderenkorting.max'])}, min "
                    f"{fmt_pct(p['ouderenkorting.phaseout_rate'], 0)} van het inkomen boven "
                    f"{fmt_eur(p['ouderenkorting.phaseout_start'])}: {fmt_eur(a.elderly)}"
                    + (
                        f", plus de alleenstaande-ouderenkorting {fmt_eur(a.elderly_single)}"
                        if a.elderly_single
                        else ""
                    )
                    + (
                        f"; daarvan kan {fmt_eur(a.elderly_used)} verrekend worden."
                        if a.elderly_used != a.elderly + a.elderly_single
                        else "."
                    )
                ),
                group,
            )
        )
    if a.iack or prefix == "":
        out.append(
            Component(
                f"{prefix}iack",
                f"Inkomensafhankelijke combinatiekorting ({who})",
                a.iack_used,
                lambda: (
                    f"{fmt_pct(p['iack.rate'])} van het arbeidsinkomen boven {fmt_eur(p['iack.threshold'])}, "
                    f"maximaal {fmt_eur(p['iack.max'])}: {fmt_eur(a.iack)}."
                    if a.iack
                    else "Geen IACK: die krijgt een alleenstaande ouder of de minstverdienende partner met een kind onder 12."
                ),
                group,
            )
        )
    return out


def _aow_assumptions(who: str, s: AowStatus, year: int, p: Parameters) -> tuple[str, ...]:
    """What the result assumes about one person's AOW age (Dutch sentences; cached on plain
    values, as the curve asks the same for every point)."""
    return _aow_sentences(who, s.premium_months, s.known, s.reached_on, year, p)


@lru_cache(maxsize=64)
def _aow_sentences(who, premium_months, known, reached_on, year, p) -> tuple[str, ...]:
    s = AowStatus(premium_months, known, reached_on)
    years, months = aow_age(p)
    age = f"{years} jaar" + (f" en {months} maanden" if months else "")
    if not s.known:
        return (
            f"De geboortedatum of leeftijd van {who} is niet ingevuld: we rekenen alsof "
            f"{who} in {year} de AOW-leeftijd ({age}) nog niet heeft bereikt.",
        )
    if not s.reached:
        return ()
    if s.past_all_year:
        head = f"{who.capitalize()} heeft in {year} de AOW-leeftijd ({age}) bereikt"
        rate = "het AOW-tarief in schijf 1"
    else:
        head = f"{who.capitalize()} bereikt de AOW-leeftijd ({age}) op {s.reached_on:%d-%m-%Y}"
        rate = "het aangepaste tarief voor het jaar waarin je de AOW-leeftijd bereikt"
    return (
        f"{head}: we rekenen met {rate}, de heffingskortingen vanaf de AOW-leeftijd en de "
        "ouderenkorting. Een AOW-uitkering of ouderdomspensioen telt niet mee in deze "
        "berekening, en de pensioenpremie blijft gelijk.",
    )


@lru_cache(maxsize=64)
def _unverified(p: Parameters, prefixes: tuple[str, ...]) -> tuple:
    return tuple(x for x in p.unverified() if x.key.startswith(prefixes))


def calculate(household: Household, year: int) -> Result:
    """Household disposable income per year with a step-by-step breakdown."""
    household.validate()
    h = household
    p = load(year)
    warnings: list[str] = []
    comps: list[Component] = []

    # 1. gross pay
    pay = annual_pay(h, p)
    bonus, bonus_text = bonus_amount(h, pay.salary)
    rises = (
        [f"{fmt_pct(r, 1)} per {d}" for d, r in p[f"pay.rises_{h.sector}"]]
        if h.apply_cao_rises
        else []
    )
    comps.append(
        Component(
            "salary",
            "Brutosalaris",
            pay.salary,
            lambda: (
                f"Voltijds maandsalaris {fmt_eur(pay.fulltime_monthly)} ({pay.fulltime_source}) × "
                f"deeltijdfactor {fmt_num(h.fte)} × 12 maanden"
                + (f", met de cao-verhoging {', '.join(rises)}" if rises else "")
                + "."
            ),
            "loon",
        )
    )
    comps.append(
        Component(
            "holiday_pay",
            "Vakantie-uitkering",
            pay.holiday_pay,
            f"{fmt_pct(p['pay.holiday_pay_rate'], 0)} van het jaarsalaris.",
            "loon",
        )
    )
    comps.append(
        Component(
            "year_end_bonus",
            "Eindejaarsuitkering",
            pay.year_end_bonus,
            f"{fmt_pct(p['pay.year_end_bonus_rate'])} van het jaarsalaris.",
            "loon",
        )
    )
    if pay.allowances:
        comps.append(
            Component(
                "allowances",
                "Oktobertoelage",
                pay.allowances,
                f"{fmt_eur(pay.allowances_fulltime)} per jaar bij een volledige baan, naar rato van "
                f"{fmt_num(h.fte)} fte (voor leraren in po die niet in de hoogste trede zitten).",
                "loon",
            )
        )
    if h.bonus.kind != "geen":
        comps.append(Component("bonus", "Meerurenbonus", bonus, bonus_text, "loon"))
    gross = pay.gross_without_bonus + bonus

    # 2. pension
    pension = employee_premium(pay, h.fte, bonus, h.bonus.pensionable, p)
    comps.append(
        Component(
            "pension",
            "Pensioenpremie ABP (werknemersdeel)",
            -pension.premium,
            lambda: (
                f"{fmt_pct(pension.rate)} (jouw deel van de premie) over het voltijds pensioengevend "
                f"salaris {fmt_eur(pension.pensionable_fulltime)} min de franchise {fmt_eur(pension.franchise)}, "
                f"× {fmt_num(h.fte)} fte"
                + (", plus over de bonus" if h.bonus.pensionable and bonus else "")
                + ". De premie is aftrekbaar: je betaalt er geen belasting over."
            ),
            "pensioen",
        )
    )
    fiscal = gross - pension.premium

    # 3. tax, with IACK for the parent who qualifies
    iack_p = p["iack.child_max_age"]
    young = any(c.age <= iack_p for c in h.children)
    partner_fiscal = h.partner_income if h.has_partner else ZERO
    teacher_iack, partner_iack = iack_eligibility(young, h.has_partner, fiscal, partner_fiscal)
    teacher_aow = aow_status(h.birth_date, h.age, year, p)
    partner_aow = aow_status(None, h.partner_age, year, p)
    assumptions = _aow_assumptions("de leraar", teacher_aow, year, p)
    if h.has_partner and partner_aow.known:
        assumptions = assumptions + _aow_assumptions("je partner", partner_aow, year, p)
    a = assess(fiscal, p, teacher_iack, teacher_aow, single=not h.has_partner)
    comps.extend(_tax_components("", "leraar", a, p, "belasting"))
    teacher_net = fiscal - a.tax

    if h.has_partner:
        pa = assess(partner_fiscal, p, partner_iack, partner_aow)
        comps.append(
            Component(
                "partner_income",
                "Inkomen partner (bruto, fiscaal loon)",
                partner_fiscal,
                "Het ingevulde belastbare loon van je partner per jaar.",
                "partner",
            )
        )
        comps.extend(_tax_components("partner_", "partner", pa, p, "partner"))

    # 4. toeslagen on the joint toetsingsinkomen
    income = a.taxable_income + (pa.taxable_income if h.has_partner else ZERO)
    zt = zorgtoeslag(income, h.has_partner, h.partner_insured, h.assets, p)
    comps.append(Component("zorgtoeslag", "Zorgtoeslag", zt.annual, zt.explanation, "toeslagen"))
    if h.housing == "huur":
        ht = huurtoeslag(income, h.rent, h.persons, h.has_partner, h.assets, p)
        comps.append(
            Component("huurtoeslag", "Huurtoeslag", ht.annual, ht.explanation, "toeslagen")
        )
        if not ht.computed:
            warnings.append(ht.explanation)
        elif teacher_aow.reached or (h.has_partner and partner_aow.reached):
            warnings.append(
                "Huurtoeslag is berekend met de bedragen voor huishoudens onder de AOW-leeftijd; "
                "voor een huishouden met iemand boven de AOW-leeftijd kunnen andere bedragen "
                "gelden, die niet zijn meegerekend."
            )
    if h.children:
        kgb = kindgebonden_budget(income, h.has_partner, h.children, h.assets, p)
        comps.append(
            Component("kgb", "Kindgebonden budget", kgb.annual, kgb.explanation, "toeslagen")
        )
    if any(c.childcare != "geen" for c in h.children):
        care = kinderopvangtoeslag(h, income, p)
        warnings.extend(care.outside_age)
        comps.append(
            Component(
                "kot",
                "Kinderopvangtoeslag",
                care.allowance.annual,
                care.allowance.explanation,
                "toeslagen",
            )
        )
        comps.append(
            Component(
                "childcare_cost",
                "Kosten kinderopvang",
                -care.cost,
                f"{' + '.join(str(x) for x in care.hours_per_month)} uur opvang per maand (volgt je "
                f"werkdagen) × de uurprijs × 12 maanden.",
                "kosten",
            )
        )
    if any(c.amount for c in comps if c.group == "toeslagen"):
        warnings.append(
            "Toeslagen zijn voorschotten op je verwachte jaarinkomen: ga je in de loop van het jaar "
            "meer werken, geef dan je nieuwe inkomen door, anders moet je later terugbetalen."
        )

    # 5. the regular month's payslip
    monthly_pension = cents(pension.premium / MONTHS)
    table = monthly_table(pay.january_monthly - monthly_pension, p, aow=teacher_aow.past_all_year)
    payslip = Payslip(
        gross=pay.january_monthly,
        pension=monthly_pension,
        table_wage=table.table_wage,
        wage_tax=table.with_credits,
        net=pay.january_monthly - monthly_pension - table.with_credits,
    )

    used_prefixes = (
        "pension",
        f"pay.rises_{h.sector}",
        f"scales.{h.sector}.{h.scale}." if h.monthly_salary_fulltime is None else "-",
        "box1",
        "ahk",
        "ak",
        "iack",
        "zorgtoeslag",
        "kgb" if h.children else "-",
        "kot" if any(c.childcare != "geen" for c in h.children) else "-",
        "huurtoeslag" if h.housing == "huur" else "-",
        *(
            ("aow", "box1_aow", "ahk_aow", "ak_aow", "ouderenkorting")
            if teacher_aow.reached or (h.has_partner and partner_aow.reached)
            else ()
        ),
        "alleenstaande_ouderenkorting" if teacher_aow.reached and not h.has_partner else "-",
    )
    unverified = _unverified(p, used_prefixes)
    return Result(
        household=h,
        year=int(year),
        parameters_version=p.version,
        components=tuple(comps),
        teacher_gross=gross,
        teacher_net=teacher_net,
        pension_premium=pension.premium,
        fiscal_wage=fiscal,
        payslip=payslip,
        warnings=tuple(warnings),
        unverified=unverified,
        hours_per_year=h.fte * p["pay.hours_per_fte"],
        assumptions=assumptions,
    )
