"""The visitor's phone page against its running server, on a real socket, over a real
office file (and the fault share for an outage)."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from tests.drivers import WAIT, free_tcp_port, until
from ult_desktop.app import phone_page, phone_serving
from ult_desktop.app.phone_page import PhonePage, PhoneServer
from ult_desktop.core import phone
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import utc_now
from ult_desktop.db.house.office import save_service, set_settings
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, recall, skip, start_serving, transfer
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.audit import OFFICER_LOGIN, record_session


class Clock:
    """The page's clock, moved by the test (refreshes and rate limits follow it)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def served(db_path):
    servers = []

    def start(path=db_path, **kw) -> tuple[PhoneServer, Clock]:
        clock = Clock()
        page = PhonePage(lambda: open_database(path, station="tv", mode="phone"),
                         clock=clock, **kw)
        server = PhoneServer(page, "127.0.0.1", 0)
        servers.append(server)
        return server, clock
    yield start
    for server in servers:
        server.stop()


def get(server: PhoneServer, path: str, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


def state(server: PhoneServer, code: str, clock: Clock | None = None) -> tuple[int, dict]:
    if clock is not None:
        clock.t += 2  # past the reading's age: the record is read again
    status, _, body = get(server, f"/s/{code}")
    return status, json.loads(body)


def test_the_page_follows_a_ticket_from_waiting_to_called_through_transfer_and_miss(
        db, served):
    first = issue_ticket(db, service="A")
    mine = issue_ticket(db, service="A")
    server, clock = served()
    status, page = state(server, mine.code, clock)
    assert status == 200
    assert (page["number"], page["status"], page["ahead"]) == (mine.number, "waiting", 1)
    assert page["lines"][0] == "1 orang di depan Anda"
    assert page["poll_ms"] == phone.NEAR_POLL_MS < phone.POLL_MS  # fifth or closer: more often

    assert call_next(db, counter=1).id == first.id
    finish(db, counter=1)
    call_next(db, counter=1)
    _, page = state(server, mine.code, clock)
    assert (page["status"], page["counter"]) == ("called", 1)
    assert page["headline"] == "Anda dipanggil!" and page["call"]
    assert page["lines"] == ["Silakan menuju Loket 1"]

    record_session(db, OFFICER_LOGIN, "budi", counter=2, screen="counter")  # serves now
    transfer(db, counter=1, to_counter=2)
    _, page = state(server, mine.code, clock)
    assert page["status"] == "waiting"
    assert page["lines"][0].startswith("Anda dialihkan ke Loket 2")

    call_next(db, counter=2)
    skip(db, counter=2)
    set_settings(db, missed_call_rule="Lapor ke meja informasi dalam 30 menit.")
    _, page = state(server, mine.code, clock)
    assert page["status"] == "missed"
    assert page["lines"] == ["Lapor ke meja informasi dalam 30 menit."]

    recall(db, counter=2, number=mine.number)
    start_serving(db, counter=2)
    finish(db, counter=2)
    _, page = state(server, mine.code, clock)
    assert page["status"] == "done" and "Survei Kepuasan" in page["lines"][-1]
    assert page["poll_ms"] == 60_000  # a phone left open overnight asks once a minute
    status, _, body = get(server, f"/s/{mine.code}?lang=en")
    assert json.loads(body)["headline"] == "Service finished"


def test_a_wrong_code_and_yesterdays_code_get_the_same_answer(db, db_path, served):
    ticket = issue_ticket(db, service="A")
    server, clock = served(now=lambda: utc_now() + timedelta(days=1))
    wrong = ("X" if ticket.code[0] != "X" else "Y") + ticket.code[1:]
    answers = [get(server, f"/s/{code}") for code in (ticket.code, wrong, "not-a-code")]
    assert [a[0] for a in answers] == [404, 404, 404]
    assert answers[0][2] == answers[1][2] == answers[2][2]
    assert json.loads(answers[0][2])["status"] == "unknown"
    # by its number the page knows nothing at all
    assert json.loads(get(server, f"/s/{ticket.number}")[2])["status"] == "unknown"


def test_only_get_is_answered_and_nothing_changes(db, served):
    ticket = issue_ticket(db, service="A")
    before = db.query("SELECT COUNT(*) FROM events")[0][0]
    server, _ = served()
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"):
        status, headers, _ = get(server, f"/s/{ticket.code}", method)
        assert (status, headers.get("Allow")) == (405, "GET"), method
    status, headers, body = get(server, f"/t/{ticket.code}")
    assert status == 200 and "<h1>Antrean Anda</h1>" in body
    assert headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "http" not in body.replace('href="?lang', "")  # nothing asked of elsewhere
    assert get(server, "/page.js")[0] == get(server, "/page.css")[0] == 200
    assert get(server, "/../../etc/passwd")[0] == 404
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(b"\x16\x03\x01garbage \xff\r\n\r\n")  # a TLS hello, say
        reply = b"".join(iter(lambda: raw.recv(4096), b""))
        assert reply.startswith(b"HTTP/1.0 400 ")
    assert get(server, f"/s/{ticket.code}")[0] == 200  # and it still answers
    assert db.query("SELECT COUNT(*) FROM events")[0][0] == before


def test_one_address_polling_too_fast_is_told_to_wait_and_others_are_served(
        db, served):
    ticket = issue_ticket(db, service="A")
    server, clock = served()
    answers = [get(server, f"/s/{ticket.code}")[0] for _ in range(phone_page.BURST + 10)]
    assert answers.count(200) == phone_page.BURST and answers[-1] == 429
    clock.t += 5  # a few seconds later the phone is answered again
    assert get(server, f"/s/{ticket.code}")[0] == 200
    # a flood: 1,000 requests at once from one address, then another phone
    def one(_) -> int:
        try:
            return get(server, f"/s/{ticket.code}")[0]
        except ConnectionError:  # too many open at once: let go before it asked
            return 429
    with ThreadPoolExecutor(16) as pool:
        flood = list(pool.map(one, range(1000)))
    assert set(flood) == {429} or set(flood) == {200, 429}
    assert flood.count(200) <= phone_page.BURST
    other = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10,
                                       source_address=("127.0.0.2", 0))
    other.request("GET", f"/s/{ticket.code}")
    assert other.getresponse().status == 200
    other.close()


