"""Office configuration in the shared file: settings, services, counters, officers."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ult_desktop.core import pins
from ult_desktop.core.numbering import is_valid_prefix
from ult_desktop.core.settings import defaults, validate
from ult_desktop.db import errors
from ult_desktop.db.connection import Database
from ult_desktop.db.events import append_event

ROLES = ("front_office", "back_office", "helpdesk", "supervisor", "admin")


@dataclass(frozen=True)
class Service:
    id: int
    prefix: str
    name: str
    name_en: str | None
    description: str
    color: str
    active: bool
    sort_order: int
    daily_quota: int | None
    opens: str | None
    closes: str | None
    target_wait_min: int
    target_service_min: int
    target_resolution_days: int
    persyaratan: str
    prosedur: str
    biaya: str
    produk: str


@dataclass(frozen=True)
class Counter:
    id: int
    number: int
    name: str
    service_ids: tuple[int, ...]
    priority_counter: bool
    active: bool
    officer_id: int | None


@dataclass(frozen=True)
class Officer:
    id: int
    username: str
    name: str
    role: str
    active: bool


# -- settings --------------------------------------------------------------------------
def read_settings(conn: sqlite3.Connection, keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """Office settings with defaults filled in; only *keys* if given.

    Hot paths name their keys: on a share every page costs a round trip, and the logo
    alone spans many overflow pages.
    """
    if keys:
        every = defaults()
        values = {k: every[k] for k in keys}
        rows = conn.execute(f"SELECT key, value FROM settings WHERE key IN "
                            f"({', '.join('?' * len(keys))})", keys)
    else:
        values = defaults()
        rows = conn.execute("SELECT key, value FROM settings")
    for row in rows:
        values[row[0]] = json.loads(row[1])
    return values


def get_settings(db: Database, *keys: str) -> dict[str, Any]:
    """All office settings (or only *keys*), defaults filled in for keys never set."""
    return db.read(lambda conn: read_settings(conn, keys))


def set_settings(db: Database, **values: Any) -> None:
    """Change office settings; one ``settings_changed`` event names the keys.

    :raises RuleViolation: an unknown key, a wrong type or a value not allowed
        (:func:`ult_desktop.core.settings.validate`); nothing is written then.
    """
    problems = validate(values)
    if problems:
        raise errors.RuleViolation("error.bad_input", detail="; ".join(problems))

    def tx(conn: sqlite3.Connection) -> None:
        write_settings(conn, values)
        append_event(conn, db.station, "settings_changed", data={"keys": sorted(values)})

    db.write(tx)


def write_settings(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(k, json.dumps(v)) for k, v in values.items()])


# -- services and counters -------------------------------------------------------------
_SERVICE_COLUMNS = set(Service.__dataclass_fields__) - {"id"}


def _service(row: sqlite3.Row) -> Service:
    d = dict(row)
    d["active"] = bool(d["active"])
    return Service(**d)


def list_services(db: Database, *, active_only: bool = False) -> list[Service]:
    sql = "SELECT * FROM services" + (" WHERE active = 1" if active_only else "")
    return [_service(r) for r in db.query(sql + " ORDER BY sort_order, prefix")]


def service_by_prefix(conn: sqlite3.Connection, prefix: str) -> Service:
    row = conn.execute("SELECT * FROM services WHERE prefix = ?",
                       (prefix.strip().upper(),)).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in conn.execute("SELECT prefix FROM services ORDER BY 1"))
        raise errors.RuleViolation("error.unknown_service", service=prefix, known=known)
    return _service(row)


def save_service(db: Database, **fields: Any) -> int:
    """Insert a service, or update only the given *fields* of the one with ``prefix``.

    A new service needs at least ``prefix`` and ``name``; returns the service id.
    """
    unknown = set(fields) - _SERVICE_COLUMNS
    if unknown:
        raise errors.RuleViolation("error.bad_input", detail=f"service fields {sorted(unknown)}")
    prefix = str(fields.pop("prefix", "")).upper()
    if not is_valid_prefix(prefix):
        raise errors.RuleViolation("error.bad_input", detail=f"prefix {prefix!r} (use A-Z)")

    def tx(conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT id FROM services WHERE prefix = ?", (prefix,)).fetchone()
        if row is None:
            if not fields.get("name"):
                raise errors.RuleViolation("error.bad_input", detail="a new service needs a name")
            cols = ["prefix", *fields]
            sid = conn.execute(f"INSERT INTO services ({', '.join(cols)}) "
                               f"VALUES ({', '.join('?' * len(cols))})",
                               (prefix, *fields.values())).lastrowid
        else:
            sid = row[0]
            if fields:
                conn.execute(f"UPDATE services SET {', '.join(f'{k} = ?' for k in fields)} "
                             "WHERE id = ?", (*fields.values(), sid))
        append_event(conn, db.station, "settings_changed", service_prefix=prefix,
                     data={"service": prefix, "keys": sorted(fields)})
        return sid

    return db.write(tx)


def _counter(row: sqlite3.Row) -> Counter:
    return Counter(id=row["id"], number=row["number"], name=row["name"],
                   service_ids=tuple(json.loads(row["service_ids"])),
                   priority_counter=bool(row["priority_counter"]), active=bool(row["active"]),
                   officer_id=row["officer_id"])


def list_counters(db: Database) -> list[Counter]:
    return [_counter(r) for r in db.query("SELECT * FROM counters ORDER BY number")]


def counter_by_number(conn: sqlite3.Connection, number: int) -> Counter:
    row = conn.execute("SELECT * FROM counters WHERE number = ?", (number,)).fetchone()
    if row is None or not row["active"]:
        raise errors.RuleViolation("error.unknown_counter", counter=number)
    return _counter(row)


def save_counter(db: Database, *, number: int, name: str | None = None,
                 service_prefixes: list[str] | None = None, priority_counter: bool = False,
                 active: bool = True) -> int:
    """Insert or update counter *number* serving *service_prefixes* (all if None)."""

    def tx(conn: sqlite3.Connection) -> int:
        if service_prefixes is None:
            ids = [r[0] for r in conn.execute("SELECT id FROM services ORDER BY id")]
        else:
            ids = [service_by_prefix(conn, p).id for p in service_prefixes]
        conn.execute(
            "INSERT INTO counters (number, name, service_ids, priority_counter, active) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(number) DO UPDATE SET name = excluded.name, "
            "service_ids = excluded.service_ids, priority_counter = excluded.priority_counter, "
            "active = excluded.active",
            (number, name or f"Loket {number}", json.dumps(ids), int(priority_counter),
             int(active)))
        append_event(conn, db.station, "settings_changed", counter=number,
                     data={"counter": number})
        return conn.execute("SELECT id FROM counters WHERE number = ?", (number,)).fetchone()[0]

    return db.write(tx)


def set_counter_services(db: Database, *, number: int, service_prefixes: list[str]) -> None:
    """Change the services counter *number* calls from (the counter screen's choice)."""

    def tx(conn: sqlite3.Connection) -> None:
        counter_by_number(conn, number)
        ids = [service_by_prefix(conn, p).id for p in service_prefixes]
        conn.execute("UPDATE counters SET service_ids = ? WHERE number = ?",
                     (json.dumps(ids), number))
        append_event(conn, db.station, "settings_changed", counter=number,
                     data={"counter": number, "services": service_prefixes})

    db.write(tx)


# -- officers --------------------------------------------------------------------------
def add_officer(db: Database, *, username: str, name: str, role: str, pin: str) -> int:
    """Create an officer; the PIN is stored only as a scrypt hash."""
    if role not in ROLES:
        raise errors.RuleViolation("error.bad_input", detail=f"role {role!r}")
    try:
        hashed = pins.hash_pin(pin)
    except ValueError as exc:
        raise errors.RuleViolation("admin.officers.bad_pin") from exc

    user = username.strip().lower()

    def tx(conn: sqlite3.Connection) -> int:
        if conn.execute("SELECT 1 FROM officers WHERE username = ?", (user,)).fetchone():
            raise errors.RuleViolation("admin.officers.taken", username=user)
        cur = conn.execute(
            "INSERT INTO officers (username, name, role, pin_hash) VALUES (?, ?, ?, ?)",
            (user, name, role, hashed))
        append_event(conn, db.station, "settings_changed", data={"officer": user})
        return cur.lastrowid

    return db.write(tx)


def reset_pin(db: Database, *, username: str, pin: str) -> None:
    try:
        hashed = pins.hash_pin(pin)
    except ValueError as exc:
        raise errors.RuleViolation("admin.officers.bad_pin") from exc

    def tx(conn: sqlite3.Connection) -> None:
        cur = conn.execute("UPDATE officers SET pin_hash = ? WHERE username = ?",
                           (hashed, username.strip().lower()))
        if cur.rowcount == 0:
            raise errors.RuleViolation("error.bad_input", detail=f"officer {username!r}")
        append_event(conn, db.station, "settings_changed", data={"officer": username,
                                                                 "pin_reset": True})

    db.write(tx)


def list_officers(db: Database) -> list[Officer]:
    return [Officer(id=r["id"], username=r["username"], name=r["name"], role=r["role"],
                    active=bool(r["active"]))
            for r in db.query("SELECT id, username, name, role, active FROM officers "
                              "ORDER BY name")]


def verify_pin(db: Database, username: str, pin: str) -> Officer | None:
    """The active officer *username* if *pin* matches, else ``None`` (slow by design)."""
    rows = db.query("SELECT * FROM officers WHERE username = ? AND active = 1",
                    (username.strip().lower(),))
    if not rows or not pins.verify_pin(pin, rows[0]["pin_hash"]):
        return None
    r = rows[0]
    return Officer(id=r["id"], username=r["username"], name=r["name"], role=r["role"],
                   active=True)


def admin_pin_hashes(db: Database) -> list[tuple[str, str, str]]:
    """``(username, name, pin_hash)`` of every active admin: the scrypt hashes, never a
    PIN (a kiosk keeps them to let an admin in while the share is gone)."""
    return [(r["username"], r["name"], r["pin_hash"])
            for r in db.query("SELECT username, name, pin_hash FROM officers "
                              "WHERE role = 'admin' AND active = 1 ORDER BY username")]
