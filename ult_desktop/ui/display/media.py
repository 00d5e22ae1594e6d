"""The optional media area: images and muted looping videos from ``media/`` beside the
database (or ``ULT_DISPLAY_MEDIA``); images change every ``IMAGE_SECONDS``; nothing
playable hides it. The folder is listed and its images read off the GUI thread (``off_gui``),
so a slow share never freezes the calls, and again when the share comes back."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStackedLayout, QWidget

from ult_desktop.app.paths import beside_database
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.display import theme

log = logging.getLogger(__name__)

IMAGE_EXT = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"}
VIDEO_EXT = {".mp4", ".webm", ".mkv", ".avi", ".mov", ".m4v"}
IMAGE_SECONDS = 12


def media_folder(db_path: Path) -> Path:
    env = os.environ.get("ULT_DISPLAY_MEDIA")
    return Path(env) if env else beside_database(db_path) / "media"


def media_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    try:
        return sorted(p for p in folder.iterdir()
                      if p.suffix.lower() in IMAGE_EXT | VIDEO_EXT and p.is_file())
    except OSError as exc:
        log.warning("media folder %s unreadable: %s", folder, exc)
        return []


def read_image(path: Path) -> QImage:
    """An image decoded off the GUI thread (QImage is safe there; QPixmap is not)."""
    return QImage(str(path))


class _ImageView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap: QPixmap | None = None

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), theme.BG)
        if self.pixmap is None or self.pixmap.isNull():
            return
        p.setRenderHint(QPainter.SmoothPixmapTransform)
        scaled = self.pixmap.scaled(self.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation)
        p.drawPixmap((self.width() - scaled.width()) // 2,
                     (self.height() - scaled.height()) // 2, scaled)


class MediaArea(QWidget):
    """Shows *files* in turn (an image for a while, a video to its end); with *folder* they are
    listed off the GUI thread (:meth:`rescan`) and ``changed`` says when there is one to show."""

    changed = Signal(bool)  # there are files to show (the window lays itself out again)

    def __init__(self, files: list[Path] | None = None, parent: QWidget | None = None, *,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.files: list[Path] = []
        self.folder = folder
        self.index = -1
        self.current: Path | None = None
        self._tries = 0
        self._stack = QStackedLayout(self)
        self._image = _ImageView(self)
        self._stack.addWidget(self._image)
        self._player = None
        self._video = None
        self._timer = QTimer(self, singleShot=True, timeout=self.advance)
        self._closed = False  # (:meth:`close_loader`): nothing listed or read any more
        if files:
            self.set_files(files)
        if folder is not None:
            self.rescan()

    def rescan(self) -> None:
        """List the folder again (at start, and when the share is back)."""
        if self.folder is not None and not self._closed:
            off_gui(media_files, self.folder, parent=self, done=self.set_files,
                    failed=lambda exc: log.warning("media folder: %s", exc))

    def set_files(self, files: list[Path]) -> None:
        if files == self.files or self._closed:
            return
        had = bool(self.files)
        self.files = list(files)
        self.index = -1
        if self.files:
            self.advance()
        else:
            self.stop()
        if had != bool(self.files):
            self.changed.emit(bool(self.files))

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

    def close_loader(self) -> None:
        self.stop()
        self._closed = True

    def advance(self) -> None:
        """Show the next file (used by the timer and by the end of a video); an image
        is read off the GUI thread and shown when it arrives (:meth:`_loaded`)."""
        if not self.files:
            return
        self._tries = 0
        self._next()

    def _next(self) -> None:
        while self._tries < len(self.files):
            self._tries += 1
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
            off_gui(read_image, path, parent=self, done=lambda image, p=path: self._loaded(
                p, image), failed=lambda _exc, p=path: self._loaded(p, QImage()))
            return
        # nothing readable now (share gone?): try again later
        self._timer.start(int(IMAGE_SECONDS * 1000))

    def _loaded(self, path: Path, image: QImage) -> None:
        if self._closed or not self.files or self.index < 0 or self.files[self.index] != path:
            return  # closed, or the list changed meanwhile
        if image.isNull():
            log.warning("media file %s is not a readable image", path)
            self._next()
            return
        if self._player is not None:
            self._player.stop()
        self.current = path
        self._image.pixmap = QPixmap.fromImage(image)
        self._stack.setCurrentWidget(self._image)
        self._image.update()
        if len(self.files) > 1:
            self._timer.start(int(IMAGE_SECONDS * 1000))
