"""Render the app icon into a hicolor icon tree: PNGs of 16 to 256 px and the scalable SVG.

``make bundle`` runs it into ``dist/recorder-gui/share/icons/hicolor``; ``install.sh`` copies
that tree. The PNGs are made from ``recorder_gui/assets/app-icon.svg`` (the icon the window
uses) at build time instead of being committed, so the one SVG stays the only source and they
cannot drift from it. Qt's own SVG renderer does it (PySide6 is in the build venv anyway); no
QApplication and no display are needed.

    .venv/bin/python packaging/linux/render_icons.py OUT_DIR [--svg PATH]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

APP_ID = "io.github.recorder_gui.RecorderGui"
SIZES = (16, 32, 48, 64, 128, 256)
SOURCE = Path(__file__).resolve().parents[2] / "recorder_gui" / "assets" / "app-icon.svg"


def render(out_dir: Path, svg: Path = SOURCE, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Write ``<size>x<size>/apps/<APP_ID>.png`` per size and ``scalable/apps/<APP_ID>.svg``."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can render")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        dest = out_dir / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(dest)):  # PNG, from the suffix
            raise OSError(f"could not write {dest}")
        written.append(dest)
    scalable = out_dir / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="the hicolor folder to fill")
    parser.add_argument("--svg", type=Path, default=SOURCE, help="the source icon")
    args = parser.parse_args(argv)
    for path in render(args.out_dir, args.svg):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
