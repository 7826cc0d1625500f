"""``ProfileDialog``: App ID, customer and storage secrets, vendor and region by name.

Stored secrets are shown as "stored" and never in clear unless the producer presses Reveal.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recorder_gui.bridge import EDITED_SECRETS, ProfileBridge, ProfileForm, SecretField
from recorder_gui.ui.style import repolish
from recorder_gui.ui.widgets.duration_edit import DurationEditWidget

_SECRET_LABELS = {
    SecretField.CUSTOMER_ID: "Customer &ID",
    SecretField.CUSTOMER_SECRET: "Customer &Secret",
    SecretField.STORAGE_ACCESS_KEY: "Storage access key",
    SecretField.STORAGE_SECRET_KEY: "Storage secret key",
    SecretField.APP_CERTIFICATE: "App Certificate (optional)",
    SecretField.RELAY_TOKEN: "Read &token",
}


class _SecretRow(QWidget):
    def __init__(self, which: SecretField, stored: bool, reveal: object) -> None:
        super().__init__()
        self.which = which
        self.stored = stored
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(which.label)
        self.edit.setPlaceholderText("stored — type to replace" if stored else "not set")
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.setAccessibleName(f"Reveal the {which.label}")
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self._on_reveal_button_toggled)
        self._reveal = reveal
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.reveal_button)

    def _on_reveal_button_toggled(self, on: bool) -> None:
        if on and not self.edit.text() and self.stored:
            value = self._reveal(self.which)  # type: ignore[operator]
            if value:
                self.edit.setText(value)
                self.edit.setModified(False)
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        if not on and not self.edit.isModified():
            self.edit.clear()

    def typed(self) -> str:
        return self.edit.text() if self.edit.isModified() else ""


def _spin(low: int, high: int, value: int, name: str, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    return box


class ProfileDialog(QDialog):
    """Emits ``saved(name)`` once the bridge accepted the profile; shows problems otherwise."""

    saved = Signal(str)

    def __init__(
        self, profiles: ProfileBridge, name: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Profile and credentials" if name else "New profile")
        self.setMinimumWidth(560)
        self.setMaximumWidth(1000)  # fits a 1024-pixel-wide screen
        self._profiles = profiles
        self._original = name
        form_data = profiles.form_for(name)
        self.name = QLineEdit(form_data.name or ("" if name else "my-show"))
        self.name.setAccessibleName("Profile name")
        self.app_id = QLineEdit(form_data.app_id)
        self.app_id.setAccessibleName("App ID")
        self.app_id.setPlaceholderText("32 hexadecimal characters")
        self.vendor = QComboBox()
        self.vendor.setAccessibleName("Storage vendor")
        for number, label in profiles.vendors():
            self.vendor.addItem(label, number)
        self.region = QComboBox()
        self.region.setAccessibleName("Storage region")
        self.vendor.view().setAccessibleName("Storage vendors")
        self.region.view().setAccessibleName("Storage regions")
        self.vendor.currentIndexChanged.connect(self._on_vendor_current_index_changed)
        self.bucket = QLineEdit(form_data.bucket)
        self.bucket.setAccessibleName("Bucket")
        self.prefix = QLineEdit(form_data.prefix)
        self.prefix.setAccessibleName("File name prefix")
        self.prefix.setPlaceholderText("e.g. shows/2026 (letters and digits, / between parts)")
        self.planned = DurationEditWidget(form_data.planned_minutes, "Usual planned length")
        self.planned.setToolTip(
            "The start form's planned length for this profile's shows: it sets how long the "
            "bot's token lasts and a web recording's maxRecordingHour."
        )
        self.secret_rows = {
            f: _SecretRow(f, f in form_data.stored, self._reveal) for f in EDITED_SECRETS
        }
        self.keyring_line = QLabel(profiles.storage_status)
        self.keyring_line.setObjectName("keyringLine")
        self.keyring_line.setWordWrap(True)
        self.keyring_line.setProperty("memory", not profiles.credentials.is_persistent)
        self.problems = QLabel()
        self.problems.setObjectName("problemText")
        self.problems.setWordWrap(True)
        self.problems.hide()

        account = QGroupBox("Agora project")
        a = QFormLayout(account)
        a.addRow("Profile &name", self.name)
        a.addRow("&App ID", self.app_id)
        for f in (*EDITED_SECRETS[:2], SecretField.APP_CERTIFICATE):
            a.addRow(_SECRET_LABELS[f], self.secret_rows[f])
        storage = QGroupBox("Storage")
        s = QFormLayout(storage)
        s.addRow("&Vendor", self.vendor)
        s.addRow("&Region", self.region)
        s.addRow("&Bucket", self.bucket)
        s.addRow("&Prefix", self.prefix)
        for f in EDITED_SECRETS[2:4]:
            s.addRow(_SECRET_LABELS[f], self.secret_rows[f])
        recording = self._recording_box(form_data)
        callbacks, c = self._callbacks_box(form_data)
        for layout_ in (a, s, c):
            for row in range(layout_.rowCount()):
                label_item = layout_.itemAt(row, QFormLayout.ItemRole.LabelRole)
                field_item = layout_.itemAt(row, QFormLayout.ItemRole.FieldRole)
                if label_item is None or field_item is None:
                    continue
                buddy, target = label_item.widget(), field_item.widget()
                if isinstance(target, _SecretRow):
                    target = target.edit
                if isinstance(buddy, QLabel) and target is not None:
                    buddy.setBuddy(target)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName(
            "Save the profile"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            "Cancel: keep the profile as it was"
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_line)
        # Three tabs, so the dialog fits a 700-pixel-tall screen.
        self.pages = QTabWidget()
        self.pages.setAccessibleName("Profile sections")
        self.pages.addTab(account, "Project")
        self.pages.addTab(storage, "Storage")
        self.pages.addTab(recording, "Recording defaults")
        self.pages.addTab(callbacks, "Callbacks")
        layout.addWidget(self.pages)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.vendor.setCurrentIndex(max(0, self.vendor.findData(form_data.vendor)))
        self._on_vendor_current_index_changed()
        self.region.setCurrentIndex(max(0, self.region.findData(form_data.region)))
        self._form = form_data
        repolish(self.keyring_line)

    def _recording_box(self, data: ProfileForm) -> QGroupBox:
        """What a new recording of this profile starts from, in plain view (the start form
        takes these when the profile is chosen)."""
        box = QGroupBox("Recording defaults")
        self.mode = QComboBox()
        self.mode.setAccessibleName("Default recording mode")
        for value, text in (("mix", "Mix"), ("individual", "Individual"), ("web", "Web page")):
            self.mode.addItem(text, value)
        self.mode.setCurrentIndex(max(0, self.mode.findData(data.mode)))
        self.mode.view().setAccessibleName("Recording modes")
        self.video_width = _spin(16, 1920, data.width, "Default video width", " px")
        self.video_height = _spin(16, 1920, data.height, "Default video height", " px")
        self.fps = QComboBox()
        self.fps.setAccessibleName("Default frame rate")
        for fps in (1, 7, 10, 15, 24, 30, 60):
            self.fps.addItem(f"{fps} fps", fps)
        self.fps.setCurrentIndex(max(0, self.fps.findData(data.fps)))
        self.fps.view().setAccessibleName("Frame rates")
        self.bitrate = _spin(1, 6500, data.bitrate, "Default bitrate", " kbps")
        size = QHBoxLayout()
        size.addWidget(self.video_width)
        size.addWidget(QLabel("×"))
        size.addWidget(self.video_height)
        size.addStretch(1)
        form = QFormLayout(box)
        form.addRow("&Mode", self.mode)
        form.addRow("Size", size)
        form.addRow("&Frame rate", self.fps)
        form.addRow("Bit&rate", self.bitrate)
        form.addRow("Usual &length", self.planned)
        return box

    def _callbacks_box(self, data: ProfileForm) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox("Callbacks from a relay (optional)")
        self.relay_url = QLineEdit(data.relay_url)
        self.relay_url.setAccessibleName("Relay address")
        self.relay_url.setPlaceholderText("https://relay.example.com")
        note = QLabel(
            "Agora sends its callbacks (uploads, why a recording ended) to one public HTTPS "
            "address; a recorder-gui relay receives them there and this panel reads them from "
            "it. Leave empty to watch recordings by status checks only."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(note)
        form.addRow("Relay &address", self.relay_url)
        form.addRow(
            _SECRET_LABELS[SecretField.RELAY_TOKEN], self.secret_rows[SecretField.RELAY_TOKEN]
        )
        return box, form

    def _reveal(self, which: SecretField) -> str | None:
        return self._profiles.reveal(self._original, which) if self._original else None

    def _on_vendor_current_index_changed(self, *_: object) -> None:
        self.region.clear()
        for number, label in self._profiles.regions(int(self.vendor.currentData() or 0)):
            self.region.addItem(label, number)

    def form(self) -> ProfileForm:
        return ProfileForm(
            name=self.name.text().strip(),
            app_id=self.app_id.text().strip(),
            vendor=int(self.vendor.currentData()),
            region=int(self.region.currentData() or 0),
            bucket=self.bucket.text().strip(),
            prefix=self.prefix.text().strip(),
            base_url=self._form.base_url,
            bot_uid=self._form.bot_uid,
            planned_minutes=self.planned.total_minutes(),
            mode=str(self.mode.currentData()),
            width=self.video_width.value(),
            height=self.video_height.value(),
            fps=int(self.fps.currentData()),
            bitrate=self.bitrate.value(),
            relay_url=self.relay_url.text().strip(),
            secrets={f: row.typed() for f, row in self.secret_rows.items() if row.typed()},
            stored=self._form.stored if self._original else frozenset(),
        )

    def _on_buttons_accepted(self) -> None:
        problems = self._profiles.save(self.form(), original=self._original)
        if problems:
            self.problems.setText("Cannot save yet:\n• " + "\n• ".join(problems))
            self.problems.show()
            return
        self.saved.emit(self.name.text().strip())
        self.accept()
