"""SKM answers are anonymous by construction: nothing in the schema joins a response to a
ticket, the register, an officer or the event log; double answers are refused through
salted hashes with no link to the responses; the anonymous_skm migration unlinks old answers for good;
reports never show a group smaller than the minimum. Plus the Krejcie & Morgan table
and the personal-data filter for suggestions."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import clear_of_midnight
from tests.drivers import people_served, submit_survey
from tests.reports_month import pdf_text
from ult_desktop.core import skm
from ult_desktop.core.settings import SETTINGS
from ult_desktop.db import errors
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.schemas.schema import MIGRATIONS, SCHEMA_VERSION, version_after
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.reports.skm_pdf import build_skm_pdf

WIB = timezone(timedelta(hours=7))
#: The day of the old file's visits: recent (codes from before the one_write_few_pages migration are looked
#: up among the last two months of tickets).
OLD_DAY = (datetime.now(timezone.utc) - timedelta(days=3)).date().isoformat()
#: Everything a response may hold. A new column fails this test on purpose: whoever adds
#: one must show it cannot single out a visitor.
ALLOWED_COLUMNS = {"id", "service_id", "period", "source", *(f"a{i}" for i in range(1, 10)),
                   "suggestion", "gender", "age_band", "education", "occupation",
                   *(f"p{i}" for i in range(1, 6))}  # the optional SPAK items
PERSON_TABLES = {"tickets", "register_records", "officers", "events", "cases", "stations"}


def served(db, at: datetime):
    ticket = issue_ticket(db, service="A", now=at)
    call_next(db, counter=1, now=at + timedelta(minutes=1))
    finish(db, counter=1, now=at + timedelta(minutes=3))
    return ticket


def tables(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%'")]


def test_no_column_or_key_joins_a_response_to_a_person(db_path):
    conn = sqlite3.connect(db_path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(skm_responses)")}
    assert columns == ALLOWED_COLUMNS
    # the only reference out of a response is the service (not a person)
    refs = {r[2] for r in conn.execute("PRAGMA foreign_key_list(skm_responses)")}
    assert refs == {"services"}
    # the spent codes: one hash column, no rowid (no insertion order), no references
    assert [r[1] for r in conn.execute("PRAGMA table_info(skm_spent_codes)")] == ["code_hash"]
    assert not conn.execute("PRAGMA foreign_key_list(skm_spent_codes)").fetchall()
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("SELECT rowid FROM skm_spent_codes")
    # no table refers to a response or a spent code
    for table in tables(conn):
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            assert fk[2] not in ("skm_responses", "skm_spent_codes"), table
    # and no column of a response shares a name with a key of a table about people
    person_keys = set()
    for table in PERSON_TABLES & set(tables(conn)):
        person_keys |= {f"{table.rstrip('s')}_id" for _ in (0,)}
        person_keys |= {r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                        if r[1].endswith("_id") and r[1] != "service_id"}
    assert not columns & (person_keys | {"ticket_id", "officer_id", "record_id", "event_id",
                                         "station", "code", "day", "created_at"})
    conn.close()


def test_a_submitted_survey_leaves_no_link_in_the_event_log_or_the_row_order(db):
    start = datetime(2026, 3, 2, 8, 5, tzinfo=WIB)
    tickets = [served(db, start + timedelta(minutes=4 * i)) for i in range(25)]
    ids = [submit_survey(db, ticket_code=t.code, answers=[3] * 9,
                                now=start + timedelta(hours=3, minutes=i)).id
           for i, t in enumerate(tickets)]
    assert ids != sorted(ids) and ids != sorted(ids, reverse=True)  # 2 in 25! by chance
    # no event of its own for a spend, and none carries a spent code's hash
    assert not db.query("SELECT 1 FROM events WHERE kind = 'survey_code_spent'")
    for e in db.query("SELECT * FROM events WHERE kind = ?", (skm_db.SURVEY_BATCH,)):
        assert set(json.loads(e["data"])) == {"batch"} and e["service_prefix"] is None
    raw = json.dumps([dict(r) for r in db.query("SELECT * FROM events")],
                     default=lambda b: b.hex())  # hash and signature columns
    assert not any(str(i) in raw for i in ids)
    # the spent set holds hashes only: no ticket code can be read from it
    spent = [r[0] for r in db.query("SELECT code_hash FROM skm_spent_codes")]
    assert len(spent) == 25 and not {t.code for t in tickets} & set(spent)
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in spent)
    assert not any(h in raw for h in spent)


def test_a_second_answer_for_the_same_ticket_is_refused_by_its_hash(db):
    ticket = served(db, datetime(2026, 3, 2, 9, 0, tzinfo=WIB))
    later = datetime(2026, 3, 3, 9, 0, tzinfo=WIB)
    submit_survey(db, ticket_code=ticket.code, answers=[4] * 9, now=later)
    with pytest.raises(errors.RuleViolation, match="sudah diisi"):
        submit_survey(db, ticket_code=ticket.code.lower(), answers=[1] * 9, now=later)
    assert db.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 1


def _old_file(path) -> None:
    """A database from before the anonymous survey, with two linked (old-style) responses."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    before = version_after("pin_lockout")
    for steps in MIGRATIONS[:before]:
        for step in steps:
            step(conn) if callable(step) else conn.execute(step)
    conn.execute(f"PRAGMA user_version = {before}")
    conn.execute("INSERT INTO services (id, prefix, name) VALUES (1, 'A', 'Informasi')")
    conn.execute("INSERT INTO officers (id, username, name, role, pin_hash) "
                 "VALUES (1, 'sari', 'Sari', 'front_office', 'x')")
    # a recent day: codes from before the one_write_few_pages migration are looked up among recent tickets
    for tid, code in ((1, "LDCDE2AB"), (2, "LDCDE2AC"), (3, "NEWCDEA3")):
        conn.execute("INSERT INTO tickets (id, day, prefix, seq, number, code, service_id, "
                     "state, issued_at, sort_at, officer_id, station) VALUES "
                     "(?, ?, 'A', ?, ?, ?, 1, 'done', ?, ?, 1, 'k')",
                     (tid, OLD_DAY, tid, f"A-00{tid}", code, f"{OLD_DAY}T01:00:00+00:00",
                      f"{OLD_DAY}T01:00:00+00:00"))
    for tid, answers, stamp in ((1, [4] * 9, f"{OLD_DAY}T03:17:43.918273+00:00"),
                                (2, [2] * 9, f"{OLD_DAY}T03:29:01.555123+00:00")):
        conn.execute("INSERT INTO skm_responses (ticket_id, service_id, day, a1, a2, a3, a4, "
                     "a5, a6, a7, a8, a9, suggestion, created_at, station) "
                     "VALUES (?, 1, ?, ?,?,?,?,?,?,?,?,?, 'ok', ?, 'tablet-lobby-QX')",
                     (tid, OLD_DAY, *answers, stamp))
    conn.execute("COMMIT")
    conn.close()


