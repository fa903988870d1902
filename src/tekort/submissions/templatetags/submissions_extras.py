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
