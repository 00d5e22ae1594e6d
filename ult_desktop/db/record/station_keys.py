"""The station keys the audit trail trusts: registration, approval, the root of trust.

A station asks for registration of its key (:func:`request_registration`); an admin
approves (:func:`approve_key`). The first key approved is the admin station's own (the root
of trust); every other PC is given its fingerprint, never takes it from the file. The root
takes a key's trust back (:func:`revoke_key`)."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Protocol, runtime_checkable

from ult_desktop.core.authority import (
    LEAST_ROLE,
    NOT_ADMIN_PC_MODES,
    ROLE_OF_MODE,
    ROLES,
    Authority,
)
from ult_desktop.core.chain import (
    GENESIS,
    HASHED_FIELDS,
    LINK_BYTES,
    event_fault,
    fingerprint,
    key_id_of,
    verify_sig,
)
from ult_desktop.core.pin_box import seal_to
from ult_desktop.core.verifier import (
    KEY_REGISTERED,
    KEY_REQUESTED,
    KEY_REVOKED,
    Verifier,
    json_dict,
)
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.events import JUDGED_EVENTS, append_event, iso

#: The registrations, read through the judged events' index (never the log between them).
_REGISTRATIONS = f"FROM events WHERE kind = ? AND {JUDGED_EVENTS} ORDER BY id"


@dataclass(frozen=True)
class StationKeyInfo:
    key_id: str
    label: str
    state: str            # pending / registered / revoked
    requested_at: str
    decided_at: str | None
    decided_by: str | None
    #: approve_key: the role granted, and what the station asked for (information only)
    role: str | None = None
    requested: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def list_keys(db: Database) -> list[StationKeyInfo]:
    rows = db.query("SELECT key_id, label, state, requested_at, decided_at, decided_by "
                    "FROM station_keys ORDER BY state = 'registered', requested_at")
    return [StationKeyInfo(**dict(r)) for r in rows]


def request_registration(db: Database, *, label: str) -> StationKeyInfo:
    """This station asks an admin to register its key (signed by that key).
    :raises RuleViolation: this station has no key (create one first)."""
    errors.check_length("limit.station", label, errors.LABEL_MAX)
    signer = db.identity.signer
    if signer is None:
        raise errors.RuleViolation("audit.error.no_key")
    now = iso(datetime.now(timezone.utc))

    def tx(conn: Connection) -> None:
        conn.execute("INSERT INTO station_keys (key_id, public_key, label, state, requested_at) "
                     "VALUES (?, ?, ?, 'pending', ?) ON CONFLICT(key_id) DO UPDATE SET "
                     "label = excluded.label WHERE station_keys.state = 'pending'",
                     (signer.key_id, bytes(signer.public_key), label, now))
        role = ROLE_OF_MODE.get(db.mode)
        if role and _has_role_column(conn):  # what the station says it is
            conn.execute("UPDATE station_keys SET role = ? WHERE key_id = ? AND "
                         "state = 'pending'", (role, signer.key_id))
        append_event(conn, label, KEY_REQUESTED,
                     data={"key": signer.key_id, "public_key": bytes(signer.public_key).hex(),
                           "label": label, **({"role": role} if role else {})})

    db.write(tx)
    return next(k for k in list_keys(db) if k.key_id == signer.key_id)


def announce_key(db: Database) -> None:
    """Ask once for this station's key to be registered, if nobody has seen it yet. Never
    fails the caller: a station that cannot write now asks on its next start."""
    signer = db.identity.signer
    if signer is None or db.too_new:
        return
    try:
        known = db.query("SELECT 1 FROM station_keys WHERE key_id = ?", (signer.key_id,))
        if not known:
            request_registration(db, label=db.station)
    except errors.UltError:
        pass


def is_admin(conn: Connection, username: str | None) -> bool:
    if not username:
        return False
    return conn.execute("SELECT 1 FROM officers WHERE username = ? AND role = 'admin' AND "
                        "active = 1", (username,)).fetchone() is not None


def _has_role_column(conn: Connection) -> bool:
    return conn.execute("SELECT 1 FROM pragma_table_info('station_keys') "
                        "WHERE name = 'role'").fetchone() is not None


def approve_key(db: Database, key_id: str, *, admin_station: bool = False,
                role: str | None = None, desks: list[int] | None = None,
                again: bool = True) -> StationKeyInfo:
    """Register (or re-register with a new role) the key *key_id* from a registered admin
    station with an admin signed in; the first approval may only be this PC's own key (the
    root). *role*: :data:`ROLES` (none: :data:`LEAST_ROLE`); *admin_station*: only for a
    key an admin PC's setup requested; *desks*: a counter's only desks (none: any);
    *again*: then the survey-code key is taken off the share.
    :raises RuleViolation: unknown key or role, no admin, or may not approve."""
    if role is not None and role not in ROLES:
        raise errors.RuleViolation("error.bad_input", detail=f"role {role!r}")
    signer = db.identity.signer
    key_id = key_id.replace(" ", "").lower()
    asked: dict[str, str | None] = {}
    pin_key, code_key = office_pin_key(db), office_code_key(db)

    def tx(conn: Connection) -> None:
        row = conn.execute("SELECT * FROM station_keys WHERE key_id = ?", (key_id,)).fetchone()
        if row is None:
            raise errors.RuleViolation("audit.error.unknown_key", key=fingerprint(key_id))
        if not is_admin(conn, db.actor):
            raise errors.RuleViolation("audit.error.need_admin")
        admins = _admin_keys(conn)
        root = not admins and signer is not None and signer.key_id == key_id
        if root and db.mode in NOT_ADMIN_PC_MODES:
            raise errors.RuleViolation("audit.error.root_not_here")
        if signer is None or not (root or signer.key_id in admins):
            raise errors.RuleViolation("audit.error.not_trusted")
        has_role = _has_role_column(conn)
        requested = row["role"] if has_role and row["state"] == "pending" else None
        admin = admin_station or role == "admin" or root
        if admin and not root and requested != "admin":
            raise errors.RuleViolation("audit.error.admin_only_setup",
                                       key=fingerprint(key_id), requested=requested or "-")
        given = "admin" if admin else (role or LEAST_ROLE)
        asked.update(requested=requested, given=given)
        event_id = append_event(conn, row["label"], KEY_REGISTERED, data={
            "key": key_id, "public_key": bytes(row["public_key"]).hex(), "label": row["label"],
            "admin_station": admin, "role": given,
            **({"desks": sorted(set(desks))} if desks and given == "counter" else {}),
            **({"requested": requested} if requested else {}), **_sealed_for(
                signer, root, given, bytes(row["public_key"]), pin_key, code_key)})
        conn.execute("UPDATE station_keys SET state = 'registered', decided_at = ?, "
                     "decided_by = ?, event_id = ? WHERE key_id = ?",
                     (iso(datetime.now(timezone.utc)), db.actor, event_id, key_id))
        if has_role:
            conn.execute("UPDATE station_keys SET role = ? WHERE key_id = ?", (given, key_id))

    db.write(tx)
    if again:
        _code_key_off_the_share(db)
    info = next(k for k in list_keys(db) if k.key_id == key_id)
    return replace(info, role=asked["given"], requested=asked["requested"])


def _sealed_for(signer: object, root: bool, given: str, public: bytes,
                pin_key: bytes | None, code_key: str | None) -> dict:
    """The office's PIN and survey-code keys sealed to *public* where role *given* needs
    them; the root (this admin PC) makes and keeps them instead, where it has none."""
    sealed = {}
    if root and pin_key is None and isinstance(signer, PinKeeper):
        signer.keep_pin_key(secrets.token_bytes(32))  # the office's, made by its root
    elif pin_key is not None and given in PIN_ROLES and not root:
        sealed["pin_key"] = seal_to(public, pin_key)
    if root and code_key is None and isinstance(signer, CodeKeeper):
        signer.keep_code_key(secrets.token_hex(16))  # the office's, made by its root
    elif code_key is not None and given in CODE_ROLES and not root:
        sealed["code_key"] = seal_to(public, code_key.encode())
    return sealed


def make_root(db: Database, *, label: str | None = None) -> StationKeyInfo:
    """This admin PC's own key becomes the office's root of trust: requested if need be,
    then approved by the logged-in admin (already registered: returned as it is).
    :raises RuleViolation: no key, no admin logged in, or the office has a root already."""
    signer = db.identity.signer
    if signer is None:
        raise errors.RuleViolation("audit.error.no_key")
    known = {k.key_id: k for k in list_keys(db)}
    mine = known.get(signer.key_id)
    if mine is not None and mine.state == "registered":
        return mine
    if mine is None:
        request_registration(db, label=label or db.station)
    return approve_key(db, signer.key_id)


#: The roles that check an officer's PIN: their registration hands them the PIN key.
PIN_ROLES = ("admin", "counter", "kiosk")


@runtime_checkable
class PinKeeper(Protocol):
    """A station key that keeps the office's PIN key (``app/station_key.py``)."""

    key_id: str

    def pin_key(self) -> bytes | None: ...

    def keep_pin_key(self, secret: bytes) -> None: ...

    def open_pin_key(self, sealed: object) -> bytes | None: ...


