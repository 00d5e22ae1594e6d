"""``ult-desktop survey``: the SKM questionnaire on a tablet (kiosk-style, fullscreen).

The office name, logo, QR format, language and whether the survey is open come from
the office settings and follow admin changes through the change feed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.db.house.office import read_settings
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.ui.common.app import run_window, station_id
from ult_desktop.ui.common.banner import ConnectionBanner
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.logo import logo_pixmap
from ult_desktop.ui.common.station import Station
from ult_desktop.ui.common.this_pc import ThisPC
from ult_desktop.ui.common.voice.prompts import PromptSpeaker
from ult_desktop.ui.survey.flow import IDLE_MS, THANKS_MS, SurveyFlow

WATCHED = {"office_name", "office_logo_png_b64", "qr_content", "survey_enabled", "language",
           "*"}


class SurveyWindow(QWidget):
    def __init__(self, db_path: str | Path, *, station_name: str | None = None,
                 poll_ms: int | None = None, idle_ms: int = IDLE_MS,
                 thanks_ms: int = THANKS_MS, signer=None):
        super().__init__(windowTitle=tr("survey.title"),
                         styleSheet="SurveyWindow{background:#f5f7fa;}")
        self.station_id = station_id("survey", station_name)
        self.station = Station(db_path, station_id=self.station_id, mode="survey",
                               signer=signer, poll_ms=poll_ms)
        self.pc = ThisPC(self.station)  # what runs on this PC beside the screen
        self.settings: dict | None = None
        self.approved = True  # registered as a kiosk or survey tablet (or no keys yet)
        self.banner = ConnectionBanner()
        self.station.connection_changed.connect(self.banner.set_state)
        self.station.connection_changed.connect(self._on_connection)
        header = self._header()
        self.flow = SurveyFlow(self.station, idle_ms=idle_ms, thanks_ms=thanks_ms,
                               make_speaker=lambda: PromptSpeaker(self),
                               # how the ticket's QR wraps its code: the office's
                               qr_template=lambda: (self.settings or {}).get("qr_content",
                                                                             "{code}"))
        self.listen_button.clicked.connect(self.flow.speech.listen)
        self.large_button.toggled.connect(self._large)
        self.closed = QLabel(alignment=Qt.AlignCenter, wordWrap=True,
                             styleSheet="font-size:28px;color:#37474f;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.flow)
        self.stack.addWidget(self.closed)
        vbox(self.banner, header, (self.stack, 1), on=self, margins=0, spacing=0)
        self._retranslate()
        self.station.events_arrived.connect(self._on_events)
        self.reload_settings()
        self.resize(1280, 800)

    def _header(self) -> QWidget:
        """The office's name and logo, and the listen, large-text and language keys."""
        header = QWidget(styleSheet="background:#0d47a1;")
        self.logo = QLabel()
        self.logo.setFixedSize(56, 56)
        self.logo.hide()
        self.office = QLabel(styleSheet="color:white;font-size:22px;font-weight:bold;")
        self.title = QLabel(styleSheet="color:#bbdefb;font-size:18px;")
        # the spoken mode and large text (ui/survey/spoken.py, docs/accessibility.md)
        self.listen_button, self.large_button, self.lang_button = (QPushButton(
            focusPolicy=Qt.NoFocus, styleSheet="QPushButton{background:white;color:#0d47a1;"
            "font-size:18px;padding:8px 18px;border-radius:8px;}") for _ in range(3))
        self.large_button.setCheckable(True)
        self.lang_button.clicked.connect(self.toggle_language)
        hbox(self.logo, (vbox(self.office, self.title), 1), self.listen_button,
             self.large_button, self.lang_button, on=header, margins=(24, 10, 24, 10))
        return header

    def reload_settings(self) -> None:
        self.station.run(_start_state, done=self.apply_settings, parent=self)

    def apply_settings(self, settings: dict) -> None:
        first = self.settings is None
        self.settings = settings
        self.approved = settings.get("_may_take_answers", True)
        if first:
            self.flow.set_language(settings["language"])
        self.office.setText(settings["office_name"])
        logo = logo_pixmap(settings["office_logo_png_b64"], 56)
        self.logo.setPixmap(logo)
        self.logo.setVisible(not logo.isNull())
        self.stack.setCurrentWidget(self.flow if settings["survey_enabled"] and self.approved
                                    else self.closed)
        self._retranslate()

    def _on_connection(self, state: str, _message: str) -> None:
        if state == "ok" and self.settings is None:  # started while the share was gone
            self.reload_settings()

    def _on_events(self, events: list) -> None:
        for e in events:
            if e.kind in ("settings_changed", "database_restored") and (
                    WATCHED & set(e.data.get("keys", [])) or e.kind == "database_restored"):
                self.reload_settings()
                return

    def toggle_language(self) -> None:
        self.flow.set_language("en" if self.flow.lang == "id" else "id")
        self.flow.touch()
        self._retranslate()

    def _large(self, on: bool) -> None:
        self.flow.set_large(on)
        self.flow.touch()
        self._retranslate()

    def keyPressEvent(self, event) -> None:  # Qt name: the keypad of the spoken mode
        if not self.flow.speech.key(event.key()):
            super().keyPressEvent(event)

    def _retranslate(self) -> None:
        self.listen_button.setText("♪ " + tr("speak.listen", self.flow.lang))
        self.large_button.setText(tr("speak.large_off" if self.flow.large else "speak.large",
                                     self.flow.lang))
        self.title.setText(tr("survey.title", self.flow.lang))
        self.lang_button.setText(tr("ui.language.toggle", self.flow.lang))
        # a tablet the admin has not approved never starts a survey it could not keep
        self.closed.setText(tr("survey.disabled" if self.approved else "survey.not_approved",
                               self.flow.lang))

    def closeEvent(self, event) -> None:
        self.station.close()
        super().closeEvent(event)


def _start_state(db) -> dict:
    """The office settings and whether this tablet may take answers, in one read."""
    def read(conn) -> dict:
        return {**read_settings(conn),
                "_may_take_answers": skm_db.read_may_take_answers(conn)}

    return db.read(read)


def open_demo_window(db_path: Path, *, demo_dir: Path, signer=None) -> SurveyWindow:
    """The survey on the demo database (windowed)."""
    return SurveyWindow(db_path, station_name="survey-demo", signer=signer)


def main(args) -> int:
    station, signer = getattr(args, "station", None), getattr(args, "signer", None)
    return run_window(args, lambda: SurveyWindow(args.db, station_name=station, signer=signer),
                      full_screen=True)
