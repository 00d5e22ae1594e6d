"""A desk act stands only inside its officer's own open session of that office day, at that
key and at a desk registered to that key. Each attack is made as an insider at one counter
PC would (its registered key signs what the app would never make) and named by a real
``check`` process (exit 9), the figures unmoved by it; the honest day (sign in, choose the
desk's services, serve, a break, sign out, sign in again) keeps ``check`` at 0. Real
files, real keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.drivers import OFFICE_STATIONS, admin_pc, sit_at
from tests.test_acts_judged import officer_id
from tests.test_acts_moved import clean, named

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def office_of(db_path: Path, folder: Path, *, desks: bool) -> dict:
    """The admin PC, a kiosk, two counters, a tablet and a TV, each key registered with its
    role (*desks*: each counter's with its desk number, as ``station-key approve --desk``
    writes it; else as registrations made before desks were named); nobody signed in."""
    from ult_desktop.app import station_key
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    admin, _ = admin_pc(str(db_path), folder / "key-admin")
    dbs = {"admin": admin}
    for name, (label, role) in OFFICE_STATIONS.items():
        db = open_database(db_path, station=label, mode=role)
        db.set_signer(station_key.create_key(folder / f"key-{name}")[0])
        station_keys.request_registration(db, label=label)
        more = {"desks": [int(label.split()[-1])]} if desks and role == "counter" else {}
        station_keys.approve_key(admin, db.identity.signer.key_id, role=role, **more)
        dbs[name] = db
    return dbs


@pytest.fixture
def pcs(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    made: list[dict] = []

    def make(*, desks: bool) -> dict:
        made.append(office_of(db_path, tmp_path, desks=desks))
        return made[-1]
    yield make
    for dbs in made:
        for db in dbs.values():
            db.close()


def served_by(admin, month: str, officer: int) -> int:
    """The month's visits served credited to *officer*, as Asal angka explains them."""
    from ult_desktop.reports.provenance import explain_month

    figure = explain_month(admin, month).figures.get(f"officer.{officer}.served")
    return figure.value if figure is not None else 0


def serve(db, counter: int, officer: int):
    """A visitor called, served and finished at *counter* in *officer*'s name."""
    from ult_desktop.db.queue.desk import call_next, finish, start_serving

    ticket = call_next(db, counter=counter, officer_id=officer)
    assert ticket is not None
    start_serving(db, counter=counter)
    finish(db, counter=counter)
    return ticket


def test_a_sign_in_weeks_ago_credits_no_one_today(pcs, db_path):
    """Sari signed in at counter 1 three weeks ago with her PIN and out again that
    afternoon; dewi signed in there yesterday and never out. Today counter 1's key
    serves a visitor in sari's name and another in dewi's, neither signed in: ``check``
    names both, and neither Asal angka nor desk time credits them, while budi, signed in
    at counter 2 today, keeps his visit."""
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record.audit import OFFICER_LOGOUT, record_session

    office = pcs(desks=False)
    admin, kiosk, c1, c2 = (office[n] for n in ("admin", "kiosk", "c1", "c2"))
    sari, dewi, budi = (officer_id(admin, n) for n in ("sari", "dewi", "budi"))
    now = datetime.now(timezone.utc)
    weeks = now - timedelta(days=21)
    sit_at(c1, 1, "sari", now=weeks)
    record_session(c1, OFFICER_LOGOUT, "sari", counter=1, screen="counter",
                   now=weeks + timedelta(hours=8))
    sit_at(c1, 1, "dewi", now=now - timedelta(days=1))
    sit_at(c2, 2, "budi")
    issue_ticket(kiosk, service="B")  # (desk 2 serves B and C)
    honest = serve(c2, 2, budi)
    clean(db_path)

    issue_ticket(kiosk, service="A")
    issue_ticket(kiosk, service="A")
    hers = serve(c1, 1, sari)
    yesterday_s = serve(c1, 1, dewi)
    named(db_path, (f"{hers.number} ({hers.day})", "officer"),
          (f"{yesterday_s.number} ({yesterday_s.day})", "officer"))
    month = honest.day[:7]
    assert served_by(admin, month, sari) == 0
    assert served_by(admin, month, dewi) == 0
    assert served_by(admin, month, budi) == 1
    from ult_desktop.reports.data import collect

    day = date.fromisoformat(honest.day)
    at_desk = {t.officer_id: t.present + t.serving for t in collect(admin, day, day).officer_time}
    assert not at_desk.get(sari) and not at_desk.get(dewi) and budi in at_desk, at_desk


