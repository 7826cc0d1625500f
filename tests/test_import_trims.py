"""``import_trims``: what third-party imports do at start-up and the app never uses, left out.

Each trim must change nothing the app relies on: httpx still works (only its command line is
gone), keyring still chooses a backend, and PySide6's import hook still tells a module that
uses PySide6 from one that does not, without reading its source file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from recorder_gui.import_trims import names_pyside

ROOT = Path(__file__).resolve().parents[1]


def module_with(**names: object) -> types.ModuleType:
    module = types.ModuleType("probe")
    vars(module).update(names)
    return module


def _fails(_self: object) -> str:
    raise RuntimeError("not loaded yet")


class Lazy:
    """An object whose ``__module__`` runs code that fails (as some lazy proxies do)."""

    __module__ = property(_fails)


def test_names_pyside_reads_the_namespace() -> None:
    from PySide6 import QtCore
    from PySide6.QtCore import QObject, qVersion

    assert names_pyside(module_with(QtCore=QtCore))
    assert names_pyside(module_with(QObject=QObject))
    assert names_pyside(module_with(qVersion=qVersion))
    assert not names_pyside(json)
    assert not names_pyside(module_with(json=json, x=1, s="PySide6", lazy=Lazy()))
    assert not names_pyside(module_with(PySide6_like=types.ModuleType("PySide6x")))
    import PySide6

    assert names_pyside(module_with(PySide6=PySide6))  # the package itself
    assert names_pyside(module_with(lazy=Lazy(), QObject=QObject))  # a lazy one is skipped
    assert not names_pyside(5)  # type: ignore[arg-type]  # no namespace at all


CHILD = """
import json, linecache, sys
import PySide6.QtCore
from recorder_gui.import_trims import trim_imports
trim_imports()
trim_imports()  # twice is harmless
import httpx, keyring
from keyring.backends import macOS  # as keyring does when it lists every backend
# The hook sees the module an import statement returns: here each module itself.
from recorder_gui.ui.elided import ElidedLabel  # imports PySide6 at its top
from recorder_gui.atomic_file import write_text_atomically  # does not
feature = sys.modules["shibokensupport.feature"]
with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(204))) as client:
    status = client.get("http://example.invalid/").status_code
print(json.dumps({
    "status": status,
    "httpx_main": httpx.main.__module__,
    "modules": sorted(k for k, v in sys.modules.items() if v is not None),
    "backend": type(keyring.get_keyring()).__module__,
    "flags": {m: feature.pyside_feature_dict.get(m)
              for m in ("recorder_gui.ui.elided", "recorder_gui.atomic_file")},
    # import_trims itself is imported (and read) before the trim
    "sources_read": [f for f in linecache.cache if "recorder_gui" in f and "trims" not in f],
}))
"""


def test_the_trims_leave_what_the_app_uses_working() -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    child = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert child.returncode == 0, child.stderr[-2000:]
    found = json.loads(child.stdout.splitlines()[-1])
    assert found["status"] == 204  # httpx sends as before
    assert found["httpx_main"] == "httpx"  # its stub: the command line was never imported
    assert not {"httpx._main", "click", "rich", "pygments"} & set(found["modules"])
    assert found["backend"] == "keyring.backends.fail"
    if sys.platform != "darwin":
        assert "keyring.backends.macOS.api" not in found["modules"]
    # PySide6's hook: 0 = a module that uses PySide6, -1 = one it ignores; no file was read.
    assert found["flags"] == {"recorder_gui.ui.elided": 0, "recorder_gui.atomic_file": -1}
    assert found["sources_read"] == []


@pytest.mark.parametrize("name", ["httpx._main", "keyring.backends.macOS.api"])
def test_a_module_already_imported_is_left_alone(name: str) -> None:
    code = (
        f"import sys, types; sys.modules[{name!r}] = m = types.ModuleType({name!r}); "
        "from recorder_gui.import_trims import trim_imports; trim_imports(); "
        f"assert sys.modules[{name!r}] is m"
    )
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert child.returncode == 0, child.stderr


def test_trim_imports_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``trim_imports`` changes, seen directly (the child above shows the effects)."""
    from recorder_gui.import_trims import trim_imports

    feature = types.ModuleType("shibokensupport.feature")
    vars(feature)["_mod_uses_pyside"] = lambda module: True
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", feature)
    monkeypatch.delitem(sys.modules, "httpx._main", raising=False)
    monkeypatch.delitem(sys.modules, "keyring.backends.macOS.api", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    trim_imports()
    assert sys.modules["httpx._main"] is None
    assert sys.modules["keyring.backends.macOS.api"] is None
    assert vars(feature)["_mod_uses_pyside"] is names_pyside


def test_on_macos_the_keychain_backend_is_left_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from recorder_gui.import_trims import trim_imports

    monkeypatch.delitem(sys.modules, "keyring.backends.macOS.api", raising=False)
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", types.ModuleType("feature"))
    monkeypatch.setattr(sys, "platform", "darwin")
    trim_imports()
    assert "keyring.backends.macOS.api" not in sys.modules
    # a feature module without the hook (another PySide6 version) is left alone
    assert "_mod_uses_pyside" not in vars(sys.modules["shibokensupport.feature"])
