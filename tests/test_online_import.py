"""Online requests arrive with their number: the web form's export,
CSV or XLSX, into the guest book and the back-office desk, the number kept everywhere,
and the same export imported twice adds nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from conftest import run_cli

from tests.drivers import WAIT, login
from ult_desktop.app import online_import
from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.core.receipt import receipt_lines
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.visit import cases, handover

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


#: the rows above are of March 2026, a past month: imported with an admin's PIN
AS_ADMIN = ("--admin", "admin")
ADMIN_PIN = {"ULT_ADMIN_PIN": DEMO_PINS["admin"]}


def this_month(rows):
    """*rows* dated on the 1st of the running month (the counter's everyday import)."""
    today = office_day(utc_now(), "WIB")
    dmy, ymd = f"01/{today.month:02d}/{today.year}", f"{today.year}-{today.month:02d}-01"
    return [[c.replace("02/03/2026", dmy).replace("03/03/2026", dmy)
             .replace("2026-03-02", ymd) for c in r] for r in rows], today.replace(day=1)


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
    result = online_import.import_requests(db, path, mapping, default_service="A", admin="admin")
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
    again = online_import.import_requests(db, path, mapping, default_service="A", admin="admin")
    assert again.added == [] and len(again.existing) == 3
    assert db.query("SELECT COUNT(*) FROM register_records")[0][0] == 3
    assert db.query("SELECT COUNT(*) FROM cases")[0][0] == 3


def test_a_row_cut_short_before_its_case_gets_it_on_the_next_import(db, tmp_path):
    path = tmp_path / "ekspor.csv"
    write_csv(path, ROWS[:1])
    mapping = online_import.guess_mapping(HEADER)
    online_import.import_requests(db, path, mapping, default_service="A", admin="admin")
    db.write(lambda conn: (conn.execute("DELETE FROM handovers"),
                           conn.execute("DELETE FROM cases")))  # as if the PC died there
    again = online_import.import_requests(db, path, mapping, default_service="A", admin="admin")
    assert again.existing == ["SEMPENA-2026-0101"]
    assert db.query("SELECT COUNT(*) FROM cases")[0][0] == 1


def test_the_command_line_imports_once(db_path, tmp_path):
    path = tmp_path / "ekspor.csv"
    write_csv(path)
    first = run_cli("import-online", "--db", str(db_path), "--file", str(path),
                    "--service", "a", "--json", *AS_ADMIN, env=ADMIN_PIN)
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)["added"]) == 3
    second = run_cli("import-online", "--db", str(db_path), "--file", str(path),
                     "--service", "A", "--map", "online_ref=Nomor Permohonan", "--json",
                     *AS_ADMIN, env=ADMIN_PIN)
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
    rows, first = this_month(ROWS)
    write_csv(path, rows)
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
    assert opened["SEMPENA-2026-0105"] == first


def test_a_requesters_survey_code_is_accepted_once_as_their_channel(db, tmp_path):
    """An online or phone requester can answer the SKM (SOP 001 step 3)
    with the code they were sent, once, counted as source daring or telepon, after their
    request was answered."""
    from ult_desktop.db import errors
    from ult_desktop.db.record.reconcile import reconcile
    from ult_desktop.db.survey import skm as skm_db
    from ult_desktop.db.visit import register

    path = tmp_path / "ekspor.csv"
    write_csv(path, ROWS[:1])
    result = online_import.import_requests(db, path, online_import.guess_mapping(HEADER),
                                           default_service="A", admin="admin")
    [(ref, _email, code)] = result.codes
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


# -- the file is not trusted (the import is strict and kind) ------------------------------
def _import(db, tmp_path, rows, name="ekspor.csv"):
    path = tmp_path / name
    write_csv(path, rows)
    return online_import.import_requests(db, path, online_import.guess_mapping(HEADER),
                                         default_service="A", admin="admin")


def _row(ref, when="03/03/2026 10:00", service="", name="Ibu Ani"):
    return [ref, when, name, "081234500009", "", "", service, "Ijazah", "Legalisir"]


