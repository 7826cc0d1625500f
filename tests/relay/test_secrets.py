"""Neither secret appears in anything the relay writes: logs, stderr, reprs, errors, the db."""

from __future__ import annotations

import logging
import pickle
import threading
from pathlib import Path

import httpx
import pytest

from recorder_gui.relay import RelayServer, Secret
from recorder_gui.relay.__main__ import main
from recorder_gui.relay.config import RelayConfig, describe_db
from tests.relay.helpers import SECRET, TOKEN, encode, notification, post, read, sign_v2_header

DSN_PASSWORD = "pg-PASSWORD-5150"


def _exercise(relay: RelayServer) -> None:
    """Every path: good and bad posts, resends, bad tokens, bad params, long poll, health."""
    with httpx.Client(base_url=relay.url) as client:
        body = notification(notice_id="s-1")
        assert post(client, body).status_code == 200
        assert post(client, body).status_code == 200
        assert post(client, notification(), secret="wrong").status_code == 401
        raw = encode(notification())
        wrong_body = sign_v2_header(SECRET, b"x")
        assert client.post("/ncs", content=raw, headers=wrong_body).status_code == 401
        assert client.post("/ncs", content=b"x" * (1024 * 1024 + 1)).status_code == 413
        assert read(client, token="wrong").status_code == 401
        assert read(client, token=SECRET).status_code == 401
        assert read(client, limit="nope").status_code == 400
        assert read(client, wait="0.1", after="5").status_code == 200
        assert client.get("/healthz").status_code == 200
        assert client.get("/nowhere").status_code == 404


def _everything_written(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_no_secret_in_logs_reprs_or_files(
    db: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if db.startswith("postgresql://"):
        # Trust auth ignores it, but the relay must never show it.
        db = db.replace("postgresql://postgres@", f"postgresql://postgres:{DSN_PASSWORD}@")
    caplog.set_level(logging.DEBUG)
    server = RelayServer(ncs_secret=SECRET, read_token=TOKEN, db=db)
    with server:
        _exercise(server)
        shown = [repr(server), str(server), server.db, server.url, repr(server.relay)]
        shown.append(repr(server.relay.config))
        shown.append(repr(server.relay.store))
    text = caplog.text + "\n".join(shown)
    assert "Relay ready" in caplog.text  # the logs were captured
    for secret in (SECRET, TOKEN, DSN_PASSWORD):
        assert secret not in text
    written = _everything_written(tmp_path)
    for secret in (SECRET, TOKEN):
        assert secret.encode() not in written


def test_secret_values_do_not_show_themselves() -> None:
    secret = Secret("hush-123")
    assert "hush-123" not in repr(secret) + str(secret) + f"{secret}" + f"{secret!r}"
    assert secret.reveal() == "hush-123"
    config = RelayConfig(ncs_secret=secret, read_token=Secret("tok-456"), db="x.sqlite3")
    assert "hush-123" not in repr(config) and "tok-456" not in repr(config)
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_database_urls_are_shown_without_passwords() -> None:
    url = "postgresql://relay:pw-ONE@db.example:5433/events?sslmode=require&password=pw-TWO"
    shown = describe_db(url)
    assert shown == "postgresql://relay@db.example:5433/events"
    assert describe_db("/var/lib/relay.sqlite3") == "/var/lib/relay.sqlite3"


def test_cli_output_and_logs_hold_no_secret(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    env = {"RECORDER_RELAY_NCS_SECRET": SECRET, "RECORDER_RELAY_TOKEN": TOKEN}
    stop = threading.Event()
    stop.set()
    argv = ["--port", "0", "--db", str(tmp_path / "r.sqlite3"), "--log-level", "debug"]
    assert main(argv, stop_event=stop, environ=env) == 0
    out, err = capsys.readouterr()
    assert "Relay ready" in err + caplog.text
    for text in (out, err, caplog.text):
        assert SECRET not in text and TOKEN not in text
    assert SECRET.encode() not in _everything_written(tmp_path)
