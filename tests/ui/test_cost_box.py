"""The start form's cost box and the prices dialog: they follow the form, show why, take the
producer's assumptions, and edit the contract prices with the errors beside the fields."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from recorder_gui.bridge.cost_view import Category, CostSettings, Resolution
from recorder_gui.store.paths import config_dir
from recorder_gui.ui.dialogs.prices_dialog import MAX_WIDTH, PricesDialog, read_price
from recorder_gui.ui.widgets.cost_box import CostBoxWidget
from recorder_gui.ui.widgets.start_form import StartFormWidget


def form_with_box(qtbot: QtBot) -> tuple[StartFormWidget, CostBoxWidget]:
    form = StartFormWidget()
    qtbot.addWidget(form)
    return form, form.cost


def test_the_box_follows_the_forms_subscription_and_length(qtbot: QtBot) -> None:
    form, box = form_with_box(qtbot)
    box.settings.set_everyone_inputs(2)
    assert box.why.text() == "2 inputs of 1280x720 = 1,843,200 pixels: Full HD"
    assert not box.everyone.isHidden()  # everyone's video: the guess is asked
    form.video_uids.setText("1, 2, 3, 4")
    assert box.why.text() == "4 inputs of 1280x720 = 3,686,400 pixels: 2K"
    assert box.per_hour.text() == "$1.44 per hour"
    assert box.everyone.isHidden()
    assert "Full HD" in box.lowering.text()
    form.planned.set_minutes(60)
    assert box.total.text() == "· $1.44 for 1 h 00 min"
    form.stream_types.setCurrentIndex(form.stream_types.findData(0))  # audio only
    assert box.per_hour.text() == "$0.09 per hour"
    assert "audio" in box.why.text()


def test_the_input_size_assumption_changes_the_tier(qtbot: QtBot) -> None:
    form, box = form_with_box(qtbot)
    form.video_uids.setText("1, 2, 3")
    box.input_width.setValue(640)
    box.input_height.setValue(360)
    assert box.settings.input_size == Resolution(640, 360)
    assert box.why.text() == "3 inputs of 640x360 = 691,200 pixels: HD"
    box.input_width.setValue(1280)
    box.input_height.setValue(720)
    assert box.why.text().endswith(": 2K")


def test_web_mode_prices_the_page(qtbot: QtBot) -> None:
    form, box = form_with_box(qtbot)
    form.mode.setCurrentIndex(form.mode.findData("web"))
    form.web_width.setValue(1920)
    form.web_height.setValue(1080)
    assert box.why.text().endswith("Web page Full HD")
    assert box.per_hour.text() == "$1.68 per hour"
    assert box.everyone.isHidden()
    assert "maxRecordingHour" in box.notes.toolTip()


def test_the_free_minutes_are_said_not_deducted(qtbot: QtBot) -> None:
    _, box = form_with_box(qtbot)
    assert "10,000 minutes each month are free" in box.notes.text()
    assert "not deducted here" in box.notes.text()
    assert "https://www.agora.io/en/pricing/" in box.notes.text()


def test_a_damaged_price_file_is_shown_with_list_prices(qtbot: QtBot) -> None:
    (config_dir() / "prices.json").write_text('{"per_1000_minutes": {"hd": -3}}')
    box = CostBoxWidget(lambda: StartFormWidget().plan(), CostSettings())
    qtbot.addWidget(box)
    assert not box.problem.isHidden()
    assert "negative" in box.problem.text()
    assert "list prices" in box.notes.text()


def test_the_box_never_widens_a_narrow_form(qtbot: QtBot) -> None:
    form, box = form_with_box(qtbot)
    form.video_uids.setText(", ".join(str(i) for i in range(1, 30)))
    assert box.minimumSizeHint().width() <= 320


def test_the_prices_dialog_opens_from_the_box_and_saves(qtbot: QtBot) -> None:
    form, box = form_with_box(qtbot)
    form.video_uids.setText("1")
    box.prices_button.click()
    dialog = box.findChild(PricesDialog) or next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, PricesDialog)
    )
    assert dialog.isVisible()
    dialog.fields[Category.HD].setText("3")
    dialog.save_button.click()
    assert box.per_hour.text() == "$0.18 per hour"
    assert "contract prices for HD" in box.notes.text()
    assert (config_dir() / "prices.json").exists()


def test_the_dialog_says_what_is_wrong_beside_the_field(qtbot: QtBot) -> None:
    dialog = PricesDialog(CostSettings().prices)
    qtbot.addWidget(dialog)
    saved: list[object] = []
    dialog.save_requested.connect(saved.append)
    field, error = dialog.fields[Category.FULL_HD], dialog.errors[Category.FULL_HD]
    field.setText("cheap")
    assert not error.isHidden()
    assert error.text() == "Type a number like 5.99, or leave it empty for the list price."
    assert not dialog.save_button.isEnabled()
    field.setText("-1")
    assert "negative" in error.text()
    field.setText("$12.50")
    assert error.isHidden()
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert saved == [{Category.FULL_HD: Decimal("12.50")}]


def test_the_dialog_resets_to_list_prices(qtbot: QtBot) -> None:
    settings = CostSettings()
    settings.save_contract({Category.AUDIO: Decimal("1")})
    dialog = PricesDialog(settings.prices)
    qtbot.addWidget(dialog)
    assert dialog.fields[Category.AUDIO].text() == "1"
    dialog.reset_requested.connect(settings.reset_to_list)
    dialog.reset_button.click()
    assert settings.prices.is_list
    assert not Path(settings.path).exists()


def test_the_dialog_fits_a_small_screen(qtbot: QtBot) -> None:
    dialog = PricesDialog(CostSettings().prices)
    qtbot.addWidget(dialog)
    dialog.show()
    for field in dialog.fields.values():
        field.setText("x" * 50)
    assert dialog.sizeHint().width() <= MAX_WIDTH
    assert dialog.width() <= MAX_WIDTH
    dialog.close()


def test_read_price_accepts_what_people_type() -> None:
    assert read_price(" 5.99 ") == (Decimal("5.99"), None)
    assert read_price("$1,000") == (Decimal(1000), None)
    assert read_price("") == (None, None)
    assert read_price("1.23456")[1] == "This price has more than 4 decimals."
