"""Creating an office database (``init``) and the demo office."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from ult_desktop.core import pins
from ult_desktop.core.settings import defaults
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import AuditIdentity
from ult_desktop.db.engine.sqlite import AuditedConnection, Database
from ult_desktop.db.engine.sqlite_file import publish_new, secure_connection
from ult_desktop.db.house.office import reset_pin, write_settings
from ult_desktop.db.record.events import record_baseline
from ult_desktop.db.schemas.schema import PAGE_SIZE, migrate

T = TypeVar("T")

#: The demo office's people; their PINs (6 digits, none trivial) are in README.
DEMO_PINS = {"admin": "480916", "sari": "517394", "budi": "628451",
             "dewi": "739562", "rahmat": "840673", "kepala": "731542"}

DEMO_OFFICERS = [
    ("admin", "Admin ULT", "admin", DEMO_PINS["admin"]),
    ("sari", "Sari Wulandari", "front_office", DEMO_PINS["sari"]),
    ("budi", "Budi Santoso", "front_office", DEMO_PINS["budi"]),
    ("dewi", "Dewi Lestari", "back_office", DEMO_PINS["dewi"]),
    ("rahmat", "Rahmat Hidayat", "helpdesk", DEMO_PINS["rahmat"]),
    ("kepala", "Kepala BPMP", "supervisor", DEMO_PINS["kepala"]),
]

#: A starting text for the Standar Pelayanan's "penanganan pengaduan, saran dan masukan"
#: (PermenPANRB 15/2014): the demo's services carry it and a new service starts with it.
PENGADUAN_DEFAULT = (
    "Pengaduan, saran dan masukan dapat disampaikan melalui kotak saran, Survei Kepuasan "
    "Masyarakat (SKM), langsung kepada petugas di meja ULT, telepon/WhatsApp, e-mail, atau "
    "SP4N-LAPOR!. Setiap pengaduan dicatat dan diberi nomor, ditanggapi paling lambat 3 "
    "hari kerja, dan tindak lanjutnya disampaikan kepada pelapor.")

DEMO_SERVICES = [
    {"prefix": "A", "name": "Layanan Informasi Umum", "name_en": "General Information",
     "description": "Informasi, surat, dan pengaduan", "color": "#1565c0",
     "target_wait_min": 15, "target_service_min": 5, "target_resolution_days": 1,
     "persyaratan": "KTP atau kartu identitas", "prosedur": "Ambil antrean, tunggu panggilan",
     "produk": "Informasi / jawaban", "penanganan_pengaduan": PENGADUAN_DEFAULT},
    {"prefix": "B", "name": "Tunjangan Profesi & PAK", "name_en": "Teacher Allowance & PAK",
     "description": "Tunjangan profesi guru, penilaian angka kredit", "color": "#2e7d32",
     "target_wait_min": 20, "target_service_min": 10, "target_resolution_days": 3,
     "persyaratan": "KTP, SK, surat tugas bila mewakili", "prosedur": "Verifikasi berkas",
     "produk": "Jawaban / tindak lanjut", "penanganan_pengaduan": PENGADUAN_DEFAULT},
    {"prefix": "C", "name": "Dapodik & Helpdesk", "name_en": "Dapodik & Helpdesk",
     "description": "Akun dan perbaikan data Dapodik", "color": "#ef6c00",
     "target_wait_min": 20, "target_service_min": 10, "target_resolution_days": 1,
     "persyaratan": "KTP, NPSN sekolah", "prosedur": "Verifikasi identitas, penanganan",
     "produk": "Perbaikan data / jawaban", "penanganan_pengaduan": PENGADUAN_DEFAULT},
]


def init_database(path: str | os.PathLike, *, demo: bool = False,
                  office_name: str | None = None, signer=None) -> Path:
    """Create a new office database at *path*; never overwrites an existing file; its
    baseline signed by *signer* (this PC's key; None: unsigned).
    :raises DatabaseExists: a file is already there.
    :raises ShareUnavailable: the folder does not exist or cannot be written."""
    target = Path(path)
    new_office_file(target, lambda conn: _seed(conn, demo=demo, office_name=office_name),
                    suffix=".init-tmp", then=lambda tmp: _record_baseline(tmp, signer))
    return target


def new_office_file(target: Path, fill: Callable[[sqlite3.Connection], T], *, suffix: str,
                    then: Callable[[Path], None] | None = None) -> T:
    """Make a new office file at *target* (``init``, ``migrate-from-server``): built under
    a temporary name beside it (*suffix*) in one transaction, the migrations then
    ``fill(conn)``, then ``then(path)`` on the closed file, and given its name only once
    whole, never over an existing file; what *fill* returned.
    :raises DatabaseExists: a file is already there.
    :raises ShareUnavailable: the folder does not exist or cannot be written."""
    if not target.parent.is_dir():
        raise errors.ShareUnavailable(path=str(target.parent))
    if target.exists():
        raise errors.DatabaseExists(path=str(target))
    tmp = target.with_name(target.name + suffix)
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            secure_connection(conn)
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before the first page
            conn.execute("PRAGMA journal_mode=DELETE")
            result = port.in_transaction(conn, lambda conn: (migrate(conn), fill(conn))[1])
        finally:
            conn.close()
        if then is not None:
            then(tmp)
        publish_new(tmp, target)
    except FileExistsError as exc:
        raise errors.DatabaseExists(path=str(target)) from exc
    except OSError as exc:
        raise errors.ShareUnavailable(path=str(target.parent)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return result


def _record_baseline(path: Path, signer) -> None:
    """The new file's rows (settings, the demo's services, counters and officers) as the
    signed events' first projection (db/record/projection.py): reconciled from the start."""
    with closing(sqlite3.connect(str(path), isolation_level=None,
                                 factory=AuditedConnection)) as conn:
        secure_connection(conn)
        conn.audit = AuditIdentity(signer=signer)
        port.in_transaction(conn, lambda conn: record_baseline(conn, "setup"))


