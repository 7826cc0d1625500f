"""The app's colours, derived from the application's ``QPalette`` (the system's, light or dark).

:func:`theme_from_palette` reads the palette's roles and adds what a palette has no role for:
quieter help text (faded from the text colour only as far as WCAG AA allows), panel and border
shades, and the status colours (ON AIR red, amber, green, grey) in a light or a dark variant,
each chosen to pass AA on what it is drawn on (``tests/ui/test_theme.py``).
:class:`ThemeWatcher` tells who asks when the palette changes at run time.
"""

# Named tuples, not dataclasses, and no ``from __future__ import annotations``: this module
# loads before the window's first paint, and dataclasses (with what it imports) and NamedTuple
# fields given as strings (each compiled) cost about 2 ms more there.
import functools
from typing import TYPE_CHECKING, Literal, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from .contrast import faded, is_dark, mix

if TYPE_CHECKING:
    from PySide6.QtCore import Qt  # its first use creates ~100 enum types: not before the paint

Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")


class Tone(NamedTuple):
    """A filled shape (badge, pill, banner) with text on it: ``text`` on ``fill``."""

    fill: str
    text: str
    border: str = ""


#: Status colours per scheme. Badges and pills carry their own fill; the "*_text" colours are
#: drawn on the page (window, panels, fields) and banners use the page's text colour.
_LIGHT_STATUS = {
    "badge_starting": Tone("#f7c948", "#3b2800"),
    "badge_live": Tone("#d32f2f", "#ffffff"),
    "badge_warning": Tone("#c2410c", "#ffffff"),
    "badge_stopping": Tone("#52667a", "#ffffff"),
    "badge_done": Tone("#d9e2ec", "#243b53"),
    "badge_failed": Tone("#ffffff", "#b71c1c", "#b71c1c"),
    "badge_orphan": Tone("#6a1b9a", "#ffffff"),
    "pill_pending": Tone("#8a4b00", "#ffffff"),
    "pill_applied": Tone("#0e6245", "#ffffff"),
    "pill_failed": Tone("#b71c1c", "#ffffff"),
    "pill_idle": Tone("#52667a", "#ffffff"),
    "banner_error": Tone("#ffe3e3", "", "#e12d39"),
    "banner_warning": Tone("#fff3c4", "", "#cb6e17"),
    "invalid": Tone("#fff5f5", "", "#e12d39"),
    "on_air": Tone("#d32f2f", "#ffffff", "#d32f2f"),
    "primary": Tone("#1c6aa3", "#ffffff", "#185a8c"),
}
_DARK_STATUS = {
    "badge_starting": Tone("#f7c948", "#3b2800"),
    "badge_live": Tone("#d32f2f", "#ffffff"),
    "badge_warning": Tone("#c2410c", "#ffffff"),
    "badge_stopping": Tone("#52667a", "#ffffff"),
    "badge_done": Tone("#3e4c59", "#e4ebf2"),
    "badge_failed": Tone("#3b1212", "#ff8a80", "#ff8a80"),
    "badge_orphan": Tone("#8e44b8", "#ffffff"),
    "pill_pending": Tone("#ffb74d", "#101214"),
    "pill_applied": Tone("#3ddc84", "#101214"),
    "pill_failed": Tone("#ff8a80", "#101214"),
    "pill_idle": Tone("#9aa3ad", "#101214"),
    "banner_error": Tone("#4a1c20", "", "#e5535b"),
    "banner_warning": Tone("#45330f", "", "#e0a040"),
    "invalid": Tone("#3d1a1c", "", "#ff6b6b"),
    "on_air": Tone("#d32f2f", "#ffffff", "#ff5252"),
    "primary": Tone("#5aa9e6", "#0b1a26", "#78bbee"),
}
#: Text drawn straight on the page: problems, warnings (no contact, near a limit), all good.
_LIGHT_TEXT = {"danger": "#b71c1c", "warning": "#8d2b0b", "ok": "#0e6245"}
_DARK_TEXT = {"danger": "#ff8a80", "warning": "#ffb74d", "ok": "#6ee7a8"}
#: Presence marks in the user list (on the list's own background).
_LIGHT_PRESENCE = {"present": "#0e7a3e", "absent": "#a35200"}
_DARK_PRESENCE = {"present": "#3ddc84", "absent": "#ffb74d"}


