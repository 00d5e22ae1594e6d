"""The office's break kept at the desk as the paper says it: with ISHOMA set, a free desk
pauses at the break's start with the break as its reason and says so; F1 then calls
nobody; a desk with a visitor pauses once she is done; its officer serves on only by
saying so (Tetap melayani, recorded), and the band counts such a desk as one that serves.

The counter's clock (``ui.counter.jobs.utc_now``) is moved to the break's start; the
break is set a few minutes ahead of the real clock, so every act lands in order."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.conftest import ZONES, given_root, run_cli
from tests.drivers import WAIT, fkey, login, press, waiting_list
from ult_desktop.core.band import call_in
from ult_desktop.core.i18n import tr
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import queries
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next, pause_counter, resume_counter
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.wait import read_band_day
from ult_desktop.ui.counter import jobs

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


def _break_ahead(db) -> tuple[datetime, dict]:
    """ISHOMA set to begin two minutes ahead (for an hour) in the office zone whose day
    holds it; returns the break's start (UTC) and its words' span."""
    now = datetime.now(timezone.utc)
    zone = min(ZONES, key=lambda z: (now + timedelta(hours=ZONES[z])).time())
    local = now.astimezone(timezone(timedelta(hours=ZONES[zone])))
    start = (local + timedelta(minutes=3)).replace(second=0, microsecond=0)
    end = start + timedelta(hours=1)
    assert start.date() == end.date() == local.date()
    set_settings(db, timezone=zone, break_daily=f"{start:%H:%M}-{end:%H:%M}", break_friday="",
                 serving_until="23:59")
    return start.astimezone(timezone.utc), {"start": f"{start:%H.%M}", "end": f"{end:%H.%M}"}


def _at_break(monkeypatch, starts: datetime) -> None:
    """The counter's clock moved to five seconds after *starts*, running on from there."""
    shift = starts + timedelta(seconds=5) - datetime.now(timezone.utc)
    monkeypatch.setattr(jobs, "utc_now", lambda: datetime.now(timezone.utc) + shift)


def _said(w) -> list[str]:
    said: list[str] = []
    w.session.message.connect(lambda text, error: said.append(text))
    return said


def test_a_free_desk_pauses_at_the_break_and_f1_calls_nobody_until_she_serves_on(
        qtbot, make_window, db, monkeypatch):
    starts, span = _break_ahead(db)
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    said = _said(w)
    first = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 1, timeout=WAIT)
    pause = w.queue.card.pause
    assert w.queue.state.paused is None and pause.button.text() == tr("counter.action.pause")

    _at_break(monkeypatch, starts)  # 12:00 (the break's start) at the desk
    qtbot.waitUntil(lambda: w.queue.state.paused is not None, timeout=WAIT)
    assert w.queue.state.paused["reason"] == "ishoma"
    qtbot.waitUntil(lambda: pause.label.text() == tr("counter.break.paused", **span),
                    timeout=WAIT)
    assert pause.button.text() == tr("counter.action.keep_serving")
    assert tr("counter.msg.break_paused", counter="Loket 1", **span) in said
    paused = db.query("SELECT data FROM events WHERE kind = 'counter_paused'")
    assert [json.loads(d)["reason"] for d, in paused] == ["ishoma"]

    # F1 calls nobody: neither the key nor the panel's own call
    assert not w.queue.buttons["call_next"].isEnabled()
    qtbot.keyClick(w, Qt.Key_F1)
    w.queue.do_call_next()
    assert said[-1] == tr("counter.msg.break_no_call", **span)
    assert queries.get_ticket(db, ticket_id=first.id).state is TicketState.WAITING

    # the officer says she serves on: recorded, and F1 calls
    press(qtbot, pause.button)
    qtbot.waitUntil(lambda: w.queue.state.paused is None and
                    w.queue.buttons["call_next"].isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: pause.label.text() == tr("counter.break.kept", **span),
                    timeout=WAIT)
    kept = db.query("SELECT data FROM events WHERE kind = 'counter_resumed'")
    assert [json.loads(d).get("keep") for d, in kept] == ["ishoma"]
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    assert w.queue.current().number == first.number
    assert w.queue.state.paused is None  # a desk that serves on is not paused again

    # the band of a new ticket counts the desk that serves on: not after the break
    later = issue_ticket(db, service="A")
    moment = jobs.utc_now()
    day = db.read(lambda conn: read_band_day(conn, moment))
    assert [d.back_in for d in day.desks if d.view.number == 1] == [0.0]
    assert all(1 not in held for *_, held in day.pauses if held) and \
        all(held for *_, held in day.pauses)  # the break holds the other desks only
    assert call_in(day, later.id) < 5  # called once A-001 is done, not at the break's end


