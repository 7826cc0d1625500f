"""The command line of ``recorder-gui``: what a producer, or a screenshot script, can ask."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from recorder_gui import distribution_version

__all__ = ["build_parser", "version_text"]

DESCRIPTION = """\
A desktop control panel for Agora Cloud Recording: start and stop recordings, watch them
live and re-arrange the mixed video while the show is on air.

Run it with no options to open the panel with your saved profiles (the first run asks for
one: App ID, Customer ID and Secret, and where recordings are stored). Secrets go to the
system keyring when there is one; otherwise they are kept for this run only, and the
window says so."""

EPILOG = """\
examples:
  recorder-gui
      open the panel with the profile you used last
  recorder-gui --demo
      try everything with no account: a built-in emulator of the service, a demo
      channel whose users come and go, nothing saved to your keyring or profiles
  recorder-gui --profile studio-b
      open the panel on the profile named "studio-b"
  QT_QPA_PLATFORM=offscreen recorder-gui --demo --screenshot shot.png --window-size 1366x768
      render the demo window at 1366x768 to shot.png (and shot-layout.png), no display needed

The emulator alone: recorder-gui-emulator --help. The webhook relay (from the Python
package): recorder-gui-relay --help.
"""


def version_text(prog: str = "recorder-gui") -> str:
    """``recorder-gui 0.1.0``: what ``--version`` prints."""
    return f"{prog} {distribution_version()}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recorder-gui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in emulator of the service on this computer: no account, "
        "no network, nothing written to your keyring or profile folder",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="save a PNG of the window to PATH and quit; with --demo it first starts demo "
        "recordings and also saves the other tabs beside it (shot.png -> shot-layout.png); "
        "works without a display when QT_QPA_PLATFORM=offscreen is set",
    )
    parser.add_argument(
        "--window-size",
        type=_window_size,
        metavar="WxH",
        help="open the window at exactly this size in pixels, e.g. 1366x768 (from 640x480 to "
        "7680x4320); handy with --screenshot",
    )
    parser.add_argument(
        "--color-scheme",
        choices=("light", "dark"),
        help="use a light or a dark palette instead of the system's (which the window follows "
        "by default, also when it changes while the app runs)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="open this saved profile instead of the one used last (ignored with --demo)",
    )
    parser.add_argument("--version", action=VersionAction, help="print the version and exit")
    return parser


class VersionAction(argparse.Action):
    """``--version``: looks the version up only when asked (start-up stays fast)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sys.stdout.write(version_text(parser.prog) + "\n")
        sys.stdout.flush()
        parser.exit()


def _window_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdecimal() or not height.isdecimal():
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1366x768")
    size = int(width), int(height)
    if not (640 <= size[0] <= 7680 and 480 <= size[1] <= 4320):
        raise argparse.ArgumentTypeError("a window size is from 640x480 to 7680x4320")
    return size
