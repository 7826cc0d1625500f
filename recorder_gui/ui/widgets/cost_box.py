"""``CostBoxWidget``: the start form's cost estimate, per hour and for the planned length.

It shows the tier and why, what would lower it, and the assumptions behind it (each input's
size, how many inputs "everyone" means), which the producer edits here. It follows the form:
any change of a field there computes the estimate again. The prices come from the shared
:class:`~recorder_gui.bridge.cost_view.CostSettings`; "Prices…" opens their editor.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import StartPlan
from recorder_gui.bridge.cost_view import (
    FREE_MINUTES_NOTE,
    CostSettings,
    PlanCostView,
    Resolution,
    cost_settings,
    plan_cost,
)

from .form_parts import spin


def _wrapped(name: str = "", *, plain: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if plain:
        label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class CostBoxWidget(QGroupBox):
    """Renders :func:`~recorder_gui.bridge.cost_view.plan_cost` for a plan; keeps no copy."""

    def __init__(
        self,
        plan: Callable[[], StartPlan],
        settings: CostSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Cost estimate", parent)
        self.setAccessibleName("Cost estimate")
        self._plan = plan
        self.settings = settings or cost_settings()
        self._dialog: QWidget | None = None
        self.per_hour = QLabel()
        self.per_hour.setObjectName("valueLabel")
        self.total = _wrapped()
        self.why = _wrapped()
        self.lowering = _wrapped("muted")
        self.notes = _wrapped("muted")
        self.problem = _wrapped("problemText")
        self.problem.hide()
        size = self.settings.input_size
        self.input_width = spin(16, 7680, size.width, "Assumed width of each video input", " px")
        self.input_height = spin(16, 4320, size.height, "Assumed height of each video input", " px")
        self.everyone = spin(0, 49, self.settings.everyone_inputs, "Video inputs if everyone")
        self.everyone.setToolTip(
            "Video from everyone is subscribed: how many users do you expect to send video?"
        )
        self.everyone_label = QLabel("Inputs if everyone")
        self.everyone_label.setBuddy(self.everyone)
        self.prices_button = QPushButton("Prices…")
        self.prices_button.setAccessibleName("Edit the contract prices")
        self.prices_button.setToolTip("List prices, or your contract's prices per 1,000 minutes")
        self.prices_button.clicked.connect(self._on_prices_button_clicked)

        money = QHBoxLayout()
        money.addWidget(self.per_hour)
        money.addWidget(self.total, 1)
        money.addWidget(self.prices_button, 0, Qt.AlignmentFlag.AlignTop)
        each = QHBoxLayout()
        each_label = QLabel("Each input")
        each_label.setBuddy(self.input_width)
        each.addWidget(each_label)
        each.addWidget(self.input_width)
        each.addWidget(QLabel("×"))
        each.addWidget(self.input_height)
        each.addStretch(1)
        guess = QHBoxLayout()
        guess.addWidget(self.everyone_label)
        guess.addWidget(self.everyone)
        guess.addStretch(1)
        column = QVBoxLayout(self)
        column.setSpacing(4)
        column.addLayout(money)
        column.addWidget(self.why)
        column.addWidget(self.lowering)
        column.addLayout(each)
        column.addLayout(guess)
        column.addWidget(self.problem)
        column.addWidget(self.notes)

        self.input_width.valueChanged.connect(self._on_input_size_changed)
        self.input_height.valueChanged.connect(self._on_input_size_changed)
        self.everyone.valueChanged.connect(self.settings.set_everyone_inputs)
        self.settings.changed.connect(self.refresh)
        self.refresh()

    def follow(self, form: QWidget) -> None:
        """Compute again whenever one of ``form``'s fields changes (this box's own excepted)."""
        mine = set(self.findChildren(QWidget))
        for child in form.findChildren(QWidget):
            if child in mine:
                continue
            if isinstance(child, QLineEdit):
                child.textChanged.connect(self.refresh)
            elif isinstance(child, QComboBox):
                child.currentIndexChanged.connect(self.refresh)
            elif isinstance(child, QAbstractSpinBox) and hasattr(child, "valueChanged"):
                child.valueChanged.connect(self.refresh)
            elif isinstance(child, QCheckBox):
                child.toggled.connect(self.refresh)
        self.refresh()

    @property
    def view(self) -> PlanCostView:
        return plan_cost(self._plan(), self.settings)

    def refresh(self) -> None:
        if not shiboken6.isValid(self):
            return
        v = self.view
        self.per_hour.setText(v.per_hour)
        self.total.setText(f"· {v.total}")
        self.why.setText(v.why)
        self.lowering.setText(v.lower)
        self.everyone.setVisible(v.asks_everyone)
        self.everyone_label.setVisible(v.asks_everyone)
        self.problem.setVisible(v.problem is not None)
        self.problem.setText(v.problem or "")
        self.notes.setText(f"{v.source} {FREE_MINUTES_NOTE}")
        self.notes.setToolTip("\n".join(v.notes))
        size = self.settings.input_size
        for box, value in ((self.input_width, size.width), (self.input_height, size.height)):
            if box.value() != value:
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
        self.setAccessibleDescription(f"{v.per_hour}, {v.total}. {v.why}")

    def _on_input_size_changed(self, _value: int) -> None:
        self.settings.set_input_size(
            Resolution(self.input_width.value(), self.input_height.value())
        )

    def _on_prices_button_clicked(self) -> None:
        from recorder_gui.ui.dialogs.prices_dialog import PricesDialog

        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.raise_()
            self._dialog.activateWindow()
            return
        dialog = PricesDialog(self.settings.prices, self.window())
        dialog.save_requested.connect(self.settings.save_contract)
        dialog.reset_requested.connect(self.settings.reset_to_list)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.open()
