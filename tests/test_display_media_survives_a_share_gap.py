"""The lobby display's media keeps playing after the share was briefly gone."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from tests.drivers import WAIT
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
    qtbot.waitUntil(lambda: area.current == folder / "0.png", timeout=WAIT)
    away = tmp_path / "away"
    folder.rename(away)  # the share is gone when the next image is due
    area._timer.stop()
    area.advance()
    away.rename(folder)  # ... and back
    area.current = None
    qtbot.waitUntil(lambda: area.current is not None, timeout=WAIT)


def test_the_folder_is_listed_and_read_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    """M8: listing the share's media folder and decoding its images never runs on the
    GUI thread; files that appear later are shown after a rescan (the share came back)."""
    import threading

    seen: list[str] = []
    real_list = media.media_files

    def listing(folder):
        seen.append(threading.current_thread().name)
        return real_list(folder)

    monkeypatch.setattr(media, "media_files", listing)
    folder = tmp_path / "media"  # not there yet: the share is away
    area = MediaArea(folder=folder)
    qtbot.addWidget(area)
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    assert area.files == [] and area.current is None
    folder.mkdir()
    img = QImage(40, 30, QImage.Format_RGB32)
    img.fill(QColor("green"))
    img.save(str(folder / "poster.png"))
    with qtbot.waitSignal(area.changed, timeout=WAIT) as shown:
        area.rescan()
    assert shown.args == [True]
    qtbot.waitUntil(lambda: area.current == folder / "poster.png", timeout=WAIT)
    assert seen and threading.main_thread().name not in seen
    area.close_loader()