def test_nothing_of_a_code_is_logged_or_kept_after_its_day(db, served, caplog, capfd):
    ticket = issue_ticket(db, service="A")
    day = [utc_now()]
    server, clock = served(now=lambda: day[0])
    caplog.set_level(logging.DEBUG)
    assert state(server, ticket.code, clock)[0] == 200
    state(server, "ABCDEFGH9", clock)
    server.page.heard_call(ticket.number, 2)
    printed = capfd.readouterr()  # http.server writes each request line to stderr
    for seen in (caplog.text, printed.err, printed.out):
        assert ticket.code not in seen and "ABCDEFGH9" not in seen
    day[0] += timedelta(days=1)  # the office day ends
    assert state(server, ticket.code, clock)[0] == 404
    page = server.page
    assert ticket.id not in page.reading()["tickets"] and not page._heard
    assert ticket.code not in repr(vars(page)) and ticket.number not in repr(vars(page))


def test_guessing_codes_is_stopped_before_it_finds_one(db, served):
    ticket = issue_ticket(db, service="A")
    server, clock = served()
    # the secret part guessed for a ticket that exists (the id is plain in the code)
    guesses = [get(server, f"/s/{'A' * 7}{n}{ticket.code[8:]}")[0] for n in "23456789ABCDEF"]
    assert guesses[:phone_page.MISS_BURST] == [404] * phone_page.MISS_BURST
    assert set(guesses[phone_page.MISS_BURST:]) == {429}
    assert get(server, f"/s/{ticket.code}")[0] == 429  # even the right one, for a while
    clock.t += phone_page.MISS_EVERY_S
    assert get(server, f"/s/{ticket.code}")[0] == 200


def test_no_personal_data_and_a_planted_label_is_only_data(db, served):
    save_service(db, prefix="A", name="<b>Budi</b><script>x()</script>")
    ticket = issue_ticket(db, service="A")
    server, clock = served()
    status, page = state(server, ticket.code, clock)
    assert page["service"] == "<b>Budi</b><script>x()</script>"  # data, never markup
    assert set(page) == {"number", "service", "status", "headline", "lines", "ahead",
                         "counter", "call", "unsure", "poll_ms"}
    assert "Budi" not in get(server, f"/t/{ticket.code}")[2]


