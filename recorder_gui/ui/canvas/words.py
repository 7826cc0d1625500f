"""What the editor says to producers: plain sentences, no API field names, no raw fractions.

The model's own hints (``recorder_gui.layout.preset_hint``) are written for developers (they
name wire fields and mark what Agora has not confirmed); the editor speaks from here instead.
"""

from __future__ import annotations

import re

from recorder_gui.layout import LayoutMode

MODE_LABELS = {
    LayoutMode.FLOATING: "Floating",
    LayoutMode.BEST_FIT: "Best fit",
    LayoutMode.VERTICAL: "Vertical",
    LayoutMode.CUSTOM: "Custom",
}

_ARRANGED = "{label} is arranged by the service; choose Edit as custom to move regions."

_MODE_SHAPES = {
    LayoutMode.FLOATING: (
        "The first user to join fills the canvas; the others float in small tiles on top, "
        "four to a row from the bottom left."
    ),
    LayoutMode.BEST_FIT: "An equal grid sized to the number of users.",
    LayoutMode.VERTICAL: (
        "One user large on the left (pick who in the Large list); the others in columns on "
        "the right."
    ),
}

_ESTIMATE = "The preview is our estimate: the service decides the exact arrangement."

CUSTOM_HINT = (
    "Custom: drag a region to move it, a handle to resize it; drag a uid from Users onto the "
    "canvas to place it."
)
CUSTOM_TIP = (
    "You place up to 17 regions yourself. A region without a uid shows the next user to join. "
    "Regions lower in the list are drawn on top."
)


def mode_hint(mode: LayoutMode) -> str:
    """The short line under the mode tiles (fits two lines of the narrowest canvas)."""
    mode = LayoutMode(mode)
    if mode is LayoutMode.CUSTOM:
        return CUSTOM_HINT
    return _ARRANGED.format(label=MODE_LABELS[mode])


def mode_tip(mode: LayoutMode) -> str:
    """A mode tile's tooltip: what it does and how to edit it."""
    mode = LayoutMode(mode)
    if mode is LayoutMode.CUSTOM:
        return f"{CUSTOM_HINT} {CUSTOM_TIP}"
    return f"{mode_hint(mode)} {_MODE_SHAPES[mode]} {_ESTIMATE}"


#: Layout-level differences (``LayoutDiff.fields``) in plain words.
LAYOUT_FIELD_WORDS = {
    "mode": "layout type",
    "canvas_width": "canvas width",
    "canvas_height": "canvas height",
    "background_color": "background colour",
    "background_image": "background image",
    "default_user_background_image": "image for users without video",
    "user_backgrounds": "images for users without video",
    "max_resolution_uid": "large-window user",
}

#: Region differences (``RegionDiff.fields`` and statuses) in plain words.
REGION_FIELD_WORDS = {
    "uid": "user changed",
    "position": "moved",
    "size": "resized",
    "alpha": "opacity",
    "render_mode": "crop or fit",
    "order": "stacking order",
    "added": "added",
    "removed": "removed",
}


def plain_field(name: str) -> str:
    """A field name a producer can read (unknown names lose their underscores)."""
    return LAYOUT_FIELD_WORDS.get(name) or REGION_FIELD_WORDS.get(name) or name.replace("_", " ")


def percent(fraction: float) -> str:
    """0.5 -> "50 %" (whole percents; a producer never sees 0.500000)."""
    return f"{round(fraction * 100)} %"


#: API names and developer phrases that reach producers through the model's refusals.
_SENTENCE_WORDS = (
    (re.compile(r"\b(maxResolutionUid|max_resolution_uid)\b"), "the large-window user"),
    (re.compile(r"\b(renderMode|render_mode|render mode)\b"), "crop or fit"),
    (re.compile(r"\balpha\b"), "opacity"),
    (re.compile(r"\b(backgroundColor|background_color)\b"), "background colour"),
    (re.compile(r"a decimal integer string such as '(\d+)'"), r"a number such as \1"),
)


def plain_sentence(text: str) -> str:
    """A refusal from the model, with API names put in plain words (first letter capital)."""
    for pattern, words in _SENTENCE_WORDS:
        text = pattern.sub(words, text)
    return text[:1].upper() + text[1:]
