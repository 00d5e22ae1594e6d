"""Print results: a ticket's print outcome and the kiosk's outbox of successes.

A success waits in the kiosk's :class:`PrintOutbox` for the station's next write (not one
lock per visitor); a failure is written at once; until written, print_status stays NULL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from ult_desktop.core.band import NOT_TODAY
from ult_desktop.core.tickets import EventKind
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.queue.rows import now_or_clock
from ult_desktop.db.queue.transition import note
from ult_desktop.db.record.events import iso

T = TypeVar("T")


class PrintOutbox:
    """One kiosk's successful prints not written yet: (ticket id, printer, when). Handed to
    whoever writes them; thread-safe (the printer worker adds, the database worker writes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[tuple] = []  # (ticket id, printer, when, band or None)
        self._bands: dict[int, tuple[int, int]] = {}

    def add(self, ticket_id: int, *, printer: str | None = None,
            now: datetime | None = None) -> None:
        """Keep "ticket *ticket_id* printed" (with the wait band its paper showed, if
        :meth:`shown_band` said one) for the next write."""
        with self._lock:
            self._entries.append((ticket_id, printer, iso(now_or_clock(now)),
                                  self._bands.pop(ticket_id, None)))

    def shown_band(self, ticket_id: int, band: tuple[int, int]) -> None:
        """The wait band the paper of *ticket_id* showed, kept with its print success."""
        with self._lock:
            if len(self._bands) > 1000:  # tickets whose outcome went elsewhere
                self._bands.clear()
            self._bands[ticket_id] = band  # a core.band.Band keeps its run

    def note_print(self, ticket_id: int, *, ok: bool, error: str | None = None,
                   printer: str | None = None, now: datetime | None = None) -> bool:
        """Keep a print outcome for the next write: True when kept (a success here; a
        kiosk's journal also keeps any outcome of a ticket not landed yet)."""
        if ok:
            self.add(ticket_id, printer=printer, now=now)
        return ok

    def entries(self) -> list[tuple]:
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _forget(self, written: list) -> None:
        with self._lock:
            self._entries = [e for e in self._entries if e not in written]

    def write_with(self, db: Database, tx: Callable[[Connection], T],
                   now: datetime | None = None, *, budget_s: float | None = None,
                   ahead: list | tuple = ()) -> T:
        """``db.write(tx)`` also writing the kept results, forgotten once committed; inside
        another write they are left for the outer one."""
        entries = [] if db.in_write else self.entries()
        if not entries:
            return db.write(tx, budget_s=budget_s, ahead=ahead)
        moment = now_or_clock(now)

        def both(conn: Connection) -> T:
            out = tx(conn)
            write_prints(db, conn, entries, moment)
            return out

        out = db.write(both, budget_s=budget_s, ahead=ahead)
        self._forget(entries)
        return out

    def flush(self, db: Database, *, budget_s: float | None = None) -> int:
        """Write the kept results now (the kiosk closing); returns how many."""
        count = len(self)
        if count:
            self.write_with(db, lambda conn: None, budget_s=budget_s)
        return count


def write_prints(db: Database, conn, entries: list, now: datetime) -> None:
    """Inside a write transaction: record *entries* (idempotent: a ticket whose print
    status is already set, e.g. by a commit whose reply was lost, is left alone)."""
    for ticket_id, printer, printed_at, *band in entries:
        note(db, conn, ticket_id, print_status="printed", print_error=None,
             only_if="print_status IS NULL", kind=EventKind.PRINTED, at=now,
             data={"printer": printer, "printed_at": printed_at, **_band(*band)})


def _band(band: tuple[int, int] | None = None) -> dict:
    """The wait band a paper showed (with its run, ``expect``, for the calibration), or
    that it said "not today", as its print event keeps it."""
    if not band or tuple(band) == (0, 0):
        return {}
    if tuple(band) == NOT_TODAY:
        return {"not_today": True}
    expect = getattr(band, "expect", None)
    return {"band": list(band), **({"expect": expect} if expect is not None else {})}


def write_with_outbox(db: Database, tx: Callable[[Connection], T], outbox: PrintOutbox | None,
           now: datetime | None = None, *, ahead: list | tuple = ()) -> T:
    if outbox is None:
        return db.write(tx, ahead=ahead)
    return outbox.write_with(db, tx, now, ahead=ahead)


def record_print_result(db: Database | None, *, ticket_id: int, ok: bool,
                        error: str | None = None, printer: str | None = None,
                        now: datetime | None = None,
                        outbox: PrintOutbox | None = None,
                        band: tuple[int, int] | None = None) -> None:
    """Store the outcome of printing a ticket; with an *outbox* a success waits for the next
    write, a failure is written at once with what the outbox holds."""
    if outbox is not None and ok and band:
        outbox.shown_band(ticket_id, band)
    if outbox is not None and outbox.note_print(ticket_id, ok=ok, error=error, printer=printer,
                                                now=now):
        return  # kept: a success for the next write (a kiosk's ticket not landed: both)
    if db is None:
        raise ValueError("a print result without a database needs an outbox that keeps it")
    now = now_or_clock(now)
    write_with_outbox(db, lambda conn: write_print_result(db, conn, ticket_id=ticket_id, ok=ok,
                                               error=error, printer=printer, now=now,
                                               band=band),
           outbox, now)


def write_print_result(db: Database, conn: Connection, *, ticket_id: int, ok: bool,
                       error: str | None, printer: str | None, now: datetime,
                       band: tuple[int, int] | None = None) -> None:
    """Inside a write: a ticket's print outcome and its event."""
    note(db, conn, ticket_id, print_status="printed" if ok else "failed",
         print_error=None if ok else error,
         kind=EventKind.PRINTED if ok else EventKind.PRINT_FAILED, at=now,
         data={"printer": printer, **({"error": error} if error else _band(band))})
