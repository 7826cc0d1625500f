"""Small parts of the start form: its choices, field builders and message list."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QSpinBox, QVBoxLayout

#: A subscription list that means "every uid" (docs/api-notes.md, "start").
ALL_STREAMS = "#allstream#"

MODES = (
    ("mix", "Mix — one composite stream"),
    ("individual", "Individual — one file per user"),
    ("web", "Web page — record a URL"),
)
LAYOUTS = (("Floating", 0), ("Best fit", 1), ("Vertical", 2), ("Custom (layout canvas)", 3))
AUDIO_PROFILES = (
    ("Speech 48 kHz mono, 48 kbps", 0),
    ("Music 48 kHz mono, 128 kbps", 1),
    ("Music 48 kHz stereo, 192 kbps", 2),
)
STREAM_TYPES = (("Audio and video", 2), ("Audio only", 0), ("Video only", 1))
FPS = (1, 7, 10, 15, 24, 30, 60)


def spin(low: int, high: int, value: int, name: str, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setAccessibleName(name)
    if suffix:
        box.setSuffix(suffix)
    return box


def combo(items: tuple[tuple[str, int], ...] | list[tuple[str, object]], name: str) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    box.setAccessibleName(name)
    # Never as wide as its longest item: the form must fit a laptop's narrow pane.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    return box


def uids_of(text: str) -> tuple[str, ...] | None:
    parts = tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())
    return parts or None


class MessageList(QFrame):
    def __init__(self, name: str, title: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self._title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)
        self.hide()

    def show_items(self, items: tuple[str, ...]) -> None:
        self.setVisible(bool(items))
        text = f"<b>{self._title}</b><ul style='margin-left:-20px'>"
        text += "".join(f"<li>{_escape(i)}</li>" for i in items) + "</ul>"
        self.label.setText(text)
        self.setAccessibleName(self._title + " " + " ".join(items))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
