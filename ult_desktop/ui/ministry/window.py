"""The comparison's window: a folder of packs and the directorate's registry chosen, one
figure per office and month beside the province and national medians, its chart, the
packs not counted each in its sentence, and the PDF and XLSX saved. The packs are read,
checked and written on a worker thread, never on the GUI thread."""

from __future__ import annotations

import logging
import math
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QWidget,
)

from ult_desktop.core.i18n import language, tr
from ult_desktop.core.pack import Comparison
from ult_desktop.reports import ministry
from ult_desktop.ui.common.boxes import hbox, path_row, vbox
from ult_desktop.ui.common.combos import combo, refill
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.tables import fill_rows, pick_rows

MUTED, MEDIAN, CHOSEN = QColor("#b0bec5"), QColor("#ef6c00"), QColor("#1565c0")


def _axis(low: float, high: float) -> tuple[float, float]:
    """A round bottom and top of the chart's scale holding *low* .. *high* (from 0 unless
    the values lie far above it: an index of 70-90 is not drawn flat)."""
    span = max(high - (0 if low < high / 2 else low), 1e-9)
    step = next(m * 10 ** math.floor(math.log10(span / 4)) for m in (1, 2, 2.5, 5, 10)
                if m * 10 ** math.floor(math.log10(span / 4)) >= span / 4)
    bottom = 0 if low < high / 2 else step * math.floor(low / step)
    return bottom, max(bottom + step, step * math.ceil(high / step))


