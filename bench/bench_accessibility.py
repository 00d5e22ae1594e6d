"""The spoken kiosk, timed as a blind visitor lives it (offscreen Qt, real database file,
virtual printer, the shipped voice set and espeak-ng where a word has no clip).

* ``kiosk_audio_only_ticket_s``: from the visitor's first key to the end of the sentences
  that say the number, that the ticket is printed and where to wait (the counter), for a regular ticket of each of the office's services,
  95th percentile over the services. Target: 60 s or less.
* ``kiosk_audio_only_priority_ticket_s``: the same on the priority path (group, then
  service), 95th percentile over the five groups.
* ``kiosk_audio_only_ticket_headset_s``: the regular ticket again, started by plugging a
  headset in instead of a key (the PC's outputs as the kiosk's seam lists them, one added):
  from the plug to the same sentences, said in the headset after its greeting. Target:
  60 s or less.

The visitor presses a key as soon as the sentence with their option has been said
(the speech up to there is the length of its WAV made from the clips, the way the
kiosk says it), takes :data:`REACTION_S` to press, and waits for the kiosk (issuing and
printing, measured on the clock). Everything the visitor hears is followed by its text.
"""

from __future__ import annotations

import os
import re
import time

from _common import fresh_db, percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REACTION_S = 1.0   # from hearing one's option to pressing its key


def _wait(app, condition, timeout_s: float = 30.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the kiosk did not say it in time")
        app.processEvents(QEventLoop.AllEvents, 5)


class Visitor:
    """Listens (the text said, the time its sound takes up to what they need) and presses."""

    def __init__(self, app, window, say_s):
        self.app, self.window, self.say_s = app, window, say_s
        self.heard: list[str] = []
        window.spoken.speaker.spoken.connect(self.heard.append)
        window.spoken.speaker.player = lambda _u, done: done()
        self.listened = 0.0
        self.keys = 0

    def press(self, key) -> int:
        from PySide6.QtTest import QTest

        since = len(self.heard)
        QTest.keyClick(self.window, key)
        self.keys += 1
        return since

    def hear(self, pattern: str, since: int) -> re.Match:
        """Wait for the sentence, and count the speech up to the end of *pattern*."""
        found: list[re.Match] = []

        def said() -> bool:
            for text in self.heard[since:]:
                m = re.search(pattern, text)
                if m:
                    found.append(m)
                    return True
            return False

        _wait(self.app, said)
        m = found[0]
        self.listened += self.say_s(m.string[:m.end()])
        return m


def run(quick: bool) -> dict[str, float]:
    from PySide6.QtCore import Qt

    from ult_desktop.core.i18n import tr
    from ult_desktop.core.priority import GROUPS
    from ult_desktop.db.open import open_database
    from ult_desktop.devices.audio.compose import compose_prompt
    from ult_desktop.devices.audio.voice import ClipVoice, find_tts, voice_dir
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.kiosk.headset import Output
    from ult_desktop.ui.kiosk.window import KioskWindow, Timings

    app = ensure_app()
    db_path = fresh_db()
    db = open_database(db_path, station="bench", mode="cli")
    services = [(r["prefix"], r["name"]) for r in db.query(
        "SELECT prefix, name FROM services WHERE active = 1 ORDER BY sort_order, prefix")]
    clips, engine = ClipVoice([voice_dir("id")]).preload(), find_tts("id")
    lengths: dict[str, float] = {}

    def say_s(text: str) -> float:
        if text not in lengths:
            lengths[text] = compose_prompt(text, "id", clips, engine).duration_s
        return lengths[text]

    timings = Timings(guard_ms=800, ticket_ms=600_000, not_printed_ms=600_000,
                      idle_ms=600_000, refresh_ms=600_000)
    hall = Output(b"hall-speaker", "Speakers")
    outputs = [hall]
    window = KioskWindow(db_path, printer_url=f"virtual://{db_path.parent / 'tickets'}",
                         station_id="bench-spoken", locked=False, timings=timings,
                         config_file=db_path.parent / "station.json",
                         audio_outputs=lambda: list(outputs))
    window.resize(1080, 1920)
    window.show()
    regular: list[float] = []
    priority: list[float] = []
    headset: list[float] = []

    def visit(path: list[str], *, plug: bool = False) -> float:
        """One visitor: the options to choose, by name, then Enter; seconds it took
        (*plug*: speech started by a headset plugged in, not by a key)."""
        window.go_start()
        _wait(app, lambda: window.accepting())
        v = Visitor(app, window, say_s)
        started = time.perf_counter()
        if plug:
            outputs[1:] = [Output(b"usb-headset", "Headset", device=b"usb-headset")]
            since = len(v.heard)
            window.spoken.control.headset.changed()  # what Qt's audioOutputsChanged calls
        else:
            since = v.press(Qt.Key_Plus)
        for name in path:
            m = v.hear(rf"\b(\d), {re.escape(name)}", since)
            since = v.press(getattr(Qt, f"Key_{m[1]}"))
        v.hear(r"Tekan 0 atau Enter untuk mencetak tiket\.", since)
        since = v.press(Qt.Key_Enter)
        v.hear(r"Nomor antrean Anda [A-Z]+-\d+, .*Tiket sudah tercetak.*?Silakan menunggu"
               r"[^.]*\.", since)  # the number, the ticket printed, where to wait
        waited = time.perf_counter() - started  # the kiosk's own time, on the clock
        if plug:
            del outputs[1:]  # unplugged
            window.spoken.control.headset.changed()
        return waited + v.listened + v.keys * REACTION_S

    try:
        _wait(app, lambda: window.link.online and window.view.state is not None)
        for _ in range(1 if quick else 3):
            for _prefix, name in services:
                regular.append(visit([name]))
                headset.append(visit([name], plug=True))
            for i, group in enumerate(GROUPS):
                priority.append(visit(["layanan prioritas", tr(f"kiosk.group.{group}", "id"),
                                       services[i % len(services)][1]]))
    finally:
        window.shutdown()
        db.close()
    return {"kiosk_audio_only_ticket_s": round(percentile(regular, 95), 1),
            "kiosk_audio_only_ticket_headset_s": round(percentile(headset, 95), 1),
            "kiosk_audio_only_priority_ticket_s": round(percentile(priority, 95), 1)}