class Theme(NamedTuple):
    """Every colour the style sheets use, as ``#rrggbb``; :meth:`values` feeds the templates."""

    dark: bool
    window: str  #: the page
    text: str  #: body text on the page
    panel: str  #: group boxes, cards and bars on the page
    base: str  #: fields and lists
    base_text: str
    tab: str  #: tabs, the tool bar
    border: str  #: quiet frames around panels
    field_border: str  #: frames of fields and buttons
    muted: str  #: help text, captions: AA on window, panel, base and tab
    disabled: str  #: disabled text (exempt from AA, still visible)
    accent: str  #: focus rings, the selected card, checked tools
    accent_text: str
    backdrop: str  #: behind the layout canvas (darker, like a monitor's surround)
    danger: str
    warning: str
    ok: str
    present: str
    absent: str
    status: dict[str, Tone]

    def __hash__(self) -> int:  # the status dict aside (it is compared, not hashed)
        return hash(self[:-1])

    @property
    def grounds(self) -> tuple[str, ...]:
        """The backgrounds page text (``text``, ``muted``, ``danger``...) may be drawn on."""
        return (self.window, self.panel, self.base, self.tab)

    def values(self) -> dict[str, str]:
        """Flat names for templates: ``window``, ``muted``, ``badge_live_fill``, ..."""
        flat = {k: v for k, v in self._asdict().items() if isinstance(v, str)}
        for name, tone in self.status.items():
            flat[f"{name}_fill"] = tone.fill
            flat[f"{name}_text"] = tone.text or self.text
            flat[f"{name}_border"] = tone.border or tone.fill
        return flat


def _name(palette: QPalette, role: QPalette.ColorRole) -> str:
    return palette.color(QPalette.ColorGroup.Active, role).name()


def theme_from_palette(palette: QPalette) -> Theme:
    """The theme for ``palette``: its own roles, plus shades and status colours that fit it."""
    role = QPalette.ColorRole
    return _theme(
        *(
            _name(palette, r)
            for r in (
                role.Window,
                role.WindowText,
                role.Base,
                role.Text,
                role.Highlight,
                role.HighlightedText,
            )
        )
    )


@functools.lru_cache(maxsize=8)
def _theme(
    window: str, text: str, base: str, base_text: str, highlight: str, highlighted_text: str
) -> Theme:
    """The theme of these palette colours (the same palette is asked about more than once:
    the watcher and the stylesheet, at start-up and at every palette change)."""
    dark = is_dark(window)
    panel = mix(window, text, 0.05) if dark else base
    tab = mix(window, text, 0.10 if dark else 0.06)
    grounds = (window, panel, base, tab)
    accent = mix(highlight, "#ffffff", 0.25) if dark and not is_dark(highlight) else highlight
    words = _DARK_TEXT if dark else _LIGHT_TEXT
    presence = _DARK_PRESENCE if dark else _LIGHT_PRESENCE
    return Theme(
        dark=dark,
        window=window,
        text=text,
        panel=panel,
        base=base,
        base_text=base_text,
        tab=tab,
        border=mix(window, text, 0.16),
        field_border=mix(window, text, 0.32),
        # Two steps of margin above 4.5 so rounding in a renderer never tips it under.
        muted=faded(text, window, grounds, 4.7),
        disabled=mix(text, window, 0.55),
        accent=accent,
        accent_text=highlighted_text,
        backdrop=mix(window, "#000000", 0.55) if dark else "#3a4048",
        danger=words["danger"],
        warning=words["warning"],
        ok=words["ok"],
        present=presence["present"],
        absent=presence["absent"],
        status=dict(_DARK_STATUS if dark else _LIGHT_STATUS),
    )


