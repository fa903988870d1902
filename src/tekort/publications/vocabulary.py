"""The published vocabulary: indicators (measures), breakdowns, area names, symbols, methods.

Codes are the stored ones (``tekort.estimates``); labels are Dutch through the translation
machinery. Area names come from the register (provinces, labour-market regions, municipalities).
"""

import threading

from django.core.signals import request_started
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django_tasks.signals import task_started

from tekort.registry import schoolweging, shortage_cells, vo_subjects
from tekort.registry.models import LabourMarketRegion, Municipality, Province
from tekort_stats.shortage_cells import COMPONENTS

MEASURES = {
    "tekort": _("Total shortage"),
    "openstaand": _("Open vacancies"),
    "verborgen": _("Hidden vacancies"),
    **shortage_cells.LABELS,
}
FOUR_CELLS = COMPONENTS  # the four shortage cells, defined once in the core
MEASURE_DESCRIPTIONS = {
    "tekort": _("All four cells together: regular and substitution, open and hidden."),
    "openstaand": _("Posts nobody fills, being recruited for (regular and substitution)."),
    "verborgen": _("Posts filled by an emergency measure (regular and substitution)."),
    "regulier_openstaand": _("Regular posts that are open."),
    "regulier_verborgen": _("Regular posts filled by an emergency measure."),
    "vervanging_openstaand": _("Substitution for long absence that is open."),
    "vervanging_verborgen": _("Substitution for long absence filled by an emergency measure."),
}

# How schools cope (tekort_stats.coping): the hidden shortage of teachers by emergency measure,
# each the share of the formatie filled by that measure; stored as the measure "nood:<code>".
COPING_PREFIX = "nood:"
COPING_MEASURES = {
    f"{COPING_PREFIX}{code}": label
    for code, label in (
        ("ONBEVOEGD", _("Unqualified teacher (incl. zij-instromer not yet qualified, student)")),
        ("OOP_VOOR_KLAS", _("Onderwijsassistent or other support staff in front of the group")),
        ("AMBULANT_VOOR_KLAS", _("Qualified teacher taken from an ambulant task")),
        ("SCHOOLLEIDING_VOOR_KLAS", _("School leader in front of the group")),
        ("SAMENVOEGEN", _("Groups merged or pupils spread over other groups")),
        ("NAAR_HUIS", _("Pupils sent home, shortened school week")),
        ("INHUUR", _("External hire (agency, zzp, payroll) as a stop-gap")),
        ("LESUITVAL", _("Lessons cancelled or fewer hours (vo)")),
        ("ANDERS", _("Other measure")),
    )
}
COPING_DESCRIPTION = _(
    "Share of the formatie filled by this emergency measure (part of the hidden vacancies)."
)
ALL_MEASURES = {**MEASURES, **COPING_MEASURES}

FUNCTIONS = {"leraar": _("teachers"), "schoolleider": _("school leaders")}

DIMENSIONS = {
    "sector": _("Sector"),
    "sector_group": _("po and vo"),
    "school_type": _("School type (as in the letters)"),
    "g5": _("G5"),
    "schoolweging_band": _("Schoolweging"),
    "province": _("Province"),
    "labour_market_region": _("Labour-market region"),
    "onderwijsregio": _("Onderwijsregio"),
    "municipality_code": _("Municipality"),
    "vak": _("Subject (vo)"),
}
BREAKDOWNS = {
    "national": _("The Netherlands"),
    "sector": _("Sector"),
    "sector_group": _("po and vo"),
    "school_type": _("School type (as in the letters)"),
    "g5": _("G5 and the rest"),
    "schoolweging_band": _("Schoolweging"),
    "sector:g5": _("Sector × G5"),
    "sector:schoolweging_band": _("Sector × schoolweging"),
    "province": _("Province"),
    "labour_market_region": _("Labour-market region"),
    "onderwijsregio": _("Onderwijsregio"),
    # the level the regions plan by (issue 23); a rate too uncertain to show gets the model's
    "onderwijsregio:sector_group": _("Onderwijsregio × po and vo"),
    "municipality_code": _("Municipality"),
    # tekortvakken: vo teachers by subject (VoSubject), nationally and per onderwijsregio
    "vak": _("Subject (vo)"),
    "vak:onderwijsregio": _("Subject (vo) × onderwijsregio"),
}
MAP_LEVELS = ("municipality_code", "labour_market_region", "onderwijsregio")

