"""Office configuration in the shared file: settings, services, counters, officers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ult_desktop.core import localpaths, pins
from ult_desktop.core.authority import NOT_ADMIN_PC_MODES
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import is_valid_prefix, office_day, utc_now
from ult_desktop.core.queue import PriorityOrder
from ult_desktop.core.register import ROLES
from ult_desktop.core.settings import defaults, validate
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import pinlock
from ult_desktop.db.record import projection
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.judged import (
    allowed_rows,
    may_upgrade_pin,
    save_row,
    standing,
    written_whole,
)
from ult_desktop.db.record.station_keys import office_pin_key


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
    #: "penanganan pengaduan, saran dan masukan" (PermenPANRB 15/2014; migration standar_pelayanan_pengaduan)
    penanganan_pengaduan: str = ""
    #: its own priority rule (``core.queue.PriorityOrder`` text); None: the office's
    priority_order: str | None = None


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
    pin_weak: bool = False                 # the PIN was below the policy at its last login
    locked_until: datetime | None = None   # end of a running wrong-PIN lock (UTC)
    nip: str | None = None                 # NIP, jabatan, unit/helpdesk category
    jabatan: str | None = None
    unit: str | None = None
    #: the stand-ins this officer holds today (filled at a counter's sign-in)
    covers: tuple[Standin, ...] = ()
    #: her sign-in key, opened by the PIN just typed: only inside the sign-in's write
    sign_in_key: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def acting_role(self) -> str:
        """Their role and the roles of those they stand in for today, for
        ``core.register.can`` ("front_office+back_office")."""
        return "+".join(sorted({self.role, *(c.absent_role for c in self.covers)}))


@dataclass(frozen=True)
class Standin:
    """A penugasan: *standin* does *absent*'s work from *first_day* to *last_day*."""

    id: int
    absent_id: int
    absent_name: str
    absent_role: str
    standin_id: int
    standin_name: str
    first_day: date
    last_day: date
    letter_no: str | None       # None: given orally ("lisan", SOP 000)
    letter_date: date | None
    created_by: str | None = None


#: Never a stand-in for these, nor one longer than this (whatever a row says otherwise).
STANDIN_NOT_FOR, STANDIN_MAX_DAYS = ("admin", "supervisor"), 90


def read_standins(conn: Connection, *, first: date | None = None,
                  last: date | None = None, standin_id: int | None = None) -> list[Standin]:
    """Stand-ins whose days meet *first*..*last* (all when not given), newest first, as
    the record lets them stand (a row no admin's act wrote gives nobody a role)."""
    if not port.columns(conn, "standins"):
        return []
    rows = standing(conn, "standins", conn.execute("SELECT * FROM standins").fetchall())
    return standins_of(conn, rows, first=first, last=last, standin_id=standin_id)


def standins_of(conn: Connection, rows: list, *, first: date | None = None,
                last: date | None = None, standin_id: int | None = None) -> list[Standin]:
    """:func:`read_standins` of the stand-in rows *rows* (never for an admin or the
    Pimpinan, nor longer than :data:`STANDIN_MAX_DAYS`)."""
    people = {r["id"]: r for r in standing(conn, "officers", conn.execute(  # (judged)
        "SELECT id, name, role FROM officers").fetchall())}
    out = []
    for r in rows:
        absent, stand = people.get(r["absent_id"]), people.get(r["standin_id"])
        first_day, last_day = date.fromisoformat(r["first_day"]), date.fromisoformat(
            r["last_day"])
        if (absent is None or stand is None or absent["role"] in STANDIN_NOT_FOR
                or (last_day - first_day).days >= STANDIN_MAX_DAYS
                or (first is not None and last_day < first)
                or (last is not None and first_day > last)
                or (standin_id is not None and r["standin_id"] != standin_id)):
            continue
        out.append(Standin(
            id=r["id"], absent_id=r["absent_id"], absent_name=absent["name"],
            absent_role=absent["role"], standin_id=r["standin_id"], standin_name=stand["name"],
            first_day=first_day, last_day=last_day, letter_no=r["letter_no"],
            letter_date=date.fromisoformat(r["letter_date"]) if r["letter_date"] else None,
            created_by=r["created_by"]))
    return sorted(out, key=lambda s: (s.first_day, s.id), reverse=True)


