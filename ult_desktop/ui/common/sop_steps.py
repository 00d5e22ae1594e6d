"""Time per SOP 003 step against its mutu baku: one table for the back-office desk and
the admin reports page."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from ult_desktop.core.i18n import language, tr
from ult_desktop.core.sop import StepSummary
from ult_desktop.reports.fmt import fmt_dec
from ult_desktop.ui.common.tables import fill_rows, pick_rows


class SopStepsTable(QTableWidget):
    """Step, count, mean minutes, standard time, share within it, how many went over it
    (penyimpangan, as in the monthly report); late steps in red."""

    def __init__(self, parent=None, *, object_name: str = "sop_steps"):
        super().__init__(0, 6, parent, objectName=object_name)
        self.setHorizontalHeaderLabels([
            tr("backoffice.steps.step"), tr("backoffice.steps.count"),
            tr("backoffice.steps.mean"), tr("backoffice.steps.target"),
            tr("backoffice.steps.within"), tr("backoffice.steps.over")])
        pick_rows(self, QAbstractItemView.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)

    def show_steps(self, steps: list[StepSummary]) -> None:
        lang = language()
        rows = fill_rows(self, ([f"{st.number}. {tr(f'backoffice.step.{st.key}')}", st.count,
                                 fmt_dec(st.mean_min, 1, lang) if st.count else "-",
                                 tr("backoffice.steps.minutes", n=st.target_min),
                                 f"{st.within_pct:.0f}%" if st.count else "-",
                                 st.over if st.count else "-"] for st in steps))
        for st, cells in zip(steps, rows, strict=True):
            if st.count and st.within < st.count:  # some over the target: the row red
                for cell in cells:
                    cell.setForeground(QColor("#c62828"))
        self._fit()

    def _fit(self) -> None:
        """Every step at once, no scrolling: rows as tall as their text at this width."""
        self.resizeRowsToContents()
        self.setFixedHeight(self.horizontalHeader().height() + 4 + sum(
            self.rowHeight(r) for r in range(self.rowCount())))

    def resizeEvent(self, event) -> None:  # Qt name
        super().resizeEvent(event)
        # first shown narrower than laid out (a tab's first opening): fit the rows again
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self._fit)  # once the columns took the new width
