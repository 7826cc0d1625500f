"""The command line of ``recorder-gui``: what a producer, or a screenshot script, can ask."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recorder-gui", description="Control panel for Agora Cloud Recording."
    )
    parser.add_argument(
        "--demo", action="store_true", help="run against the built-in emulator (no account)"
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="save a PNG (with --demo also <name>-layout.png of the Layout tab) and exit",
    )
    parser.add_argument(
        "--window-size",
        type=_window_size,
        metavar="WxH",
        help="open the window at exactly this size (e.g. 1366x768), for screenshots",
    )
    parser.add_argument("--profile", help="the profile to open")
    return parser


def _window_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdecimal() or not height.isdecimal():
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1366x768")
    size = int(width), int(height)
    if not (640 <= size[0] <= 7680 and 480 <= size[1] <= 4320):
        raise argparse.ArgumentTypeError("a window size is from 640x480 to 7680x4320")
    return size
