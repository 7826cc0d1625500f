"""``PricesDialog``: the contract price table, US$ per 1,000 minutes, beside the list prices.

An empty field means the list price. Each field is checked as it is typed, and what is wrong
is said next to it; Save is enabled only when every field is right. The dialog emits intents
(``save_requested`` with the prices, ``reset_requested``); whoever opened it acts on them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge.cost_view import (
    LIST_PRICES,
    PRICING_URL,
    Category,
    PriceTable,
    format_price,
    price_problem,
)

#: Never wider than a 1024-pixel screen.
MAX_WIDTH = 640


def read_price(text: str) -> tuple[Decimal | None, str | None]:
    """A field's price (None: empty, the list price) or what is wrong with it."""
    typed = text.strip().removeprefix("$").replace(",", "")
    if not typed:
        return None, None
    try:
        value = Decimal(typed)
    except InvalidOperation:
        return None, "Type a number like 5.99, or leave it empty for the list price."
    problem = price_problem(value)
    if problem is not None:
        return None, f"This price {problem}."
    return value, None


class PricesDialog(QDialog):
    save_requested = Signal(object)  #: dict[Category, Decimal]: the contract prices
    reset_requested = Signal()  #: back to list prices

    def __init__(self, prices: PriceTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recording prices")
        self.setMaximumWidth(MAX_WIDTH)
        intro = QLabel(
            "Prices in US$ per 1,000 minutes. Leave a field empty to use the list price "
            f"({PRICING_URL}); type your contract's price to override it."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Category</b>"), 0, 0)
        grid.addWidget(QLabel("<b>List</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Contract</b>"), 0, 2)
        self.fields: dict[Category, QLineEdit] = {}
        self.errors: dict[Category, QLabel] = {}
        for row, category in enumerate(Category, start=1):
            field = QLineEdit()
            field.setPlaceholderText("list price")
            field.setAccessibleName(f"Contract price for {category.label}")
            field.setMaximumWidth(120)
            if category in prices.contract:
                field.setText(str(prices.per_thousand(category)))
            error = QLabel()
            error.setObjectName("problemText")
            error.setWordWrap(True)
            error.hide()
            name = QLabel(category.label)
            name.setBuddy(field)
            grid.addWidget(name, row * 2 - 1, 0)
            grid.addWidget(QLabel(format_price(LIST_PRICES[category])), row * 2 - 1, 1)
            grid.addWidget(field, row * 2 - 1, 2)
            grid.addWidget(error, row * 2, 0, 1, 3)
            field.textChanged.connect(self._on_field_text_changed)
            self.fields[category], self.errors[category] = field, error
        grid.setColumnStretch(0, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.reset_button = QPushButton("Reset to list prices")
        self.reset_button.setAccessibleName("Reset every price to the list price")
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        self._on_field_text_changed()

    @property
    def save_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def chosen(self) -> dict[Category, Decimal] | None:
        """The contract prices typed (None while a field is wrong)."""
        out: dict[Category, Decimal] = {}
        for category, field in self.fields.items():
            value, problem = read_price(field.text())
            if problem is not None:
                return None
            if value is not None:
                out[category] = value
        return out

    def _on_field_text_changed(self, *_: object) -> None:
        for category, field in self.fields.items():
            problem = read_price(field.text())[1]
            label = self.errors[category]
            label.setText(problem or "")
            label.setVisible(problem is not None)
            field.setProperty("invalid", problem is not None)
            field.setToolTip(problem or "")
        self.save_button.setEnabled(self.chosen() is not None)

    def _on_buttons_accepted(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        self.save_requested.emit(chosen)
        self.accept()

    def _on_reset_button_clicked(self) -> None:
        for field in self.fields.values():
            field.clear()
        self.reset_requested.emit()
        self.accept()