def office_pin_key(db: Database) -> bytes | None:
    """The office's PIN key (``core.pin_box``) at this PC, as it keeps it, else opened from
    the newest admin-signed registration of its key that sealed it (then kept); or None."""
    signer = db.identity.signer
    if not isinstance(signer, PinKeeper):
        return None
    kept = signer.pin_key()
    if kept:
        return kept
    pinned = (getattr(db, "trust", None) or {}).get("root")
    sealed = db.read(lambda conn: _sealed_pin_key(conn, signer.key_id, pinned))
    opened = signer.open_pin_key(sealed) if sealed is not None else None
    if opened:
        signer.keep_pin_key(opened)
    return opened


def _sealed_pin_key(conn: Connection, key_id: str, pinned: str | None,
                    name: str = "pin_key") -> dict | None:
    """The secret *name* sealed to *key_id* by the newest registration of it a registered
    admin station signed (hash and signature checked), or None."""
    _root, keys = lan_trust(conn, pinned)
    for event_id, by, data in conn.execute(
            f"SELECT id, station_key, data {_REGISTRATIONS} DESC",
            (KEY_REGISTERED,)):
        reg = json_dict(data)
        if reg.get("key") != key_id or not isinstance(reg.get(name), dict):
            continue
        admin = keys.get(by)
        if admin is not None and admin[1] == "admin" and event_sound(conn, event_id, admin[0]):
            return reg[name]
    return None


