"""Screenshots of the back-office desk, the counter after a handover, and the admin
holidays and reports pages, on a real X display (Xvfb + openbox, 1366x768):

    Xvfb :45 -screen 0 1366x768x24 & DISPLAY=:45 openbox &
    DISPLAY=:45 python scripts/sop_screenshots.py docs/screenshots

Seeds a fresh demo database under /tmp/sopshots/db (issue #15).
"""
"""Back-office desk, counter and SOP report screenshots on a real X display."""
import shutil, subprocess, sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication

OUT = Path(sys.argv[1])
work = Path("/tmp/sopshots/db"); shutil.rmtree(work, ignore_errors=True); work.mkdir()
from ult_desktop.db.setup import init_database
from ult_desktop.db.connection import Database
from ult_desktop.db import operations, handover, cases
from ult_desktop.db.office import set_settings
from ult_desktop.core.register import RecordInput
from ult_desktop.ui.counter import jobs
path = init_database(work / "office.db", demo=True)
db = Database.open(path, station="seed", mode="test")
set_settings(db, enforce_hours=False, office_name="BPMP Provinsi Sumatera Utara")
oid = lambda u: db.query("SELECT id FROM officers WHERE username = ?", (u,))[0][0]
sari, budi, dewi = oid("sari"), oid("budi"), oid("dewi")
now = datetime.now(timezone.utc)
def at(m): return now - timedelta(minutes=90) + timedelta(minutes=m)
people = [("Siti Aminah", "SDN 1 Medan", "Tunjangan profesi belum cair sejak Januari"),
          ("Drs. Bambang Susilo", "SMPN 3 Binjai", "Penilaian angka kredit belum diproses"),
          ("Rudi Hartono, S.Pd.", "SMAN 1 Deli Serdang", "Data PTK ganda di Dapodik")]
hs = []
for i, (name, inst, q) in enumerate(people):
    t = operations.issue_ticket(db, service="B", now=at(i * 10))
    ctr, who = (1, sari) if i == 0 else (2, budi)
    operations.call_next(db, counter=ctr, officer_id=who, now=at(i * 10 + 2))
    operations.start_serving(db, counter=ctr, now=at(i * 10 + 3))
    jobs.save_walk_in(db, ticket_id=t.id, officer_id=sari, record=RecordInput(
        visitor_name=name, institution=inst, region_code="12.71", region_name="Kota Medan",
        phone="081234567890", topic="Tunjangan profesi", question=q))
    h = handover.consult(db, from_officer=who, ticket_id=t.id, question=q,
                         now=at(i * 10 + 7))
    hs.append(h)
    if i:
        operations.finish(db, counter=2, now=at(i * 10 + 8))
handover.take(db, handover_id=hs[0].id, officer_id=dewi, now=at(9))
handover.coordinate(db, handover_id=hs[0].id, officer_id=dewi, unit="Direktorat Jenderal GTK", now=at(12))
handover.answer(db, handover_id=hs[0].id, officer_id=dewi, disposition="Berkas lengkap; tunjangan triwulan I cair bersama triwulan II.", now=at(18))
handover.hand_back(db, handover_id=hs[0].id, officer_id=dewi, now=at(21))
handover.take(db, handover_id=hs[1].id, officer_id=dewi, now=at(22))
# a finished one for the step figures
t = operations.issue_ticket(db, service="B", now=at(40))
operations.call_next(db, counter=2, officer_id=budi, now=at(41)); operations.start_serving(db, counter=2, now=at(42))
h = handover.consult(db, from_officer=budi, ticket_id=t.id, question="Legalisir ijazah?", now=at(45))
handover.take(db, handover_id=h.id, officer_id=dewi, now=at(47))
handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Bawa ijazah asli.", now=at(52))
handover.hand_back(db, handover_id=h.id, officer_id=dewi, now=at(53))
handover.explain(db, handover_id=h.id, officer_id=budi, mode="in_person", now=at(56))
operations.finish(db, counter=2, now=at(57))
# a visitor transferred to dewi, and a phone escalation
t = operations.issue_ticket(db, service="C", now=at(60))
operations.transfer(db, number=t.number, to_officer=dewi, now=at(63))
jobs.save_remote(db, channel="phone", service="B", officer_id=sari, escalate_to="back_office",
                 callback_needed=True, record=RecordInput(visitor_name="Ibu Wahyuni",
                 institution="SDN 5 Pematangsiantar", phone="081377788899", topic="Dapodik",
                 question="Akun operator terkunci"))
