"""Office profile: name, address, logo, time zone, ticket texts, QR, languages, hours."""

from __future__ import annotations

import base64
import re

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QLabel, QWidget

from ult_desktop.core.evidence import SP_OFFICE_KEYS
from ult_desktop.core.i18n import language, tr
from ult_desktop.core.numbering import OFFICE_ZONES, office_day, utc_now
from ult_desktop.core.schedule import update_windows
from ult_desktop.db.house import office
from ult_desktop.reports.data import read_promise
from ult_desktop.reports.fmt import fmt_pct
from ult_desktop.ui.admin import base
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.logo import logo_pixmap

LOGO_MAX_PX = 512


def image_to_png_b64(image: QImage, max_px: int = LOGO_MAX_PX) -> str:
    """*image* scaled to fit *max_px* (never up), as base64 PNG text for the setting."""
    if image.width() > max_px or image.height() > max_px:
        image = image.scaled(max_px, max_px, Qt.KeepAspectRatio, Qt.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return base64.b64encode(bytes(data)).decode("ascii")


class PlannedPause(QWidget):
    """The planned pause of one day (an apel, a meeting): the day, its span (empty: none),
    the counters it holds (empty: every desk) and its reason; setting ``planned_pause``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.day = base.date_edit(objectName="pause_day")
        self.span = base.line(max_len=15)
        self.span.setObjectName("pause_span")
        self.span.setPlaceholderText("10:00-11:30")
        self.counters, self.reason = base.line(max_len=40), base.line(max_len=60)
        self.counters.setObjectName("pause_counters")
        self.counters.setPlaceholderText(tr("admin.profile.pause_counters"))
        self.reason.setPlaceholderText(tr("admin.profile.pause_reason"))
        hbox(self.day, (self.span, 1), (self.counters, 1), (self.reason, 1), on=self, margins=0)

    def set_value(self, pause: dict, today) -> None:
        day = QDate.fromString(pause.get("day", ""), "yyyy-MM-dd")
        self.day.setDate(day if day.isValid() else today)
        self.span.setText(pause.get("span", ""))
        self.counters.setText(", ".join(str(c) for c in pause.get("counters", [])))
        self.reason.setText(pause.get("reason", ""))

    def value(self) -> dict | None:
        """The setting's value ({} with no span); None: the counters are not numbers."""
        span = self.span.text().strip().replace(" ", "")
        words = [w for w in re.split(r"[,\s]+", self.counters.text()) if w]
        if not all(w.isdigit() for w in words):
            return None
        if not span:
            return {}
        return {"day": self.day.date().toString("yyyy-MM-dd"), "span": span,
                "counters": [int(w) for w in words], "reason": self.reason.text().strip()}


class ProfilePage(base.Page):
    title_key = "admin.page.profile"

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.logo_b64 = ""
        holder = QWidget()
        self.name = self.field("office_name", base.line())
        self.address = self.field("office_address", base.line(max_len=300))
        # who signs the monthly report ("Mengetahui, Kepala …, NIP")
        self.head_title = self.field("head_title", base.line(max_len=200))
        self.head_name = self.field("head_name", base.line(max_len=200))
        self.head_nip = self.field("head_nip", base.line(max_len=30))
        f = base.form((tr("admin.profile.name"), self.name),
                      (tr("admin.profile.address"), self.address),
                      (tr("admin.profile.head_title"), self.head_title),
                      (tr("admin.profile.head_name"), self.head_name),
                      (tr("admin.profile.head_nip"), self.head_nip), on=holder)
        f.addRow(tr("admin.profile.logo"), self._logo_row())
        self._ticket_rows(f)
        self._hours_rows(f)
        # the Standar Pelayanan's office-wide components and its SK: the
        # evidence pack states per service which of the 14 are there
        f.addRow(QLabel(tr("admin.profile.sp"), styleSheet="font-weight:bold;margin-top:8px;"))
        self.sp = {key: base.line(max_len=300) for key in SP_OFFICE_KEYS}
        self.sp["sk_date"].setPlaceholderText("2026-01-15")
        for key, edit in self.sp.items():
            f.addRow(tr(f"sp.component.{key}"), edit)

        self.body.addWidget(base.scroll(holder), 1)
        self.add_save_row()

    def _logo_row(self) -> QHBoxLayout:
        self.logo_preview = QLabel(alignment=Qt.AlignCenter,
                                   styleSheet="border:1px solid #b0bec5;background:#fafafa;")
        self.logo_preview.setFixedSize(96, 96)
        return hbox(self.logo_preview, base.button(tr("admin.browse"), self.choose_logo),
                    base.button(tr("admin.profile.logo_remove"), self.remove_logo), 1)

    def _ticket_rows(self, f) -> None:
        """The time zone, the ticket's header, footer and QR, the languages."""
        self.timezone = self.field("timezone", combo([(z, z) for z in OFFICE_ZONES]))
        self.header = self.field("ticket_header", base.line())
        self.footer = self.field("ticket_footer", base.line())
        self.qr = self.field("qr_content", base.line(max_len=300, placeholderText="{code}",
                                                     toolTip=tr("admin.profile.qr_hint")))
        hint = QLabel(tr("admin.profile.qr_hint"), styleSheet="color:#607d8b;", wordWrap=True)
        langs = [(tr("admin.lang.id"), "id"), (tr("admin.lang.en"), "en")]
        self.language = self.field("language", combo(langs))
        row, self.languages = base.checks(langs)
        self.field("languages", self.languages)
        for label, field in ((tr("admin.profile.timezone"), self.timezone),
                             (tr("admin.profile.header"), self.header),
                             (tr("admin.profile.footer"), self.footer),
                             (tr("admin.profile.qr"), self.qr), ("", hint),
                             (tr("admin.profile.language"), self.language),
                             (tr("admin.profile.languages"), row)):
            f.addRow(label, field)

    def _hours_rows(self, f) -> None:
        """Opening hours and days, whether the kiosk keeps them, the survey."""
        self.open_time = self.field("open_time", base.time_edit())
        self.close_time = self.field("close_time", base.time_edit())
        days = tr("ui.day_names").split(",")
        day_row, self.open_days = base.checks([(d[:3], i) for i, d in enumerate(days)])
        self.field("open_days", self.open_days)
        self.serving_until = self.field("serving_until", base.time_edit())
        # empty reads as unset, never as a time (grey)
        self.break_daily, self.break_friday = (self.field(key, base.line(
            max_len=11, placeholderText=tr("admin.profile.break_unset"),
            toolTip=tr("admin.profile.break_format"))) for key in ("break_daily", "break_friday"))
        self.planned_pause = PlannedPause()
        self.update_window = self.field("update_window", combo(update_windows()))
        self.update_now = self.field("update_now", base.line(max_len=40, placeholderText="0.3.1"))
        self.enforce_hours = self.field("enforce_hours",
                                        QCheckBox(tr("admin.profile.enforce_hours")))
        self.survey_enabled = self.field("survey_enabled", QCheckBox(tr("admin.profile.survey")))
        # the published promise to priority visitors, and how it was kept this month
        self.promise = self.field("priority_promise_min",
                                  base.spin(2, 120, tr("admin.services.minutes")))
        self.promise.setObjectName("priority_promise_min")
        self.promise_share = self.field("priority_promise_share", base.spin(1, 100, " %"))
        self.promise_share.setObjectName("priority_promise_share")
        self.promise_kept = QLabel(objectName="promise_kept", wordWrap=True)
        for label, field in (
                (tr("admin.profile.hours"), hbox(self.open_time, QLabel("–"), self.close_time, 1)),
                (tr("admin.profile.open_days"), day_row),
                (tr("admin.profile.serving_until"), self.serving_until),
                (tr("admin.profile.break_daily"), self.break_daily),
                (tr("admin.profile.break_friday"), self.break_friday),
                (tr("admin.profile.planned_pause"), self.planned_pause),
                (tr("admin.profile.update_window"), self.update_window),
                (tr("admin.profile.update_now"), self.update_now), ("", self.enforce_hours),
                ("", self.survey_enabled), (tr("admin.profile.priority_promise"), self.promise),
                (tr("admin.profile.promise_share"), self.promise_share), ("", self.promise_kept)):
            f.addRow(label, field)

    @staticmethod
    def fetch(db) -> dict:
        settings = office.get_settings(db)
        today = office_day(utc_now(), settings["timezone"])
        return {**settings, "promise_month": db.read(
            lambda conn: read_promise(conn, today.replace(day=1), today))}

    def show_data(self, data: dict) -> None:
        self.settings = data
        self.show_fields(data)
        self.logo_b64 = data["office_logo_png_b64"]
        self._show_logo()
        self.planned_pause.set_value(data["planned_pause"],
                                     office_day(utc_now(), data["timezone"]))
        minutes, within, total = data["promise_month"]
        target = int(data["priority_promise_share"])
        self.promise_kept.setText(" ".join((
            tr("admin.profile.promise_kept", min=minutes, n=within, total=total,
               share=fmt_pct(within / total if total else None, language())),
            tr("admin.profile.promise_target_met" if total and within * 100 >= target * total
               else "admin.profile.promise_target_missed", target=target) if total else "")))
        for key, edit in self.sp.items():
            edit.setText(str(data["standar_pelayanan"].get(key) or ""))

    def form_values(self) -> dict:
        return {
            **self.field_values(),
            "office_logo_png_b64": self.logo_b64,
            "break_daily": self.break_daily.text().strip().replace(" ", ""),
            "break_friday": self.break_friday.text().strip().replace(" ", ""),
            "planned_pause": self.planned_pause.value(),
            "standar_pelayanan": {k: e.text().strip() for k, e in self.sp.items()
                                  if e.text().strip()},
        }

    # -- logo --------------------------------------------------------------------------
    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("admin.profile.logo"), "",
                                              "Images (*.png *.jpg *.jpeg *.bmp)")
        if path:
            self.set_logo_file(path)

    def set_logo_file(self, path: str) -> bool:
        image = QImage(path)
        if image.isNull():
            self.show_error(tr("admin.profile.logo_bad"))
            return False
        self.logo_b64 = image_to_png_b64(image)
        self._show_logo()
        self.set_status("")
        return True

    def remove_logo(self) -> None:
        self.logo_b64 = ""
        self._show_logo()

    def _show_logo(self) -> None:
        pixmap = logo_pixmap(self.logo_b64, 92)
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(tr("admin.profile.logo_none"))
            self.logo_preview.setWordWrap(True)
        else:
            self.logo_preview.setPixmap(pixmap)

    # -- saving ------------------------------------------------------------------------
    def save(self) -> None:
        values = self.form_values()
        if "{code}" not in values["qr_content"]:
            self.show_error(tr("admin.profile.qr_bad"))
            return
        if not values["languages"]:
            self.show_error(tr("admin.profile.languages_bad"))
            return
        sk_date = values["standar_pelayanan"].get("sk_date", "")
        if sk_date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", sk_date):
            self.show_error(tr("admin.profile.sp_date_bad"))
            return
        if values["planned_pause"] is None:
            self.show_error(tr("admin.profile.pause_counters_bad"))
            return
        if not values["office_name"]:
            values["office_name"] = self.settings.get("office_name", "")
        self.save_settings(values)
