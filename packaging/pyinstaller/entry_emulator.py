"""Entry point of the bundled ``recorder-gui-emulator`` executable (the emulator alone)."""

from __future__ import annotations

import sys

from recorder_gui.emulator.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