def test_migration_unlinks_old_responses_and_keeps_refusing_their_tickets(tmp_path):
    path = tmp_path / "old.db"
    _old_file(path)
    db = open_database(path, station="t", mode="test")
    try:
        assert db.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        rows = [dict(r) for r in db.query("SELECT * FROM skm_responses")]
        assert set(rows[0]) == ALLOWED_COLUMNS
        assert sorted(r["a1"] for r in rows) == [2, 4]
        assert {r["period"] for r in rows} == {OLD_DAY[:7]} and {r["source"] for r in rows} == {
            "tablet"}
        assert not {r["id"] for r in rows} & {1, 2}  # new random ids, not the old ones
        for code in ("LDCDE2AB", "LDCDE2AC"):  # answered before: still refused
            with pytest.raises(errors.RuleViolation, match="sudah diisi"):
                skm_db.survey_ticket(db, ticket_code=code)
        assert skm_db.survey_ticket(db, ticket_code="NEWCDEA3").id == 3
        # the unstuffable_survey migration: the file keeps only keyed hashes of the codes
        stored = [r[0] for r in db.query("SELECT code_hash FROM tickets")]
        assert not {"LDCDE2AB", "LDCDE2AC", "NEWCDEA3"} & set(stored)
        assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in stored)
        assert db.query("SELECT COUNT(*) FROM skm_spent_codes")[0][0] == 2
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        db.close()
    # the old rows (exact times, station, ticket links) are gone from the file's free pages
    # (the anonymous_skm migration turns secure_delete on before the drop; Debian's SQLite has it on by
    # default, the python.org Windows build does not)
    data = path.read_bytes()
    for trace in (f"{OLD_DAY}T03:17:43.918273".encode(), b"tablet-lobby-QX"):
        assert trace not in data


