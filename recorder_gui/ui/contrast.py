"""WCAG 2 contrast arithmetic on ``#rrggbb`` colours (Qt-free): luminance, ratio, mixing.

The formula is WCAG 2.x's "relative luminance" and "contrast ratio"; AA asks 4.5:1 for body
text and 3:1 for large text (14 pt bold, 18 pt) and for the shapes of controls and badges.
"""

from __future__ import annotations

from collections.abc import Iterable

AA_TEXT = 4.5
AA_LARGE = 3.0

RGB = tuple[int, int, int]


def rgb(colour: str) -> RGB:
    """``"#1f2933"`` (or ``"#fff"``) -> ``(31, 41, 51)``."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str | RGB) -> float:
    """WCAG relative luminance, 0 (black) .. 1 (white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb(colour) if isinstance(colour, str) else colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str | RGB, b: str | RGB) -> float:
    """1 (same) .. 21 (black on white), whichever of the two is lighter."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str, b: str, t: float) -> str:
    """``a`` moved ``t`` (0..1) of the way towards ``b``, channel by channel."""
    (r1, g1, b1), (r2, g2, b2) = rgb(a), rgb(b)
    return "#{:02x}{:02x}{:02x}".format(
        *(round(x + (y - x) * t) for x, y in ((r1, r2), (g1, g2), (b1, b2)))
    )


def is_dark(colour: str) -> bool:
    """Whether text on ``colour`` reads better light than dark."""
    return contrast_ratio(colour, "#ffffff") > contrast_ratio(colour, "#000000")


def faded(text: str, towards: str, grounds: Iterable[str], minimum: float = AA_TEXT) -> str:
    """``text`` faded towards ``towards`` as far as it stays ``minimum``:1 on every ground.

    What "secondary" text (help, hints, captions) is drawn with: quieter than the body text
    but never below AA. Returns ``text`` itself if even that fails somewhere.
    """
    grounds = tuple(grounds)
    best = text
    for step in range(1, 100):
        candidate = mix(text, towards, step / 100)
        if min(contrast_ratio(candidate, g) for g in grounds) < minimum:
            break
        best = candidate
    return best
