"""A counter open, on a break with a reason, or back; one file, several stations.

The counter's screen pauses and resumes; the lobby display and the kiosk on the same
file show it; routing sends priority visitors to a counter that is open.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.drivers import WAIT, login, make_kiosk, press, service_button, sit_at
from ult_desktop.core.authority import may_write
from ult_desktop.db import errors, queries
from ult_desktop.db.queue.desk import call_next, pause_counter, resume_counter, transfer
from ult_desktop.db.queue.numbers import issue_ticket, priority_desks
from ult_desktop.db.queue.rows import read_pauses
from ult_desktop.db.record import reconcile

pytestmark = [pytest.mark.engines, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_a_paused_counter_calls_nobody_and_says_why(db):
    issue_ticket(db, service="A")
    pause_counter(db, counter=1, reason="istirahat", officer_id=None)
    with pytest.raises(errors.RuleViolation, match="dijeda"):
        call_next(db, counter=1)
    with pytest.raises(errors.RuleViolation, match="sudah dijeda"):
        pause_counter(db, counter=1, reason="rapat")
    snap = queries.queue_snapshot(db)
    assert {c["number"]: c["paused"] for c in snap["counters"]} == {1: "ishoma", 2: None,
                                                                  3: None}
    resume_counter(db, counter=1)
    assert call_next(db, counter=1).number == "A-001"
    with pytest.raises(errors.RuleViolation, match="tidak sedang dijeda"):
        resume_counter(db, counter=1)
    with pytest.raises(errors.RuleViolation, match="masih menangani"):
        pause_counter(db, counter=1, reason="rapat")  # A-001 is at the desk
    kinds = [(r[0], json.loads(r[1])) for r in db.query(
        "SELECT kind, data FROM events WHERE kind LIKE 'counter_%' ORDER BY id")]
    assert [k for k, _ in kinds] == ["counter_paused", "counter_resumed"]
    assert kinds[0][1]["reason"] == "ishoma" and kinds[1][1]["since"]
    assert reconcile.reconcile(db)["ok"]


def test_other_needs_words_and_the_words_are_kept(db):
    with pytest.raises(errors.RuleViolation, match="alasan jeda"):
        pause_counter(db, counter=2, reason="other:")
    pause_counter(db, counter=2, reason="other:menerima tamu pimpinan")
    paused = db.read(read_pauses)[2]
    assert (paused["reason"], paused["note"]) == ("other", "menerima tamu pimpinan")


def test_a_paused_priority_counter_is_skipped_by_routing(db):
    """SOP 004: a priority ticket goes to the priority counter; while that counter is on
    a break the ticket is not sent there and any counter serving it calls it first."""
    sit_at(db, 3)
    issue_ticket(db, service="A")
    prio = issue_ticket(db, service="A", priority_group="lansia")
    desks = priority_desks(db, prio)
    assert desks, "the demo office has a priority counter for A"
    for number in desks:
        pause_counter(db, counter=number, reason="rapat")
    assert priority_desks(db, prio) == []  # nobody else serves now
    sit_at(db, 1, "sari")
    assert priority_desks(db, prio) == [1]  # she goes first at Loket 1
    assert call_next(db, counter=1).number == prio.number


def test_only_a_counter_or_admin_key_may_pause(db):
    image = ["i", "counter_pauses", [1], {"reason": "ishoma"}]
    assert may_write("counter", image) and may_write("admin", image)
    assert not may_write("kiosk", image) and not may_write("display", image)


def test_the_counter_pauses_the_tv_and_the_kiosk_show_it(qtbot, request, make_window,
                                                         open_display, db, db_target,
                                                         tmp_path):
    """Three stations on one file: the officer pauses Loket 1 on its screen; the lobby
    display shows the reason on Loket 1's tile; a service whose only open counter is on
    a break says so on the kiosk before anyone takes a number."""
    a_id = db.query("SELECT id FROM services WHERE prefix = 'A'")[0][0]
    for number, ids in db.query("SELECT number, service_ids FROM counters WHERE active = 1"):
        if number != 1 and a_id in json.loads(ids):  # Loket 1 is A's last open counter
            pause_counter(db, counter=number, reason="tugas_luar")
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    tv = open_display()
    kiosk = make_kiosk(qtbot, request, db_target, tmp_path)
    card = w.queue.card
    qtbot.waitUntil(lambda: card.pause.button.isEnabled(), timeout=WAIT)
    press(qtbot, card.pause.button)
    dialog = card.pause.dialog
    dialog.choice.setCurrentIndex(dialog.choice.findData("ishoma"))
    dialog._try_accept()
    qtbot.waitUntil(lambda: card.pause.label.text() == "ISHOMA", timeout=WAIT)
    assert card.pause.button.text() == "Lanjutkan"
    assert card.status.text() == "Dijeda — tekan Lanjutkan"  # not "tekan F1"
    assert not w.queue.buttons["call_next"].isEnabled()
    qtbot.waitUntil(lambda: "LOKET 1 ISHOMA" in " ".join(tv.counters.texts()), timeout=WAIT)
    qtbot.waitUntil(lambda: "belum ada loket yang melayani" in service_button(kiosk, "A").status,
                    timeout=WAIT)
    assert service_button(kiosk, "A").isEnabled()  # the visitor may still take a number
    press(qtbot, card.pause.button)  # Lanjutkan
    qtbot.waitUntil(lambda: w.queue.buttons["call_next"].isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: "ISHOMA" not in " ".join(tv.counters.texts()), timeout=WAIT)
    qtbot.waitUntil(lambda: "jeda" not in service_button(kiosk, "A").status, timeout=WAIT)


def test_pause_and_resume_from_the_command_line(db_path):
    db = str(db_path)
    r = run_cli("pause", "--db", db, "--counter", "1", "--reason", "istirahat", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["paused"]["reason"] == "ishoma"
    r = run_cli("call", "--db", db, "--counter", "1")
    assert r.returncode != 0 and "dijeda" in r.stderr
    r = run_cli("resume", "--db", db, "--counter", "1")
    assert r.returncode == 0 and "kembali melayani" in r.stdout


def test_a_ticket_not_on_paper_is_still_called_and_can_be_printed_again(
        qtbot, request, make_window, db, db_target, tmp_path):
    """The kiosk's printer is out of paper: the visitor is told the number is still
    called, and it is: it counts among the waiting, the counter sees it marked "tidak
    tercetak" in its list and a reprint button for a visitor still at the kiosk."""
    from tests.drivers import shown_page, waiting_list
    from tests.printer_fixtures import LoopbackPrinter
    from ult_desktop.core.i18n import tr
    from ult_desktop.ui.kiosk.flow import TICKET

    printer = LoopbackPrinter(mode="paper_out")
    request.addfinalizer(printer.close)
    kiosk = make_kiosk(qtbot, request, db_target, tmp_path, printer_url=printer.url)
    qtbot.waitUntil(kiosk.link.holds_numbers, timeout=WAIT)
    press(qtbot, service_button(kiosk, "A"))
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET and kiosk.flow.print_outcome
                    is not None, timeout=WAIT)
    assert not kiosk.flow.print_outcome.ok
    assert kiosk.view.ticket_page.status.text() == tr("kiosk.ticket.not_printed")
    number = kiosk.view.ticket_page.number.text()

    def status() -> str | None:
        try:
            return queries.get_ticket(db, number=number).print_status
        except errors.UltError:
            return "not landed"
    qtbot.waitUntil(lambda: status() == "failed", timeout=WAIT)
    snap = queries.queue_snapshot(db)
    assert next(s for s in snap["services"] if s["prefix"] == "A")["waiting"] == 1
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    strip = w.queue.lists.unprinted
    qtbot.waitUntil(lambda: not strip.isHidden() and len(strip.buttons) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 1, timeout=WAIT)
    assert tr("counter.queue.unprinted") in waiting_list(w).text(0, 3)
    printer.mode = "ok"
    press(qtbot, strip.buttons[0])  # the visitor is still at the kiosk: paper after all
    qtbot.waitUntil(lambda: status() == "printed", timeout=WAIT)
    qtbot.waitUntil(lambda: strip.isHidden(), timeout=WAIT)
    assert call_next(db, counter=1).number == number


