"""Counting the taps from the first survey screen to the thank-you page (``bench_skm``'s
``survey_taps_to_finish`` and the tests): drives the real window on a database with one
served ticket, typing its code on the keypad (no scanner), four profile answers, nine
questions, send; each press is a tap."""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton

from ult_desktop.core import skm
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket


def _wait(predicate, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the survey screen did not get there in time")
        QApplication.processEvents()
        time.sleep(0.005)


def taps_to_finish(db_path: str | Path) -> int:
    """Taps from the start screen to the thank-you page, profile included."""
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.survey.app import SurveyWindow

    ensure_app()
    db = open_database(db_path, station="taps", mode="cli")
    try:
        counter, services = db.query("SELECT number, service_ids FROM counters "
                                     "WHERE active = 1 ORDER BY number")[0]
        prefix = db.query("SELECT prefix FROM services WHERE id = ?",
                          (json.loads(services)[0],))[0][0]
        ticket = issue_ticket(db, service=prefix)
        call_next(db, counter=counter)
        finish(db, counter=counter)
    finally:
        db.close()
    window = SurveyWindow(db_path, station_name="survey-taps", poll_ms=50, thanks_ms=60_000)
    taps = 0

    def tap(button: QPushButton) -> None:
        nonlocal taps
        taps += 1
        button.click()
        QApplication.processEvents()

    try:
        _wait(lambda: window.settings is not None)
        visit(window.flow, ticket.code, tap)
    finally:
        window.close()
    return taps


def visit(flow, code: str, tap) -> None:
    """One visitor through the questionnaire: the code on the keypad, the first band of
    each profile question, the same answer nine times, send; *tap(button)* clicks."""
    for ch in code:
        tap(flow.start_page.key_buttons[ch])
    tap(flow.start_page.go)
    _wait(lambda: flow.stack.currentWidget() is flow.profile_page)
    for field, bands in skm.PROFILE.items():
        tap(flow.profile_page.buttons[field][bands[0]])
    tap(flow.profile_page.next)
    for _ in range(skm.ELEMENT_COUNT):
        tap(flow.question_page.answer_buttons[3])
    tap(flow.suggestion_page.send)
    _wait(lambda: flow.stack.currentWidget() is flow.thanks_page)


def tap_latencies_ms(db_path: str | Path, visitors: int = 10, *,
                     meanwhile=None) -> list[float]:
    """Milliseconds per tap (click until the screen has handled it) for *visitors*
    finishing the survey one after the other on a tablet, while its worker writes the
    shuffled batches. *meanwhile(service_id)*: starts other work on the file
    (another station writing batches) and returns the function that stops it."""
    from ult_desktop.ui.common.app import ensure_app
    from ult_desktop.ui.survey.app import SurveyWindow

    ensure_app()
    db = open_database(db_path, station="taps", mode="cli")
    codes = []
    try:
        counter, services = db.query("SELECT number, service_ids FROM counters "
                                     "WHERE active = 1 ORDER BY number")[0]
        prefix = db.query("SELECT prefix FROM services WHERE id = ?",
                          (json.loads(services)[0],))[0][0]
        sid = json.loads(services)[0]
        for _ in range(visitors):
            codes.append(issue_ticket(db, service=prefix).code)
            call_next(db, counter=counter)
            finish(db, counter=counter)
    finally:
        db.close()
    stop = meanwhile(sid) if meanwhile is not None else (lambda: None)
    window = SurveyWindow(db_path, station_name="survey-p95", poll_ms=50, thanks_ms=60_000)
    times: list[float] = []

    def tap(button: QPushButton) -> None:
        started = time.perf_counter()
        button.click()
        QApplication.processEvents()
        times.append((time.perf_counter() - started) * 1000)

    try:
        _wait(lambda: window.settings is not None)
        for code in codes:
            visit(window.flow, code, tap)
            window.flow.reset()
    finally:
        stop()
        window.close()
    return times
