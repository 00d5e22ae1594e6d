"""Services: name, prefix, colour, the Standar Pelayanan fields, hours, quota, counters."""

from __future__ import annotations

import re
from dataclasses import asdict

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QColorDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import is_valid_prefix
from ult_desktop.core.queue import ORDER_KINDS, PriorityOrder
from ult_desktop.core.sop import STEPS, targets
from ult_desktop.db import queries
from ult_desktop.db.house import office
from ult_desktop.db.house.setup import PENGADUAN_DEFAULT
from ult_desktop.db.visit import handover
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.fit import scrolled_body

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


class ServicesPage(base.Page):
    title_key = "admin.page.services"

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.services: list[office.Service] = []
        self.counters: list[office.Counter] = []
        self.current: office.Service | None = None
        self.line_letters = {"P", "L"}  # the priority and follow-up lines' letters
        self.sop: dict[int, dict[str, int]] = {}  # mutu baku per service id
        self.staff: dict[int, tuple[int, int]] = {}  # jumlah pelaksana per service id
        self.list = QListWidget()
        self.list.setFixedWidth(210)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._pick)
        left = vbox((self.list, 1), base.button(tr("admin.new"), self.new_service))

        holder = QWidget()
        holder.reflow = self._reflow  # the Standar Pelayanan beside, or under when narrow
        self.left_col = vbox(self._basic_group(), self._schedule_group(), self._sop_group(), 1)
        self.standard = _standard_group(self)
        self.columns = fill(QBoxLayout(QBoxLayout.LeftToRight, scrolled_body(holder)),
                            (self.left_col, 1), (vbox(self.standard, 1), 1), margins=0)
        self.body.addLayout(hbox(left, (holder, 1)), 1)
        self.add_save_row()

    def _reflow(self, width: int) -> None:
        """Both columns whole side by side where they fit (1920 wide), else the
        Standar Pelayanan under the rest (1366x768): no field or label cut at the edge."""
        need = (self.left_col.minimumSize().width() + self.columns.spacing()
                + self.standard.minimumSizeHint().width())
        self.columns.setDirection(QBoxLayout.LeftToRight if width >= need
                                  else QBoxLayout.TopToBottom)

    def _basic_group(self) -> QGroupBox:
        basic = QGroupBox(tr("admin.services.basic"))
        self.prefix = self.field("prefix", base.line(max_len=2, width=60))
        self.name = self.field("name", base.line())
        self.name_en = self.field("name_en", base.line())
        self.color = self.field("color", base.line(max_len=7, width=90))
        self.color_button = QPushButton(clicked=self.pick_color)
        self.color_button.setFixedWidth(40)
        self.color.textChanged.connect(self._paint_color)
        color_row = hbox(self.color, self.color_button, 1)
        self.description = self.field("description", base.line(max_len=300))
        self.active = self.field("active", QCheckBox(tr("admin.services.active")))
        self.sort_order = self.field("sort_order", base.spin(0, 99, width=80))
        base.form((tr("admin.services.prefix"), self.prefix),
                  (tr("admin.services.name"), self.name),
                  (tr("admin.services.name_en"), self.name_en),
                  (tr("admin.services.color"), color_row),
                  (tr("admin.services.description"), self.description),
                  (tr("admin.services.order"), self.sort_order), ("", self.active), on=basic)
        return basic

    def _schedule_group(self) -> QGroupBox:
        """Its own hours, quota, priority rule and counters."""
        schedule = QGroupBox(tr("admin.services.schedule"))
        self.own_hours = QCheckBox(tr("admin.services.own_hours"))
        self.opens, self.closes = base.time_edit(), base.time_edit()
        self.own_hours.toggled.connect(self.opens.setEnabled)
        self.own_hours.toggled.connect(self.closes.setEnabled)
        self.quota = base.spin(0, 9999, special=tr("admin.services.no_quota"), width=140)
        self.counter_row = QHBoxLayout()
        self.counter_boxes: dict[int, QCheckBox] = {}
        # its own priority rule where the office's does not fit
        self.order = combo([(tr("admin.services.order_office"), None)] + [
            (tr(f"admin.counters.order.{k}"), k) for k in ORDER_KINDS])
        self.order_n = base.spin(1, 120)
        base.form((tr("admin.profile.hours"), hbox(self.own_hours, self.opens, self.closes, 1)),
                  (tr("admin.services.quota"), self.quota),
                  (tr("admin.counters.order"), hbox((self.order, 1), self.order_n)),
                  (tr("admin.services.counters"), self.counter_row), on=schedule)
        return schedule

    def _sop_group(self) -> QGroupBox:
        """SOP 003 steps 10-15 and SOP 001's days: what the back-office report measures."""
        sop = QGroupBox(tr("backoffice.targets.title"))
        f = base.form(on=sop)
        self.sop_spins = {}
        for step in STEPS:
            spin = self.sop_spins[step.key] = base.spin(0, 240, tr("admin.services.minutes"),
                                                       width=140)
            f.addRow(f"{step.number}. {tr(f'backoffice.step.{step.key}')}", spin)
        self.sop_spins["online_days"] = base.spin(0, 60, tr("admin.services.workdays"), width=160)
        f.addRow(tr("backoffice.targets.online_days"), self.sop_spins["online_days"])
        return sop

    @staticmethod
    def fetch(db):
        services = office.list_services(db)
        settings = office.get_settings(db)
        return (services, office.list_counters(db),
                {settings["priority_prefix"], settings["followup_prefix"]},
                {s.id: handover.step_targets(db, s.id) for s in services},
                queries.service_staff(db))

    def show_data(self, data) -> None:
        self.services, self.counters, self.line_letters, self.sop, self.staff = data
        keep = self.current.prefix if self.current else None
        self.list.blockSignals(True)
        self.list.clear()
        for s in self.services:
            text = f"{s.prefix} · {s.name}"
            if not s.active:
                text += f"  ({tr('admin.services.off')})"
            item = QListWidgetItem(text)
            item.setForeground(QColor(s.color) if s.active else QColor("#90a4ae"))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.counter_boxes = base.fill_checks(self.counter_row, (
            (str(c.number), c.number, c.name) for c in self.counters))
        index = next((i for i, s in enumerate(self.services) if s.prefix == keep), 0)
        if self.services:
            self.list.setCurrentRow(index)
            self._fill(self.services[index])
        else:
            self.new_service()

    def _pick(self, index: int) -> None:
        if 0 <= index < len(self.services):
            self._fill(self.services[index])
            self.mark_clean()

    def select_prefix(self, prefix: str) -> None:
        self.list.setCurrentRow(next(i for i, s in enumerate(self.services) if s.prefix == prefix))

    def _fill(self, s: office.Service | None) -> None:
        self.current = s
        # a new service starts with the usual texts and targets; an older one left without
        # a pengaduan shows it only as a hint (nothing the office has not set is its standard)
        d = asdict(s) if s else {
            "color": "#1565c0", "sort_order": len(self.services), "active": True,
            "target_wait_min": 15, "target_service_min": 5, "target_resolution_days": 1,
            "biaya": "Tidak dipungut biaya", "penanganan_pengaduan": PENGADUAN_DEFAULT}
        self.show_fields({key: d.get(key, "") for key in self.fields})
        self.prefix.setReadOnly(s is not None)
        own = PriorityOrder.parse(d["priority_order"]) if d.get("priority_order") else None
        self.order.setCurrentIndex(self.order.findData(own.kind) if own else 0)
        self.order_n.setValue(own.n if own and own.n else 2)
        officers, counters = self.staff.get(s.id, (0, 0)) if s else (0, 0)
        self.pelaksana.setText(tr("admin.services.pelaksana_n", officers=officers,
                                  counters=counters) if officers
                               else tr("admin.services.pelaksana_none"))
        own = bool(d.get("opens"))
        self.own_hours.setChecked(own)
        self.opens.setEnabled(own)
        self.closes.setEnabled(own)
        self.opens.setTime(QTime.fromString(d.get("opens") or "08:00", "HH:mm"))
        self.closes.setTime(QTime.fromString(d.get("closes") or "15:00", "HH:mm"))
        self.quota.setValue(d.get("daily_quota") or 0)
        sop = self.sop.get(s.id) if s else None
        for key, spin in self.sop_spins.items():
            spin.setValue((sop or targets())[key])
        for number, box in self.counter_boxes.items():
            c = next(c for c in self.counters if c.number == number)
            box.setChecked(s is not None and s.id in c.service_ids)

    def new_service(self) -> None:
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self._fill(None)
        self.prefix.setFocus()

    def pick_color(self) -> None:
        color = QColorDialog.getColor(QColor(self.color.text()), self)
        if color.isValid():
            self.color.setText(color.name())

    def _paint_color(self, text: str) -> None:
        if COLOR_RE.match(text):
            self.color_button.setStyleSheet(f"background:{text};")

    def form_values(self) -> dict:
        return {
            **self.field_values(),
            "prefix": self.prefix.text().strip().upper(),
            "name_en": self.name_en.text().strip() or None,
            "color": self.color.text().strip().lower(),
            "priority_order": None if self.order.currentData() is None else str(PriorityOrder(
                self.order.currentData(), 0 if self.order.currentData() == "always"
                else self.order_n.value())),
            "opens": self.opens.time().toString("HH:mm") if self.own_hours.isChecked() else None,
            "closes": self.closes.time().toString("HH:mm") if self.own_hours.isChecked()
            else None,
            "daily_quota": self.quota.value() or None,
            "counters": [n for n, box in self.counter_boxes.items() if box.isChecked()],
            "sop_targets": {k: spin.value() for k, spin in self.sop_spins.items()},
        }

    def save(self) -> None:
        values = self.form_values()
        counters = values.pop("counters")
        sop_targets = values.pop("sop_targets")
        if not is_valid_prefix(values["prefix"]):
            self.show_error(tr("admin.services.bad_prefix"))
            return
        if not values["name"]:
            self.show_error(tr("admin.services.bad_name"))
            return
        if not COLOR_RE.match(values["color"]):
            self.show_error(tr("admin.services.bad_color"))
            return
        if self.current is None and (values["prefix"] in self.line_letters or any(
                s.prefix == values["prefix"] for s in self.services)):
            self.show_error(tr("admin.services.prefix_taken", prefix=values["prefix"]))
            return
        shown = office.Service(id=0, **values)
        values["active"] = int(values["active"])

        def saved(_):
            self.current = shown
            self.load()

        self.save_with(jobs.save_service, fields=values, counters=counters,
                       sop_targets=sop_targets, then=saved)


