"""Money as ``Decimal`` and how the panel writes it: ``$0.36``, ``$1,234.50``, ``<$0.01``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
THOUSAND = Decimal(1000)
SIXTY = Decimal(60)


def format_money(amount: Decimal) -> str:
    """US dollars to the cent; a positive amount below half a cent reads ``<$0.01``."""
    if amount < 0:
        return "-" + format_money(-amount)
    cents = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if cents == 0 and amount > 0:
        return "<$0.01"
    return f"${cents:,.2f}"


def format_price(per_thousand: Decimal) -> str:
    """A list price as the pricing page writes it: ``$5.99``, ``$14``, ``$0.125``."""
    text = f"{per_thousand.normalize():f}"
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.ljust(2, "0")
        return f"${int(whole):,}.{frac}"
    return f"${int(text):,}"


def minutes_of(seconds: float) -> Decimal:
    """Seconds as minutes, exactly enough for money (a microsecond is below any cent)."""
    return Decimal(repr(max(0.0, float(seconds)))) / SIXTY


def format_minutes(minutes: Decimal) -> str:
    """``42 min``, ``1 h 05 min``, ``under 1 min``; whole minutes, rounded half up."""
    whole = int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if whole == 0:
        return "under 1 min" if minutes > 0 else "0 min"
    hours, mins = divmod(whole, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def format_pixels(pixels: int) -> str:
    return f"{pixels:,}"
