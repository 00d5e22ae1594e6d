"""One person's data on request (UU 27/2022): found by a misspelt name, a NIK missing a
digit, a phone in another form; a copy holding every declared place and nothing of
another visitor; a correction stated as a signed admin act; an erasure that leaves no
byte of the person in the file, its free pages, the share's backups or a restored older
backup, with ``check`` 0 and "reconciled" before and after. All through the command line,
each command its own process, on a file the app itself wrote with registered stations."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import given_root, run_cli
from tests.drivers import register_stations, sit_at, submit_survey
from ult_desktop.core.register import RecordInput
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.keeping import backup
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, handover, register

ZUL = {"suggestion": "Pak Zulkarnaen Rahasiawati dilayani dengan baik",
       "name": "Zulkarnaen Rahasiawati", "nik": "3374990100000003",
       "phone": "081299887703", "email": "zul.rahasia@contoh.id",
       "question": "tunjangan-rahasia-zul", "answer": "jawaban-kasus-zul",
       "callback": "ditelepon-zul-rahasia", "handover": "konsultasi-zul-rahasia",
       "reason": "lansia-zul-rahasia"}
#: the one whose NIK differs by one digit (a sibling): never found for the other
SITI = {"name": "Siti Aminah Wijayakusuma", "nik": "3374990100000004",
        "phone": "081211112222", "email": "siti.aminah@contoh.id",
        "question": "tunjangan-rahasia-siti"}


def _visit(admin: Database, counter: Database, officer: int, person: dict) -> tuple:
    ticket = issue_ticket(admin, service="A")
    call_next(counter, counter=1, officer_id=officer)
    start_serving(counter, counter=1)
    record = register.save_record(
        counter, record=RecordInput(visitor_name=person["name"], id_number=person["nik"],
                                    phone=person["phone"], email=person["email"],
                                    question=person["question"]),
        channel="walk_in", ticket_id=ticket.id, officer_id=officer)
    return ticket, record


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """Two visitors served at a registered counter; Zulkarnaen twice (once by phone,
    escalated, answered, called back, consulted), each with a survey suggestion naming
    them; a backup on the share."""
    from ult_desktop.app import station_key
    from ult_desktop.db.house.setup import init_database

    folder = tmp_path / "office"
    folder.mkdir()
    path = init_database(folder / "office.db", demo=True)
    admin, keys = register_stations(path, folder, [("Tablet SKM", "survey")])
    key = station_key.create_key(folder / "loket-key")[0]
    counter = open_database(path, station="Loket 1", mode="counter")
    counter.set_signer(key)
    from ult_desktop.db.record import station_keys

    station_keys.request_registration(counter, label="Loket 1")
    station_keys.approve_key(admin, key.key_id, role="counter")
    officers = {r["username"]: r["id"] for r in admin.query("SELECT id, username FROM officers")}
    budi = officers["budi"]

    sit_at(counter, 1, "budi")  # the officer the visits are credited to
    ticket, record = _visit(admin, counter, budi, ZUL)
    case = cases.open_case(counter, record_id=record.id, officer_id=budi)
    finish(counter, counter=1, outcome="escalated")
    cases.reschedule_case(counter, case_id=case.id, reason=ZUL["reason"], days=2,
                          officer_id=budi)
    cases.answer_case(counter, case_id=case.id, answer=ZUL["answer"], callback_needed=True,
                      officer_id=budi)
    cases.record_callback(counter, case_id=case.id, reached=True, note=ZUL["callback"],
                          officer_id=budi)
    phoned = register.save_record(counter, record=RecordInput(
        visitor_name="zulkarnaen rahasiawati", phone="+62 812-9988-7703",
        question="lagi-zul-rahasia"), channel="phone", service="B", officer_id=budi)
    handover.consult(counter, from_officer=budi, question=ZUL["handover"],
                     record_id=phoned.id)
    t2, _ = _visit(admin, counter, budi, SITI)
    finish(counter, counter=1, outcome="answered")
    tablet = open_database(path, station="Tablet SKM", mode="survey")
    tablet.set_signer(keys["Tablet SKM"])
    submit_survey(tablet, ticket_code=ticket.code, answers=[4] * 9,
                  suggestion=ZUL["suggestion"])
    # the backup before the month's last answer: every answer of the month has another
    # (random) id in the file since
    (folder / "backup").mkdir()
    backup.backup_database(admin, folder / "backup" / "office-1.db")
    submit_survey(tablet, ticket_code=t2.code, answers=[3] * 9,
                  suggestion="Terima kasih, saya Siti Aminah Wijayakusuma")
    tablet.close()
    counter.close()
    admin.close()
    return folder


def _env(folder: Path) -> dict:
    return {"ULT_KEY_DIR": str(folder / "admin-key"), "ULT_ADMIN_PIN": DEMO_PINS["admin"]}


def _person(folder: Path, *args: str, admin: bool = False):
    extra = ["--admin", "admin"] if admin else []
    return run_cli("--lang", "en", "person", *args, "--db", str(folder / "office.db"),
                   *extra, env=_env(folder), timeout=120)


def _find(folder: Path, text: str) -> list[dict]:
    done = _person(folder, "find", text, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["people"]


def _check(folder: Path, db: Path | None = None) -> tuple[int, str]:
    path = db or folder / "office.db"
    done = run_cli("--lang", "en", "check", "--db", str(path), *given_root(path),
                   env=_env(folder), timeout=180)
    return done.returncode, done.stdout + done.stderr


def _bytes_of(person: dict) -> list[bytes]:
    return [v.encode() for k, v in person.items()]


def _holding(paths, needles: list[bytes]) -> dict[str, list[bytes]]:
    out = {}
    for path in paths:
        data = Path(path).read_bytes()
        hits = [n for n in needles if n in data]
        if hits:
            out[str(path)] = hits
    return out


def test_found_by_a_misspelt_name_a_nik_missing_a_digit_and_another_phone_form(here):
    found = _find(here, "zulkarnain rahasiawti")
    assert [p["name"] for p in found] == [ZUL["name"]]
    zul = found[0]["id"]
    assert found[0]["records"] == 2  # the phone request joins by its number
    assert ZUL["nik"] not in json.dumps(found)  # masked, as on every screen
    assert [p["id"] for p in _find(here, "33749901 0000003")] == [zul]  # one digit left out
    assert [p["id"] for p in _find(here, "+62 812 9988 7703")] == [zul]
    assert [p["id"] for p in _find(here, "ZUL.RAHASIA@CONTOH.ID ")] == [zul]
    siti = _find(here, SITI["nik"])
    assert [p["name"] for p in siti] == [SITI["name"]]  # one digit apart: another person
    assert _find(here, "Bambang Pamungkas") == []


def test_the_copy_holds_every_declared_place_and_nothing_of_another_visitor(here):
    zul = _find(here, ZUL["nik"])[0]["id"]
    out = here / "copy.json"
    done = _person(here, "show", "--id", str(zul), "--out", str(out))
    assert done.returncode == 0, done.stderr
    copy = json.loads(out.read_text(encoding="utf-8"))["data_as_held"]
    text = out.read_text(encoding="utf-8")
    for key in ("name", "nik", "email", "question", "answer", "callback", "handover",
                "reason"):
        assert ZUL[key] in text, key
    assert {r["channel"] for r in copy["register_records"]} == {"walk_in", "phone"}
    assert copy["cases"][0]["callback_note"] == ZUL["callback"]
    assert ZUL["handover"] in [h["question"] for h in copy["handovers"]]
    assert ["Zulkarnaen" in s["suggestion"] for s in copy["skm_suggestions"]] == [True]
    kinds = {e["kind"] for e in copy["processing"]}
    assert {"issued", "called", "register_created", "case_opened"} <= kinds
    conn = sqlite3.connect(here / "office.db")
    budi = conn.execute("SELECT name FROM officers WHERE username = 'budi'").fetchone()[0]
    conn.close()
    assert budi in {e["officer"] for e in copy["processing"] if e["kind"] == "case_opened"}
    for value in SITI.values():
        assert value not in text, value
    pdf = here / "copy.pdf"
    done = _person(here, "show", "--id", str(zul), "--out", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    from tests.reports_month import pdf_text

    body = pdf_text(pdf)
    assert ZUL["callback"] in body and SITI["name"] not in body
    assert _check(here)[0] == 0


def test_a_correction_is_a_signed_admin_act_that_keeps_the_old_commitment(here):
    zul = _find(here, ZUL["nik"])[0]["id"]
    refused = _person(here, "correct", "--id", str(zul), "phone=081277776666")
    assert refused.returncode == 2  # no --admin: nothing changed
    done = _person(here, "correct", "--id", str(zul), "phone=0812 7777 6666", "--reason",
                   "nomor baru", admin=True)
    assert done.returncode == 0, done.stderr
    assert "corrected in 2 register record(s)" in done.stdout
    assert [p["id"] for p in _find(here, "081277776666")] == [zul]
    conn = sqlite3.connect(here / "office.db")
    kind, actor, data = conn.execute("SELECT kind, actor, data FROM events WHERE kind = "
                                     "'person_corrected'").fetchone()
    first = conn.execute("SELECT rows FROM events WHERE kind = 'register_created' "
                         "ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    assert actor == "admin" and json.loads(data)["field"] == "phone"
    assert '"phone":"c:' in first  # the old value's commitment stays where it was written
    code, text = _check(here)
    assert code == 0, text


def test_an_erasure_leaves_no_byte_and_a_restore_never_brings_the_person_back(here):
    flash = here.parent / "flash.db"  # a copy the share does not know of (a flash disk)
    shutil.copyfile(here / "backup" / "office-1.db", flash)
    code, text = _check(here)
    assert code == 0 and "Figures match the audit trail" in text, text
    needles = _bytes_of(ZUL)
    assert _holding([here / "office.db", here / "backup" / "office-1.db"], needles)

    zul = _find(here, "zulkarnain")[0]["id"]
    refused = _person(here, "erase", "--id", str(zul), "--reason", "permintaan")
    assert refused.returncode == 2
    done = _person(here, "erase", "--id", str(zul), "--reason", "permintaan pemilik data",
                   "--json", "--yes", admin=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["backups_rewritten"] == [str(here / "backup" / "office-1.db")]
    files = [p for p in here.rglob("*") if p.is_file() and "key" not in str(p)]
    assert _holding(files, needles) == {}
    for value in (SITI["name"], SITI["nik"]):  # the other visitor untouched
        assert value.encode() in (here / "office.db").read_bytes()
    act = _act(here / "office.db")
    assert act["actor"] == "admin" and act["data"]["ref"] == report["ref"]
    assert not any(v in json.dumps(act) for v in ZUL.values())
    code, text = _check(here)
    assert code == 0 and "Figures match the audit trail" in text, text
    code, text = _check(here, here / "backup" / "office-1.db")
    assert code == 0, text
    assert _find(here, "zulkarnain rahasiawati") == [] and _find(here, ZUL["nik"]) == []

    restored = run_cli("restore", "--db", str(here / "office.db"), "--from", str(flash),
                       "--admin", "admin", env=_env(here), timeout=180)
    assert restored.returncode == 0, restored.stderr
    files = [p for p in here.rglob("*") if p.is_file() and "key" not in str(p)]
    assert _holding(files, needles) == {}
    assert _find(here, ZUL["nik"]) == [] and _find(here, SITI["nik"])
    code, text = _check(here)
    assert code == 0 and "Figures match the audit trail" in text, text


def _act(path: Path) -> dict:
    conn = sqlite3.connect(path)
    actor, data = conn.execute("SELECT actor, data FROM events WHERE kind = 'person_erased' "
                               "ORDER BY id LIMIT 1").fetchone()
    conn.close()
    return {"actor": actor, "data": json.loads(data)}


def test_an_erasure_act_of_a_counter_does_not_make_an_erased_text_lawful(here):
    """A counter's key may not launder an event's personal text away by naming it in a
    ``person_erased`` of its own: only an admin station's act does."""
    from ult_desktop.app import station_key
    from ult_desktop.db.record.events import append_event

    conn = sqlite3.connect(here / "office.db")
    event_id, text = conn.execute("SELECT id, data FROM events WHERE data LIKE ?",
                                  (f"%{ZUL['reason']}%",)).fetchone()
    data = {k: v for k, v in json.loads(text).items() if k not in ("reason", "_ps")}
    conn.execute("UPDATE events SET data = ? WHERE id = ?", (json.dumps(data), event_id))
    conn.commit()
    conn.close()
    counter = open_database(here / "office.db", station="Loket 1", mode="counter")
    counter.set_signer(station_key.read_key(here / "loket-key"))
    counter.write(lambda c: append_event(c, "Loket 1", "person_erased",
                                         data={"ref": "x", "rows": {}, "events": [event_id]}))
    counter.close()
    code, text = _check(here)
    assert code == 9 and f"#{event_id}" in text and "erased" in text, text


