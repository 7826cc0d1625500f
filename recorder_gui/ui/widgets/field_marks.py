"""Problems shown at their fields: a red frame and the sentence, gone as soon as it is edited.

Pre-flight's sentences start with the form's label ("Web page URL: enter it", "Bot uid 900001
is already…"); :class:`FieldMarks` finds the field each one is about, frames it in red with the
sentence as its tooltip and accessible description, and clears the mark (and the sentence from
the list) the moment the producer changes that field.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QWidget

from recorder_gui.ui.style import repolish


class FieldMarks(QObject):
    def __init__(
        self,
        fields: dict[str, QWidget],
        on_change: Callable[[tuple[str, ...]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: label prefix -> field; longest prefixes first ("Web page URL" before "Web")
        self._fields = dict(sorted(fields.items(), key=lambda kv: -len(kv[0])))
        self._on_change = on_change
        self._problems: tuple[str, ...] = ()
        self._marked: dict[QWidget, list[str]] = {}
        for widget in set(self._fields.values()):
            _on_edit(widget, functools.partial(self._fixed, widget))

    def field_of(self, problem: str) -> QWidget | None:
        return next((w for label, w in self._fields.items() if problem.startswith(label)), None)

    def show(self, problems: tuple[str, ...]) -> None:
        self.clear()
        self._problems = problems
        for problem in problems:
            widget = self.field_of(problem)
            if widget is not None:
                self._marked.setdefault(widget, []).append(problem)
        for widget, sentences in self._marked.items():
            _mark(widget, " ".join(sentences))

    def clear(self) -> None:
        for widget in self._marked:
            _mark(widget, None)
        self._marked.clear()
        self._problems = ()

    @property
    def marked(self) -> list[QWidget]:
        return list(self._marked)

    def _fixed(self, widget: QWidget, *_signal_args: object) -> None:
        sentences = self._marked.pop(widget, None)
        if sentences is None:
            return
        _mark(widget, None)
        self._problems = tuple(p for p in self._problems if p not in sentences)
        self._on_change(self._problems)


def _mark(widget: QWidget, sentence: str | None) -> None:
    widget.setProperty("invalid", sentence is not None)
    widget.setToolTip(sentence or "")
    widget.setAccessibleDescription(sentence or "")
    repolish(widget)


def _on_edit(widget: QWidget, callback: Callable[[], None]) -> None:
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(callback)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(callback)
    elif isinstance(widget, QAbstractSpinBox):
        widget.editingFinished.connect(callback)
        if hasattr(widget, "valueChanged"):
            widget.valueChanged.connect(callback)
