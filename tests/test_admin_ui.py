"""Admin screens with pytest-qt: every page reads and writes the real office file."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage

from tests.drivers import WAIT, admin_login, open_page, submit_survey
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office, officers
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.keeping import backup
from ult_desktop.db.open import open_database
from ult_desktop.ui.admin.app import AdminWindow, open_demo_window
from ult_desktop.ui.admin.audit import AuditPage
from ult_desktop.ui.admin.backup import BackupPage, RetentionPage
from ult_desktop.ui.admin.counters import CountersPage
from ult_desktop.ui.admin.display import DisplayPage
from ult_desktop.ui.admin.holidays import HolidaysPage
from ult_desktop.ui.admin.officers import OfficersPage
from ult_desktop.ui.admin.profile import ProfilePage
from ult_desktop.ui.admin.services import ServicesPage

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines


def save(qtbot, page):
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()


@pytest.fixture
def other(db_target):
    """Another station's own connection, to check what reached the file."""
    database = open_database(db_target, station="display-1", mode="display")
    yield database
    database.close()


# -- login -----------------------------------------------------------------------------
def test_wrong_pin_is_refused_and_audited(qtbot, admin_window, other):
    admin_login(qtbot, admin_window, pin="9999")
    qtbot.waitUntil(lambda: admin_window.login.message.text() == tr("admin.login.wrong"))
    assert admin_window.workspace is None
    assert admin_window.login.pin.text() == ""
    assert officers.audit_log(other)[0].kind == "admin_login_failed"


def test_officer_who_is_not_admin_cannot_enter(qtbot, admin_window):
    admin_login(qtbot, admin_window, username="sari", pin=DEMO_PINS["sari"])
    qtbot.waitUntil(lambda: admin_window.login.message.text() == tr("admin.error.not_admin"))
    assert admin_window.workspace is None


def test_admin_enters_and_can_sign_out(qtbot, admin_window, admin_ws, other):
    assert admin_window.officer.username == "admin"
    assert officers.audit_log(other)[0].kind == "admin_login"
    qtbot.mouseClick(admin_ws.logout_button, Qt.LeftButton)
    assert admin_window.workspace is None
    assert admin_window.stack.currentWidget() is admin_window.login


def test_empty_login_says_what_to_do(qtbot, admin_window):
    qtbot.mouseClick(admin_window.login.submit, Qt.LeftButton)
    assert admin_window.login.message.text() == tr("admin.login.empty")


def test_demo_window_opens_on_the_login(qtbot, db_path, tmp_path):
    w = open_demo_window(db_path, demo_dir=tmp_path)
    qtbot.addWidget(w)
    assert w.stack.currentWidget() is w.login
    assert w.login.username.text() == "admin"
    w.close()


