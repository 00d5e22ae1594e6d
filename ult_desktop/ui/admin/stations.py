"""Stations online: heartbeat, version, printer state and clock-skew warnings.

Station clocks differ, so "online" never compares a station's clock with ours: beside a
shared file a station is alive while its pulse moves (``app.pulse``); on a server, while
its heartbeat row's ``clock`` value changes. The skew is what the station measured and
wrote with its heartbeat (an older station: its clock against this PC's at that moment)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableWidgetItem,
    QWidget,
)

from ult_desktop.app.selftest.office import printer_words
from ult_desktop.app.updates.station import fleet_words
from ult_desktop.core.dates import heartbeat_age_s
from ult_desktop.core.i18n import tr
from ult_desktop.core.phone import PAGE_NOT_SERVED
from ult_desktop.db.house import fleet, stations
from ult_desktop.db.house.stations import TOOL_MODES
from ult_desktop.ui.admin import base
from ult_desktop.ui.admin.audit_chain import StationKeysPanel
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.common.off_gui import Relay, off_gui
from ult_desktop.ui.common.pc_duties import HEARTBEAT_MS
from ult_desktop.ui.common.pulse import HallWatch
from ult_desktop.ui.common.tables import list_table

SKEW_LIMIT_S = 120
#: No heartbeat change for this long (two and a half beats): offline.
OFFLINE_AFTER_S = HEARTBEAT_MS / 1000 * 2.5
POLL_MS = 5_000

ONLINE, OFFLINE, CHECKING = "online", "offline", "checking"


@dataclass
class _Seen:
    clock: str
    first_mono: float
    changed_mono: float | None = None
    skew_s: float | None = None


@dataclass(frozen=True)
class StationView:
    id: str
    mode: str
    version: str
    host: str
    status: str
    seen_ago_s: float | None
    skew_s: float | None
    #: acts or tickets it keeps on its own disk, not in the record yet
    pending: int = 0
    pending_since: str | None = None
    #: its journal cannot be written: it issues or serves only while the share answers
    journal_error: str | None = None
    #: its update state as its heartbeat said it (``app.updates.station.summary``)
    update: dict | None = None

    @property
    def skew_warning(self) -> bool:
        return self.skew_s is not None and abs(self.skew_s) > SKEW_LIMIT_S


class HeartbeatTracker:
    """Turns successive reads of the ``stations`` table into online state and skew."""

    def __init__(self, offline_after_s: float = OFFLINE_AFTER_S,
                 clock: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic):
        self.offline_after_s = offline_after_s
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.monotonic = monotonic
        self.seen: dict[str, _Seen] = {}

    def observe(self, rows: list[dict], own_skew: float | None = None) -> list[StationView]:
        """*own_skew*: this PC's clock against the share's: a row first seen is judged at
        once by its age on the share's clock (the skew each station wrote with it)."""
        now_utc, now_mono = self.clock(), self.monotonic()
        views = []
        for row in rows:
            seen = self.seen.get(row["id"])
            if seen is None:
                seen = self.seen[row["id"]] = _Seen(clock=row["clock"], first_mono=now_mono)
                age = heartbeat_age_s(row["clock"], row.get("detail"), own_skew,
                                      now_utc.timestamp())
                if age is not None:  # right on opening, not "checking" for a minute
                    seen.changed_mono = now_mono - max(0.0, age)
            elif row["clock"] != seen.clock:
                seen.clock = row["clock"]
                seen.changed_mono = now_mono
                theirs = datetime.fromisoformat(row["clock"])
                seen.skew_s = (theirs - now_utc).total_seconds()
            since = now_mono - (seen.changed_mono if seen.changed_mono is not None
                                else seen.first_mono)
            if since > self.offline_after_s:
                status = OFFLINE
            else:
                status = ONLINE if seen.changed_mono is not None else CHECKING
            detail = stations.row_detail(row)
            if detail.get(stations.NO_HEARTBEAT):  # (its row gone or not its own: not seen)
                status = OFFLINE
            host = detail.get("host", "")
            if isinstance(detail.get("skew_s"), int | float):  # measured against the share
                seen.skew_s = float(detail["skew_s"])  #: not against ours
            views.append(StationView(
                id=row["id"], mode=row["mode"], version=row["version"], host=host, status=status,
                seen_ago_s=None if seen.changed_mono is None else now_mono - seen.changed_mono,
                skew_s=seen.skew_s, pending=int(detail.get("pending") or 0),
                pending_since=detail.get("pending_since"),
                journal_error=detail.get("journal_error") or None,
                update=detail.get("update") if isinstance(detail.get("update"), dict) else None))
        return views


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return tr("admin.stations.not_yet")
    if seconds < 90:
        return tr("admin.stations.seconds_ago", n=int(seconds))
    return tr("admin.stations.minutes_ago", n=int(seconds // 60))


def _skew(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = int(round(abs(seconds)))
    sign = "" if s == 0 else ("+" if seconds > 0 else "−")
    return f"{sign}{s // 60}:{s % 60:02d}"


class StationsPage(base.Page):
    title_key = "admin.page.stations"
    reload_kinds = frozenset()  # refreshed by its own timer, not by the feed

    def __init__(self, station, parent=None, poll_ms: int = POLL_MS,
                 tracker: HeartbeatTracker | None = None):
        super().__init__(station, parent)
        self.tracker = tracker or HeartbeatTracker()
        self.views: list[StationView] = []
        self.table = list_table([
            tr("admin.stations.id"), tr("admin.stations.mode"), tr("admin.stations.version"),
            tr("admin.stations.host"), tr("admin.stations.printer"), tr("admin.stations.seen"),
            tr("admin.stations.clock"), tr("admin.stations.status")],
            fit_contents=False, stretch=(7,), selection=QAbstractItemView.NoSelection)
        self.fleet = FleetLine(self)
        self.morning = MorningCheckPanel(self)
        self.keys = StationKeysPanel(station)
        self.keys.table.setMaximumHeight(96)  # the stations come first: eight rows in view
        self.keys.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        fill(self.body, self.fleet, (self.table, 3),
             QLabel(tr("admin.stations.hint"), wordWrap=True, styleSheet="color:#607d8b;"),
             self.morning, self.keys)
        self.timer = QTimer(self, interval=poll_ms, timeout=self.refresh)
        self._data = None  # the last read, shown again when a station's pulse changes
        self.watch = HallWatch(station, parent=self)
        self.watch.changed.connect(lambda _s: self._data and self.show_data(self._data))

    def shown(self) -> None:
        self.watch.start()
        if not self.timer.isActive():
            self.timer.start()
            self.keys.load()

    def stop(self) -> None:
        self.timer.stop()
        self.watch.stop()

    def showEvent(self, event) -> None:  # back from another page
        super().showEvent(event)
        self.shown()

    def hideEvent(self, event) -> None:  # nobody sees it: no polling
        super().hideEvent(event)
        self.stop()

    def refresh(self) -> None:
        if not self.busy:
            self.load()

    @staticmethod
    def fetch(db) -> tuple[list[dict], tuple | None, float | None, dict]:
        hall = [r for r in stations.list_stations(db) if r["mode"] not in TOOL_MODES]
        return hall, stations.last_morning_check(db), db.clock_skew_s, \
            newest_release(db.path)  # (a server: no file beside an update folder)

    def show_data(self, data: tuple[list[dict], tuple | None, float | None, dict]) -> None:
        rows, morning, own_skew, newest = self._data = data
        self.fleet.show_newest(newest)
        self.morning.show_last(morning)
        self.views = self.tracker.observe(rows, own_skew)
        alive = self.watch.alive
        printers = stations.judge_printers(stations.recorded_printers(rows, own_skew),
                                           self.watch.kiosk_printers)
        if self.watch.folder is not None:  # alive is the pulse's word, as on the counters
            self.views = [replace(v, status=CHECKING if alive is None else
                                  ONLINE if v.id in alive else OFFLINE,
                                  seen_ago_s=0.0 if alive and v.id in alive else v.seen_ago_s)
                          for v in self.views]
        self.table.setRowCount(len(self.views))
        for r, v in enumerate(self.views):
            status = tr(f"admin.stations.{v.status}")
            if v.skew_warning:
                status = tr("admin.stations.skew", minutes=round(abs(v.skew_s) / 60))
            if v.pending:  # holds what the record has not got
                since = datetime.fromisoformat(v.pending_since).astimezone().strftime(
                    "%H.%M") if v.pending_since else "–"
                status += " · " + tr("admin.stations.pending", n=v.pending, since=since)
            if v.journal_error:
                status += " · " + tr("admin.stations.journal_error")
            silent = False
            if v.mode == "display":  # what the TV last showed and said aloud, by its pulse
                tv, silent = tv_words(self.watch.pulses.get(v.id, {}))
                status += tv
            phone = self.watch.pulses.get(v.id, {}).get("phone")  # the page it serves
            if phone:
                status += " · " + tr(f"admin.stations.phone_{phone}")
                silent = silent or phone == PAGE_NOT_SERVED
            stopped = self.watch.sentences.get(v.id)  # its pulse: within seconds
            if stopped:
                status = stopped
            verdict = printers[v.id]  # as every counter judges it
            printer = printer_words(verdict.state) if verdict.state else tr("admin.printer.none")
            fleet_state, version = self._fleet_cell(v, newest)
            cells = [v.id, v.mode, version, v.host, printer, _ago(v.seen_ago_s),
                     _skew(v.skew_s), status]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 7:
                    item.setToolTip(text)  # the whole sentence where the column cuts it
                    color = "#b71c1c" if v.skew_warning or v.pending or v.journal_error or \
                        v.status == OFFLINE or stopped or silent else \
                        "#1b5e20" if v.status == ONLINE else "#607d8b"
                    item.setForeground(QColor(color))
                if col == 6 and v.skew_warning:
                    item.setForeground(QColor("#b71c1c"))
                if col == 4 and verdict.trouble or col == 2 and fleet_state != fleet.CURRENT:
                    item.setForeground(QColor("#b71c1c"))
                if col == 2:
                    item.setToolTip(text)
                self.table.setItem(r, col, item)
        for col in range(7):
            self.table.resizeColumnToContents(col)

    def _fleet_cell(self, v: StationView, newest: dict) -> tuple[str, str]:
        """The station's update state (``fleet.judge``) and its version cell: the version
        its running program said, and the state in words (offline: last seen)."""
        on = v.status == ONLINE or v.status == CHECKING and v.seen_ago_s is not None \
            and v.seen_ago_s <= self.tracker.offline_after_s  # not "running" when off
        state, about = fleet.judge(v.version, v.update or {}, newest["version"],
                                   newest["targets"], online=on)
        self.fleet.judged(state)
        return state, f"{v.version} · " + fleet_words(state, about or _ago(v.seen_ago_s))


def newest_release(db_file) -> dict:
    """The newest release published (this admin PC's record, or the update folder's) that
    every station is judged against (``publish.newest``), and its folder (``share``)."""
    from ult_desktop.app.updates import client, keys, publish

    return publish.newest(client.update_folder(str(db_file) if db_file else None),
                          keys.default_dir())


class FleetLine(QWidget):
    """Above the stations: the newest release, a freeze (an older folder published it), and the
    button that lets stations where the release is banned check it again (``client.ask_again``)."""

    def __init__(self, page: StationsPage):
        super().__init__(page)
        self.page, self.newest = page, {}
        self.label = QLabel(wordWrap=True)
        self.again = QPushButton(clicked=self.ask_again)
        self.again.hide()
        vbox(on=self, margins=0).addLayout(hbox((self.label, 1), self.again))

    def show_newest(self, newest: dict) -> None:
        self.newest = newest
        words = tr("update.status.published", version=newest["version"] or "-",
                   share=newest["share"] or "-")
        if newest["put_back"]:
            words += " " + tr("update.status.put_back", older=newest["put_back"])
        self.label.setText(words)
        self.label.setStyleSheet("color:#b71c1c;" if newest["put_back"] else "")
        self.again.hide()

    def judged(self, state: str) -> None:
        if state == fleet.BANNED and self.newest.get("share") is not None:
            self.again.setText(tr("admin.stations.again", version=self.newest["version"]))
            self.again.show()

    def ask_again(self) -> None:
        from ult_desktop.app.updates import client

        share, version = self.newest["share"], self.newest["version"]
        self.again.setEnabled(False)
        self.page.run(lambda _db: client.ask_again(share, version),
                      done=lambda _r: (self.again.setEnabled(True), self.page.set_status(
                          tr("admin.stations.asked_again", version=version))),
                      failed=lambda _e: self.again.setEnabled(True))


def tv_words(pulse: dict) -> tuple[str, bool]:
    """" · last shown A-012 at 10.42 · said at 10.42" from a TV's pulse, and whether its
    last call was not heard to the end (the sound output never said it finished)."""
    def at(value) -> str:
        return datetime.fromtimestamp(float(value)).strftime("%H.%M")

    words, silent = "", False
    with contextlib.suppress(KeyError, TypeError, ValueError, IndexError):
        number, when = pulse["shown"][:2]
        words += " · " + tr("admin.stations.tv_shown", number=number, time=at(when))
    with contextlib.suppress(KeyError, TypeError, ValueError, IndexError):
        number, when, finished = pulse["spoken"][:3]
        silent = not finished
        words += " · " + tr("admin.stations.tv_spoken" if finished else
                            "admin.stations.tv_silent", number=number, time=at(when))
    return words, silent


_LINE_COLORS = {"pass": "#1b5e20", "fail": "#b71c1c", "warn": "#e65100", "skip": "#607d8b"}


class MorningCheckPanel(QWidget):
    """The last morning check in the record (when, where, lines to fix) and a button that runs it
    again from this PC, off the GUI thread, each line shown green or red as soon as it is known."""

    def __init__(self, page: StationsPage):
        super().__init__(page)
        self.page = page
        self.summary = QLabel(tr("admin.morning.never"), wordWrap=True)
        self.button = QPushButton(tr("admin.morning.run"), clicked=self.start)
        self.lines = QListWidget(maximumHeight=112)
        self.lines.hide()
        vbox(hbox((self.summary, 1), self.button), self.lines, on=self, margins=0)
        self.result: dict | None = None
        self.line = Relay(self._line, self)  # one line of the run, from the worker thread

    def show_last(self, last: tuple | None) -> None:
        if last is None:
            base.say(self.summary, tr("admin.morning.never"), "color:#607d8b;")
            return
        at, result = last
        counts = result.get("counts") or {}
        when = at.astimezone().strftime("%d/%m %H.%M")
        failed = int(counts.get("fail") or 0)
        base.say(self.summary, tr("admin.morning.last", when=when, host=result.get("host", "?"),
                                  passed=int(counts.get("pass") or 0), failed=failed),
                 "color:#b71c1c;" if failed else "color:#1b5e20;")
        if self.result is None:  # this PC's own run stays on screen until it is left
            self._fill(result.get("lines") or [])

    def start(self) -> None:
        from ult_desktop.app.selftest.office import morning_check

        self.button.setEnabled(False)
        self.page.set_status(tr("admin.morning.running"))
        self.result = {"lines": []}
        self._fill([])

        def progress(check) -> None:
            self.line({"id": check.id, "status": check.status, "message": check.sentence()})

        off_gui(morning_check, str(self.page.station.path), do_print=False, do_sound=False,
                stations_test=("printer", "sound", "speech"), progress=progress,
                done=self._done, failed=self._failed, parent=self)

    def _line(self, line: dict) -> None:
        if self.result is not None and not self.button.isEnabled():  # a run under way
            self.result["lines"].append(line)
            self._fill(self.result["lines"])

    def _done(self, outcome) -> None:
        report, kept = outcome
        self.button.setEnabled(True)
        counts = report.counts()
        self.result = {"lines": [{"id": c.id, "status": c.status, "message": c.sentence()}
                                 for c in report.checks]}
        self._fill(self.result["lines"])
        key = "admin.morning.done" if kept is not None else "admin.morning.done_not_kept"
        self.page.set_status(tr(key, passed=counts["pass"], failed=counts["fail"]))
        self.page.load()

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        self.page.show_error(error)

    def _fill(self, lines: list[dict]) -> None:
        self.lines.clear()
        order = {"fail": 0, "warn": 1, "pass": 2}
        for line in sorted(lines, key=lambda x: order.get(x.get("status"), 3)):  # faults first
            if line.get("status") == "skip":
                continue
            word = tr(f"selftest.status.{line.get('status', 'skip')}")
            item = QListWidgetItem(f"{word}  {line.get('message', '')}")
            item.setForeground(QColor(_LINE_COLORS.get(line.get("status"), "#000000")))
            self.lines.addItem(item)
        self.lines.setVisible(self.lines.count() > 0)