@pytest.mark.parametrize("proof", [None, bytes(32)], ids=["no-proof", "wrong-key"])
def test_a_sign_in_the_counter_key_signs_alone_credits_no_one(pcs, db_path, proof):
    """Counter 1's key signs a sign-in for sari today, as its insider would with no PIN
    (no proof, or a proof by a key her PIN never opened), and serves a visitor in her
    name: ``check`` names the visit and neither Asal angka nor desk time credits her."""
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record.audit import OFFICER_LOGIN, record_session
    from ult_desktop.reports.data import collect

    office = pcs(desks=False)
    admin, kiosk, c1, c2 = (office[n] for n in ("admin", "kiosk", "c1", "c2"))
    sari, budi = (officer_id(admin, n) for n in ("sari", "budi"))
    sit_at(c2, 2, "budi")
    issue_ticket(kiosk, service="B")
    honest = serve(c2, 2, budi)
    clean(db_path)

    record_session(c1, OFFICER_LOGIN, "sari", counter=1, screen="counter", sign_in_key=proof)
    issue_ticket(kiosk, service="A")
    forged = serve(c1, 1, sari)
    named(db_path, (f"{forged.number} ({forged.day})", "officer"))
    assert served_by(admin, honest.day[:7], sari) == 0
    assert served_by(admin, honest.day[:7], budi) == 1
    day = date.fromisoformat(honest.day)
    at_desk = {t.officer_id: t.present + t.serving for t in collect(admin, day, day).officer_time}
    assert not at_desk.get(sari) and budi in at_desk, at_desk


def test_a_journal_landed_today_credits_no_one_signed_in_weeks_ago(pcs, db_path, tmp_path):
    """Counter 1's journal, signed by its key, says sari signed in there today and called
    and finished a visitor while the share was away; she signed in there three weeks ago
    and out again, never today. The acts land (the PC's own rules let them), and
    ``check`` names the visit credited to her; Asal angka credits her with nothing."""
    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record.audit import OFFICER_LOGOUT, record_session

    office = pcs(desks=False)
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    sari = officer_id(admin, "sari")
    weeks = datetime.now(timezone.utc) - timedelta(days=21)
    sit_at(c1, 1, "sari", now=weeks)
    record_session(c1, OFFICER_LOGOUT, "sari", counter=1, screen="counter",
                   now=weeks + timedelta(hours=8))
    t = issue_ticket(kiosk, service="A")
    clean(db_path)
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite", signer=c1.identity.signer)
    now = datetime.now(timezone.utc)
    journal.signin(day=t.day, counter=1, officer_id=sari, now=now)
    for kind in ("call", "finish"):
        journal.record(day=t.day, number=t.number, counter=1, officer_id=sari, kind=kind,
                       now=now)
    journal.land(c1)
    journal.close()
    assert tuple(admin.query("SELECT officer_id, state FROM tickets WHERE id = ?",
                             (t.id,))[0]) == (sari, "done")
    named(db_path, (f"{t.number} ({t.day})", "officer"))
    assert served_by(admin, t.day[:7], sari) == 0


