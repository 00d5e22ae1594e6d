"""The visitors' and officers' hands on one station's screen (``sitecustomize.py`` gives
them the window). Everything goes through the screen's own widgets; every act is a line
in ``<work>/acts/<station>.jsonl`` with the office time (this process's clock, the
bench's sped-up one), this version and this pid."""

from __future__ import annotations

import json
import os
import random
import time
import zlib
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

import ult_desktop

#: Office seconds between visitors at one kiosk (on average), how long an officer
#: serves one, how many she serves before a break, and the break's length.
KIOSK_GAP_S = 40.0
SERVE_S = 45.0
SERVED_BEFORE_BREAK = 3
SIGNED_IN_MAX_S = 300.0
BREAK_S = 90.0
OFFICERS = ("sari", "budi", "admin")
TICK_MS = 500


def arrivals(station: str, start: float, until: float) -> list[tuple[int, float]]:
    """(id, office time) of the visitors who come to *station*'s kiosk: the same for every
    version of it (a seed of its name), from *start* until *until*."""
    rng, at, out = random.Random(zlib.crc32(station.encode())), start, []
    while True:
        at += rng.expovariate(1 / KIOSK_GAP_S)
        if at > until:
            return out
        out.append((len(out), at))


class Hand(QObject):
    def __init__(self, window, work: str) -> None:
        super().__init__(window)
        self.window, self.work = window, Path(work)
        self.station = os.environ["ULT_BENCH_STATION"]
        self.kind = type(window).__name__.removesuffix("Window").lower()
        self.log = self.work / "acts" / f"{self.station}.jsonl"
        self.served = {a.get("id") for a in self._past() if a["ev"] == "touch"}
        self.ready = False
        self.at_desk = self.due = None
        self.done_since_break, self.break_until, self.signed_in_at = 0, 0.0, 0.0
        self.said("up")
        self.timer = QTimer(self, interval=TICK_MS, timeout=self.tick)
        self.timer.start()

    def _past(self) -> list[dict]:
        try:
            return [json.loads(line) for line in self.log.read_text().splitlines() if line]
        except OSError:
            return []

    def said(self, ev: str, **data) -> None:
        line = json.dumps({"ev": ev, "t": time.time(), "pid": os.getpid(),
                           "version": ult_desktop.__version__, **data})
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def load_window(self) -> tuple[float, float] | None:
        """(start, end) of the visitors' coming: the bench's word, None before it."""
        try:
            start, _, end = (self.work / "load").read_text().partition(" ")
        except OSError:
            return None
        return float(start), float(end or "inf")

    def tick(self) -> None:
        try:
            getattr(self, f"_{self.kind}", self._display)()
        except Exception as exc:  # said, and the next tick tries again
            self.said("hand_error", why=f"{type(exc).__name__}: {exc}")

    def _display(self) -> None:  # nobody touches the TV: it only follows
        if not self.ready:
            self.ready = True
            self.said("ready")

    # -- kiosk -------------------------------------------------------------------------
    def _kiosk(self) -> None:
        from ult_desktop.ui.kiosk.flow import START

        w = self.window
        if not self.ready:
            if w.link.online and w.view.state is not None and w.view.pages.currentIndex() == START:
                self.ready = True
                self.said("ready")
            return
        window = self.load_window()
        if window is None:
            return
        now = time.time()
        due = next(((i, at) for i, at in arrivals(self.station, window[0], min(now, window[1]))
                    if i not in self.served), None)
        if due is None or not w.accepting() or w.view.pages.currentIndex() != START:
            return
        buttons = [b for b in w.view.start_page.buttons.values() if b.isEnabled()]
        if not buttons:
            return
        buttons[due[0] % len(buttons)].click()  # the visitor's touch
        self.served.add(due[0])
        self.said("touch", id=due[0], arrived=due[1])

    # -- counter -----------------------------------------------------------------------
    def _counter(self) -> None:
        w = self.window
        if not self.ready:
            if w.login.officer.count() > 0 and w.session.online:
                self.ready = True
                self.said("ready")
            return
        if self.load_window() is None:
            return
        now = time.time()
        if w.session.officer is None:
            if now >= self.break_until:
                self._sign_in()
            return
        if w.queue.state is None:
            return
        buttons = w.queue.buttons
        if self.at_desk is None:
            if self.done_since_break >= SERVED_BEFORE_BREAK or \
                    now - self.signed_in_at >= SIGNED_IN_MAX_S:
                w.logout_btn.click()
                self.done_since_break, self.break_until = 0, now + BREAK_S
                self.said("signout")
            elif buttons["call_next"].isEnabled() and w.queue.current() is None \
                    and w.queue.state.waiting:
                buttons["call_next"].click()
                self.at_desk = now
            elif w.queue.current() is not None:
                self.at_desk = now
            return
        if now - self.at_desk < SERVE_S:
            return
        self.due = self.due or now
        if buttons["finish"].isEnabled() and w.queue.current() is not None:
            buttons["finish"].click()  # Selesai, and the dialog's OK
            w.queue.dialog.accept()
            self.said("selesai", due=self.due, number=w.queue.current().number
                      if w.queue.current() else None)
            self.at_desk = self.due = None
            self.done_since_break += 1

    def _sign_in(self) -> None:
        from ult_desktop.db.house.setup import DEMO_PINS

        w = self.window
        counter = int(os.environ["ULT_BENCH_COUNTER"])
        officer = OFFICERS[(counter - 1) % len(OFFICERS)]
        w.login.officer.setCurrentIndex(w.login.officer.findData(officer))
        w.login.counter.setCurrentIndex(w.login.counter.findData(counter))
        w.login.pin.setText(DEMO_PINS[officer])
        w.login.button.click()
        self.break_until = time.time() + 10  # not again before it answered
        self.signed_in_at = time.time()
        self.said("signin", officer=officer)
