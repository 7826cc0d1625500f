"""recorder-gui-relay on the command line: refuses without its secrets, serves until stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from recorder_gui.relay.__main__ import main
from tests.relay.helpers import SECRET, TOKEN, events, notification, post

ENV = {"RECORDER_RELAY_NCS_SECRET": SECRET, "RECORDER_RELAY_TOKEN": TOKEN}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({}, ["RECORDER_RELAY_NCS_SECRET", "RECORDER_RELAY_TOKEN"]),
        ({"RECORDER_RELAY_NCS_SECRET": SECRET}, ["RECORDER_RELAY_TOKEN"]),
        ({"RECORDER_RELAY_TOKEN": TOKEN}, ["RECORDER_RELAY_NCS_SECRET"]),
        ({"RECORDER_RELAY_TOKEN": "", "RECORDER_RELAY_NCS_SECRET": SECRET}, ["_TOKEN"]),
    ],
)
def test_refuses_to_start_without_env_secrets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, environ: dict[str, str], named: list[str]
) -> None:
    assert main(["--port", "0", "--db", str(tmp_path / "r.sqlite3")], environ=environ) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert err.startswith("recorder-gui-relay: The relay needs its secrets in the environment")
    assert err.endswith(".")
    assert "\n" not in err  # one sentence, no traceback
    for name in named:
        assert name in err
    assert SECRET not in err and TOKEN not in err
    assert not (tmp_path / "r.sqlite3").exists()


def test_refuses_from_a_real_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECORDER_RELAY_")}
    done = subprocess.run(
        [sys.executable, "-m", "recorder_gui.relay", "--db", str(tmp_path / "r.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "RECORDER_RELAY_NCS_SECRET and RECORDER_RELAY_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_same_secret_twice_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    same = {"RECORDER_RELAY_NCS_SECRET": SECRET, "RECORDER_RELAY_TOKEN": SECRET}
    assert main(["--db", str(tmp_path / "r.sqlite3")], environ=same) == 2
    assert "must differ" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--tls-cert", "cert.pem"], "go together"),
        (["--tls-cert", "missing.pem", "--tls-key", "missing.key"], "does not exist"),
        (["--allow-ncs-ips"], "RECORDER_RELAY_CUSTOMER_ID"),
    ],
)
def test_settings_that_cannot_work_are_one_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], words: str
) -> None:
    assert main(["--db", str(tmp_path / "r.sqlite3"), *args], environ=ENV) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.count("\n") == 1


def test_an_unreachable_ip_list_refuses_to_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = {**ENV, "RECORDER_RELAY_CUSTOMER_ID": "cid", "RECORDER_RELAY_CUSTOMER_SECRET": "cs-S3"}
    argv = ["--port", "0", "--db", str(tmp_path / "r.sqlite3"), "--allow-ncs-ips"]
    argv += ["--ncs-ip-url", "http://127.0.0.1:9/v1/ncs/ip"]
    assert main(argv, environ=env) == 2
    err = capsys.readouterr().err
    assert "Cannot fetch the NCS IP list" in err
    assert "cs-S3" not in err


def test_a_database_that_cannot_be_opened_refuses_to_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"definitely not sqlite " * 50)
    assert main(["--port", "0", "--db", str(bad)], environ=ENV) == 2
    assert "Cannot open the database" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--retention-days", "0"], "--retention-days"),
        (["--retention-days", "x"], "--retention-days"),
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--ncs-secret", "s"], "unrecognized"),  # no option takes a secret
    ],
)
def test_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv, environ=ENV)
    assert exited.value.code == 2
    assert named in capsys.readouterr().err


def test_a_busy_port_is_one_sentence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port), "--db", str(tmp_path / "r.sqlite3")], environ=ENV) == 2
    assert "cannot bind the relay" in capsys.readouterr().err


def test_serves_until_stopped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    port = _free_port()
    stop = threading.Event()
    result: list[int] = []
    argv = ["--port", str(port), "--db", str(tmp_path / "r.sqlite3"), "--retention-days", "7"]
    thread = threading.Thread(
        target=lambda: result.append(main(argv, stop_event=stop, environ=ENV))
    )
    thread.start()
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(url + "/healthz")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.02)
        with httpx.Client(base_url=url) as client:
            assert post(client, notification()).status_code == 200
            assert len(events(client)) == 1
    finally:
        stop.set()
        thread.join(10)
    assert result == [0]
    out, err = capsys.readouterr()
    assert f"http://127.0.0.1:{port}/ncs" in out
    assert "sqlite" in out
    for text in (out, err):
        assert SECRET not in text and TOKEN not in text


def test_default_database_is_in_the_data_dir(
    capsys: pytest.CaptureFixture[str], private_app_dirs: Path
) -> None:
    stop = threading.Event()
    stop.set()  # start, then stop at once
    assert main(["--port", "0"], stop_event=stop, environ=ENV) == 0
    expected = private_app_dirs / "data" / "relay.sqlite3"
    assert expected.exists()
    assert str(expected) in capsys.readouterr().out


def test_sigterm_stops_a_real_process(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, **ENV}
    proc = subprocess.Popen(
        [sys.executable, "-m", "recorder_gui.relay", "--port", str(port)]
        + ["--db", str(tmp_path / "r.sqlite3")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
                break
            except httpx.ConnectError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.05)
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    assert "Relay ready: sqlite database" in err
    for text in (out, err):
        assert SECRET not in text and TOKEN not in text
