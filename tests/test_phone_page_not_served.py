"""One judgement of "the phone page is served" (core.phone.page_judgement, from the
serving station's pulse): a TV whose port another program holds says so on its screen,
in its pulse, in the morning check, and tickets printed meanwhile carry no link to it."""

from __future__ import annotations

import json
import socket

import pytest

from tests.conftest import run_cli
from tests.drivers import free_tcp_port
from ult_desktop.app.print_service import ticket_print_data
from ult_desktop.app.pulse import phone_page_now
from ult_desktop.core import phone
from ult_desktop.core.i18n import tr
from ult_desktop.db.house.office import get_settings, set_settings
from ult_desktop.db.queue.numbers import issue_ticket

PHONE_KEYS = ("phone_address", "phone_port", "phone_station")


def page_now(db) -> str:
    return phone_page_now(db, get_settings(db, *PHONE_KEYS))[0]


def morning_line(db_path) -> dict:
    proc = run_cli("morning-check", "--db", str(db_path), "--no-print", "--no-sound",
                   "--json", timeout=120)
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    return next(c for c in report["checks"] if c["id"] == "office.phone_page")


def test_a_tv_whose_port_is_taken_says_so_and_tickets_carry_no_link(db, db_path,
                                                                   open_display, qtbot):
    port = free_tcp_port()
    address = f"http://127.0.0.1:{port}"
    blocker = socket.socket()  # another program holds the page's port
    blocker.bind(("127.0.0.1", port))
    blocker.listen()
    set_settings(db, phone_address="127.0.0.1", phone_port=port, running_text="Selamat datang")
    try:
        w = open_display()
        qtbot.waitUntil(lambda: w.phone_note.text() == tr(
            "phone.page_not_served", address=address, reason=tr("phone.bind.port_taken")),
            timeout=10_000)  # the office's verdict, as the kiosks print by it
        assert not w.phone_note.isHidden()
        assert w.phone_note.text().startswith("Halaman antrean ponsel tidak dilayani")
        assert w.marquee.text == "Selamat datang"  # no visitor is sent to a dead page
        qtbot.waitUntil(lambda: page_now(db) == phone.PAGE_NOT_SERVED, timeout=5000)
        ticket = issue_ticket(db, service="A")
        paper = ticket_print_data(db, ticket)
        assert not paper.phone_page and "http" not in paper.qr_text()
        line = morning_line(db_path)
        assert line["status"] == "fail"
        assert line["data"] == {"state": "not_served", "station": "test-display",
                                "address": address}
    finally:
        blocker.close()
    w.pc.phone._retry.setInterval(50)  # the port free again: served within a beat
    qtbot.waitUntil(lambda: w.phone_note.isHidden(), timeout=5000)
    qtbot.waitUntil(lambda: w.marquee.text.endswith(tr("phone.follow_tv")), timeout=5000)
    qtbot.waitUntil(lambda: page_now(db) == phone.PAGE_SERVED, timeout=5000)
    paper = ticket_print_data(db, ticket)
    assert paper.phone_page and paper.qr_text() == f"{address}/t/{ticket.code}"
    assert morning_line(db_path)["status"] == "pass"


def _held_paper(db, kiosk_journal):
    """A kiosk's ticket from its held numbers, printed from its last read (no read)."""
    from ult_desktop.ui.kiosk import jobs

    state = jobs.load_state(db)
    kiosk_journal.flush(db)  # claims the numbers it holds
    issued = jobs.held_ticket(kiosk_journal, state, service="A", request_id=f"k:{id(state)}")
    assert issued is not None and issued.held
    return ticket_print_data(None, issued.ticket, settings=issued.settings)


def test_the_tvs_line_and_the_kiosks_held_paper_read_one_rule(db, open_display, qtbot,
                                                             tmp_path):
    """A kiosk prints from held numbers without reading the share: its QR follows the
    verdict of its last read, the one the TV's red line reads."""
    from ult_desktop.db.journals.journal import KioskJournal

    port = free_tcp_port()
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", port))
    blocker.listen()
    set_settings(db, phone_address="127.0.0.1", phone_port=port)
    journal = KioskJournal(tmp_path / "kiosk.journal", station="kiosk-1")
    try:
        w = open_display()
        qtbot.waitUntil(lambda: not w.phone_note.carried, timeout=10_000)
        assert "Tiket tidak lagi menunjuk ke sana" in w.phone_note.text()
        paper = _held_paper(db, journal)
        assert not paper.phone_page and "http" not in paper.qr_text()
        blocker.close()
        w.pc.phone._retry.setInterval(50)  # the port free again: served
        qtbot.waitUntil(lambda: w.phone_note.isHidden() and w.phone_note.carried,
                        timeout=10_000)
        paper = _held_paper(db, journal)
        assert paper.phone_page and paper.qr_text().startswith(f"http://127.0.0.1:{port}/t/")
    finally:
        blocker.close()
        journal.close()


