"""Money arithmetic in exact decimals: the rounding rules the Dutch tax and toeslagen use."""

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
EURO = Decimal(1)
FIVE_DECIMALS = Decimal("0.00001")


def to_decimal(value: object) -> Decimal:
    """Exact conversion (floats via their shortest repr, so 0.1 stays 0.1)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)  # type: ignore[arg-type]


def cents(amount: Decimal) -> Decimal:
    """Round half-up to cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def euros(amount: Decimal) -> Decimal:
    """Round half-up to whole euros ("rekenkundig afgerond")."""
    return amount.quantize(EURO, rounding=ROUND_HALF_UP)


def floor_euros(amount: Decimal) -> Decimal:
    return amount.quantize(EURO, rounding=ROUND_FLOOR)


def ceil_euros(amount: Decimal) -> Decimal:
    return amount.quantize(EURO, rounding=ROUND_CEILING)


def round5(amount: Decimal) -> Decimal:
    """Round half-up to five decimals (the loonheffing rule for products rate × amount)."""
    return amount.quantize(FIVE_DECIMALS, rounding=ROUND_HALF_UP)


def clamp(amount: Decimal, low: Decimal = ZERO, high: Decimal | None = None) -> Decimal:
    if amount < low:
        return low
    if high is not None and amount > high:
        return high
    return amount


_NL = str.maketrans(",.", ".,")


def fmt_eur(amount: Decimal) -> str:
    """Dutch money notation: € 1.234,56 (minus sign before the euro sign)."""
    q = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if not q:
        return "€ 0,00"
    if q < 0:
        return "-€ " + f"{-q:,.2f}".translate(_NL)
    return "€ " + f"{q:,.2f}".translate(_NL)


def fmt_pct(fraction: Decimal, places: int = 2) -> str:
    """Dutch percentage notation: 0.3575 -> 35,75%."""
    return f"{fraction * 100:.{places}f}".replace(".", ",") + "%"


def fmt_num(value: Decimal) -> str:
    """Dutch decimal comma, without trailing zeros: Decimal("0.60") -> "0,6"."""
    text = (
        f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")
    )
    return text.replace(".", ",")
