"""Every text colour in the app's style sheets is readable: WCAG AA, 4.5:1, on its background,
in the light and the dark scheme alike.

The sheets are templates (``assets/style.qss`` and the layout editor's); each is rendered with
the theme of each palette and read rule by rule. A rule that sets both ``color`` and
``background`` is checked against its own background; a rule that sets only ``color``
against every background the app paints panels with. Disabled controls are exempt (WCAG 1.4.3).
"""

from __future__ import annotations

import re

import pytest

from recorder_gui.ui.canvas.widget import STYLE_TEMPLATE as EDITOR_TEMPLATE
from recorder_gui.ui.contrast import AA_TEXT, contrast_ratio
from recorder_gui.ui.style import app_style_sheet
from recorder_gui.ui.theme import SCHEMES, Theme, render, scheme_palette, theme_from_palette

_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_COLOR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})")
_BACKGROUND = re.compile(r"background:\s*(#[0-9a-fA-F]{6})")
_HEX = re.compile(r"#[0-9a-fA-F]{3,6}\b")


def theme(scheme: str) -> Theme:
    return theme_from_palette(scheme_palette(scheme))  # type: ignore[arg-type]


def sheets(scheme: str) -> dict[str, str]:
    return {"app": app_style_sheet(theme(scheme)), "editor": render(EDITOR_TEMPLATE, theme(scheme))}


def text_rules(scheme: str) -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for sheet in sheets(scheme).values():
        sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
        for selector, body in _RULE.findall(sheet):
            colour = _COLOR.search(body)
            if colour is None or ":disabled" in selector:
                continue
            background = _BACKGROUND.search(body)
            grounds = (background.group(1),) if background else theme(scheme).grounds
            found.append((" ".join(selector.split()), colour.group(1), grounds))
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_sheets_have_text_rules(scheme: str) -> None:
    assert len(text_rules(scheme)) > 25


CASES = [(scheme, *rule) for scheme in SCHEMES for rule in text_rules(scheme)]


@pytest.mark.parametrize(("scheme", "selector", "colour", "grounds"), CASES)
def test_text_passes_aa(scheme: str, selector: str, colour: str, grounds: tuple[str, ...]) -> None:
    for ground in grounds:
        ratio = contrast_ratio(colour, ground)
        assert ratio >= AA_TEXT, f"{scheme} {selector}: {colour} on {ground} is {ratio:.2f}:1"


def test_the_templates_hard_code_no_colour() -> None:
    """Colours come from the theme: a literal one would not follow the palette."""
    from recorder_gui.assets import read_text

    for name, template in (("style.qss", read_text("style.qss")), ("editor", EDITOR_TEMPLATE)):
        assert not _HEX.findall(template), name
        assert "rgb(" not in template, name


def test_the_formula_matches_known_ratios() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