SECTORS = {
    "bao": _("bao (basisonderwijs)"),
    "sbo": _("sbo (speciaal basisonderwijs)"),
    "so": _("so (speciaal onderwijs)"),
    "vso": _("vso (voortgezet speciaal onderwijs)"),
    "(v)so": _("(v)so (combined so and vso)"),
    "vo": _("vo (voortgezet onderwijs)"),
}
# po and vo as the ministry publishes them; the letters' school types, where (v)so is all special
# education (so, vso and the combined so/vso locations), unlike the register's sector "(v)so".
SECTOR_GROUPS = {
    "po": _("po (primair onderwijs: bao, sbo and (v)so)"),
    "vo": _("vo (voortgezet onderwijs)"),
}
SCHOOL_TYPES = {
    "bao": _("bao (basisonderwijs)"),
    "sbo": _("sbo (speciaal basisonderwijs)"),
    "(v)so": _("(v)so (so, vso and combined so/vso together)"),
    "vo": _("vo (voortgezet onderwijs)"),
}
G5 = {"True": _("G5"), "False": _("rest of the Netherlands")}
SCHOOLWEGING = schoolweging.LABELS  # the register's bands (national tertiles of bao CBS values)
SCHOOLWEGING_ORDER = ("low", "middle", "high", "none")

# GSS shorthand (methods.md §2.6, §3.2): one legend on every table.
SYMBOLS = {
    "c": _("confidential: suppressed by disclosure control"),
    "x": _("not available: insufficient response or precision"),
    "u": _("low reliability: use with caution"),
    "e": _("estimated with a model (small-area estimate)"),
    "k": _("low figure: a shortage that rounds to 0 FTE"),
    "p": _("provisional"),
    "r": _("revised since the previous version"),
    "z": _("not applicable"),
}

METHOD_PAGES = {
    "separate-ratio/linearised-fpc/t-interval": "estimation-and-intervals",
    "fay-herriot/reml/prasad-rao-mse/benchmarked": "small-area",
}
DEFAULT_METHOD_PAGE = "estimation-and-intervals"


def parse_domain(domain: str) -> dict[str, str]:
    """'sector=bao|g5=True' -> {'sector': 'bao', 'g5': 'True'}; 'national' -> {}."""
    if domain == "national":
        return {}
    return dict(part.split("=", 1) for part in domain.split("|"))


def subject_names() -> dict[str, str]:
    """Every vo subject's name by code (ended ones too: earlier releases use them), in the
    ministry's order (the register's list, ``tekort.registry.vo_subjects``)."""
    return vo_subjects.names()


# Area names are read from the database once per request (or background task) and thread:
# never kept across requests, so a rename made through any process shows in the next request
# of every process. Four small queries, and only on requests that name an area or a subject.
_request = threading.local()


def _area_names() -> dict[str, dict[str, str]]:
    names = getattr(_request, "area_names", None)
    if names is None:
        names = _request.area_names = {
            "province": dict(Province.objects.values_list("code", "name")),
            "labour_market_region": dict(LabourMarketRegion.objects.values_list("code", "name")),
            "municipality_code": dict(Municipality.objects.values_list("code", "name")),
            "vak": subject_names(),
        }
    return names


@receiver(request_started, dispatch_uid="vocabulary-area-names")
@receiver(task_started, dispatch_uid="vocabulary-area-names-task")
def clear_name_cache(**kwargs) -> None:
    """Forget this thread's area names: a request or a task starts from the database."""
    _request.area_names = None


def value_label(dimension: str, value: str) -> str:
    """The Dutch label of one dimension value (an area name, a sector, a band)."""
    if dimension == "sector":
        return str(SECTORS.get(value, value))
    if dimension == "sector_group":
        return str(SECTOR_GROUPS.get(value, value))
    if dimension == "school_type":
        return str(SCHOOL_TYPES.get(value, value))
    if dimension == "g5":
        return str(G5.get(value, value))
    if dimension == "schoolweging_band":
        return str(SCHOOLWEGING.get(value, value))
    if dimension == "onderwijsregio":
        return value
    names = _area_names().get(dimension, {})
    if value not in names:  # a register loaded after the cache (tests, a fresh import)
        clear_name_cache()
        names = _area_names().get(dimension, {})
    return names.get(value, value)


def domain_label(domain: str) -> str:
    parts = parse_domain(domain)
    if not parts:
        return str(BREAKDOWNS["national"])
    return ", ".join(value_label(dim, val) for dim, val in parts.items())


def sort_key(breakdown: str, domain: str):
    """Sectors and bands in their natural order, areas by name."""
    key = []
    for dim, val in parse_domain(domain).items():
        if dim == "schoolweging_band":
            key.append((SCHOOLWEGING_ORDER.index(val) if val in SCHOOLWEGING_ORDER else 9, ""))
        elif dim == "sector":
            key.append((list(SECTORS).index(val) if val in SECTORS else 9, ""))
        elif dim in ("sector_group", "school_type"):
            order = list(SECTOR_GROUPS if dim == "sector_group" else SCHOOL_TYPES)
            key.append((order.index(val) if val in order else 9, ""))
        elif dim == "g5":
            key.append((0 if val == "True" else 1, ""))
        else:
            key.append((0, value_label(dim, val).casefold()))
    return key


def method_page(method_id: str) -> str:
    return METHOD_PAGES.get(method_id, DEFAULT_METHOD_PAGE)
