"""Officers at the admin window: the login (audited), their details, which counters
serve a service, and the administration part of the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

from ult_desktop.core import pins
from ult_desktop.core.tickets import EventKind
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import pinlock
from ult_desktop.db.house.office import (
    ROLES,
    STANDIN_MAX_DAYS,
    STANDIN_NOT_FOR,
    Officer,
    Standin,
    check_new_pin,
    pin_settings,
    read_counters,
    read_officer_rows,
    read_standins,
    service_by_prefix,
    standins_of,
    verify_pin,
)
from ult_desktop.db.record import judged
from ult_desktop.db.record.events import append_event, event_from_row
from ult_desktop.db.record.station_keys import office_pin_key
from ult_desktop.db.schemas import schema_guard

ADMIN_LOGIN = "admin_login"
ADMIN_LOGIN_FAILED = "admin_login_failed"

#: Event kinds that are office administration (the audit list's default filter).
ADMIN_KINDS = (EventKind.SETTINGS_CHANGED, ADMIN_LOGIN, ADMIN_LOGIN_FAILED, "backup_made",
               "standin_recorded", "standin_ended", "backup_started", "backup_failed",
               "database_restored", "retention_applied", schema_guard.SCHEMA_REPAIRED)


# -- audit -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditEntry:
    id: int
    kind: str
    at: datetime
    station: str
    ticket_number: str | None
    service_prefix: str | None
    counter: int | None
    data: dict
    actor: str | None = None  # the officer logged in on the writing station


def audit_log(db: Database, *, kinds: tuple[str, ...] | None = ADMIN_KINDS,
              limit: int = 300, before_id: int | None = None) -> list[AuditEntry]:
    """Newest events first (by id, never by clock); *kinds* ``None`` means every kind."""
    sql = "SELECT * FROM events WHERE 1 = 1"
    params: list[str | int] = []
    if kinds is not None:
        sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
        params += list(kinds)
    if before_id is not None:
        sql += " AND id < ?"
        params.append(before_id)
    rows = db.query(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))
    out = []
    for row in rows:
        ev = event_from_row(row)
        out.append(AuditEntry(id=ev.id, kind=ev.kind, at=ev.at, station=ev.station,
                              ticket_number=ev.ticket_number, service_prefix=ev.service_prefix,
                              counter=ev.counter, data=ev.data, actor=row["actor"]))
    return out


def record_login(db: Database, *, username: str, ok: bool) -> None:
    """Note an admin login (or a refused one) so later changes from this station are
    attributable to a person. The PIN is never written."""
    kind = ADMIN_LOGIN if ok else ADMIN_LOGIN_FAILED
    db.write(lambda conn: append_event(conn, db.station, kind,
                                       data={"username": username.strip().lower()}))


#: Who may sign in to the admin window: admins to everything, the Pimpinan (role
#: ``supervisor``) to the reports only, read-only, with their own PIN.
ADMIN_WINDOW_ROLES = ("admin", "supervisor")


def admin_login(db: Database, *, username: str, pin: str,
                roles: tuple[str, ...] = ("admin",), any_station: bool = False,
                unrecorded: type[errors.UltError] | None = None) -> Officer | None:
    """The officer if *username* / *pin* match an active officer of *roles* (default: an
    admin), else ``None`` (no PIN: none, nothing counted). Every attempt is audited (the
    PIN never is), on an admin station only (*any_station*: what each PC does for itself,
    a re-pin); the file's refusal to record it lets an admin in (a drifted file: the
    repair event names them), or anyone with an *unrecorded* error (the CLI: any).
    :raises RuleViolation: the PIN is right but the officer's role is not one of *roles*,
        or this is not an admin station."""
    officer = verify_pin(db, username, pin) if pin else None
    allowed = officer is not None and officer.role in roles
    elsewhere = allowed and not any_station and not judged.is_admin_station(db)
    allowed = allowed and not elsewhere  # (elsewhere: a kiosk's, a counter's PC)
    if officer is not None and allowed:
        db.set_actor(officer.username)  # the admin's changes name them
    refused: type[errors.UltError] = unrecorded or schema_guard.SchemaDrift
    try:
        record_login(db, username=username, ok=allowed)
    except refused:
        # a drifted file refuses every write, this one too; the admin must still get in
        # to repair it (the repair event names them)
        if unrecorded is None and (officer is None or officer.role != "admin"):
            raise
    if elsewhere:
        raise errors.RuleViolation("admin.error.not_admin_station")
    if officer is not None and not allowed:
        raise errors.RuleViolation("admin.error.not_admin")
    return officer


# -- officers --------------------------------------------------------------------------
def update_officer(db: Database, *, username: str, name: str | None = None,
                   role: str | None = None, active: bool | None = None,
                   pin: str | None = None, nip: str | None = None,
                   jabatan: str | None = None, unit: str | None = None) -> None:
    """Change an officer's details ("" clears one; the PIN: :func:`reset_pin`); a promotion
    to admin needs a new *pin* meeting the admin's policy, set in the same write.
    :raises RuleViolation: unknown officer or role, the last active admin would go, or a
        promotion to admin without an admin's PIN."""
    if role is not None and role not in ROLES:
        raise errors.RuleViolation("error.bad_input", detail=f"role {role!r}")
    user = username.strip().lower()
    hashed = None
    if role == "admin":
        known = judged.officers(db)  # (her role as the record holds it)
        current = db.query("SELECT role FROM officers WHERE username = ?", (user,)) \
            if known is None else [known[user]] if user in known else []
        if current and current[0]["role"] != "admin":
            if not pin:
                raise errors.RuleViolation("admin.error.promote_pin",
                                           min=pins.min_length("admin", pin_settings(db)))
            check_new_pin(pin, role="admin", username=user, settings=pin_settings(db))
            hashed = pins.hash_pin(pin, key=office_pin_key(db))
    errors.check_length("limit.officer_name", name, errors.NAME_MAX)
    changes: dict[str, object] = {
        k: v for k, v in (("name", name), ("role", role),
                          ("active", None if active is None else int(active)),
                          ("pin_hash", hashed), ("pin_weak", 0 if hashed else None))
        if v is not None}
    if nip is not None:
        nip = "".join(nip.split())
        if nip and not (nip.isdigit() and len(nip) == 18):
            raise errors.RuleViolation("admin.error.nip", nip=nip)
    for key, text in (("nip", nip), ("jabatan", jabatan), ("unit", unit)):
        if text is not None:
            errors.check_length("limit.officer_name", text, errors.NAME_MAX)
            changes[key] = text.strip() or None

    def tx(conn: Connection) -> None:
        rows = read_officer_rows(conn)  # (as the record holds them)
        mine = next((r for r in rows if r["username"] == user), None)
        if mine is None:
            raise errors.RuleViolation("error.bad_input", detail=f"officer {username!r}")
        _, images = judged.save_row(conn, "officers", mine["id"], ("username", user), changes)
        if not any(o["role"] == "admin" and o["active"] for o in (
                {**o, **changes} if o is mine else o for o in rows)):
            raise errors.RuleViolation("admin.error.last_admin")
        append_event(conn, db.station, EventKind.SETTINGS_CHANGED, images=images or None,
                     data={"officer": user, "keys": sorted(changes)})
        if hashed is not None:
            pinlock.clear(conn, pinlock.subject_for(user))

    db.write(tx)


