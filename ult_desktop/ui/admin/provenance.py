"""Where a number comes from: a month, a figure of its report, and the signed acts behind
it (``reports.provenance``: ``check``'s replay, only acts the judge lets stand), with an
export to CSV. The replay runs on the station's worker; choosing a figure reads nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QCompleter, QFileDialog, QLabel

from ult_desktop.app.paths import beside_database
from ult_desktop.core.dates import month_range, office_today
from ult_desktop.core.i18n import language, tr
from ult_desktop.core.settings import SETTINGS
from ult_desktop.reports import provenance
from ult_desktop.reports.fmt import month_name
from ult_desktop.ui.admin import base
from ult_desktop.ui.admin.audit import kind_label
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.common.combos import combo, refill, select
from ult_desktop.ui.common.tables import fill_rows, list_table

#: Months offered, the running one first.
MONTHS_BACK = 36
#: Acts listed on screen at most (the CSV holds every one).
SHOWN = 2000


class ProvenancePage(base.Page):
    title_key = "admin.page.provenance"

    def __init__(self, station, parent=None, today: date | None = None):
        super().__init__(station, parent)
        self.month_figures: provenance.MonthFigures | None = None
        today = today or office_today(SETTINGS["timezone"].default)
        self.month = combo([
            (f"{month_name(first.month, language())} {first.year}", f"{first:%Y-%m}")
            for first, _ in (month_range(today, n) for n in range(MONTHS_BACK))])
        self.figure = combo([])  # typed in: the figures whose name holds the words
        self.figure.setEditable(True)
        self.figure.setInsertPolicy(QComboBox.NoInsert)
        self.figure.completer().setFilterMode(Qt.MatchContains)
        self.figure.completer().setCompletionMode(QCompleter.PopupCompletion)
        self.figure.setMinimumContentsLength(40)
        self.figure.currentIndexChanged.connect(lambda _: self.show_figure())
        self.count_button = base.button(tr("prov.show"), self.load, primary=True)
        self.export_button = base.button(tr("prov.export"), self.browse_export, enabled=False)
        self.body.addWidget(QLabel(tr("prov.intro"), wordWrap=True))
        self.body.addLayout(hbox(QLabel(tr("prov.month")), self.month, self.count_button,
                                 QLabel(tr("prov.figure")), (self.figure, 1),
                                 self.export_button))
        self.summary = QLabel(wordWrap=True, objectName="provSummary",
                              styleSheet="font-size:15px;font-weight:bold;")
        self.body.addWidget(self.summary)
        self.table = list_table([tr(f"prov.col.{c}") for c in provenance.ACT_COLUMNS],
                                fit_contents=False, stretch=(3,),
                                selection=QAbstractItemView.ExtendedSelection)
        self.body.addWidget(self.table, 1)

    fetch = staticmethod(provenance.explain_month)

    def fetch_args(self) -> tuple:
        return (self.month.currentData(),)

    def load(self) -> None:
        self.count_button.setEnabled(False)
        self.run(self.fetch, *self.fetch_args(), done=self._loaded,
                 failed=lambda _: self.count_button.setEnabled(True),
                 busy_text=tr("prov.counting"))

    def show_data(self, data: provenance.MonthFigures) -> None:
        self.count_button.setEnabled(True)
        self.set_status("")
        self.month_figures = data
        refill(self.figure, ((f"{fig.label} = {fig.shown}", fig.key)
                             for fig in data.figures.values()))
        self.show_figure()

    def choose(self, key: str) -> None:
        select(self.figure, key)

    def show_figure(self) -> None:
        data, key = self.month_figures, self.figure.currentData()
        fig = data.figures.get(key) if data is not None else None
        self.export_button.setEnabled(fig is not None)
        if fig is None:
            self.summary.setText("")
            self.table.setRowCount(0)
            return
        self.summary.setText(provenance.summary_text(fig))
        shown = fig.acts[:SHOWN]
        fill_rows(self.table, ((provenance.act_time(act, data.timezone), act.station,
                                kind_label(act.kind), act.thing, f"#{act.event_id}")
                               for act in shown), fit=(0, 1, 2, 4))

    def browse_export(self) -> None:
        data, key = self.month_figures, self.figure.currentData()
        if data is None or key is None:
            return
        name = f"asal-angka-{data.month}-{key}.csv".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self, tr("prov.export"), str(
            beside_database(self.station.path) / name), "CSV (*.csv)")
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Write the chosen figure's acts to *path* (on the worker)."""
        data, key = self.month_figures, self.figure.currentData()
        if data is None or key is None:
            return
        self.run(provenance.export_acts, data, key, path,
                 done=lambda written: self.set_status(tr("prov.saved", path=written),
                                                      base.OK_STYLE))
