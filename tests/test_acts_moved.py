"""Acts judged against what they move: the hall's help calls, the data-protection
register's answers, the SKM result's publications, sign-ins and sign-outs. Each attack is
made as an insider at one PC would (its registered key signs what the app would never
write) and named by a real ``check`` process (exit 9), its figure unmoved; each honest
road (choosing the counter's services at sign-in among them) keeps ``check`` at 0. Real
files, real keys."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from conftest import given_root, run_cli

from tests.drivers import judged_office
from ult_desktop.db.record.events import append_event

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture(autouse=True)
def _own_pc_memory(tmp_path: Path, monkeypatch):
    """The PCs of a test remember its office on their own (see test_acts_judged.py)."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))


@pytest.fixture
def office(db_path: Path, tmp_path: Path):
    """The admin PC, a kiosk, two counters, a survey tablet and a TV, each registered with
    its role; sari signed in at counter 1, budi at counter 2."""
    dbs = judged_office(db_path, tmp_path)
    yield dbs
    for db in dbs.values():
        db.close()


def check_json(target: Path) -> tuple[int, dict]:
    r = run_cli("check", "--db", str(target), "--json", *given_root(str(target)))
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)


def clean(target: Path) -> None:
    code, report = check_json(target)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]


def refused_acts(report: dict) -> set[tuple[str, str]]:
    return {(d["label"], d["column"]) for d in report["reconcile"]["differences"]
            if d["problem"] == "act"}


def named(target: Path, *expected: tuple[str, str]) -> dict:
    """``check`` (a real process) exits 9 naming each (label, reason) act as refused."""
    code, report = check_json(target)
    assert code == 9, report["reconcile"]["differences"]
    assert set(expected) <= refused_acts(report), refused_acts(report)
    return report


def forge(db, kind: str, *, data: dict, at: datetime | None = None, **where) -> int:
    """A row-less event of the app's kind that the PC's key signs outside the app."""
    return db.write(lambda conn: append_event(conn, db.station, kind, at=at, data=data,
                                              **where))


def verified(db, day: date) -> bool:
    from ult_desktop.reports.verified import verify

    return verify(db, day.replace(day=1), day).ok


# -- the counter's services chosen at sign-in ---------------------------------------------
def test_choosing_the_counter_s_services_at_sign_in_is_clean(office, db_path):
    """Sari signs in at counter 1 and ticks only service C (docs/counter.md): the
    counter's write of its services is its own act, so ``check`` stays 0 and the month's
    report is verified. Its key changing anything else of a counter is still named."""
    from ult_desktop.ui.counter import jobs

    c1 = office["c1"]
    jobs.set_services(c1, 1, ["C"])
    assert c1.query("SELECT service_ids FROM counters WHERE number = 1")[0][0] != "[1, 2]"
    jobs.set_services(c1, 1, ["A", "B", "C"])
    clean(db_path)
    assert verified(office["admin"], datetime.now(timezone.utc).date())

    def rename(conn) -> None:
        conn.execute("UPDATE counters SET name = 'Loket VIP', priority_counter = 1 "
                     "WHERE number = 2")
        append_event(conn, c1.station, "settings_changed", counter=2, data={"counter": 2})
    c1.write(rename)
    code, report = check_json(db_path)
    assert code == 9
    assert {(d["table"], d["problem"]) for d in report["reconcile"]["differences"]} >= {
        ("counters", "authority")}, report["reconcile"]["differences"]
