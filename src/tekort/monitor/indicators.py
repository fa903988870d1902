"""tekort's indicators that policy items are linked to, and their current value.

Two kinds of value, never mixed:

* the figures of the letters (figures.csv) that measure an indicator; its current letter figure
  is the one from the latest letter, latest reference period first. The figures file gives no
  intervals, so none is shown for them ("geen interval bekend");
* for an indicator tekort measures itself (`published`), the cell of tekort's own releases that
  measures it, read only through `tekort.publications.public_figures`
  (`tekort.monitor.indicator_values`).

Which items concern which indicator is data: `monitor/data/item_indicators.csv`
(`tekort.monitor.item_links`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

RESPONSE = "response_rate"  # the share of the frame that responded (whole %), not an estimate
PERCENTAGE = "percentage"  # an estimated share of the formatie, with its 95% interval


@dataclass(frozen=True)
class PublishedCell:
    """The cell of a release that measures an indicator (ReleaseCell's key) and what of it."""

    breakdown: str
    domain: str
    measure: str = "tekort"
    function: str = "leraar"
    field: str = PERCENTAGE


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    unit: str
    description: str
    figure_ids: tuple[str, ...] = ()
    published: PublishedCell | None = None


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "registration.response_rate",
        _("Response to the registration round"),
        "%",
        _("Share of school locations that registered their figures at the peildatum."),
        published=PublishedCell("national", "national", field=RESPONSE),
    ),
    IndicatorSpec(
        "shortage.national",
        _("Teacher shortage, all sectors"),
        "%",
        _("Open and hidden vacancies as a share of the formatie, teachers, the Netherlands."),
        published=PublishedCell("national", "national"),
    ),
    *(
        IndicatorSpec(
            f"shortage.sector.{code}",
            name,
            "%",
            _("Open and hidden vacancies as a share of the formatie, teachers, this sector."),
            published=PublishedCell("sector", f"sector={code}"),
        )
        for code, name in (
            ("bao", _("Teacher shortage in bao")),
            ("sbo", _("Teacher shortage in sbo")),
            ("so", _("Teacher shortage in so")),
            ("vso", _("Teacher shortage in vso")),
            ("vo", _("Teacher shortage in vo")),
        )
    ),
    IndicatorSpec(
        "hidden_vacancies.national",
        _("Hidden vacancies, all sectors"),
        "%",
        _(
            "Verborgen vacatures (posts filled by an emergency measure) as a share of the "
            "formatie, teachers, the Netherlands."
        ),
        published=PublishedCell("national", "national", measure="verborgen"),
    ),
    IndicatorSpec(
        "substitution.open.national",
        _("Open substitution, all sectors"),
        "%",
        _(
            "Substitution for long absence that nobody fills, as a share of the formatie, "
            "teachers, the Netherlands."
        ),
        published=PublishedCell("national", "national", measure="vervanging_openstaand"),
    ),
    IndicatorSpec(
        "school_leaders.shortage.national",
        _("School leader shortage, all sectors"),
        "%",
        _("Open and hidden vacancies of school leaders as a share of their formatie."),
        published=PublishedCell("national", "national", function="schoolleider"),
    ),
    IndicatorSpec(
        "shortage.g5.bao",
        _("Teacher shortage in bao, G5"),
        "%",
        _("Open and hidden vacancies as a share of the formatie, regular primary, G5."),
        ("f-l2021-06-08", "f-l2021-06-05", "f-l2021-06-01"),
        published=PublishedCell("sector:g5", "sector=bao|g5=True"),
    ),
    IndicatorSpec(
        "shortage.g5.sbo",
        _("Teacher shortage in sbo, G5"),
        "%",
        _("Open and hidden vacancies as a share of the formatie, special primary, G5."),
        ("f-l2021-06-09", "f-l2021-06-06", "f-l2021-06-02"),
        published=PublishedCell("sector:g5", "sector=sbo|g5=True"),
    ),
    IndicatorSpec(
        "shortage.g5.vso",
        _("Teacher shortage in (v)so, G5"),
        "%",
        _("Open and hidden vacancies as a share of the formatie, special education, G5."),
        ("f-l2021-06-10", "f-l2021-06-07", "f-l2021-06-03"),
        published=PublishedCell("sector:g5", "sector=(v)so|g5=True"),
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
    IndicatorSpec(
        "workload.funds_vo",
        _("Workload funds, vo"),
        "EUR",
        _("Structural workload funds for secondary education, per year."),
        ("f-l2024-02-24", "f-l2024-06-20"),
    ),
    IndicatorSpec(
        "more_hours.kopgroep_boards",
        _("School boards in the kopgroep meerurenbonus"),
        "count",
        _("School boards taking part in the kopgroep of the meerurenbonus pilot."),
        ("f-l2024-06-25",),
    ),
    IndicatorSpec(
        "more_hours.kopgroep_schools",
        _("Schools in the kopgroep meerurenbonus"),
        "count",
        _("Schools of the kopgroep boards taking part in the meerurenbonus pilot."),
        ("f-l2024-06-26",),
    ),
)

SPECS = {spec.key: spec for spec in INDICATORS}

FIGURE_INDICATOR = {fid: spec.key for spec in INDICATORS for fid in spec.figure_ids}


def current_figure(indicator):
    """The indicator's figure from the latest letter (then the latest reference period)."""
    figures = sorted(
        indicator.figures.select_related("letter"),
        key=lambda f: (f.letter.date, f.reference_period, f.id),
    )
    return figures[-1] if figures else None
