"""Files you can trust, through the real window: in demo mode the emulator really uploads to an
S3 server on loopback (moto), and the stop dialog proves each listed file is there, whole and
playable, then opens one through a presigned link (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import boto3
import httpx
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from recorder_gui.app import Controller
from recorder_gui.bridge import SessionBridge
from recorder_gui.bridge.files_bridge import CheckState, FilesBridge
from recorder_gui.contexts import DEMO_BUCKET, DEMO_STORAGE_ACCESS_KEY, DEMO_STORAGE_SECRET_KEY
from recorder_gui.ui.dialogs.stop_dialog import StopResultDialog

from .conftest import AppFactory, start, wait_badge, wait_card


class _Opened(QObject):
    """Where ``QDesktopServices.openUrl`` sends http links during the test (Qt's own hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def _stop(app, qtbot: QtBot) -> StopResultDialog:  # type: ignore[no-untyped-def]
    app.window.stop_action.trigger()
    confirm = app.open_dialogs()[-1]
    confirm.stop_button.click()
    qtbot.waitUntil(
        lambda: any(isinstance(d, StopResultDialog) for d in app.open_dialogs()), timeout=15_000
    )
    return next(d for d in app.open_dialogs() if isinstance(d, StopResultDialog))


class Stopped(NamedTuple):
    app: Controller
    bridge: SessionBridge
    result: StopResultDialog
    files: FilesBridge


def _stopped(make_app: AppFactory, qtbot: QtBot, *, until: CheckState | None = None) -> Stopped:
    """A demo recording that went ON AIR, was stopped through the window, its check running
    (or, with ``until``, in that state)."""
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    qtbot.wait(300)
    result = _stop(app, qtbot)
    files = app.files_for(bridge)
    if until is not None:
        qtbot.waitUntil(lambda: files.state is until, timeout=30_000)
    return Stopped(app, bridge, result, files)


def test_the_stop_dialog_proves_the_files_are_there_and_opens_one(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app, bridge, result, files = _stopped(make_app, qtbot)
    assert app.context.storage_url, "the demo records to a real S3 server on loopback"
    qtbot.waitUntil(lambda: files.state is not CheckState.CHECKING, timeout=30_000)
    assert files.state is CheckState.DONE, files.summary
    assert files.report is not None and files.report.ok, files.report
    assert "all present" in result.check_line.text() or "present" in result.check_line.text()
    assert result.check_line.text().startswith("Checked: ")
    n = len(result.summary.rows)
    assert n >= 1
    in_bucket = [result.table.item(r, 5).text() for r in range(n)]
    assert in_bucket == ["present"] * n
    playlist = next(r for r in range(n) if result.summary.rows[r].name.endswith(".m3u8"))
    assert result.table.item(playlist, 8).text().startswith("playable")

    opened = _Opened()
    QDesktopServices.setUrlHandler("http", opened, "open")
    try:
        result.table.selectRow(playlist)
        assert result.open_button.isEnabled()
        result.open_button.click()
        qtbot.waitUntil(lambda: bool(opened.urls), timeout=10_000)
    finally:
        QDesktopServices.unsetUrlHandler("http")
    url = opened.urls[0].toString()
    assert "X-Amz-Signature" in url and "Expires" in url or "X-Amz-Expires" in url
    body = httpx.get(url, timeout=5).text
    assert body.startswith("#EXTM3U") and "#EXT-X-ENDLIST" in body
    assert "Opened" in result.notice.text()
    result.close()


def test_a_manifest_is_saved_exported_and_uploaded_without_secrets(
    make_app: AppFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    app, bridge, result, files = _stopped(make_app, qtbot)
    qtbot.waitUntil(lambda: files.manifest_path is not None, timeout=30_000)
    path = files.manifest_path
    assert path is not None and path.parent == app.context.manifests_dir
    assert str(path) in result.manifest_line.toolTip() or result.manifest_line.isVisible()
    saved = json.loads(path.read_text(encoding="utf-8"))
    session = bridge.session
    assert saved["recording"]["sid"] == session.sid
    assert saved["recording"]["resource_id"] == session.resource_id
    assert saved["recording"]["channel"] == "demo-show"
    assert saved["recording"]["bot_uid"] == session.uid
    assert saved["check"]["ok"] is True
    assert [f["name"] for f in saved["files"]] == [r.name for r in result.summary.rows]
    assert all(f["check"]["present"] for f in saved["files"])
    assert saved["start_config"]["storageConfig"]["bucket"] == DEMO_BUCKET
    assert saved["cost"]["currency"] == "USD" and saved["cost"]["estimate"] is True
    assert result.cost.isVisible(), result.cost.text()
    assert result.cost.text().startswith("Estimated cost: "), result.cost.text()
    assert "$" in result.cost.text() and "free" in result.cost.text()
    result.export_manifest_to(tmp_path / "copy.json")
    assert "Saved the manifest to" in result.notice.text()
    result.upload_manifest_button.click()
    qtbot.waitUntil(lambda: "Uploaded the manifest" in result.notice.text(), timeout=10_000)
    key = result.notice.text().rsplit(" as ", 1)[1]
    client = _client(app)
    uploaded = client.get_object(Bucket=DEMO_BUCKET, Key=key)["Body"].read().decode()
    for text in (path.read_text(), (tmp_path / "copy.json").read_text(), uploaded):
        for secret in (DEMO_STORAGE_ACCESS_KEY, DEMO_STORAGE_SECRET_KEY, "demo-customer-secret"):
            assert secret not in text
    result.close()


def _client(app):  # type: ignore[no-untyped-def]
    return boto3.session.Session().client(
        "s3",
        endpoint_url=app.context.storage_url,
        aws_access_key_id=DEMO_STORAGE_ACCESS_KEY,
        aws_secret_access_key=DEMO_STORAGE_SECRET_KEY,
        region_name="us-east-1",
    )


def test_a_missing_file_is_named_and_cannot_be_opened(make_app: AppFactory, qtbot: QtBot) -> None:
    app, bridge, result, files = _stopped(make_app, qtbot, until=CheckState.DONE)
    assert files.ok

    client = _client(app)
    gone = result.summary.rows[0].name
    client.delete_object(Bucket=DEMO_BUCKET, Key=gone)
    result.check_button.click()
    assert files.state is CheckState.CHECKING and not result.check_button.isEnabled()
    qtbot.waitUntil(lambda: files.state is CheckState.DONE, timeout=30_000)
    assert result.check_line.text().startswith("Problem: ")
    assert "missing" in result.check_line.text()
    assert result.table.item(0, 5).text() == "missing"
    result.table.selectRow(0)
    assert not result.open_button.isEnabled() and not result.link_button.isEnabled()
    assert result.open_button.statusTip() == "This file is not in the bucket."
    result.close()


def test_a_profile_without_storage_keys_says_so(make_app: AppFactory, qtbot: QtBot) -> None:
    from recorder_gui.store import SecretField

    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    app.profiles.credentials.delete("demo", SecretField.STORAGE_SECRET_KEY)
    result = _stop(app, qtbot)
    files = app.files_for(bridge)
    qtbot.waitUntil(lambda: files.state is CheckState.FAILED, timeout=15_000)
    text = result.check_line.text()
    assert text.startswith("Could not check the files: The profile 'demo' has no storage secret")
    assert "Edit profile" in text
    qtbot.waitUntil(lambda: files.manifest_path is not None, timeout=10_000)
    assert files.manifest_path is not None
    saved = json.loads(files.manifest_path.read_text(encoding="utf-8"))
    assert saved["check"]["ok"] is None and "no storage secret key" in saved["check"]["problem"]
    result.close()


def test_exports_carry_what_the_check_found(
    make_app: AppFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    import csv

    app, bridge, result, files = _stopped(make_app, qtbot, until=CheckState.DONE)
    assert result.export_to(tmp_path / "f.csv", "csv")
    text = (tmp_path / "f.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and all(r["in_bucket"] == "True" and r["check"] for r in rows), rows
    assert all(r["sid"] == bridge.session.sid and r["bucket"] == DEMO_BUCKET for r in rows)
    assert result.export_to(tmp_path / "f.json", "json")
    exported = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert exported["check"].startswith(f"{len(rows)} file")
    assert all(f["in_bucket"] is True for f in exported["files"])
    result.close()


def test_right_after_a_stop_a_lagging_upload_is_waited_for(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    """Uploads can lag the stop's answer: a check that finds a file missing looks again
    (saying so) before it reports it missing."""
    app, bridge, result, files = _stopped(make_app, qtbot, until=CheckState.DONE)
    client = _client(app)
    late = result.summary.rows[0].name
    body = client.get_object(Bucket=DEMO_BUCKET, Key=late)["Body"].read()
    client.delete_object(Bucket=DEMO_BUCKET, Key=late)
    files.check(settle=(1.0,))
    qtbot.waitUntil(lambda: files.waiting_note is not None, timeout=10_000)
    assert "looks again in 1 s" in result.check_line.text()
    client.put_object(Bucket=DEMO_BUCKET, Key=late, Body=body)  # the upload lands
    qtbot.waitUntil(lambda: files.state is CheckState.DONE, timeout=10_000)
    assert files.ok and result.check_line.text().startswith("Checked: ")
    result.close()


def test_files_so_far_are_checked_while_on_air(make_app: AppFactory, qtbot: QtBot) -> None:
    app = make_app()
    start(app, qtbot)
    bridge = wait_card(app, qtbot, 0)
    wait_badge(bridge, qtbot, "ON AIR")
    qtbot.waitUntil(lambda: bool(bridge.files), timeout=15_000)  # query listed files so far
    assert app.context.server is not None
    assert app.context.server.emulator.wait_uploads(10)  # what query listed has landed
    row = app.window.status_panel.files_check
    assert row.button.isEnabled()
    row.button.click()
    files = app.files_for(bridge)
    qtbot.waitUntil(lambda: files.state is CheckState.DONE, timeout=30_000)
    assert files.ok, files.summary
    assert row.line.text().startswith("Checked: ") and "so far" in row.line.text()
    assert bridge.badge.value == "ON AIR"  # checking never disturbs the recording
