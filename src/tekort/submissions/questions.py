"""The question set of the uitvraag: the fields, the emergency-measure codes and their definitions.

Definitions follow ../shared/brief/methods.md §1.2-§1.7. They are stored per round in a versioned
``QuestionSet`` (Dutch, the official wording of the round); this module holds the first version.
"""

from decimal import Decimal
from functools import cache

from django.utils.translation import gettext_lazy as _

from tekort.registry import shortage_cells
from tekort.registry.models import Sector
from tekort_stats.shortage_cells import COMPONENTS, HIDDEN_CELLS  # noqa: F401 (re-exported)

DEFAULT_VERSION = "2025.1"

# The four shortage cells, defined once in the core (tekort_stats.shortage_cells).
CELLS = COMPONENTS
# The FTE fields of a registration, in form order.
FTE_FIELDS = ("formatie", "long_leave", *CELLS)
# What a vo location reports per subject (issue 20): the subject's formatie and the four cells.
# The subjects themselves are data: tekort.registry.vo_subjects.
SUBJECT_FIELDS = ("formatie", *CELLS)

FIELD_LABELS = {
    "formatie": _("Formatie (FTE)"),
    "long_leave": _("Teachers on long leave (FTE)"),
    **shortage_cells.FTE_LABELS,
    "pupils": _("Pupils at the peildatum"),
    "remark": _("Remark (optional)"),
    "other_measure": _("Other measure, namely"),
}

# Emergency-measure codes of methods.md §1.4; LESUITVAL is asked in vo only.
MEASURES = {
    "ONBEVOEGD": _("Unqualified teacher (incl. zij-instromer not yet qualified, student)"),
    "OOP_VOOR_KLAS": _("Onderwijsassistent or other support staff in front of the group"),
    "AMBULANT_VOOR_KLAS": _("Qualified teacher taken from an ambulant task (IB, RT, specialist)"),
    "SCHOOLLEIDING_VOOR_KLAS": _("School leader in front of the group"),
    "SAMENVOEGEN": _("Groups merged or pupils spread over other groups"),
    "NAAR_HUIS": _("Pupils sent home, shortened school week"),
    "INHUUR": _("External hire (agency, zzp, payroll) as a stop-gap"),
    "LESUITVAL": _("Lessons cancelled or fewer hours than the lessentabel"),
    "ANDERS": _("Other, namely (explain)"),
}
VO_ONLY = {"LESUITVAL"}


@cache
def measure_codes(sector: str) -> tuple[str, ...]:
    return tuple(c for c in MEASURES if sector == Sector.VO or c not in VO_ONLY)


# Pupils per teacher FTE, to turn DUO's pupil count into a DUO-based FTE for the §1.7 check (the
# register has no DUO teacher FTE per location yet; the ratios are the sectors' typical ones).
PUPILS_PER_TEACHER_FTE = {
    Sector.BAO: Decimal("15.5"),
    Sector.SBO: Decimal("8.5"),
    Sector.SO: Decimal("5.5"),
    Sector.VSO: Decimal("5.5"),
    Sector.SO_VSO: Decimal("5.5"),
    Sector.VO: Decimal("14.0"),
}

# Plausibility bounds (hard errors above them).
MAX_FORMATIE = Decimal("500")
MAX_PUPILS = 20000

