"""Simple pictograms for the priority groups, drawn with QPainter (no icon files).

Each is drawn in a 100 x 100 box scaled into the target rectangle: thick round strokes
read well from a distance and at any size."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ult_desktop.core.priority import CHILDREN, DISABILITY, DISASTER, ELDERLY, GROUPS, PREGNANT

__all__ = ["CHILDREN", "DISABILITY", "DISASTER", "ELDERLY", "GROUPS", "PREGNANT",
           "draw_pictogram"]


def _head(p: QPainter, x: float, y: float, r: float) -> None:
    p.save()
    p.setBrush(p.pen().color())
    p.setPen(Qt.NoPen)
    p.drawEllipse(QPointF(x, y), r, r)
    p.restore()


def _lines(p: QPainter, *points: tuple[float, float]) -> None:
    for a, b in zip(points, points[1:], strict=False):
        p.drawLine(QPointF(*a), QPointF(*b))


def _disability(p: QPainter) -> None:
    _head(p, 42, 13, 9)
    _lines(p, (40, 27), (38, 56), (62, 56), (74, 84))
    _lines(p, (39, 38), (60, 40))
    p.drawArc(QRectF(18, 50, 44, 44), 30 * 16, 250 * 16)


def _elderly(p: QPainter) -> None:
    _head(p, 52, 13, 9)
    _lines(p, (50, 27), (42, 58), (32, 92))
    _lines(p, (42, 58), (52, 92))
    _lines(p, (48, 36), (64, 52))
    _lines(p, (64, 52), (68, 94))
    p.drawArc(QRectF(58, 44, 12, 12), 0, 180 * 16)


def _pregnant(p: QPainter) -> None:
    _head(p, 44, 13, 9)
    _lines(p, (44, 27), (42, 62), (36, 94))
    _lines(p, (42, 62), (52, 94))
    _lines(p, (44, 36), (56, 52))
    p.save()
    p.setBrush(p.pen().color())
    p.drawEllipse(QRectF(42, 38, 20, 24))
    p.restore()


def _children(p: QPainter) -> None:
    _head(p, 32, 13, 8)
    _lines(p, (32, 26), (32, 60), (24, 94))
    _lines(p, (32, 60), (40, 94))
    _lines(p, (32, 36), (50, 56))
    _head(p, 68, 46, 7)
    _lines(p, (68, 56), (68, 76), (62, 94))
    _lines(p, (68, 76), (74, 94))
    _lines(p, (68, 62), (50, 56))


def _disaster(p: QPainter) -> None:
    """A house with a crack and a person beside it (korban bencana)."""
    _lines(p, (8, 46), (36, 18), (64, 46))
    _lines(p, (14, 40), (14, 90), (58, 90), (58, 40))
    _lines(p, (36, 24), (30, 44), (40, 56), (32, 72), (38, 90))
    _head(p, 80, 44, 7)
    _lines(p, (80, 54), (80, 74), (74, 92))
    _lines(p, (80, 74), (86, 92))
    _lines(p, (80, 60), (92, 52))


_DRAW = {DISABILITY: _disability, ELDERLY: _elderly, PREGNANT: _pregnant, CHILDREN: _children,
         DISASTER: _disaster}


def draw_pictogram(p: QPainter, rect: QRectF, kind: str, color: QColor | str) -> None:
    """Draw pictogram *kind* centred in *rect* (kept square)."""
    side = min(rect.width(), rect.height())
    if side <= 0:
        return
    p.save()
    p.setRenderHint(QPainter.Antialiasing)
    p.translate(rect.center().x() - side / 2, rect.center().y() - side / 2)
    p.scale(side / 100, side / 100)
    pen = QPen(QColor(color), 7)
    pen.setCapStyle(Qt.RoundCap)
    pen.setJoinStyle(Qt.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.NoBrush)
    _DRAW[kind](p)
    p.restore()