def test_a_row_of_a_month_already_reported_is_refused_with_its_row(db, tmp_path):
    """October was reported; a row dated 5 October landed in it (``check`` saw nothing
    wrong: the import wrote it). Now it is refused, with the row and the reason."""
    from ult_desktop.db.record.audit import issue_report

    first = (date.today().replace(day=1) - timedelta(days=40)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    paper = tmp_path / "laporan.pdf"
    paper.write_bytes(b"%PDF-")
    issue_report(db, report="pdf", fmt="pdf", date_from=first, date_to=last, files=[paper])
    late = first.replace(day=5).strftime("%d/%m/%Y")
    result = _import(db, tmp_path, [_row("REQ-9001", late), _row("REQ-9002", "")])
    assert result.added == ["REQ-9002"]  # no date: today's, the running month
    [(row, why)] = result.refused
    assert row == 2 and "sudah dilaporkan" in why and first.isoformat() in why
    assert db.query("SELECT COUNT(*) FROM register_records WHERE day BETWEEN ? AND ?",
                    (first.isoformat(), last.isoformat()))[0][0] == 0


def test_an_unknown_service_and_a_garbage_date_are_refused_by_row(db, tmp_path):
    result = _import(db, tmp_path, [_row("REQ-1", service="Z"), _row("REQ-2", when="besok"),
                                    _row("REQ-3", service="b")])
    assert result.added == ["REQ-3"]
    assert [r for r, _why in result.refused] == [2, 3]
    assert '"Z"' in result.refused[0][1] and "A, B, C" in result.refused[0][1]
    assert '"besok"' in result.refused[1][1]
    assert "Baris 2" in result.summary() and "Baris 3" in result.summary()
    assert db.query("SELECT COUNT(*) FROM register_records")[0][0] == 1


def test_one_request_number_however_it_is_typed(db, tmp_path):
    result = _import(db, tmp_path, [_row("REQ-001"), _row("req-001"), _row("REQ 001")])
    assert result.added == ["REQ-001"] and result.existing == ["REQ-001", "REQ-001"]
    again = _import(db, tmp_path, [_row(" Req_001 ")], name="lagi.csv")
    assert again.added == [] and again.existing == ["REQ-001"]
    assert [tuple(r) for r in db.query("SELECT online_ref FROM register_records")] == [
        ("REQ-001",)]


def test_an_excel_csv_from_an_indonesian_windows_is_read(db, tmp_path):
    """Excel on an Indonesian Windows saves ``;``, Windows-1252, day-first dates and
    keeps line breaks inside quoted cells."""
    text = ("Nomor Permohonan;Tanggal Permohonan;Nama Lengkap;Isi Permohonan;No. HP\r\n"
            'REQ-77;05/10/2026 8.15;Ibu Ren\u00e9e;"Ijazah hilang\r\nmohon dibantu '
            '\u2019segera\u2019";081234500001\r\n'
            "REQ-78;12/01/2026;Pak Joko;Tunjangan;081234500002\r\n")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    header, rows = online_import.read_table(path)
    assert header == ["Nomor Permohonan", "Tanggal Permohonan", "Nama Lengkap",
                      "Isi Permohonan", "No. HP"]
    assert len(rows) == 2 and rows[0][2] == "Ibu Ren\u00e9e"
    assert rows[0][3] == "Ijazah hilang\r\nmohon dibantu \u2019segera\u2019"
    result = online_import.import_requests(db, path, online_import.guess_mapping(header),
                                           default_service="A", admin="admin")
    assert result.added == ["REQ-77", "REQ-78"], result.refused
    days = {r[0]: r[1] for r in db.query("SELECT online_ref, day FROM register_records")}
    assert days == {"REQ-77": "2026-10-05", "REQ-78": "2026-01-12"}  # day first


def test_survey_codes_are_shown_to_the_officer_never_filed_and_name_no_record(db_path,
                                                                              tmp_path):
    from ult_desktop.core.numbering import CODE_RANDOM_LEN, RECORD_CODE_BASE, ticket_code

    path = tmp_path / "ekspor.csv"
    write_csv(path, [_row("REQ-5"), _row("REQ-6")])
    r = run_cli("import-online", "--db", str(db_path), "--file", str(path), "--service", "A",
                "--json", *AS_ADMIN, env=ADMIN_PIN)
    assert r.returncode == 0, r.stderr
    codes = json.loads(r.stdout)["codes"]
    assert [c["online_ref"] for c in codes] == ["REQ-5", "REQ-6"]
    assert not any("kode" in p.name for p in tmp_path.iterdir())  # nothing beside it
    with sqlite3.connect(db_path) as conn:
        ids = dict(conn.execute("SELECT online_ref, id FROM register_records"))
    for c in codes:
        carried = ticket_code("X" * CODE_RANDOM_LEN, ids[c["online_ref"]] + RECORD_CODE_BASE)
        assert not c["code"].endswith(carried[CODE_RANDOM_LEN:])
    write_csv(path, [_row("REQ-7")])
    text = run_cli("import-online", "--db", str(db_path), "--file", str(path), "--service",
                   "A", *AS_ADMIN, env=ADMIN_PIN)
    assert text.returncode == 0, text.stderr
    [line] = [x for x in text.stdout.splitlines() if x.startswith("REQ-7")]
    assert len(line.split()[-1]) == 15  # its code, for the officer to send on
    assert not any("kode" in p.name for p in tmp_path.iterdir())


def test_future_days_past_months_and_days_before_retention_are_refused_by_row(db, tmp_path):
    """A row dated tomorrow is refused; one of a past month needs an admin's PIN (the
    counter's import files none); one older than the office keeps personal data is never
    filed, not even by the admin."""
    from datetime import datetime, timezone

    now = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)  # 10.00 WIB, 20 November
    rows = [_row("REQ-1", "21/11/2026 08:00"), _row("REQ-2", "20/11/2026 08:00"),
            _row("REQ-3", "15/10/2026 09:00"), _row("REQ-4", "10/10/2024 09:00"),
            _row("REQ-5", "01/01/2099")]
    path = tmp_path / "ekspor.csv"
    write_csv(path, rows)
    mapping = online_import.guess_mapping(HEADER)
    counter = online_import.import_requests(db, path, mapping, default_service="A", now=now)
    assert counter.added == ["REQ-2"]
    refused = dict(counter.refused)
    assert sorted(refused) == [2, 4, 5, 6]
    assert "belum tiba" in refused[2] and "belum tiba" in refused[6]
    assert "bulan yang sudah lewat" in refused[4] and "--admin" in refused[4]
    assert "masa simpan" in refused[5]
    admin = online_import.import_requests(db, path, mapping, default_service="A", now=now,
                                          admin="admin")
    assert admin.added == ["REQ-3"] and admin.existing == ["REQ-2"]
    assert sorted(dict(admin.refused)) == [2, 5, 6]


