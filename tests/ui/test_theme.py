"""One look that follows the application palette, light and dark, and passes WCAG AA (issue 10).

The colour table is checked for a light, a dark and Fusion's own palette; the main window and
the layout editor are then rendered under each scheme and every text on screen is measured in
pixels (``looks.py``); and a palette change while the app runs re-styles both.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from recorder_gui.bridge import Badge, ErrorView
from recorder_gui.layout import Layout, LayoutDocument, LayoutMode, Region
from recorder_gui.ui.canvas import LayoutEditorWidget
from recorder_gui.ui.contrast import AA_LARGE, AA_TEXT, contrast_ratio, faded, mix
from recorder_gui.ui.main_window import MainWindow
from recorder_gui.ui.style import app_style_sheet, apply_style
from recorder_gui.ui.theme import Theme, current_theme, scheme_palette, theme_from_palette
from recorder_gui.ui.widgets.error_banner import ErrorBannerWidget
from recorder_gui.ui.widgets.state_badge import StateBadgeWidget

from .looks import palette_and_style, settle, shown_texts, spin_arrows


def test_contrast_ratio_matches_reference_pairs() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails
    assert contrast_ratio("#ff0000", "#ffffff") == pytest.approx(4.0, abs=0.01)
    assert contrast_ratio("#0000ff", "#ffffff") == pytest.approx(8.59, abs=0.01)
    assert contrast_ratio("#fff", "#000") == pytest.approx(21.0)


def test_faded_text_goes_as_far_as_aa_allows() -> None:
    grey = faded("#000000", "#ffffff", ["#ffffff"])
    assert grey != "#000000"
    assert contrast_ratio(grey, "#ffffff") >= AA_TEXT
    assert contrast_ratio(mix(grey, "#ffffff", 0.05), "#ffffff") < AA_TEXT


FUSION = "fusion"
PALETTES = ("light", "dark", FUSION)


def palette_of(name: str) -> QPalette:
    if name == FUSION:  # a palette nobody here chose: the theme must still derive AA colours
        style = QStyleFactory.create("Fusion")
        assert style is not None
        return style.standardPalette()
    assert name in ("light", "dark")
    return scheme_palette(name)  # type: ignore[arg-type]


def colour_pairs(theme: Theme) -> list[tuple[str, str, str, float]]:
    """(what, ink, ground, minimum) for every colour pair the style sheets draw."""
    pairs: list[tuple[str, str, str, float]] = []
    for name in ("text", "muted", "danger", "warning", "ok"):
        for ground in theme.grounds:
            pairs.append((f"{name} on {ground}", getattr(theme, name), ground, AA_TEXT))
    pairs.append(("field text", theme.base_text, theme.base, AA_TEXT))
    for name, tone in theme.status.items():
        # badges, pills and the on-air banner carry text; banners carry the page's text
        pairs.append((name, tone.text or theme.text, tone.fill, AA_TEXT))
    for name in ("present", "absent"):  # presence dots in the user list: shapes, 3:1
        pairs.append((f"{name} mark", getattr(theme, name), theme.base, AA_LARGE))
    pairs.append(("focus ring", theme.accent, theme.window, AA_LARGE))
    pairs.append(("live frame", theme.status["on_air"].border, theme.window, AA_LARGE))
    return pairs


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[QApplication]:
    with palette_and_style(qapp):
        yield qapp


@pytest.mark.parametrize("name", PALETTES)
def test_every_status_and_help_colour_passes_aa(restore_look: QApplication, name: str) -> None:
    restore_look.setPalette(palette_of(name))
    theme = current_theme()
    assert theme == theme_from_palette(palette_of(name))
    assert theme.dark is (name == "dark")
    failing = [
        f"{what}: {ink} on {ground} = {contrast_ratio(ink, ground):.2f} (needs {need})"
        for what, ink, ground, need in colour_pairs(theme)
        if contrast_ratio(ink, ground) < need
    ]
    assert not failing, failing
    assert len(colour_pairs(theme)) > 30


def test_light_and_dark_differ_where_the_ground_does() -> None:
    light, dark = (theme_from_palette(scheme_palette(s)) for s in ("light", "dark"))
    assert light.window != dark.window and light.muted != dark.muted
    assert light.danger != dark.danger and light.status["pill_idle"] != dark.status["pill_idle"]


def sample_document() -> LayoutDocument:
    return LayoutDocument(
        Layout(
            mode=LayoutMode.CUSTOM,
            canvas_width=1280,
            canvas_height=720,
            background_color="#101820",
            regions=(Region("1001", 0.0, 0.0, 0.5, 0.5), Region(None, 0.5, 0.5, 0.3, 0.3)),
        )
    )


def status_samples() -> QWidget:
    """Every badge tone and both banner levels, as the dashboard and status panel show them."""
    box = QWidget()
    column = QVBoxLayout(box)
    for badge in Badge:
        column.addWidget(StateBadgeWidget(badge))
    for level in ("error", "warning"):
        banner = ErrorBannerWidget()
        banner.set_error(ErrorView("The channel is busy.", "Try again.", "rid-1", level=level))
        column.addWidget(banner)
    return box


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_no_text_on_screen_fails_aa(qtbot: QtBot, restore_look: QApplication, scheme: str) -> None:
    apply_style(restore_look, scheme)  # type: ignore[arg-type]
    window = MainWindow()
    qtbot.addWidget(window)
    window.allow_close = True
    window.build_panels()
    editor = LayoutEditorWidget(sample_document())
    editor.set_channel_users(["1001", "1002"])
    window.set_layout_widget(editor)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    samples = status_samples()
    qtbot.addWidget(samples)
    samples.show()
    qtbot.waitExposed(samples)
    seen, arrows = [], []
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        settle()
        seen += shown_texts(window)
        arrows += spin_arrows(window)
    seen += shown_texts(samples)
    samples.close()
    window.close()
    assert len(seen) > 60 and len(arrows) >= 4
    # the measurement sees what was asked for: the body text, in full colour
    theme = current_theme()
    assert any(s.ink == theme.text and s.background == theme.window for s in seen)
    assert any(s.ink == theme.muted for s in seen)
    failing = [str(s) for s in seen if s.ratio < AA_TEXT]
    assert not failing, failing
    faint = [str(a) for a in arrows if a.ratio < AA_LARGE]
    assert not faint, faint


def test_a_palette_change_at_run_time_restyles(qtbot: QtBot, restore_look: QApplication) -> None:
    apply_style(restore_look, "light")
    light = current_theme()
    editor = LayoutEditorWidget(sample_document())
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    hint = editor.user_list.hint

    def hint_pixels() -> tuple[str, str] | None:
        settle()
        seen = shown_texts(editor)
        return next(((s.ink, s.background) for s in seen if "Drag a uid" in s.what), None)

    assert hint_pixels() == (light.muted, light.window)
    assert restore_look.styleSheet() == app_style_sheet(light)

    restore_look.setPalette(scheme_palette("dark"))  # as the system switching to dark does
    dark = current_theme()
    assert dark.dark
    assert restore_look.styleSheet() == app_style_sheet(dark)
    assert dark.window in editor.styleSheet() and light.window not in editor.styleSheet()
    assert editor.view.backgroundBrush().color().name() == dark.backdrop
    assert hint.isVisible()
    assert hint_pixels() == (dark.muted, dark.window)
    editor.close()


def test_a_replaced_style_sheet_is_left_alone(restore_look: QApplication) -> None:
    apply_style(restore_look, "light")
    restore_look.setStyleSheet("QLabel { font-size: 12pt; }")
    restore_look.setPalette(scheme_palette("dark"))
    assert restore_look.styleSheet() == "QLabel { font-size: 12pt; }"
