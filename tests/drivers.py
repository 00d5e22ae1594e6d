"""The tests' drivers of the screens: one place that knows how a test opens a
counter or a kiosk, signs in, presses an F-key or finds a widget. Registered as a plugin
in conftest.py (``pytest_plugins``), so its fixtures (``make_window``,
``station_window``, ``kiosk``) are there without importing them; the helpers are
imported from here.

Widgets are found by their ``objectName`` (:func:`child`), the name a screen gives the
widgets a user touches, never by an attribute kept on a window for the tests."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ult_desktop.core import skm as core_skm
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.survey import skm as skm_db

#: The longest a test waits for a condition, in ms: generous, for a machine under load
#: (a wait ends as soon as its condition holds: a passing test is no slower).
WAIT = 60_000


def until(condition, timeout_s: float = WAIT / 1000, every_s: float = 0.02):
    """Poll *condition* off Qt until it holds (its value returned); AssertionError after
    *timeout_s*: a test without an event loop waits on the condition, not a fixed sleep."""
    import time

    end = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout_s:g} s: {condition}")
        time.sleep(every_s)


def admin_pc(target, key_folder: Path, *, station: str = "admin", mode: str = "admin"):
    """The office's admin PC: its key (made in *key_folder*) signs and is approved as the
    root of trust (pinned by this PC: ``db.trust``, what its reports verify against),
    the actor ``admin``; returns ``(db, key)``."""
    from ult_desktop.app import station_key
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    key = station_key.create_key(key_folder)[0]
    db = open_database(target, station=station, mode=mode)
    db.set_signer(key)
    db.set_actor("admin")
    station_keys.request_registration(db, label=station)
    station_keys.approve_key(db, key.key_id)
    db.trust = {"root": key.key_id}
    return db, key


#: The stations of a judged office: name -> (label, role).
OFFICE_STATIONS = {"kiosk": ("Kiosk 1", "kiosk"), "c1": ("Loket 1", "counter"),
                   "c2": ("Loket 2", "counter"), "tablet": ("Tablet SKM", "survey"),
                   "tv": ("TV Ruang Tunggu", "display")}


def judged_office(target, folder: Path) -> dict:
    """The admin PC (root of trust) and a kiosk, two counters, a survey tablet and a TV
    (:data:`OFFICE_STATIONS`), each with its key in *folder* (``key-NAME``) registered with
    its role; sari signed in at counter 1, budi at counter 2 (with their PINs). Name -> open
    Database."""
    from ult_desktop.app import station_key
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys
    admin, _ = admin_pc(str(target), folder / "key-admin")
    dbs = {"admin": admin}
    for name, (label, role) in OFFICE_STATIONS.items():
        db = open_database(target, station=label, mode=role)
        db.set_signer(station_key.create_key(folder / f"key-{name}")[0])
        station_keys.request_registration(db, label=label)
        station_keys.approve_key(admin, db.identity.signer.key_id, role=role)
        dbs[name] = db
    sit_at(dbs["c1"], 1, "sari")
    sit_at(dbs["c2"], 2, "budi")
    return dbs


def register_stations(db_path, tmp_path: Path, stations) -> tuple:
    """The admin PC (the root of trust) and a key per station of *stations* (name, role)
    that the admin registered with that role: (admin's open Database, {name: key})."""
    from ult_desktop.app import station_key
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    admin, _root = admin_pc(str(db_path), tmp_path / "admin-key")
    keys = {}
    for name, role in stations:
        db = open_database(db_path, station=name, mode=role)
        key = station_key.create_key(tmp_path / f"{name}-key")[0]
        db.set_signer(key)
        station_keys.request_registration(db, label=name)
        station_keys.approve_key(admin, key.key_id, role=role)
        db.close()
        keys[name] = key
    return admin, keys


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def on_this_machine(monkeypatch):
    """The stations' LAN calls on a free port of this machine only."""
    monkeypatch.setenv("ULT_LAN_PORT", str(free_udp_port()))
    monkeypatch.setenv("ULT_LAN_TARGETS", "127.0.0.1")


@pytest.fixture
def lan_office(db_path, tmp_path):
    """(the office's root key id, {name: key}): the admin PC (the root), a registered
    counter PC and a registered kiosk PC."""
    from ult_desktop.db.record import station_keys

    admin, keys = register_stations(db_path, tmp_path, (("counter", "counter"),
                                                        ("kiosk", "kiosk")))
    root = admin.read(station_keys.lan_trust)[0]
    admin.close()
    return root, keys


@contextlib.contextmanager
def tv_process(db_path, tmp_path: Path, station: str = "tv-proses", mode: str = "display",
               *options: str):
    """A real TV (display) process on the office file (or of *mode*, with *options*),
    yielded once its pulse is beside the record; killed (and thawed first, if frozen)
    however the test ends, so no station process outlives it."""
    from ult_desktop.app.pulse import pulse_dir, read_pulses

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ULT_SOUND="off",
               XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"))
    tv = subprocess.Popen([sys.executable, "-m", "ult_desktop", mode, "--db", str(db_path),
                           "--station", station, "--windowed", *options], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 90
        while not (read_pulses(pulse_dir(db_path)) or {}).get(station) and \
                time.monotonic() < end:
            assert tv.poll() is None, f"the {mode} process ended by itself"
            time.sleep(0.2)
        assert (read_pulses(pulse_dir(db_path)) or {}).get(station), "no pulse in 90 s"
        yield tv
    finally:
        with contextlib.suppress(OSError):
            thaw(tv)
        tv.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        tv.wait(10)


def _suspend(proc: subprocess.Popen, call: str) -> None:
    """Windows: every thread of *proc* suspended or resumed at once (what SIGSTOP and
    SIGCONT do; ntdll's NtSuspendProcess/NtResumeProcess, as Process Explorer does)."""
    import ctypes

    kernel32, ntdll = ctypes.WinDLL("kernel32"), ctypes.WinDLL("ntdll")
    kernel32.OpenProcess.restype = ctypes.c_void_p
    handle = kernel32.OpenProcess(0x0800, False, proc.pid)  # PROCESS_SUSPEND_RESUME
    if not handle:
        raise ctypes.WinError()
    try:
        status = getattr(ntdll, call)(ctypes.c_void_p(handle))
        if status:
            raise OSError(f"{call}: NTSTATUS {status & 0xFFFFFFFF:#x}")
    finally:
        kernel32.CloseHandle(ctypes.c_void_p(handle))


def freeze(proc: subprocess.Popen) -> None:
    """*proc* frozen whole, alive but running nothing (a hung PC, a debugger's break)."""
    if os.name == "nt":
        _suspend(proc, "NtSuspendProcess")
    else:
        import signal

        proc.send_signal(signal.SIGSTOP)


def thaw(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    if os.name == "nt":
        _suspend(proc, "NtResumeProcess")
    else:
        import signal

        proc.send_signal(signal.SIGCONT)


def child(widget: QWidget, name: str, cls: type = QWidget):
    """The one widget called *name* inside *widget* (fails the test when there is none)."""
    found = widget.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r} in {widget!r}"
    return found


def press(qtbot, button) -> None:
    qtbot.waitUntil(button.isEnabled, timeout=WAIT)
    qtbot.mouseClick(button, Qt.LeftButton)


# -- the counter ---------------------------------------------------------------------------
def _open_counter(qtbot, db_path, **kwargs):
    from ult_desktop.ui.counter.window import CounterWindow

    w = CounterWindow(db_path, poll_ms=50, **kwargs)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    qtbot.waitUntil(lambda: w.login.officer.count() > 0 and w.session.online, timeout=WAIT)
    return w


@pytest.fixture
def make_window(db_target, tmp_path, qtbot):
    """``make_window(**kwargs)``: a counter window on the test's office (its file, or its
    server database in a module marked ``engines``), at the sign-in (station
    ``counter-test``, its choices in ``tmp_path / "data"`` unless told)."""
    def make(**kwargs):
        kwargs.setdefault("station_id", "counter-test")
        kwargs.setdefault("data_dir", tmp_path / "data")
        return _open_counter(qtbot, db_target, **kwargs)
    return make


@pytest.fixture
def station_window(db_path, tmp_path, qtbot):
    """``station_window(station_id)``: one counter window per station on one file, each
    with its own journal (its station name) and choices."""
    def make(station_id: str):
        return _open_counter(qtbot, db_path, station_id=station_id,
                             data_dir=tmp_path / station_id)
    return make


def login(qtbot, w, username: str, counter: int | None = 1) -> None:
    """Sign *username* in with the demo PIN at *counter* (None: no counter); waits for
    the queue when the officer sees it."""
    w.login.officer.setCurrentIndex(w.login.officer.findData(username))
    idx = w.login.counter.findData(counter) if counter is not None \
        else w.login.counter.count() - 1
    w.login.counter.setCurrentIndex(idx)
    w.login.pin.setText(DEMO_PINS[username])
    qtbot.mouseClick(w.login.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.session.officer is not None, timeout=WAIT)
    if w.session.counter is not None or w.tabs.isTabVisible(0):
        qtbot.waitUntil(lambda: w.queue.state is not None, timeout=WAIT)
    drained(qtbot, w.session.station)  # the sign-in's landing done: a faked outage after
    # this never has its acts landed by a job already on its way (as a real one could not)


def drained(qtbot, station) -> None:
    """Wait until every job sent to *station*'s worker so far is done (it runs them in
    order: a last one sent now answers after them)."""
    done = []
    station.run(lambda _db: None, done=done.append, failed=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)


def fkey(qtbot, w, name: str) -> None:
    """Press the queue's action *name* (``call_next``, ``finish``...)."""
    press(qtbot, child(w, f"btn_{name}"))


def queue_form(w):
    """The register form of the visitor at the desk."""
    from ult_desktop.ui.counter.register_form import RegisterForm

    return child(w, "visit_register", RegisterForm)


def waiting_list(w):
    return child(w, "waiting_list")


def save_button(w):
    """Simpan of the visitor at the desk."""
    return child(w, "btn_save_record")


def back_office_answers(qtbot, bo, text: str) -> None:
    desk = bo.backoffice
    qtbot.waitUntil(lambda: desk.list.table.rowCount() >= 1, timeout=WAIT)
    desk.list.table.selectRow(0)
    press(qtbot, child(bo, "btn_bo_take"))
    answer = child(bo, "btn_bo_answer")
    qtbot.waitUntil(answer.isEnabled, timeout=WAIT)
    child(bo, "bo_disposition").setPlainText(text)
    press(qtbot, answer)
    press(qtbot, child(bo, "btn_bo_return"))


# -- the kiosk -----------------------------------------------------------------------------
def _fast():
    from ult_desktop.ui.kiosk.window import Timings

    #: Short on-screen times so the tests run fast (behaviour, not timing, is checked).
    return Timings(ticket_ms=250, not_printed_ms=700, error_ms=250, guard_ms=250,
                   return_guard_ms=250, idle_ms=600, admin_idle_ms=800, refresh_ms=60_000,
                   print_wait_ms=10_000)


FAST = _fast()


def closed_port() -> int:
    """A local TCP port nobody listens on (connecting is refused at once)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_kiosk(qtbot, request, db_path: Path, tmp_path: Path, *, wait_ready: bool = True,
               size: tuple[int, int] = (540, 960), **options):
    """A kiosk on *db_path*, shown, closed for good at the end of the test."""
    from ult_desktop.ui.kiosk.flow import START
    from ult_desktop.ui.kiosk.window import KioskWindow

    options.setdefault("printer_url", f"virtual://{tmp_path / 'tickets'}")
    options.setdefault("locked", True)
    options.setdefault("timings", FAST)
    options.setdefault("config_file", tmp_path / "station.json")
    options.setdefault("poll_ms", 50)
    options.setdefault("station_id", "kiosk-test")
    options.setdefault("audio_outputs", list)  # no sound card here: no outputs, no headset
    window = KioskWindow(db_path, **options)

    def close() -> None:
        window.shutdown()
        window.deleteLater()

    request.addfinalizer(close)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    if wait_ready:
        qtbot.waitUntil(lambda: window.link.online and window.view.state is not None,
                        timeout=WAIT)
        qtbot.waitUntil(lambda: shown_page(window) == START)
    return window


@pytest.fixture
def kiosk(qtbot, request, db_path, tmp_path):
    """A locked kiosk on the test's file, ready at the start screen."""
    return make_kiosk(qtbot, request, db_path, tmp_path)


def shown_page(window) -> int:
    """The kiosk page on screen (``flow.START``, ``flow.TICKET``...)."""
    return window.view.pages.currentIndex()


def service_button(window, prefix: str, *, priority: bool = False):
    """The kiosk's button of service *prefix* (on the priority page: *priority*)."""
    screen = window.view
    return (screen.priority_page if priority else screen.start_page).buttons[prefix]


def tap_corner(qtbot, window, times: int = 5) -> None:
    """The admin gesture: *times* taps on the kiosk's top-left corner."""
    for _ in range(times):
        qtbot.mouseClick(window.corner, Qt.LeftButton)


def enter_pin(qtbot, window, pin: str) -> None:
    """Type *pin* on the kiosk's keypad and touch OK."""
    keypad = window.view.pin_page
    for digit in pin:
        qtbot.mouseClick(keypad.keys[digit], Qt.LeftButton)
    qtbot.mouseClick(keypad.ok, Qt.LeftButton)


def button_status(window, prefix: str, priority: bool = False) -> str:
    return service_button(window, prefix, priority=priority).status


def update_service(db, prefix: str, **fields) -> None:
    """Change columns of an existing service as admin would, with its feed event."""
    from ult_desktop.db.record.events import append_event

    sets = ", ".join(f"{k} = ?" for k in fields)

    def tx(conn):
        conn.execute(f"UPDATE services SET {sets} WHERE prefix = ?", (*fields.values(), prefix))
        append_event(conn, db.station, "settings_changed", service_prefix=prefix,
                     data={"service": prefix, "keys": sorted(fields)})

    db.write(tx)


# -- the admin window ----------------------------------------------------------------------
def admin_login(qtbot, w, username: str = "admin", pin: str = DEMO_PINS["admin"]) -> None:
    """Type *username* and *pin* on the admin window's sign-in and submit."""
    w.login.username.setText(username)
    w.login.pin.setText(pin)
    qtbot.mouseClick(w.login.submit, Qt.LeftButton)


def open_page(qtbot, ws, cls):
    """Open the admin page *cls* in workspace *ws* and wait until it has loaded (again,
    when it was open before)."""
    page = ws.page(cls)
    if ws.pages.index(page) in ws.loaded:
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.load()
        ws.open(cls)
    else:
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            ws.open(cls)
    return page


def signed_in(qtbot, w, username: str = "admin", pin: str = DEMO_PINS["admin"]):
    """Sign in on admin window *w* and wait for its workspace (returned)."""
    admin_login(qtbot, w, username, pin)
    qtbot.waitUntil(lambda: w.workspace is not None, timeout=WAIT)
    return w.workspace


@pytest.fixture
def admin_window(qtbot, db_target):
    """An admin window on the test's office (its file, or its server database in a module
    marked ``engines``; station ``admin-test``), at its sign-in."""
    from ult_desktop.ui.admin.app import AdminWindow

    w = AdminWindow(db_target, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(w)
    yield w
    w.close()


@pytest.fixture
def admin_ws(qtbot, admin_window):
    """The workspace of :func:`admin_window`, signed in as the demo admin."""
    return signed_in(qtbot, admin_window)


def submit_survey(db, *, ticket_code: str, answers: list[int] | tuple[int, ...],
                  suggestion: str | None = None, profile: dict[str, str | None] | None = None,
                  source: str = "tablet", now: datetime | None = None) -> skm_db.SurveyResponse:
    """Check *ticket_code* and write its answers at once, as a batch of one that spends
    the code (the app's stations go through the answer queue, ``app/survey_queue.py``,
    which writes shuffled batches of the office's minimum group; the tests here want one
    answer at a known moment).

    :raises InvalidAnswers: not nine scores from 1 to 4, or an unknown profile band.
    :raises NotFound: no ticket has this code.
    :raises RuleViolation: not a survey station; the visit was not served (yet), too
        long ago, or already has a response.
    """
    now = now or datetime.now(timezone.utc)
    skm_db.survey_ticket(db, ticket_code=ticket_code, now=now)
    [response] = skm_db.write_batch(
        db, [{"code": ticket_code, "source": source, "answers": list(answers),
              "suggestion": suggestion, "profile": profile}],
        batch_id=secrets.token_hex(8), now=now)
    return response


# -- reads only tests make (the screens read through db.read with the read_ functions) --
def get_record(db, *, record_id=None, ticket_id=None):
    """The guest-book record with *record_id*, or the one of *ticket_id*; None if none."""
    from ult_desktop.db.visit import register

    if record_id is None:
        return None if ticket_id is None else db.read(
            lambda conn: register.record_of_ticket(conn, ticket_id))
    rows = db.query(register._SELECT + " WHERE r.id = ?", (record_id,))
    return register.record_from_row(rows[0]) if rows else None


def get_case(db, case_id):
    from ult_desktop.db.visit import cases

    return db.read(lambda conn: cases.read_case(conn, case_id))


def case_of_record(db, record_id):
    from ult_desktop.db.visit import cases

    def read(conn):
        row = conn.execute("SELECT id FROM cases WHERE record_id = ?", (record_id,)).fetchone()
        return cases.read_case(conn, row[0]) if row else None

    return db.read(read)


def handover_of(db, handover_id):
    from ult_desktop.db.visit import handover

    return db.read(lambda conn: handover.read_handover(conn, handover_id))


def tickets_of_day(db, day=None):
    from ult_desktop.db import queries
    from ult_desktop.db.queue.rows import ticket_from_row

    rows = db.query(queries.TICKET_SELECT + " WHERE t.day = ? ORDER BY t.id",
                    (day or queries.today(db),))
    return [ticket_from_row(r) for r in rows]


def waiting_tickets(db, day=None):
    return [t for t in tickets_of_day(db, day) if t.state.value in ("waiting", "transferred")]


def survey_responses(db, *, date_from, date_to, service_id=None):
    """Responses of the months the office days *date_from* .. *date_to* touch."""
    return db.read(lambda conn: skm_db.read_responses(
        conn, first_month=date_from[:7], last_month=date_to[:7], service_id=service_id))


def survey_result(db, *, date_from, date_to, service_id=None):
    """IKM of the responses in the period (optionally of one service); None if none."""
    return core_skm.compute_ikm(r.answers for r in survey_responses(
        db, date_from=date_from, date_to=date_to, service_id=service_id))


def survey_result_by_service(db, *, date_from, date_to, min_group=None):
    """IKM per service id, small groups merged away as the report does."""
    from ult_desktop.db.house.office import get_settings

    rows = survey_responses(db, date_from=date_from, date_to=date_to)
    groups = core_skm.ikm_by(rows, key=lambda r: r.service_id, answers=lambda r: r.answers)
    if min_group is None:
        min_group = int(get_settings(db, "skm_min_group")["skm_min_group"])
    kept = core_skm.merge_small_groups({str(k): r.respondents for k, r in groups.items()},
                                       max(1, min_group))
    return {k: r for k, r in groups.items() if str(k) in kept}


# -- the lobby display ----------------------------------------------------------------------
class RecordingPlayer:
    """Stands in for the speakers: records each utterance, finishes it at once."""

    def __init__(self) -> None:
        self.played: list[tuple[str, int, bool]] = []
        self.utterances: list = []  # what was said: the text and the clips
        self.lock = threading.Lock()

    def __call__(self, utterance, done) -> None:
        ann = utterance.announcement
        with self.lock:
            self.played.append((ann.number, ann.counter, utterance.speech) if ann else
                               ("", 0, utterance.speech))  # the chime alone (a sound test)
            self.utterances.append(utterance)
        done()


@pytest.fixture
def player():
    return RecordingPlayer()


@pytest.fixture
def open_display(qtbot, db_target, tmp_path, player):
    windows = []

    from ult_desktop.ui.display.window import DisplayWindow

    def _open(**kwargs) -> DisplayWindow:
        kwargs.setdefault("player", player)
        w = DisplayWindow(db_target, station_id="test-display", tts=False, poll_ms=50,
                          media_dir=kwargs.pop("media_dir", tmp_path / "no-media"), **kwargs)
        w.resize(1920, 1080)
        windows.append(w)
        qtbot.waitUntil(lambda: w.model.loaded and bool(w.model.settings), timeout=5000)
        return w

    yield _open
    for w in windows:
        w.shutdown()
        w.deleteLater()  # destroyed on the GUI thread, not by a later GC on another thread
    qtbot.wait(10)


def people_served(db, *, month: str, n: int, prefix: str | None = None,
                  service_id: int | None = None) -> None:
    """*n* phone requests in the guest book in *month* ('YYYY-MM') for one service (by
    *prefix* or *service_id*): the people paper and phone SKM sheets may speak for (a
    month takes no more sheets than people served)."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import register

    if prefix is None:
        prefix = db.query("SELECT prefix FROM services WHERE id = ?", (service_id,))[0][0]
    at = datetime.fromisoformat(f"{month}-01T03:00:00+00:00")
    for i in range(n):
        register.save_record(db, record=RecordInput(visitor_name=f"Penelepon {i + 1}",
                                                    phone=f"08123{i:07d}", topic="informasi"),
                             channel="phone", service=prefix, now=at)


def sheet_before_36(db, *, service_id: int, period: str, source: str = "paper",
                    answers, suggestion: str | None = None,
                    profile: dict[str, str | None] | None = None) -> skm_db.SurveyResponse:
    """A paper or phone sheet as versions before the sheet numbers' check stored it, with no check
    against the people served: older files hold such months, which every report must
    still call TIDAK WAJAR (the entry now refuses them: ``skm_db.record_response``)."""
    from ult_desktop.db.record.events import append_event

    def tx(conn):
        response = skm_db._insert(
            conn, service_id=service_id, period=period, source=source,
            answers=core_skm.validate_answers(answers),
            suggestion=core_skm.validate_suggestion(suggestion),
            profile=core_skm.validate_profile(profile))
        append_event(conn, db.station, skm_db.SURVEY_RECORDED, data={"source": source})
        return response

    return db.write(tx)


def free_tcp_port() -> int:
    """A TCP port free on 127.0.0.1 now (for the visitors' phone page)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def phone_answer(port: int, code: str, source: str = "127.0.0.1") -> dict:
    """What the phone page at 127.0.0.1:*port* answers for ticket *code* (its JSON), asked
    from *source*."""
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                      source_address=(source, 0))
    try:
        conn.request("GET", f"/s/{code}")
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def book_visit_on(db, case: int, day, *, opens: str = "00:00", closes: str = "23:59",
                  code: str | None = None) -> None:
    """Case *case*'s follow-up visit booked for *day* as ``db.visit.visits.book_visit``
    writes it (the columns and its ``case_visit_booked`` act in one signed write), but on
    any day and hours: a test's "today" may be a Sunday or the night."""
    from ult_desktop.db.queue.rows import survey_code_hash
    from ult_desktop.db.record.events import append_event
    from ult_desktop.db.visit.visits import CASE_VISIT_BOOKED

    def tx(conn) -> None:
        conn.execute("UPDATE cases SET visit_day = ?, visit_opens = ?, visit_closes = ?, "
                     "visit_code = COALESCE(?, visit_code) WHERE id = ?",
                     (str(day), opens, closes,
                      survey_code_hash(conn, code) if code else None, case))
        append_event(conn, db.station, CASE_VISIT_BOOKED,
                     data={"case_id": case, "day": str(day), "opens": opens, "closes": closes})
    db.write(tx)


def sit_at(db, counter: int | None, username: str = "dewi", now=None) -> None:
    """An officer signs in at *counter* (the desk then serves: ``core.desks``) as the
    counter screen does it: her PIN (the demo office's) opens her key, which proves it."""
    from ult_desktop.core import pins
    from ult_desktop.db.record.audit import OFFICER_LOGIN, record_session
    from ult_desktop.db.record.station_keys import office_pin_key

    stored = db.query("SELECT pin_hash FROM officers WHERE username = ?", (username,))[0][0]
    opened = pins.open_pin(DEMO_PINS[username], stored, office_pin_key(db))
    record_session(db, OFFICER_LOGIN, username, counter=counter, now=now, screen="counter",
                   sign_in_key=opened or None)