# -- office profile --------------------------------------------------------------------
def test_profile_saves_only_what_changed(qtbot, admin_ws, other, tmp_path):
    page = open_page(qtbot, admin_ws, ProfilePage)
    assert page.name.text() == "BPMP Provinsi Jawa Tengah"
    assert not page.dirty
    page.name.setText("BPMP Provinsi Bali")
    page.timezone.setCurrentIndex(page.timezone.findData("WITA"))
    page.qr.setText("https://ult.example.go.id/skm?t={code}")
    page.languages["en"].setChecked(False)
    logo = tmp_path / "logo.png"
    image = QImage(800, 400, QImage.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    image.save(str(logo))
    assert page.set_logo_file(str(logo))
    assert page.dirty
    save(qtbot, page)
    assert page.status.text() == tr("admin.saved") and not page.dirty
    s = office.get_settings(other)
    assert (s["office_name"], s["timezone"], s["languages"]) == ("BPMP Provinsi Bali", "WITA",
                                                                 ["id"])
    assert s["qr_content"].endswith("?t={code}")
    stored = QImage.fromData(__import__("base64").b64decode(s["office_logo_png_b64"]), "PNG")
    assert (stored.width(), stored.height()) == (512, 256)  # scaled to fit 512 px
    event = officers.audit_log(other)[0]
    assert event.data["keys"] == sorted(["office_name", "timezone", "qr_content", "languages",
                                         "office_logo_png_b64"])


def test_profile_refuses_a_qr_without_the_code(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, ProfilePage)
    page.qr.setText("https://example.go.id")
    page.save()
    assert page.status.text() == tr("admin.profile.qr_bad")
    assert office.get_settings(other)["qr_content"] == "{code}"


def test_profile_rejects_a_file_that_is_not_a_picture(qtbot, admin_ws, tmp_path):
    page = open_page(qtbot, admin_ws, ProfilePage)
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    assert not page.set_logo_file(str(bad))
    assert page.status.text() == tr("admin.profile.logo_bad")
    assert page.logo_b64 == ""


# -- services --------------------------------------------------------------------------
def test_service_standard_fields_and_counters_are_saved(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, ServicesPage)
    page.select_prefix("B")
    assert page.name.text() == "Tunjangan Profesi & PAK"
    assert page.counter_boxes[1].isChecked() and page.counter_boxes[2].isChecked()
    page.target_wait.setValue(25)
    page.target_resolution.setValue(5)
    page.persyaratan.setPlainText("KTP\nSK pengangkatan")
    page.own_hours.setChecked(True)
    page.opens.setTime(page.opens.time().fromString("09:00", "HH:mm"))
    page.closes.setTime(page.closes.time().fromString("12:00", "HH:mm"))
    page.quota.setValue(40)
    page.counter_boxes[1].setChecked(False)
    save(qtbot, page)
    b = next(s for s in office.list_services(other) if s.prefix == "B")
    assert (b.target_wait_min, b.target_resolution_days, b.daily_quota) == (25, 5, 40)
    assert (b.opens, b.closes) == ("09:00", "12:00")
    assert b.persyaratan == "KTP\nSK pengangkatan"
    serving = [c.number for c in office.list_counters(other) if b.id in c.service_ids]
    assert serving == [2, 3]


def test_jumlah_pelaksana_comes_from_who_served_the_service(qtbot, admin_ws, other):
    """The Standar Pelayanan's jumlah pelaksana is filled from the queue."""
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    sari, dewi = (other.query("SELECT id FROM officers WHERE username = ?", (u,))[0][0]
                  for u in ("sari", "dewi"))
    for counter, officer in ((1, sari), (2, dewi), (1, sari)):
        issue_ticket(other, service="B")
        call_next(other, counter=counter, officer_id=officer)
        finish(other, counter=counter)
    page = open_page(qtbot, admin_ws, ServicesPage)
    page.select_prefix("B")
    assert page.pelaksana.text().startswith("2 petugas di 2 loket")
    page.select_prefix("C")
    assert page.pelaksana.text().startswith("Belum ada pengunjung")


def test_new_service_and_switching_one_off(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, ServicesPage)
    page.new_service()
    page.prefix.setText("d")
    page.name.setText("Perizinan")
    page.color.setText("#6A1B9A")
    page.counter_boxes[3].setChecked(True)
    save(qtbot, page)
    qtbot.waitUntil(lambda: any(s.prefix == "D" for s in page.services))
    d = next(s for s in office.list_services(other) if s.prefix == "D")
    assert (d.name, d.color, d.active, d.daily_quota, d.opens) == ("Perizinan", "#6a1b9a",
                                                                    True, None, None)
    assert d.id in next(c for c in office.list_counters(other) if c.number == 3).service_ids
    page.select_prefix("A")
    page.active.setChecked(False)
    save(qtbot, page)
    assert not next(s for s in office.list_services(other) if s.prefix == "A").active


@pytest.mark.parametrize("field,value,key", [
    ("prefix", "1", "admin.services.bad_prefix"),
    ("name", "", "admin.services.bad_name"),
    ("color", "blue", "admin.services.bad_color"),
    ("prefix", "A", "admin.services.prefix_taken"),
    ("prefix", "P", "admin.services.prefix_taken"),  # the priority numbers' prefix
    ("prefix", "L", "admin.services.prefix_taken"),  # the follow-up visits' prefix
])
def test_bad_service_input_is_explained_and_not_saved(qtbot, admin_ws, other, field, value, key):
    page = open_page(qtbot, admin_ws, ServicesPage)
    page.new_service()
    page.prefix.setText("E")
    page.name.setText("Baru")
    getattr(page, field).setText(value)
    page.save()
    assert page.status.text() == tr(key, prefix=value)
    assert len(office.list_services(other)) == 3


# -- counters --------------------------------------------------------------------------
def test_counter_services_and_priority_policy(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, CountersPage)
    page.table.selectRow(1)
    assert page.number.value() == 2
    page.service_boxes["A"].setChecked(True)
    page.service_boxes["B"].setChecked(False)
    page.service_boxes["C"].setChecked(False)
    page.priority.setChecked(True)
    page.policy.setCurrentIndex(page.policy.findData("priority_counter_only"))
    page.outage_reserve.setValue(20)  # Numbers kept for a long outage
    assert page.followup_order.currentData() == "window"  # the default
    page.followup_order.setCurrentIndex(page.followup_order.findData("front"))
    save(qtbot, page)
    assert office.get_settings(other)["outage_reserve"] == 20
    assert office.get_settings(other)["followup_order"] == "front"
    c2 = next(c for c in office.list_counters(other) if c.number == 2)
    a = next(s for s in office.list_services(other) if s.prefix == "A")
    assert c2.service_ids == (a.id,) and c2.priority_counter
    assert office.get_settings(other)["priority_policy"] == "priority_counter_only"


def test_new_counter_needs_a_service(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, CountersPage)
    page.new_counter()
    assert page.number.value() == 4
    page.save()
    assert page.status.text() == tr("admin.counters.none_selected")
    page.name.setText("Loket Helpdesk")
    page.service_boxes["C"].setChecked(True)
    save(qtbot, page)
    c4 = next(c for c in office.list_counters(other) if c.number == 4)
    assert c4.name == "Loket Helpdesk" and c4.active


# -- officers --------------------------------------------------------------------------
def test_add_officer_change_role_and_reset_pin(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, OfficersPage)
    page.new_officer()
    page.username.setText("wati")
    page.name.setText("Wati Susanti")
    page.role.setCurrentIndex(page.role.findData("helpdesk"))
    page.pin.setText("12")
    page.save()
    assert page.status.text() == tr("pin.too_short", min=6,
                                    role_name=tr("admin.role.helpdesk"))
    page.pin.setText("654321")  # a descending run: refused before anything is sent
    page.save()
    assert page.status.text() == tr("pin.sequence")
    page.pin.setText("473158")
    page.unit.setText("Helpdesk Dapodik")  # As the office knows them
    save(qtbot, page)
    wati = office.verify_pin(other, "wati", "473158")
    assert (wati.role, wati.unit, wati.nip) == ("helpdesk", "Helpdesk Dapodik", None)
    qtbot.waitUntil(lambda: any(o.username == "wati" for o in page.officers))
    page.select_username("wati")
    assert page.unit.text() == "Helpdesk Dapodik"
    page.role.setCurrentIndex(page.role.findData("back_office"))
    page.nip.setText("1985 0312 2010")  # too short: refused, nothing lost
    page.save()
    qtbot.waitUntil(lambda: "18 angka" in page.status.text())
    assert page.nip.text() == "1985 0312 2010"
    page.nip.setText("19850312 201001 2 005")
    page.jabatan.setText("Pengelola Layanan Operasional")
    save(qtbot, page)
    assert other.query("SELECT nip, jabatan FROM officers WHERE username = 'wati'")[0][:] == (
        "198503122010012005", "Pengelola Layanan Operasional")
    page.new_pin.setText("827163")
    page.reset_pin()
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.officers.pin_reset",
                                                     name="Wati Susanti"))
    officer = office.verify_pin(other, "wati", "827163")
    assert officer is not None and officer.role == "back_office"
    assert office.verify_pin(other, "wati", "473158") is None