def test_an_erasure_removes_the_exports_and_the_copy_that_hold_the_person(here):
    """The register's exports whose period holds the person and the copy given to them,
    written in the office's export folder, are removed; one moved away is named for the
    admin, with what no erasure reaches (paper); an export of another period stays. The
    answer says so, on the command line."""
    conn = sqlite3.connect(here / "office.db")
    day = conn.execute("SELECT MIN(day) FROM register_records").fetchone()[0][:10]
    conn.close()
    out = here / "laporan"  # the office's export folder (core.localpaths.EXPORT_FOLDER)
    out.mkdir()

    def export(fmt: str, first: str, last: str, name: str) -> list[Path]:
        done = run_cli("report", "--db", str(here / "office.db"), "--format", fmt, "--from",
                       first, "--to", last, "--out", str(out / name), env=_env(here),
                       timeout=120)
        assert done.returncode == 0, done.stderr
        return sorted(p for p in out.iterdir() if p.stem.startswith(Path(name).stem))

    held = export("csv", day, day, "register.csv") + export("xlsx", day, day, "register.xlsx")
    other = export("csv", "2020-01-01", "2020-01-31", "old.csv")
    moved = out / "register.xlsx"
    away = here.parent / "flash-disk.xlsx"
    shutil.move(moved, away)
    assert _holding([p for p in held if p.exists()], [ZUL["name"].encode()])
    zul = _find(here, ZUL["nik"])[0]["id"]
    copy = out / "salinan-zul.json"
    assert _person(here, "show", "--id", str(zul), "--out", str(copy)).returncode == 0

    done = _person(here, "erase", "--id", str(zul), "--reason", "permintaan pemilik data",
                   "--yes", admin=True)
    assert done.returncode == 0, done.stderr
    assert not copy.exists() and all(not p.exists() for p in held)
    assert all(p.exists() for p in other)
    said = done.stdout
    assert "Files holding this person removed" in said and str(copy.resolve()) in said
    assert all(str(p) in said for p in held if p != moved)
    assert "find and delete them yourself" in said and str(moved) in said
    assert "paper copies" in said
    assert away.exists()  # out of the erasure's reach: named, for the admin