def office_today(conn: Connection, now: datetime | None = None) -> date:
    """The office's day at *now* (its time zone)."""
    return office_day(now or utc_now(), read_settings(conn, ("timezone",))["timezone"])


def covers_today(conn: Connection, officer_id: int, day: date | None = None
                 ) -> tuple[Standin, ...]:
    """The stand-ins *officer_id* holds on *day* (the office's today)."""
    day = day or office_today(conn)
    return tuple(read_standins(conn, first=day, last=day, standin_id=officer_id))


def acting_for(conn: Connection, officer_id: int, day: date | None = None) -> list[int]:
    """*officer_id* and the officers they stand in for on *day*: whose desk items and
    routed visitors are theirs that day."""
    return [officer_id, *(c.absent_id for c in covers_today(conn, officer_id, day))]


# -- settings --------------------------------------------------------------------------
def read_settings(conn: Connection, keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """Office settings with defaults filled in; only *keys* if given. Hot paths name
    their keys (on a share every page costs a round trip; the logo spans many overflow
    pages) and read the table without its key index (a page or two: one less read)."""
    if keys:
        every = defaults()
        values = {k: every[k] for k in keys}
        rows = conn.execute(f"SELECT key, value FROM settings{port.not_indexed(conn)} WHERE key IN "
                            f"({', '.join('?' * len(keys))})", keys).fetchall()
    else:
        values = defaults()
        rows = conn.execute("SELECT key, value FROM settings").fetchall()
    for row in standing(conn, "settings", rows, only=keys):  # (as the record lets it stand)
        values[row["key"]] = json.loads(row["value"])
    return values


def get_settings(db: Database, *keys: str) -> dict[str, Any]:
    """All office settings (or only *keys*), defaults filled in for keys never set."""
    return db.read(lambda conn: read_settings(conn, keys))


def set_settings(db: Database, **values: Any) -> None:
    """Change office settings; one ``settings_changed`` event names the keys.
    :raises RuleViolation: an unknown key, a wrong type or a value not allowed
        (:func:`ult_desktop.core.settings.validate`), a remote folder, a PIN rule
        outside its range; nothing is written then."""
    check_settings(values, base_dir=str(db.path.parent) if db.path is not None else None)
    problems = validate(values)
    if problems:
        raise errors.RuleViolation("error.bad_input", detail="; ".join(problems))

    def tx(conn: Connection) -> None:
        images = write_settings(conn, values)
        append_event(conn, db.station, "settings_changed", data={"keys": sorted(values)},
                     images=images or None)

    db.write(tx)


_PIN_SETTING_RANGES = {"pin_min_length": (pins.STAFF_MIN_DEFAULT, pins.MAX_DIGITS),
                       "pin_min_length_admin": (max(pins.ROLE_MIN_DEFAULT.values()),
                                                pins.MAX_DIGITS),
                       "pin_max_failures": (3, 10), "pin_lockout_minutes": (1, 60)}


def check_settings(values: dict[str, Any], *, base_dir: str | None = None) -> None:
    """Refuse values no station may use: a remote folder, a PIN rule outside its range.
    :raises RuleViolation: with a one-sentence reason."""
    for key, value in values.items():
        problem = localpaths.folder_setting_problem(key, value, base_dir)
        if problem is not None:
            raise errors.RuleViolation(problem.key, **problem.params)
        if key in _PIN_SETTING_RANGES:
            low, high = _PIN_SETTING_RANGES[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise errors.RuleViolation("pin.bad_setting", setting=key, low=low, high=high)


def write_settings(conn: Connection, values: dict[str, Any]) -> list[list]:
    """Write *values*; the images the event carries besides its own (a row the record does
    not let stand: :func:`ult_desktop.db.record.judged.written_whole`)."""
    texts = {k: json.dumps(v) for k, v in values.items()}
    images = written_whole(conn, "settings", conn.execute(
        f"SELECT key, value FROM settings WHERE key IN ({', '.join('?' * len(texts))})",
        tuple(texts)).fetchall(), {(k,): {"value": v} for k, v in texts.items()})
    conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", list(texts.items()))
    return images


# -- services and counters -------------------------------------------------------------
_SERVICE_COLUMNS = set(Service.__dataclass_fields__) - {"id"}


def service_from_row(row: sqlite3.Row | dict) -> Service:
    d = dict(row)
    d["active"] = bool(d["active"])
    d["penanganan_pengaduan"] = d.get("penanganan_pengaduan") or ""  # NULL: never set
    return Service(**d)


def list_services(db: Database, *, active_only: bool = False) -> list[Service]:
    return db.read(lambda conn: read_services(conn, active_only=active_only))


def read_services(conn: Connection, *, active_only: bool = False) -> list[Service]:
    """Inside the caller's read: the services in their order (only active ones)."""
    every = [service_from_row(r) for r in standing(
        conn, "services", conn.execute("SELECT * FROM services").fetchall())]
    return sorted((s for s in every if s.active or not active_only),
                  key=lambda s: (s.sort_order, s.prefix))


def service_by_prefix(conn: Connection, prefix: str) -> Service:
    every = read_services(conn)
    found = [s for s in every if s.prefix == prefix.strip().upper()]
    if not found:
        known = ", ".join(sorted(s.prefix for s in every))
        raise errors.RuleViolation("error.unknown_service", service=prefix, known=known)
    return found[0]


def save_service(db: Database, **fields: Any) -> int:
    """Insert a service, or update only the given *fields* of the one with ``prefix``; a
    new one needs ``prefix`` and ``name``. Returns the service id."""
    unknown = set(fields) - _SERVICE_COLUMNS
    if unknown:
        raise errors.RuleViolation("error.bad_input", detail=f"service fields {sorted(unknown)}")
    errors.check_length("limit.service_name", fields.get("name"), errors.NAME_MAX)
    errors.check_length("limit.description", fields.get("description"), errors.DESCRIPTION_MAX)
    prefix = str(fields.pop("prefix", "")).upper()
    if fields.get("priority_order"):
        try:
            PriorityOrder.parse(fields["priority_order"])
        except ValueError as exc:
            raise errors.RuleViolation("error.bad_input", detail=str(exc)) from exc
    if not is_valid_prefix(prefix):
        raise errors.RuleViolation("error.bad_input", detail=f"prefix {prefix!r} (use A-Z)")

    def tx(conn: Connection) -> int:
        sid = next((s.id for s in read_services(conn) if s.prefix == prefix), None)  # (judged)
        if sid is None and not fields.get("name"):
            raise errors.RuleViolation("error.bad_input", detail="a new service needs a name")
        sid, images = save_row(conn, "services", sid, ("prefix", prefix), fields)
        append_event(conn, db.station, "settings_changed", service_prefix=prefix,
                     data={"service": prefix, "keys": sorted(fields)}, images=images or None)
        return sid

    return db.write(tx)


def counter_from_row(row: sqlite3.Row | dict) -> Counter:
    return Counter(id=row["id"], number=row["number"], name=row["name"],
                   service_ids=tuple(json.loads(row["service_ids"])),
                   priority_counter=bool(row["priority_counter"]), active=bool(row["active"]),
                   officer_id=row["officer_id"])


def list_counters(db: Database) -> list[Counter]:
    return db.read(read_counters)


def read_counters(conn: Connection) -> list[Counter]:
    """Inside the caller's read: every counter by number."""
    # A few short rows on one page: reading it is cheaper than the index and then it.
    rows = conn.execute(f"SELECT * FROM counters{port.not_indexed(conn)}").fetchall()
    return sorted((counter_from_row(r) for r in standing(conn, "counters", rows)),
                  key=lambda c: c.number)


def counter_by_number(conn: Connection, number: int) -> Counter:
    found = [c for c in read_counters(conn) if c.number == number and c.active]
    if not found:
        raise errors.RuleViolation("error.unknown_counter", counter=number)
    return found[0]


def save_counter(db: Database, *, number: int, name: str | None = None,
                 service_prefixes: list[str] | None = None, priority_counter: bool = False,
                 active: bool = True) -> int:
    """Insert or update counter *number* serving *service_prefixes* (all if None)."""
    errors.check_length("limit.counter_name", name, errors.NAME_MAX)

    def tx(conn: Connection) -> int:
        ids = sorted(s.id for s in read_services(conn)) if service_prefixes is None else [
            service_by_prefix(conn, p).id for p in service_prefixes]
        cid, images = save_row(conn, "counters", next(
            (c.id for c in read_counters(conn) if c.number == number), None),
            ("number", number), {"name": name or f"Loket {number}", "service_ids":
                                 json.dumps(ids), "priority_counter": int(priority_counter),
                                 "active": int(active)})
        append_event(conn, db.station, "settings_changed", counter=number,
                     data={"counter": number}, images=images or None)
        return cid

    return db.write(tx)


def set_counter_services(db: Database, *, number: int, service_prefixes: list[str]) -> None:
    """Change the services counter *number* calls from (the counter screen's choice)."""

    def tx(conn: Connection) -> None:
        desk = counter_by_number(conn, number)  # (as the record holds it)
        _, images = save_row(conn, "counters", desk.id, ("number", number), {"service_ids": (
            json.dumps([service_by_prefix(conn, p).id for p in service_prefixes]))})
        append_event(conn, db.station, "settings_changed", counter=number, images=images or None,
                     data={"counter": number, "services": service_prefixes})

    db.write(tx)


# -- officers --------------------------------------------------------------------------
def _officer(row: sqlite3.Row | dict, locked_until: datetime | None = None) -> Officer:
    keys = row.keys()
    return Officer(id=row["id"], username=row["username"], name=row["name"], role=row["role"],
                   active=bool(row["active"]),
                   pin_weak=bool(row["pin_weak"]) if "pin_weak" in keys else False,
                   locked_until=locked_until,
                   **{c: row[c] for c in ("nip", "jabatan", "unit") if c in keys})


def check_new_pin(pin: str, *, role: str, username: str,
                  settings: dict[str, Any] | None = None) -> None:
    """Apply the PIN policy (:func:`ult_desktop.core.pins.pin_problem`).
    :raises RuleViolation: the PIN is refused; the message says why and what to do."""
    problem = pins.pin_problem(pin, role=role, username=username, settings=settings)
    if problem is not None:
        params = dict(problem.params)
        if "role" in params:
            params["role_name"] = tr(f"admin.role.{params['role']}")
        raise errors.RuleViolation(problem.key, **params)


def pin_settings(db: Database) -> dict[str, Any]:
    return get_settings(db, "pin_min_length", "pin_min_length_admin")


def add_officer(db: Database, *, username: str, name: str, role: str, pin: str) -> int:
    """Create an officer; the PIN must meet the policy and is stored only as a scrypt hash.
    :raises RuleViolation: unknown role, username taken, or the PIN is refused."""
    if role not in ROLES:
        raise errors.RuleViolation("error.bad_input", detail=f"role {role!r}")
    errors.check_length("limit.officer_name", name, errors.NAME_MAX)
    errors.check_length("limit.username", username, errors.LABEL_MAX)
    user = username.strip().lower()
    check_new_pin(pin, role=role, username=user, settings=pin_settings(db))
    hashed = pins.hash_pin(pin, key=office_pin_key(db))

    def tx(conn: Connection) -> int:
        if any(r["username"] == user for r in read_officer_rows(conn)):
            raise errors.RuleViolation("admin.officers.taken", username=user)
        officer_id, _ = save_row(conn, "officers", None, ("username", user),
                                 {"name": name, "role": role, "pin_hash": hashed})
        pinlock.clear(conn, pinlock.subject_for(user))  # failures typed before it existed
        append_event(conn, db.station, "settings_changed", data={"officer": user})
        return officer_id

    return db.write(tx)


def reset_pin(db: Database, *, username: str, pin: str) -> None:
    """Give *username* a new PIN meeting its role's policy; any lock on it is lifted.
    :raises RuleViolation: unknown officer, or the PIN is refused."""
    user = username.strip().lower()
    rows = [r for r in db.read(read_officer_rows) if r["username"] == user]  # (judged)
    if not rows:
        raise errors.RuleViolation("error.bad_input", detail=f"officer {username!r}")
    check_new_pin(pin, role=rows[0]["role"], username=user, settings=pin_settings(db))
    hashed = pins.hash_pin(pin, key=office_pin_key(db))

    def tx(conn: Connection) -> None:
        _, images = save_row(conn, "officers", rows[0]["id"], ("username", user),
                             {"pin_hash": hashed, "pin_weak": 0})
        pinlock.clear(conn, pinlock.subject_for(user))
        append_event(conn, db.station, "settings_changed", images=images or None,
                     data={"officer": username, "pin_reset": True})

    db.write(tx)


def unlock_pin(db: Database, *, username: str) -> bool:
    """Lift the wrong-PIN lock (and forget the count) of *username*, or of a kiosk's
    keypad (``kiosk:<station>``); True if there was one. Audited as a settings change."""
    subject = pinlock.subject_for(username)

    def tx(conn: Connection) -> bool:
        found = pinlock.clear(conn, subject)
        if found:
            append_event(conn, db.station, "settings_changed",
                         data={"officer": subject, "pin_unlocked": True})
        return found

    return db.write(tx)


def list_officers(db: Database) -> list[Officer]:
    """Every officer by name, with the end of a running wrong-PIN lock and the weak flag."""
    return db.read(read_officers)


def read_officers(conn: Connection) -> list[Officer]:
    """:func:`list_officers` inside the caller's read."""
    locked = pinlock.locks(conn, utc_now())
    return [_officer(r, locked.get(r["username"]))
            for r in sorted(read_officer_rows(conn), key=lambda r: (r["name"], r["id"]))]


def read_officer_rows(conn: Connection) -> list[dict]:
    """Every officer's row as the record lets it stand."""
    return standing(conn, "officers", conn.execute("SELECT * FROM officers").fetchall())


def officer_row(conn: Connection, officer_id: int) -> dict | None:
    """Officer *officer_id*'s row as the record lets it stand (None: it holds none)."""
    rows = standing(conn, "officers", conn.execute("SELECT * FROM officers WHERE id = ?", (
        officer_id,)).fetchall(), only=(officer_id,))
    return rows[0] if rows else None


def verify_pin(db: Database, username: str, pin: str, *,
               on_result: Callable[[Connection, Officer | None], None] | None = None
               ) -> Officer | None:
    """The active officer *username* if *pin* matches, else ``None`` (scrypt: slow, off the
    GUI thread). In one write a wrong PIN counts towards the lock (``pinlock``), a right one
    clears it, rehashes an older cost, flags a weak PIN; *on_result(conn, officer)* joins it.
    :raises PinLocked: the username is locked (a right PIN too).
    :raises RuleViolation: the PIN needs the office's PIN key and this PC has none."""
    user = pinlock.subject_for(username)
    rows, settings = _pin_candidates(db, user, "username = ?", (user,))
    return _check_and_book(db, user, rows, pin, settings, on_result)


def verify_admin_pin(db: Database, pin: str, *, subject: str,
                     on_result: Callable[[Connection, Officer | None], None] | None
                     = None) -> Officer | None:
    """The active admin whose PIN is *pin* (a PIN-only keypad), else ``None``; wrong PINs
    count against *subject* (``kiosk:<station>``), so a kiosk cannot lock admins out.
    :raises PinLocked: *subject* is locked."""
    subject = pinlock.subject_for(subject)
    rows, settings = _pin_candidates(db, subject, "role = 'admin' ORDER BY username", ())
    return _check_and_book(db, subject, rows, pin, settings, on_result)


_dummy_hash: list[str] = []


def _pin_candidates(db: Database, subject: str, where: str, params: tuple):
    """The active officers *where* as the record allows them, and the PIN settings, in one
    read. :raises PinLocked: *subject* is locked."""

    def look(conn: Connection):
        rows = conn.execute(f"SELECT * FROM officers WHERE active = 1 AND {where}",
                            params).fetchall()
        return allowed_rows(db, rows, conn), read_settings(conn, pinlock.SETTINGS), \
            pinlock.locked_until(conn, subject, utc_now())

    rows, settings, until = db.read(look)
    if until is not None:
        raise pinlock.PinLocked(subject=subject, until=until, tz=settings["timezone"])
    return rows, settings


def _check_and_book(db: Database, subject: str, rows: list[sqlite3.Row], pin: str,
                    settings: dict[str, Any], on_result) -> Officer | None:
    """scrypt outside any lock, then one short write transaction for the bookkeeping."""
    pin_key = office_pin_key(db)  # (hashes made with the office's PIN key need it)
    if pin_key is None and any(pins.keyed_by(r["pin_hash"]) for r in rows):
        raise errors.RuleViolation("pin.no_office_key")  # nothing counted: not her fault
    opened = ((r, pins.open_pin(pin, r["pin_hash"], pin_key)) for r in rows)
    matched, key = next(((r, k) for r, k in opened if k is not None), (None, None))
    if not rows:  # an unknown name costs as long as a known one
        if not _dummy_hash:
            _dummy_hash.append(pins.hash_pin("000000"))
        pins.verify_pin(pin, _dummy_hash[0])
    new_hash, weak = None, False
    if matched is not None:
        # a stronger hash only where the record lets it count (judged.may_upgrade_pin)
        if pins.needs_rehash(matched["pin_hash"], pin_key) and \
                db.mode not in NOT_ADMIN_PC_MODES and may_upgrade_pin(db, matched["role"]):
            new_hash = pins.hash_pin(pin, floor=pins.hash_cost(matched["pin_hash"]),
                                     key=pin_key)
        weak = pins.pin_problem(pin, role=matched["role"], username=matched["username"],
                                settings=settings) is not None
    policy = pinlock.Policy.from_settings(settings)

    def tx(conn: Connection):
        now = utc_now()
        until = pinlock.locked_until(conn, subject, now)
        if until is not None:  # another station's wrong PINs locked it meanwhile
            return None, until
        officer = None
        if matched is not None:
            # the log proves which hash let this officer in (db/record/reconcile.py): a hash
            # swapped in around a login and back is named
            projection.note_value(conn, "officers", (matched["id"],),
                                  {"pin_hash": matched["pin_hash"]})
            pinlock.clear(conn, subject)
            if new_hash is not None:  # unless the PIN was reset meanwhile
                if matched["role"] == "admin":  # signed by the admin signing in: it counts
                    db.set_actor(matched["username"])
                conn.execute("UPDATE officers SET pin_hash = ? WHERE id = ? AND pin_hash = ?",
                             (new_hash, matched["id"], matched["pin_hash"]))
            if bool(matched["pin_weak"]) != weak:  # no extra page write on most logins
                conn.execute("UPDATE officers SET pin_weak = ? WHERE id = ?",
                             (int(bool(weak)), matched["id"]))
            officer = replace(_officer(matched), pin_weak=weak, sign_in_key=key or None)
        else:
            until = pinlock.record_failure(conn, subject, now, policy)
        if on_result is not None:
            on_result(conn, officer)
        return officer, until

    try:
        officer, until = db.write(tx)
    except (errors.SchemaDrift, errors.SchemaTooNew, errors.ReadOnlyDatabase):
        # this file refuses writes (planted objects, newer version, read-only share): the
        # lock read above still holds, nothing can be counted; an admin must get in to
        # repair it
        return replace(_officer(matched), pin_weak=weak) if matched is not None else None
    if until is not None:
        raise pinlock.PinLocked(subject=subject, until=until, tz=settings["timezone"])
    return replace(officer, sign_in_key=None) if officer is not None else None


def admin_pin_hashes(db: Database) -> list[tuple[str, str, str]]:
    """``(username, name, pin_hash)`` of every active admin: the scrypt hashes, never a
    PIN (a kiosk keeps them to let an admin in while the share is gone)."""
    rows = db.read(read_officer_rows)
    return sorted((r["username"], r["name"], r["pin_hash"]) for r in rows
                  if r["role"] == "admin" and r["active"])