def test_making_an_officer_admin_asks_for_an_admins_pin(qtbot, admin_ws, other):
    """A promoted officer must not keep a 4-digit PIN; the page says what to
    do, and the role and the new PIN are saved together."""
    page = open_page(qtbot, admin_ws, OfficersPage)
    qtbot.waitUntil(lambda: any(o.username == "budi" for o in page.officers))
    page.select_username("budi")
    page.role.setCurrentIndex(page.role.findData("admin"))
    page.save()
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.error.promote_pin", min=6))
    assert office.verify_pin(other, "budi", DEMO_PINS["budi"]).role == "front_office"
    page.new_pin.setText("583914")
    save(qtbot, page)
    assert office.verify_pin(other, "budi", "583914").role == "admin"
    assert page.new_pin.text() == ""


def test_a_locked_officer_is_marked_and_an_admin_unlocks_them(qtbot, admin_ws, other):
    from ult_desktop.db.house.pinlock import PinLocked

    for _ in range(4):
        assert office.verify_pin(other, "sari", "5174") is None
    with pytest.raises(PinLocked):
        office.verify_pin(other, "sari", "5174")
    page = open_page(qtbot, admin_ws, OfficersPage)
    page.select_username("sari")
    row = next(i for i, o in enumerate(page.officers) if o.username == "sari")
    assert tr("pin.locked_mark") in page.table.item(row, 3).text()
    assert page.unlock_button.isEnabled()
    page.unlock_pin()
    qtbot.waitUntil(lambda: page.status.text() == tr("pin.unlocked", name="Sari Wulandari"),
                    timeout=WAIT)
    assert office.verify_pin(other, "sari", DEMO_PINS["sari"]) is not None