def test_through_an_outage_the_page_keeps_what_it_knows_and_says_it_is_unsure(
        slow_share, served):
    path = init_database(slow_share.path / "ult.db", demo=True)
    db = open_database(path, station="counter", mode="counter")
    ticket = issue_ticket(db, service="A")
    server, clock = served(path)
    assert state(server, ticket.code, clock)[1]["unsure"] == ""
    slow_share.outage("EIO")
    try:
        status, page = state(server, ticket.code, clock)
        assert (status, page["number"], page["status"]) == (200, ticket.number, "waiting")
        assert page["unsure"].startswith("Data antrean sedang tidak dapat diperbarui")
        server.page.heard_call(ticket.number, 3)  # the counter's call over the LAN
        page = state(server, ticket.code, clock)[1]
        assert (page["status"], page["counter"]) == ("called", 3) and page["unsure"]
    finally:
        slow_share.restore()
    page = state(server, ticket.code, clock)[1]
    assert (page["status"], page["unsure"]) == ("waiting", "")  # the record's word again
    db.close()


def test_the_ticket_points_at_the_station_chosen_and_joins_the_guest_wifi():
    settings = {"phone_address": "192.168.1.20", "phone_port": 8080, "phone_station": "",
                "guest_wifi_ssid": "Tamu;BPMP", "guest_wifi_password": "rahasia:1"}
    assert phone.page_url(settings, "ABCDEFGH2") == "http://192.168.1.20:8080/t/ABCDEFGH2"
    assert phone.wifi_qr(settings) == r"WIFI:T:WPA;S:Tamu\;BPMP;P:rahasia\:1;;"
    assert phone.serves_here(settings, "tv-1", "display")
    assert not phone.serves_here(settings, "loket-1", "counter")
    assert phone.serves_here({**settings, "phone_station": "loket-1"}, "loket-1",
                                  "counter")
    assert not phone.serves_here({**settings, "phone_address": ""}, "tv-1", "display")
    assert phone.page_url({"phone_address": ""}, "X") == ""


def test_the_ticket_carries_the_page_and_the_guest_wifi(db):
    from ult_desktop.app.print_service import ticket_print_data
    from ult_desktop.core.ticket_layout import Line, QrCode, build_layout

    set_settings(db, phone_address="192.168.1.20", guest_wifi_ssid="Tamu",
                 guest_wifi_password="rahasia")
    ticket = issue_ticket(db, service="A")
    paper = build_layout(ticket_print_data(db, ticket))
    qrs = [e.content for e in paper if isinstance(e, QrCode)]
    assert qrs == [f"http://192.168.1.20:8080/t/{ticket.code}", "WIFI:T:WPA;S:Tamu;P:rahasia;;"]
    lines = [e.text for e in paper if isinstance(e, Line)]
    assert "Pindai QR untuk memantau antrean di ponsel (Wi-Fi kantor)" in lines
    assert "Pindai untuk Wi-Fi tamu: Tamu" in lines
    from ult_desktop.ui.survey.codes import extract_code  # the survey tablet's scanner
    assert extract_code(qrs[0], "{code}") == ticket.code


def test_the_tv_serves_the_page_once_the_office_sets_it_and_says_so(db, open_display, qtbot):
    port = free_tcp_port()
    w = open_display()
    assert w.pc.phone.server is None and "ponsel" not in w.marquee.text
    ticket = issue_ticket(db, service="A")
    set_settings(db, phone_address="127.0.0.1", phone_port=port)
    qtbot.waitUntil(lambda: w.pc.phone.server is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: w.marquee.text.endswith(  # the TV's own reading of the settings
        "Pantau antrean di ponsel: pindai QR pada tiket Anda"), timeout=WAIT)
    status, _, body = get(w.pc.phone.server, f"/s/{ticket.code}")
    assert status == 200 and json.loads(body)["number"] == ticket.number
    set_settings(db, phone_address="")  # the admin turns it off
    qtbot.waitUntil(lambda: w.pc.phone.server is None, timeout=WAIT)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_the_admin_turns_the_page_on_for_a_station_and_off_again(qtbot, admin_ws, db):
    from tests.drivers import open_page
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.ui.admin.display import DisplayPage

    page = open_page(qtbot, admin_ws, DisplayPage)
    page.phone_address.setText("192.168.1.300")  # no address: refused, nothing saved
    page.save()
    qtbot.waitUntil(lambda: "192.168.1.300" in page.status.text(), timeout=WAIT)
    assert get_settings(db, "phone_address")["phone_address"] == ""
    page.phone_address.setText("0.0.0.0")  # every address of the PC: never the page's
    page.save()
    qtbot.waitUntil(lambda: "0.0.0.0" in page.status.text(), timeout=WAIT)
    assert get_settings(db, "phone_address")["phone_address"] == ""
    page.phone_address.setText(" 192.168.1.20 ")
    page.phone_station.setText("loket-2")
    page.wifi_ssid.setText("Tamu BPMP")
    page.missed_rule.setPlainText("Lapor ke meja\ninformasi.")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    s = get_settings(db, "phone_address", "phone_station", "guest_wifi_ssid",
                     "missed_call_rule")
    assert s == {"phone_address": "192.168.1.20", "phone_station": "loket-2",
                 "guest_wifi_ssid": "Tamu BPMP", "missed_call_rule": "Lapor ke meja informasi."}
    page.phone_address.setText("")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    assert get_settings(db, "phone_address")["phone_address"] == ""


