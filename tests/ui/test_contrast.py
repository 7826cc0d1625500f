"""Every text colour in the app's style sheet is readable: WCAG AA, 4.5:1, on its background.

A rule that sets both ``color`` and ``background`` is checked against its own background; a
rule that sets only ``color`` against every background the app paints panels with. Disabled
controls are exempt (WCAG 1.4.3).
"""

from __future__ import annotations

import re

import pytest

from recorder_gui.assets import read_text

#: The backgrounds of the window, group boxes, fields, tabs and the toolbar.
PAGE_BACKGROUNDS = ("#f5f7fa", "#ffffff", "#e4ebf2")
AA = 4.5
_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_COLOR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})")
_BACKGROUND = re.compile(r"background:\s*(#[0-9a-fA-F]{6})")


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_rules() -> list[tuple[str, str, tuple[str, ...]]]:
    sheet = re.sub(r"/\*.*?\*/", "", read_text("style.qss"), flags=re.S)
    found = []
    for selector, body in _RULE.findall(sheet):
        colour = _COLOR.search(body)
        if colour is None or ":disabled" in selector:
            continue
        background = _BACKGROUND.search(body)
        grounds = (background.group(1),) if background else PAGE_BACKGROUNDS
        found.append((" ".join(selector.split()), colour.group(1), grounds))
    return found


def test_the_sheet_has_text_rules() -> None:
    assert len(text_rules()) > 15


@pytest.mark.parametrize(("selector", "colour", "grounds"), text_rules())
def test_text_passes_aa(selector: str, colour: str, grounds: tuple[str, ...]) -> None:
    for ground in grounds:
        ratio = contrast(colour, ground)
        assert ratio >= AA, f"{selector}: {colour} on {ground} is {ratio:.2f}:1"


def test_the_formula_matches_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
