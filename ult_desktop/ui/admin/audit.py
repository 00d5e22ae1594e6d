"""The audit list: the event log, newest first, in the office's time zone."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView

from ult_desktop.core.audit_words import describe_data
from ult_desktop.core.i18n import keys, tr
from ult_desktop.core.numbering import local_time
from ult_desktop.db.house import officers
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.admin.audit_chain import ChainPanel
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.tables import fill_rows, list_table

LIMIT = 500


def describe(entry: officers.AuditEntry) -> str:
    """One line of details: ticket, service, counter, then the event's data."""
    parts = []
    if entry.ticket_number:
        parts.append(entry.ticket_number)
    if entry.service_prefix and not entry.ticket_number:
        parts.append(f"{tr('admin.services.basic').lower()} {entry.service_prefix}")
    if entry.counter is not None:
        parts.append(f"{tr('admin.page.counters').lower()} {entry.counter}")
    sentences = describe_data(entry.data)
    return " · ".join(parts) + (". " if parts and sentences else "") + sentences


def kind_label(kind: str) -> str:
    key = f"admin.kind.{kind}"
    return tr(key) if key in keys() else kind


class AuditPage(base.Page):
    title_key = "admin.page.audit"
    reload_kinds = None  # every event may belong in the list

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.entries: list[officers.AuditEntry] = []
        self.chain = ChainPanel(station)
        self.body.addWidget(self.chain)
        self.filter = combo([(tr("admin.audit.filter_admin"), False),
                                  (tr("admin.audit.filter_all"), True)])
        self.filter.currentIndexChanged.connect(lambda _: self.load())
        self.body.addLayout(hbox(self.filter, 1, base.button(tr("admin.reload"), self.load)))
        self.table = list_table([tr("admin.audit.time"), tr("admin.audit.station"),
                                 tr("admin.audit.what"), tr("admin.audit.detail")],
                                fit_contents=False, stretch=(3,),
                                selection=QAbstractItemView.ExtendedSelection)
        self.table.setWordWrap(False)
        self.body.addWidget(self.table, 1)

    def load(self) -> None:
        # the filter is read here, on the GUI thread, never from the worker
        self.run(jobs.audit_events, all_kinds=bool(self.filter.currentData()), limit=LIMIT,
                 done=self._loaded)

    def show_data(self, data) -> None:
        tz, self.entries = data
        for items in fill_rows(self.table, ([
                local_time(e.at, tz).strftime("%d-%m-%Y %H:%M:%S"),
                f"{e.station} · {e.actor}" if e.actor else e.station, kind_label(e.kind),
                describe(e)] for e in self.entries), fit=range(3)):
            items[3].setToolTip(items[3].text())  # the whole description where it is cut