#: The roles that hash survey and visit codes (issue, check in, take a survey, serve the
#: phone page, which the TV does unless the admin names another station): their
#: registration hands them the office's survey-code key.
CODE_ROLES = ("admin", "counter", "kiosk", "survey", "display")
#: The survey-code key as files before it was sealed kept it: a settings row in clear.
CODE_ROW = "skm_code_salt"


@runtime_checkable
class CodeKeeper(Protocol):
    """A station key that keeps the office's survey-code key (``app/station_key.py``)."""

    key_id: str

    def code_key(self) -> str | None: ...

    def keep_code_key(self, secret: str) -> None: ...

    def open_pin_key(self, sealed: object) -> bytes | None: ...


_TRIED: dict[str, float] = {}  # key -> when its sealed code key was last looked for
_TRY_EVERY_S = 60.0


def station_code_key(conn: Connection, *, look: bool = True) -> str | None:
    """Inside the caller's read or write: the office's survey-code key at this PC, as it
    keeps it, else (*look*, at most once a minute) opened from its registration; or None."""
    ident = getattr(conn, "audit", None)
    signer = ident.signer if ident is not None else None
    if not isinstance(signer, CodeKeeper):
        return None
    kept = signer.code_key()
    if kept or not look or time.monotonic() - _TRIED.get(signer.key_id, -_TRY_EVERY_S) < _TRY_EVERY_S:
        return kept
    _TRIED[signer.key_id] = time.monotonic()
    sealed = _sealed_pin_key(conn, signer.key_id, None, "code_key")
    opened = signer.open_pin_key(sealed) if sealed is not None else None
    if not opened:
        return None
    signer.keep_code_key(opened.decode())
    return opened.decode()


def office_code_key(db: Database) -> str | None:
    """The office's survey-code key at this PC (:func:`station_code_key`), else the file's
    settings row, kept sealed here (then taken off the share)."""
    signer = db.identity.signer
    if not isinstance(signer, CodeKeeper):
        return None

    def read(conn: Connection) -> str | None:
        found = station_code_key(conn)
        if found:
            return found
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (CODE_ROW,)).fetchone()
        try:
            value = json.loads(row[0]) if row else None
        except ValueError:
            value = None
        if isinstance(value, str) and value:
            signer.keep_code_key(value)
            return value
        return None
    return db.read(read)


