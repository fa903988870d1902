"""Common teacher situations ("de meest voorkomende situaties", letter spoor 3).

Each preset is a Household at a given FTE and full-time salary (default €5,000 a month, the
letter's example: the top of LB). The amounts for rent, partner income and childcare are
illustrative round numbers, stated in the description so a page can show them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .household import Child, Household

D = Decimal
DEFAULT_SALARY = D(5000)


@dataclass(frozen=True)
class Preset:
    key: str
    label: str  # Dutch
    description: str  # Dutch
    build: Callable[[Decimal, Decimal], Household]

    def household(
        self, fte: Decimal | str = "0.6", salary: Decimal | str = DEFAULT_SALARY
    ) -> Household:
        return self.build(D(fte), D(salary))


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "alleenstaand",
            "Alleenstaand",
            "Alleenstaand, geen kinderen, geen huurtoeslag (koopwoning of inwonend).",
            lambda fte, s: Household(fte=fte, monthly_salary_fulltime=s, housing="koop"),
        ),
        Preset(
            "stel",
            "Stel, twee inkomens",
            "Samenwonend, partner verdient € 45.000 per jaar, geen kinderen, koopwoning.",
            lambda fte, s: Household(
                fte=fte,
                monthly_salary_fulltime=s,
                has_partner=True,
                partner_income=D(45000),
                housing="koop",
            ),
        ),
        Preset(
            "stel_jonge_kinderen",
            "Stel met jonge kinderen",
            "Samenwonend, partner verdient € 45.000 per jaar, kinderen van 2 (dagopvang, 10 uur per "
            "dag, € 10,50 per uur) en 6 (bso, 4 uur per dag, € 9,50 per uur) op je werkdagen.",
            lambda fte, s: Household(
                fte=fte,
                monthly_salary_fulltime=s,
                has_partner=True,
                partner_income=D(45000),
                children=(
                    Child(2, "dagopvang", D(10), D("10.50")),
                    Child(6, "bso", D(4), D("9.50")),
                ),
            ),
        ),
        Preset(
            "alleenstaande_ouder",
            "Alleenstaande ouder met kind in de opvang",
            "Alleenstaande ouder, kind van 3 in de dagopvang (10 uur per werkdag, € 10,50 per uur), "
            "huurwoning met kale huur € 750 per maand.",
            lambda fte, s: Household(
                fte=fte,
                monthly_salary_fulltime=s,
                children=(Child(3, "dagopvang", D(10), D("10.50")),),
                housing="huur",
                rent=D(750),
            ),
        ),
        Preset(
            "huurder",
            "Alleenstaande huurder",
            "Alleenstaand, geen kinderen, huurwoning met kale huur € 800 per maand.",
            lambda fte, s: Household(
                fte=fte, monthly_salary_fulltime=s, housing="huur", rent=D(800)
            ),
        ),
        Preset(
            "koopwoning",
            "Gezin in een koopwoning",
            "Samenwonend, partner verdient € 35.000 per jaar, één kind van 8 zonder opvang, koopwoning.",
            lambda fte, s: Household(
                fte=fte,
                monthly_salary_fulltime=s,
                has_partner=True,
                partner_income=D(35000),
                children=(Child(8),),
                housing="koop",
            ),
        ),
    )
}


def preset(
    key: str, fte: Decimal | str = "0.6", salary: Decimal | str = DEFAULT_SALARY
) -> Household:
    return PRESETS[key].household(fte, salary)
