"""A counter's journal on its own disk: what the officer did is kept before the screen
says it is done, and lands in the record by one road (:func:`land_desk_acts`).

Its acts (offline ones, and every Selesai with its sealed record) are chained and signed as
they happen; landing writes the pending ones in one transaction and marks them landed
afterwards, by request id, so nothing lands twice. Its drafts: the forms as typed, sealed,
kept for their office day (docs/network-share.md, docs/counter.md)."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ult_desktop.core.chain import DeskAct
from ult_desktop.core.numbering import office_day
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.core.register import RecordInput
from ult_desktop.core.tickets import Outcome, Ticket
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection, Signer
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.journals.journal_files import Stamped
from ult_desktop.db.queue.offline import ACT_KINDS, land_desk_acts
from ult_desktop.db.record.events import iso
from ult_desktop.db.visit.cases import finish_record

log = logging.getLogger(__name__)

_ACT_COLUMNS = ("request_id", "day", "number", "counter", "officer_id", "kind", "outcome", "at",
                "prev", "hash", "key_id", "sig", "body")
_DESK_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS acts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL, number TEXT NOT NULL, counter INTEGER NOT NULL,
        officer_id INTEGER, kind TEXT NOT NULL, outcome TEXT, at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',   -- pending | landed | set_aside | refused
        winner INTEGER,                         -- set aside: the counter that keeps it
        why TEXT,                               -- set aside by a rule: its sentence
        prev TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL DEFAULT '',  -- the acts' chain
        key_id TEXT, sig TEXT,                  -- signed by the station's key as it happened
        body TEXT, payload BLOB,                -- a Selesai's record: digest, sealed JSON
        tried INTEGER)                          -- a landing of it was begun (it may be in)""",
    """CREATE TABLE IF NOT EXISTS drafts (
        key TEXT PRIMARY KEY, day TEXT NOT NULL, data BLOB NOT NULL)  -- sealed JSON""",
)
#: Columns a journal from before the signed acts gets (its unsigned acts are refused
#: by a station that signs: they could have been written by anyone), and the Selesai's.
_DESK_ADDED = tuple(("acts", c, kind) for c, kind in (
    ("prev", "TEXT NOT NULL DEFAULT ''"), ("hash", "TEXT NOT NULL DEFAULT ''"),
    ("key_id", "TEXT"), ("sig", "TEXT"), ("body", "TEXT"), ("payload", "BLOB"),
    ("why", "TEXT"), ("tried", "INTEGER")))
#: (seal, unseal) of what a visitor typed: kept as it is where the screens give none
Seal = tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]
_AS_IS: Seal = (bytes, bytes)