def answers(port: int, code: str) -> int | None:
    """The page's status for *code* at 127.0.0.1:*port*, None when nothing listens (a
    refusal comes at once; the long timeout is a loaded machine's slow answer, not a no)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/s/{code}")
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


def test_a_counter_or_a_kiosk_the_admin_names_serves_the_page(db, make_window, request,
                                                                db_path, tmp_path, qtbot):
    from tests.drivers import make_kiosk

    port = free_tcp_port()
    ticket = issue_ticket(db, service="A")
    set_settings(db, phone_address="127.0.0.1", phone_port=port, phone_station="counter-test")
    counter = make_window()
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    for duty in (counter.pc.phone, kiosk.link.pc.phone):
        duty._retry.setInterval(50)  # one PC here: the port is free once the other let go
    qtbot.waitUntil(lambda: answers(port, ticket.code) == 200, timeout=WAIT)
    assert counter.pc.phone.server is not None
    assert kiosk.link.pc.phone.server is None
    # the officer is told not to close this PC
    qtbot.waitUntil(lambda: not counter.phone_page.isHidden(), timeout=WAIT)
    assert counter.phone_page.text() == tr("counter.phone_page.serving",
                                           address=f"http://127.0.0.1:{port}")
    set_settings(db, phone_station="kiosk-test")  # the admin moves it to the kiosk
    qtbot.waitUntil(lambda: kiosk.link.pc.phone.server is not None, timeout=WAIT)
    assert counter.pc.phone.server is None
    assert answers(port, ticket.code) == 200
    qtbot.waitUntil(lambda: counter.phone_page.isHidden(), timeout=WAIT)


def test_a_counter_that_cannot_open_the_page_says_so_in_one_line(db, make_window, qtbot):
    port = free_tcp_port()
    blocker = socket.socket()  # another program holds the port
    blocker.bind(("127.0.0.1", port))
    blocker.listen()
    try:
        set_settings(db, phone_address="127.0.0.1", phone_port=port,
                     phone_station="counter-test")
        counter = make_window()
        qtbot.waitUntil(lambda: not counter.phone_page.isHidden(), timeout=WAIT)
        assert counter.phone_page.text() == tr("counter.phone_page.problem",
                                               address=f"http://127.0.0.1:{port}")
        counter.pc.phone._retry.setInterval(50)
    finally:
        blocker.close()
    qtbot.waitUntil(lambda: counter.phone_page.text() == tr(
        "counter.phone_page.serving", address=f"http://127.0.0.1:{port}"), timeout=WAIT)


def test_an_address_not_bound_at_start_is_tried_again_and_the_log_says_so(
        db, open_display, qtbot, caplog):
    port = free_tcp_port()
    ticket = issue_ticket(db, service="A")
    set_settings(db, phone_address="127.0.0.1", phone_port=port)
    blocker = socket.socket()  # the address is not this PC's yet, say: it cannot be bound
    blocker.bind(("127.0.0.1", port))
    blocker.listen()
    caplog.set_level(logging.INFO)
    try:
        w = open_display()
        qtbot.waitUntil(lambda: w.pc.phone.problem is not None, timeout=WAIT)
        assert w.pc.phone.server is None and w.pc.phone._retry.isActive()
        assert w.pc.phone._retry.interval() == phone_serving.RETRY_S * 1000
        assert "phone page not started on 127.0.0.1" in caplog.text
        assert "tried again every 30 s" in caplog.text
        w.pc.phone._retry.setInterval(50)
    finally:
        blocker.close()  # the network is up
    qtbot.waitUntil(lambda: w.pc.phone.server is not None, timeout=WAIT)
    assert w.pc.phone.problem is None and not w.pc.phone.serving.waiting
    assert "phone page started on 127.0.0.1" in caplog.text
    assert answers(port, ticket.code) == 200


def test_the_survey_reached_from_the_phone_leaves_no_ticket_answer_link(
        db, served, caplog, capfd):
    """A visitor follows her ticket on the phone, is served, and answers the SKM on the
    tablet with the code of the same QR: nothing pairs her ticket with her answer: not
    the file, not the server's memory (during the day or after it), not a log line."""
    from urllib.parse import urlsplit

    from tests.drivers import submit_survey
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.ui.survey.codes import extract_code

    caplog.set_level(logging.DEBUG)
    set_settings(db, phone_address="127.0.0.1")
    ticket = issue_ticket(db, service="A")
    qr = phone.page_url(get_settings(db, "phone_address", "phone_port"), ticket.code)
    day = [utc_now()]
    server, clock = served(now=lambda: day[0])
    assert get(server, urlsplit(qr).path)[0] == 200
    assert state(server, ticket.code, clock)[1]["status"] == "waiting"
    call_next(db, counter=1)
    assert state(server, ticket.code, clock)[1]["status"] == "called"
    finish(db, counter=1)
    page = state(server, ticket.code, clock)[1]
    assert page["status"] == "done" and "Survei Kepuasan" in page["lines"][-1]
    [last_event] = db.query("SELECT MAX(id) FROM events")[0]

    code = extract_code(qr, "{code}")  # the tablet scans the ticket's QR
    answer = submit_survey(db, ticket_code=code, answers=[4, 3, 4, 3, 4, 3, 4, 3, 2],
                           suggestion="Ruang tunggu nyaman")
    assert state(server, ticket.code, clock)[1]["status"] == "done"  # the phone polls on

    # the file: the answer row and the events written for it name no ticket
    [row] = [dict(r) for r in db.query("SELECT * FROM skm_responses")]
    assert not {k for k in row if "ticket" in k or k in ("code", "number", "day")}
    events = [dict(e) for e in db.query("SELECT * FROM events WHERE id > ?", (last_event,))]
    written = json.dumps([row, events], default=lambda b: b.hex())
    [ticket_hash] = db.query("SELECT code_hash FROM tickets WHERE id = ?", (ticket.id,))[0]
    for trace in (ticket.code, ticket.number, ticket_hash):
        assert trace not in written, trace
    assert [(e["ticket_id"], e["ticket_number"]) for e in events] == [(None, None)] * len(events)
    [spent] = [r[0] for r in db.query("SELECT code_hash FROM skm_spent_codes")]
    assert spent != ticket_hash
    # the server's memory: the ticket's reading only, nothing of the answer or its spend
    memory = repr(vars(server.page)) + repr(vars(server.page._db))
    for trace in (spent, str(answer.id), "Ruang tunggu", "skm_spent"):
        assert trace not in memory, trace
    # the logs: neither the code nor the number, from the page or the survey
    printed = capfd.readouterr()
    for seen in (caplog.text, printed.err, printed.out):
        assert ticket.code not in seen and ticket.number not in seen
    # and after the office day the server keeps nothing of the ticket either
    day[0] += timedelta(days=1)
    assert state(server, ticket.code, clock)[0] == 404
    memory = repr(vars(server.page))
    assert ticket.code not in memory and ticket.number not in memory
    assert ticket_hash not in memory


