"""Replaying the log's row images into a fresh projection and comparing it with the tables
(``db.record.reconcile`` hands both in), each difference named in a plain sentence."""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from json.scanner import make_scanner
from operator import itemgetter

from ult_desktop.core import moves
from ult_desktop.core.acts import COUNTED_KINDS, may_sign
from ult_desktop.core.authority import HEAD_MAY_SIGN, SIGN_IN, Acts, Authority
from ult_desktop.core.chain import PERSONAL_SALT
from ult_desktop.core.hall_acts import CLAIMS, TICKET_MARKS
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
from ult_desktop.core.ranges import HeldRanges
from ult_desktop.core.sessions import Sessions
from ult_desktop.core.slips import CODE_RENEWED, SLIP_ASKED, Slips
from ult_desktop.core.verifier import BASELINE, RETENTION_APPLIED

#: Differences listed in full; the rest are counted.
MAX_LISTED = 500
#: The counted tables (the survey's), replayable apart (``Replay``'s *part*) with the
#: officers' and settings' (who is an admin, how long a survey may be answered).
COUNTED = frozenset(c.table for c in COVERED if c.mode == "count")
_PARTS = {None: (frozenset(), False), "rows": (COUNTED, False),
          "counted": (COUNTED | {"officers", "settings"}, True)}


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    problem: str        # changed/added/deleted/erased/orphan/pin/count/authority/answers
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
    def __init__(self, authority: Authority | None = None, part: str | None = None, *,
                 horizon: str = "") -> None:
        """*part*: None, all images; ``"rows"``, all but the counted tables';
        ``"counted"``, only theirs. Two parts over the same events :meth:`join`.
        *horizon*: an event dated after it is in the future (``authority.future_from``)."""
        self.authority = authority or Authority()
        self.part = part
        self._own, self._mine = _PARTS[part]
        self.rows: dict[str, dict[tuple, dict]] = {c.table: {} for c in COVERED}
        self.setby: dict[str, dict[tuple, int]] = {c.table: {} for c in COVERED}
        #: a counted table's ``(table, group)``: rows, their ``images.row_sum``, and the
        #: groups counted unsaid (older events: not bound)
        self.counts: Counter = Counter()
        self.sums: dict[tuple, int] = {}
        self.unbound: set[tuple] = set()
        #: the groups the event being replayed counted, and those it said (emptied after it)
        self._counted: set[tuple] = set()
        self._summed: set[tuple] = set()
        self.diffs: list[Difference] = []
        #: (event id, image's place) where the log named each of :attr:`diffs`
        self.where: list[tuple[int, int]] = []
        self.cutoff = ""
        self.acts = Acts(horizon=horizon, labels=self.authority.labels,
                         public=self.authority.public, cases=self.rows["cases"],
                         officers=self.rows["officers"],
                         sessions=Sessions(self.rows["settings"], self.authority.desks),
                         ranges=HeldRanges(self.rows["number_reserves"]))
        #: (what, table, admin or "", day, month) -> how many: the admin station's changes
        #: to a month after its report was issued, each stated on the reprinted report
        self.stated: Counter = Counter()
        self.slips = Slips()  # the visits' slips asked of a kiosk and not printed yet
        self._days: tuple[object, int] = (None, 7)  # the answer window's setting, read
        self.provable_from: int | None = None
        self.events = 0
        self.head: int = 0

    def play(self, events: Iterable[tuple]) -> None:
        """Replay *events* ``(id, kind, data, rows, key, station, actor, at)`` in id order
        (one loop: five years is over half a million), each judged as an act (:class:`Acts`)."""
        auth, apply, refused = self.authority, self._apply, self._refused
        counted, summed = self._counted, self._summed
        free_of: dict[str | None, frozenset[str]] = {}
        may: dict[tuple, bool] = {}  # (role, kind) -> whether the table of acts holds it
        fixed: dict[str | None, str | None] = {}  # the role of a key that has only one
        first = auth.first
        diffs, where = self.diffs, self.where
        own, mine, split = self._own, self._mine, self.part is not None
        acts = self.acts
        ahead = acts.horizon or "\uffff"  # an event dated after it: judged in full
        online, last_id = acts.online, acts.last_id
        tickets, officers = self.rows["tickets"], self.rows["officers"]
        for event_id, kind, data_text, rows_text, key, station, actor, at in events:
            self.events += 1
            self.head = event_id
            if kind == RETENTION_APPLIED:
                data = _json(data_text)
                before = data.get("before") if isinstance(data, dict) else None
                if isinstance(before, str) and before > self.cutoff:
                    self.cutoff = before
            # After the first registration an image counts only if its signer's role may
            # write it (admin-only rows: with an admin signed in); each event is an act
            judged = first and event_id > first
            role: str | None = None
            act = None  # why the event as a whole may not stand as an act
            offline = False
            if judged:
                if key in fixed:
                    role = fixed[key]
                else:  # not yet known, or a key whose role changed: by event
                    role = auth.role_at(key, event_id)
                    if len(auth.roles.get(key or "", ())) < 2:
                        fixed[key] = role
                data = _json(data_text) if type(data_text) is str and (
                    kind in _READ_DATA or '"offline": true' in data_text) else None
                # offline only by the data's own shape (its act is verified), never by words
                offline = isinstance(data, dict) and data.get("offline") is True
                signs = (role, kind)
                if signs not in may:
                    may[signs] = role is None or may_sign(role or None, kind)
                # a row-less event no figure reads is judged by its kind only: its time
                # moves nothing (a station's login with its clock ahead dates no one back)
                timed = rows_text is not None or kind in _TIMED
                if not may[signs] or offline or data is not None or type(at) is not str \
                        or at > ahead or kind == SIGN_IN:  # (dated ahead: named; a sign-in:
                    # its proof judged, whether it has data or none)
                    if offline:
                        acts.event_ticket = _ticket_of(rows_text, tickets)
                    act = acts.event(event_id, kind, at, key, role, actor, data,
                                     auth.labels.get(key or ""), station, offline)
                    if act is None and kind in TICKET_MARKS and role != "admin" and (
                            rows_text is None or '"tickets"' not in rows_text):
                        act = "kind_move"  # a fetch or a Deaf mark is a ticket's move
                    if act is None and kind == SLIP_ASKED and role in ("counter", "admin") \
                            and isinstance(data, dict):
                        self.slips.asked(event_id, data, self.rows["cases"].get(
                            (data.get("case_id"),)))
                elif timed:  # an ordinary online event: only taken in (Acts.event, inline)
                    acts.event_id = event_id
                    if at > acts.agreed:
                        acts.saw(at, key)
                    if key is not None:
                        if at > online.get(key, ""):
                            online[key] = at
                        last_id[key] = event_id
                if act is not None and (rows_text is None or act == "future" and
                                        not any(f'"{t}"' in rows_text for t in _ACT_TABLES)):
                    self._refused_act(event_id, kind, (event_id,), act, station, at)
                    if split:
                        where.append((event_id, 0))
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
            if judged:
                unknown = "unsigned" if key is None else "unregistered"
                if role not in free_of:
                    free_of[role] = auth.any_row(role or None) if role != "admin" \
                        else frozenset()
                free = free_of[role]
            answers = _answers(images, role) if judged and role in _JUDGED_ROLES and \
                '"skm_responses"' in rows_text else None
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
                if role == "admin" and acts.reported and who is None and image[0] in "inud" \
                        and self._state_change(image, actor, at):
                    who = "no_admin"  # a reported month changed with no admin signed in
                why = None
                if who is None and act is not None:
                    why = act  # the event may not stand as an act: none of its rows do
                elif who is None and judged and role in _JUDGED_ROLES and \
                        image[1] in _MOVED:
                    acts.kind = kind
                    if image[1] == "tickets":  # (most images of five years: no detour)
                        tid = tuple(image[2])
                        why = acts.ticket(role, key, image, tid, tickets.get(tid)
                                          if image[0] != "i" else None, at, offline,
                                          officers, station)
                    elif image[1] in moves.DATED:
                        row = self.rows[image[1]].get(tuple(image[2]))
                        why = moves.dated(kind, role, image, row, at, acts.setting(
                            "timezone"), acts.closed)
                        if why is None and kind == CODE_RENEWED and role == "kiosk":
                            why = self.slips.renewed(image[2][0], auth.labels.get(key or ""),
                                                     row, at, acts.setting("timezone"),
                                                     acts.followups)
                    elif image[1] == "number_reserves":
                        why = acts.reserve(image, at, station, key)
                    elif image[1] == "counter_pauses":
                        why = acts.pause(key, image, officers, at)
                    elif image[1] == "counters":  # (its services: a session open there)
                        why = acts.sessions.services_fault(key, self.rows["counters"].get(
                            tuple(image[2])), at, event_id)
                    else:
                        why = self._answer(image, answers, at, role)
                if why is not None:
                    if image[0] != "s":
                        self._refused_act(event_id, image[1], tuple(image[2]), why,
                                          station, at, image)
                    else:  # said, though refused: the group stays bound (compared)
                        summed.add((image[1], tuple(image[2])))
                elif who is None:
                    apply(event_id, image, salt)
                elif image[0] != "s":  # (a sum is refused with the answers it sums)
                    # not applied: the table differs from the log where it took effect
                    refused(event_id, image, who, station)
                if split and len(diffs) > len(where):
                    where += [(event_id, n)] * (len(diffs) - len(where))
            if counted:  # groups this event counted without saying what they hold
                self.unbound |= counted - summed
                counted.clear()
            summed.clear()

    def _state_change(self, image: list, actor: str | None, at: str) -> bool:
        """Note the admin station's change *image* to a reported month (stated on the
        reprinted report, :attr:`stated`); whether no admin was signed in to make it."""
        table, key = image[1], tuple(image[2])
        if table not in BY_TABLE or table in _UNDATED:
            return False
        values = image[3] if len(image) > 3 and type(image[3]) is dict else None
        row = self.rows.get(table, {}).get(key)
        # its month before, and after (a row moved into a reported month changes it too)
        months = {d[:7] for d in (_day(table, row or values, key), _day(
            table, {**(row or {}), **values}, key) if values and row else None) if d}
        months &= self.acts.reported
        if not months:
            return False
        admin = actor if self._admin(actor) else ""
        what = {"i": "added", "n": "added", "d": "deleted"}.get(image[0], "changed")
        for month in sorted(months):
            self.stated[(what, table, admin, str(at)[:10], month)] += 1
        return not admin

    def _answer(self, image: list, answers: str | None, at: str, role: str) -> str | None:
        """Why a survey answer's image may not stand as an act (*answers*: its event's
        reason), or None: not in a reported month, never deleted; from a kiosk or tablet,
        only within ``skm_answer_days`` of a visit of that month."""
        if image[0] not in ("n", "s", "d"):
            return answers
        period = str(image[2][1])
        if period in self.acts.reported:
            return "reported_month"
        if image[0] == "d":  # (the app's own rewrite of a month is written unimaged)
            return "role"
        if role != "counter" and not self.acts.answerable(period, at, self._answer_days()):
            return "answer_window"
        return answers

    def _answer_days(self) -> int:
        value = (self.rows["settings"].get(("skm_answer_days",)) or {}).get("value")
        if value == self._days[0]:
            return self._days[1]
        try:
            days = max(1, min(90, int(json.loads(value) if isinstance(value, str) else
                                      value if isinstance(value, int) else 7)))
        except (TypeError, ValueError):
            days = 7
        self._days = (value, days)
        return days

    def _refused_act(self, event_id: int, table: str, key: tuple, why: str,
                     station: str | None, at: str | None, image: list | None = None) -> None:
        row = self.rows.get(table, {}).get(key) or {}
        if image is not None and image[0] == "i" and len(image) > 3 and type(image[3]) is dict:
            row = image[3]  # a row refused at its birth: named as it was written
            if table in _IDS_TAKEN:  # its id is still taken in the table: issuing skips it
                self.acts.took(table, key, row)
        label = _label(table, key, row) if table in BY_TABLE else table
        day = _day(table, row, key) if table in BY_TABLE else str(at or "")[:10] or None
        self.diffs.append(Difference(table, key, "act", why, station, None, event_id,
                                     label, day))

    def _count(self, cov: Covered, image: list) -> None:
        op = image[0]
        if op in ("i", "d") and not cov.count_by:
            # a table counted since a newer version: its image binds what the row held
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
        """Whether *username* is an active admin (or, *or_head*, the head) so far."""
        roles = ("admin", "supervisor") if or_head else ("admin",)
        return bool(username) and any(
            row.get("username") == username and row.get("role") in roles
            and row.get("active", 1) in (1, True) for row in self.rows["officers"].values())

    def _refused(self, event_id: int, image: list, who: str, station: str | None) -> None:
        table = image[1] if isinstance(image[1], str) else "?"
        key = tuple(image[2]) if isinstance(image[2], list) else ()
        row = self.rows.get(table, {}).get(key) or (
            image[3] if len(image) > 3 and isinstance(image[3], dict) else {})
        if image[0] == "i" and table in _IDS_TAKEN and len(image) > 3 and row is image[3]:
            self.acts.took(table, key, row)  # refused, yet its id is taken in the table
        self.diffs.append(Difference(table, key, "authority", who or "none", station, None,
                                     event_id, _label(table, key, row),
                                     _day(table, row, key) if table in BY_TABLE else None))

    def _apply(self, event_id: int, image: list, salt: str | None) -> None:
        try:
            op, table = image[0], image[1]
            cov, personal, ids_taken = _APPLIED[table]
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
        if personal:
            values = {c: ((v, salt) if c in personal and isinstance(v, str)
                          and v.startswith(COMMIT_PREFIX) else v) for c, v in values.items()}
        if op == "u":  # (the most images: a ticket's moves)
            row = rows.get(key)
            if row is None:
                self.diffs.append(Difference(table, key, "orphan", None, None, None,
                                             event_id, _label(table, key, {})))
                rows[key] = row = {}
            row.update(values)
            setby[key] = event_id
        elif op == "i":
            rows[key] = values  # (made for this image: no copy)
            setby[key] = event_id
            if ids_taken:
                self.acts.took(table, key, values)
        elif op == "v":
            row = rows.get(key, {})
            for column, value in values.items():
                if row.get(column) != value:
                    self.diffs.append(Difference(table, key, "pin", column, None, None,
                                                 event_id, _label(table, key, row)))

    def compare(self, table: str, columns: tuple[str, ...], actual: dict[tuple, tuple]) -> None:
        """Name every row of *table* (*actual*: key -> values in *columns* order) that
        differs from the replayed one, and every replayed row it lacks."""
        cov = BY_TABLE[table]
        logged, setby = self.rows[table], self.setby[table]
        personal = PERSONAL_COLUMNS.get(table, frozenset())
        dated = _date_column(table)

        def differ(key: tuple, problem: str, row: dict, event: int | None, column=None,
                   in_table=None, in_log=None, day_row: dict | None = None) -> None:
            self.diffs.append(Difference(table, key, problem, column, in_table, in_log, event,
                                         _label(table, key, row),
                                         _day(table, row if day_row is None else day_row, key)))

        for key, values in actual.items():
            log_row = logged.get(key)
            if log_row is not None and tuple(map(log_row.get, columns)) == values:
                continue  # the common case, compared at C speed (column by column below)
            row = dict(zip(columns, values, strict=True))
            event = setby.get(key)
            if log_row is None:
                differ(key, "added", row, event)
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
                        differ(key, "erased", row, event, column, value, expected)
                    elif salt and commitment(salt, table, column, value) != commit:
                        differ(key, "changed", row, event, column, "(personal)", "(personal)")
                    continue
                if expected != value and not (expected is None and value == "" and
                                              column in personal):  # (a moved day: the
                    # month it was moved into is the one whose figures it changes)
                    differ(key, "changed", row, event, column, value, expected,
                           row if column in _DAY_COLUMNS else log_row)
        for key, log_row in logged.items():
            if key not in actual:
                differ(key, "deleted", log_row, setby.get(key))

    def join(self, counted: Replay) -> None:
        """Take the ``"counted"`` part replayed over the same events: its differences in
        the log's order among this part's, and its counts. Before :meth:`compare`."""
        theirs = [(at, d) for at, d in zip(counted.where, counted.diffs, strict=True)
                  if d.table in COUNTED]  # (the officers' are this part's)
        pairs = list(heapq.merge(zip(self.where, self.diffs, strict=True), theirs,
                                 key=itemgetter(0)))
        self.where[:] = [at for at, _ in pairs]
        self.diffs[:] = [d for _, d in pairs]
        self.counts, self.sums, self.unbound = counted.counts, counted.sums, counted.unbound
        self.stated.update({k: n for k, n in counted.stated.items() if k[1] in COUNTED})

    def compare_counts(self, counts: Counter, sums: dict[tuple, int]) -> None:
        """The counted groups: as many rows as the log says, holding what it bound."""
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
                "events": self.events, "cutoff": self.cutoff or None,
                "reported": sorted(self.acts.reported),
                "stated": [{"what": w, "table": t, "admin": a, "day": d, "month": m,
                            "count": n} for (w, t, a, d, m), n in sorted(self.stated.items())]}