def test_signed_out_today_she_is_credited_with_nothing_after(pcs, db_path):
    """Sari signs in at counter 1, serves one visitor and signs out; counter 1's key then
    serves another in her name and puts her desk on a break in her name: both named, and
    her served count stays one."""
    from ult_desktop.db.queue.desk import pause_counter
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.counter import jobs

    office = pcs(desks=False)
    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    sari = officer_id(admin, "sari")
    sit_at(c1, 1, "sari")
    issue_ticket(kiosk, service="A")
    first = serve(c1, 1, sari)
    jobs.logout(c1, "sari", counter=1)
    clean(db_path)
    issue_ticket(kiosk, service="A")
    after = serve(c1, 1, sari)
    pause_counter(c1, counter=1, reason="ishoma", officer_id=sari)
    report = named(db_path, (f"{after.number} ({after.day})", "officer"))
    assert ("counter_pauses", "officer") in {
        (d["table"], d["column"]) for d in report["reconcile"]["differences"]}
    assert served_by(admin, first.day[:7], sari) == 1


def test_a_sign_in_at_a_desk_not_registered_to_the_key_is_named(pcs, db_path):
    """Counter 2's key is registered for desk 2. Dewi's PIN typed there signs her in at
    desk 1 (a valid proof: the PIN is right), and the PC calls a visitor to desk 1 in her
    name: both named. Budi at desk 2, registered to it, is clean."""
    from ult_desktop.db.queue.numbers import issue_ticket

    office = pcs(desks=True)
    admin, kiosk, c1, c2 = (office[n] for n in ("admin", "kiosk", "c1", "c2"))
    registered = admin.query("SELECT data FROM events WHERE kind = 'station_key_registered' "
                             "AND station = 'Loket 2'")[0][0]
    assert '"desks": [2]' in registered
    sit_at(c1, 1, "sari")
    sit_at(c2, 2, "budi")
    issue_ticket(kiosk, service="B")  # (desk 2 serves B and C)
    serve(c2, 2, officer_id(admin, "budi"))
    clean(db_path)
    sit_at(c2, 1, "dewi")
    issue_ticket(kiosk, service="A")
    called = serve(c2, 1, officer_id(admin, "dewi"))
    named(db_path, ("officer_login", "desk"), (f"{called.number} ({called.day})", "counter"))


def test_a_counter_key_setting_another_desk_s_services_is_named(judged_pcs, db_path):
    """Counter 1's key (sari at desk 1) empties desk 2's services, as the counter screen
    writes a desk's choice: ``check`` names it, and budi at desk 2 still calls the
    visitor of service B who waits, as the record lets his desk's services stand."""
    from ult_desktop.db.queue.desk import call_next
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.counter import jobs

    admin, kiosk, c1, c2 = (judged_pcs[n] for n in ("admin", "kiosk", "c1", "c2"))
    jobs.set_services(c1, 2, [])
    assert c1.query("SELECT service_ids FROM counters WHERE number = 2")[0][0] == "[]"
    named(db_path, ("2", "services"))
    waiting = issue_ticket(kiosk, service="B")  # (desk 2 serves B and C)
    called = call_next(c2, counter=2, officer_id=officer_id(admin, "budi"))
    assert called is not None and called.number == waiting.number


def test_the_honest_days_are_clean(pcs, db_path):
    """Yesterday sari signed in at desk 1 and out; today she signs in again, chooses her
    desk's services, serves, takes a break, signs out and in again and serves on; budi
    at desk 2 the same: ``check`` 0 throughout."""
    from ult_desktop.db.queue.desk import pause_counter, resume_counter
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record.audit import OFFICER_LOGOUT, record_session
    from ult_desktop.ui.counter import jobs

    office = pcs(desks=True)
    admin, kiosk, c1, c2 = (office[n] for n in ("admin", "kiosk", "c1", "c2"))
    sari, budi = officer_id(admin, "sari"), officer_id(admin, "budi")
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    sit_at(c1, 1, "sari", now=yesterday)
    record_session(c1, OFFICER_LOGOUT, "sari", counter=1, screen="counter",
                   now=yesterday + timedelta(hours=1))
    sit_at(c1, 1, "sari")
    jobs.set_services(c1, 1, ["A", "B"])
    sit_at(c2, 2, "budi")
    for service in "ABA":
        issue_ticket(kiosk, service=service)
    serve(c1, 1, sari)
    serve(c2, 2, budi)
    now = datetime.now(timezone.utc)
    pause_counter(c1, counter=1, reason="ishoma", officer_id=sari, now=now)
    resume_counter(c1, counter=1, officer_id=sari, now=now + timedelta(seconds=30))
    jobs.logout(c1, "sari", counter=1)
    sit_at(c1, 1, "sari")
    serve(c1, 1, sari)
    clean(db_path)