DEFINITIONS_2025_1 = {
    "formatie": (
        "De fte aan lerarenposities (functie leraar) in het formatieplan van de vestiging op de "
        "peildatum, of ze nu regulier zijn vervuld, met een noodoplossing zijn vervuld of vacant "
        "zijn. Tijdelijk afwezige leraren (ziekte, verlof) houden hun positie; hun vervanging "
        "telt niet extra mee."
    ),
    "long_leave": (
        "De fte van leraren die op de peildatum langer dan zes weken afwezig zijn (ziekte, verlof). "
        "Dit begrenst de vervangingscellen."
    ),
    "regulier_openstaand": (
        "Fte van reguliere posities waarvoor op de peildatum niemand werkt en waarvoor de school "
        "iemand zoekt (ook: sollicitanten in procedure, benoemd maar nog niet begonnen). Niet: "
        "posities die met een noodoplossing zijn vervuld, of die pas na de peildatum vacant worden."
    ),
    "regulier_verborgen": (
        "Fte van reguliere posities die wel bezet zijn, maar niet door een bevoegde leraar zoals de "
        "school dat zou willen: een noodoplossing. Verdeel deze fte hieronder over de noodmaatregelen."
    ),
    "vervanging_openstaand": (
        "Fte van afwezige leraren (langer dan zes weken) voor wie op de peildatum niemand "
        "vervangt. Kortdurende vervanging telt niet mee."
    ),
    "vervanging_verborgen": (
        "Fte van afwezige leraren (langer dan zes weken) die met een noodoplossing worden "
        "vervangen. Verdeel deze fte hieronder over de noodmaatregelen."
    ),
    "measures": (
        "Omrekening naar fte: de fte van de formatiepositie die de maatregel op de peildatum "
        "opvangt, dus uren per week die de maatregel dekt gedeeld door de uren van een voltijdse "
        "positie. Voorbeelden: een groep van 0,6 fte die drie dagen door een onderwijsassistent "
        "wordt gedraaid: 0,6 fte OOP_VOOR_KLAS; een voltijdse groep die één dag per week naar huis "
        "gaat: 0,2 fte NAAR_HUIS; twee groepen samengevoegd omdat één leraar (1,0 fte) ontbreekt: "
        "1,0 fte SAMENVOEGEN. Elke verborgen fte krijgt precies één code."
    ),
    "pupils": "Het aantal leerlingen van de vestiging op de peildatum (voorgevuld uit DUO).",
}

# School leadership (function schoolleider) is asked per board (methods.md §1.6): the formatie of
# school leaders and the same four shortage cells, without a long-leave field (substitution is
# bounded by the formatie instead).
SCHOOL_LEADER_FIELDS = ("formatie", *CELLS)
SCHOOL_LEADER_LABELS = {
    "formatie": _("Formatie of school leaders (FTE)"),
    **shortage_cells.FTE_LABELS,
    "remark": _("Remark (optional)"),
}
# A board's school-leader formatie above this is not plausible (the largest boards have a few
# hundred locations).
MAX_SCHOOL_LEADER_FORMATIE = Decimal("500")
SCHOOL_LEADER_DEFINITIONS = {
    "formatie": (
        "De fte aan posities in de functie schoolleider (directeur, adjunct-directeur, "
        "locatieleider) van alle vestigingen van het bestuur samen op de peildatum, inclusief "
        "bovenschoolse directeuren, of ze nu regulier zijn vervuld, met een noodoplossing zijn "
        "vervuld of vacant zijn. Het bestuur vult dit in, niet de vestiging: een vestiging ziet de "
        "bovenschoolse directie niet."
    ),
    "regulier_openstaand": (
        "Fte van schoolleiderposities waarvoor op de peildatum niemand werkt en waarvoor het "
        "bestuur iemand zoekt (ook: benoemd maar nog niet begonnen)."
    ),
    "regulier_verborgen": (
        "Fte van schoolleiderposities die bezet zijn met een noodoplossing, bijvoorbeeld een "
        "interim-directeur via inhuur, een leraar of intern begeleider die tijdelijk de leiding "
        "heeft, of een directeur die er tijdelijk een school bij doet."
    ),
    "vervanging_openstaand": (
        "Fte van schoolleiders die langer dan zes weken afwezig zijn (ziekte, verlof) en voor wie "
        "op de peildatum niemand vervangt."
    ),
    "vervanging_verborgen": (
        "Fte van schoolleiders die langer dan zes weken afwezig zijn en met een noodoplossing "
        "worden vervangen."
    ),
}

# The per-subject questions of a vo location (issue 20).
SUBJECT_DEFINITIONS = {
    "subjects": (
        "Verdeel de formatie en de vier tekortcellen van de vestiging over de vakken: per vak de "
        "fte aan lerarenposities voor dat vak en de fte van de tekortcellen in dat vak. Een "
        "positie voor meer vakken verdeelt u naar de uren per vak. De vakken tellen op tot de "
        "totalen van de vestiging. Vakken zonder formatie laat u leeg."
    ),
    "subject_answer": (
        "Kunt u de cijfers niet per vak geven, kies dan 'alleen het totaal'. Uw totaal telt dan "
        "volledig mee; voor de cijfers per vak telt uw vestiging als niet-respons, niet als nul."
    ),
}
