"""What the record allows, now: the officers, the office's settings, services and counters,
and the stations' roles as ``check`` judges them.

A station decides with this, never with the raw tables: a row written by a key that may
not, or by plain ``sqlite3``, gives no power. The state is ``check``'s replay
(:class:`ult_desktop.core.replay.Replay`) judged by the chain's registrations, kept for the
open database's life (``ConfigCache.record``) and brought up to date from the last event
judged; a new key registration, or a log restored or cut below it, replays from the start."""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from dataclasses import dataclass, field

from ult_desktop.core.acts import may_sign
from ult_desktop.core.authority import Authority
from ult_desktop.core.chain import GENESIS, LINK_BYTES, event_fault
from ult_desktop.core.replay import Replay
from ult_desktop.core.sessions import Sessions
from ult_desktop.core.verifier import KEY_REGISTERED
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record import projection
from ult_desktop.db.record.events import JUDGED_EVENTS
from ult_desktop.db.record.station_keys import prev_hashes, read_authority

log = logging.getLogger(__name__)

#: The tables a station's decisions read from the judged record.
JUDGED_TABLES = ("officers", "settings", "services", "counters", "counter_pauses", "cases",
                 "standins", "sop_targets", "pin_lockouts")
#: An event as :meth:`Replay.play` reads it (its first eight columns), then what its
#: soundness is judged by (:func:`_fault`): the rest of ``HASHED_FIELDS``, its links, hash
#: and signature, and the hashes they link to (``station_keys.prev_hashes``); at most
#: LIMIT of them.
_SQL = ("SELECT id, kind, data, rows, station_key, station, actor, at, ticket_id, "
        "ticket_number, service_prefix, counter_number, prev_link, key_link, hash, sig, "
        f"{{prev}} FROM events e WHERE id > ? AND id <= ? AND {JUDGED_EVENTS} "
        "ORDER BY id LIMIT ?")
#: How many judged events wait after the head, counted up to LIMIT (the index alone).
_WAITING_SQL = (f"SELECT COUNT(*) FROM (SELECT id FROM events WHERE id > ? AND id <= ? AND "
                f"{JUDGED_EVENTS} LIMIT ?) w")
_ALL = 1 << 62  # (LIMIT: every one)
_TOP_SQL = ("SELECT (SELECT id FROM events ORDER BY id DESC LIMIT 1), "
            "(SELECT hash FROM events WHERE id = ?)")


@dataclass
class _Judged:
    head: int
    authority: Authority
    replay: Replay
    head_hash: bytes | None = None  # the log below it unchanged (not restored, not cut)
    known: int = 0  # the newest event when its registrations were read
    #: (table, key) of raw rows already said to differ from the judged state (said once)
    said: set = field(default_factory=set)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _settled(conn: Connection, top: int) -> int:
    """The newest event whose rows are final: inside a write, the transaction's own newest
    event may still gain rows before its commit (``events.finish_transaction``)."""
    cache, pending = getattr(conn, "config", None), getattr(conn, "last_event", None)
    if pending is not None and cache is not None and cache.active:
        return min(top, pending.event_id - 1)
    return top


#: A station's read judges at most this many new judged events itself; a longer log is
#: judged by :func:`warm` in reads of :data:`_CHUNK` (until then: the rows as they are).
INLINE_MAX = 2000
_CHUNK = 400
_BETWEEN_S = 0.3