def _standard_group(page: ServicesPage) -> QGroupBox:
    """The Standar Pelayanan's components of the service (PermenPANRB 15/2014)."""
    standard = QGroupBox(tr("admin.services.standard"))
    page.persyaratan = page.field("persyaratan", base.text_box(110))
    page.prosedur = page.field("prosedur", base.text_box(110))
    page.target_wait = page.field("target_wait_min",
                                  base.spin(1, 600, tr("admin.services.minutes"), width=160))
    page.target_service = page.field("target_service_min",
                                     base.spin(1, 600, tr("admin.services.minutes"), width=160))
    page.target_resolution = page.field("target_resolution_days",
                                        base.spin(0, 60, tr("admin.services.workdays"), width=160))
    page.biaya = page.field("biaya", base.line())
    page.produk = page.field("produk", base.line(max_len=300))
    page.pengaduan = page.field("penanganan_pengaduan", base.text_box(110))
    page.pengaduan.setObjectName("penangananPengaduan")
    page.pengaduan.setPlaceholderText(PENGADUAN_DEFAULT)
    # jumlah pelaksana: from who served its visitors, not typed
    page.pelaksana = QLabel(objectName="pelaksana", wordWrap=True)
    f = base.form((tr("admin.services.persyaratan"), page.persyaratan),
                  (tr("admin.services.prosedur"), page.prosedur),
                  (tr("admin.services.target_wait"), page.target_wait),
                  (tr("admin.services.target_service"), page.target_service),
                  (tr("admin.services.target_resolution"), page.target_resolution),
                  (tr("admin.services.biaya"), page.biaya),
                  (tr("admin.services.produk"), page.produk),
                  (tr("admin.services.pengaduan"), page.pengaduan),
                  (tr("admin.services.pelaksana"), page.pelaksana))
    f.setRowWrapPolicy(QFormLayout.WrapAllRows)  # long labels above their fields
    standard.setLayout(f)
    return standard
