"""The app always starts, and says what happened: a damaged, emptied or unusable journal, and a
read-only config dir holding a broken profile.

Each subprocess runs ``python -m recorder_gui.app --screenshot`` (user context, offscreen, the
per-test dirs) and must exit 0, write a PNG, and log the notice it showed in the window
(``show_notices`` logs "Notice shown in the window: ..." after putting the banner up).
Read-only as root: the child lowers root's permission override before anything else
(``tests.store.unprivileged`` explains why chmod alone does not stop root).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recorder_gui.contexts import user_context
from recorder_gui.recording.journal import Journal, JournalEntry
from recorder_gui.startup_notices import show_notices
from recorder_gui.store import Notice
from recorder_gui.ui.main_window import MainWindow
from recorder_gui.ui.widgets.error_banner import ErrorBannerWidget
from tests.store.unprivileged import OVERRIDE_OFF

ROOT = Path(__file__).resolve().parents[2]
SHOWN = "Notice shown in the window: "
CHILD = """
import sys
if sys.argv.pop(1) == "locked":
    exec(sys.argv.pop(1))
from recorder_gui.app import main
sys.exit(main(sys.argv[1:]))
"""


def running(key: str) -> JournalEntry:
    return JournalEntry(
        key=key, app_id="a" * 32, profile="show", cname="room", uid="42", mode="mix", state="on"
    )


class Disk:
    """Private dirs for one run of the app; ``env`` points the app at them."""

    def __init__(self, base: Path) -> None:
        self.base = base
        base.mkdir()
        self.dirs = {name: base / name for name in ("config", "data", "log", "state", "home")}
        for folder in [*self.dirs.values(), base / "out"]:
            folder.mkdir()
        self.journal = self.dirs["data"] / "journal.sqlite3"
        self.shot = base / "out" / "shot.png"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RECORDER_GUI_")}
        env.update({f"RECORDER_GUI_{k.upper()}_DIR": str(v) for k, v in self.dirs.items()})
        env.update(
            QT_QPA_PLATFORM="offscreen",
            HOME=str(self.dirs["home"]),
            XDG_CACHE_HOME=str(self.dirs["home"] / ".cache"),
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        return env

    def run(self, *, locked: bool = False) -> str:
        """Start the app (``locked``: permission bits bind root too), check it exits 0 with a
        PNG; return its log (its stderr when the log folder is unusable)."""
        mode = ["locked", OVERRIDE_OFF] if locked else ["plain"]
        child = subprocess.run(
            [sys.executable, "-c", CHILD, *mode, "--screenshot", str(self.shot)],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        )
        assert child.returncode == 0, child.stderr.decode(errors="replace")[-3000:]
        assert self.shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert self.shot.stat().st_size > 10_000
        log = self.dirs["log"] / "recorder-gui.log"
        return log.read_text(encoding="utf-8") if log.is_file() else child.stderr.decode()


@pytest.fixture
def disk(tmp_path: Path) -> Disk:
    return Disk(tmp_path / "disk")


def shown(log: str) -> list[str]:
    return [line.split(SHOWN, 1)[1] for line in log.splitlines() if SHOWN in line]


def random_bytes(disk: Disk) -> list[str]:
    disk.journal.write_bytes(os.urandom(8192))
    return ["could not be used (it is not an SQLite database)", "set aside as"]


def emptied(disk: Disk) -> list[str]:
    with Journal(disk.journal) as journal:
        journal.write(running("k"))
    disk.journal.write_bytes(b"")
    return ["was emptied (0 bytes) while the last run was recording", "Agora console"]


def garbage_wal(disk: Disk) -> list[str]:
    with Journal(disk.journal) as journal:
        journal.write(running("k"))
    disk.journal.with_name("journal.sqlite3-wal").write_bytes(os.urandom(4096))
    return ["write-ahead log", "was damaged", "journal itself was kept"]


def unusable_data_dir(disk: Disk) -> list[str]:
    blocker = disk.base / "a-file"
    blocker.write_text("not a folder")
    disk.dirs["data"] = blocker / "data"
    return ["in memory only", "will not be found again after a restart", "not a folder"]


def unusable_home(disk: Disk) -> list[str]:
    """A read-only HOME: no dir can be created; the log goes to stderr only."""
    blocker = disk.base / "a-file"
    blocker.write_text("not a folder")
    for name in ("config", "data", "log", "state"):
        disk.dirs[name] = blocker / name
    return ["in memory only", str(blocker / "data"), f"profile folder '{blocker / 'config'}"]


@pytest.mark.parametrize(
    "damage",
    [random_bytes, emptied, garbage_wal, unusable_data_dir, unusable_home],
    ids=lambda f: f.__name__,
)
def test_the_app_starts_and_reports_the_journal(
    disk: Disk, damage: Callable[[Disk], list[str]]
) -> None:
    expected = damage(disk)
    notices = shown(disk.run())
    assert notices, "no notice was shown"
    for words in expected:
        assert any(words in n for n in notices), (words, notices)


def test_the_app_starts_with_a_read_only_config_dir_and_a_broken_profile(disk: Disk) -> None:
    profiles = disk.dirs["config"] / "profiles"
    profiles.mkdir()
    (profiles / "broken.json").write_text("{not json", encoding="utf-8")
    profiles.chmod(0o555)
    disk.dirs["config"].chmod(0o555)
    try:
        notices = shown(disk.run(locked=True))
    finally:
        profiles.chmod(0o755)
        disk.dirs["config"].chmod(0o755)
    assert any("broken.json" in n and "could not be set aside" in n for n in notices), notices
    assert (profiles / "broken.json").exists()


# -- in process: the context gathers the notices, the window shows them --------------------------


def test_user_context_starts_with_what_it_could_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RECORDER_GUI_DATA_DIR", str(blocker / "data"))
    profiles = Path(os.environ["RECORDER_GUI_CONFIG_DIR"]) / "profiles"
    profiles.mkdir()
    (profiles / "broken.json").write_text("[1, 2", encoding="utf-8")
    context = user_context("missing")
    try:
        assert context.profiles.names() == [] and context.profiles.current is None
        sources = [n.source for n in context.notices]
        assert sources == ["profiles", "profiles", "journal"], context.notices
        assert "no profile named 'missing'" in context.notices[0].sentence
        assert "set aside as" in context.notices[1].sentence
        assert context.notices[2].persistent and context.manager.journal.in_memory
    finally:
        context.close()


def test_notices_stay_in_the_window(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.allow_close = True
    window.show()
    memory = Notice("error", "Journal in memory.", "Make it writable.", persistent=True)
    emptied = Notice("warning", "The journal was emptied.", "Check the Agora console.")
    show_notices(window, [memory, emptied])
    third = window.show_notice("warning", "x")  # the area exists once: a third banner
    area = third.parentWidget()
    assert area is not None
    found = area.findChildren(ErrorBannerWidget)
    assert [b.meaning.text() for b in found] == [
        "Journal in memory.",
        "The journal was emptied.",
        "x",
    ]
    assert "Make it writable." in found[0].next_step.text()
    assert found[0].isVisible() and not found[0].dismiss_button.isVisible()
    found[1].dismiss_button.click()
    assert not found[1].isVisible() and found[0].isVisible()
    assert window.splitter.isVisible()