def _bring_up_to_date(conn: Connection, judged: _Judged | None, *,
                      chunk: int | None = None, whole: bool = False) -> _Judged | None:
    """*judged* brought up to date in *conn*'s read: all (*whole*), at most *chunk*, or none
    when more than :data:`INLINE_MAX` wait (:func:`warm` judges them)."""
    cache = getattr(conn, "config", None)
    row = conn.execute(_TOP_SQL, (judged.head if judged is not None else 0,)).fetchone()
    top = _settled(conn, row[0] or 0)
    if judged is not None and (top < judged.head or (
            judged.head and (bytes(row[1]) if row[1] else None) != judged.head_hash)):
        judged = None  # the log was restored or cut below what was read: read it again
    if judged is not None and judged.head == top:
        return judged
    after = judged.head if judged is not None else 0
    if chunk is None and not whole and conn.execute(
            _WAITING_SQL, (after, top, INLINE_MAX + 1)).fetchone()[0] > INLINE_MAX:
        return judged  # (a long log: judged by ``warm``, a chunk a read)
    limit = _ALL if chunk is None else chunk
    link, sql = GENESIS[:LINK_BYTES], _SQL.format(prev=prev_hashes(conn))
    new = conn.execute(sql, (link, after, top, limit)).fetchall()
    if judged is None or any(r[1] == KEY_REGISTERED and r[0] > judged.known for r in new):
        authority = read_authority(conn)  # (every registration up to now: ``known``)
        judged = _Judged(0, authority, Replay(authority), known=row[0] or 0)
        new = conn.execute(sql, (link, 0, top, limit)).fetchall()
    upto = new[-1][0] if chunk is not None and len(new) == chunk else top
    signed = cache.record.setdefault("signed", set()) if cache is not None else set()
    judged.replay.play(r[:8] for r in new if _sound(judged, r, signed))
    judged.head = upto
    hashed = conn.execute("SELECT hash FROM events WHERE id = ?", (upto,)).fetchone()
    judged.head_hash = bytes(hashed[0]) if hashed and hashed[0] else None
    return judged


def _sound(judged: _Judged, r: tuple, signed: set) -> bool:
    """Whether the event *r* (a row of :data:`_SQL`) stands as ``check`` verifies it (hash
    and signature; *signed* keeps those verified); one that does not is said once."""
    stored = bytes(r[14]) if r[14] else None
    public = judged.authority.public.get(r[4] or "")
    fault = event_fault((r[1], *r[8:12], r[5], r[7], r[2], r[6], r[4]), r[3], r[12:14],
                        stored, r[15], r[16], r[17], None if stored in signed else public)
    if fault is None:
        if public is not None:
            signed.add(stored)
        return True
    if ("events", r[0], fault) not in judged.said:
        judged.said.add(("events", r[0], fault))
        log.warning("event %s is %s: it changes nothing a station does", r[0], fault)
    return False


def warm_if_long(db: Database) -> None:
    """A station's start: :func:`warm` when its log is longer than a read judges itself."""
    top = db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0]
    if top > INLINE_MAX:
        warm(db)


def warm(db: Database) -> None:
    """Judge a long log for this open database in the background, :data:`_CHUNK` events a
    read (a station's start: its reads and writes go on meanwhile)."""
    def step(conn: Connection) -> bool:
        judged = _kept(conn, chunk=_CHUNK)
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        return judged is None or judged.head >= top

    def run() -> None:
        try:
            while not db.read(step):
                time.sleep(_BETWEEN_S)  # (the office's writes commit between two reads)
        except Exception:  # (a share away, a closed database: the reads judge it later)
            log.info("the judged state was not built in the background", exc_info=True)

    threading.Thread(target=run, name="judged-warm", daemon=True).start()


def judged_rows(conn: Connection, table: str) -> dict[tuple, dict] | None:
    """Inside the caller's read: the rows of *table* (one of :data:`JUDGED_TABLES`) as the
    record lets them stand, by key; None when the log cannot judge (a file older than the
    row images, or a connection that keeps nothing)."""
    judged = _kept(conn)
    if judged is None:
        return None
    return judged.replay.rows[table] if judged.replay.provable_from is not None else None


def _kept(conn: Connection, *, whole: bool = False, chunk: int | None = None
          ) -> _Judged | None:
    """The judged state kept for *conn*'s database, brought up to date in its read (None:
    a long log :func:`warm` judges); *whole*, *chunk*: :func:`_bring_up_to_date`."""
    cache = getattr(conn, "config", None)
    if cache is None:
        return None
    with _LOCK:
        judged = cache.record["judged"] = _bring_up_to_date(
            conn, cache.record.get("judged"), whole=whole, chunk=chunk)
    return judged


