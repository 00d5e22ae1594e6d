"""Reconcile: the tables against the signed event log they are projections of.

:func:`reconcile` replays the row images every event carries (``db.record.projection``) into a
fresh projection, in event-id order, and compares it with the tables row by row and
column by column. Every difference is named in a sentence a head of office can read
("ticket A-014 (2026-11-03): finished_at 10:42 in the table, 10:58 in the log"): a row
changed, added or deleted with plain ``sqlite3`` leaves no image, so it differs.

Also named: a login whose PIN hash is not the one the log set for that officer (a hash
swapped in and back around the login), a row the log changes without ever having
recorded it, and a personal value erased from a row dated after the last signed
``retention_applied`` cut-off (the purge's erasures are lawful, nothing else's is).

The log itself is verified by ``db.record.audit.verify_chain``: reconcile trusts the images
because the chain proves who wrote them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ult_desktop.core.authority import HEAD_MAY_SIGN, Authority
from ult_desktop.core.chain import PERSONAL_SALT
from ult_desktop.core.personal_data import PERSONAL_DATA
from ult_desktop.db.engine import Database, port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.audit import read_authority
from ult_desktop.db.record.projection import (
    BASELINE,
    BY_TABLE,
    COMMIT_PREFIX,
    COVERED,
    PERSONAL_COLUMNS,
    Covered,
    add_sums,
    commitment,
    row_sum,
)

RETENTION_APPLIED = "retention_applied"
CHUNK = 20_000
#: Differences listed in full; the rest are counted.
MAX_LISTED = 500


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


class _Replay:
    def __init__(self, authority: Authority | None = None) -> None:
        self.authority = authority or Authority()
        self.rows: dict[str, dict[tuple, dict]] = {c.table: {} for c in COVERED}
        self.setby: dict[str, dict[tuple, int]] = {c.table: {} for c in COVERED}
        #: a counted table's groups, ``(table, group)``: how many rows, the sum of what
        #: they say (``projection.row_sum``), and the groups some event counted without
        #: saying it (older events: not bound)
        self.counts: Counter = Counter()
        self.sums: dict[tuple, int] = {}
        self.unbound: set[tuple] = set()
        self._counted: set[tuple] = set()
        self._summed: set[tuple] = set()
        self.diffs: list[Difference] = []
        self.cutoff = ""
        self.provable_from: int | None = None
        self.events = 0
        self.head: int = 0

    def event(self, event_id: int, kind: str, data_text: str | None, rows_text: str | None,
              key: str | None = None, station: str | None = None,
              actor: str | None = None) -> None:
        self.events += 1
        self.head = event_id
        if kind == RETENTION_APPLIED:
            data = _json(data_text)
            before = data.get("before") if isinstance(data, dict) else None
            if isinstance(before, str) and before > self.cutoff:
                self.cutoff = before
        if rows_text is None:
            return
        if self.provable_from is None and (kind == BASELINE or rows_text != "[]"):
            self.provable_from = event_id
        images = _json(rows_text)
        if not isinstance(images, list):
            return
        salt = None
        if COMMIT_PREFIX in rows_text:
            data = _json(data_text)
            salt = data.get(PERSONAL_SALT) if isinstance(data, dict) else None
        self._counted, self._summed = set(), set()
        # Whether each image counts: after the office's first registration only what its
        # signer's role may write (the role looked up once per event), and what only an
        # admin may write only with an admin (or, for stand-ins, the head) signed in
        auth = self.authority
        judged = bool(auth.first) and event_id > auth.first
        role = auth.role_at(key, event_id) if judged else None
        unknown = "unsigned" if key is None else "unregistered"
        for image in images:
            try:
                if not judged:
                    who = None
                elif role is None:
                    who = unknown
                else:
                    who = None if auth.may_write(role or None, image) else role
                if who is None and role == "admin" and image[0] != "v" and \
                        not auth.may_write(None, image) and \
                        not self._admin(actor, image[1] in HEAD_MAY_SIGN):
                    who = "no_admin"  # the admin PC, but no admin signed in at it
            except (IndexError, TypeError):
                continue
            if who is None:
                self._apply(event_id, image, salt)
            elif image[0] != "s":  # (a sum is refused with the answers it sums)
                # not applied: the table then differs from the log where it took effect
                self._refused(event_id, image, who, station)
        self.unbound |= self._counted - self._summed

    def _count(self, cov: Covered, image: list) -> None:
        op = image[0]
        if op in ("i", "d") and not cov.count_by:
            # a row image of a table counted since a newer version (the spent codes'): it
            # says what the row held, so it is bound as it is counted
            row = {**dict(zip(cov.key, image[2], strict=False)),
                   **(image[3] if len(image) > 3 and isinstance(image[3], dict) else {})}
            group = (cov.table, ())
            sign = 1 if op == "i" else -1
            self.counts[group] += sign
            self.sums[group] = add_sums(self.sums.get(group, 0), sign * row_sum(cov, row))
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
        rows = self.rows[table]
        if op == "d":
            rows.pop(key, None)
            self.setby[table][key] = event_id
            return
        values = image[3] if len(image) > 3 and isinstance(image[3], dict) else {}
        personal = PERSONAL_COLUMNS.get(table, ())
        if personal:
            values = {c: ((v, salt) if c in personal and isinstance(v, str)
                          and v.startswith(COMMIT_PREFIX) else v) for c, v in values.items()}
        if op == "i":
            rows[key] = dict(values)
            self.setby[table][key] = event_id
        elif op == "u":
            row = rows.get(key)
            if row is None:
                self.diffs.append(Difference(table, key, "orphan", None, None, None,
                                             event_id, _label(table, key, {})))
                rows[key] = row = {}
            row.update(values)
            self.setby[table][key] = event_id
        elif op == "v":
            row = rows.get(key, {})
            for column, value in values.items():
                if row.get(column) != value:
                    self.diffs.append(Difference(table, key, "pin", column, None, None,
                                                 event_id, _label(table, key, row)))


def _json(text: str | None):
    if not text:
        return None
    try:
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


def _compare(replay: _Replay, table: str, actual: dict[tuple, dict]) -> None:
    cov = BY_TABLE[table]
    logged = replay.rows[table]
    personal = PERSONAL_COLUMNS.get(table, frozenset())
    dated = _date_column(table)
    for key, row in actual.items():
        log_row = logged.get(key)
        event = replay.setby[table].get(key)
        if log_row is None:
            replay.diffs.append(Difference(table, key, "added", None, None, None, event,
                                           _label(table, key, row), _day(table, row, key)))
            continue
        if log_row.items() <= row.items() and all(
                row[c] is None for c in row.keys() - log_row.keys()):
            continue  # the common case, compared at C speed (column by column below)
        for column, value in row.items():
            if column in cov.derived:
                continue
            expected = log_row.get(column)
            if column in personal and isinstance(expected, tuple):
                commit, salt = expected
                if value is None or value == "":
                    day = next((row.get(c) for c in dated if row.get(c)), "") or ""
                    if replay.cutoff and str(day) < replay.cutoff:
                        continue  # a lawful purge
                    replay.diffs.append(Difference(table, key, "erased", column, value,
                                                   expected, event, _label(table, key, row),
                                                   _day(table, row, key)))
                elif salt and commitment(salt, table, column, value) != commit:
                    replay.diffs.append(Difference(table, key, "changed", column, "(personal)",
                                                   "(personal)", event,
                                                   _label(table, key, row),
                                                   _day(table, row, key)))
                continue
            if expected != value and not (expected is None and value == "" and
                                          column in personal):
                replay.diffs.append(Difference(table, key, "changed", column, value, expected,
                                               event, _label(table, key, row),
                                               _day(table, log_row, key)))
    for key, log_row in logged.items():
        if key not in actual:
            replay.diffs.append(Difference(table, key, "deleted", None, None, None,
                                           replay.setby[table].get(key),
                                           _label(table, key, log_row),
                                           _day(table, log_row, key)))


def _table_rows(conn: Connection, table: str) -> dict[tuple, dict]:
    cov = BY_TABLE[table]
    cols = port.columns(conn, table)
    if not cols:
        return {}
    keyidx = [cols.index(c) for c in cov.key]
    cur = conn.cursor()
    cur.row_factory = None
    out = {}
    for row in cur.execute(f"SELECT * FROM {table}"):
        out[tuple(row[i] for i in keyidx)] = dict(zip(cols, row, strict=True))
    return out


def reconcile(db: Database, *, progress: Callable[[int, int], None] | None = None,
              authority: Authority | None = None) -> dict:
    """Replay the log, compare with the tables; the report ``check --json`` prints under
    ``"reconcile"``. ``ok`` is False when any row differs (``differences``).

    Only what its signer was allowed to write is replayed (*authority*, by default read
    from the chain's registrations, ``audit.read_authority``): the rows of an event a
    kiosk, an unregistered key or nobody signed, but only the admin PC may write, are a
    difference of their own, and the table then differs from the log where they
    took effect."""
    replay = _Replay(authority if authority is not None else db.read(read_authority))
    sql = ("SELECT id, kind, data, rows, station_key, station, actor FROM events WHERE id > ? AND "
           "(rows IS NOT NULL OR kind = ?) ORDER BY id LIMIT ?")
    total = db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0]
    after = 0
    while True:
        def chunk(conn: Connection, a=after) -> list[tuple]:
            cur = conn.cursor()
            cur.row_factory = None
            return cur.execute(sql, (a, RETENTION_APPLIED, CHUNK)).fetchall()

        rows = db.read(chunk)
        for row in rows:
            replay.event(*row)
        if progress is not None and rows:
            progress(rows[-1][0], total)
        if len(rows) < CHUNK:
            break
        after = rows[-1][0]

    def tables(conn: Connection):
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        out = {c.table: _table_rows(conn, c.table) for c in COVERED if c.mode == "rows"}
        cur = conn.cursor()
        cur.row_factory = None
        counts: Counter[tuple] = Counter()
        sums: dict[tuple, int] = {}
        for cov in COVERED:
            columns = port.columns(conn, cov.table) if cov.mode == "count" else None
            if not columns:
                continue
            bound = set(cov.content) <= set(columns)
            said = (*cov.content, *(c for c in cov.optional if c in columns)) if bound else ()
            read = (*cov.count_by, *said)
            n = len(cov.count_by)
            for row in cur.execute(f"SELECT {', '.join(read)} FROM {cov.table}"):
                group = (cov.table, tuple(row[:n]))
                counts[group] += 1
                if bound:
                    content = dict(zip(said, row[n:], strict=True))
                    sums[group] = add_sums(sums.get(group, 0), row_sum(cov, content))
        return top, out, counts, sums

    # the tables and the newest events in one read: nothing written between the two
    top, actual, counts, sums = db.read(tables)
    if top > replay.head:
        extra = db.query(sql.replace("LIMIT ?", ""), (replay.head, RETENTION_APPLIED))
        for late in extra:
            if late[0] <= top:
                replay.event(*late)
    if replay.provable_from is None:
        # a file whose log holds no images (older than migration 11 and not migrated):
        # nothing to compare with
        return {"ok": True, "provable_from": None, "differences": [], "count": 0,
                "events": replay.events, "cutoff": replay.cutoff or None}
    for table, rows in actual.items():
        _compare(replay, table, rows)
    for group in set(counts) | set(replay.counts):
        table, key = group
        label, day = "/".join(str(g) for g in key), str(key[1]) if len(key) > 1 else None
        if counts.get(group, 0) != replay.counts.get(group, 0):
            replay.diffs.append(Difference(table, key, "count", None, counts.get(group, 0),
                                           replay.counts.get(group, 0), None, label, day))
        elif group not in replay.unbound and group in replay.sums and \
                sums.get(group, 0) != replay.sums[group]:
            # as many rows as the log says, but not the rows it bound: edited
            replay.diffs.append(Difference(table, key, "answers" if key else "codes", None,
                                           None, None, None, label, day))
    diffs = replay.diffs
    return {"ok": not diffs, "provable_from": replay.provable_from,
            "differences": [d.as_dict() for d in diffs[:MAX_LISTED]], "count": len(diffs),
            "events": replay.events, "cutoff": replay.cutoff or None}
