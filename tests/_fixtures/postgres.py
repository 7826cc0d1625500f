"""A throwaway PostgreSQL cluster for the test session, and a fresh database per test.

The cluster lives in a temp dir, listens on 127.0.0.1 and a socket in that dir, trusts local
connections, and is stopped and deleted at the end of the session. PostgreSQL refuses to run
as root: as root, initdb and pg_ctl run as the ``postgres`` user (``runuser``); as anyone
else they run as that user. When the server binaries or psycopg are missing the tests that
need them are skipped with the reason, unless ``CI_REQUIRE_POSTGRES=1`` (CI), where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE_ENV = "CI_REQUIRE_POSTGRES"
_SPEED = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1, so this is a failure, not a skip)")
    pytest.skip(reason)


def _bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<ver>/bin, else wherever initdb is on PATH."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if found:
        newest = max(found, key=lambda p: int(Path(p).parent.parent.name.split(".")[0] or 0))
        return Path(newest).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PostgresCluster:
    port: int
    socket_dir: Path
    user: str = "postgres"

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr or done.stdout}")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'recorder-gui[postgres]')")
    bindir = _bindir()
    if bindir is None:
        _unavailable("PostgreSQL server binaries are missing (apt-get install postgresql)")
    as_user: list[str] = []
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user to run PostgreSQL")
        if shutil.which("runuser") is None:
            _unavailable("running as root and 'runuser' is missing")
        as_user = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="recorder-gui-pg-"))
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data = base / "data"
    pg_ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        _run(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres"]
            + ["--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            "initdb",
        )
        for attempt in range(3):  # a free port may be taken between probe and start
            port = _free_port()
            options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 {_SPEED}"
            try:
                _run([*pg_ctl, "-l", str(base / "log"), "-o", options, "-w", "start"], "pg_ctl")
                started = True
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        yield PostgresCluster(port=port, socket_dir=base)
    finally:
        if started:
            subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_dsn(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh, empty database for this test (dropped afterwards)."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_cluster.dsn(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_cluster.dsn(name)
    finally:
        with psycopg.connect(postgres_cluster.dsn(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
