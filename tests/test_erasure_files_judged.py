"""An erasure removes only what the office made: the files named by acts that stand (a
registered station whose role may sign them, the signature as the chain holds it), inside
the office's export folder (``laporan`` beside the office file), unchanged since they were
made. A kiosk's key or a plain ``sqlite3`` row naming the daily backup and the admin PC's
key gets nothing deleted; both are listed as not made by this office. The list is shown
before anything is deleted: without ``--yes`` (and no terminal to answer) nothing is.
Real files, real keys, each command its own process."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, given_root, run_cli

from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.keeping import backup
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.events import append_event
from ult_desktop.db.visit import register

NAME = "Zulkarnaen Rahasiawati"
NOT_MADE = "Not removed: not made by this office"


@pytest.fixture(autouse=True)
def _own_pc_memory(tmp_path: Path, monkeypatch):
    """The PCs of a test remember its office on their own (a root pinned in a shared key
    folder would make a later test's stations refuse)."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))


@pytest.fixture
def office(judged_pcs, db_path: Path, tmp_path: Path) -> dict:
    """The judged office, one visitor served at counter 1 and written in the guest book,
    the daily backup made: ``{"dbs", "person", "day", "backup", "key"}``."""
    dbs = judged_pcs
    ticket = issue_ticket(dbs["kiosk"], service="A")
    sari = dbs["c1"].query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    call_next(dbs["c1"], counter=1, officer_id=sari)
    start_serving(dbs["c1"], counter=1)
    record = register.save_record(dbs["c1"], record=RecordInput(
        visitor_name=NAME, phone="081299887703", question="tunjangan-rahasia"),
        channel="walk_in", ticket_id=ticket.id, officer_id=sari)
    finish(dbs["c1"], counter=1, outcome="answered")
    (tmp_path / "backup").mkdir()
    copy = tmp_path / "backup" / "office-1.db"
    backup.backup_database(dbs["admin"], copy)
    (tmp_path / "laporan").mkdir()
    key = tmp_path / "key-admin" / "station-key.bin"  # the admin PC's station key
    assert key.exists()
    day = dbs["admin"].query("SELECT day FROM register_records WHERE id = ?",
                             (record.id,))[0][0][:10]
    return {"dbs": dbs, "person": record.id, "day": day, "backup": copy, "key": key}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _export_act(day: str, *paths, sha: str | None = None) -> dict:
    """A ``report_issued`` of the register's CSV export over *day*, naming *paths*."""
    return {"report": "csv", "format": "csv", "from": day, "to": day,
            "files": [{"name": Path(p).name, "path": str(p),
                       "sha256": sha or _sha(Path(p))} for p in paths]}


def _env(tmp_path: Path) -> dict:
    return {"ULT_KEY_DIR": str(tmp_path / "key-admin"), "ULT_ADMIN_PIN": DEMO_PINS["admin"]}


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """``ult-desktop ARGS`` on the admin PC, with no terminal to answer a prompt."""
    import os

    return subprocess.run([sys.executable, "-m", "ult_desktop", "--lang", "en", *args,
                           "--db", str(tmp_path / "office.db")], capture_output=True,
                          text=True, timeout=180, cwd=ROOT, stdin=subprocess.DEVNULL,
                          env={**os.environ, **_env(tmp_path)})


def _erase(tmp_path: Path, person: int, *extra: str) -> subprocess.CompletedProcess:
    return _cli(tmp_path, "person", "erase", "--id", str(person), "--reason",
                "permintaan pemilik data", "--admin", "admin", *extra)


def _check(tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "office.db"
    done = run_cli("--lang", "en", "check", "--db", str(path), *given_root(path),
                   env=_env(tmp_path), timeout=180)
    return done.returncode, done.stdout + done.stderr


def _not_made_line(said: str) -> str:
    return next((line for line in said.splitlines() if line.startswith(NOT_MADE)), "")


def test_a_kiosk_key_naming_the_backup_and_the_admin_key_gets_nothing_removed(
        office, tmp_path):
    """A kiosk's key signs an export act naming the daily backup and the admin PC's key
    file (their hashes right, the period the person's): the erasure leaves both, lists
    them as not made by this office, and ``check`` names the act."""
    dbs, copy, key = office["dbs"], office["backup"], office["key"]
    key_bytes = key.read_bytes()
    act = _export_act(office["day"], copy, key)
    dbs["kiosk"].write(lambda c: append_event(c, "Kiosk 1", "report_issued", data=act))
    for db in dbs.values():
        db.close()

    done = _erase(tmp_path, office["person"], "--yes")
    assert done.returncode == 0, done.stderr
    assert copy.exists() and key.read_bytes() == key_bytes
    line = _not_made_line(done.stdout)
    assert str(copy) in line and str(key) in line, done.stdout
    code, text = _check(tmp_path)
    assert code == 9 and "report_issued" in text, text


def test_a_plain_insert_naming_files_gets_nothing_removed(office, tmp_path):
    """A share writer with no key inserts the same act as a plain row: it names nothing,
    whatever it says (its files are listed, never removed)."""
    dbs, copy, key = office["dbs"], office["backup"], office["key"]
    for db in dbs.values():
        db.close()
    act = _export_act(office["day"], copy, key)
    conn = sqlite3.connect(tmp_path / "office.db")
    admin_key = conn.execute("SELECT station_key FROM events WHERE station = 'admin' "
                             "AND station_key IS NOT NULL LIMIT 1").fetchone()[0]
    conn.execute("INSERT INTO events (kind, station, at, data, station_key) VALUES "
                 "('report_issued', 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)",
                 (json.dumps(act), admin_key))  # even in the admin PC's name
    conn.commit()
    conn.close()

    done = _erase(tmp_path, office["person"], "--yes")
    assert done.returncode == 0, done.stderr
    assert copy.exists() and key.exists()
    line = _not_made_line(done.stdout)
    assert str(copy) in line and str(key) in line, done.stdout


def test_the_admins_own_export_and_copy_are_removed_after_yes_and_check_stays_0(
        office, tmp_path):
    """The register's export and the copy given to the person, made at the admin PC into
    the export folder: listed first and nothing removed without ``--yes`` (no terminal);
    removed with it; ``check`` 0 before and after."""
    dbs = office["dbs"]
    for db in dbs.values():
        db.close()
    out = tmp_path / "laporan"
    made = _cli(tmp_path, "report", "--format", "csv", "--from", office["day"], "--to",
                office["day"], "--out", str(out / "register.csv"))
    assert made.returncode == 0, made.stderr
    shown = _cli(tmp_path, "person", "show", "--id", str(office["person"]), "--out",
                 str(out / "salinan.json"))
    assert shown.returncode == 0, shown.stderr
    files = sorted(out.iterdir())  # the tickets' and the guest book's CSV, the copy
    assert len(files) == 3 and NAME in (out / "salinan.json").read_text(encoding="utf-8")
    code, text = _check(tmp_path)
    assert code == 0, text

    asked = _erase(tmp_path, office["person"])
    assert asked.returncode == 1, asked.stdout + asked.stderr
    assert "--yes" in asked.stdout and all(str(p) in asked.stdout for p in files)
    assert all(p.exists() for p in files)  # nothing deleted, the person still held
    assert NAME.encode() in (tmp_path / "office.db").read_bytes()

    done = _erase(tmp_path, office["person"], "--yes")
    assert done.returncode == 0, done.stderr
    assert not any(p.exists() for p in files)
    assert "Files holding this person removed" in done.stdout and NOT_MADE not in done.stdout
    code, text = _check(tmp_path)
    assert code == 0, text


def test_a_file_changed_after_its_export_is_not_removed(office, tmp_path):
    """The admin's export, edited afterwards (its hash no longer the recorded one), is a
    file the office did not make: listed, kept."""
    dbs = office["dbs"]
    for db in dbs.values():
        db.close()
    out = tmp_path / "laporan" / "register.csv"
    made = _cli(tmp_path, "report", "--format", "csv", "--from", office["day"], "--to",
                office["day"], "--out", str(out))
    assert made.returncode == 0, made.stderr
    with open(out, "a", encoding="utf-8") as f:
        f.write("tambahan tangan\n")

    done = _erase(tmp_path, office["person"], "--yes")
    assert done.returncode == 0, done.stderr
    assert out.exists() and str(out) in _not_made_line(done.stdout), done.stdout


def test_a_path_leading_out_of_the_export_folder_is_not_removed(office, tmp_path):
    """Even the admin's own act: a path that leaves the export folder by ``..``, or by a
    link inside it, names nothing the erasure removes (the backup, the office file)."""
    dbs, copy = office["dbs"], office["backup"]
    escape = tmp_path / "laporan" / ".." / "backup" / copy.name
    link = tmp_path / "laporan" / "tautan.db"
    link.symlink_to(copy)
    act = _export_act(office["day"], escape, link, sha=_sha(copy))
    dbs["admin"].write(lambda c: append_event(c, "admin", "report_issued", data=act))
    for db in dbs.values():
        db.close()

    done = _erase(tmp_path, office["person"], "--yes")
    assert done.returncode == 0, done.stderr
    assert copy.exists() and link.is_symlink()
    line = _not_made_line(done.stdout)
    assert str(escape) in line and str(link) in line, done.stdout
    code, text = _check(tmp_path)
    assert code == 0, text


def test_a_counter_naming_a_file_the_admin_made_gets_it_not_removed(office, tmp_path):
    """Only the station that made a file (or the admin) names it: a counter's key signing
    an act over the admin's signed monthly report, hash and all, removes nothing."""
    dbs = office["dbs"]
    out = tmp_path / "laporan" / "laporan-bulan.pdf"
    made = _cli(tmp_path, "report", "--format", "pdf", "--from", office["day"], "--to",
                office["day"], "--out", str(out))
    assert made.returncode == 0, made.stderr
    act = _export_act(office["day"], out)
    dbs["c1"].write(lambda c: append_event(c, "Loket 1", "report_issued", data=act))
    for db in dbs.values():
        db.close()

    done = _erase(tmp_path, office["person"], "--yes")
    assert done.returncode == 0, done.stderr
    assert out.exists() and str(out) in _not_made_line(done.stdout), done.stdout


@pytest.mark.parametrize(("path", "inside"), [
    (r"C:\ULT\laporan\register.csv", True),
    (r"c:\ult\LAPORAN\sub\salinan.json", True),  # Windows: case does not matter
    (r"\\SERVER\ult\Laporan\register.csv", True),
    (r"C:\ULT\laporan\..\backup\office-1.db", False),
    (r"C:\ULT\laporan/../keys/station-key.bin", False),
    (r"C:\ULT\laporan-lama\register.csv", False),
    (r"C:\ULT\laporan", False),  # the folder itself is no file in it
    (r"D:\ULT\laporan\register.csv", False),
    (r"laporan\register.csv", False),  # relative: to nobody knows what
    (r"\\other\ult\laporan\register.csv", False),
])
def test_the_export_folder_is_judged_by_windows_rules(path, inside):
    """A Windows office: the file share (``\\\\SERVER\\ult``) or a local drive, the path as
    an act wrote it, judged as text before it is resolved."""
    from ult_desktop.core.localpaths import inside_folder

    folder = r"\\server\ult\laporan" if path.startswith("\\\\") else r"C:\ULT\laporan"
    assert inside_folder(path, folder) is inside


def test_the_retention_purge_removes_no_file_a_kiosk_names(office, tmp_path):
    """The same road through the retention purge: a kiosk's act "exporting" a long past
    period names the daily backup and the admin PC's key; the purge deletes neither and
    names both as not made by this office."""
    from ult_desktop.db.privacy import retention

    dbs, copy, key = office["dbs"], office["backup"], office["key"]
    key_bytes = key.read_bytes()
    act = _export_act("2000-01-01", copy, key)
    dbs["kiosk"].write(lambda c: append_event(c, "Kiosk 1", "report_issued", data=act))
    report = retention.purge_personal_data(dbs["admin"], before_day="2001-01-01",
                                           backup_dirs=[])
    assert copy.exists() and key.read_bytes() == key_bytes
    assert report.exports_deleted == [] and report.exports_to_delete == []
    assert report.exports_not_made == [str(copy), str(key)]