def test_the_last_admin_cannot_be_switched_off(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, OfficersPage)
    page.select_username("admin")
    page.active.setChecked(False)
    page.save()
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.error.last_admin"))
    assert office.verify_pin(other, "admin", DEMO_PINS["admin"]) is not None


def test_taken_username_is_refused(qtbot, admin_ws):
    page = open_page(qtbot, admin_ws, OfficersPage)
    page.new_officer()
    page.username.setText("sari")
    page.name.setText("Sari Lain")
    page.pin.setText("5738")
    page.save()
    assert page.status.text() == tr("admin.officers.taken", username="sari")


# -- display ---------------------------------------------------------------------------
def test_display_settings(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, DisplayPage)
    page.running_text.setPlainText("Layanan   tutup\npukul 15.00")
    page.volume.setValue(55)
    page.repeat.setValue(2)
    page.voice_pack.setCurrentText("rekaman-kantor")
    save(qtbot, page)
    s = office.get_settings(other)
    assert (s["running_text"], s["announce_volume"], s["announce_repeat"], s["voice_pack"]) == (
        "Layanan tutup pukul 15.00", 55, 2, "rekaman-kantor")
    assert officers.audit_log(other)[0].data["keys"] == ["announce_repeat", "announce_volume",
                                                      "running_text", "voice_pack"]


# -- holidays --------------------------------------------------------------------------
def test_holidays_show_national_days_and_cuti_bersama_and_save_named_extra_days(
        qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, HolidaysPage)
    page.year.setValue(2026)
    national = [page.national.item(i).text() for i in range(page.national.count())]
    assert any("17 Agustus 2026" in t and "Kemerdekaan" in t for t in national)
    assert any("20 Maret 2026" in t and "Cuti Bersama" in t for t in national)
    page.day.setDate(QDate(2026, 3, 20))  # cuti bersama Idul Fitri: already built in
    page.day_name.setText("Lebaran")
    page.add_day()
    assert "Cuti Bersama" in page.status.text()
    page.day.setDate(QDate(2026, 6, 10))
    page.day_name.setText("")
    page.add_day()  # a day without a name is refused
    assert page.status.text() == tr("holidays.name_required")
    page.day_name.setText("HUT Kota")
    page.add_day()
    page.day.setDate(QDate(2027, 1, 4))
    page.day_name.setText("Rapat kerja")
    page.add_day()
    assert page.year.value() == 2027
    save(qtbot, page)
    assert office.get_settings(other)["extra_holidays"] == [
        {"date": "2026-06-10", "name": "HUT Kota"}, {"date": "2027-01-04", "name": "Rapat kerja"}]
    page.year.setValue(2026)
    assert "HUT Kota" in page.extra_list.item(0).text()
    page.extra_list.item(0).setSelected(True)
    page.remove_selected()
    save(qtbot, page)
    assert office.get_settings(other)["extra_holidays"] == [
        {"date": "2027-01-04", "name": "Rapat kerja"}]