def test_an_idle_server_forgets_yesterday_without_being_asked(db, served):
    import time

    ticket = issue_ticket(db, service="A")
    day = [utc_now()]
    server, clock = served(now=lambda: day[0])
    assert state(server, ticket.code, clock)[0] == 200
    server.page.heard_call(ticket.number, 2)
    page = server.page
    assert page._reading is not None and page._hits
    day[0] += timedelta(days=1)  # the office day ends; no phone asks again
    deadline = time.monotonic() + 5
    while page._reading is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert page._reading is None and not page._heard and not page._hits
    assert ticket.code not in repr(vars(page)) and ticket.number not in repr(vars(page))


def _closed_within(conn: socket.socket, seconds: float) -> bytes | None:
    """What the server sent *conn* before closing it, or None if still open after
    *seconds*."""
    conn.settimeout(seconds)
    got = b""
    try:
        while chunk := conn.recv(4096):
            got += chunk
    except TimeoutError:
        return None
    except OSError:  # reset: closed too
        pass
    return got


def test_slow_heads_are_let_go_and_never_shut_the_page_for_other_phones(db, served):
    """64 connections from 8 addresses, each sending one header line every second (a
    phone's head comes whole at once): each is let go within ``HEAD_S``, and a phone
    from a ninth address or from one of the eight (a NAT address all guests share)
    is answered meanwhile, again and again."""
    import threading
    import time

    ticket = issue_ticket(db, service="A")
    server, _ = served()
    stop, closed, lasted = threading.Event(), [], []

    def slow(source: str) -> None:
        conn = socket.create_connection(("127.0.0.1", server.port), timeout=10,
                                        source_address=(source, 0))
        started = time.monotonic()
        try:
            conn.sendall(b"GET /s/" + ticket.code.encode() + b" HTTP/1.1\r\n")
            while not stop.is_set():
                if _closed_within(conn, 1.0) is not None:
                    closed.append(source)
                    lasted.append(time.monotonic() - started)
                    return
                conn.sendall(b"X-Slow: 1\r\n")
        except OSError:  # the server shut it while a line was on its way
            closed.append(source)
            lasted.append(time.monotonic() - started)
        finally:
            conn.close()

    crowd = [threading.Thread(target=slow, args=(f"127.0.0.{1 + n % 8}",), daemon=True)
             for n in range(phone_page.MAX_OPEN)]
    for thread in crowd:
        thread.start()
    try:
        def stalled() -> bool:  # the page full, its heads stalled long enough to yield
            heads = list(server.httpd._heads.values())
            return sum(server.httpd._open.values()) >= phone_page.MAX_OPEN and bool(
                heads) and time.monotonic() - min(heads)[0] >= phone_page.STALLED_S

        deadline = time.monotonic() + 10
        while not stalled() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert stalled()
        for source in ("127.0.0.9", "127.0.0.1", "127.0.0.9", "127.0.0.5"):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10,
                                              source_address=(source, 0))
            conn.request("GET", f"/s/{ticket.code}")
            assert conn.getresponse().status == 200, source
            conn.close()
        for thread in crowd:
            thread.join(timeout=phone_page.HEAD_S + 10)
        assert len(closed) == phone_page.MAX_OPEN  # every slow head let go
        assert max(lasted) < phone_page.HEAD_S + 2
    finally:
        stop.set()
    assert get(server, f"/s/{ticket.code}")[0] == 200