class Chart(QWidget):
    """One figure over the months: every office thin and grey, the chosen office blue,
    the national median bold orange (painted: no chart module needed)."""

    def __init__(self) -> None:
        super().__init__()
        self.c: Comparison | None = None
        self.key, self.chosen = "visitors", None
        self.setMinimumHeight(160)

    def show_figure(self, c: Comparison, key: str, chosen: str | None) -> None:
        self.c, self.key, self.chosen = c, key, chosen
        self.update()

    def paintEvent(self, _event) -> None:
        c = self.c
        if c is None or not c.months:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        lines = {o.code: [c.value(o.code, m, self.key) for m in c.months] for o in c.offices}
        median = [c.median(self.key, m) for m in c.months]
        values = [v for line in [*lines.values(), median] for v in line if v is not None]
        low, top = _axis(min(values, default=0), max(values, default=1))
        left, right, up, down = 64, 36, 28, 28
        w, h = self.width() - left - right, self.height() - up - down

        def at(i: int, v: float) -> QPointF:
            x = left + (w * i / max(1, len(c.months) - 1) if len(c.months) > 1 else w / 2)
            return QPointF(x, up + h - h * (v - low) / (top - low))

        for n in range(5):
            y = int(up + h * n / 4)
            p.setPen(QColor("#e0e0e0"))
            p.drawLine(left, y, left + w, y)
            p.setPen(QColor("#546e7a"))
            p.drawText(4, y + 5, ministry.shown(self.key, low + (top - low) * (4 - n) / 4,
                                                language()))
        step = max(1, len(c.months) // 12)
        for i, m in enumerate(c.months[::step]):
            p.drawText(QPointF(at(i * step, low).x() - 18, up + h + 18),
                       ministry.month_label(m, language()))
        for code, line in sorted(lines.items(), key=lambda kv: kv[0] == self.chosen):
            self._line(p, at, line, CHOSEN if code == self.chosen else MUTED,
                       3 if code == self.chosen else 1)
        self._line(p, at, median, MEDIAN, 3)
        p.setPen(QColor("#263238"))
        p.setFont(QFont(p.font().family(), p.font().pointSize(), QFont.Bold))
        office = next((o.name for o in c.offices if o.code == self.chosen), None)
        p.drawText(left, 18, tr("ministry.window.legend", figure=ministry.label(self.key)) +
                   (" · " + tr("ministry.window.legend_office", office=office) if office else ""))
        p.end()

    @staticmethod
    def _line(p: QPainter, at, line: list, color: QColor, width: int) -> None:
        p.setPen(QPen(color, width))
        points = [at(i, v) for i, v in enumerate(line) if v is not None]
        for a, b in zip(points, points[1:], strict=False):
            p.drawLine(a, b)
        for point in points if width > 1 else ():
            p.drawEllipse(point, 2.5, 2.5)


class MinistryWindow(QMainWindow):
    def __init__(self, folder: str | None = None, registry: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle(tr("ministry.window.title"))
        self.c: Comparison | None = None
        self.folder, self.registry = QLineEdit(folder or ""), QLineEdit(registry or "")
        files = []
        for key, edit, pick in (
                ("folder", self.folder, lambda shown: QFileDialog.getExistingDirectory(
                    self, tr("ministry.window.folder"), shown)),
                ("registry", self.registry, lambda shown: QFileDialog.getOpenFileName(
                    self, tr("ministry.window.registry"), shown, "CSV (*.csv)")[0])):
            edit.editingFinished.connect(self.load)
            files += [QLabel(tr(f"ministry.window.{key}")),
                      (path_row(edit, tr("ministry.window.choose"), pick, self.load), 1)]
        self.figure = combo([])
        self.figure.currentIndexChanged.connect(self.show_figure)
        self.status = QLabel(tr("ministry.window.start"), wordWrap=True)
        self.buttons = [QPushButton(tr(f"ministry.window.{k}"), enabled=False,
                                    clicked=lambda _=False, k=k: self.save(k))
                        for k in ("pdf", "xlsx")]
        split = QSplitter(Qt.Vertical)
        self.table = pick_rows(QTableWidget(0, 0))
        self.table.itemSelectionChanged.connect(self._chart)
        self.chart = Chart()
        self.refused = QListWidget()
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color:#b71c1c;")
        for widget in (self.table, self.chart, self.refused):
            split.addWidget(widget)
        split.setSizes([500, 280, 120])
        body = QWidget()
        vbox(hbox(*files), hbox(QLabel(tr("ministry.window.figure")), self.figure,
                                (self.status, 1), *self.buttons), (split, 1), on=body)
        self.setCentralWidget(body)
        self.resize(1280, 760)
        if folder and registry:
            self.load()

    def _work(self, fn, *args, done, **kwargs) -> None:
        """*fn(*args)* off the GUI thread; *done(result or the error)* back on it."""
        off_gui(fn, *args, done=done, failed=lambda exc: (  # said on the screen
            logging.getLogger(__name__).error("ministry view: %s", exc), done(exc)),
            parent=self, **kwargs)

    def load(self) -> None:
        folder, registry = self.folder.text().strip(), self.registry.text().strip()
        if not (folder and registry):
            return
        self.status.setText(tr("ministry.window.loading"))
        self._work(ministry.compare_folder, folder, registry, done=self._loaded)

    def _loaded(self, c) -> None:
        if isinstance(c, Exception):
            self.status.setText(str(c) if isinstance(c, ministry.CannotRead)
                                else tr("report.error.cannot_write", path=self.folder.text()))
            return
        self.c = c
        self.status.setText(ministry.summary(c))
        self.refused.clear()
        self.refused.addItems([ministry.refusal(r) for r in c.refused] or
                              [tr("ministry.window.all_counted")])
        self.refused.setStyleSheet("color:#b71c1c;" if c.refused else "color:#2e7d32;")
        refill(self.figure, ((ministry.label(k), k) for k in c.keys()))  # visitors first
        for b in self.buttons:
            b.setEnabled(True)
        self.show_figure()

    def show_figure(self) -> None:
        c, key = self.c, self.figure.currentData()
        if c is None or key is None:
            return
        lang = language()
        rows = ministry.rows(c, key, lang)
        head = [tr("ministry.col.province"), tr("ministry.col.code"), tr("ministry.col.office"),
                *(ministry.month_label(m, lang) for m in c.months)]
        self.table.setColumnCount(len(head))
        self.table.setHorizontalHeaderLabels(head)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, items in enumerate(fill_rows(self.table, rows)):
            for col, item in enumerate(items):
                if col > 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if r >= len(c.offices):
                    item.setFont(bold)
                    item.setBackground(QColor("#fff3e0"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self._chart()

    def _chart(self) -> None:
        if self.c is None:
            return
        row = self.table.currentRow()
        chosen = self.c.offices[row].code if 0 <= row < len(self.c.offices) else None
        self.chart.show_figure(self.c, self.figure.currentData() or "visitors", chosen)

    def save(self, kind: str) -> None:
        if self.c is None:
            return
        start = str(Path(self.folder.text()) / f"perbandingan-ult.{kind}")
        path, _ = QFileDialog.getSaveFileName(self, tr(f"ministry.window.{kind}"), start,
                                              f"{kind.upper()} (*.{kind})")
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str) -> None:
        build = ministry.build_pdf if kind == "pdf" else ministry.build_xlsx
        self._work(build, self.c, path, lang=language(), done=lambda out: self.status.setText(
            tr("report.error.cannot_write", path=path) if isinstance(out, Exception)
            else tr("ministry.window.saved", path=out)))
