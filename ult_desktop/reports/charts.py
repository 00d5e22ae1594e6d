"""Charts for the PDF report (reportlab.graphics): bars a supervisor reads at a glance."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from ult_desktop.reports.fonts import BOLD, REGULAR

PRIMARY = colors.HexColor("#1565c0")
ACCENT = colors.HexColor("#ef6c00")
MUTED = colors.HexColor("#90a4ae")
GRID = colors.HexColor("#e0e0e0")


def _nice_max(value: float) -> tuple[float, float]:
    """A round axis maximum >= *value* and its step (about five gridlines)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * magnitude
        if step >= raw:
            break
    return step * math.ceil(value / step), step


def decimal_comma(places: int, sep: str = ","):
    """A label formatter writing ``3,19`` (Indonesian decimal comma; *sep* "." for English)."""

    def fmt(value: float) -> str:
        return f"{value:.{places}f}".replace(".", sep)

    return fmt


def thousands(sep: str = ","):
    """A label formatter for whole numbers: ``2.000`` (Indonesian) or ``2,000``."""
    group = "." if sep == "," else ","

    def fmt(value: float) -> str:
        return f"{round(value):,}".replace(",", group)

    return fmt


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    drawing.add(String(0, height - 11, text, fontName=BOLD, fontSize=9,
                       fillColor=colors.HexColor("#263238")))


def _axes(chart, category_size: float) -> None:
    """A bar chart's axes in the house look: small labels, muted lines, a light grid."""
    for axis, size in ((chart.categoryAxis, category_size), (chart.valueAxis, 6)):
        axis.labels.fontName, axis.labels.fontSize = REGULAR, size
        axis.strokeColor = MUTED
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, GRID


def vertical_bars(labels: Sequence[str], series: Sequence[Sequence[float]], *, title: str,
                  width: float, height: float, series_colors: Sequence = (PRIMARY,),
                  legend: Sequence[str] = (), integer: bool = True, sep: str = ",") -> Drawing:
    """Bars per category; several series side by side."""
    d = Drawing(width, height)
    _title(d, title, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 22
    chart.width = width - 36 - (90 if legend else 0)
    chart.height = height - 48
    chart.data = [list(s) for s in series]
    chart.categoryAxis.categoryNames = list(labels)
    _axes(chart, 6 if len(labels) > 16 else 7)
    top, step = _nice_max(max((v for s in series for v in s), default=0) * 1.1)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labelTextFormat = thousands(sep) if integer else decimal_comma(0, sep)
    chart.groupSpacing = 3 if len(labels) > 16 else 6
    chart.barSpacing = 1
    for i, color in enumerate(series_colors):
        chart.bars[i].fillColor = color
        chart.bars[i].strokeColor = None
    chart.barLabelFormat = thousands(sep) if integer else decimal_comma(1, sep)
    chart.barLabels.fontSize = 5.5 if len(labels) > 16 else 6.5
    chart.barLabels.fontName = REGULAR
    chart.barLabels.nudge = 5
    d.add(chart)
    if legend:
        _legend(d, legend, series_colors, x=width - 85, y=height - 30)
    return d


def horizontal_bars(labels: Sequence[str], values: Sequence[float], *, title: str,
                    width: float, height: float, bar_colors: Sequence | None = None,
                    value_max: float | None = None, value_min: float = 0,
                    value_format: str | Callable = "%d", value_step: float | None = None,
                    marker: float | None = None,
                    label_width: float = 150, sep: str = ",") -> Drawing:
    """One bar per label, largest label at the top; optional vertical marker line."""
    d = Drawing(width, height)
    _title(d, title, width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 18
    chart.width = width - label_width - 30
    chart.height = height - 40
    # HorizontalBarChart draws the first category at the bottom; reverse to read top-down
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    _axes(chart, 7)
    chart.categoryAxis.labels.boxAnchor = "e"
    if value_max is None:
        top, step = _nice_max(max(values, default=0) * 1.15)
    else:
        top, step = value_max, value_step or _nice_max(value_max - value_min)[1]
    step = value_step or step
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = value_min, top
    chart.valueAxis.valueStep = step
    if step != int(step):
        chart.valueAxis.labelTextFormat = decimal_comma(1, sep)
    chart.bars[0].fillColor = PRIMARY
    chart.bars[0].strokeColor = None
    if bar_colors:
        for i, color in enumerate(reversed(list(bar_colors))):
            chart.bars[(0, i)].fillColor = color
    chart.barLabelFormat = value_format
    chart.barLabels.fontSize = 7
    chart.barLabels.fontName = REGULAR
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    if marker is not None and value_min <= marker <= top:
        x = chart.x + chart.width * (marker - value_min) / (top - value_min)
        d.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=ACCENT,
                   strokeWidth=1, strokeDashArray=(3, 2)))
    return d


def _legend(d: Drawing, names: Sequence[str], series_colors: Sequence, *, x: float,
            y: float) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.alignment = "right"
    legend.columnMaximum = 4
    legend.dx = legend.dy = 7
    legend.colorNamePairs = list(zip(series_colors, names, strict=False))
    d.add(legend)
