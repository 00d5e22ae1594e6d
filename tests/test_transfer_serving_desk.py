"""No visitor stranded by a transfer: Alihkan marks the desks nobody serves now and
refuses a transfer to one with the reason (the record refuses it too); the sending desk
sees where the visitor it sent on waits and until when; a desk that stops serving keeps
nobody it was sent (she is back in her line at once)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from tests.drivers import WAIT, fkey, login, waiting_list
from ult_desktop.core.i18n import tr
from ult_desktop.core.tickets import TicketState
from ult_desktop.db import errors, queries
from ult_desktop.db.queue.desk import pause_counter, transfer
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


def _transfer_dialog(qtbot, w):
    fkey(qtbot, w, "transfer")
    qtbot.waitUntil(lambda: w.queue.dialog is not None and w.queue.dialog.isVisible(),
                    timeout=WAIT)
    return w.queue.dialog


def _items(combo) -> dict:
    return {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}


def _said(w) -> list[str]:
    said: list[str] = []
    w.session.message.connect(lambda text, error: said.append(text))
    return said


def test_a_transfer_never_leaves_a_visitor_waiting_for_an_empty_desk(qtbot, station_window,
                                                                     db):
    w1 = station_window("loket-1")
    login(qtbot, w1, "sari", counter=1)
    said = _said(w1)
    visitor = issue_ticket(db, service="B")  # Loket 1 and Loket 2 both serve B
    later = issue_ticket(db, service="B")
    qtbot.waitUntil(lambda: waiting_list(w1).rowCount() == 2, timeout=WAIT)
    fkey(qtbot, w1, "call_next")
    qtbot.waitUntil(lambda: w1.queue.current() is not None, timeout=WAIT)

    # nobody at Loket 2 or 3: both marked, and chosen the transfer is refused, said why
    dialog = _transfer_dialog(qtbot, w1)
    assert _items(dialog.counter)[2] == tr("counter.transfer.not_serving", counter="Loket 2")
    assert _items(dialog.counter)[3] == tr("counter.transfer.not_serving",
                                           counter="Loket 3 (Prioritas)")
    dialog.counter.setCurrentIndex(dialog.counter.findData(2))
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert dialog.isVisible() and dialog.error.text() == tr("counter.transfer.refused")
    dialog.reject()
    with pytest.raises(errors.RuleViolation) as refused:  # the record refuses it too
        transfer(db, number=visitor.number, to_counter=2)
    assert refused.value.key == "error.transfer_desk_not_serving"
    assert queries.get_ticket(db, ticket_id=visitor.id).state is TicketState.CALLED

    # Budi signs in at Loket 2: the desk sees it serve, the transfer goes, and the
    # sending desk is told where she waits and until when, and keeps her in its list
    w2 = station_window("loket-2")
    login(qtbot, w2, "budi", counter=2)
    qtbot.waitUntil(lambda: 2 in w1.queue.state.serving, timeout=WAIT)
    dialog = _transfer_dialog(qtbot, w1)
    assert _items(dialog.counter)[2] == "Loket 2"
    dialog.counter.setCurrentIndex(dialog.counter.findData(2))
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    qtbot.waitUntil(lambda: w1.queue.current() is None, timeout=WAIT)
    sent = queries.get_ticket(db, ticket_id=visitor.id)
    assert sent.state is TicketState.TRANSFERRED and sent.target_counter == 2
    qtbot.waitUntil(lambda: any(s.startswith(visitor.number) for s in said), timeout=WAIT)
    told = [s for s in said if s.startswith(visitor.number)][-1]
    until = w1.queue.state.held[0][2]
    assert told == tr("counter.msg.transferred_to", number=visitor.number, where="Loket 2",
                      until=until)
    rows = {waiting_list(w1).text(r, 0): waiting_list(w1).text(r, 3)
            for r in range(waiting_list(w1).rowCount())}
    assert tr("counter.queue.kept_until", where="Loket 2", until=until) in rows[visitor.number]
    assert later.number in rows and visitor.id not in w1.queue.state.callable

    # Loket 2 stops serving (a pause): she is back in her line at once, first again
    pause_counter(db, counter=2, reason="ishoma")
    qtbot.waitUntil(lambda: visitor.id in w1.queue.state.callable, timeout=WAIT)
    fkey(qtbot, w1, "call_next")
    qtbot.waitUntil(lambda: w1.queue.current() is not None, timeout=WAIT)
    assert w1.queue.current().number == visitor.number
