"""Small template filters of the uitvraag."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """mapping[key], or None (for dicts of values in templates)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def percent(part, whole) -> str:
    """part / whole as a percentage with one decimal, rounded half up (methods.md §0)."""
    from decimal import ROUND_HALF_UP, Decimal

    if not whole:
        return "—"
    share = Decimal(part) * 100 / Decimal(whole)
    return f"{share.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%".replace(".", ",")


@register.filter
def nl_fte(value) -> str:
    """An FTE as stored in a version or receipt ("34.13") written the Dutch way ("34,13")."""
    import re

    text = "" if value is None else str(value)
    return text.replace(".", ",") if re.fullmatch(r"-?\d+(\.\d+)?", text) else text


@register.simple_tag
def shortage_cell_rows(values, registration) -> list[tuple]:
    """A receipt's rows of the four shortage cells, in the cells' order: (Dutch label, the value
    as filed in ``values``, the registration's stored value)."""
    from tekort.registry.shortage_cells import FTE_LABELS
    from tekort_stats.shortage_cells import COMPONENTS

    return [
        (FTE_LABELS[cell], get(values, cell), getattr(registration, cell)) for cell in COMPONENTS
    ]


@register.filter
def field_label(name: str) -> str:
    """The Dutch label of a field of a registration's version (never its code name)."""
    from django.utils.translation import gettext

    from tekort.submissions.questions import FIELD_LABELS

    if name == "hidden_measures":
        return gettext("Hidden FTE per emergency measure")
    if name == "subject_answer":
        return gettext("Figures per subject")
    if name == "subjects":
        return gettext("Formatie and shortage per subject (FTE)")
    return str(FIELD_LABELS.get(name, name))


def subject_answer_text(answer: str) -> str:
    """How a vo location answered the per-subject question, in words."""
    from tekort.submissions.models import SubjectAnswer

    return str(SubjectAnswer(answer).label) if answer in SubjectAnswer.values else answer


def subjects_text(subjects: dict) -> str:
    """The figures per subject as a sentence: per subject (in the ministry's order) its name,
    its formatie and its four cells with their Dutch labels and decimal commas."""
    from tekort.registry.models import VoSubject
    from tekort.submissions.forms import SUBJECT_FIELD_LABELS
    from tekort.submissions.questions import SUBJECT_FIELDS

    order = {
        s.code: (s.position, s.name) for s in VoSubject.objects.filter(code__in=list(subjects))
    }
    parts = []
    for code in sorted(subjects, key=lambda c: (order.get(c, (999, c))[0], c)):
        values = subjects[code]
        name = order.get(code, (0, code))[1]
        cells = " / ".join(
            f"{SUBJECT_FIELD_LABELS[field]} {nl_fte(values.get(field, '0.00'))}"
            for field in SUBJECT_FIELDS
        )
        parts.append(f"{name} ({code}): {cells}")
    return "; ".join(parts)


@register.filter
def version_value(values, name) -> str:
    """One value of a version as a reader reads it: FTE with a decimal comma, the hidden FTE
    per emergency measure and the figures per subject as sentences of labels (never a raw dict),
    the per-subject answer in words, "—" when empty."""
    from tekort.submissions.questions import FIELD_LABELS, HIDDEN_CELLS, MEASURES

    value = values.get(name) if hasattr(values, "get") else None
    if value in (None, "", {}, []):
        return "—"
    if name == "subject_answer":
        return subject_answer_text(value)
    if name == "subjects" and isinstance(value, dict):
        return subjects_text(value)
    if name == "hidden_measures" and isinstance(value, dict):
        parts = []
        for cell, codes in sorted(value.items()):
            cell_label = FIELD_LABELS.get(HIDDEN_CELLS.get(cell, ""), cell)
            items = ", ".join(
                f"{MEASURES.get(code, code)} {nl_fte(fte)}" for code, fte in sorted(codes.items())
            )
            parts.append(f"{cell_label}: {items}")
        return "; ".join(parts)
    return nl_fte(value)


@register.filter
def change_value(value, name) -> str:
    """One side of a change (old or new value of field ``name``) as a reader reads it."""
    return version_value({name: value}, name)