def test_holidays_page_reads_the_old_list_of_bare_dates(qtbot, admin_ws, other):
    office.set_settings(other, extra_holidays=["2026-06-10"])
    page = open_page(qtbot, admin_ws, HolidaysPage)
    page.year.setValue(2026)
    assert page.extra_list.count() == 1
    assert "10 Juni 2026" in page.extra_list.item(0).text()


# -- backup, restore, retention --------------------------------------------------------
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # a folder next to the file
def test_backup_runs_in_the_background_with_progress(qtbot, admin_ws, tmp_path):
    page = open_page(qtbot, admin_ws, BackupPage)
    assert page.target.text().startswith(str(tmp_path / "backup"))
    steps = []
    page.progress.handed.connect(steps.append)
    out = tmp_path / "cadangan" / "b1.db"
    page.target.setText(str(out))
    qtbot.mouseClick(page.backup_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.backup.done", path=out),
                    timeout=WAIT)
    assert steps and steps[-1][0] == steps[-1][1]
    assert page.bar.value() == 100
    assert backup.inspect_backup(out).office_name == "BPMP Provinsi Jawa Tengah"
    # a second backup to the same file is refused with a sentence, not overwritten
    page.target.setText(str(out))
    qtbot.mouseClick(page.backup_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.backup_button.isEnabled() and "b1.db" in page.status.text()
                    and page.status.text() != tr("admin.backup.done", path=out))


def test_restore_checks_the_file_asks_and_keeps_the_old_data(qtbot, admin_ws, other, engine,
                                                              db_path, tmp_path, monkeypatch):
    saved = backup.backup_database(other, tmp_path / "saved.db")
    office.set_settings(other, office_name="Sesudah cadangan")
    page = open_page(qtbot, admin_ws, BackupPage)
    bad = tmp_path / "bad.db"
    bad.write_text("x" * 500)
    page.source.setText(str(bad))
    page.check_source()
    qtbot.waitUntil(lambda: page.status.text() == tr("error.not_a_database", path=bad))
    assert not page.restore_button.isEnabled()

    page.source.setText(str(saved))
    page.check_source()
    qtbot.waitUntil(page.restore_button.isEnabled)
    assert "BPMP Provinsi Jawa Tengah" in page.source_info.text()
    monkeypatch.setattr(page, "confirm", lambda text: False)
    page.start_restore()
    assert page.status.text() == tr("admin.restore.cancelled")
    assert office.get_settings(other)["office_name"] == "Sesudah cadangan"

    monkeypatch.setattr(page, "confirm", lambda text: True)
    page.start_restore()
    qtbot.waitUntil(lambda: page.status.text().startswith(tr("admin.restore.done", path="")),
                    timeout=WAIT)
    assert office.get_settings(other)["office_name"] == "BPMP Provinsi Jawa Tengah"
    # the old data: next to the office file, or for a server next to the backup restored
    kept = list(db_path.parent.glob("office.before-restore-*.db") if engine == "sqlite" else
                tmp_path.glob("office_*.before-restore-*.db"))
    assert len(kept) == 1 and backup.inspect_backup(kept[0]).office_name == "Sesudah cadangan"
    # the restore reaches the open pages through the feed: the profile shows the old name
    profile = open_page(qtbot, admin_ws, ProfilePage)
    assert profile.name.text() == "BPMP Provinsi Jawa Tengah"