class CounterJournal(Stamped):
    """One counter PC's acts and drafts, on its own disk, in order; thread-safe.
    *timezone*: the office's, which decides a draft's day (set once settings are read)."""

    KIND = "desk"
    _WAITING = "SELECT COUNT(*), MIN(at) FROM acts WHERE state = 'pending' AND kind != 'signin'"
    timezone = "WIB"

    def __init__(self, path: str | Path, *, signer: Signer | None = None,
                 seal: Seal = _AS_IS, clock: Callable[[], datetime] = _utc_now):
        self.signer = signer
        self.seal, self.clock = seal, clock
        self._open(path, _DESK_SCHEMA, _DESK_ADDED)

    def other(self, path: Path, signer: Signer | None) -> CounterJournal:
        return CounterJournal(path, signer=signer, seal=self.seal)

    def record(self, *, day: str, number: str, counter: int, officer_id: int | None,
               kind: str, outcome: str | None = None, now: datetime | None = None,
               payload: dict | None = None) -> DeskAct:
        """Keep one act on disk (before the officer is told it is done); *payload*: a
        Selesai's record (``ticket_id``, ``record``, ``base``), landed with it.
        :raises sqlite3.Error, OSError: this PC's disk did not take it."""
        if kind not in ACT_KINDS:
            raise ValueError(f"unknown act {kind!r}")
        text = None if payload is None else json.dumps(payload, ensure_ascii=False,
                                                        sort_keys=True).encode("utf-8")
        act = DeskAct(secrets.token_hex(8), day, number.strip().upper(), counter, officer_id,
                      kind, outcome, iso(now or _utc_now()),
                      body=None if text is None else hashlib.sha256(text).hexdigest())
        with self._local:
            return self._append(self._conn, "acts", act, _ACT_COLUMNS,
                                payload=None if text is None else self.seal[0](text))

    def signin(self, *, day: str, counter: int, officer_id: int,
               now: datetime | None = None) -> DeskAct:
        """The officer signed in at *counter* on this PC (checked against the record):
        the acts of that counter that day are theirs, also those done before it."""
        return self.record(day=day, number="", counter=counter, officer_id=officer_id,
                           kind="signin", now=now)

    def acts(self, state: str | None = None) -> list[DeskAct]:
        rows = self._rows("SELECT * FROM acts" + (" WHERE state = ?" if state else "") +
                          " ORDER BY seq", (state,) if state else ())
        return [DeskAct(**{c: r[c] for c in (*_ACT_COLUMNS, "state", "winner", "why")})
                for r in rows]

    def kept_finishes(self) -> dict[str, dict]:
        """The Selesai kept and not landed yet: request id -> payload."""
        rows = self._rows("SELECT request_id, body, payload FROM acts WHERE state = 'pending' "
                          "AND payload IS NOT NULL ORDER BY seq")
        kept = {r[0]: self._unseal(r[2], r[1]) for r in rows}
        return {rid: payload for rid, payload in kept.items() if payload is not None}

    def _unseal(self, blob: bytes, digest: str | None) -> dict | None:
        try:
            text = self.seal[1](bytes(blob))
            if digest is not None and hashlib.sha256(text).hexdigest() != digest:
                raise ValueError("not the record its act signed")
            value = json.loads(text.decode("utf-8"))
        except (ValueError, OSError) as exc:  # (SealedElsewhere is a ValueError)
            log.error("counter journal %s: a kept record unreadable (%s)", self.path, exc)
            return None
        return value if isinstance(value, dict) else None

    def current(self, counter: int) -> DeskAct | None:
        """The visitor this counter called last and has not finished or skipped (its own
        acts only: what the officer sees while the share is away)."""
        open_call = None
        for act in self.acts():
            if act.counter != counter or act.state in ("set_aside", "refused"):
                continue
            if act.kind == "call":
                open_call = act
            elif open_call is not None and act.number == open_call.number and \
                    act.kind in ("finish", "skip"):
                open_call = None
        return open_call

    def land(self, db: Database) -> list[DeskAct]:
        """Write the pending acts in one transaction; returns the acts set aside (with the
        rule's sentence when a rule refused it) or refused: its officer is told. An act
        whose ticket is not in the record yet stays pending."""
        every = self.acts()
        pending = [a for a in every if a.state == "pending"]
        if not pending:
            return []
        chain, prev = {}, ""  # each act names the one before it: none taken out or added
        for act in every:
            chain[act.request_id], prev = prev, act.hash
        signed_in = [a for a in every if a.kind == "signin" and a.state == "landed"]
        own = db.identity.signer if getattr(db, "identity", None) is not None else None
        kept = self.kept_finishes()

        def before_finish(conn: Connection, ticket: Ticket, act: DeskAct) -> str:
            payload, outcome = kept.get(act.request_id) or {}, act.outcome or "answered"
            record, base = payload.get("record"), payload.get("base")
            try:
                return finish_record(
                    db, conn, ticket.id, Outcome(outcome),
                    RecordInput.from_dict(record) if record else None,
                    base=RecordInput.from_dict(base) if base else None,
                    officer_id=act.officer_id, now=datetime.fromisoformat(act.at))[0].value
            except errors.RuleViolation as exc:  # (checked by the form before the Selesai)
                log.error("kept record of %s not saved: %s", act.number, exc)
                return outcome

        untried = self._trying(pending)
        outcome = db.write(lambda conn: land_desk_acts(
            db, conn, pending, chain=chain, signed=own is not None, signed_in=signed_in,
            own=own, before_finish=before_finish, untried=untried))
        with self._local:
            if self.closed:  # closed meanwhile: a later landing finds them written
                return []
            port.in_transaction(self._conn, lambda conn: self._marked(outcome, kept))
        return [a for a in self.acts() if a.state in ("set_aside", "refused")
                and a.request_id in outcome]

    land_all = land

    def _trying(self, pending: list[DeskAct]) -> frozenset[str]:
        """Note on this disk that a landing of *pending* begins; the request ids of those
        no landing began before (none of them can be in the record yet: the landing reads
        the record's events for the others only)."""
        ids = [a.request_id for a in pending]
        with self._local:
            if self.closed:
                return frozenset()
            marks = ", ".join("?" * len(ids))
            before = {rid for (rid,) in self._conn.execute(
                f"SELECT request_id FROM acts WHERE tried IS NOT NULL AND request_id IN "
                f"({marks})", ids)}
            port.in_transaction(self._conn, lambda conn: conn.execute(
                f"UPDATE acts SET tried = 1 WHERE request_id IN ({marks})", ids))
        return frozenset(ids) - before

    def _marked(self, outcome: dict[str, tuple], kept: dict[str, dict]) -> None:
        """After a landing: each act's fate; the records it carried erased from this
        disk, or (a Selesai set aside or refused) back in the drafts."""
        self._conn.executemany(
            "UPDATE acts SET state = ?, winner = ?, why = ? WHERE request_id = ?",
            [(state, winner, why[0] if why else None, rid) for rid, (state, winner, *why)
             in outcome.items() if state != "pending"])
        for rid, payload in kept.items():
            if outcome.get(rid, ("pending",))[0] in ("set_aside", "refused") and \
                    payload.get("record"):
                self._put_draft(f"ticket:{payload.get('ticket_id')}", payload["record"])
        self._conn.execute("UPDATE acts SET payload = NULL WHERE state != 'pending'")

    # -- the register forms as typed --------------------------------------------------------
    def today(self) -> str:
        try:
            return office_day(self.clock(), self.timezone).isoformat()
        except ValueError:  # an unknown zone in the settings: the default one
            return office_day(self.clock(), "WIB").isoformat()

    def draft(self, key: str) -> dict | None:
        """The draft kept under *key* today (``data``, ``meta``); drafts of an earlier
        day are erased first."""
        with self._local:
            self._rows("DELETE FROM drafts WHERE day != ?", (self.today(),))
            rows = self._rows("SELECT data FROM drafts WHERE key = ?", (key,))
        return self._unseal(rows[0][0], None) if rows else None

    def put_draft(self, key: str, data: dict, meta: dict | None = None) -> None:
        with self._local:
            if not self.closed:
                self._put_draft(key, data, meta)

    def _put_draft(self, key: str, data: dict, meta: dict | None = None) -> None:
        text = json.dumps({"data": data, "meta": meta or {}}, ensure_ascii=False)
        self._conn.execute("INSERT INTO drafts (key, day, data) VALUES (?, ?, ?) ON CONFLICT "
                           "DO UPDATE SET day = excluded.day, data = excluded.data",
                           (key, self.today(), self.seal[0](text.encode("utf-8"))))

    def drop_draft(self, key: str) -> None:
        self._rows("DELETE FROM drafts WHERE key = ?", (key,))