def test_a_row_with_todays_date_and_no_time_is_filed_before_nine(db, tmp_path):
    """The form's export often has a date only. Imported at 07.30 the same day, the row is
    today's request (filed at the import's own time, not at a 09.00 still ahead); a date
    only for tomorrow is still refused."""
    from datetime import datetime, timezone

    now = datetime(2026, 11, 27, 0, 30, tzinfo=timezone.utc)  # 07.30 WIB
    path = tmp_path / "ekspor.csv"
    write_csv(path, [_row("REQ-50", "27/11/2026"), _row("REQ-51", "2026-11-27"),
                     _row("REQ-52", "28/11/2026")])
    done = online_import.import_requests(db, path, online_import.guess_mapping(HEADER),
                                         default_service="A", now=now)
    assert done.added == ["REQ-50", "REQ-51"]
    assert [n for n, _ in done.refused] == [4] and "belum tiba" in done.refused[0][1]
    filed = db.query("SELECT online_ref, created_at FROM register_records WHERE online_ref "
                     "LIKE 'REQ-5%' ORDER BY online_ref")
    assert [ref for ref, _ in filed] == ["REQ-50", "REQ-51"]
    assert all(str(at).startswith("2026-11-27T00:30") for _, at in filed), filed


def test_a_row_dated_later_today_is_refused_and_check_stays_clean(db_path, tmp_path):
    """A request stamped 15.00 imported at 10.00 the same day is refused by its row (it
    would be an act dated ahead, named ``future`` by ``check``); the one stamped 08.00 is
    filed, and the file stays reconciled."""
    from datetime import datetime, timedelta, timezone

    from ult_desktop.core.numbering import zone
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.reconcile import reconcile

    db = open_database(db_path, station="Loket 1")
    try:
        local = datetime.now(timezone.utc).astimezone(zone("WIB"))
        later, earlier = local + timedelta(hours=2), local - timedelta(hours=2)
        if later.date() != local.date() or earlier.date() != local.date():
            pytest.skip("the hours around now cross midnight in the office's time zone")
        path = tmp_path / "ekspor.csv"
        write_csv(path, [_row("REQ-40", earlier.strftime("%d/%m/%Y %H:%M")),
                         _row("REQ-41", later.strftime("%d/%m/%Y %H:%M"))])
        done = online_import.import_requests(db, path, online_import.guess_mapping(HEADER),
                                             default_service="A")
        assert done.added == ["REQ-40"]
        assert [n for n, _ in done.refused] == [3] and "belum tiba" in done.refused[0][1]
        assert reconcile(db)["ok"], reconcile(db)["differences"]
    finally:
        db.close()


def test_the_command_needs_the_admins_pin_for_a_past_month(db_path, tmp_path):
    path = tmp_path / "ekspor.csv"
    write_csv(path, [_row("REQ-31", "03/03/2026 10:00")])
    plain = run_cli("import-online", "--db", str(db_path), "--file", str(path),
                    "--service", "A", "--json")
    assert plain.returncode == 0, plain.stderr
    out = json.loads(plain.stdout)
    assert out["added"] == [] and "--admin" in out["refused"][0]["reason"]
    wrong = run_cli("import-online", "--db", str(db_path), "--file", str(path), "--service",
                    "A", "--json", *AS_ADMIN, env={"ULT_ADMIN_PIN": "000000"})
    assert wrong.returncode != 0
    right = run_cli("import-online", "--db", str(db_path), "--file", str(path), "--service",
                    "A", "--json", *AS_ADMIN, env=ADMIN_PIN)
    assert right.returncode == 0, right.stderr
    assert json.loads(right.stdout)["added"] == ["REQ-31"]
