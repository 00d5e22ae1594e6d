"""The lobby display window: layout, feed handling, animation and voice calls."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from ult_desktop.core.dates import long_date
from ult_desktop.core.i18n import language, tr
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.core.schedule import break_near
from ult_desktop.db import queries
from ult_desktop.devices.audio.announcer import Announcer
from ult_desktop.devices.audio.compose import Utterance
from ult_desktop.devices.audio.queue import AnnouncementQueue, CallRequest
from ult_desktop.ui.common.banner import ConnectionBanner
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.lan_ear import LanEar
from ult_desktop.ui.common.logo import logo_pixmap
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.phone_duty import PageNote
from ult_desktop.ui.common.pulse import DeviceTestAnswer
from ult_desktop.ui.common.station import BUSY, UNAVAILABLE, Station
from ult_desktop.ui.common.this_pc import ThisPC
from ult_desktop.ui.display import jobs, theme
from ult_desktop.ui.display.media import MediaArea, media_folder
from ult_desktop.ui.display.model import CONFIRM_S, Call, DisplayModel
from ult_desktop.ui.display.skm_slot import SkmSlot
from ult_desktop.ui.display.spotlight import FLASH_MS, Spotlight
from ult_desktop.ui.display.widgets import (
    CallPanel,
    CountersGrid,
    Header,
    LastCalls,
    Marquee,
    NextWaiting,
)

log = logging.getLogger(__name__)

REFRESH_MS = 60_000  # a safety net: the feed drives every visible change
LISTS_EVERY_MS = 1000  # the waiting lists read again at most once a second

Player = Callable[[Utterance, Callable[[], None]], None]


class DisplayWindow(QWidget):
    """``ult-desktop display``. *player* plays utterances (default: Qt Multimedia); *announce* False
    keeps it silent; *media_dir* overrides the media folder; *flash_ms*: one blink of the call flash
    (each call keeps the big panel for its blinks, :mod:`.spotlight`)."""

    def __init__(self, db_path: str | Path, *, station_id: str = "display",
                 player: Player | None = None, announce: bool = True,
                 media_dir: Path | None = None, tts: bool = True,
                 poll_ms: int | None = None, flash_ms: int = FLASH_MS,
                 signer=None, parent: QWidget | None = None) -> None:
        super().__init__(parent, windowTitle=tr("display.title"))
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(QPalette.Window, theme.BG)
        self.setPalette(pal)
        self.model = DisplayModel(self)
        self._closed = False
        self._build(media_dir if media_dir is not None else media_folder(db_path), flash_ms)
        self._voice(player if announce else None, announce, announce and tts)
        self.model.changed.connect(self._refresh_view)
        self.model.called.connect(self._on_called)
        self.station = Station(db_path, station_id=station_id, mode="display", parent=self,
                               signer=signer, poll_ms=poll_ms)
        self.lists = WaitingLists(self.station, self._on_snapshot, self)
        self.pc = ThisPC(self.station)  # what runs on this PC beside the screen
        self._listen(announce)
        self._clock = QTimer(self, timeout=self._tick_clock)
        self._clock.start(1000)
        self._refresh = QTimer(self, timeout=self.lists.request)
        self._refresh.start(REFRESH_MS)
        self._settings_read = False  # the record's settings read (not only the kept ones)
        self.memory = ScreenMemory(self.station, station_id, self)
        self.memory.restore(self)  # restarted while the share is away: what it showed
        self._tick_clock()
        self.reload_settings()
        self.lists.request()

    def _build(self, media_dir: Path, flash_ms: int) -> None:
        self.banner = ConnectionBanner(self)
        self.setting_warning = QLabel(self, objectName="settingWarning", wordWrap=True)
        self.setting_warning.setStyleSheet("background:#f9a825;color:#000;padding:6px;")
        self.setting_warning.hide()
        self.header = Header(self)
        self.call_panel = CallPanel(self)
        self.counters = CountersGrid(self)
        self.last_calls = LastCalls(self)
        self.next_waiting = NextWaiting(self)
        self.marquee = Marquee(self)
        self.skm_slot = SkmSlot(self)  # latest published SKM result, between calls
        #: the painted parts, scaled with the window (``widgets.py``, the SKM strip)
        self.panels = (self.header, self.call_panel, self.counters, self.last_calls,
                       self.next_waiting, self.marquee, self.skm_slot)
        # listed and read off the GUI thread; shown once there is something
        self.media = MediaArea(parent=self, folder=media_dir)
        self.media.hide()
        self.media.changed.connect(self._media_changed)
        self._layout()
        # every call gets the big panel for its whole flash, one at a time
        self.spotlight = Spotlight(flash_ms, (self.call_panel, self.counters), self)
        self.spotlight.showing.connect(lambda _call: self._refresh_view())

    def _voice(self, player: Player | None, announce: bool, tts: bool) -> None:
        """The queue composes off the GUI thread and plays one call at a time; speech
        voices are looked for once, here (ui/common/voice/speech.py)."""
        self.announcer: Announcer | None = None
        self.queue: AnnouncementQueue | None = None
        if announce and player is None:
            from ult_desktop.ui.common.voice.sound import QtSoundPlayer
            player = QtSoundPlayer(self)
            # Not on the TV picture (the public reads it); the title shows in the
            # taskbar and the window list, where whoever set the PC up looks.
            player.device_missing.connect(lambda: mark_sound_missing(self))
        self.player: Player | None = player
        if announce:
            self.queue = AnnouncementQueue(self._compose, player)
        self.voice_finder = None
        if tts:
            from ult_desktop.ui.common.voice.speech import VoiceFinder

            self.voice_finder = VoiceFinder(self)
            self.voice_finder.changed.connect(self.reload_settings)
            if hasattr(self.player, "speaker"):
                self.player.speaker = self.voice_finder.speaker
            if hasattr(self.player, "rebuilt"):  # speech follows the sound output
                self.player.rebuilt.connect(self.voice_finder.speaker.rebuild)

    def _listen(self, announce: bool) -> None:
        """The feed, the connection, device tests, LAN calls and the phone page."""
        self.station.connection_changed.connect(self._on_connection)
        self.station.events_arrived.connect(self._on_events)
        self.model.called.connect(lambda call: self.pc.pulse.shown(call.number))
        # what it last said aloud (Admin > Stasiun reads it), the morning check's chime
        self.tests = DeviceTestAnswer(self.station, sound=self.queue, silent=not announce,
                                      pulse=self.pc.pulse, parent=self)
        self.lan = LanEar(self.station, self)  # calls before the feed, or while it is away
        self.lan.heard.connect(self.model.apply_lan_call)
        self.lan.heard_held.connect(lambda number, counter, act: self.model.apply_held_call(
            number, counter, act, time.monotonic()))
        self._ok_since: float | None = None  # the file there since (monotonic s)
        self.lan.heard.connect(self.pc.phone.heard_call)  # the page, if served here
        self.phone_note = PageNote(self.pc.phone, self)  # ... or why it is not
        self.pc.phone.changed.connect(self._phone_page)
        self.layout().insertWidget(2, self.phone_note)  # under the banners, above all else
        self._phone_page()

    def _phone_page(self) -> None:
        self.model.phone_served = self.phone_note.carried  # as the tickets: to the page
        self.marquee.set_text(self.model.running_text)

    # -- layout ------------------------------------------------------------------------
    def _layout(self) -> None:
        self._middle = hbox((self.call_panel, 46), (self.counters, 54), (self.media, 36))
        self._bottom = hbox((self.last_calls, 36), (self.next_waiting, 64))
        self._body = vbox((self._middle, 62), (self._bottom, 38))
        vbox(self.banner, self.setting_warning, self.header, (self._body, 1), self.skm_slot,
             self.marquee, on=self, margins=0, spacing=0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        scale = min(self.height() / 1080, self.width() / 1920)
        self.scale = scale
        for part in self.panels:
            part.set_scale(scale)
        self.header.setFixedHeight(round(110 * scale))
        self.marquee.setFixedHeight(round(72 * scale))
        margin = round(14 * scale)
        self._body.setContentsMargins(margin, 0, margin, margin)
        self._body.setSpacing(margin)
        self._middle.setSpacing(margin)
        self._bottom.setSpacing(margin)

    # -- feed and state ----------------------------------------------------------------
    def _on_snapshot(self, snap: dict) -> None:
        if not self._closed:
            self.model.apply_snapshot(snap)
            self.memory.keep(snap=snap)

    def reload_settings(self) -> None:
        """The settings and the announcer made from them: one job, one read."""
        voices = None
        if self.queue is not None:
            voices = self.voice_finder.voices() if self.voice_finder is not None else {}
        self.station.run(jobs.display_settings, voices, done=self._on_settings,
                         failed=lambda e: log.warning("display settings: %s", e), parent=self)

    def _on_settings(self, read: tuple[dict, Announcer | None], *, fresh: bool = True) -> None:
        settings, announcer = read
        if announcer is not None:
            self._on_announcer(announcer)
        if self._closed:
            return
        self.model.apply_settings(settings)
        if fresh:
            self._settings_read = True
            self.memory.keep(settings=settings)
        pixmap = logo_pixmap(settings.get("office_logo_png_b64"))
        if settings.get("office_logo_png_b64") and pixmap.isNull():
            log.warning("office logo is not valid base64 PNG")
        self.header.logo = pixmap if not pixmap.isNull() else None
        self.header.office = self.model.office_name
        self.marquee.set_text(self.model.running_text)
        self.skm_slot.apply_settings(settings)
        self._tick_clock()

    def _on_announcer(self, announcer: Announcer) -> None:
        self.announcer = announcer
        problem = announcer.voice_problem  # a remote voice folder: refused, never opened
        if problem is not None:
            self.setting_warning.setText(tr("path.voice_refused",
                                            why=tr(problem.key, **problem.params)))
        self.setting_warning.setVisible(problem is not None)

    def _media_changed(self, shown: bool) -> None:
        """The media folder has files (or no longer): the middle row makes room."""
        self.media.setVisible(shown)
        self._middle.setStretchFactor(self.call_panel, 36 if shown else 46)
        self._middle.setStretchFactor(self.counters, 28 if shown else 54)

    def _on_connection(self, state: str, message: str) -> None:
        """The share away (or busy) once the screen shows the queue: the TV stays calm, the
        last good state and a small dot by the clock; never shown anything
        yet, or refused (trust, clock, schema): the banner says what to do."""
        calm = state in (UNAVAILABLE, BUSY) and self.model.loaded
        if calm != self.header.offline:
            self.header.offline = calm
            self.header.update()
        if calm:
            self.banner.hide()
        else:
            self.banner.set_state(state, message)
        self._ok_since = (self._ok_since or time.monotonic()) if state == "ok" else None
        if state == "ok":  # back after an outage: what happened meanwhile?
            if not self._settings_read:
                self.reload_settings()
            self.lists.request()
            self.media.rescan()  # the share's media folder may be readable again

    def _on_events(self, events: list) -> None:
        if self._closed:
            return
        _, refresh = self.model.apply_events(events)
        if any(e.kind == "settings_changed" for e in events):
            self.reload_settings()
        if refresh:
            self.lists.request()

    def _on_called(self, call: Call) -> None:
        self.skm_slot.pause()
        self.spotlight.submit(call)
        if self.queue is not None:
            self.queue.submit(CallRequest(event_id=call.event_id, number=call.number,
                                          counter=call.counter, kind=call.kind,
                                          fetch=self.model.fetching(call)))

    def _compose(self, request: CallRequest) -> Utterance:
        announcer = self.announcer
        if announcer is None:  # settings not read yet: shipped voice, default settings
            announcer = self.announcer = Announcer(tts=False)
        return announcer.prepare(request)

    # -- view --------------------------------------------------------------------------
    def _refresh_view(self) -> None:
        m = self.model
        # the call whose turn it is (others wait theirs), else the latest
        shown = self.spotlight.current if self.spotlight.busy else m.current(utc_now())
        self.call_panel.set_call(shown, fetching=m.fetching(shown))
        self.counters.set_counters(m.counters, shown.counter if shown else None)
        self.last_calls.set_calls(m.last_calls[1:] if shown is m.latest else m.last_calls)
        self.next_waiting.set_services(m.services, language(), m.priority_rule)

    def _tick_clock(self) -> None:
        # a LAN call the feed, there all along since, has not brought: the record lacks it
        now_s = time.monotonic()
        if self.model.unconfirmed and self._ok_since is not None and \
                now_s - self._ok_since >= CONFIRM_S:
            if self.model.withdraw_unconfirmed(now_s - CONFIRM_S):
                self.lists.request()  # the counters as the record has them
        if self.call_panel.call and not self.spotlight.busy and not self.model.current(utc_now()):
            self._refresh_view()  # the call shown large is history now
        now = local_time(datetime.now(timezone.utc), self.model.settings.get("timezone", "WIB"))
        note = break_near(self.model.settings, now) if self.model.settings else ""
        if note != self.model.break_note:  # the desks pause soon, or are back
            self.model.break_note = note
            self.marquee.set_text(self.model.running_text)
        self.header.date = long_date(now.date())
        self.header.clock = now.strftime("%H:%M:%S")
        self.header.update()

    def texts(self) -> list[str]:
        """Every text on screen (tests check what the public can read)."""
        return [text for part in self.panels for text in part.texts()]

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._clock.stop()
        self._refresh.stop()
        self.spotlight.stop()
        self.marquee.stop()
        self.media.close_loader()
        if self.queue is not None:
            self.queue.close()
        stop = getattr(self.player, "stop", None)
        if stop is not None:
            stop()
        if self.voice_finder is not None:
            self.voice_finder.speaker.stop()
        self.lan.stop()
        self.lists.close()
        self.station.close()


class WaitingLists(QObject):
    """The TV's waiting lists (``queue_snapshot``, some fifteen statements), read on a
    second Station of their own: the feed that brings a call never waits behind a list
    reading, however long it takes. Requests made while one reads are read together,
    :data:`LISTS_EVERY_MS` after it ends; each reading goes to *apply*."""

    def __init__(self, station: Station, apply: Callable[[dict], None],
                 parent: QObject) -> None:
        super().__init__(parent)
        self.station = station.helper(parent=self)
        self.apply = apply
        self.busy = self.dirty = self.closed = False
        self._due = QTimer(self, singleShot=True, interval=LISTS_EVERY_MS, timeout=self.request)

    def request(self) -> None:
        if self.busy or self._due.isActive():
            self.dirty = True
            return
        self.busy, self.dirty = True, False  # this one reads them
        self.station.run(queries.queue_snapshot, done=self._done, failed=self._failed,
                         parent=self)

    def _done(self, snap: dict) -> None:
        self.busy = False
        if self.closed:
            return
        self.apply(snap)
        if self.dirty:
            self.dirty = False
            self._due.start()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        log.warning("display snapshot failed: %s", error)  # the banner tells the people

    def close(self) -> None:
        self.closed = True
        self._due.stop()
        self.station.close()


class ScreenMemory(QObject):
    """What the TV last read cleanly from the record (the settings it shows, the last
    snapshot), kept on this PC's disk a second after each change (off the GUI thread):
    restarted while the share is away, it shows its office, tiles and clock from there."""

    def __init__(self, station: Station, station_id: str, parent: QObject) -> None:
        super().__init__(parent)
        self.station, self.file = station, jobs.screen_file(station_id)
        self.latest: list = [None, None]  # the settings and snapshot to keep
        self._timer = QTimer(self, singleShot=True, interval=1000, timeout=self._write)

    def restore(self, window: DisplayWindow) -> None:
        """Show on *window* what it kept (nothing kept: nothing shown)."""
        kept = jobs.kept_screen(self.file, str(self.station.path))
        if kept is None:
            return
        window._on_settings((kept[0], None), fresh=False)
        if kept[1] is not None:
            try:
                window.model.apply_snapshot(kept[1])
            except (KeyError, TypeError, ValueError) as exc:  # an older file's shape
                log.warning("the TV's kept screen not shown: %s", exc)

    def keep(self, settings: dict | None = None, snap: dict | None = None) -> None:
        self.latest = [settings or self.latest[0], snap or self.latest[1]]
        if self.latest[0] is not None:
            self._timer.start()

    def _write(self) -> None:
        off_gui(jobs.keep_screen, self.file, str(self.station.path), *self.latest,
                parent=self)


def mark_sound_missing(window) -> None:
    """Add "sound missing" to the title once, however often the device goes missing
    (every rebuild that found no device added it again)."""
    suffix = f" — {tr('display.sound_missing')}"
    if not window.windowTitle().endswith(suffix):
        window.setWindowTitle(window.windowTitle() + suffix)