@pytest.mark.parametrize("verdict", ["off", "served", "not_served", "unknown", None])
def test_tickets_carry_the_page_unless_it_is_off_or_not_served(verdict):
    settings = {"phone_address": "10.0.0.5", "phone_port": 8080}
    carried = phone.tickets_carry_page(verdict)
    assert carried == (verdict not in ("off", "not_served"))
    assert bool(phone.ticket_page_url(settings, verdict)) == carried


def pulse(mode: str, said: str | None = None, closed: bool = False) -> dict:
    return {"mode": mode, "closed": closed, **({"phone": said} if said else {})}


ON = {"phone_address": "10.0.0.5", "phone_port": 8080, "phone_station": ""}


@pytest.mark.parametrize(("settings", "pulses", "alive", "expected"), [
    ({**ON, "phone_address": ""}, {"tv": pulse("display", "served")}, None, ("off", "")),
    (ON, {}, None, ("unknown", "")),
    (ON, {"tv": pulse("display", "served"), "k": pulse("kiosk")}, None, ("served", "tv")),
    (ON, {"tv": pulse("display", "not_served")}, None, ("not_served", "tv")),
    (ON, {"tv": pulse("display", "served", closed=True)}, None, ("not_served", "tv")),
    (ON, {"tv": pulse("display", "served")}, set(), ("not_served", "tv")),  # stopped
    (ON, {"tv": pulse("display", "not_served"), "tv2": pulse("display", "served")}, None,
     ("served", "tv2")),
    ({**ON, "phone_station": "loket-1"}, {"tv": pulse("display", "served")}, None,
     ("unknown", "loket-1")),  # the one named has never run
    ({**ON, "phone_station": "loket-1"}, {"loket-1": pulse("counter", "not_served")},
     {"loket-1"}, ("not_served", "loket-1")),
])
def test_the_one_judgement(settings, pulses, alive, expected):
    assert phone.page_judgement(settings, pulses, alive) == expected


@pytest.mark.windows
@pytest.mark.skipif(not hasattr(socket, "SO_EXCLUSIVEADDRUSE"), reason="Windows only")
def test_on_windows_the_pages_port_is_exclusive():
    from ult_desktop.app.phone_serving import listen

    page = listen("127.0.0.1", 0)
    port = page.getsockname()[1]
    try:
        assert page.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 0
        assert page.getsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE) == 1
        other = socket.socket()
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a program trying
        with pytest.raises(OSError):
            other.bind(("127.0.0.1", port))
        other.close()
    finally:
        page.close()
    held = socket.socket()  # another program's port: the page never binds over it
    held.bind(("127.0.0.1", 0))
    held.listen()
    try:
        with pytest.raises(OSError):
            listen("127.0.0.1", held.getsockname()[1])
    finally:
        held.close()


def test_admin_stations_says_which_station_cannot_serve_the_page(db, db_path, open_display,
                                                                 qtbot):
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.station import Station

    port = free_tcp_port()
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", port))
    blocker.listen()
    set_settings(db, phone_address="127.0.0.1", phone_port=port)
    station = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    try:
        open_display()
        page = StationsPage(station, poll_ms=200)
        qtbot.addWidget(page)
        page.shown()
        words = tr("admin.stations.phone_not_served")

        def row_says() -> bool:
            rows = [r for r in range(page.table.rowCount())
                    if page.table.item(r, 0) and page.table.item(r, 0).text() == "test-display"]
            return bool(rows) and words in page.table.item(rows[0], 7).text()
        page.refresh()  # then every 200 ms, and whenever a pulse says something new
        qtbot.waitUntil(row_says, timeout=10_000)
        r = next(r for r in range(page.table.rowCount())
                 if page.table.item(r, 0).text() == "test-display")
        assert page.table.item(r, 7).foreground().color().name() == "#b71c1c"
    finally:
        blocker.close()
        station.close()