def judging(conn: Connection) -> Authority | None:
    """Inside the caller's read: who is registered as what, when the office judges by
    it (a key registered) and its log is judged up to now; None: the rows as they are."""
    judged = _kept(conn)
    return judged.authority if judged is not None and judged.authority.first else None


def desk_sessions(conn: Connection) -> tuple[Sessions, Authority] | None:
    """Inside the caller's read: the officers' sessions at the desks as the record holds
    them (``core.sessions``) and who is registered as what; None: nothing to judge by
    (no key registered yet, or a long log :func:`warm` has not judged yet)."""
    judged = _kept(conn)
    if judged is None or not judged.authority.first:
        return None
    return judged.replay.acts.sessions, judged.authority


def own_desks(conn: Connection) -> frozenset[int] | None:
    """The desks this station's key is registered for, as the record holds it (None: its
    registration names none: any desk)."""
    ident = getattr(conn, "audit", None)
    key = ident.signer.key_id if ident is not None and ident.signer is not None else None
    judged = _kept(conn)
    history = judged.authority.desks.get(key or "") if judged is not None else None
    return history[-1][1] if history else None


#: Each judged table's key columns (``core.images.COVERED``), as its raw rows name them.
_KEYS = {"officers": ("id",), "settings": ("key",), "services": ("id",), "counters": ("id",),
         "counter_pauses": ("counter",), "standins": ("id",), "cases": ("id",),
         "sop_targets": ("service_id", "step"), "pin_lockouts": ("subject",)}


def standing(conn: Connection, table: str, raw: list, *, only: tuple = ()) -> list[dict]:
    """Inside the caller's read: the rows of *table* as the record lets them stand (*raw*:
    the rows as read, for the keys *only*, all when empty); a forged or edited row is said
    once (:func:`said_once`); a column the log never named is the table's (or NULL)."""
    rows = [dict(r) for r in raw]
    judged = judged_rows(conn, table)
    if judged is None:
        return rows
    key, blank = _KEYS[table], dict.fromkeys(rows[0] if rows else ())
    by_key = {tuple(r[c] for c in key): r for r in rows}
    out = []
    for k, row in judged.items():
        if only and k[0] not in only:
            continue
        found = by_key.pop(k, None)
        if found is not None and any(found.get(c, v) != v for c, v in row.items()):
            said_once(conn, table, k, found)
        out.append({**blank, **(found or {}), **row})
    for k, found in by_key.items():
        said_once(conn, table, k, found)
    return out


def written_whole(conn: Connection, table: str, raw: list, changes: dict[tuple, dict]
                  ) -> list[list]:
    """Inside a write, before it writes *changes* (key -> column -> value) to *table*
    (*raw*: those keys' rows as read): the images its event carries, for each row whose
    raw values of those columns are not the record's (a share writer's): the write's own
    image names only what differs from the raw row, so a value a forged row already held
    would never reach the record. A row the record holds: every column written; one it
    never held: the row whole (its key and *changes*, nothing else of the forged row).
    None judges (a long log not judged yet, a file older than the row images): the
    columns whose raw value is already the one written."""
    key, judged = _KEYS[table], judged_rows(conn, table)
    found = {tuple(r[c] for c in key): dict(r) for r in raw}
    out = []
    for k, values in changes.items():
        now = found.get(k)
        if not values:
            continue
        if judged is None:
            held = {c: v for c, v in values.items() if now is not None and now.get(c) == v}
            out += [["u", table, list(k), held]] if held else []
            continue
        row = judged.get(k)
        if row is None and now is not None:  # (neither: the INSERT images it whole)
            whole = {**dict(zip(key, k, strict=True)), **values}
            out.append(["i", table, list(k), {c: v for c, v in whole.items() if v is not None}])
        elif row is not None and (now is None or any(now.get(c) != row.get(c) for c in values)):
            out.append(["u", table, list(k), dict(values)])
    return out


