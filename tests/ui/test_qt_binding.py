"""Guard against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every Qt call that
returns nothing; a few thousand calls later the interpreter aborts ("none_dealloc").
pyproject pins PySide6 below 6.12; this test fails loudly if a bad build comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_keep_none_alive() -> None:
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(500):
        obj.setObjectName("x")
    after = sys.getrefcount(None)
    assert after >= before - 50, f"None lost {before - after} references in 500 Qt calls"