def _code_key_off_the_share(db: Database) -> None:
    """With this admin PC keeping the survey-code key: every registered station that needs
    it and was given none (the file still held it in clear; a TV registered before TVs
    served the phone page) is approved again as it was (the key sealed to it; another
    admin PC at its own setup), then a settings row holding it is removed."""
    signer = db.identity.signer
    if not isinstance(signer, CodeKeeper) or not signer.code_key():
        return
    pinned = (getattr(db, "trust", None) or {}).get("root")

    def read(conn: Connection) -> list[tuple]:
        _root, keys = lan_trust(conn, pinned)
        newest = {}
        for (data,) in conn.execute(f"SELECT data {_REGISTRATIONS}",
                                    (KEY_REGISTERED,)):
            reg = json_dict(data)
            newest[reg.get("key")] = reg
        row = conn.execute("SELECT 1 FROM settings WHERE key = ?", (CODE_ROW,)).fetchone()
        return [(k, reg.get("role"), reg.get("desks")) for k, reg in newest.items()
                if k in keys and k != signer.key_id and reg.get("role") in CODE_ROLES
                and reg.get("role") != "admin" and not isinstance(reg.get("code_key"), dict)
                ], row is not None
    todo, in_clear = db.read(read)
    for key_id, role, desks in todo:
        approve_key(db, key_id, role=role, desks=desks if isinstance(desks, list) else None,
                    again=False)
    if in_clear:
        db.write(lambda conn: conn.execute("DELETE FROM settings WHERE key = ?", (CODE_ROW,)))


def _admin_keys(conn: Connection) -> set[str]:
    """Keys registered as admin stations by the chain's registrations (the root is one).
    Read only when a key is approved: a scan is fine."""
    admins: set[str] = set()
    for data, signer, actor in conn.execute(
            f"SELECT data, station_key, actor {_REGISTRATIONS}",
            (KEY_REGISTERED,)):
        reg = json_dict(data)
        key = reg.get("key")
        if not isinstance(key, str):
            continue  # a registration without a key names no admin
        if (not admins and signer == key and actor) or (
                signer in admins and reg.get("admin_station") is True):
            admins.add(key)
    return admins


def read_authority(conn: Connection) -> Authority:
    """Who may say what (:class:`Authority`) from the chain's registrations, without walking
    the log: each counts only while :func:`event_sound` and signed by a key registered
    before it (or itself); any other gives no power."""
    v, publics = Verifier(), dict[str, bytes]()
    for event_id, signer, data_text, actor in conn.execute(
            f"SELECT id, station_key, data, actor {_REGISTRATIONS}",
            (KEY_REGISTERED,)).fetchall():
        data = json_dict(data_text)
        try:
            public = bytes.fromhex(str(data.get("public_key", "")))
        except ValueError:
            continue
        by = public if signer == data.get("key") else publics.get(signer)
        if by is None or not event_sound(conn, event_id, by):
            continue
        if key_id_of(public) == data.get("key"):
            publics.setdefault(data["key"], public)
        v.registrations.append((event_id, signer, data, actor))
    return Authority.of(v.registry())


def station_role(conn: Connection, key_id: str | None) -> str | None:
    """The role the newest signed registration of *key_id* gives it (:data:`ROLES`), None
    if unregistered or registered without one (before migration unstuffable_survey)."""
    if not key_id:
        return None
    row = conn.execute(
        "SELECT e.data FROM events e WHERE e.kind = 'station_key_registered' AND e.id IN "
        "(SELECT event_id FROM station_keys WHERE key_id = ? AND state = 'registered')",
        (key_id,)).fetchone()
    if row is None:
        return None
    role = json_dict(row[0]).get("role")
    return role if isinstance(role, str) else None


def lan_trust(conn: Connection, pinned_root: str | None = None
              ) -> tuple[str | None, dict[str, tuple[bytes, str]]]:
    """What a station needs to believe a LAN message while the file is away: the root key
    id and every registered key's public key and role, each registration verified back
    to the root (never a planted row). *pinned_root*: this PC's; another gives nothing."""
    rows = conn.execute(
        "SELECT k.key_id, k.public_key, e.id, e.station_key, e.actor, e.data FROM station_keys k "
        "JOIN events e ON e.id = k.event_id WHERE k.state = 'registered' AND e.kind = ? "
        "ORDER BY e.id", (KEY_REGISTERED,)).fetchall()
    root: str | None = None
    keys: dict[str, tuple[bytes, str]] = {}
    admins: set[str] = set()
    pending = [tuple(r) for r in rows]
    while pending:  # a key re-approved later may have approved others before: again
        left = []
        for key_id, public, event_id, signer, actor, data_text in pending:
            public = bytes(public)
            if key_id_of(public) != key_id:
                continue
            own = root is None and signer == key_id and bool(actor) and \
                pinned_root in (None, key_id)
            if not own and signer not in admins:
                left.append((key_id, public, event_id, signer, actor, data_text))
                continue
            if not event_sound(conn, event_id, public if own else keys[signer][0]):
                continue
            data = json_dict(data_text)
            root = key_id if own else root
            admin = own or data.get("admin_station") is True
            if admin:
                admins.add(key_id)
            keys[key_id] = (public, "admin" if admin else str(data.get("role") or ""))
        if len(left) == len(pending) or root is None:
            break
        pending = left
    if root is None:
        return None, {}
    for event_id, signer, data_text in conn.execute(  # the root's word, not the row's state
            f"SELECT id, station_key, data FROM events WHERE kind = '{KEY_REVOKED}'"):
        gone = json_dict(data_text).get("key")
        if signer == root and gone in keys and gone != root and \
                event_sound(conn, event_id, keys[root][0]):
            keys.pop(gone)
    return root, keys