# -- stand-ins (penugasan) ----------------------------------------------------
STANDIN_RECORDED = "standin_recorded"
STANDIN_ENDED = "standin_ended"
#: Who may record a stand-in at the admin PC: the admin, or the head of office.
STANDIN_ROLES = ("admin", "supervisor")


def record_standin(db: Database, *, absent: str, standin: str, first_day: date,
                   last_day: date, letter_no: str | None = None,
                   letter_date: date | None = None) -> Standin:
    """*standin* does *absent*'s work from *first_day* to *last_day* (included) under
    letter *letter_no* of *letter_date*, or orally.
    :raises RuleViolation: not an admin or the Pimpinan, bad officers or days, a letter
        number without its date, or a stand-in already on those days."""
    letter = (letter_no or "").strip() or None
    if letter is None and letter_date is not None or letter is not None and letter_date is None:
        raise errors.RuleViolation("admin.error.standin_letter")
    if last_day < first_day:
        raise errors.RuleViolation("admin.error.standin_days")
    if (last_day - first_day).days >= STANDIN_MAX_DAYS:
        raise errors.RuleViolation("admin.error.standin_too_long", days=STANDIN_MAX_DAYS)
    errors.check_length("limit.officer_name", letter, errors.NAME_MAX)

    def tx(conn: Connection) -> Standin:
        people = _head_or_admin(conn, db.actor)
        ids = {}
        for who in (absent, standin):
            row = people.get(who.strip().lower())
            if row is None or not row["active"]:
                raise errors.RuleViolation("error.unknown_officer")
            ids[who] = row["id"]
        if people[absent.strip().lower()]["role"] in STANDIN_NOT_FOR:
            raise errors.RuleViolation("admin.error.standin_not_for")
        if ids[absent] == ids[standin]:
            raise errors.RuleViolation("admin.error.standin_self")
        clash = read_standins(conn, first=first_day, last=last_day)
        if any(c.absent_id == ids[absent] for c in clash):
            raise errors.RuleViolation("admin.error.standin_overlap")
        new_id = port.insert_row(conn, "standins", {
            "absent_id": ids[absent], "standin_id": ids[standin],
            "first_day": first_day.isoformat(), "last_day": last_day.isoformat(),
            "letter_no": letter, "letter_date": letter_date.isoformat() if letter_date else None,
            "created_by": db.actor, "created_at": datetime.now(timezone.utc).isoformat()})
        [made] = standins_of(conn, conn.execute("SELECT * FROM standins WHERE id = ?",
                                                (new_id,)).fetchall())
        append_event(conn, db.station, STANDIN_RECORDED, data=_standin_data(made))
        return made

    return db.write(tx)


