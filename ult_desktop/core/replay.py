"""Replaying the log's row images into a fresh projection, and comparing it with the tables.

``db.record.reconcile`` reads the events and the tables and hands them to :class:`Replay`;
every difference is named in a sentence a head of office can read ("ticket A-014
(2026-11-03): finished_at 10:42 in the table, 10:58 in the log"). No database here.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from json.scanner import make_scanner
from operator import itemgetter

from ult_desktop.core.authority import HEAD_MAY_SIGN, Authority
from ult_desktop.core.chain import PERSONAL_SALT
from ult_desktop.core.images import (
    BY_TABLE,
    COMMIT_PREFIX,
    COVERED,
    PERSONAL_COLUMNS,
    Covered,
    add_sums,
    commitment,
    row_sum,
)
from ult_desktop.core.personal_data import PERSONAL_DATA
from ult_desktop.core.verifier import BASELINE, RETENTION_APPLIED

#: Differences listed in full; the rest are counted.
MAX_LISTED = 500
#: The counted tables (the survey's): their images may be replayed apart (``Replay``'s
#: *part*), and the officers' with them (their rows say who is an admin, ``_admin``).
COUNTED = frozenset(c.table for c in COVERED if c.mode == "count")
_PARTS = {None: (frozenset(), False), "rows": (COUNTED, False),
          "counted": (COUNTED | {"officers"}, True)}


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    problem: str        # changed / added / deleted / erased / orphan / pin / count /
    #                     authority (a signer that may not write it) / answers (sum)
    column: str | None
    in_table: object
    in_log: object
    event: int | None   # the event that last set the logged value
    label: str          # "ticket A-014 (2026-11-03)"
    day: str | None = None  # the office day (or month) the row belongs to

    def as_dict(self) -> dict:
        return {"table": self.table, "key": list(self.key), "problem": self.problem,
                "column": self.column, "in_table": _show(self.in_table),
                "in_log": _show(self.in_log), "event": self.event, "label": self.label,
                "day": self.day}


def _show(value) -> object:
    if isinstance(value, tuple):  # a personal value's commitment: never shown
        return "(personal)"
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "..."
    return value


class Replay:
    def __init__(self, authority: Authority | None = None, part: str | None = None) -> None:
        """*part*: which images are replayed: None, all; ``"rows"``, all but the counted
        tables'; ``"counted"``, only theirs (and the officers', whose differences are the
        other part's). Two parts replayed over the same events are one replay
        (:meth:`join`)."""
        self.authority = authority or Authority()
        self.part = part
        self._own, self._mine = _PARTS[part]
        self.rows: dict[str, dict[tuple, dict]] = {c.table: {} for c in COVERED}
        self.setby: dict[str, dict[tuple, int]] = {c.table: {} for c in COVERED}
        #: a counted table's groups, ``(table, group)``: how many rows, the sum of what
        #: they say (``images.row_sum``), and the groups some event counted without
        #: saying it (older events: not bound)
        self.counts: Counter = Counter()
        self.sums: dict[tuple, int] = {}
        self.unbound: set[tuple] = set()
        #: the groups the event being replayed counted, and those it said (emptied after it)
        self._counted: set[tuple] = set()
        self._summed: set[tuple] = set()
        self.diffs: list[Difference] = []
        #: where the log named each of :attr:`diffs` (event id, the image's place in it),
        #: kept by a part for :meth:`join`
        self.where: list[tuple[int, int]] = []
        self.cutoff = ""
        self.provable_from: int | None = None
        self.events = 0
        self.head: int = 0

    def play(self, events: Iterable[tuple]) -> None:
        """Replay *events*, in id order: ``(id, kind, data, rows, station key, station,
        actor)`` each (one loop: a five-year log is more than half a million of them)."""
        auth, apply, refused = self.authority, self._apply, self._refused
        counted, summed = self._counted, self._summed
        free_of: dict[str | None, frozenset[str]] = {}
        fixed: dict[str | None, str | None] = {}  # the role of a key that has only one
        first = auth.first
        diffs, where = self.diffs, self.where
        own, mine, split = self._own, self._mine, self.part is not None
        for event_id, kind, data_text, rows_text, key, station, actor in events:
            self.events += 1
            self.head = event_id
            if kind == RETENTION_APPLIED:
                data = _json(data_text)
                before = data.get("before") if isinstance(data, dict) else None
                if isinstance(before, str) and before > self.cutoff:
                    self.cutoff = before
            if rows_text is None:
                continue
            if self.provable_from is None and (kind == BASELINE or rows_text != "[]"):
                self.provable_from = event_id
            images = _json(rows_text)
            if type(images) is not list:
                continue
            salt = None
            if COMMIT_PREFIX in rows_text:
                data = _json(data_text)
                salt = data.get(PERSONAL_SALT) if isinstance(data, dict) else None
            # Whether each image counts: after the office's first registration only
            # what its signer's role may write (the role looked up once per event),
            # and what only an admin may write only with an admin (or, for stand-ins,
            # the head) signed in
            judged = first and event_id > first
            role: str | None = None
            if judged:
                if key in fixed:
                    role = fixed[key]
                else:  # not yet known, or a key whose role changed: by event
                    role = auth.role_at(key, event_id)
                    if len(auth.roles.get(key or "", ())) < 2:
                        fixed[key] = role
                unknown = "unsigned" if key is None else "unregistered"
                if role not in free_of:
                    free_of[role] = auth.any_row(role or None) if role != "admin" \
                        else frozenset()
                free = free_of[role]
            for n, image in enumerate(images):
                if split:  # the other part's images: not this replay's
                    table = image[1] if type(image) is list and len(image) > 1 else None
                    if (type(table) is str and table in own) is not mine:
                        continue
                try:
                    if not judged:
                        who = None
                    elif role is None:
                        who = unknown
                    elif type(image[1]) is str and image[1] in free:
                        who = None  # (what auth.may_write says without judging it)
                    else:
                        who = None if auth.may_write(role or None, image) else role
                    if who is None and role == "admin" and image[0] != "v" and \
                            not auth.may_write(None, image) and \
                            not self._admin(actor, image[1] in HEAD_MAY_SIGN):
                        who = "no_admin"  # the admin PC, but no admin signed in at it
                except (IndexError, TypeError):
                    continue
                if who is None:
                    apply(event_id, image, salt)
                elif image[0] != "s":  # (a sum is refused with the answers it sums)
                    # not applied: the table then differs from the log where it took
                    # effect
                    refused(event_id, image, who, station)
                if split and len(diffs) > len(where):
                    where += [(event_id, n)] * (len(diffs) - len(where))
            if counted:  # groups this event counted without saying what they hold
                self.unbound |= counted - summed
                counted.clear()
            summed.clear()

    def _count(self, cov: Covered, image: list) -> None:
        op = image[0]
        if op in ("i", "d") and not cov.count_by:
            # a row image of a table counted since a newer version (the spent codes'): it
            # says what the row held, so it is bound as it is counted
            row = dict(zip(cov.key, image[2], strict=False))
            if len(image) > 3 and isinstance(image[3], dict):
                row.update(image[3])
            group = (cov.table, ())
            value = row_sum(cov, row)
            self.counts[group] += 1 if op == "i" else -1
            self.sums[group] = add_sums(self.sums.get(group, 0), value if op == "i" else -value)
            self._summed.add(group)
            return
        group = (cov.table, tuple(image[2]))
        if op == "s":
            self.sums[group] = add_sums(self.sums.get(group, 0), int(str(image[3]), 16))
            self._summed.add(group)
        elif op in ("n", "d"):
            self.counts[group] += 1 if op == "n" else -1
            self._counted.add(group)

    def _admin(self, username: str | None, or_head: bool = False) -> bool:
        """Whether *username* is an active admin (or, *or_head*, the head of office) in
        the projection as replayed so far."""
        roles = ("admin", "supervisor") if or_head else ("admin",)
        return bool(username) and any(
            row.get("username") == username and row.get("role") in roles
            and row.get("active", 1) in (1, True) for row in self.rows["officers"].values())

    def _refused(self, event_id: int, image: list, who: str, station: str | None) -> None:
        table = image[1] if isinstance(image[1], str) else "?"
        key = tuple(image[2]) if isinstance(image[2], list) else ()
        row = self.rows.get(table, {}).get(key) or (
            image[3] if len(image) > 3 and isinstance(image[3], dict) else {})
        self.diffs.append(Difference(table, key, "authority", who or "none", station, None,
                                     event_id, _label(table, key, row),
                                     _day(table, row, key) if table in BY_TABLE else None))

    def _apply(self, event_id: int, image: list, salt: str | None) -> None:
        try:
            op, table = image[0], image[1]
            cov = BY_TABLE[table]
        except (IndexError, KeyError, TypeError):
            return
        if cov.mode == "count":
            self._count(cov, image)
            return
        key = tuple(image[2])
        rows, setby = self.rows[table], self.setby[table]
        if op == "d":
            rows.pop(key, None)
            setby[key] = event_id
            return
        values = image[3] if len(image) > 3 and isinstance(image[3], dict) else {}
        personal = PERSONAL_COLUMNS.get(table, ())
        if personal:
            values = {c: ((v, salt) if c in personal and isinstance(v, str)
                          and v.startswith(COMMIT_PREFIX) else v) for c, v in values.items()}
        if op == "i":
            rows[key] = values  # (made for this image: no copy)
            setby[key] = event_id
        elif op == "u":
            row = rows.get(key)
            if row is None:
                self.diffs.append(Difference(table, key, "orphan", None, None, None,
                                             event_id, _label(table, key, {})))
                rows[key] = row = {}
            row.update(values)
            setby[key] = event_id
        elif op == "v":
            row = rows.get(key, {})
            for column, value in values.items():
                if row.get(column) != value:
                    self.diffs.append(Difference(table, key, "pin", column, None, None,
                                                 event_id, _label(table, key, row)))

    def compare(self, table: str, columns: tuple[str, ...], actual: dict[tuple, tuple]) -> None:
        """Name every row of *table* (*actual*: key -> the row's values in *columns* order,
        as the table holds it) that differs from the replayed one, and every replayed
        row the table lacks."""
        cov = BY_TABLE[table]
        logged, setby = self.rows[table], self.setby[table]
        personal = PERSONAL_COLUMNS.get(table, frozenset())
        dated = _date_column(table)
        for key, values in actual.items():
            log_row = logged.get(key)
            if log_row is not None and tuple(map(log_row.get, columns)) == values:
                continue  # the common case, compared at C speed (column by column below)
            row = dict(zip(columns, values, strict=True))
            event = setby.get(key)
            if log_row is None:
                self.diffs.append(Difference(table, key, "added", None, None, None, event,
                                             _label(table, key, row), _day(table, row, key)))
                continue
            for column, value in row.items():
                if column in cov.derived:
                    continue
                expected = log_row.get(column)
                if column in personal and isinstance(expected, tuple):
                    commit, salt = expected
                    if value is None or value == "":
                        day = next((row.get(c) for c in dated if row.get(c)), "") or ""
                        if self.cutoff and str(day) < self.cutoff:
                            continue  # a lawful purge
                        self.diffs.append(Difference(table, key, "erased", column, value,
                                                     expected, event, _label(table, key, row),
                                                     _day(table, row, key)))
                    elif salt and commitment(salt, table, column, value) != commit:
                        self.diffs.append(Difference(table, key, "changed", column, "(personal)",
                                                     "(personal)", event,
                                                     _label(table, key, row),
                                                     _day(table, row, key)))
                    continue
                if expected != value and not (expected is None and value == "" and
                                              column in personal):
                    self.diffs.append(Difference(table, key, "changed", column, value, expected,
                                                 event, _label(table, key, row),
                                                 _day(table, log_row, key)))
        for key, log_row in logged.items():
            if key not in actual:
                self.diffs.append(Difference(table, key, "deleted", None, None, None,
                                             setby.get(key),
                                             _label(table, key, log_row),
                                             _day(table, log_row, key)))

    def join(self, counted: Replay) -> None:
        """Take the counted tables' part, *counted* (``Replay(part="counted")``), replayed
        over the same events as this ``"rows"`` part: its differences in the log's order
        among this part's (by event, then image), and its counts. Before :meth:`compare`."""
        theirs = [(at, d) for at, d in zip(counted.where, counted.diffs, strict=True)
                  if d.table in COUNTED]  # (the officers' are this part's)
        pairs = list(heapq.merge(zip(self.where, self.diffs, strict=True), theirs,
                                 key=itemgetter(0)))
        self.where[:] = [at for at, _ in pairs]
        self.diffs[:] = [d for _, d in pairs]
        self.counts, self.sums, self.unbound = counted.counts, counted.sums, counted.unbound

    def compare_counts(self, counts: Counter, sums: dict[tuple, int]) -> None:
        """The counted tables' groups: as many rows as the log says (*counts*), and
        the rows it bound (*sums*, ``images.row_sum``)."""
        for group in sorted(set(counts) | set(self.counts), key=str):  # the same order each run
            table, key = group
            label, day = "/".join(str(g) for g in key), str(key[1]) if len(key) > 1 else None
            if counts.get(group, 0) != self.counts.get(group, 0):
                self.diffs.append(Difference(table, key, "count", None, counts.get(group, 0),
                                             self.counts.get(group, 0), None, label, day))
            elif group not in self.unbound and group in self.sums and \
                    sums.get(group, 0) != self.sums[group]:
                # as many rows as the log says, but not the rows it bound: edited
                self.diffs.append(Difference(table, key, "answers" if key else "codes", None,
                                             None, None, None, label, day))

    def result(self) -> dict:
        """The report ``check --json`` prints under ``"reconcile"``."""
        diffs = self.diffs
        return {"ok": not diffs, "provable_from": self.provable_from,
                "differences": [d.as_dict() for d in diffs[:MAX_LISTED]], "count": len(diffs),
                "events": self.events, "cutoff": self.cutoff or None}


_SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # typeshed: a decoder is its context


def _json(text: str | None):
    if not text:
        return None
    if type(text) is str:  # compact JSON as the app writes it: scanned at once
        try:
            value, end = _SCAN(text, 0)
            if end == len(text):
                return value
        except (StopIteration, ValueError, RecursionError):
            pass
    try:  # anything else exactly as json.loads reads it
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _label(table: str, key: tuple, row: dict) -> str:
    """How a head of office names the row (never a personal value)."""
    if table == "tickets" and row.get("number"):
        return f"{row['number']} ({row.get('day', '')})"
    if table == "officers" and row.get("username"):
        return str(row["username"])
    if table == "services" and row.get("prefix"):
        return f"{row['prefix']}"
    if table == "counters" and row.get("number") is not None:
        return f"{row['number']}"
    return "/".join(str(k) for k in key)


_DAY_COLUMNS = ("day", "opened_at", "report_period", "created_at")


def _day(table: str, row: dict | None, key: tuple) -> str | None:
    if table == "skm_responses":
        return str(key[1]) if len(key) > 1 else None
    for column in _DAY_COLUMNS:
        value = (row or {}).get(column)
        if isinstance(value, str) and value:
            return value[:10]
    return None


def _date_column(table: str) -> tuple[str, ...]:
    for p in PERSONAL_DATA:
        if p.table == table:
            return p.age_columns
    return ()