def test_a_request_line_without_http_1_is_refused(db, served):
    ticket = issue_ticket(db, service="A")
    server, _ = served()
    for line in (f"GET /s/{ticket.code}", f"GET /s/{ticket.code} HTTP/2.0",
                 f"GET /s/{ticket.code} XYZ/1.1", "GET"):
        conn = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        conn.sendall(line.encode() + b"\r\n\r\n")
        answer = _closed_within(conn, 10)
        conn.close()
        assert answer is not None and answer.startswith(b"HTTP/1.0 400 "), line
        assert ticket.number.encode() not in answer and b"status" not in answer
    status, _, body = get(server, f"/s/{ticket.code}")  # HTTP/1.1: answered
    assert status == 200 and ticket.number in body


def test_the_day_s_end_leaves_only_the_count_of_bands_shown_and_held(db, served):
    """A ticket shown a band and called inside it, another shown one and never called:
    when the office day ends, the page keeps one count of the day and no ticket."""
    import time

    from conftest import roomy_zone

    # an hour ago is today, whatever the hour (the office's zone), and the day's end
    # far enough ahead that the band is not cut by it ("mungkin tidak terlayani")
    roomy_zone(db, ahead=timedelta(minutes=45))
    start = utc_now() - timedelta(hours=1)
    for minutes in (4, 4, 5, 5, 6, 6):  # each visit on one office day
        done = issue_ticket(db, service="A", now=start)
        call_next(db, counter=1, now=start)
        start_serving(db, counter=1, number=done.number, now=start)
        finish(db, counter=1, now=start + timedelta(minutes=minutes))
    tickets = [issue_ticket(db, service="A") for _ in range(3)]
    day = [utc_now()]
    server, clock = served(now=lambda: day[0])
    for ticket in tickets[1:]:
        assert "menit" in state(server, ticket.code, clock)[1]["lines"][-1]
    for _ in range(2):  # the first two called at once: the second inside its band
        call_next(db, counter=1)
        finish(db, counter=1)
    state(server, tickets[2].code, clock)
    assert server.page.ended == []  # the day goes on
    day[0] += timedelta(days=1)
    deadline = time.monotonic() + 5
    while not server.page.ended and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.page.ended == [(tickets[0].day, 1, 1)]
    assert not server.page._shown  # (and the day's count above names no ticket: it is all)


