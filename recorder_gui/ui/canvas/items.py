"""Graphics items of the canvas: the background (colour, grid, thirds), regions and ghosts.

Scene coordinates are canvas pixels (the transcoding width x height). Items only draw what
the scene tells them; moving and resizing are done by the tools through the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from recorder_gui.layout import Layout, Region, RenderMode

ACCENT = QColor("#4da3ff")
PRESENT = QColor("#3ddc84")
ABSENT = QColor("#ffb74d")
_GOLDEN = 0.618033988749895


def uid_color(uid: str | None) -> QColor:
    """A stable, distinct hue per uid (grey for a region that takes the next user)."""
    if uid is None:
        return QColor("#8a8f98")
    seed = sum((i + 1) * ord(c) for i, c in enumerate(uid))
    hue = (seed * _GOLDEN) % 1.0
    return QColor.fromHsvF(hue, 0.62, 0.95)


def _screen_scale(painter: QPainter) -> float:
    scale = painter.worldTransform().m11()
    return scale if scale > 1e-6 else 1.0


def _font(pixels: float, scale: float, bold: bool = False) -> QFont:
    # Scene units are canvas pixels: divide by the zoom to draw ``pixels`` tall on screen.
    font = QFont()
    font.setPixelSize(max(1, round(pixels / scale)))
    font.setBold(bold)
    return font


class BackgroundItem(QGraphicsItem):
    """The canvas: background colour, a faint grid, rule-of-thirds guides and image note."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-1000)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._rect = QRectF(0, 0, 360, 640)
        self._color = QColor("#000000")
        self._image: str | None = None
        self.show_grid = True

    def set_layout(self, layout: Layout) -> None:
        rect = QRectF(0, 0, layout.canvas_width, layout.canvas_height)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        color = QColor(layout.background_color)
        if (color, layout.background_image) != (self._color, self._image):
            self._color = color
            self._image = layout.background_image
            self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._rect
        painter.fillRect(r, self._color)
        light = self._color.lightnessF() < 0.5
        ink = QColor(255, 255, 255) if light else QColor(0, 0, 0)
        if self.show_grid:
            ink.setAlpha(22)
            pen = QPen(ink, 0)
            painter.setPen(pen)
            step = max(r.width(), r.height()) / 16
            x = step
            while x < r.width():
                painter.drawLine(QPointF(x, 0), QPointF(x, r.height()))
                x += step
            y = step
            while y < r.height():
                painter.drawLine(QPointF(0, y), QPointF(r.width(), y))
                y += step
            ink.setAlpha(70)
            pen = QPen(ink, 0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for k in (1, 2):
                painter.drawLine(
                    QPointF(r.width() * k / 3, 0), QPointF(r.width() * k / 3, r.height())
                )
                painter.drawLine(
                    QPointF(0, r.height() * k / 3), QPointF(r.width(), r.height() * k / 3)
                )
        if self._image:
            scale = _screen_scale(painter)
            painter.setFont(_font(11, scale))
            ink.setAlpha(150)
            painter.setPen(ink)
            note = QRectF(
                r.x() + 6 / scale, r.bottom() - 20 / scale, r.width() - 12 / scale, 16 / scale
            )
            text = QFontMetricsF(painter.font()).elidedText(
                "background image: " + self._image, Qt.TextElideMode.ElideMiddle, note.width()
            )
            painter.drawText(
                note, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
        painter.setPen(QPen(QColor(255, 255, 255, 90), 0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(r)


class RegionItem(QGraphicsItem):
    """One region (or, with ``preview``, one box a preset will show) drawn with its labels."""

    def __init__(self, index: int, preview: bool = False) -> None:
        super().__init__()
        self.index = index
        self.preview = preview
        self.region: Region | None = None
        self.present = False
        self.drop_target = False
        self._size = QRectF()
        # Drawn once per look and zoom; a drag frame moves the cached picture.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        if not preview:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
            self.setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    # -- what the scene sets ------------------------------------------------------------------
    def set_region(self, region: Region, canvas_w: int, canvas_h: int, z: float) -> None:
        """Place the item; a pure move only moves the cached picture (no repaint of labels)."""
        old = self.region
        size = QRectF(0, 0, region.width * canvas_w, region.height * canvas_h)
        if size != self._size:
            self.prepareGeometryChange()
            self._size = size
        self.setPos(region.x * canvas_w, region.y * canvas_h)
        if z != self.zValue():
            self.setZValue(z)
        self.region = region
        looks = (region.uid, region.alpha, region.render_mode)
        if old is None or looks != (old.uid, old.alpha, old.render_mode):
            self.update()

    def set_present(self, present: bool) -> None:
        if present != self.present:
            self.present = present
            self.update()

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    # -- painting -----------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._size.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        region = self.region
        if region is None:
            return
        r = self._size
        scale = _screen_scale(painter)
        base = uid_color(region.uid)
        fill = QColor(base)
        fill.setAlphaF(0.14 + 0.36 * region.alpha if not self.preview else 0.18)
        painter.fillRect(r, fill)
        selected = self.isSelected()
        if self.drop_target:
            pen = QPen(QColor("#ffffff"), 3 / scale, Qt.PenStyle.DashLine)
        elif selected:
            pen = QPen(ACCENT, 2.5 / scale)
        elif self.preview:
            pen = QPen(base.lighter(120), 1.5 / scale, Qt.PenStyle.DashLine)
        else:
            pen = QPen(base, 1.5 / scale)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = pen.widthF() / 2
        painter.drawRect(r.adjusted(inset, inset, -inset, -inset))
        self._paint_labels(painter, region, r, scale)

    def _paint_labels(self, painter: QPainter, region: Region, r: QRectF, scale: float) -> None:
        pad = 5 / scale
        width_px = r.width() * scale
        height_px = r.height() * scale
        if width_px < 28 or height_px < 18:
            return
        # Top-left: stacking index; top-right: presence dot.
        painter.setFont(_font(10, scale))
        painter.setPen(QColor(255, 255, 255, 200))
        tag = f"#{self.index + 1}" + ("  preview" if self.preview else "")
        painter.drawText(
            QRectF(r.x() + pad, r.y() + pad * 0.6, r.width() - 2 * pad, 14 / scale),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            tag,
        )
        dot = PRESENT if self.present else ABSENT if region.uid else QColor("#8a8f98")
        radius = 4 / scale
        centre = QPointF(r.right() - pad - radius, r.y() + pad + radius)
        painter.setBrush(dot if self.present else Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(dot, 1.5 / scale))
        painter.drawEllipse(centre, radius, radius)
        # Centre: uid and presence on a dark pill, legible over any colour.
        uid = region.uid if region.uid is not None else "next user"
        big = min(18.0, max(10.0, height_px / 5))
        bold = _font(big, scale, bold=True)
        small = _font(10, scale)
        state, ink = ("in channel", PRESENT) if self.present else ("not in channel", ABSENT)
        if region.uid is None:
            state, ink = "takes the next user", QColor(255, 255, 255, 180)
        two_lines = height_px >= 52
        uid_w = QFontMetricsF(bold).horizontalAdvance(uid)
        state_w = QFontMetricsF(small).horizontalAdvance(state) if two_lines else 0.0
        pill_w = min(max(uid_w, state_w) + 16 / scale, r.width() - 2 * pad)
        pill_h = (big * 1.35 + (15 if two_lines else 0) + 6) / scale
        pill = QRectF(r.center().x() - pill_w / 2, r.center().y() - pill_h / 2, pill_w, pill_h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(10, 12, 16, 150))
        painter.drawRoundedRect(pill, 6 / scale, 6 / scale)
        painter.setFont(bold)
        painter.setPen(QColor("#ffffff"))
        line = QRectF(pill.x(), pill.y() + 3 / scale, pill.width(), big * 1.35 / scale)
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignCenter,
            QFontMetricsF(bold).elidedText(uid, Qt.TextElideMode.ElideRight, pill.width()),
        )
        if two_lines:
            painter.setFont(small)
            painter.setPen(ink)
            below = QRectF(pill.x(), line.bottom(), pill.width(), 14 / scale)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, state)
        if height_px >= 40 and not self.preview:
            painter.setFont(_font(10, scale))
            painter.setPen(QColor(255, 255, 255, 190))
            mode = "fit" if region.render_mode is RenderMode.FIT else "crop"
            if region.alpha < 1.0:
                mode = f"{round(region.alpha * 100)} % opaque · {mode}"
            foot = QRectF(r.x() + pad, r.bottom() - 16 / scale, r.width() - 2 * pad, 14 / scale)
            painter.drawText(
                foot,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                mode,
            )


class GhostItem(QGraphicsItem):
    """Dashed outlines of where changed regions sit in the applied layout (Live off)."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(900)
        self._rects: list[QRectF] = []
        self._bounds = QRectF()

    def set_rects(self, rects: list[QRectF]) -> None:
        self.prepareGeometryChange()
        self._rects = rects
        bounds = QRectF()
        for rect in rects:
            bounds = bounds.united(rect)
        self._bounds = bounds.adjusted(-3, -3, 3, 3)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scale = _screen_scale(painter)
        painter.setPen(QPen(QColor("#ffd54f"), 1.5 / scale, Qt.PenStyle.DotLine))
        painter.setBrush(QBrush(QColor(255, 213, 79, 25)))
        for rect in self._rects:
            painter.drawRect(rect)


SNAP_COLOR = QColor("#ff4fd8")


class SnapLinesItem(QGraphicsItem):
    """The guide lines the current gesture snapped to, drawn across the whole canvas."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1100)
        self._canvas = QRectF()
        self.x_line: float | None = None
        self.y_line: float | None = None

    def set_canvas(self, width: int, height: int) -> None:
        self.prepareGeometryChange()
        self._canvas = QRectF(0, 0, width, height)

    def show_lines(self, x: float | None, y: float | None) -> None:
        if (x, y) != (self.x_line, self.y_line):
            self.x_line, self.y_line = x, y
            self.update()

    def clear(self) -> None:
        self.show_lines(None, None)

    def boundingRect(self) -> QRectF:
        return self._canvas.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.x_line is None and self.y_line is None:
            return
        scale = painter.worldTransform().m11() or 1.0
        painter.setPen(QPen(SNAP_COLOR, 1.5 / scale))
        c = self._canvas
        if self.x_line is not None:
            painter.drawLine(QPointF(self.x_line, c.top()), QPointF(self.x_line, c.bottom()))
        if self.y_line is not None:
            painter.drawLine(QPointF(c.left(), self.y_line), QPointF(c.right(), self.y_line))
