"""The programs ``bench_ui.py`` starts and times, each in a new interpreter: a bare PySide6
window, the floors (the bare window and the product's libraries, nothing of ours; the app's
shell and those libraries) and the real start of ``recorder-gui``. Each prints two lines of
"wall-seconds-since-t0 cpu-seconds": at its first paint and when it works."""

from __future__ import annotations

# How both children see the first paint: the first Paint event of the first top-level widget.
# The filter is application-wide only until that widget gets its first event (in its
# constructor), then it filters that window alone. A Python filter on the whole application
# would make PySide wrap every object that gets an event, and the first one of a class PySide
# does not export (the ``QGestureManager`` that a scroll area makes) makes it create every class
# of every loaded Qt module with their enums: about 160 enum types, 30-40 ms, that only a window
# with a scroll area pays, and only while it is measured (``app.paint_now`` watches its window
# alone). The bare window has no such object: an application-wide filter was unfair to the app.
FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
class FirstPaint(QObject):
    def __init__(self, app, then):
        super().__init__()
        self.app, self.then, self.on_window = app, then, False
        app.installEventFilter(self)
    def eventFilter(self, obj, ev):
        if not self.on_window and obj.isWidgetType() and obj.isWindow():
            self.app.removeEventFilter(self)
            obj.installEventFilter(self)  # from now on, this window's events only
            self.on_window = True
        if self.on_window and ev.type() == QEvent.Type.Paint:
            print(time.time() - t0, time.process_time()); sys.stdout.flush()
            obj.removeEventFilter(self)
            self.then()
        return False
"""
# A bare PySide6 window: the baseline every figure is a ratio of. Its size is the app's first
# window's (``main_window.first_size``: 1440x880, or less on a smaller screen, as offscreen's
# 800x800): a bigger window takes longer to paint (about 1 ms more at 1440x880 offscreen).
_BARE_WINDOW = """
import os, sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
room = app.primaryScreen().availableGeometry()
w = QWidget(); w.resize(min(1440, room.width()), min(880, room.height()))
"""
BARE = (
    _BARE_WINDOW
    + """
def after_paint():
    app.processEvents()
    print(time.time() - t0, time.process_time()); sys.stdout.flush(); os._exit(0)
"""
    + FIRST_PAINT
    + """
f = FirstPaint(app, lambda: QTimer.singleShot(0, after_paint)); w.show(); app.exec()
"""
)
# The floor of any window built as the product is (a PySide6 window on a qasync loop, an async
# httpx client, pydantic models, secrets in the OS keyring): the bare window, then, after its
# paint, only those libraries imported (with the app's import trims), one pydantic model
# validated, keyring's backend chosen, a qasync loop run once. No window content, no code of
# ours: what "working" cannot cost less than, whatever the app does. ``--floors`` also measures
# it with fewer libraries (``FLOORS``): what a window that loaded a library later could save.
FLOOR_LIBRARIES = ("httpx", "keyring", "pydantic")
#: The floors ``--floors`` measures: qasync alone, then with each library the window needs to
#: show a saved profile (its models, its keyring), then all of them.
FLOORS: tuple[tuple[str, ...], ...] = (
    (),
    ("keyring",),
    ("pydantic",),
    ("keyring", "pydantic"),
    FLOOR_LIBRARIES,
)
_USES = {
    "pydantic": 'class Model(pydantic.BaseModel):\n    name: str\nModel(name="x")\n',
    "keyring": "keyring.get_keyring()\n",
}


def _libraries_then_ready(libraries: tuple[str, ...]) -> str:
    """After the paint: qasync and ``libraries`` (of ``FLOOR_LIBRARIES``) imported and used
    once, then one turn of a qasync loop, and the working line printed."""
    unknown = set(libraries) - set(FLOOR_LIBRARIES)
    if unknown:
        raise ValueError(f"not a floor library: {', '.join(sorted(unknown))}")
    return (
        f"import {', '.join(['asyncio', *sorted(libraries), 'qasync'])}\n"
        + "".join(_USES.get(name, "") for name in sorted(libraries))
        + """async def ready():
    await asyncio.sleep(0)
    print(time.time() - t0, time.process_time()); sys.stdout.flush(); os._exit(0)
with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
    runner.run(ready())
"""
    )


def floor_code(libraries: tuple[str, ...] = FLOOR_LIBRARIES) -> str:
    """The floor child's code with ``libraries`` (of ``FLOOR_LIBRARIES``) and qasync."""
    return (
        _BARE_WINDOW
        + FIRST_PAINT
        + """
painted = []
f = FirstPaint(app, lambda: painted.append(True)); w.show()
while not painted:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
from recorder_gui.import_trims import trim_imports
trim_imports()
"""
        + _libraries_then_ready(libraries)
    )


#: The lowest a window that paints as the app does (its style, its shell) can cost before it
#: shows a saved profile: the app's shell painted as ``main`` paints it, then only qasync,
#: keyring and pydantic (a profile's models, its secrets), no panel, no file read. ``--floors``.
SHELL_FLOOR = (
    """
import os, sys, time
t0 = float(sys.argv[1])
from recorder_gui.import_trims import trim_imports
trim_imports()
from PySide6.QtWidgets import QApplication
from recorder_gui.app import paint_now
from recorder_gui.ui.main_window import MainWindow
from recorder_gui.ui.style import apply_style
app = QApplication(["recorder-gui"])
apply_style(app, None, icon=False)
"""
    + FIRST_PAINT
    + """
f = FirstPaint(app, lambda: None)
paint_now(MainWindow(shell=True))
"""
    + _libraries_then_ready(("keyring", "pydantic"))
)


def floor_children(breakdown: bool) -> dict[str, str]:
    """The floors to measure, by name: the full floor alone, or with ``breakdown`` each of
    ``FLOORS`` and the app's shell floor."""
    floors = FLOORS if breakdown else (FLOOR_LIBRARIES,)
    children = {
        "bare + qasync" + "".join(f", {name}" for name in sorted(libraries)): floor_code(libraries)
        for libraries in floors
    }
    if breakdown:
        children["the app's shell painted + qasync, keyring, pydantic"] = SHELL_FLOOR
    return children


# The real start of ``recorder-gui`` (the script runs ``recorder_gui.app:main``): arguments,
# style, the window shell painted; then the panels, the qasync loop, the user context (profile
# store, OS keyring, journal, engine and its HTTP client), the bridges and the controller.
# "Working" is when ``main_async`` hands the wired controller to ``on_ready``, plus one turn of
# the loop (as the bare window gets one ``processEvents`` after its paint).
APP = (
    """
import os, sys, time
t0 = float(sys.argv[1])
from recorder_gui.app import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["recorder-gui"])
"""
    + FIRST_PAINT
    + """
f = FirstPaint(app, lambda: None)
def ready(controller):
    def done():
        print(time.time() - t0, time.process_time()); sys.stdout.flush(); os._exit(0)
    QTimer.singleShot(0, done)
main(sys.argv[2:], on_ready=ready)
"""
)
