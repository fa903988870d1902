"""A Household as URL parameters: the inverse of ``Household.from_form``.

The preset links, the letter's example and the "share this" link all carry the complete
inputs in the query string, so the page can be bookmarked and nothing is stored.
"""

from decimal import Decimal
from urllib.parse import urlencode

from tekort_calc import Household
from tekort_calc.money import fmt_num


def number(value: Decimal) -> str:
    """Dutch notation without thousands separators ("0,6", "10,5", "45000")."""
    return fmt_num(Decimal(value))


def household_params(h: Household) -> dict[str, str]:
    """The form fields (``tekort_calc.household.FIELDS``) that reproduce ``h``."""
    p: dict[str, str] = {"fte": number(h.fte), "sector": h.sector}
    if h.monthly_salary_fulltime is not None:
        p["monthly_salary_fulltime"] = number(h.monthly_salary_fulltime)
    if h.scale:
        p["scale"] = h.scale
    if h.step is not None:
        p["step"] = str(h.step)
    if h.top_of_scale:
        p["top_of_scale"] = "ja"
    if not h.apply_cao_rises:
        p["apply_cao_rises"] = "nee"
    if h.has_partner:
        p["partner"] = "ja"
        if h.partner_income:
            p["partner_income"] = number(h.partner_income)
        if not h.partner_insured:
            p["partner_insured"] = "nee"
    for i, child in enumerate(h.children, start=1):
        p[f"child_{i}_age"] = str(child.age)
        if child.childcare != "geen":
            p[f"child_{i}_childcare"] = child.childcare
            p[f"child_{i}_hours_per_day"] = number(child.childcare_hours_per_day)
            p[f"child_{i}_price_per_hour"] = number(child.childcare_price_per_hour)
    if h.childcare_days_covered:
        p["childcare_days_covered"] = number(h.childcare_days_covered)
    if h.partner_days is not None:
        p["partner_days"] = number(h.partner_days)
    if h.partner_age is not None:
        p["partner_age"] = str(h.partner_age)
    if h.birth_date is not None:
        p["birth_date"] = f"{h.birth_date:%d-%m-%Y}"
    if h.age is not None:
        p["age"] = str(h.age)
    p["housing"] = h.housing
    if h.rent:
        p["rent"] = number(h.rent)
    if h.assets:
        p["assets"] = number(h.assets)
    b = h.bonus
    if b.kind != "geen":
        p["bonus_kind"] = b.kind
        p["bonus_threshold_fte"] = number(b.threshold_fte)
        if b.kind == "vast":
            p["bonus_amount"] = number(b.amount)
        else:
            p["bonus_percentage"] = number(b.percentage * 100)
        if b.pensionable:
            p["bonus_pensionable"] = "ja"
    return p


def query_string(h: Household, fte_to: Decimal, year: int) -> str:
    return urlencode({**household_params(h), "fte_to": number(fte_to), "year": str(year)})