db.close()

from ult_desktop.ui.counter.window import CounterWindow
app = QApplication.instance() or QApplication([])

def login(w, user, pin, counter):
    w.login.officer.setCurrentIndex(w.login.officer.findData(user))
    idx = w.login.counter.findData(counter) if counter else w.login.counter.count() - 1
    w.login.counter.setCurrentIndex(idx)
    w.login.pin.setText(pin)
    w.login.submit()

def wait(cond, secs=10):
    end = time.time() + secs
    while time.time() < end:
        app.processEvents()
        if cond():
            return True
        time.sleep(0.02)
    return False

def shot(name):
    for _ in range(30):
        app.processEvents(); time.sleep(0.03)
    subprocess.run(["import", "-window", "root", str(OUT / name)], check=True)

def show(w):
    w.setGeometry(0, 0, 1366, 768)
    w.showMaximized()
    wait(lambda: w.isVisible())

bo = CounterWindow(path, station_id="bo", poll_ms=100)
show(bo)
wait(lambda: bo.login.officer.count() > 0 and bo.online)
login(bo, "dewi", "3333", None)
wait(lambda: bo.backoffice.state is not None and bo.backoffice.table.rowCount() >= 3)
for r, (what, item) in enumerate(bo.backoffice.rows):
    if what == "handover" and item.state.value == "taken":
        bo.backoffice.table.selectRow(r)
bo.backoffice.unit.setText("Direktorat Jenderal GTK")
shot("counter_backoffice_desk.png")
bo.close()

fo = CounterWindow(path, station_id="fo", poll_ms=100)
show(fo)
wait(lambda: fo.login.officer.count() > 0 and fo.online)
login(fo, "sari", "1111", 1)
wait(lambda: fo.queue.state is not None)
fo.tabs.setCurrentWidget(fo.backoffice)
wait(lambda: fo.backoffice.state is not None and fo.backoffice.table.rowCount() > 0)
fo.backoffice.table.selectRow(0)
fo.notify("Jawaban back office untuk B-001 sudah kembali; buka tab Back Office.")
shot("counter_backoffice_returned.png")
fo.tabs.setCurrentWidget(fo.queue)
shot("counter_queue_sop.png")
fo.close()
print("ok")

# -- admin: holidays (cuti bersama + named office days) and reports -------------------
from ult_desktop.ui.admin.app import AdminWindow
from ult_desktop.ui.admin.holidays import HolidaysPage
from ult_desktop.ui.admin.reports import ReportsPage
from ult_desktop.db.connection import Database as _D
d2 = _D.open(path, station="seed2", mode="test")
set_settings(d2, extra_holidays=[{"date": "2026-04-22", "name": "HUT Kota Medan"},
                                 {"date": "2026-12-31", "name": "Tutup buku akhir tahun"}])
d2.close()
adm = AdminWindow(path, station_name="admin-shot", poll_ms=100)
show(adm)
adm.login.username.setText("admin"); adm.login.pin.setText("1234"); adm.login.submit.click()
wait(lambda: adm.workspace is not None)
page = adm.workspace.page(HolidaysPage)
adm.workspace.open(HolidaysPage)
wait(lambda: page.extra_list.count() > 0 or False, 5)
page.year.setValue(2026)
wait(lambda: page.national.count() > 20)
shot("admin_holidays.png")
adm.workspace.open(ReportsPage)
shot("admin_reports.png")
adm.close()
print("admin ok")