# -- minimum group size ----------------------------------------------------------------------

@pytest.mark.parametrize("counts,expected", [
    ({"p": 7, "l": 6, "x": 2}, {"p": 7, skm.MERGED: 8}),    # 2 alone would be revealed: l joins
    ({"a": 10, "b": 5}, {"a": 10, "b": 5}),
    ({"a": 3, "b": 1}, {skm.MERGED: 4}),                      # too few in all: all merged
    ({"a": 9, "b": 3, "c": 2, "d": 0}, {"a": 9, skm.MERGED: 5}),
])
def test_merge_small_groups(counts, expected):
    merged = skm.merge_small_groups(counts, 5)
    assert merged == expected
    assert sum(merged.values()) == sum(counts.values())


#: A day after 2026 has closed: its SKM figures may be published.
AFTER_2026 = datetime(2027, 1, 8, 3, tzinfo=timezone.utc)


def test_reports_merge_profiles_and_services_under_the_minimum(db, tmp_path):
    ids = {r["prefix"]: r["id"] for r in db.query("SELECT id, prefix FROM services")}
    sheets = ([("A", "p", "d4_s1")] * 5 + [("A", "l", "s2")] * 5 + [("B", "l", "d4_s1")] +
              [("B", "x", "d4_s1")] * 2 + [("C", "p", "d4_s1")] * 2)
    for prefix, n in (("A", 10), ("B", 3), ("C", 2)):
        people_served(db, prefix=prefix, month="2026-04", n=n)
    for prefix, gender, education in sheets:
        skm_db.record_response(db, service_id=ids[prefix], period="2026-04", source="paper",
                               answers=[3] * 9, profile={"gender": gender,
                                                          "education": education})
    text = pdf_text(build_skm_pdf(db, skm.ReportPeriod(2026), tmp_path / "r.pdf",
                                  now=AFTER_2026))
    profile = text[text.index("3. Profil responden"):text.index("4. Nilai per unsur")]
    assert re.search(r"Perempuan\s+7\s", profile)
    # "tidak ingin menjawab" (2) is too small, and 15 - 7 - 2 would reveal it: men join it
    assert re.search(r"Lainnya \(digabung, < 5 responden\)\s+8\s", profile)
    assert "Laki-laki" not in profile and "Tidak ingin menjawab" not in profile
    assert re.search(r"D4/S1\s+10\s", profile) and re.search(r"S2\s+5\s", profile)
    services = text[text.index("5. Hasil per layanan"):text.index("6. Perkembangan")]
    assert re.search(r"A - Layanan Informasi Umum\s+10\s", services)
    assert re.search(r"Layanan lain, digabung \(kelompok < 5 responden dilindungi\)\s+5\s",
                     services)
    assert "B - Tunjangan" not in services and "C - Dapodik" not in services


def test_the_minimum_group_size_is_an_office_setting(db, tmp_path):
    from ult_desktop.db.house.office import set_settings

    ids = {r["prefix"]: r["id"] for r in db.query("SELECT id, prefix FROM services")}
    people_served(db, prefix="B", month="2026-04", n=3)
    for _ in range(3):
        skm_db.record_response(db, service_id=ids["B"], period="2026-04", source="phone",
                               answers=[4] * 9, profile={"gender": "l"})
    set_settings(db, skm_min_group=3)
    text = pdf_text(build_skm_pdf(db, skm.ReportPeriod(2026), tmp_path / "r.pdf",
                                  now=AFTER_2026))
    assert re.search(r"Laki-laki\s+3\s", text)
    assert re.search(r"B - Tunjangan Profesi & PAK\s+3\s+100,00", text)



@settings(max_examples=200, derandomize=True)
@given(st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=4),
                 st.floats(allow_nan=True)))
