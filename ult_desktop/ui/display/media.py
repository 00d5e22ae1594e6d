"""The optional media area: images and looping videos from a folder.

The folder is ``media/`` beside the database file (so one copy on the share serves
every display) or the one given with ``ULT_DISPLAY_MEDIA``. Images change every
``IMAGE_SECONDS``; videos play muted (the voice calls must stay clear) and loop. With no
folder or no playable files the area is not shown at all.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStackedLayout, QWidget

from ult_desktop.ui.display import theme

log = logging.getLogger(__name__)

IMAGE_EXT = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"}
VIDEO_EXT = {".mp4", ".webm", ".mkv", ".avi", ".mov", ".m4v"}
IMAGE_SECONDS = 12


def media_folder(db_path: Path) -> Path:
    env = os.environ.get("ULT_DISPLAY_MEDIA")
    return Path(env) if env else Path(db_path).parent / "media"


def media_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    try:
        return sorted(p for p in folder.iterdir()
                      if p.suffix.lower() in IMAGE_EXT | VIDEO_EXT and p.is_file())
    except OSError as exc:
        log.warning("media folder %s unreadable: %s", folder, exc)
        return []


class _ImageView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap: QPixmap | None = None

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), theme.BG)
        if self.pixmap is None or self.pixmap.isNull():
            return
        p.setRenderHint(QPainter.SmoothPixmapTransform)
        scaled = self.pixmap.scaled(self.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation)
        p.drawPixmap((self.width() - scaled.width()) // 2,
                     (self.height() - scaled.height()) // 2, scaled)


class MediaArea(QWidget):
    """Shows *files* one after another: an image for a while, a video to its end."""

    def __init__(self, files: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.files = files
        self.index = -1
        self.current: Path | None = None
        self._stack = QStackedLayout(self)
        self._image = _ImageView(self)
        self._stack.addWidget(self._image)
        self._player = None
        self._video = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.advance)
        if files:
            self.advance()

    def _ensure_video(self) -> bool:
        if self._player is not None:
            return True
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
            from PySide6.QtMultimediaWidgets import QVideoWidget
        except ImportError:
            log.warning("Qt Multimedia is not installed; videos in the media folder are skipped")
            return False
        self._video = QVideoWidget(self)
        self._stack.addWidget(self._video)
        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._audio.setMuted(True)
        self._player.setAudioOutput(self._audio)
        self._player.setVideoOutput(self._video)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(lambda *_: self.advance())
        return True

    def _on_status(self, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.EndOfMedia:
            if len(self.files) == 1:
                self._player.setPosition(0)
                self._player.play()
            else:
                self.advance()

    def stop(self) -> None:
        self._timer.stop()
        if self._player is not None:
            self._player.stop()

    def advance(self) -> None:
        """Show the next file (used by the timer and by the end of a video)."""
        for _ in range(len(self.files)):
            self.index = (self.index + 1) % len(self.files)
            path = self.files[self.index]
            if path.suffix.lower() in VIDEO_EXT:
                if self._ensure_video():
                    self.current = path
                    self._stack.setCurrentWidget(self._video)
                    self._player.setSource(QUrl.fromLocalFile(str(path)))
                    self._player.play()
                    return
                continue
            pixmap = QPixmap(str(path))
            if pixmap.isNull():
                log.warning("media file %s is not a readable image", path)
                continue
            if self._player is not None:
                self._player.stop()
            self.current = path
            self._image.pixmap = pixmap
            self._stack.setCurrentWidget(self._image)
            self._image.update()
            if len(self.files) > 1:
                self._timer.start(IMAGE_SECONDS * 1000)
            return
        if self.files:  # nothing readable now (share gone?): try again later
            self._timer.start(IMAGE_SECONDS * 1000)