def test_a_desk_with_a_visitor_pauses_after_her(qtbot, make_window, db, monkeypatch):
    starts, span = _break_ahead(db)
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    said = _said(w)
    issue_ticket(db, service="A")
    waiting = issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 2, timeout=WAIT)
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)

    _at_break(monkeypatch, starts)
    pause = w.queue.card.pause
    qtbot.waitUntil(lambda: pause.label.text() == tr("counter.break.after_visitor", **span),
                    timeout=WAIT)
    assert w.queue.state.paused is None  # she is not sent away
    w.queue.do_call_next()  # not another visitor meanwhile
    assert said[-1] == tr("counter.msg.break_no_call", **span) and w.queue.dialog is None

    fkey(qtbot, w, "finish")  # Selesai
    w.queue.dialog.set_outcome("answered")
    w.queue.dialog.accept()
    qtbot.waitUntil(lambda: w.queue.state.paused is not None, timeout=WAIT)
    assert w.queue.state.paused["reason"] == "ishoma"
    assert pause.label.text() == tr("counter.break.paused", **span)
    assert queries.get_ticket(db, ticket_id=waiting.id).state is TicketState.WAITING


def test_serving_on_through_the_break_is_an_honest_desk_act(judged_pcs, db_path):
    """Signed by the counter's key as its Jeda and Lanjutkan are: ``check`` finds
    nothing to say."""
    c1 = judged_pcs["c1"]
    pause_counter(c1, counter=1, reason="ishoma")
    resume_counter(c1, counter=1, keep="ishoma")
    issue_ticket(judged_pcs["kiosk"], service="A")
    assert call_next(c1, counter=1) is not None
    target = str(db_path)
    r = run_cli("check", "--db", target, "--json", *given_root(target))
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_command_lines_call_keeps_the_break_as_the_desk_does(db, db_path):
    """``call`` during the office's break calls nobody, says so, and pauses the free desk
    for the break; ``resume --keep`` is the officer's Tetap melayani, and then it calls."""
    now = datetime.now(timezone.utc)
    zone = min(ZONES, key=lambda z: abs((now + timedelta(hours=ZONES[z])).hour - 12))
    local = now.astimezone(timezone(timedelta(hours=ZONES[zone])))
    start = (local - timedelta(minutes=1)).replace(second=0, microsecond=0)
    end = start + timedelta(hours=1)
    set_settings(db, timezone=zone, break_daily=f"{start:%H:%M}-{end:%H:%M}", break_friday="",
                 serving_until="23:59")
    waiting = issue_ticket(db, service="A")
    target = str(db_path)
    r = run_cli("call", "--db", target, "--counter", "1")
    assert r.returncode != 0
    assert tr("cli.break_no_call", counter=1, start=f"{start:%H.%M}",
              end=f"{end:%H.%M}") in r.stdout + r.stderr
    assert queries.get_ticket(db, ticket_id=waiting.id).state is TicketState.WAITING
    paused = db.query("SELECT data FROM events WHERE kind = 'counter_paused'")
    assert [json.loads(d)["reason"] for d, in paused] == ["ishoma"]

    r = run_cli("resume", "--db", target, "--counter", "1", "--keep")
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_cli("call", "--db", target, "--counter", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    assert queries.get_ticket(db, ticket_id=waiting.id).state is TicketState.CALLED
