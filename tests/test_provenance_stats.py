"""Where a number comes from, for the report's statistics (``reports.provenance_times``):
the waiting and service minutes per service and over all, and the escalations'
timeliness. An office's morning done through the app at known moments; the oracle is the
test's own list of what it did (which tickets, at which moments, by which act) and the
statistics computed here from the listed acts' times, never the layer's own counting."""

from __future__ import annotations

import json
import math
import statistics
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from reports_month import generate_month

from ult_desktop.core.dates import month_range
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import local_time, office_day
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.office import read_settings
from ult_desktop.db.open import open_database
from ult_desktop.db.queue import desk
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.db.visit import cases, register
from ult_desktop.db.visit.cases import CASE_OPENED
from ult_desktop.db.visit.register import RECORD_CREATED
from ult_desktop.reports.data import collect
from ult_desktop.reports.evidence import COMPLAINTS_ITEM, evidence_items
from ult_desktop.reports.provenance import explain_month

#: a month wholly before today's (its survey closed)
LAST = month_range(datetime.now(timezone.utc).date(), 1)
MONTH = f"{LAST[0]:%Y-%m}"


def _percentile_inc(values: list[float], p: float) -> float:
    """Excel's PERCENTILE.INC, written out here."""
    data = sorted(values)
    rank = (len(data) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def _moments(now: datetime, tz: str, n: int) -> list[datetime]:
    """*n* increasing moments of today (office time) before *now*, seconds apart (within
    the clock tolerance the judge gives a station behind another's newest act)."""
    midnight = local_time(now, tz).replace(hour=0, minute=0, second=0, microsecond=0)
    base = max(now - timedelta(minutes=12), midnight.astimezone(timezone.utc) +
               timedelta(minutes=1))
    step = (now - timedelta(seconds=5) - base) / n
    return [base + step * k for k in range(n)]


def _minutes(a: datetime, b: datetime) -> float:
    return max(0.0, (b - a).total_seconds() / 60)


def _by_thing(fig) -> dict[str, dict[str, datetime]]:
    """Each thing of *fig* -> its acts' times by kind, from the acts listed."""
    out: dict[str, dict[str, datetime]] = {}
    for act in fig.acts:
        out.setdefault(act.thing, {})[act.kind] = datetime.fromisoformat(act.at)
    return out


def test_waits_service_times_and_escalations_are_the_acts_done(judged_pcs):
    kiosk, c1, c2, admin = (judged_pcs[k] for k in ("kiosk", "c1", "c2", "admin"))
    tz = admin.read(lambda conn: read_settings(conn, ("timezone",)))["timezone"]
    now = datetime.now(timezone.utc)
    at = iter(_moments(now, tz, 40))
    ids = {r[0]: r[1] for r in admin.query("SELECT username, id FROM officers")}
    # what the test did: number -> {act kind: moment}; service of each number
    done: dict[str, dict[str, datetime]] = {}
    service: dict[str, str] = {}
    for prefix in "AABABAA":
        t = issue_ticket(kiosk, service=prefix, now=next(at))
        done[t.number], service[t.number] = {"issued": t.issued_at}, prefix
    day = t.day.isoformat() if hasattr(t.day, "isoformat") else str(t.day)

    def call(db, counter, who):
        moment = next(at)
        t = desk.call_next(db, counter=counter, officer_id=ids[who], now=moment)
        done[t.number]["called"] = moment
        return t.number

    a1 = call(c1, 1, "sari")  # called, started, finished
    desk.start_serving(c1, counter=1, now=(m := next(at)))
    done[a1]["serving"] = m
    desk.finish(c1, counter=1, now=(m := next(at)))
    done[a1]["finished"] = m
    a2 = call(c1, 1, "sari")  # finished from the call: its service runs from the call
    desk.finish(c1, counter=1, now=(m := next(at)))
    done[a2]["finished"] = m
    b1 = call(c2, 2, "budi")  # its record escalated to the back office
    record = register.save_record(c2, record=RecordInput(
        visitor_name="Pak Joko", phone="081234567002", topic="Ijazah", question="Hilang"),
        channel="walk_in", ticket_id=admin.query(
            "SELECT id FROM tickets WHERE number = ? AND day = ?", (b1, day))[0][0],
        now=next(at))
    case = cases.open_case(c2, record_id=record.id, officer_id=ids["budi"], now=next(at))
    desk.finish(c2, counter=2, now=(m := next(at)))
    done[b1]["finished"] = m
    a3 = call(c1, 1, "sari")  # called, then a no-show
    desk.skip(c1, counter=1, now=next(at))
    # the others still wait: no wait of theirs is measured
    checked = reconcile(admin)
    assert checked["ok"], checked["differences"][:5]
    data = collect(admin, *(office_day(now, tz),) * 2, now=now)
    month = explain_month(admin, day[:7], now=now)
    targets = {r[0]: (r[1], r[2]) for r in admin.query(
        "SELECT prefix, target_wait_min, target_service_min FROM services")}
    name = {n: f"{n} ({day})" for n in done}

    called = [n for n in done if "called" in done[n]]
    finished = [n for n in done if "finished" in done[n]]
    for measure, numbers, start, ends in (
            ("wait", called, "issued", ("called",)),
            ("service_time", finished, "serving", ("finished",))):
        for head in ("A", "B", "all"):
            mine = [n for n in numbers if head in ("all", service[n])]
            fig = month.figures[f"{measure}.{head}.median"]
            # the acts listed are exactly the ones that started and ended each time
            expected = set()
            for n in mine:
                begin = start if start in done[n] else "called"
                expected |= {(name[n], begin), *((name[n], e) for e in ends)}
            assert {(a.thing, a.kind) for a in fig.acts} == expected, (measure, head)
            assert {a.station for a in fig.acts} <= {kiosk.station, c1.station, c2.station}
            # the number made of the listed acts' times is the printed one and the test's
            listed = _by_thing(fig)
            minutes = [_minutes(listed[t].get(start, listed[t].get("called")),
                                listed[t][ends[0]]) for t in listed]
            own = [_minutes(done[n].get(start, done[n].get("called")), done[n][ends[0]])
                   for n in mine]
            assert sorted(minutes) == sorted(own)
            assert math.isclose(fig.value, statistics.median(own))
            assert math.isclose(fig.printed, statistics.median(minutes))
            assert fig.how and str(len(own)) in fig.how
            p90 = month.figures[f"{measure}.{head}.p90"]
            assert math.isclose(p90.value, _percentile_inc(own, 90)) and p90.agrees
            mean = month.figures[f"{measure}.{head}.mean"]
            assert math.isclose(mean.value, statistics.fmean(own)) and mean.agrees
            count = month.figures[f"{measure}.{head}.count"]
            assert count.value == count.printed == len(own) == len(count.things)
            within = month.figures[f"{measure}.{head}.within"]
            limit = [targets[service[n]][0 if measure == "wait" else 1] for n in mine]
            assert math.isclose(within.value, sum(
                m <= lim for m, lim in zip(own, limit, strict=True)) / len(own))
            assert within.agrees
    assert a3 in called and a3 not in finished
    # the hours table: the visitors first called in each hour, and their mean wait
    by_hour: dict[int, list[str]] = {}
    for n in called:
        by_hour.setdefault(local_time(done[n]["called"], tz).hour, []).append(n)
    for hour, numbers in by_hour.items():
        fig = month.figures[f"hourly.{hour:02d}.called"]
        assert {(a.thing, a.kind) for a in fig.acts} == {(name[n], "called") for n in numbers}
        assert fig.value == fig.printed == len(numbers)
        mean = month.figures[f"hourly.{hour:02d}.mean"]
        listed = _by_thing(mean)
        assert set(listed) == {name[n] for n in numbers}
        assert math.isclose(mean.printed, statistics.fmean(
            _minutes(x["issued"], x["called"]) for x in listed.values()))
        assert math.isclose(mean.value, statistics.fmean(
            _minutes(done[n]["issued"], done[n]["called"]) for n in numbers))
    # the escalation: one opened, open (not due yet), made of the record's and case's acts
    for key in ("escalations.B.opened", "escalations.all.opened", "escalations.B.open"):
        fig = month.figures[key]
        assert fig.value == fig.printed == 1, key
        assert fig.things == {f"Kasus #{case.id}"}, key
        assert sorted(a.kind for a in fig.acts) == sorted([RECORD_CREATED, CASE_OPENED])
        assert {a.station for a in fig.acts} == {c2.station}
    for key in ("escalations.B.on_time", "escalations.B.late", "escalations.B.overdue"):
        assert month.figures[key].value == month.figures[key].printed == 0, key
    assert "escalations.A.opened" not in month.figures or \
        month.figures["escalations.A.opened"].value == 0
    assert data.times()[-1].wait.count == len(called)


def _day_minutes(a: datetime, b: datetime, tz: str) -> set[int]:
    """The minutes of the day (local, 0..1439) from *a* up to *b*, written out here."""
    x, y = local_time(a, tz), local_time(b, tz)
    return set(range(x.hour * 60 + x.minute, y.hour * 60 + y.minute))


def test_desk_minutes_are_the_acts_done(judged_pcs):
    """Sari (signed in at counter 1 when the office opened) serves two visitors with a
    lunch break between, budi one at counter 2, all in the next minutes: her minutes
    serving, on a break, present and idle are those of the acts listed."""
    kiosk, c1, c2, admin = (judged_pcs[k] for k in ("kiosk", "c1", "c2", "admin"))
    tz = admin.read(lambda conn: read_settings(conn, ("timezone",)))["timezone"]
    now = datetime.now(timezone.utc)
    step = timedelta(seconds=40)  # (ahead of the clock, within the judge's tolerance)
    at = iter(now + timedelta(seconds=10) + step * k for k in range(15))
    if office_day(now + step * 15, tz) != office_day(now, tz):
        pytest.skip("the office day ends within the test's minutes")
    ids = {r[0]: r[1] for r in admin.query("SELECT username, id FROM officers")}
    sari, budi = ids["sari"], ids["budi"]
    done: dict[str, dict[str, datetime]] = {}
    for prefix in "AAB":
        t = issue_ticket(kiosk, service=prefix, now=next(at))
        done[t.number] = {"issued": t.issued_at}
    day = str(t.day)

    def serve(db, counter, who):
        call = next(at)
        n = desk.call_next(db, counter=counter, officer_id=who, now=call).number
        next(at)  # (a visit of more than a minute)
        desk.finish(db, counter=counter, now=(end := next(at)))
        done[n] |= {"called": call, "finished": end, "by": who}
        return n

    first = serve(c1, 1, sari)
    desk.pause_counter(c1, counter=1, reason="ishoma", officer_id=sari, now=(p0 := next(at)))
    desk.resume_counter(c1, counter=1, officer_id=sari, now=(p1 := next(at)))
    serve(c2, 2, budi)
    second = serve(c1, 1, sari)
    checked = reconcile(admin)
    assert checked["ok"], checked["differences"][:5]
    month = explain_month(admin, day[:7], now=now + timedelta(minutes=10))
    name = {n: f"{n} ({day})" for n in done}

    serving = month.figures[f"desk.{sari}.serving"]
    assert {(a.thing, a.kind) for a in serving.acts} == {
        (name[n], k) for n in (first, second) for k in ("called", "finished")}
    listed = _by_thing(serving)
    from_acts = set().union(*(_day_minutes(x["called"], x["finished"], tz)
                              for x in listed.values()))
    own = set().union(*(_day_minutes(done[n]["called"], done[n]["finished"], tz)
                        for n in (first, second)))
    assert serving.value == serving.printed == len(from_acts) == len(own) >= 2
    assert serving.how

    paused = month.figures[f"desk.{sari}.paused.ishoma"]
    assert sorted(a.kind for a in paused.acts) == ["counter_paused", "counter_resumed"]
    assert {a.station for a in paused.acts} == {c1.station}
    times = sorted(datetime.fromisoformat(a.at) for a in paused.acts)
    assert times == [p0, p1]
    assert paused.value == paused.printed == len(_day_minutes(p0, p1, tz))

    present = month.figures[f"desk.{sari}.present"]
    logins = [a for a in present.acts if a.kind == "officer_login"]
    assert len(logins) == 1 and logins[0].station == c1.station  # (the fixture's sign-in)
    assert {(a.thing, a.kind) for a in present.acts if a.kind != "officer_login"} == \
        {(name[n], k) for n in (first, second) for k in ("called", "finished")}
    day_end = max(x["finished"] for x in done.values())  # (the day's last finish)
    here = _day_minutes(datetime.fromisoformat(logins[0].at), day_end, tz)
    assert present.value == present.printed == len(here) > serving.value
    idle = month.figures[f"desk.{sari}.idle"]
    assert idle.value == idle.printed == len(here - own - _day_minutes(p0, p1, tz))
    assert f"desk.{budi}.serving" in month.figures
    assert name[first] not in month.figures[f"desk.{budi}.serving"].things

    # the hours' counters open: counter 1 from sari's first call to her last finish less
    # her break, counter 2 for budi's visit; per hour, minutes over 60 (one office day)
    [budi_visit] = [n for n, x in done.items() if x.get("by") == budi]
    opened = {1: (_day_minutes(done[first]["called"], done[second]["finished"], tz)
                  - _day_minutes(p0, p1, tz)),
              2: set().union(*(_day_minutes(x["called"], x["finished"], tz)
                               for x in done.values() if x.get("by") == budi))}
    for hour in {m // 60 for minutes in opened.values() for m in minutes}:
        fig = month.figures[f"hourly.{hour:02d}.open_counters"]
        inside = sum(m // 60 == hour for minutes in opened.values() for m in minutes)
        assert fig.value == fig.printed == pytest.approx(inside / 60) and fig.how
        # listed: each counter's day in the hours it spans, by the call that opened it
        # and the finish that closed it, and the break in the hours it took
        expected = set()
        for opener, closer in ((first, second), (budi_visit, budi_visit)):
            span = _day_minutes(done[opener]["called"], done[closer]["finished"], tz)
            if hour in {m // 60 for m in span}:
                expected |= {(name[opener], "called"), (name[closer], "finished")}
        if hour in {m // 60 for m in _day_minutes(p0, p1, tz)}:
            expected |= {(tr("prov.thing.break", counter=1, day=day), k)
                         for k in ("counter_paused", "counter_resumed")}
        assert {(a.thing, a.kind) for a in fig.acts} == expected


@pytest.fixture(scope="module")
def surveyed(tmp_path_factory):
    """Last month of an office's work written by the app, most served visitors answering
    the survey (each answer a batch of its own): the file and what the generator did."""
    from ult_desktop.db.house.setup import init_database

    path = init_database(tmp_path_factory.mktemp("skm") / "office.db", demo=True)
    db = open_database(path, station="Loket 1", mode="test")
    log = generate_month(db, LAST[0].year, LAST[0].month, per_day=5, seed=11,
                         survey_share=0.7)
    db.close()
    return path, log


def test_survey_figures_are_the_acts_that_landed_the_answers(surveyed):
    path, log = surveyed
    db = open_database(path, station="admin", mode="report")
    try:
        assert reconcile(db)["ok"]
        month = explain_month(db, MONTH)
        answers = db.query("SELECT service_id, " + ", ".join(f"a{i}" for i in range(1, 10)) +
                           " FROM skm_responses WHERE period = ?", (MONTH,))
        prefixes = dict(db.query("SELECT id, prefix FROM services"))
        images = {r[0]: json.loads(r[1] or "[]") for r in db.query(
            "SELECT id, rows FROM events WHERE kind = 'survey_batch'")}
    finally:
        db.close()
    assert log.surveys > 10 and len(answers) == log.surveys
    fig = month.figures["ikm.all.respondents"]
    assert fig.value == fig.printed == log.surveys and fig.how
    # every act listed is one of the batches the generator sent (one answer each), and the
    # answers its own images add for the month make the figure
    assert {a.kind for a in fig.acts} == {"survey_batch"} and len(fig.acts) == log.surveys
    landed = [i for a in fig.acts for i in images[a.event_id]
              if i[:2] == ["n", "skm_responses"] and i[2][1] == MONTH]
    assert len(landed) == fig.value
    for sid, prefix in prefixes.items():
        mine = [i for i in landed if i[2][0] == sid]
        key = f"ikm.{prefix}.respondents"
        if mine:
            assert month.figures[key].value == len(mine) == sum(r[0] == sid for r in answers)
            assert {a.event_id for a in month.figures[key].acts} <= {a.event_id
                                                                      for a in fig.acts}
        else:
            assert key not in month.figures or month.figures[key].value == 0
    # the index, computed here from the answers: NRR per element, IKM = mean NRR x 25
    nrr = [Fraction(sum(r[i] for r in answers), len(answers)) for i in range(1, 10)]
    ikm = sum(nrr) / 9 * 25
    half_up = Decimal(ikm.numerator) / Decimal(ikm.denominator)
    assert month.figures["ikm.all.ikm"].value == float(
        half_up.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    for n, value in enumerate(nrr, start=1):
        element = month.figures[f"ikm.all.element.{n}"]
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        assert element.value == float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        assert element.acts == fig.acts


def test_the_lapor_clock_figures_are_the_complaints_acts(db_path):
    """Three complaints of October 2026 (the scenario of tests/test_lapor.py, whose clock
    states are known): each figure of the clock counts the complaints the test put there,
    each listed with exactly the acts the test did on it."""
    from ult_desktop.db.visit.cases import CASE_ANSWERED, CASE_CALLBACK

    wib = timezone(timedelta(hours=7))

    def moment(day: str, hour: int = 9) -> datetime:
        return datetime.fromisoformat(day).replace(hour=hour, tzinfo=wib)

    db = open_database(db_path, station="Loket 1", mode="test")
    try:
        acts: dict[int, list[str]] = {}

        def complaint(day: str, **more) -> int:
            rec = register.save_record(db, record=RecordInput(
                visitor_name="Ibu Marni", phone="081234567001", request_type="pengaduan",
                topic="Pelayanan lambat", question="Menunggu dua jam", **more),
                channel="phone", service="A", now=moment(day))
            acts[rec.id] = [RECORD_CREATED]
            return rec.id

        fast = complaint("2026-10-02", lapor_id="6123456")
        case = cases.open_case(db, record_id=fast, callback_needed=True,
                               now=moment("2026-10-02", 10))
        cases.answer_case(db, case_id=case.id, answer="Loket siang ditambah",
                          now=moment("2026-10-06"))
        cases.record_callback(db, case_id=case.id, reached=True, now=moment("2026-10-09"))
        acts[fast] += [CASE_OPENED, CASE_ANSWERED, CASE_CALLBACK]
        slow = complaint("2026-10-05")
        case2 = cases.open_case(db, record_id=slow, now=moment("2026-10-05", 10))
        cases.answer_case(db, case_id=case2.id, answer="Sudah dicek", now=moment("2026-10-19"))
        acts[slow] += [CASE_OPENED, CASE_ANSWERED]
        desk = complaint("2026-10-07", answer="Dijelaskan langsung")
        assert reconcile(db)["ok"]
        then = datetime(2026, 11, 20, 3, tzinfo=timezone.utc)
        month = explain_month(db, "2026-10", now=then)
        year = explain_month(db, "2026", now=then)
        _, items = evidence_items(db, 2026, now=then)
    finally:
        db.close()
    name = {r: f"Buku tamu #{r}" for r in acts}
    placed = {"lapor.received": {fast, slow, desk}, "lapor.plan.met": {fast, desk},
              "lapor.plan.late": {slow}, "lapor.done.met": {fast, desk},
              "lapor.done.overdue": {slow}, "lapor.plan.overdue": set(),
              "lapor.done.late": set(), "lapor.done.running": set()}
    for key, records in placed.items():
        fig = month.figures[key]
        assert fig.value == fig.printed == len(records), key
        assert fig.things == {name[r] for r in records}, key
        for r in records:
            assert sorted(a.kind for a in fig.acts if a.thing == name[r]) == sorted(acts[r])
    # the year's evidence pack prints the same clock: its table's rows, by their states
    [table] = [i for i in items if i.name == COMPLAINTS_ITEM]
    assert len(table.rows) == year.figures["lapor.received"].value == 3
    for clock, column in (("plan", 7), ("done", 10)):
        for state in ("met", "late", "overdue"):
            word = tr(f"evidence.lapor.st.{state}")
            fig = year.figures[f"lapor.{clock}.{state}"]
            assert fig.value == fig.printed == sum(r[column] == word for r in table.rows)
            assert fig.things == month.figures[f"lapor.{clock}.{state}"].things


def test_an_outage_is_the_acts_kept_offline(tmp_path, monkeypatch):
    """A counter served two visitors from its journal while the share was away (as in
    tests/test_offline_acts_judged.py): the outage, its minutes and the acts kept offline
    are the four acts the test did on the PC, landed afterwards."""
    from tests.conftest import clear_of_midnight
    from tests.drivers import admin_pc, sit_at
    from ult_desktop.app import station_key
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.db.record import station_keys
    from ult_desktop.db.record.audit import OFFICER_LOGOUT, record_session

    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))
    now = clear_of_midnight(datetime.now(timezone.utc), before=timedelta(minutes=13),
                            after=timedelta(minutes=4), ahead=timedelta(minutes=10))
    now -= timedelta(minutes=1)
    path = init_database(tmp_path / "office.db", demo=True)
    admin, _root = admin_pc(str(path), tmp_path / "admin-key")
    key = station_key.create_key(tmp_path / "counter-key")[0]
    db = open_database(path, station="loket-1", mode="counter")
    db.set_signer(key)
    station_keys.request_registration(db, label="loket-1")
    station_keys.approve_key(admin, key.key_id, role="counter")
    sit_at(db, 1, "sari")  # (an offline sign-in credits an officer seen here online)
    record_session(db, OFFICER_LOGOUT, None)
    journal = CounterJournal(tmp_path / "loket-1-desk.sqlite", signer=key)
    try:
        a = issue_ticket(db, service="A", now=now)
        b = issue_ticket(db, service="A", now=now)
        start = now - timedelta(minutes=12)  # after the PC's last write online
        done = []
        for i, t in enumerate((a, b)):
            for kind, minute in (("call", 0), ("finish", 3)):
                journal.record(day=t.day, number=t.number, counter=1, officer_id=None,
                               kind=kind, now=start + timedelta(minutes=5 * i + minute))
                done.append((f"{t.number} ({t.day})", {"call": "called",
                                                        "finish": "finished"}[kind]))
        journal.land(db)
        checked = reconcile(admin)
        assert checked["ok"], checked["differences"][:5]
        month = explain_month(admin, str(a.day)[:7])
        year = explain_month(admin, str(a.day)[:4])
        _, items = evidence_items(admin, int(str(a.day)[:4]))
    finally:
        journal.close()
        db.close()
        admin.close()
    acts = month.figures["outages.offline_acts"]
    assert sorted((x.thing, x.kind) for x in acts.acts) == sorted(done)
    assert acts.value == acts.printed == len(done) == len(acts.acts)
    count = month.figures["outages.count"]
    assert count.value == count.printed == 1 == len(count.things)
    assert {x.event_id for x in count.acts} == {x.event_id for x in acts.acts}
    minutes = month.figures["outages.minutes"]  # from the first act to the first write after
    assert math.isclose(minutes.value, 12) and minutes.agrees and minutes.how
    held = month.figures["outages.held_tickets"]
    assert held.value == held.printed == 0
    # the year's evidence pack prints the same outage ("3.2 Layanan saat gangguan")
    [table] = [i for i in items if i.name == "3.2 Layanan saat gangguan"]
    assert [r[1:] for r in table.rows] == [["4", "0"]]
    for key in ("outages.count", "outages.offline_acts", "outages.minutes"):
        assert year.figures[key].value == month.figures[key].value and year.figures[key].agrees
    assert year.figures["outages.offline_acts"].acts == acts.acts