#: The roles whose acts are judged, the tables judged, and the events whose data is read.
_JUDGED_ROLES = frozenset({"kiosk", "counter", "survey"})
_ACT_TABLES = frozenset({"tickets", "skm_responses", "number_reserves"})
_MOVED = _ACT_TABLES | moves.DATED | {"counter_pauses", "counters"}
#: Tables of the office's configuration and people: of no month (never "a month changed").
_UNDATED = frozenset({"settings", "services", "counters", "officers", "sop_targets",
                      "pin_lockouts", "standins", "station_keys"})
#: The tables whose rows take ticket ids (``Acts.took``).
_IDS_TAKEN = frozenset({"tickets", "number_reserves"})
#: Each covered table: how it is covered, its personal columns, whether its rows take ids.
_APPLIED = {c.table: (c, PERSONAL_COLUMNS.get(c.table, frozenset()), c.table in _IDS_TAKEN)
            for c in COVERED}
_READ_DATA = frozenset({*COUNTED_KINDS, *CLAIMS, "report_issued", SIGN_IN, SLIP_ASKED})
#: The row-less events whose time the judge takes in: those it reads, sign-ins, purges.
_TIMED = frozenset({*_READ_DATA, SIGN_IN, RETENTION_APPLIED})


def _ticket_of(rows_text: str | None, tickets: dict) -> tuple:
    """The ticket an event's images write (its key) and its row as it stood ((None,
    None): none; a row of no visit when they write more than one: an act's is one)."""
    images = _json(rows_text) if rows_text and '"tickets"' in rows_text else None
    tids = {tuple(image[2]) for image in (images if type(images) is list else ()) if type(
        image) is list and len(image) > 2 and image[1] == "tickets" and type(image[2]) is list}
    tid = next(iter(tids), None)
    return (tid, tickets.get(tid)) if len(tids) < 2 else (tid, {})


def _answers(images: list, role: str | None) -> str | None:
    """Why an event's survey answers may not stand: a kiosk's or tablet's answer comes with
    a code spent in the same event, in a month whose report is not out."""
    spent = answers = 0
    for image in images:  # (a spent code's image is "n", or "i" as older versions wrote)
        if type(image) is list and len(image) > 2 and image[0] in ("n", "i"):
            if image[1] == "skm_spent_codes":
                spent += 1
            elif image[1] == "skm_responses" and image[0] == "n":
                answers += 1
    return "no_code" if role != "counter" and answers > spent else None


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
    named = row.get(_NAMED_BY.get(table, ""))  # (an officer, a service, a counter)
    return str(named) if named not in (None, "") else "/".join(str(k) for k in key)


#: The column that names a row of a table to a head of office (a ticket: its number, day).
_NAMED_BY = {"officers": "username", "services": "prefix", "counters": "number"}


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
    return next((p.age_columns for p in PERSONAL_DATA if p.table == table), ())
