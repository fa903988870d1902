"""tekort's indicators that policy items are linked to, and their current value.

An indicator's values are the figures (from the letters' figures.csv) that measure it; its current
value is the figure from the latest letter, latest reference period first. The figures file gives no intervals, so
none is shown for them ("geen interval bekend"). Indicators tekort measures itself (the
registration's response) have no figure here yet.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    unit: str
    description: str
    figure_ids: tuple[str, ...] = ()


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "registration.response_rate",
        _("Response to the registration round"),
        "%",
        _("Share of school locations that registered their figures at the peildatum."),
    ),
    IndicatorSpec(
        "shortage.g5.bao",
        _("Teacher shortage in bao, G5"),
        "%",
        _("Open and hidden vacancies as a share of the formatie, regular primary, G5."),
        ("f-l2021-06-08", "f-l2021-06-05", "f-l2021-06-01"),
    ),
    IndicatorSpec(
        "shortage.g5.sbo",
        _("Teacher shortage in sbo, G5"),
        "%",
        _("Open and hidden vacancies as a share of the formatie, special primary, G5."),
        ("f-l2021-06-09", "f-l2021-06-06", "f-l2021-06-02"),
    ),
    IndicatorSpec(
        "shortage.g5.vso",
        _("Teacher shortage in (v)so, G5"),
        "%",
        _("Open and hidden vacancies as a share of the formatie, special education, G5."),
        ("f-l2021-06-10", "f-l2021-06-07", "f-l2021-06-03"),
    ),
    IndicatorSpec(
        "hidden_vacancies.g5.bao",
        _("Hidden vacancies in bao, G5"),
        "%",
        _("Verborgen vacatures as a share of the formatie, regular primary, G5."),
        ("f-l2021-06-11",),
    ),
    IndicatorSpec(
        "zij_instroom.count",
        _("Zij-instromers with a subsidy granted"),
        "persons",
        _("Career changers for whom the zij-instroom subsidy was granted, per year."),
        ("f-l2024-02-18", "f-l2024-02-14", "f-l2024-06-01"),
    ),
    IndicatorSpec(
        "zij_instroom.subsidy",
        _("Zij-instroom subsidy granted"),
        "EUR",
        _("Total zij-instroom subsidy granted per year."),
        ("f-l2024-02-17", "f-l2024-02-13"),
    ),
    IndicatorSpec(
        "onderwijsregio.count",
        _("Onderwijsregio's with a subsidy"),
        "count",
        _("Number of onderwijsregio's that received subsidy."),
        ("f-l2024-02-35", "f-l2024-06-04", "f-l2024-06-03"),
    ),
    IndicatorSpec(
        "workload.funds_po",
        _("Workload funds, po"),
        "EUR",
        _("Structural workload funds for primary education, per year."),
        ("f-l2024-02-23", "f-l2024-06-19"),
    ),
    IndicatorSpec(
        "lerarenbeurs.applications",
        _("Applications for the lerarenbeurs"),
        "count",
        _("Applications for the teachers' study grant, per year."),
        ("f-l2024-06-14",),
    ),
)

FIGURE_INDICATOR = {fid: spec.key for spec in INDICATORS for fid in spec.figure_ids}


def current_figure(indicator):
    """The indicator's figure from the latest letter (then the latest reference period)."""
    figures = sorted(
        indicator.figures.select_related("letter"),
        key=lambda f: (f.letter.date, f.reference_period, f.id),
    )
    return figures[-1] if figures else None