def act_key(conn: Connection, key_id: str | None, own=None) -> bytes:
    """The public key a journal's act signed by *key_id* is verified with (empty: none to
    believe): the office's trust's (registered back to the root, not revoked by the root's
    act, whatever a row says); *own*, this PC's signer, until the root revokes it (trusted
    before the admin registers it); before the office's first registration, the row's."""
    mine = own is not None and key_id == own.key_id
    if mine and not any(json_dict(data).get("key") == key_id for (data,) in conn.execute(
            f"SELECT data FROM events WHERE kind = '{KEY_REVOKED}'")):
        return bytes(own.public_key)
    root, keys = lan_trust(conn)
    if root is None:
        row = conn.execute("SELECT public_key FROM station_keys WHERE key_id = ?",
                           (key_id,)).fetchone()
        return bytes(own.public_key) if mine else bytes(row[0]) if row else b""
    return keys[key_id][0] if key_id in keys else b""


def event_sound(conn: Connection, event_id: int, signer_public: bytes) -> bool:
    """Whether event *event_id* (a registration, a morning check) still gives its stored
    hash (from its fields, the previous event's hash and its signer's previous one) and
    carries that signer's signature (:func:`core.chain.event_fault`)."""
    row = conn.execute(f"SELECT {', '.join(HASHED_FIELDS)}, rows, prev_link, key_link, hash, "
                       f"sig, {prev_hashes(conn)} FROM events e WHERE id = ?",
                       (GENESIS[:LINK_BYTES], event_id)).fetchone()
    return row is not None and event_fault(tuple(row[:10]), row[10], tuple(row[11:13]),
                                           row[13], row[14], row[15], row[16],
                                           signer_public) is None


#: An event *e*'s predecessor's hash and its key's previous event's hash (the one its
#: ``key_link`` names: a key's chain passes over an event planted under it), as columns;
#: one parameter: the genesis link (a key's first event: nothing to look for). The event
#: its writer named (``key_prev_id``, a hint: used when it is the key's and links) is one
#: read; else (an older event, a hint that does not link) the log is walked back to it.
_KEY_PREV = ("SELECT k.hash FROM events k WHERE k.station_key = e.station_key AND k.id < "
             f"e.id AND substr(k.hash, 1, {LINK_BYTES}) = e.key_link")
_WALKED = f"({_KEY_PREV} ORDER BY k.id DESC LIMIT 1)"
_PREV = ("(SELECT p.hash FROM events p WHERE p.id < e.id ORDER BY p.id DESC LIMIT 1), "
         "CASE WHEN e.key_link IS NULL OR e.station_key IS NULL OR e.key_link = ? THEN NULL "
         "ELSE {} END")
PREV_HASHES = _PREV.format(f"COALESCE(({_KEY_PREV} AND k.id = e.key_prev_id), {_WALKED})")


def prev_hashes(conn: Connection) -> str:
    """:data:`PREV_HASHES` as *conn*'s office can run it: a file older than migration
    key_prev_hint (``check`` reads it as it is; stations before the office migrates) has
    no hints: walked. A server is migrated before any station opens it."""
    if port.on_server(conn) or "key_prev_id" in port.table_columns(conn, "events"):
        return PREV_HASHES
    return _PREV.format(_WALKED)