_DEMO_SETTINGS = {
    "office_name": "BPMP Provinsi Jawa Tengah",
    "office_address": "Jl. Kyai Mojo, Srondol Kulon, Semarang",
    "ticket_header": "Unit Layanan Terpadu",
    "running_text": "Selamat datang di ULT BPMP Provinsi Jawa Tengah. Layanan tidak "
                    "dipungut biaya. Kelompok rentan silakan memilih Layanan Prioritas.",
    # The demo runs at any hour so it can be tried in the evening.
    "enforce_hours": False,
}


def _seed(conn, *, demo: bool, office_name: str | None) -> None:
    """A new office's settings (its *office_name*; the demo's, with its services,
    counters and officers), in a file or on a server alike."""
    settings = defaults()
    if office_name:
        settings["office_name"] = office_name
    if demo:
        settings.update(_DEMO_SETTINGS)
    write_settings(conn, settings)
    if demo:
        _seed_demo_rows(conn)


def create_server(url: str, *, station_password: str | None = None) -> None:
    """Create the office schema in the empty PostgreSQL database at *url* (as its owner),
    with *station_password* also the station role; then ``db/open.py:init_server`` seeds it.
    :raises DatabaseExists: the database already holds an office.
    :raises ServerUnavailable: the server cannot be reached."""
    from ult_desktop.db.engine import pg as engine_pg
    from ult_desktop.db.schemas import server_schema

    with engine_pg.named_errors(url):
        server_schema.create_schema(url, station_password=station_password)


def seed_server(db: Database, *, demo: bool = False, office_name: str | None = None) -> None:
    """A new server office's settings (and the demo's data) and signed baseline, like
    :func:`init_database` writes them in a new file."""
    db.capture_rows = False  # type: ignore[attr-defined]  # a server's PgDatabase: recorded below as the baseline, as in a new file
    db.write(lambda conn: _seed(conn, demo=demo, office_name=office_name))
    db.capture_rows = True  # type: ignore[attr-defined]  # the server's PgDatabase
    db.write(lambda conn: record_baseline(conn, "setup"))


def _seed_demo_rows(conn) -> None:
    """Services A-C, counters 1-3 (3 is the priority counter) and officers with PINs,
    in plain SQL for either engine."""
    ids = []
    for order, service in enumerate(DEMO_SERVICES):
        ids.append(port.insert_row(conn, "services", {**service, "sort_order": order}))
    for number, name, services, prio in (
            (1, "Loket 1", f"[{ids[0]}, {ids[1]}]", 0),
            (2, "Loket 2", f"[{ids[1]}, {ids[2]}]", 0),
            (3, "Loket 3 (Prioritas)", str(ids), 1)):
        conn.execute("INSERT INTO counters (number, name, service_ids, priority_counter) "
                     "VALUES (?, ?, ?, ?)", (number, name, services, prio))
    for u, n, r, p in DEMO_OFFICERS:
        conn.execute("INSERT INTO officers (username, name, role, pin_hash) VALUES "
                     "(?, ?, ?, ?)", (u, n, r, pins.hash_pin(p)))


def key_demo_pins(db: Database) -> None:
    """The demo officers' PINs hashed again with the office's PIN key once the demo's admin
    PC is the root (made before the key existed), each as the admin's signed PIN reset."""
    for username, _name, _role, pin in DEMO_OFFICERS:
        reset_pin(db, username=username, pin=pin)