def test_nobody_waits_for_an_absent_officer(db):
    """A ticket sent to an officer who never calls it goes back to its
    service after the office's route_wait_min; until then other counters leave it."""
    from datetime import datetime, timedelta, timezone

    from ult_desktop.db.house.office import set_settings
    from ult_desktop.ui.counter import jobs

    set_settings(db, route_wait_min=25)  # still Dewi's when the panel is read, now
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    now = datetime.now(timezone.utc)  # today's queue, whose held list is read at this hour
    wib = now.astimezone(timezone(timedelta(hours=7)))
    t0 = max(now - timedelta(minutes=20),  # after 00:00 WIB: from then, some acts ahead
             wib.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(seconds=1))
    issue_ticket(db, service="A", now=t0)
    call_next(db, counter=1, now=t0 + timedelta(minutes=1))
    sent = transfer(db, counter=1, to_officer=dewi, reason="perlu bagian GTK",
                         now=t0 + timedelta(minutes=2))
    assert sent.routed_at == t0 + timedelta(minutes=2)
    # five minutes later: still Dewi's; Loket 1 is told whose and until when
    assert call_next(db, counter=1, now=t0 + timedelta(minutes=7)) is None
    state = jobs.counter_state(db, counter=1, officer_id=None)
    dewi_name = db.query("SELECT name FROM officers WHERE id = ?", (dewi,))[0][0]
    assert [(n, who) for n, who, _ in state.held] == [(sent.number, dewi_name)]
    # after 25 minutes it is back with its service: Loket 1 calls it
    assert call_next(db, counter=1, now=t0 + timedelta(minutes=28)).number == \
        sent.number


def test_the_held_priority_ticket_says_for_which_counter_and_until_when(db):
    from ult_desktop.ui.counter import jobs
    from ult_desktop.ui.counter.queue_panel import held_sentence

    sit_at(db, 3)
    prio = issue_ticket(db, service="A", priority_group="lansia")
    desks = priority_desks(db, prio)
    other = next(n for n in (1, 2, 3) if n not in desks)
    state = jobs.counter_state(db, counter=other, officer_id=None)
    [held] = state.held
    assert held[0] == prio.number
    sentence = held_sentence(state)
    assert sentence.startswith(f"{prio.number} ditahan untuk Loket {desks[0]}")
    assert " sampai pukul " in sentence and "loket ini dapat memanggilnya" in sentence
