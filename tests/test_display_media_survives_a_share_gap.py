"""The lobby display's media keeps playing after the share was briefly gone."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from ult_desktop.ui.display import media
from ult_desktop.ui.display.media import MediaArea, media_files


def test_media_keeps_going_after_the_share_was_briefly_gone(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(media, "IMAGE_SECONDS", 0.05)
    folder = tmp_path / "media"
    folder.mkdir()
    for i, color in enumerate(("red", "blue")):
        img = QImage(40, 30, QImage.Format_RGB32)
        img.fill(QColor(color))
        img.save(str(folder / f"{i}.png"))
    area = MediaArea(media_files(folder))
    qtbot.addWidget(area)
    assert area.current == folder / "0.png"
    away = tmp_path / "away"
    folder.rename(away)  # the share is gone when the next image is due
    area._timer.stop()
    area.advance()
    away.rename(folder)  # ... and back
    area.current = None
    qtbot.waitUntil(lambda: area.current is not None, timeout=5000)
