"""Row images: what an event says its transaction wrote to the covered tables.

Captured by ``db.record.projection``, replayed by ``db.record.reconcile``; engine-neutral
JSON keyed by the table's primary key:

- ``["i", table, key, {column: value, ...}]``: a row was inserted (NULL columns left out);
- ``["u", table, key, {column: value, ...}]``: the columns that changed;
- ``["d", table, key]``: the row was deleted;
- ``["v", table, key, {column: value}]``: the row held this value when used (a PIN hash);
- ``["n", "skm_responses", [service_id, period, source]]``: one survey response added
  (answers never enter the log: its time and order would link them to the visit);
- ``["s", "skm_responses", [service_id, period, source], hex]``: the sum modulo 2**256
  of :func:`row_sum` of the responses added less those removed, so an answer edited in
  place is named without the log saying it; ``skm_spent_codes`` is counted likewise.

Personal values appear only as ``"c:" + SHA-256(salt, table, column, value)``, the salt
erased by the purge with the values (docs/security.md)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ult_desktop.core.chain import compact_json
from ult_desktop.core.personal_data import PERSONAL_DATA
from ult_desktop.core.skm import ELEMENT_COUNT, PROFILE, SPAK_COLUMNS

#: The columns of a survey response the log counts by.
COUNT_BY = ("service_id", "period", "source")
#: What an answer says (its id is random and rewritten; the suggestion may be purged).
ANSWER_CONTENT = ("service_id", "period", "source",
                  *(f"a{i}" for i in range(1, ELEMENT_COUNT + 1)), *PROFILE)


@dataclass(frozen=True)
class Covered:
    table: str
    key: tuple[str, ...]
    #: columns that are a cache of the log, not a fact (never compared)
    derived: tuple[str, ...] = ()
    #: "rows" (images of the rows) or "count" (only how many, by :attr:`count_by`, and
    #: the sum of what the rows say, :attr:`content`: the survey's tables)
    mode: str = "rows"
    count_by: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    #: what a row may also say (the SPAK items): in its sum only when it says it, so the
    #: sums of rows written before the columns existed stay what they were
    optional: tuple[str, ...] = ()


COVERED: tuple[Covered, ...] = (
    Covered("settings", ("key",)),
    *(Covered(table, ("id",)) for table in ("services", "counters", "officers")),
    Covered("sop_targets", ("service_id", "step")),
    Covered("pin_lockouts", ("subject",)),
    # issue_event: the id of the ticket's own 'issued' event (found from the log)
    Covered("tickets", ("id",), derived=("issue_event",)),
    *(Covered(table, ("id",)) for table in ("register_records", "cases", "handovers")),
    Covered("skm_spent_codes", ("code_hash",), mode="count", content=("code_hash",)),
    Covered("skm_followups", ("id",)),
    Covered("skm_responses", ("id",), mode="count", count_by=COUNT_BY,
            content=ANSWER_CONTENT, optional=SPAK_COLUMNS),
    Covered("number_reserves", ("day", "prefix", "first_seq")),
    Covered("counter_pauses", ("counter",)),
    Covered("standins", ("id",)),
)
BY_TABLE = {c.table: c for c in COVERED}
PERSONAL_COLUMNS: dict[str, frozenset[str]] = {
    p.table: frozenset(p.columns) for p in PERSONAL_DATA if p.columns}
COMMIT_PREFIX = "c:"


_MOD = 2 ** 256


def row_sum(cov: Covered, row: Any) -> int:
    """The SHA-256 of what a counted row says (``cov.content``, and ``cov.optional``
    when any of it is there), as a number."""
    said = [row[c] for c in cov.content]
    extra = [row.get(c) if isinstance(row, dict) else row[c] for c in cov.optional
             if not isinstance(row, dict) or c in row]
    return values_sum(said, extra)


def values_sum(said: list, extra: list) -> int:
    """:func:`row_sum` of a row's content values *said* (in ``cov.content`` order) and the
    optional ones it has, *extra* (in ``cov.optional`` order)."""
    for value in extra:
        if value is not None:
            said.append(extra)
            break
    text = compact_json(said)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def add_sums(a: int, b: int) -> int:
    return (a + b) % _MOD


def decoded(t: str, k: str, old: str | None, new: str | None) -> tuple:
    """A capture row as a server's table keeps it (JSON text) as :func:`images_of` takes it."""
    return (t, tuple(json.loads(k)), old if old == "v" else old and json.loads(old),
            new and json.loads(new))


def images_of(rows: list) -> list[list]:
    """The images of one transaction from its capture's ``(table, key, old, new)`` rows
    (``old`` ``"v"``: a value noted as used)."""
    # one image per row, at the place the transaction first touched it: its state
    # before the first change and after the last
    merged: dict[tuple[str, tuple], list] = {}
    order: list = []
    for t, k, old, new in rows:
        if old == "v":
            order.append(["v", t, list(k), new])
        elif (t, k) in merged:
            merged[(t, k)][3] = new
        else:
            merged[(t, k)] = slot = [t, k, old, new]
            order.append(slot)
    out = []
    sums: dict[tuple, int] = {}  # a counted table's groups: what their rows say
    for item in order:
        if item[0] == "v":
            out.append(item)
            continue
        t, k, before, after = item
        made = _image(t, list(k), before, after)
        if made is not None:
            out.append(made)
            cov = BY_TABLE[t]
            if cov.mode == "count":
                group = (t, tuple(made[2]))
                delta = row_sum(cov, after) if made[0] == "n" else -row_sum(cov, before)
                sums[group] = add_sums(sums.get(group, 0), delta)
    out += [["s", t, list(group), f"{value:064x}"] for (t, group), value in sums.items()]
    return out


def _image(table: str, key: list, old: dict | None, new: dict | None) -> list | None:
    cov = BY_TABLE[table]
    if cov.mode == "count":
        if old is None and new is not None:
            return ["n", table, [new.get(c) for c in cov.count_by]]
        if old is not None and new is None:
            return ["d", table, [old.get(c) for c in cov.count_by]]
        return None  # a response's own text edited (the purge): not counted
    if new is None:
        return ["d", table, key] if old is not None else None
    values = {c: v for c, v in new.items() if c not in cov.derived}
    if old is None:
        return ["i", table, key, {c: v for c, v in values.items() if v is not None}]
    diff = {c: v for c, v in values.items() if old.get(c) != v}
    return ["u", table, key, diff] if diff else None


def has_personal(images: list[list]) -> bool:
    for image in images:
        personal = PERSONAL_COLUMNS.get(image[1])
        if personal and len(image) > 3 and isinstance(image[3], dict) and any(
                c in personal and _committable(v) for c, v in image[3].items()):
            return True
    return False


def _committable(value) -> bool:
    return value is not None and value != ""


def commitment(salt: str, table: str, column: str, value) -> str:
    if isinstance(value, bytes):  # (no act writes bytes: a row written outside the app)
        value = {"bytes": value.hex()}
    text = compact_json([salt, table, column, value])
    return COMMIT_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def seal(images: list[list], salt: str | None) -> list[list]:
    """*images* with every non-empty personal value replaced by its commitment."""
    out = []
    for image in images:
        personal = PERSONAL_COLUMNS.get(image[1])
        if personal and len(image) > 3 and isinstance(image[3], dict) and salt:
            values = {c: (commitment(salt, image[1], c, v)
                          if c in personal and _committable(v) else v)
                      for c, v in image[3].items()}
            image = [*image[:3], values]
        out.append(image)
    return out
