"""Validation edits of one registration (issue 9, methods.md §1.7): hard errors and soft warnings.

Hard errors block. Soft warnings need the submitter's explicit confirmation and are stored with the
registration. The same function checks the form, the board upload and the API.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tekort.registry.models import Sector
from tekort.submissions.figures import ZERO, Figures
from tekort.submissions.questions import (
    CELLS,
    HIDDEN_CELLS,
    MAX_FORMATIE,
    MAX_PUPILS,
    MAX_SCHOOL_LEADER_FORMATIE,
    PUPILS_PER_TEACHER_FTE,
    SUBJECT_FIELDS,
    measure_codes,
)
from tekort.submissions.subject_answers import PER_SUBJECT, SUBJECT_ANSWERS, TOTAL_ONLY

SHORTAGE_WARN_SHARE = Decimal("0.5")
FORMATIE_CHANGE_WARN = Decimal("0.30")
DUO_DEVIATION_WARN = Decimal("0.25")
# "A cell zero last time and large now": at least 1 FTE and at least 10 % of the formatie.
JUMP_MIN_FTE = Decimal("1.00")
JUMP_MIN_SHARE = Decimal("0.10")
LOCATION_FORMATIE_IMPLAUSIBLE = gettext_lazy(
    "A formatie above %(max)s FTE for one location is not plausible."
)
SCHOOL_LEADER_FORMATIE_IMPLAUSIBLE = gettext_lazy(
    "A school-leader formatie above %(max)s FTE for one board is not plausible."
)


@dataclass(frozen=True)
class Issue:
    code: str
    field: str  # the form field (or upload column) it belongs to; "" for the whole registration
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Context:
    """What the checks compare with: the previous round's figures and DUO's pupil count."""

    sector: str
    previous: Figures | None = None
    duo_pupils: int | None = None
    # the vo subjects asked on the round's peildatum (tekort.registry.vo_subjects)
    subject_codes: tuple[str, ...] = ()

    @property
    def duo_fte(self) -> Decimal | None:
        ratio = PUPILS_PER_TEACHER_FTE.get(self.sector)
        if not self.duo_pupils or not ratio:
            return None
        return Decimal(self.duo_pupils) / ratio


def _formatie_errors(f, maximum: Decimal, implausible) -> list[Issue]:
    """The hard errors both kinds start with: a formatie above 0 and at most ``maximum``
    (``implausible``: the message, with %(max)s), regular vacancies within the formatie."""
    out: list[Issue] = []
    if f.formatie <= 0:
        out.append(Issue("formatie_zero", "formatie", _("The formatie must be more than 0 FTE.")))
    elif f.formatie > maximum:
        out.append(Issue("formatie_implausible", "formatie", str(implausible) % {"max": maximum}))
    if f.regulier_openstaand + f.regulier_verborgen > f.formatie:
        out.append(
            Issue(
                "vacancies_exceed_formatie",
                "regulier_openstaand",
                _("Open and hidden regular vacancies together exceed the formatie."),
            )
        )
    return out


def errors(figures: Figures, context: Context) -> list[Issue]:
    """Hard errors: the registration cannot be stored with any of them."""
    f = figures
    out = _formatie_errors(f, MAX_FORMATIE, LOCATION_FORMATIE_IMPLAUSIBLE)
    if f.long_leave > f.formatie:
        out.append(
            Issue(
                "leave_exceeds_formatie",
                "long_leave",
                _("Teachers on long leave cannot exceed the formatie."),
            )
        )
    if f.vervanging_openstaand + f.vervanging_verborgen > f.long_leave:
        out.append(
            Issue(
                "substitution_exceeds_leave",
                "vervanging_openstaand",
                _(
                    "Open and hidden substitution together exceed the FTE of teachers on long "
                    "leave."
                ),
            )
        )
    allowed = set(measure_codes(context.sector))
    for cell, total_field in HIDDEN_CELLS.items():
        codes = f.hidden_measures.get(cell, {})
        unknown = sorted(set(codes) - allowed)
        if unknown:
            out.append(
                Issue(
                    "unknown_measure",
                    f"{cell}_measures",
                    _("Unknown emergency-measure code: %(codes)s.") % {"codes": ", ".join(unknown)},
                )
            )
        split = sum(codes.values(), ZERO)
        if split != getattr(f, total_field):
            out.append(
                Issue(
                    "measures_do_not_add_up",
                    f"{cell}_measures",
                    _(
                        "The FTE per emergency measure (%(split)s) must add up to the hidden FTE "
                        "(%(total)s)."
                    )
                    % {"split": f"{split:.2f}", "total": f"{getattr(f, total_field):.2f}"},
                )
            )
    uses_other = any(codes.get("ANDERS") for codes in f.hidden_measures.values())
    if uses_other and not f.other_measure.strip():
        out.append(
            Issue(
                "other_measure_unexplained",
                "other_measure",
                _("Explain the measure you counted as 'other'."),
            )
        )
    if f.pupils is not None and f.pupils > MAX_PUPILS:
        out.append(
            Issue("pupils_implausible", "pupils", _("This number of pupils is not plausible."))
        )
    out += subject_errors(f, context)
    return out


def subject_errors(f: Figures, context: Context) -> list[Issue]:
    """The per-subject answers of a vo location (issue 20): asked in vo only; "per subject" needs
    subjects and "total only" none; known subjects; within each subject the regular and the
    substitution cells within its formatie; the subjects add up to the location's formatie and to
    each of its four cells."""
    out: list[Issue] = []
    if f.subject_answer not in SUBJECT_ANSWERS:
        return [Issue("subject_answer_unknown", "subject_answer", _("Unknown answer."))]
    if not f.subject_answer and not f.subjects:
        return out
    if context.sector != Sector.VO:
        return [
            Issue(
                "subjects_not_vo",
                "subjects",
                _("Figures per subject are asked of vo locations only."),
            )
        ]
    if f.subject_answer == TOTAL_ONLY:
        if f.subjects:
            out.append(
                Issue(
                    "subjects_with_total_only",
                    "subjects",
                    _(
                        "You chose to give the total only, but also gave figures per subject: "
                        "choose one."
                    ),
                )
            )
        return out
    if f.subject_answer != PER_SUBJECT:
        out.append(
            Issue(
                "subject_answer_missing",
                "subject_answer",
                _("Say whether you give the figures per subject."),
            )
        )
    if not f.subjects:
        out.append(
            Issue("subjects_missing", "subjects", _("Give the figures of at least one subject."))
        )
        return out
    unknown = sorted(set(f.subjects) - set(context.subject_codes))
    if unknown:
        out.append(
            Issue(
                "unknown_subject",
                "subjects",
                _("Unknown subject code for this round: %(codes)s.")
                % {"codes": ", ".join(unknown)},
            )
        )
    for code in sorted(f.subjects):
        v = f.subjects[code]
        regular = v["regulier_openstaand"] + v["regulier_verborgen"]
        substitution = v["vervanging_openstaand"] + v["vervanging_verborgen"]
        if regular > v["formatie"] or substitution > v["formatie"]:
            out.append(
                Issue(
                    "subject_cells_exceed_formatie",
                    f"subjects:{code}",
                    _(
                        "%(code)s: the regular and the substitution vacancies must each be within "
                        "the subject's formatie (%(formatie)s FTE)."
                    )
                    % {"code": code, "formatie": f"{v['formatie']:.2f}"},
                )
            )
    for name in SUBJECT_FIELDS:
        total = sum((v[name] for v in f.subjects.values()), ZERO)
        if total != getattr(f, name):
            out.append(
                Issue(
                    "subjects_do_not_add_up",
                    f"subjects:{name}",
                    _(
                        "The subjects' %(field)s add up to %(sum)s FTE, the location's is "
                        "%(total)s FTE: they must be equal."
                    )
                    % {"field": name, "sum": f"{total:.2f}", "total": f"{getattr(f, name):.2f}"},
                )
            )
    return out


def warnings(figures: Figures, context: Context) -> list[Issue]:
    """Soft warnings: allowed after explicit confirmation, and kept with the registration."""
    return soft_warnings(figures, context.previous, duo_fte=context.duo_fte)


def soft_warnings(figures, previous=None, *, duo_fte: Decimal | None = None) -> list[Issue]:
    """The soft warnings of a location's or a board's school-leader figures (both have a formatie
    and the four cells): a shortage above half the formatie, a formatie far from last round's
    (``previous``: last round's figures, or None) or from DUO's pupil count (``duo_fte``, locations
    only), and a cell that was 0 last round and is large now."""
    out: list[Issue] = []
    f = figures
    if f.formatie <= 0:
        return out
    if f.shortage > SHORTAGE_WARN_SHARE * f.formatie:
        out.append(
            Issue(
                "shortage_above_half",
                "",
                _("The shortage (%(shortage)s FTE) is more than half of the formatie.")
                % {"shortage": f"{f.shortage:.2f}"},
            )
        )
    if previous and previous.formatie > 0:
        change = abs(f.formatie - previous.formatie) / previous.formatie
        if change > FORMATIE_CHANGE_WARN:
            out.append(
                Issue(
                    "formatie_changed",
                    "formatie",
                    _("The formatie differs by more than 30%% from last round (%(previous)s FTE).")
                    % {"previous": f"{previous.formatie:.2f}"},
                )
            )
    if duo_fte and abs(f.formatie - duo_fte) / duo_fte > DUO_DEVIATION_WARN:
        out.append(
            Issue(
                "formatie_off_duo",
                "formatie",
                _(
                    "The formatie differs by more than 25%% from the FTE expected from DUO's pupil "
                    "count (about %(duo)s FTE)."
                )
                % {"duo": f"{duo_fte:.1f}"},
            )
        )
    if previous:
        threshold = max(JUMP_MIN_FTE, JUMP_MIN_SHARE * f.formatie)
        for cell in CELLS:
            if getattr(previous, cell) == 0 and getattr(f, cell) >= threshold:
                out.append(
                    Issue(
                        "cell_jumped",
                        cell,
                        _("This was 0 FTE last round and is %(now)s FTE now.")
                        % {"now": f"{getattr(f, cell):.2f}"},
                    )
                )
    return out


# ---------------------------------------------------------------- school leaders (per board)


def school_leader_errors(figures) -> list[Issue]:
    """Hard errors of a board's school-leader registration (the §1.7 edits without long leave)."""
    f = figures
    out = _formatie_errors(f, MAX_SCHOOL_LEADER_FORMATIE, SCHOOL_LEADER_FORMATIE_IMPLAUSIBLE)
    if f.vervanging_openstaand + f.vervanging_verborgen > f.formatie:
        out.append(
            Issue(
                "substitution_exceeds_formatie",
                "vervanging_openstaand",
                _("Open and hidden substitution together exceed the formatie."),
            )
        )
    return out


def school_leader_warnings(figures, previous=None) -> list[Issue]:
    """Soft warnings of a board's school-leader registration; ``previous``: last round's figures.

    The location's warnings without DUO's pupil count; last round's figures count only when they
    had a formatie (a board's previous school-leader figures without one are no comparison).
    """
    if previous is not None and previous.formatie <= 0:
        previous = None
    return soft_warnings(figures, previous)