def save_row(conn: Connection, table: str, rid: int | None, unique: tuple[str, object],
             values: dict) -> tuple[int, list[list]]:
    """Inside a write: row *rid* of *table* (the record's id; None: a new row, whose unique
    column ``unique[0]`` is ``unique[1]``: :func:`put_back` first) given *values*; its id
    and the images its event carries besides its own (:func:`written_whole`)."""
    if rid is None:
        put_back(conn, table, *unique)
        return port.insert_row(conn, table, {unique[0]: unique[1], **values}), []
    images = written_whole(conn, table, conn.execute(
        f"SELECT * FROM {table} WHERE id = ?", (rid,)).fetchall(), {(rid,): values})
    if values:  # (columns: the caller's own names, never outside text)
        conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in values)} "
                     "WHERE id = ?", (*values.values(), rid))
    return rid, images


def put_back(conn: Connection, table: str, column: str, value: object) -> None:
    """Inside a write that makes the row of *table* whose unique *column* is *value*, which
    the record does not hold: raw rows holding it (a share writer's) put back as the record
    holds them, without an image (never in the log: the table then holds what the log
    does): one it never held removed, one it holds under another value given that back."""
    judged, key = judged_rows(conn, table), _KEYS[table][0]
    if judged is None:
        return
    with projection.paused(conn):
        for (raw,) in conn.execute(f"SELECT {key} FROM {table} WHERE {column} IN (?)",
                                   (value,)).fetchall():
            row = judged.get((raw,))
            if row is None:
                conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (raw,))
            else:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?",
                             (row.get(column), raw))


#: Each ticket's birth event (``issue_event``, else its first ``issued`` event) in
#: :data:`_SQL`'s layout, after the ticket's own id, day, prefix and seq.
_BIRTHS = ("SELECT t.id, t.day, t.prefix, t.seq, e.id, e.kind, e.data, e.rows, e.station_key, "
           "e.station, e.actor, e.at, e.ticket_id, e.ticket_number, e.service_prefix, "
           "e.counter_number, e.prev_link, e.key_link, e.hash, e.sig, "
           "{prev} FROM tickets t LEFT JOIN events e ON e.id = COALESCE(t.issue_event, "
           "(SELECT MIN(id) FROM events WHERE ticket_id = t.id AND kind = 'issued')) "
           "WHERE t.id IN ({ids})")


def unborn(conn: Connection, ids: list[int]) -> set[int]:
    """Inside the caller's read: the tickets of *ids* no standing ``issued`` act brought
    into the record (no desk calls them, no list shows them; each said once). A ticket
    judged born stays so for the open database; nothing is judged before the first key."""
    judged = _kept(conn)
    cache = getattr(conn, "config", None)
    if judged is None or cache is None or not judged.authority.first:
        return set()
    born = cache.record.setdefault("born", set())
    new = [i for i in ids if i not in born]
    out: set[int] = set()
    signed, prev = cache.record.setdefault("signed", set()), prev_hashes(conn) if new else ""
    for at in range(0, len(new), 400):
        part = new[at:at + 400]
        for r in conn.execute(_BIRTHS.format(prev=prev, ids=", ".join("?" * len(part))),
                              (GENESIS[:LINK_BYTES], *part)).fetchall():
            if _born(judged, tuple(r), signed):
                born.add(r[0])
            else:
                out.add(r[0])
                said_once(conn, "tickets", (r[0],), tuple(r[:4]))
    return out


def _born(judged: _Judged, r: tuple, signed: set) -> bool:
    """Whether ticket row *r* (a row of :data:`_BIRTHS`) was born by an act that stands."""
    event = r[4:]
    if event[0] is None or event[1] != "issued" or event[8] != r[0]:
        return False
    if event[0] <= judged.authority.first:
        return True  # (before the office's first registration: any such event)
    images = event[3]
    try:
        images = json.loads(images) if isinstance(images, str) else images
    except ValueError:
        return False
    if images is not None and not any(
            type(i) is list and len(i) > 3 and i[:3] == ["i", "tickets", [r[0]]]
            and type(i[3]) is dict and (i[3].get("day"), i[3].get("prefix"), i[3].get("seq"))
            == tuple(r[1:4]) for i in (images if type(images) is list else ())):
        return False
    role = judged.authority.role_at(event[4], event[0])
    return role is not None and may_sign(role or None, "issued") and _sound(judged, event, signed)


