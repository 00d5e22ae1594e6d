"""Online requests arrive with their number (issue #36 item 2): the web form's export,
CSV or XLSX, into the guest book and the back-office desk, the number kept everywhere,
and the same export imported twice adds nothing."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from conftest import run_cli

from tests.drivers import WAIT, login
from ult_desktop.app import online_import
from ult_desktop.core.receipt import receipt_lines
from ult_desktop.db import cases, handover

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines

HEADER = ["Nomor Permohonan", "Tanggal Permohonan", "Nama Lengkap", "No. HP", "Email",
          "Asal Instansi", "Jenis Layanan", "Perihal", "Isi Permohonan"]
ROWS = [
    ["SEMPENA-2026-0101", "02/03/2026 08:15", "Ibu Ratna", "081234500001", "", "SDN 3 Demak",
     "Tunjangan Profesi & PAK", "Tunjangan", "Tunjangan profesi belum cair"],
    ["SEMPENA-2026-0102", "2026-03-02 09:40", "Pak Hendra", "", "hendra@example.com",
     "SMPN 1 Kudus", "", "Ijazah", "Legalisir ijazah hilang"],
    ["", "02/03/2026", "Tanpa Nomor", "081234500003", "", "", "", "", "Tidak bernomor"],
    ["SEMPENA-2026-0104", "03/03/2026", "Bu Sinta", "12", "", "", "", "Dapodik", "Akun"],
    ["SEMPENA-2026-0105", "03/03/2026 13:05", "Ibu Wati", "081234500005", "", "SMAN 2 Pati",
     "C", "Dapodik", "Sinkronisasi gagal"],
]


def write_csv(path, rows=ROWS) -> None:
    lines = [";".join(HEADER)] + [";".join(r) for r in rows]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in ROWS:
        sheet.append(r)
    book.save(path)


def dewi(db) -> int:
    return db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_export_becomes_guest_book_records_and_desk_cases_once(db, tmp_path, kind):
    path = tmp_path / f"ekspor.{kind}"
    write_csv(path) if kind == "csv" else write_xlsx(path)
    header, rows = online_import.read_table(path)
    assert header == HEADER and len(rows) == 5
    mapping = online_import.guess_mapping(header)
    assert mapping["online_ref"] == "Nomor Permohonan" and mapping["phone"] == "No. HP"
    assert mapping["visitor_name"] == "Nama Lengkap" and mapping["service"] == "Jenis Layanan"
    result = online_import.import_requests(db, path, mapping, default_service="A")
    assert result.added == ["SEMPENA-2026-0101", "SEMPENA-2026-0102", "SEMPENA-2026-0105"]
    assert [r for r, _why in result.refused] == [4, 5]  # no number; a phone of two digits
    assert "nomor permohonan kosong" in result.refused[0][1]
    records = {r["online_ref"]: r for r in db.query(
        "SELECT r.online_ref, r.day, r.channel, s.prefix FROM register_records r "
        "JOIN services s ON s.id = r.service_id")}
    assert {k: (v["day"], v["channel"], v["prefix"]) for k, v in records.items()} == {
        "SEMPENA-2026-0101": ("2026-03-02", "online", "B"),   # by the service's name
        "SEMPENA-2026-0102": ("2026-03-02", "online", "A"),   # none: the default
        "SEMPENA-2026-0105": ("2026-03-03", "online", "C")}   # by its prefix
    # on the back-office desk with their number, and on the receipt
    desk = db.read(lambda c: handover.read_back_office_list(c, dewi(db)))
    assert sorted(h.online_ref for h in desk) == sorted(result.added)
    record_id = db.query("SELECT id FROM register_records WHERE online_ref = ?",
                         ("SEMPENA-2026-0105",))[0][0]
    lines = receipt_lines(cases.receipt_for(db, record_id=record_id))
    assert any("permohonan daring SEMPENA-2026-0105" in line for line in lines)
    # the same export again: nothing twice
    again = online_import.import_requests(db, path, mapping, default_service="A")
    assert again.added == [] and len(again.existing) == 3
    assert db.query("SELECT COUNT(*) FROM register_records")[0][0] == 3
    assert db.query("SELECT COUNT(*) FROM cases")[0][0] == 3


def test_a_row_cut_short_before_its_case_gets_it_on_the_next_import(db, tmp_path):
    path = tmp_path / "ekspor.csv"
    write_csv(path, ROWS[:1])
    mapping = online_import.guess_mapping(HEADER)
    online_import.import_requests(db, path, mapping, default_service="A")
    db.write(lambda conn: (conn.execute("DELETE FROM handovers"),
                           conn.execute("DELETE FROM cases")))  # as if the PC died there
    again = online_import.import_requests(db, path, mapping, default_service="A")
    assert again.existing == ["SEMPENA-2026-0101"]
    assert db.query("SELECT COUNT(*) FROM cases")[0][0] == 1


def test_the_command_line_imports_once(db_path, tmp_path):
    path = tmp_path / "ekspor.csv"
    write_csv(path)
    first = run_cli("import-online", "--db", str(db_path), "--file", str(path),
                    "--service", "a", "--json")
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)["added"]) == 3
    second = run_cli("import-online", "--db", str(db_path), "--file", str(path),
                     "--service", "A", "--map", "online_ref=Nomor Permohonan", "--json")
    out = json.loads(second.stdout)
    assert out["added"] == [] and len(out["existing"]) == 3
    bad = run_cli("import-online", "--db", str(db_path), "--file", str(path),
                  "--service", "A", "--map", "nomor=Nomor Permohonan")
    assert bad.returncode == 2 and "FIELD=" in bad.stderr


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a dialog on the offscreen platform
def test_the_front_office_imports_at_the_counter_and_the_desk_sees_the_numbers(
        qtbot, make_window, db, tmp_path, monkeypatch):
    monkeypatch.setenv("ULT_DATA_DIR", str(tmp_path / "pc"))  # this PC's remembered columns
    path = tmp_path / "ekspor.csv"
    write_csv(path)
    w = make_window()
    login(qtbot, w, "sari", 1)
    w.tabs.setCurrentIndex(w.tabs.indexOf(w.remote))
    w.remote.import_online(str(path))
    qtbot.waitUntil(lambda: w.remote.import_dialog is not None, timeout=WAIT)
    dialog = w.remote.import_dialog
    assert dialog.columns["online_ref"].currentData() == "Nomor Permohonan"
    dialog.columns["topic"].setCurrentIndex(0)  # the officer drops one column
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    assert dialog.message.text().startswith("3 permohonan ditambahkan")
    assert online_import.remembered()["online_ref"] == "Nomor Permohonan"
    assert "topic" not in online_import.remembered()
    dialog.accept()
    w.tabs.setCurrentIndex(w.tabs.indexOf(w.cases))
    w.cases.refresh()
    qtbot.waitUntil(lambda: w.cases.table.rowCount() == 3, timeout=WAIT)
    channels = {w.cases.table.item(r, 2).text() for r in range(3)}
    assert "Daring SEMPENA-2026-0105" in channels
    # opened on the day the form received them: the tenggat counts from then
    opened = {c.record.data.online_ref: c.opened_at.date() for c in db.read(
        cases.read_open_cases)}
    assert opened["SEMPENA-2026-0105"] == date(2026, 3, 3)


def test_a_requesters_survey_code_is_accepted_once_as_their_channel(db, tmp_path):
    """Issue #36 item 2: an online or phone requester can answer the SKM (SOP 001 step 3)
    with the code they were sent, once, counted as source daring or telepon, after their
    request was answered."""
    from ult_desktop.db import errors, register
    from ult_desktop.db import skm as skm_db
    from ult_desktop.db.record.reconcile import reconcile

    path = tmp_path / "ekspor.csv"
    write_csv(path, ROWS[:1])
    result = online_import.import_requests(db, path, online_import.guess_mapping(HEADER),
                                           default_service="A")
    with open(result.codes_file, encoding="utf-8-sig", newline="") as f:
        [_head, (ref, email, code)] = list(csv.reader(f))
    assert ref == "SEMPENA-2026-0101" and code
    with pytest.raises(errors.RuleViolation, match="belum"):  # not answered yet
        skm_db.survey_ticket(db, ticket_code=code)
    [case] = db.read(cases.read_open_cases)
    cases.answer_case(db, case_id=case.id, answer="Sudah diproses")
    visit = skm_db.survey_ticket(db, ticket_code=code.lower())
    assert (visit.number, visit.source) == ("SEMPENA-2026-0101", "online")
    [response] = skm_db.write_batch(db, [{"code": code, "source": "tablet",
                                          "answers": [4] * 9}], batch_id="r1")
    assert (response.source, response.period) == ("online", "2026-03")
    with pytest.raises(errors.RuleViolation, match="sudah diisi"):
        skm_db.survey_ticket(db, ticket_code=code)
    assert skm_db.write_batch(db, [{"code": code, "source": "tablet", "answers": [1] * 9}],
                              batch_id="r2") == []
    # a phone request answered on the spot: its code, given once
    phone = register.save_record(db, record=register.RecordInput(
        visitor_name="Pak Budi", phone="081299988877", answer="Dijelaskan"), channel="phone",
        service="B")
    given = skm_db.remote_survey_code(db, record_id=phone.id)
    assert given and skm_db.remote_survey_code(db, record_id=phone.id) is None
    [answer] = skm_db.write_batch(db, [{"code": given, "source": "kiosk", "answers": [3] * 9}],
                                  batch_id="r3")
    assert answer.source == "phone"
    assert reconcile(db)["ok"]
