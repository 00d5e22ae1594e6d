"""Lobby display and voice: running text, voice pack, repeat, volume, call language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.core.settings import SETTINGS
from ult_desktop.db import office
from ult_desktop.ui.admin import base

KEYS = ("running_text", "voice_pack", "announce_repeat", "announce_volume", "announce_language")


class DisplayPage(base.Page):
    title_key = "admin.page.display"

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.settings: dict = {}
        holder = QWidget()
        f = base.form()
        holder.setLayout(f)
        self.running_text = base.text_box(90)
        f.addRow(tr("admin.display.running_text"), self.running_text)
        self.voice_pack = QComboBox()
        self.voice_pack.setEditable(True)
        self.voice_pack.addItems(["default", "tts"])
        self.voice_pack.setFixedWidth(280)
        f.addRow(tr("admin.display.voice_pack"), self.voice_pack)
        hint = QLabel(tr("admin.display.voice_hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#607d8b;")
        f.addRow("", hint)
        repeat = SETTINGS["announce_repeat"]
        self.repeat = base.spin(repeat.low, repeat.high, tr("admin.display.times"))
        self.repeat.setFixedWidth(120)
        f.addRow(tr("admin.display.repeat"), self.repeat)
        volume = QHBoxLayout()
        self.volume = QSlider(Qt.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(260)
        self.volume_label = QLabel()
        self.volume_label.setMinimumWidth(40)
        self.volume.valueChanged.connect(lambda v: self.volume_label.setText(f"{v}%"))
        volume.addWidget(self.volume)
        volume.addWidget(self.volume_label)
        volume.addStretch(1)
        f.addRow(tr("admin.display.volume"), volume)
        self.language = base.combo([(tr("admin.lang.id"), "id"), (tr("admin.lang.en"), "en")])
        self.language.setFixedWidth(280)
        f.addRow(tr("admin.display.language"), self.language)
        self.body.addWidget(holder)
        self.body.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = base.button(tr("admin.save"), self.save, primary=True)
        row.addWidget(self.save_button)
        self.body.addLayout(row)

    @staticmethod
    def fetch(db) -> dict:
        return office.get_settings(db)

    def show_data(self, data: dict) -> None:
        self.settings = data
        self.running_text.setPlainText(data["running_text"])
        self.voice_pack.setCurrentText(str(data["voice_pack"]))
        self.repeat.setValue(int(data["announce_repeat"]))
        self.volume.setValue(int(data["announce_volume"]))
        self.volume_label.setText(f"{self.volume.value()}%")
        base.select(self.language, data["announce_language"])

    def form_values(self) -> dict:
        return {
            "running_text": " ".join(self.running_text.toPlainText().split()),
            "voice_pack": self.voice_pack.currentText().strip() or "default",
            "announce_repeat": self.repeat.value(),
            "announce_volume": self.volume.value(),
            "announce_language": self.language.currentData(),
        }

    def save(self) -> None:
        changed = {k: v for k, v in self.form_values().items() if self.settings.get(k) != v}
        if not changed:
            self.set_status(tr("admin.saved"), base.OK_STYLE)
            return
        self.save_with(office.set_settings, then=lambda _: self.settings.update(changed),
                       **changed)
