"""``QuitDialog``: recordings are running; stop them, leave them running, or stay.

Each recording is listed by its name (``SessionBridge.title``), one a line. "Stop them and
quit" keeps the dialog open while they stop ("Stopping…"); the controller then calls
:meth:`QuitDialog.show_results` (``results_of`` sorts the bridges) and quits once the
producer has read which stopped and which did not (the dialog's ``finished`` signal).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import SessionState

#: The quit dialog is never wider than this (a 1024-pixel screen).
MAX_WIDTH = 1000
#: Lines shown before the list scrolls.
VISIBLE_LINES = 10

_STILL_RUNNING = (
    "Left running, they go on in the cloud and appear again here the next time you open "
    "recorder-gui (they stay in the journal either way)."
)


class Stoppable(Protocol):
    """What :func:`results_of` reads of a recording (``SessionBridge`` has it all)."""

    @property
    def title(self) -> str: ...
    @property
    def state(self) -> SessionState: ...
    @property
    def reason(self) -> str: ...


def results_of(
    recordings: Iterable[Stoppable],
) -> tuple[list[str], list[tuple[str, str]]]:
    """``(stopped titles, [(title, why not)])`` after "stop them all", for ``show_results``."""
    stopped: list[str] = []
    failed: list[tuple[str, str]] = []
    for r in recordings:
        if r.state is SessionState.STOPPED:
            stopped.append(r.title)
        else:  # a reason of a state that is not final says nothing about the stop
            why = " ".join(r.reason.split()) if r.state.is_final else ""
            failed.append((r.title, why or "It did not stop in time; it may still be recording."))
    return stopped, failed


class _LinesArea(QScrollArea):
    """Plain-text lines, as tall as they are up to VISIBLE_LINES, then scrolling; they wrap
    at spaces and never widen the dialog."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        self.label.setAutoFillBackground(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._hinted_width = 0

    def sizeHint(self) -> QSize:
        width = self.viewport().width() if self.isVisible() else 440
        tall = self.label.heightForWidth(max(width, 200))
        cap = VISIBLE_LINES * self.fontMetrics().lineSpacing()
        return QSize(super().sizeHint().width(), min(max(tall, 0), cap) + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.fontMetrics().lineSpacing() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._hinted_width:
            self._hinted_width = event.size().width()
            self.updateGeometry()


def _count(n: int) -> str:
    return f"{n} recording{'s' if n != 1 else ''}"


class QuitDialog(QDialog):
    stop_all_requested = Signal()
    leave_running_requested = Signal()

    def __init__(self, recordings: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recordings are running")
        count = len(recordings)
        self.heading = QLabel(f"{_count(count)} {'are' if count != 1 else 'is'} still running:")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.list_area = _LinesArea()
        self.recordings = self.list_area.label
        self.recordings.setAccessibleName("Recordings still running")
        self._set_lines(recordings)
        self.question = QLabel(
            f"Stop them before quitting, or leave them running? {_STILL_RUNNING}"
        )
        self.question.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.stop_button = QPushButton("Stop them and quit")
        self.stop_button.setAccessibleName("Stop every recording, then quit")
        self.leave_button = QPushButton("Leave them running and quit")
        self.leave_button.setAccessibleName("Leave the recordings running in the cloud and quit")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel: do not quit")
        self.quit_button = QPushButton("Quit")
        self.quit_button.setAccessibleName("Quit recorder-gui")
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.ApplyRole)
        self.quit_button.hide()
        self.cancel_button.setDefault(True)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.leave_button.clicked.connect(self._on_leave_button_clicked)
        self.quit_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list_area)
        layout.addWidget(self.question)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.setMaximumWidth(MAX_WIDTH)
        self.cancel_button.setFocus()  # once in this window: Enter and Space mean "stay"

    @property
    def lines(self) -> list[str]:
        """What the list says, one recording a line."""
        return self.recordings.text().splitlines()

    def _set_lines(self, lines: Sequence[str]) -> None:
        self._count = len(lines)
        self.recordings.setText("\n".join(lines))
        self.list_area.updateGeometry()

    def _on_stop_button_clicked(self) -> None:
        self.show_stopping()
        self.stop_all_requested.emit()

    def _on_leave_button_clicked(self) -> None:
        self.leave_running_requested.emit()
        self.accept()

    def show_stopping(self) -> None:
        """While the stops run: say so and offer nothing to press."""
        self.heading.setText(f"Stopping {_count(self._count)}…")
        self.question.setText(
            "Waiting for the service to confirm each stop (up to 30 seconds each); "
            "recorder-gui quits after that."
        )
        for button in (self.stop_button, self.leave_button, self.cancel_button):
            button.setEnabled(False)

    def show_results(self, stopped: Sequence[str], failed: Sequence[tuple[str, str]]) -> None:
        """After the stops: which stopped, which did not (title, why); Quit closes the dialog.

        The controller quits on ``finished`` (or when the producer closes the dialog).
        """
        total = len(stopped) + len(failed)
        if not failed:
            self.heading.setText(f"Stopped {'all ' if total > 1 else ''}{_count(total)}.")
        else:
            self.heading.setText(f"Stopped {len(stopped)} of {_count(total)}.")
        self._set_lines(
            [f"Stopped: {t}" for t in stopped]
            + [f"Did not stop: {t} — {' '.join(why.split())}" for t, why in failed]
        )
        self.recordings.setAccessibleName("What happened to each recording")
        self.question.setText(
            "The files of the stopped recordings are being finalised in your storage. "
            + (
                f"Those that did not stop may still be recording. {_STILL_RUNNING}"
                if failed
                else ""
            )
        )
        for button in (self.stop_button, self.leave_button, self.cancel_button):
            button.hide()
        self.quit_button.show()
        self.quit_button.setDefault(True)
        self.quit_button.setFocus()