def test_retention_counts_asks_and_removes(qtbot, admin_ws, other, monkeypatch):
    other.write(lambda c: c.executemany(
        "INSERT INTO register_records (day, channel, service_id, visitor_name, phone, "
        "created_at, updated_at, station) VALUES (?, 'phone', 1, ?, ?, 'x', 'x', 't')",
        [("2020-01-02", "Ani", "0812"), ("2020-02-03", "Budi", "0813"),
         (date.today().isoformat(), "Citra", "0814")]))
    page = open_page(qtbot, admin_ws, RetentionPage)
    assert page.months.value() == 24
    page.months.setValue(12)
    assert "24 bulan" in page.notice.placeholderText()  # the default sentence, shown
    page.notice.setText("Data Anda disimpan 12 bulan; tanya petugas ULT.")
    save(qtbot, page)
    assert office.get_settings(other)["retention_months"] == 12
    assert office.get_settings(other)["privacy_notice"] == \
        "Data Anda disimpan 12 bulan; tanya petugas ULT."
    asked = []
    monkeypatch.setattr(page, "confirm", lambda text: asked.append(text) or True)
    page.purge()
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.retention.done_full", n=2,
                                                     deleted=0, purged=0))
    assert asked == [tr("admin.retention.confirm", n=2)]
    names = [r[0] for r in other.query("SELECT visitor_name FROM register_records ORDER BY id")]
    assert names == ["", "", "Citra"]
    qtbot.waitUntil(lambda: page.due.text() == tr("admin.retention.due", n=0, months=12))


# -- audit and changes from elsewhere --------------------------------------------------
def test_audit_list_follows_the_feed(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, AuditPage)
    assert page.table.item(0, 2).text() == tr("admin.kind.admin_login")
    office.set_settings(other, running_text="dari stasiun lain")
    qtbot.waitUntil(lambda: page.table.item(0, 1).text() == "display-1", timeout=WAIT)
    assert page.table.item(0, 2).text() == tr("admin.kind.settings_changed")
    # a sentence with the setting's name, never its raw key
    assert page.table.item(0, 3).text() == "Pengaturan yang diubah: teks berjalan."
    from ult_desktop.db.queue.numbers import issue_ticket

    issue_ticket(other, service="A")
    with qtbot.waitSignal(page.loaded):
        page.filter.setCurrentIndex(1)
    assert page.table.item(0, 2).text() == tr("admin.kind.issued")


def test_a_change_elsewhere_reloads_a_clean_page_and_spares_edits(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, ProfilePage)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        office.set_settings(other, office_name="Diubah di stasiun lain")
    assert page.name.text() == "Diubah di stasiun lain"
    page.address.setText("Alamat yang sedang diketik")
    office.set_settings(other, ticket_footer="Sampai jumpa")
    qtbot.waitUntil(lambda: page.status.text() == tr("admin.changed_elsewhere"), timeout=WAIT)
    assert page.address.text() == "Alamat yang sedang diketik"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete or rename a "
                    "file a connection holds open (WinError 32): the share vanishing is "
                    "simulated on Linux")
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the file vanishes
def test_failed_database_work_shows_one_sentence(qtbot, admin_ws, db_path):
    page = open_page(qtbot, admin_ws, DisplayPage)
    page.running_text.setPlainText("x")
    db_path.unlink()  # the share vanished
    page.save()
    qtbot.waitUntil(lambda: page.status.text() != tr("admin.saving"), timeout=WAIT)
    assert "\n" not in page.status.text() and "Traceback" not in page.status.text()
    assert page.status.text()
    assert page.dirty  # the edit is still on screen


def test_audit_times_are_office_local(qtbot, admin_ws, other):
    other.write(lambda c: c.execute(
        "INSERT INTO events (kind, station, at, data) VALUES ('settings_changed', 'x', ?, "
        "'{}')", (datetime(2026, 1, 5, 1, 30, tzinfo=timezone.utc).isoformat(),)))
    page = open_page(qtbot, admin_ws, AuditPage)
    assert page.table.item(0, 0).text() == "05-01-2026 08:30:00"  # WIB = UTC+7


# -- reports ---------------------------------------------------------------------------
def test_month_range():
    from ult_desktop.ui.admin.reports import month_range

    assert month_range(date(2026, 3, 15)) == (date(2026, 3, 1), date(2026, 3, 31))
    assert month_range(date(2026, 1, 15), 1) == (date(2025, 12, 1), date(2025, 12, 31))
    assert month_range(date(2024, 3, 1), 1) == (date(2024, 2, 1), date(2024, 2, 29))


def _served_with_survey(db, answers):
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket

    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    submit_survey(db, ticket_code=ticket.code, answers=answers)


