"""An erasure reaches the LAPOR! sheet too: the complaints' export holds the words of
a complaint and its answer, so ``person erase`` removes the sheets whose period holds
one of the person's complaints (a case filed under a LAPOR! category), and leaves those
of another period. Real files, real keys, each command its own process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import run_cli
from tests.test_person_on_request import ZUL, _env, _find, _person, here  # noqa: F401
from ult_desktop.db.open import open_database


def test_an_erasure_removes_the_lapor_sheets_that_hold_the_person_s_complaint(here):  # noqa: F811
    from ult_desktop.app import station_key
    from ult_desktop.db.visit import cases

    conn = sqlite3.connect(here / "office.db")
    case, day = conn.execute("SELECT c.id, r.day FROM cases c JOIN register_records r ON "
                             "r.id = c.record_id ORDER BY c.id LIMIT 1").fetchone()
    conn.close()
    counter = open_database(here / "office.db", station="Loket 1", mode="counter")
    counter.set_signer(station_key.read_key(here / "loket-key"))
    cases.set_lapor_category(counter, case_id=case, category="sengketa")
    counter.close()
    out = here / "laporan"  # the office's export folder
    out.mkdir()

    def sheet(first: str, last: str, name: str) -> Path:
        done = run_cli("report", "--db", str(here / "office.db"), "--format", "lapor",
                       "--from", first, "--to", last, "--out", str(out / name),
                       env=_env(here), timeout=120)
        assert done.returncode == 0, done.stderr
        return out / name

    held = sheet(day[:10], day[:10], "lapor-zul.csv")
    other = sheet("2020-01-01", "2020-01-31", "lapor-old.csv")
    assert ZUL["question"].encode() in held.read_bytes()
    zul = _find(here, ZUL["nik"])[0]["id"]
    done = _person(here, "erase", "--id", str(zul), "--reason", "permintaan pemilik data",
                   "--yes", admin=True)
    assert done.returncode == 0, done.stderr
    assert not held.exists() and other.exists()
    assert str(held) in done.stdout