def test_an_admin_approves_a_counter_key_for_its_desk(db_path, tmp_path, monkeypatch):
    """``station-key approve --role counter --desk 1``: the registration names the desk,
    and the judge holds that PC's sign-ins to it."""
    import json

    from tests.conftest import run_cli
    from ult_desktop.db.house.setup import DEMO_PINS

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    admin, _ = admin_pc(str(db_path), tmp_path / "key-admin")
    admin.close()
    admin_env = {"ULT_KEY_DIR": str(tmp_path / "key-admin"), "ULT_ADMIN_PIN": DEMO_PINS["admin"]}
    counter_env = {"ULT_KEY_DIR": str(tmp_path / "loket-1")}
    made = json.loads(run_cli("station-key", "create", "--json", env=counter_env).stdout)
    r = run_cli("station-key", "request", "--db", str(db_path), "--label", "Loket 1",
                env=counter_env)
    assert r.returncode == 0, r.stderr
    r = run_cli("station-key", "approve", made["key"], "--db", str(db_path), "--admin",
                "admin", "--role", "counter", "--desk", "1", env=admin_env)
    assert r.returncode == 0, r.stderr
    from ult_desktop.db.open import open_database

    db = open_database(db_path, station="test", mode="test")
    try:
        [data] = [json.loads(d) for (d,) in db.query(
            "SELECT data FROM events WHERE kind = 'station_key_registered' AND station = "
            "'Loket 1'")]
    finally:
        db.close()
    assert (data["role"], data["desks"]) == ("counter", [1])


def test_the_counter_screen_signs_its_officer_out_when_the_office_day_ends(qtbot,
                                                                          make_window, db):
    """Sari is signed in at counter 1 when the office day turns (the PC left on over
    night): the counter signs her out and asks for her PIN again, so nothing she does
    the next morning is credited to yesterday's session."""
    from tests.drivers import WAIT, login

    w = make_window()
    login(qtbot, w, "sari", 1)
    w._day_end()  # (the minute's check: the same day, nothing changes)
    assert w.session.officer is not None
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    w.journal.clock = lambda: tomorrow
    w._day_end()
    qtbot.waitUntil(lambda: w.pages.currentIndex() == 0, timeout=WAIT)
    assert w.session.officer is None
    qtbot.waitUntil(lambda: db.query(
        "SELECT COUNT(*) FROM events WHERE kind = 'officer_logout'")[0][0] == 1, timeout=WAIT)


def test_the_sign_in_offers_only_the_desks_its_key_is_registered_for(qtbot, make_window,
                                                                     db_path, tmp_path,
                                                                     monkeypatch):
    """A counter PC approved for desk 2 offers desk 2 at its sign-in (and no desk, for the
    back office), never desk 1 or 3: a sign-in there would be named."""
    from ult_desktop.app import station_key
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    admin, _ = admin_pc(str(db_path), tmp_path / "key-admin")
    key = station_key.create_key(tmp_path / "key-c2")[0]
    pc = open_database(db_path, station="counter-test", mode="counter")
    pc.set_signer(key)
    station_keys.request_registration(pc, label="counter-test")
    station_keys.approve_key(admin, key.key_id, role="counter", desks=[2])
    pc.close()
    admin.close()
    w = make_window(signer=key)
    offered = [w.login.counter.itemData(i) for i in range(w.login.counter.count())]
    assert offered == [2, None]