def revoke_key(db: Database, key_id: str) -> StationKeyInfo:
    """The office's root (this admin PC, an admin signed in) takes back the trust of the
    registered key *key_id* (a lost or retired PC): a signed ``station_key_revoked``;
    no station trusts it from then (:func:`lan_trust`), nor the directorate what it
    seals after. :raises RuleViolation: unknown key, no admin, or this PC is not the root."""
    signer, key_id = db.identity.signer, key_id.replace(" ", "").lower()
    pinned = (getattr(db, "trust", None) or {}).get("root")

    def tx(conn: Connection) -> None:
        row = conn.execute("SELECT label, public_key FROM station_keys WHERE key_id = ? AND "
                           "state = 'registered'", (key_id,)).fetchone()
        if row is None:
            raise errors.RuleViolation("audit.error.unknown_key", key=fingerprint(key_id))
        if not is_admin(conn, db.actor):
            raise errors.RuleViolation("audit.error.need_admin")
        root, _keys = lan_trust(conn, pinned)
        if signer is None or signer.key_id != root or key_id == root:
            raise errors.RuleViolation("audit.error.revoke_from_root")
        mine = conn.execute("SELECT label FROM station_keys WHERE key_id = ?", (root,))
        event_id = append_event(conn, mine.fetchone()[0], KEY_REVOKED, data={
            "key": key_id, "public_key": bytes(row["public_key"]).hex(), "label": row["label"]})
        conn.execute("UPDATE station_keys SET state = 'revoked', decided_at = ?, "
                     "decided_by = ?, event_id = ? WHERE key_id = ?",
                     (iso(datetime.now(timezone.utc)), db.actor, event_id, key_id))

    db.write(tx)
    return next(k for k in list_keys(db) if k.key_id == key_id)


def root_info(db: Database) -> tuple[str, str, int] | None:
    """``(key id, label, registration event id)`` of the office's root of trust as the
    file names it (the first key that registered itself); the rows are a hint, only the
    events they point to are believed, each checked."""
    def read(conn: Connection):
        return conn.execute(
            "SELECT e.id, e.data, e.station_key, e.actor, e.hash, e.sig FROM station_keys k "
            "JOIN events e ON e.id = k.event_id WHERE k.state = 'registered' AND e.kind = ? "
            "ORDER BY e.id", (KEY_REGISTERED,)).fetchall()

    for _id, data, signer, actor, digest, sig in db.read(read):
        reg = json_dict(data)
        key = str(reg.get("key", ""))
        try:
            public = bytes.fromhex(str(reg.get("public_key", "")))
        except ValueError:
            continue
        if signer == key and actor and key_id_of(public) == key and digest and \
                verify_sig(public, bytes(digest), sig):
            return key, str(reg.get("label", "")), _id
    return None


def registered_keys(conn, pinned_root: str | None = None) -> dict[str, bytes] | None:
    """Station name -> the public key the record registered for it, as the record's chain
    vouches for it (``lan_trust``); None in an office without a root of trust yet."""
    stations = registered_stations(conn, pinned_root)
    return None if stations is None else {k: v[1] for k, v in stations.items()}


def registered_stations(conn, pinned_root: str | None = None
                        ) -> dict[str, tuple[str, bytes, str]] | None:
    """Station name -> (key id, public key, role) of each station the record registered,
    as its chain vouches for it (``lan_trust``); None without a root of trust yet."""
    root, keys = lan_trust(conn, pinned_root)
    if root is None:
        return None
    out: dict[str, tuple[str, bytes, str]] = {}
    for key_id, data in conn.execute(
            "SELECT k.key_id, e.data FROM station_keys k JOIN events e ON e.id = k.event_id "
            "WHERE k.state = 'registered' ORDER BY e.id").fetchall():
        label = json_dict(data).get("label")
        if key_id in keys and isinstance(label, str):
            out[label] = (key_id, *keys[key_id])
    return out


def last_sighting(conn, key_id: str, public: bytes) -> str | None:
    """When the station of *key_id* last signed an event that verifies, or None."""
    row = conn.execute(
        "SELECT MAX(id) FROM (SELECT event_id AS id FROM chain_heads WHERE key_id = ? UNION "
        "ALL SELECT MAX(id) FROM events WHERE station_key = ? AND id > (SELECT "
        "COALESCE(MAX(event_id), 0) FROM chain_heads WHERE key_id = '*')) AS heads",
        (key_id, key_id)).fetchone()
    if not row or row[0] is None or not event_sound(conn, row[0], public):
        return None
    at = conn.execute("SELECT at, station_key FROM events WHERE id = ?", (row[0],)).fetchone()
    return str(at[0]) if at and at[1] == key_id else None