def test_the_minimum_group_is_read_one_way_whatever_the_file_holds(value):
    """A value the settings accept is the office's minimum group; anything else (a file
    edited by hand) is the default, never 0 nor a number outside the settings' bounds."""
    spec = SETTINGS["skm_min_group"]
    got = skm.min_group({"skm_min_group": value})
    assert spec.low <= got <= spec.high and type(got) is int
    assert got == (value if spec.problem(value) is None else spec.default)
    assert skm.min_group({}) == spec.default == skm.DEFAULT_MIN_GROUP


@pytest.mark.parametrize("stored", ["0", "null", "500", '"7"'])
def test_every_report_reads_the_same_minimum_group_from_a_hand_edited_file(db, db_path, stored):
    """The monthly report, the SKM report and the published figures agree on the minimum
    group even when the file holds a value the settings would refuse."""
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.skm_data import collect_skm

    with sqlite3.connect(db_path) as raw:  # by hand, past the settings' check
        raw.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('skm_min_group', ?)",
                    (stored,))
    raw.close()
    monthly = collect(db, datetime(2026, 4, 1).date(), datetime(2026, 4, 30).date(),
                      now=AFTER_2026)
    survey = collect_skm(db, skm.ReportPeriod(2026), now=AFTER_2026)
    assert monthly.skm_min_group == survey.min_group == skm.DEFAULT_MIN_GROUP


# -- Krejcie & Morgan ----------------------------------------------------------------------------

#: Krejcie & Morgan (1970), Table 1: population N -> sample s.
KM_TABLE = {10: 10, 15: 14, 20: 19, 30: 28, 50: 44, 75: 63, 100: 80, 150: 108, 200: 132,
            300: 169, 500: 217, 750: 254, 1000: 278, 1500: 306, 2000: 322, 3000: 341,
            5000: 357, 10000: 370, 20000: 377, 50000: 381, 75000: 382, 1000000: 384}


@pytest.mark.parametrize("population,sample", sorted(KM_TABLE.items()))
def test_krejcie_morgan_matches_the_published_table(population, sample):
    assert skm.krejcie_morgan(population) == sample


def test_krejcie_morgan_of_nobody_is_zero():
    assert skm.krejcie_morgan(0) == 0 and skm.krejcie_morgan(1) == 1


# -- personal data in suggestions ----------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("NIK saya 3374012345670001 mohon dicek", "NIK saya [NIK] mohon dicek"),
    ("NIK 3374 0123 4567 0001.", "NIK [NIK]."),
    ("wa 0812-3456-7890 ya", "wa [telepon] ya"),
    ("telp +62 812 3456 789", "telp [telepon]"),
    ("email ani.s@sekolah.sch.id terima kasih", "email [e-mail] terima kasih"),
    ("NIP 198703152010012003", "NIP [nomor]"),
    ("Antrean 15 menit, loket 2 ramah", "Antrean 15 menit, loket 2 ramah"),
])
def test_personal_data_is_masked_in_suggestions(text, expected):
    assert skm.scrub_personal_data(text) == expected


def test_no_event_names_a_visit_whose_code_was_spent(db):
    """Each batch event carried an image of every ticket whose code it spent: a
    month-end batch of one answer, compared across two copies of the file, gave that
    visitor's nine answers. The batch writes the answers and the spent set only."""
    now = clear_of_midnight(datetime.now(timezone.utc) - timedelta(hours=1), before=timedelta(0),
                            after=timedelta(minutes=15))
    visits = [served(db, now + timedelta(minutes=5 * i)) for i in range(3)]
    skm_db.write_batch(db, [{"code": t.code, "source": "tablet", "answers": [3] * 9}
                            for t in visits], batch_id="b1")
    [rows] = [r[0] for r in db.query("SELECT rows FROM events WHERE kind = ?",
                                     (skm_db.SURVEY_BATCH,))]
    written = {image[1] for image in json.loads(rows)}
    assert written <= {"skm_responses", "skm_spent_codes", "settings"}  # (the set's key)
    assert not written & {"tickets", "register_records"}
    with pytest.raises(errors.RuleViolation, match="sudah diisi"):  # still answered once
        skm_db.survey_ticket(db, ticket_code=visits[0].code)
    assert skm_db.write_batch(db, [{"code": visits[1].code, "source": "kiosk",
                                    "answers": [1] * 9}], batch_id="b2") == []