def test_reports_page_shows_the_ikm_and_writes_files(qtbot, admin_ws, other, tmp_path):
    from openpyxl import load_workbook

    from ult_desktop.ui.admin.reports import ReportsPage

    _served_with_survey(other, [4] * 9)
    _served_with_survey(other, [3] * 9)
    page = open_page(qtbot, admin_ws, ReportsPage)
    # Two answers of the running month are never shown (month-to-date, and
    # under the minimum group of 5)
    assert page.ikm.text() == tr("admin.reports.no_survey")
    # one service with 2 respondents: under the minimum group of 5, not shown on its own
    assert page.table.rowCount() == 0
    page.format.setCurrentIndex(page.format.findData("xlsx"))
    assert page.out.text().endswith(".xlsx")
    page.out.setText(str(tmp_path / "laporan" / "bulan.xlsx"))
    page.make()
    qtbot.waitUntil(lambda: page.open_button.isEnabled(), timeout=WAIT)
    book = load_workbook(tmp_path / "laporan" / "bulan.xlsx", read_only=True)
    assert len(book.sheetnames) >= 2
    page.format.setCurrentIndex(page.format.findData("pdf"))
    page.out.setText(str(tmp_path / "laporan" / "bulan.pdf"))
    page.make()
    qtbot.waitUntil(lambda: page.make_button.isEnabled(), timeout=30_000)
    assert page.status.text() == tr("report.cli.written", path=tmp_path / "laporan" / "bulan.pdf")
    assert (tmp_path / "laporan" / "bulan.pdf").read_bytes()[:4] == b"%PDF"


def test_report_to_an_unwritable_place_is_one_sentence(qtbot, admin_ws, tmp_path):
    from ult_desktop.ui.admin.reports import ReportsPage

    page = open_page(qtbot, admin_ws, ReportsPage)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    out = blocker / "laporan.pdf"
    page.out.setText(str(out))
    page.make()
    qtbot.waitUntil(lambda: page.make_button.isEnabled(), timeout=WAIT)
    assert page.status.text() == tr("report.error.cannot_write", path=out)
    assert not page.open_button.isEnabled()


def test_reports_page_follows_new_survey_answers(qtbot, admin_ws, other):
    from ult_desktop.ui.admin.reports import ReportsPage

    page = open_page(qtbot, admin_ws, ReportsPage)
    assert page.ikm.text() == tr("admin.reports.no_survey")
    # One answer of the running month is never shown (closed months and the
    # minimum group only): the page reloads on the answer's events, and still shows none
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        _served_with_survey(other, [2] * 9)
    assert page.ikm.text() == tr("admin.reports.no_survey")


def test_gui_commands_need_a_database(capsys):
    import argparse

    from ult_desktop.ui.admin.app import main as admin_main
    from ult_desktop.ui.survey.app import main as survey_main

    for main in (admin_main, survey_main):
        assert main(argparse.Namespace(db=None, station=None, windowed=True)) == 2
        assert tr("cli.need_db") in capsys.readouterr().err


def test_ctrl_s_saves_the_page_in_front(qtbot, admin_ws, other):
    page = open_page(qtbot, admin_ws, DisplayPage)
    page.volume.setValue(30)
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        admin_ws.save_current()
    assert office.get_settings(other)["announce_volume"] == 30


