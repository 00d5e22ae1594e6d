"""The headless commands as real processes: output, JSON, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from conftest import ROOT, run_cli


def test_init_take_call_finish_status(tmp_path):
    db = str(tmp_path / "ult.db")
    r = run_cli("init", "--db", db, "--demo")
    assert r.returncode == 0 and "ult.db" in r.stdout
    r = run_cli("take", "--db", db, "--service", "A", "--json")
    assert r.returncode == 0, r.stderr
    ticket = json.loads(r.stdout)
    assert ticket["number"] == "A-001" and ticket["waiting_ahead"] == 0
    assert ticket["wait_band"] is None  # nobody ahead, but no desk staffed yet: no band
    r = run_cli("take", "--db", db, "--service", "A", "--json")
    assert json.loads(r.stdout)["wait_band"] is None  # one ahead, no visit served yet
    r = run_cli("take", "--db", db, "--service", "b", "--priority")
    assert r.returncode == 0 and "P-001" in r.stdout and "PRIORITAS" in r.stdout
    r = run_cli("call", "--db", db, "--counter", "3", "--json")  # the priority counter
    assert json.loads(r.stdout)["number"] == "P-001"
    # out of turn only with a reason: A-002 is not next, A-001 is
    r = run_cli("call", "--db", db, "--counter", "1", "--ticket", "A-002")
    assert r.returncode != 0 and "belum gilirannya" in r.stderr
    r = run_cli("call", "--db", db, "--counter", "1", "--ticket", "A-002", "--reason",
                "returning", "--json")
    assert json.loads(r.stdout)["number"] == "A-002", r.stderr
    assert run_cli("skip", "--db", db, "--counter", "1").returncode == 0
    assert run_cli("recall", "--db", db, "--counter", "3").returncode == 0
    assert run_cli("serve", "--db", db, "--counter", "3").returncode == 0
    r = run_cli("finish", "--db", db, "--counter", "3", "--outcome", "referred", "--json")
    assert json.loads(r.stdout)["state"] == "done"
    r = run_cli("status", "--db", db, "--json")
    snap = json.loads(r.stdout)
    assert {s["prefix"]: s["waiting"] for s in snap["services"]} == {"A": 1, "B": 0, "C": 0}


@pytest.mark.windows
def test_exit_codes_and_one_line_errors(db_path, monkeypatch):
    db = str(db_path)
    r = run_cli("call", "--db", db, "--counter", "1")
    assert r.returncode == 7 and "Tidak ada antrean" in r.stdout
    r = run_cli("take", "--db", db, "--service", "Z")
    assert r.returncode == 6 and r.stderr.count("\n") == 1 and "A, B, C" in r.stderr
    r = run_cli("call", "--db", db, "--counter", "9")
    assert r.returncode == 6 and "Loket 9" in r.stderr
    r = run_cli("take", "--service", "A", env={"ULT_DB": ""})
    assert r.returncode == 2 and "--db" in r.stderr
    r = run_cli("take", "--service", "A", env={"ULT_DB": db})
    assert r.returncode == 0
    r = run_cli("--lang", "en", "skip", "--db", db, "--counter", "2")
    assert r.returncode == 6 and "not calling" in r.stderr
    for result in (r,):
        assert "Traceback" not in result.stderr


def test_check_and_backup(db_path, tmp_path):
    r = run_cli("check", "--db", str(db_path), "--json")
    report = json.loads(r.stdout)
    # sound; the demo file has no root of trust, so: not verified against a known root
    assert r.returncode == 11 and report["ok"] and report["journal_mode"] == "delete"
    assert report["audit"]["unpinned"]
    assert report["schema_version"] >= 1 and report["counts"]["services"] == 3
    out = tmp_path / "backup.db"
    r = run_cli("backup", "--db", str(db_path), "--out", str(out))
    assert r.returncode == 0 and out.exists()
    assert run_cli("check", "--db", str(out)).returncode == 11


def test_events_follow_prints_each_event_as_the_feed_sees_it(db_path):
    follower = subprocess.Popen(
        [sys.executable, "-m", "ult_desktop", "events", "--db", str(db_path), "--follow",
         "--json", "--interval-ms", "50", "--after", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT)
    lines: list[dict] = []
    done = threading.Event()

    def read():
        for line in follower.stdout:
            event = json.loads(line)
            if event["kind"] == "projection_baseline":  # the new file's rows
                continue
            lines.append(event)
            if len(lines) == 3:
                done.set()
                return

    threading.Thread(target=read, daemon=True).start()
    try:
        # --after 0: every event of this fresh file, in order, whenever the follower starts
        assert run_cli("take", "--db", str(db_path), "--service", "A").returncode == 0
        assert run_cli("take", "--db", str(db_path), "--service", "C").returncode == 0
        assert run_cli("call", "--db", str(db_path), "--counter", "2").returncode == 0
        assert done.wait(30), follower.stderr
    finally:
        follower.kill()
        follower.wait(10)
    assert [(e["kind"], e["ticket"]) for e in lines] == [
        ("issued", "A-001"), ("issued", "C-001"), ("called", "C-001")]
    assert lines[2]["counter"] == 2 and lines[2]["service"] == "C"
    assert lines[0]["id"] < lines[1]["id"] < lines[2]["id"] and "time" in lines[0]


def test_version_and_help():
    r = run_cli("--version")
    assert r.returncode == 0 and "ult-desktop" in r.stdout
    r = run_cli("--help")
    assert "Kode keluar" in r.stdout  # Indonesian by default
    r = run_cli("--lang", "en", "--help")
    assert "Exit codes" in r.stdout


@pytest.mark.windows
def test_demo_creates_its_database_once_and_shows_live_status(tmp_path):
    env = {**os.environ, "ULT_DATA_DIR": str(tmp_path / "ult-desktop")}
    proc = subprocess.Popen([sys.executable, "-m", "ult_desktop", "demo", "--headless"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env=env)
    try:
        first = proc.stdout.readline()
        assert "demo.db" in first and "dibuat" in first
        lines = [proc.stdout.readline() for _ in range(4)]
        assert any("Layanan Informasi Umum" in line for line in lines)
    finally:
        proc.kill()
        proc.wait(10)
    demo_db = tmp_path / "ult-desktop" / "demo.db"
    assert demo_db.exists()
    r = run_cli("take", "--db", str(demo_db), "--service", "A")
    assert r.returncode == 0
    before = run_cli("status", "--db", str(demo_db), "--json").stdout
    proc = subprocess.Popen([sys.executable, "-m", "ult_desktop", "demo", "--headless"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env=env)
    try:
        assert proc.stdout.readline().startswith("ULT Desktop demo:")  # reused, not recreated
        assert "Ctrl+C to stop" in proc.stdout.readline()  # it says how it ends
    finally:
        proc.kill()
        proc.wait(10)
    assert run_cli("status", "--db", str(demo_db), "--json").stdout == before


@pytest.mark.windows
def test_gui_modes_take_the_database_from_the_station_config(db_path, tmp_path):
    import json as _json

    config = tmp_path / "station.json"
    config.write_text(_json.dumps({"mode": "counter", "db": str(db_path), "counter": 2}))
    env = {"ULT_STATION_CONFIG": str(config), "ULT_SMOKE_EXIT_MS": "300",
           "QT_QPA_PLATFORM": "offscreen", "ULT_DB": ""}
    r = run_cli("counter", env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    config.write_text(_json.dumps({"mode": "counter"}))
    r = run_cli("counter", env=env, timeout=60)
    assert r.returncode == 2 and "--db" in r.stderr


@pytest.mark.windows
def test_version_says_when_an_update_would_migrate_the_office_database(db_path):
    """``--version`` names the schema, and ``version`` reads the office
    database's schema without opening it as a station (which would migrate it), so the
    installer can warn before one PC stops every station not updated the same day."""
    import sqlite3

    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    assert run_cli("--version").stdout.strip().endswith(f"(schema {SCHEMA_VERSION})")
    with sqlite3.connect(db_path) as conn:  # an office file one version behind
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    r = run_cli("version", "--db", str(db_path), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"version": json.loads(r.stdout)["version"],
                                    "schema": SCHEMA_VERSION, "db": str(db_path),
                                    "db_schema": SCHEMA_VERSION - 1, "migrates": True,
                                    "too_old": False, "unknown": False}
    text = run_cli("version", "--db", str(db_path)).stdout
    assert "Perbarui semua PC pada hari yang sama" in text
    with sqlite3.connect(db_path) as conn:  # looked at, not migrated
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert json.loads(run_cli("version", "--db", str(db_path), "--json").stdout)["too_old"]


def test_the_installer_is_told_when_the_schema_cannot_be_read(tmp_path):
    """An office file out of reach (or not a database): the installer cannot tell whether
    this version migrates it, and says so instead of nothing (Indonesian first)."""
    missing = str(tmp_path / "share-away" / "ult.db")
    answer = json.loads(run_cli("version", "--db", missing, "--json").stdout)
    assert answer["unknown"] and answer["db_schema"] is None and not answer["migrates"]
    assert answer["warning"].startswith("Peringatan: skema basis data kantor tidak dapat")
    assert "could not read the office database's schema" in answer["warning"]
    assert "Update every PC after closing" in answer["warning"]
    garbage = tmp_path / "bukan.db"
    garbage.write_bytes(b"not a database" * 100)
    text = run_cli("version", "--db", str(garbage)).stdout
    assert "Perbarui semua PC setelah layanan tutup" in text
    script = (ROOT / "scripts" / "install_windows.ps1").read_text()
    assert "$schema.unknown" in script and "Write-Warning $schema.warning" in script


def test_the_installer_speaks_indonesian_first():
    """Every message install_windows.ps1 prints (Write-Host, Write-Warning, throw) is
    Indonesian, then English after " / "; the script stays ASCII (Windows PowerShell reads
    a script without a BOM in the ANSI code page)."""
    import re

    script = (ROOT / "scripts" / "install_windows.ps1").read_text(encoding="utf-8")
    assert script.isascii()
    body = script[script.index("#>"):]
    said = re.findall(r'(?:Write-Host|Write-Warning|throw) (\("(?:[^)]|\)[^;\n])*\)|"[^"\n]*")',
                      body)
    assert len(said) >= 12
    english_only = [m for m in said if " / " not in m]
    assert english_only == []

