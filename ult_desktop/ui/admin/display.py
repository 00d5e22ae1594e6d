"""Lobby display and voice: running text, voice pack, repeat, volume, call language; and
the visitors' phone page the TV (or another station) serves on the office LAN."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QSlider, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.core.settings import SETTINGS
from ult_desktop.db.house import office
from ult_desktop.ui.admin import base
from ult_desktop.ui.common.boxes import fill, hbox
from ult_desktop.ui.common.combos import combo


class DisplayPage(base.Page):
    title_key = "admin.page.display"

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        holder = QWidget()
        self.running_text = self.field("running_text", base.text_box(90))
        self.voice_pack = QComboBox(editable=True)
        self.voice_pack.addItems(["default", "tts"])
        self.voice_pack.setFixedWidth(280)
        repeat = SETTINGS["announce_repeat"]
        self.repeat = self.field("announce_repeat", base.spin(
            repeat.low, repeat.high, tr("admin.display.times"), width=120))
        self.volume = self.field("announce_volume",
                                 QSlider(Qt.Horizontal, minimum=0, maximum=100))
        self.volume.setFixedWidth(260)
        self.volume_label = QLabel(minimumWidth=40)
        self.volume.valueChanged.connect(lambda v: self.volume_label.setText(f"{v}%"))
        self.language = self.field("announce_language", combo(
            [(tr("admin.lang.id"), "id"), (tr("admin.lang.en"), "en")]))
        self.language.setFixedWidth(280)
        base.form((tr("admin.display.running_text"), self.running_text),
                  (tr("admin.display.voice_pack"), self.voice_pack),
                  ("", QLabel(tr("admin.display.voice_hint"), wordWrap=True,
                              styleSheet="color:#607d8b;")),
                  (tr("admin.display.repeat"), self.repeat),
                  (tr("admin.display.volume"), hbox(self.volume, self.volume_label, 1)),
                  (tr("admin.display.language"), self.language), on=holder)
        fill(self.body, holder, self._phone_form(), 1)
        self.add_save_row()

    def _phone_form(self) -> QWidget:
        """Where the phone page listens (empty address: no page), who serves it, the
        guest Wi-Fi, the missed-call rule, the band's target."""
        box = QGroupBox(tr("admin.phone.title"))
        self.phone_address = self.field("phone_address", base.line(
            max_len=100, placeholderText="192.168.1.20"))
        self.phone_port = self.field("phone_port", base.spin(1024, 65535))
        self.phone_station = self.field("phone_station", base.line(
            max_len=200, placeholderText=tr("admin.phone.station_tv")))
        self.wifi_ssid = self.field("guest_wifi_ssid", base.line(max_len=32))
        self.wifi_password = self.field("guest_wifi_password", base.line(max_len=63))
        self.missed_rule = self.field("missed_call_rule", base.text_box(50))
        self.band_target = self.field("wait_band_target", base.spin(50, 99, " %"))
        base.form((tr("admin.phone.address"), hbox((self.phone_address, 1), self.phone_port)),
                  (tr("admin.phone.station"), self.phone_station),
                  (tr("admin.phone.wifi"), self.wifi_ssid),
                  (tr("admin.phone.wifi_password"), self.wifi_password),
                  (tr("admin.phone.missed_rule"), self.missed_rule),
                  (tr("admin.phone.band_target"), self.band_target), on=box)
        return box

    fetch = staticmethod(office.get_settings)

    def show_data(self, data: dict) -> None:
        self.settings = data
        self.show_fields(data)
        self.voice_pack.setCurrentText(str(data["voice_pack"]))
        self.volume_label.setText(f"{self.volume.value()}%")

    def form_values(self) -> dict:
        return {**self.field_values(), "guest_wifi_password": self.wifi_password.text(),
                "voice_pack": self.voice_pack.currentText().strip() or "default",
                # one line each: the running text scrolls, the rule is one sentence
                "running_text": " ".join(self.running_text.toPlainText().split()),
                "missed_call_rule": " ".join(self.missed_rule.toPlainText().split())}

    def save(self) -> None:
        self.save_settings(self.form_values())
