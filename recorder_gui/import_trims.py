"""Work that third-party imports do at start-up and the app never uses, left out.

Measured with ``python -X importtime`` on the real start, each trim's share by leaving it out
(benchmarks/README.md, "the working window, third pass"). Each trim changes nothing the app
relies on; ``tests/test_import_trims.py`` holds each one to that. ``trim_imports()`` runs
at the top of ``app.main``, before the engine loads; it is safe to call twice, and it never
imports anything itself.
"""

from __future__ import annotations

import sys
import types

__all__ = ["names_pyside", "trim_imports"]


def trim_imports() -> None:
    """Keep the start from paying for three things it never uses."""
    # httpx's command line: ``httpx/__init__`` imports it in a ``try``, and it pulls in
    # ``click`` and, where they are installed, ``rich`` and ``pygments`` (~35 ms). The app
    # never runs ``httpx`` as a command; blocked, httpx defines a stub ``main`` and nothing
    # else changes. (A ``None`` in ``sys.modules`` makes an import raise ImportError.)
    _block("httpx._main")
    # keyring's macOS backend loads Apple's frameworks on import, in a ``try`` that swallows
    # the failure; off macOS that runs ``ctypes.util.find_library`` three times, each a
    # subprocess (~25 ms), and the backend then refuses itself ("macOS required") anyway.
    if sys.platform != "darwin":
        _block("keyring.backends.macOS.api")
    # PySide6's import hook reads the source of every module imported after it, only to know
    # which modules say "PySide6" for its opt-in ``__feature__`` switches (snake_case,
    # true_property), and ``linecache`` keeps every file it read (~15 MB). The app uses no
    # ``__feature__``: asking the module's names instead gives the same answer for every
    # module that imports PySide6 at its top, without reading a file.
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = names_pyside  # type: ignore[attr-defined]


def _block(name: str) -> None:
    """Make ``import name`` raise ImportError, unless it is already imported."""
    if name not in sys.modules:
        sys.modules[name] = None  # type: ignore[assignment]  # the documented way to block


def names_pyside(module: types.ModuleType) -> bool:
    """Whether ``module``'s namespace holds a PySide6 module, class or function."""
    try:
        values = list(vars(module).values())
    except TypeError:  # an object without a ``__dict__`` in ``sys.modules``
        return False
    for value in values:
        name: object
        if isinstance(value, types.ModuleType):
            name = value.__name__
        else:
            try:
                name = getattr(value, "__module__", None)
            except Exception:  # a lazy object whose attributes run code
                continue
        if isinstance(name, str) and (name == "PySide6" or name.startswith("PySide6.")):
            return True
    return False