def test_a_page_that_has_not_read_the_day_is_not_sure_and_charges_no_one(db, db_path,
                                                                         tmp_path, served):
    """Started while the share is away: every code is "not sure yet" (a valid one too),
    however often the phone asks, and the ticket is answered once the file is read."""
    ticket = issue_ticket(db, service="A")
    where = [tmp_path / "share-away" / "ult.db"]  # not there: the share is away
    server, clock = served(where[0])
    server.page._open_db = lambda: open_database(where[0], station="tv", mode="phone")
    for _ in range(phone_page.MISS_BURST + 5):
        status, page = state(server, ticket.code, clock)
        assert (status, page["status"]) == (200, "pending")
        assert page["headline"] == "Belum dapat dipastikan" and page["poll_ms"] > 0
    assert server.page._reading is None and server.page.unsure
    where[0] = db_path  # the share is back
    status, page = state(server, ticket.code, clock)
    assert (status, page["status"], page["number"]) == (200, "waiting", ticket.number)


def test_a_ticket_newer_than_the_reading_is_not_sure_yet_and_costs_nothing(db, served):
    issue_ticket(db, service="A")
    server, clock = served()
    assert state(server, issue_ticket(db, service="A").code, clock)[0] == 200
    newer = issue_ticket(db, service="A")  # issued after the page's last reading
    for _ in range(phone_page.MISS_BURST + 5):  # the reading is not old enough to redo
        status, page = state(server, newer.code)
        assert (status, page["status"]) == (200, "pending")
    status, page = state(server, newer.code, clock)  # read again: found, nothing spent
    assert (status, page["status"], page["ahead"]) == (200, "waiting", 2)
    wrong = f"{'A' * 8}{newer.code[8:]}"  # a code the reading can judge: wrong, charged
    assert [state(server, wrong)[0] for _ in range(phone_page.MISS_BURST + 1)] == \
        [404] * phone_page.MISS_BURST + [429]


def test_the_page_answers_while_the_window_serving_it_holds_its_interpreter(
        db, open_display, qtbot, tmp_path):
    """The TV serves the page; its window's thread runs on without letting any other
    thread of its process run (a long paint, say): a phone is answered meanwhile. The
    phone says so through shared memory, read without a system call (which would let
    this process's other threads run)."""
    import mmap
    import subprocess
    import sys
    import time

    port = free_tcp_port()
    ticket = issue_ticket(db, service="A")
    set_settings(db, phone_address="127.0.0.1", phone_port=port)
    w = open_display()
    qtbot.waitUntil(lambda: w.pc.phone.server is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: get(w.pc.phone.server, f"/s/{ticket.code}")[0] == 200,
                    timeout=WAIT)
    flag = tmp_path / "answered"
    flag.write_bytes(b"\0")
    phone = subprocess.Popen([sys.executable, "-c", """if 1:
        import mmap, sys, urllib.request
        body = urllib.request.urlopen(sys.argv[1], timeout=30).read().decode()
        with open(sys.argv[2], "r+b") as f:
            mmap.mmap(f.fileno(), 1)[0] = 1
        print(body)""", f"http://127.0.0.1:{port}/s/{ticket.code}", str(flag)],
        stdout=subprocess.PIPE, text=True)
    with flag.open("r+b") as f:
        seen = mmap.mmap(f.fileno(), 1)
        switch = sys.getswitchinterval()
        sys.setswitchinterval(60)  # no other thread of this process runs meanwhile
        try:
            deadline = time.monotonic() + 30
            while seen[0] == 0 and time.monotonic() < deadline:
                pass
            answered = seen[0] == 1
        finally:
            sys.setswitchinterval(switch)
        seen.close()
    out = phone.communicate(timeout=30)[0]
    assert answered and json.loads(out)["number"] == ticket.number


def test_a_reading_kept_by_the_change_agrees_with_a_full_one(db, db_path, served,
                                                             monkeypatch):
    """Calls, no-shows, finishes and new tickets, each followed by the page's next
    reading (only the tickets changed): every answer is the one a page reading the whole
    day at that moment gives."""
    from ult_desktop.db import queries

    whole_day = []
    monkeypatch.setattr(queries, "read_phone_day", lambda *a, f=queries.read_phone_day:
                        whole_day.append(1) or f(*a))
    tickets = [issue_ticket(db, service="AB"[n % 2], priority=n == 5)
               for n in range(8)]
    server, clock = served()
    steps = [lambda: call_next(db, counter=1), lambda: skip(db, counter=1),
             lambda: tickets.append(issue_ticket(db, service="A", priority=True)),
             lambda: call_next(db, counter=2), lambda: finish(db, counter=2),
             lambda: call_next(db, counter=1)]
    state(server, tickets[0].code, clock)  # the page's first reading: the whole day
    for step in steps:
        step()
        state(server, tickets[0].code, clock)  # read again: the tickets changed only
        whole = PhonePage(lambda: open_database(db_path, station="tv", mode="phone"))
        for ticket in tickets:
            kept = state(server, ticket.code)[1]
            assert kept == whole.answer(ticket.code, "id", "127.0.0.3")[1], ticket.number
    assert len(whole_day) == 1 + len(steps)  # the served page's first; each fresh page's