def said_once(conn: Connection, table: str, key: object, raw: object) -> None:
    """Say a raw row of *table* that differs from the judged state (*raw*: its value),
    once: logged, and kept for the morning check (:func:`set_aside`)."""
    cache = getattr(conn, "config", None)
    judged = cache.record.get("judged") if cache is not None else None
    if judged is not None and (table, key, repr(raw)) not in judged.said:
        judged.said.add((table, key, repr(raw)))
        log.warning("a %s row the record does not let stand changes nothing: %s", table, key)

def set_aside(db: Database) -> list[tuple[str, str]]:
    """(table, key) of every raw row this station has met that the judged record does
    not let stand (it acted on the judged state instead)."""
    judged = db.kept_record.get("judged")
    return sorted({(t, str(k)) for t, k, _ in judged.said}) if judged is not None else []


def _judged(db: Database, conn: Connection | None = None) -> _Judged:
    """Kept per database and brought up to date, in the caller's read (*conn*) when it
    gives one, else in a read of its own."""
    if conn is None:
        return db.read(lambda c: _judged(db, c))
    kept = _kept(conn, whole=True)
    if kept is not None:
        return kept
    with _LOCK:  # a connection that keeps nothing: kept by the database
        judged = _CACHE[db] = _bring_up_to_date(conn, _CACHE.get(db), whole=True)
    assert judged is not None  # (judged whole)
    return judged


def officers(db: Database, conn: Connection | None = None) -> dict[str, dict] | None:
    """The officers as the record allows them, by username (their row: role, active,
    pin_hash, ...); None when the log cannot judge (a file older than the row images)."""
    replay = _judged(db, conn).replay
    if replay.provable_from is None:
        return None
    return {str(row["username"]): row for row in replay.rows["officers"].values()
            if row.get("username")}


def allowed_rows(db: Database, rows: list, conn: Connection | None = None) -> list:
    """The officers' rows *rows* the record allows as they are (known officer, with the
    role, state and PIN hash it gave); a row written by a key that may not is left out."""
    known = officers(db, conn)
    if known is None:
        return list(rows)
    out = []
    for row in rows:
        logged = known.get(row["username"])
        if logged is not None and all(logged.get(c) == row[c] for c in
                                      ("role", "pin_hash", "active")):
            out.append(row)
    return out


def authority_of(db: Database, conn: Connection | None = None) -> Authority:
    """Who was registered as what, by the chain's registrations (kept up to date)."""
    return _judged(db, conn).authority


def is_admin_station(db: Database) -> bool:
    """Whether this station may run an admin command: the office has registered no key
    yet (nothing to judge by), or this station's key is registered as an admin station."""
    authority = _judged(db).authority
    if not authority.first:
        return True
    signer = db.identity.signer
    if signer is None:
        return False
    return authority.role_at(signer.key_id, 1 << 62) == "admin"


def may_upgrade_pin(db: Database, role: str) -> bool:
    """Whether a sign-in here may write a stronger PIN hash the record will count for
    *role*: anywhere before the first registration; else only an admin's, at an admin PC."""
    return not _judged(db).authority.first or (role == "admin" and is_admin_station(db))


def _codes(db: Database, conn: Connection) -> Replay | None:
    """The judged replay for the visits' codes and slips, or None: nothing to judge by (no
    key registered yet): the rows as they are."""
    judged = _judged(db, conn)
    return judged.replay if judged.authority.first else None


def visit_codes(db: Database, conn: Connection) -> dict[str, int] | None:
    """A booked visit's code hash -> its case, as the record lets them stand (a code no
    act of the table set checks nobody in); None: the rows as they are (:func:`_codes`)."""
    replay = _codes(db, conn)
    if replay is None:
        return None
    return {str(row["visit_code"]): key[0] for key, row in replay.rows["cases"].items()
            if row.get("visit_code")}


def slip_asked(db: Database, conn: Connection, case_id: int) -> bool:
    """Whether a slip of case *case_id*'s visit asked of this kiosk stands and is not
    printed yet (a kiosk renews a code for nothing else)."""
    replay = _codes(db, conn)
    return replay is None or replay.slips.standing(case_id, db.station) is not None