def test_login_when_the_share_is_gone_says_so(qtbot, tmp_path):
    missing = tmp_path / "gone" / "office.db"
    w = AdminWindow(missing, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(w)
    admin_login(qtbot, w)
    qtbot.waitUntil(lambda: w.login.submit.isEnabled() and w.login.message.text() not in (
        "", tr("admin.login.checking")), timeout=WAIT)
    assert w.login.message.text() == tr("error.share_unavailable", path=missing.parent)
    assert w.workspace is None
    qtbot.waitUntil(lambda: not w.banner.isHidden(), timeout=WAIT)
    w.close()


def test_an_admin_pc_left_alone_signs_out(qtbot, db_path):
    w = AdminWindow(db_path, station_name="admin-test", poll_ms=50, idle_logout_ms=300)
    qtbot.addWidget(w)
    admin_login(qtbot, w)
    qtbot.waitUntil(lambda: w.workspace is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: w.workspace is None, timeout=WAIT)
    assert w.stack.currentWidget() is w.login and w.officer is None
    w.close()


def test_signing_out_while_a_save_runs_is_safe(qtbot, admin_window, admin_ws, other):
    page = open_page(qtbot, admin_ws, DisplayPage)
    page.volume.setValue(10)
    page.save()
    admin_window.logout()
    done = []
    admin_window.station.run(lambda db: None, done=done.append)  # jobs finish in order
    qtbot.waitUntil(lambda: done == [None], timeout=WAIT)
    assert office.get_settings(other)["announce_volume"] == 10


def test_the_pimpinan_opens_and_prints_the_reports_with_their_own_pin(qtbot, admin_window,
                                                                      other, tmp_path):
    """The head of office (role supervisor, "Pimpinan") signs in with their own PIN, not
    the admin's, and sees the reports only (and where their numbers come from)."""
    from ult_desktop.ui.admin.profile import ProfilePage
    from ult_desktop.ui.admin.provenance import ProvenancePage
    from ult_desktop.ui.admin.reports import ReportsPage
    from ult_desktop.ui.admin.skm import SkmPage
    from ult_desktop.ui.admin.standins import StandinsPage

    office.set_settings(other, head_name="Dr. Sutrisno, M.Pd.", head_nip="197001011995031001")
    admin_login(qtbot, admin_window, username="kepala", pin=DEMO_PINS["kepala"])
    qtbot.waitUntil(lambda: admin_window.workspace is not None, timeout=WAIT)
    ws = admin_window.workspace
    assert [type(p) for p in ws.pages] == [ReportsPage, ProvenancePage, SkmPage,
                                           StandinsPage]
    assert ws.nav.count() == 4
    with pytest.raises(StopIteration):
        ws.page(ProfilePage)
    page = open_page(qtbot, ws, ReportsPage)
    page.format.setCurrentIndex(page.format.findData("pdf"))
    page.out.setText(str(tmp_path / "kepala.pdf"))
    page.make()
    qtbot.waitUntil(lambda: page.make_button.isEnabled(), timeout=30_000)
    assert (tmp_path / "kepala.pdf").read_bytes()[:4] == b"%PDF"
    assert officers.audit_log(other)[0].kind in ("admin_login", "report_issued")
    issued = other.query("SELECT actor FROM events WHERE kind = 'report_issued'")
    assert issued and issued[-1][0] == "kepala"
    # The SKM report and its RTL are the Pimpinan's to read and print, signed
    # with their name and NIP; planning, paper entry and publishing stay the admin's
    skm_page = open_page(qtbot, ws, SkmPage)
    assert not any(b.isEnabled() for b in (skm_page.entry_button, skm_page.save_button,
                                           skm_page.add_button, skm_page.min_group))
    assert skm_page.report_button.isEnabled() and skm_page.poster_button.isEnabled()
    skm_page.ask_path = lambda _suggested: str(tmp_path / "skm-kepala.pdf")
    skm_page.make_report()
    qtbot.waitUntil(lambda: skm_page.open_button.isEnabled(), timeout=30_000)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "skm-kepala.pdf")).pages)
    assert "Dr. Sutrisno, M.Pd." in text and "NIP 197001011995031001" in text


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_status_message_never_moves_the_page_buttons(qtbot, admin_ws):
    """Buttons moved a few pixels when a message came."""
    page = open_page(qtbot, admin_ws, CountersPage)
    window = page.window()
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    page.set_status("")
    _laid_out()
    before = page.save_button.mapTo(page, page.save_button.rect().topLeft())
    page.show_error("Awalan nomor prioritas tidak valid; gunakan satu huruf A-Z yang belum "
                    "dipakai layanan lain, lalu simpan lagi. " * 2)
    _laid_out()
    assert page.save_button.mapTo(page, page.save_button.rect().topLeft()) == before


def _laid_out() -> None:
    """Every pending layout request handled (nested layouts post them in turn)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(5):
        QCoreApplication.sendPostedEvents(None, QEvent.LayoutRequest)
        QCoreApplication.processEvents()