def test_the_page_reads_the_whole_day_once_in_ten_minutes_and_its_pace_every_minute(
        db, db_path, served, monkeypatch):
    """A long morning: each minute calls and finishes change the services' pace and the
    page reads that (with its settings) without the day's tickets; the whole day only
    when ``WHOLE_S`` has passed. Every answer is the one a page reading the whole day at
    that moment gives."""
    from ult_desktop.app import phone_page
    from ult_desktop.db import queries

    whole_day, slower = [], []
    monkeypatch.setattr(queries, "read_phone_day", lambda *a, f=queries.read_phone_day:
                        whole_day.append(1) or f(*a))
    monkeypatch.setattr(queries, "read_phone_config", lambda *a, f=queries.read_phone_config:
                        slower.append(1) or f(*a))
    tickets = [issue_ticket(db, service="A") for _ in range(12)]
    server, clock = served()
    state(server, tickets[-1].code, clock)  # the first reading: the whole day
    assert len(whole_day) == 1
    for minute in range(1, 12):
        if minute % 2:
            call_next(db, counter=1)
        else:
            finish(db, counter=1)
        clock.t += phone_page.CONFIG_S  # a minute on: the settings and pace read again
        kept = state(server, tickets[-1].code)[1]
        whole = PhonePage(lambda: open_database(db_path, station="tv", mode="phone"))
        assert kept == whole.answer(tickets[-1].code, "id", "127.0.0.3")[1], minute
        on_page = len(whole_day) - minute  # each fresh page's own whole reading
        assert on_page == (1 if minute * phone_page.CONFIG_S < phone_page.WHOLE_S else 2)
    assert len(slower) >= 11  # every minute's settings (the fresh pages' in that too)


def test_a_priority_visitors_page_says_the_offices_promise(db, served):
    set_settings(db, priority_promise_min=12)
    issue_ticket(db, service="A")
    mine = issue_ticket(db, service="A", priority=True, priority_group="elderly")
    regular = issue_ticket(db, service="A")
    server, clock = served()
    promise = tr("phone.priority_promise", min=12)
    _, page = state(server, mine.code, clock)
    assert page["status"] == "waiting" and promise in page["lines"]
    _, page = state(server, regular.code, clock)
    assert promise not in page["lines"]


def test_a_phone_is_answered_from_the_last_reading_while_another_station_holds_the_file(
        db, db_path, served):
    ticket = issue_ticket(db, service="A")
    server, clock = served()
    assert state(server, ticket.code, clock)[1]["status"] == "waiting"
    holder = sqlite3.connect(db_path, isolation_level=None)  # a landing, a backup
    holder.execute("BEGIN EXCLUSIVE")
    try:
        # the reading is due and the file is held: the answer comes from the last one,
        # without waiting out the read's 10 s budget (nor the phone's patience)
        status, page = state(server, ticket.code, clock)
        assert holder.in_transaction  # (still held)
        assert (status, page["number"], page["status"], page["unsure"]) == (
            200, ticket.number, "waiting", "")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert call_next(db, counter=1).id == ticket.id
    # the reading stuck behind the lock ends, a new one is made
    until(lambda: state(server, ticket.code, clock)[1]["status"] == "called")
    assert state(server, ticket.code, clock)[1]["counter"] == 1


def test_the_tv_the_page_runs_on_by_default_answers_codes_in_an_office_with_keys(
        judged_pcs, db_path, tmp_path):
    """In an office with a root of trust the survey-code key is sealed to the stations that
    hash codes, never on the share: the TV, which serves the page unless the admin names
    another station, is one of them, or every visitor's phone said "not found"."""
    from ult_desktop.app.station_key import read_key

    ticket = issue_ticket(judged_pcs["kiosk"], service="A")
    signer = read_key(tmp_path / "key-tv")  # (as the page's own process opens it)
    page = PhonePage(lambda: open_database(db_path, station="TV Ruang Tunggu", mode="phone",
                                           signer=signer), clock=Clock())
    server = PhoneServer(page, "127.0.0.1", 0)
    try:
        status, body = state(server, ticket.code)
        assert status == 200 and body["number"] == ticket.number, body
    finally:
        server.stop()