def current_theme() -> Theme:
    """The theme of the running application's palette."""
    return theme_from_palette(QGuiApplication.palette())


def scheme_palette(scheme: Scheme) -> QPalette:
    """A complete light or dark palette, to force a scheme (``--color-scheme``, tests)."""
    if scheme == "dark":
        colours = {
            "Window": "#26292e", "WindowText": "#e6e9ed", "Base": "#1d2024",
            "AlternateBase": "#2b2f35", "Text": "#e6e9ed", "Button": "#31353b",
            "ButtonText": "#e6e9ed", "BrightText": "#ff8a80", "Highlight": "#3d8fd6",
            "HighlightedText": "#ffffff", "ToolTipBase": "#31353b", "ToolTipText": "#e6e9ed",
            "PlaceholderText": "#9aa3ad", "Link": "#7cc0ff", "Light": "#454b53",
            "Midlight": "#383d44", "Mid": "#2c3035", "Dark": "#17191c", "Shadow": "#000000",
            "Accent": "#3d8fd6",
        }  # fmt: skip
        disabled = "#7d858f"
    else:
        colours = {
            "Window": "#f5f7fa", "WindowText": "#1f2933", "Base": "#ffffff",
            "AlternateBase": "#eef2f6", "Text": "#1f2933", "Button": "#eef2f6",
            "ButtonText": "#1f2933", "BrightText": "#ffffff", "Highlight": "#2680c2",
            "HighlightedText": "#ffffff", "ToolTipBase": "#ffffdc", "ToolTipText": "#1f2933",
            "PlaceholderText": "#5f6f80", "Link": "#1c6aa3", "Light": "#ffffff",
            "Midlight": "#e4ebf2", "Mid": "#b8c4d0", "Dark": "#8797a8", "Shadow": "#3a4048",
            "Accent": "#2680c2",
        }  # fmt: skip
        disabled = "#8797a8"
    palette = QPalette()
    for name, value in colours.items():
        palette.setColor(getattr(QPalette.ColorRole, name), QColor(value))
    for name in ("WindowText", "Text", "ButtonText"):
        role = getattr(QPalette.ColorRole, name)
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


class ThemeWatcher(QObject):
    """One per application: emits ``theme_changed`` when the application's palette changes
    (the system switched light/dark, or ``QApplication.setPalette``)."""

    theme_changed = Signal(object)  # Theme

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.setObjectName(_WATCHER)
        self._app = app
        self.theme = theme_from_palette(app.palette())
        # The application's own signal, not an application-wide event filter: a filter runs
        # Python for every Qt event of the run (about 7,900 during start-up alone).
        app.paletteChanged.connect(self._on_app_palette_changed)
        app.styleHints().colorSchemeChanged.connect(self._on_style_hints_color_scheme_changed)

    def _on_app_palette_changed(self, _palette: QPalette) -> None:
        self.refresh()

    def refresh(self) -> None:
        theme = theme_from_palette(self._app.palette())
        if theme != self.theme:
            self.theme = theme
            self.theme_changed.emit(theme)

    def _on_style_hints_color_scheme_changed(self, scheme: "Qt.ColorScheme") -> None:
        self.refresh()  # the platform's new palette normally arrives first; this is a backstop


_WATCHER = "recorderThemeWatcher"


def theme_watcher() -> ThemeWatcher:
    """The application's watcher, made on first use."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    found = app.findChild(ThemeWatcher, _WATCHER)
    return found if isinstance(found, ThemeWatcher) else ThemeWatcher(app)


def render(template: str, theme: Theme) -> str:
    """``template`` with every ``${name}`` replaced by the theme's colour of that name."""
    from string import Template

    return Template(template).substitute(theme.values())