def end_standin(db: Database, *, standin_id: int, last_day: date) -> None:
    """The absent officer is back: the stand-in ends after *last_day* (never extended).
    :raises RuleViolation: not an admin or the Pimpinan, an unknown stand-in, or a day
        after its end."""
    def tx(conn: Connection) -> None:
        _head_or_admin(conn, db.actor)
        found = [s for s in read_standins(conn) if s.id == standin_id]
        if not found or last_day > found[0].last_day:
            raise errors.RuleViolation("admin.error.standin_days")
        s, images = found[0], []
        if last_day < s.first_day:
            if not conn.execute("DELETE FROM standins WHERE id = ? RETURNING id",
                                (standin_id,)).fetchall():
                images = [["d", "standins", [standin_id]]]  # (its row deleted by plain SQL)
        else:
            _, images = judged.save_row(conn, "standins", standin_id, ("id", standin_id),
                                        {"last_day": last_day.isoformat()})
        append_event(conn, db.station, STANDIN_ENDED, images=images or None,
                     data={**_standin_data(s), "ended": last_day.isoformat()})

    db.write(tx)


def _head_or_admin(conn: Connection, username: str | None) -> dict[str, dict]:
    """The officers by username, as the record holds them.
    :raises RuleViolation: *username* is not an active admin or head of office in it."""
    people = {r["username"]: r for r in read_officer_rows(conn)}
    me = people.get(username or "")
    if me is None or not me["active"] or me["role"] not in STANDIN_ROLES:
        raise errors.RuleViolation("admin.error.standin_who")
    return people


def _standin_data(s: Standin) -> dict:
    return {"absent": s.absent_name, "standin": s.standin_name,
            "from": s.first_day.isoformat(), "to": s.last_day.isoformat(),
            "letter": s.letter_no or "lisan",
            "letter_date": s.letter_date.isoformat() if s.letter_date else None}


def set_service_counters(db: Database, *, prefix: str, counters: list[int]) -> None:
    """Make exactly the counters numbered *counters* serve the service *prefix*, in one
    ``settings_changed`` write; their other services are left as they are.
    :raises RuleViolation: unknown service."""

    def tx(conn: Connection) -> None:
        sid, images = service_by_prefix(conn, prefix).id, []
        wanted = set(counters)
        for desk in read_counters(conn):  # as judged: a forged list is never signed over
            ids = list(desk.service_ids)
            has = sid in ids
            if desk.number in wanted and not has:
                ids.append(sid)
            elif desk.number not in wanted and has:
                ids.remove(sid)
            else:
                continue
            images += judged.save_row(conn, "counters", desk.id, ("number", desk.number),
                                      {"service_ids": json.dumps(ids)})[1]
        append_event(conn, db.station, EventKind.SETTINGS_CHANGED, service_prefix=prefix.upper(),
                     data={"service": prefix.upper(), "counters": sorted(wanted)},
                     images=images or None)

    db.write(tx)


