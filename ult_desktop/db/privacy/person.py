"""One person's data on request (UU 27/2022 PDP): found by name, NIK, phone or e-mail across
:data:`~ult_desktop.core.personal_data.PERSONAL_DATA`, copied with its processing record,
corrected by a signed admin act. No index of names is kept (docs/security.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ult_desktop.core.numbering import utc_now
from ult_desktop.core.personal_data import (
    CORRECTABLE,
    digits_match,
    digits_of,
    folded,
    name_matches,
    name_pieces,
    name_rank,
    phone_forms,
    query_kind,
    text_matches,
)
from ult_desktop.core.register import (
    clean_id_number,
    clean_phone,
    valid_email,
    valid_id_number,
    valid_phone,
)
from ult_desktop.core.verifier import PERSON_ERASED
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import read_services
from ult_desktop.db.record.audit import hashed
from ult_desktop.db.record.events import append_event, iso, readable_data
from ult_desktop.db.record.judged import standing

#: A copy of one person's data was given (the request register reads these three).
PERSON_SHOWN = "person_shown"
#: A register value of one person corrected by an admin on request.
PERSON_CORRECTED = "person_corrected"
REQUEST_KINDS = (PERSON_SHOWN, PERSON_CORRECTED, PERSON_ERASED)
#: The places of a person besides the register, each by its row ids.
ROW_TABLES = ("register_records", "cases", "handovers", "skm_responses")
_REC = "id, visitor_name, phone, email, id_number"
_MAX_FOUND = 50


# -- find ---------------------------------------------------------------------------------
def find(db: Database, text: str, *, limit: int = 20) -> list[dict]:
    """Each person the register holds whom *text* (a name, NIK/NIP, phone or e-mail, as
    typed) names: ``id`` (the one to show, correct or erase by), name, masked numbers,
    how many visits and when."""
    return db.read(lambda conn: find_in(conn, text, limit=limit))


def find_in(conn: Connection, text: str, *, limit: int = 20) -> list[dict]:
    text = (text or "").strip()
    if not text:
        return []
    kind = query_kind(text)
    seeds = [r for r in _candidates(conn, text, kind) if _hit(kind, text, r)]
    if kind == "name":  # the same name first, then names holding it, then near ones
        seeds.sort(key=lambda r: (name_rank(text, r[1]), r[0]))
    groups = clusters(conn, seeds[:_MAX_FOUND])[:limit]
    return [_summary(conn, min(r[0] for r in g), g) for g in groups]


def _candidates(conn: Connection, text: str, kind: str) -> list[tuple]:
    """Register rows that may match (SQL narrows, :func:`_hit` decides). A number with one
    digit left out keeps its first or its last part whole (the half without the gap)."""
    source = "register_records"
    if kind == "digits":
        d = digits_of(text)
        rest = d[2:] if d.startswith("62") else d[1:] if d.startswith("0") else d
        h, k = max(3, len(d) // 2 - 1), max(3, len(rest) // 2 - 1)
        where = ("substr(id_number, 1, ?) = ? OR substr(id_number, -?) = ? OR "
                 "substr(phone, -?) = ? OR instr(phone, ?) BETWEEN 1 AND 4")
        params: list[object] = [h, d[:h], h, d[-h:], k, rest[-k:], rest[:k]]
    elif kind == "email":
        plain = "".join(text.split()).lower()  # ("_" in LIKE: any character)
        h = max(1, len(plain) // 2)
        halves = [p for p in (plain[:h], plain[h:]) if p]
        if not halves:
            return []
        where = " OR ".join(["email LIKE ?"] * len(halves))
        params = [f"%{h}%" for h in halves]
    else:  # a piece of every word (the longest first), in the name without its spaces
        groups = sorted(name_pieces(text), key=lambda g: -len("".join(g)))
        if not groups:
            return []
        # (LIMIT -1 keeps the subquery whole: the name's spaces are taken out once a row)
        source = (f"(SELECT {_REC}, replace(visitor_name, ' ', '') AS plain "
                  "FROM register_records LIMIT -1)")
        where = " AND ".join("(" + " OR ".join(["plain LIKE ?"] * len(g)) + ")"
                             for g in groups)
        params = [f"%{p}%" for g in groups for p in g]
    return [tuple(r) for r in conn.execute(
        f"SELECT {_REC} FROM {source} WHERE {where} ORDER BY id LIMIT 20000", params)]


def _hit(kind: str, text: str, row: tuple) -> bool:
    if kind == "digits":
        return digits_match(text, row[4]) or digits_match(text, row[2])
    if kind == "email":
        return text_matches(text, row[3])
    return name_matches(text, row[1])


def _strong(row: tuple) -> tuple[set, set, set]:
    niks = {row[4]} if row[4] else set()
    phones = phone_forms(digits_of(row[2])) if digits_of(row[2]) else set()
    emails = {row[3].strip().lower()} if row[3] and row[3].strip() else set()
    return niks, phones, emails


def cluster(conn: Connection, seed: tuple) -> list[tuple]:
    """The register rows of *seed*'s person (:func:`clusters`)."""
    return clusters(conn, [tuple(seed)])[0]


def clusters(conn: Connection, seeds: list[tuple]) -> list[list[tuple]]:
    """The register rows of each seed's person, in the seeds' order: rows sharing a NIK,
    phone or e-mail (transitively), or a case and its follow-up visit, are one person; a
    row with none of them goes with the same name's rows that have none either."""
    rows = {s[0]: tuple(s) for s in seeds}
    frontier = list(rows.values())
    seen: tuple[set, set, set] = (set(), set(), set())
    links: list[tuple[int, int]] = []
    while frontier:
        for r in frontier:
            for known, new in zip(seen, _strong(r), strict=True):
                known |= new
        marks = [(c, sorted(v)) for c, v in zip(("id_number", "phone", "lower(trim(email))"),
                                                seen, strict=True) if v]
        where = " OR ".join(f"{c} IN ({', '.join('?' * len(v))})" for c, v in marks)
        fetched = conn.execute(f"SELECT {_REC} FROM register_records WHERE {where}",
                               [x for _, v in marks for x in v]).fetchall() if marks else []
        pairs = _followed(conn, [r[0] for r in frontier])
        links += pairs
        wanted = {i for p in pairs for i in p} - rows.keys() - {r[0] for r in fetched}
        if wanted:
            where, p = _in("id", wanted)
            fetched += conn.execute(f"SELECT {_REC} FROM register_records WHERE {where}", p)
        frontier = [tuple(r) for r in fetched if r[0] not in rows]
        rows.update((r[0], r) for r in frontier)
    weak = {folded(s[1]) for s in seeds if not any(_strong(s))}
    if weak:
        names = sorted({s[1].strip().lower() for s in seeds if not any(_strong(s))})
        for r in conn.execute(
                f"SELECT {_REC} FROM register_records WHERE lower(trim(visitor_name)) IN "
                f"({', '.join('?' * len(names))}) AND COALESCE(id_number, '') = '' AND "
                "COALESCE(phone, '') = '' AND COALESCE(email, '') = ''", names):
            if folded(r[1]) in weak:
                rows.setdefault(r[0], tuple(r))
    return _grouped(rows, seeds, links)


#: A case's record and the record of the follow-up visit checked in for it (one person):
#: from the case (its visit's day, then that day's ticket), and from the visit's record.
_FOLLOWED = ("SELECT c.record_id, r.id FROM cases c JOIN tickets t ON t.day = c.visit_day "
             "AND t.followup_case = c.id JOIN register_records r ON r.ticket_id = t.id "
             "WHERE {cases}", "SELECT c.record_id, r.id FROM register_records r JOIN tickets "
             "t ON t.id = r.ticket_id JOIN cases c ON c.id = t.followup_case WHERE {records}")


def _followed(conn: Connection, ids: list[int]) -> list[tuple[int, int]]:
    """(case's record, follow-up visit's record) pairs touching the records *ids*."""
    if not ids:
        return []
    cases, p = _in("c.record_id", ids)
    records, q = _in("r.id", ids)
    return [(a, b) for sql, args in ((_FOLLOWED[0].format(cases=cases), p),
                                     (_FOLLOWED[1].format(records=records), q))
            for a, b in conn.execute(sql, args)]


def _grouped(rows: dict[int, tuple], seeds: list[tuple],
             links: Iterable[tuple[int, int]] = ()) -> list[list[tuple]]:
    """*rows* joined into people (union-find by their values and *links*), in *seeds*'
    order."""
    parent = {i: i for i in rows}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, r in rows.items():
        niks, phones, emails = _strong(r)
        keys = [f"n{v}" for v in niks] + [f"e{v}" for v in emails] + \
            ([f"p{min(phones)}"] if phones else []) or [f"w{folded(r[1])}"]
        for key in keys:
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[int, list[tuple]] = {}
    for i in sorted(rows):
        groups.setdefault(root(i), []).append(rows[i])
    order = list(dict.fromkeys(root(s[0]) for s in seeds))
    return [groups[g] for g in order]


def _summary(conn: Connection, pid: int, group: list[tuple]) -> dict:
    from ult_desktop.core.register import mask_id_number, mask_phone

    ids = [r[0] for r in group]
    where, p = _in("id", ids)
    first, last = conn.execute(f"SELECT MIN(day), MAX(day) FROM register_records WHERE {where}",
                               p).fetchone()
    names = sorted({r[1] for r in group if r[1]})
    return {"id": pid, "name": names[0] if names else "", "names": names,
            "id_number": sorted({mask_id_number(r[4]) for r in group if r[4]}),
            "phone": sorted({mask_phone(r[2]) for r in group if r[2]}),
            "email": sorted({r[3] for r in group if r[3]}),
            "records": len(ids), "first_day": first, "last_day": last}


# -- everything held about one person -----------------------------------------------------
@dataclass
class Held:
    """What the file holds about one person: rows per table, and the events of their
    visits (the processing record) and those whose text names them."""

    person: int
    rows: dict[str, list[dict]] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    #: the days of register rows under one of their names that nothing links to them (no
    #: NIK, phone, e-mail or follow-up visit in common): not theirs as far as the file can
    #: tell, so neither copied nor erased, and said so
    unlinked: list[str] = field(default_factory=list)

    def ids(self, table: str) -> list[int]:
        return [r["id"] for r in self.rows.get(table, [])]


def _dicts(cur) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _in(column: str, ids: Iterable) -> tuple[str, list]:
    values = sorted(set(ids))
    if not values:
        return "0", []
    return f"{column} IN ({', '.join('?' * len(values))})", values


def held_in(conn: Connection, person: int) -> Held:
    """Everything the file holds about the person whose register record *person* is."""
    seed = conn.execute(f"SELECT {_REC} FROM register_records WHERE id = ?",
                        (person,)).fetchone()
    if seed is None:
        raise errors.NotFound("person.error.not_found", person=person)
    group = cluster(conn, tuple(seed))
    held = Held(person)
    where, p = _in("id", [r[0] for r in group])
    held.rows["register_records"] = _dicts(conn.execute(
        f"SELECT * FROM register_records WHERE {where} ORDER BY id", p))
    rids = held.ids("register_records")
    tids = [r["ticket_id"] for r in held.rows["register_records"] if r.get("ticket_id")]
    where, p = _in("record_id", rids)
    held.rows["cases"] = _dicts(conn.execute(f"SELECT * FROM cases WHERE {where} ORDER BY id",
                                             p))
    cids = held.ids("cases")
    parts = [_in("record_id", rids), _in("case_id", cids), _in("ticket_id", tids)]
    held.rows["handovers"] = _dicts(conn.execute(
        f"SELECT * FROM handovers WHERE {' OR '.join(w for w, _ in parts)} ORDER BY id",
        [x for _, v in parts for x in v]))
    values = _values(held.rows["register_records"])
    held.unlinked = _same_names(conn, held.rows["register_records"])
    held.rows["skm_responses"] = _suggestions(conn, values)
    held.events = _events(conn, held, tids, values)
    return held


def _same_names(conn: Connection, records: list[dict]) -> list[str]:
    """The days of the register rows under *records*' names that are not among them."""
    names = sorted({str(r["visitor_name"]).strip().lower() for r in records
                    if r.get("visitor_name")})
    if not names:
        return []
    where, p = _in("lower(trim(visitor_name))", names)
    mine = {r["id"] for r in records}
    return [day for rid, day in conn.execute(
        f"SELECT id, day FROM register_records WHERE {where} ORDER BY day, id", p)
        if rid not in mine]


def _values(records: list[dict]) -> list[str]:
    """The person's values free text may hold: full names (folded), numbers, e-mails."""
    out = set()
    for r in records:
        name = folded(r.get("visitor_name"))
        if len(name.replace(" ", "")) >= 5:
            out.add(name)
        for column in ("id_number", "phone"):
            d = digits_of(r.get(column))
            if len(d) >= 8:
                out |= {f.lstrip("+") for f in phone_forms(d)} if column == "phone" else {d}
        if r.get("email"):
            out.add(str(r["email"]).strip().lower())
    return sorted(out)


def _names_it(text: str | None, values: list[str]) -> bool:
    if not text:
        return False
    plain, digits = folded(text), digits_of(text)
    return any((v in digits) if v.isdigit() else (v in plain or v in text.lower())
               for v in values)


def _suggestions(conn: Connection, values: list[str]) -> list[dict]:
    if not values or not port.columns(conn, "skm_responses"):
        return []
    conds = " OR ".join(["instr(lower(suggestion), ?) > 0"] * len(values))
    rows = _dicts(conn.execute(
        "SELECT id, service_id, period, source, suggestion FROM skm_responses WHERE "
        f"suggestion IS NOT NULL AND suggestion != '' AND ({conds})",
        [v.split(" ")[0] if not v.isdigit() else v[:8] for v in values]))
    return [r for r in rows if _names_it(r["suggestion"], values)]


_EVENT_COLS = ("id, kind, ticket_id, ticket_number, service_prefix, counter_number, station, "
               "at, actor, data, rows")


def _events(conn: Connection, held: Held, tids: list[int], values: list[str]) -> list[dict]:
    """The events of the person's visits and rows (their images, their ids in the data)
    and those whose personal text names them, oldest first."""
    owned = {(t, i) for t in ("register_records", "cases", "handovers") for i in held.ids(t)}
    keys = {"record_id": set(held.ids("register_records")), "case_id": set(held.ids("cases")),
            "handover_id": set(held.ids("handovers"))}
    conds = [_in("ticket_id", tids)]
    conds += [("instr(rows, ?) > 0", [f'"{t}",[{i}]']) for t, i in owned]
    conds += [("instr(data, ?) > 0", [f'"{key}": {i}']) for key, ids in keys.items()
              for i in ids]
    conds += [("instr(lower(data), ?) > 0", [v.split(" ")[0] if not v.isdigit() else v])
              for v in values]
    out = []
    for start in range(0, len(conds), 400):  # SQLite's bound on an expression's depth
        part = conds[start:start + 400]
        where = " OR ".join(c for c, _ in part)
        out += _dicts(conn.execute(f"SELECT {_EVENT_COLS} FROM events WHERE {where}",
                                   [x for _, p in part for x in p]))
    seen, kept = set(), []
    for e in sorted(out, key=lambda e: e["id"]):
        if e["id"] in seen:
            continue
        seen.add(e["id"])
        if _event_is_theirs(e, set(tids), owned, keys, values):
            kept.append(e)
    return kept


def _event_is_theirs(e: dict, tids: set, owned: set, keys: dict, values: list[str]) -> bool:
    if e["ticket_id"] in tids:
        return True
    try:
        data = json.loads(e["data"]) if e["data"] else {}
    except ValueError:
        data = {}
    if isinstance(data, dict):
        if any(data.get(k) in ids for k, ids in keys.items()):
            return True
        if any(_names_it(str(data.get(k) or ""), values)
               for k in ("reason", "note", "visitor_name", "phone", "email", "id_number")):
            return True
    if e.get("rows") and any(f'"{t}",[{i}]' in e["rows"] for t, i in owned):
        try:
            images = json.loads(e["rows"])
        except ValueError:
            return False
        return any(isinstance(im, list) and len(im) > 2 and (im[1], *im[2][:1]) in owned
                   for im in images if isinstance(im[2] if len(im) > 2 else None, list))
    return False


def held(db: Database, person: int) -> Held:
    return db.read(lambda conn: held_in(conn, person))


def copy_of(db: Database, person: int) -> dict:
    """The copy a person is given (JSON-ready): every place that holds their data, and the
    processing record (when, at which station, by which officer), nothing of others."""
    h = held(db, person)
    rows, services = db.read(lambda conn: (  # (the names as the record lets them stand)
        standing(conn, "officers", conn.execute("SELECT * FROM officers").fetchall()),
        {s.id: s.name for s in read_services(conn)}))
    officers = {r["id"]: r["name"] for r in rows}
    by_username = {r["username"]: r["name"] for r in rows}  # (an event's actor: signed in)
    where, params = _in("id", [r["ticket_id"] for r in h.rows["register_records"]
                               if r.get("ticket_id")])
    tickets = {r[0]: r[1] for r in db.query(f"SELECT id, number FROM tickets WHERE {where}",
                                            tuple(params))}
    records = []
    for r in h.rows["register_records"]:
        r = dict(r)
        r["officer"] = officers.get(r.get("officer_id"))
        r["service"] = services.get(r.get("service_id") or 0)
        r["ticket"] = tickets.get(r.get("ticket_id"))
        r.pop("code_hash", None)  # a survey code's hash: nothing of the person
        records.append(r)
    processing = []
    for e in h.events:
        data = readable_data(e["data"])
        processing.append({"at": e["at"], "kind": e["kind"], "ticket": e["ticket_number"],
                           "counter": e["counter_number"], "station": e["station"],
                           "officer": officers.get(data.get("officer_id")) or
                           by_username.get(e["actor"], e["actor"]),
                           "data": data})
    return {"person": person, "register_records": records, "unlinked": h.unlinked,
            "cases": [{**c, "opened_by": officers.get(c.get("opened_by")),
                       "answered_by": officers.get(c.get("answered_by")),
                       "closed_by": officers.get(c.get("closed_by"))}
                      for c in h.rows["cases"]],
            "handovers": h.rows["handovers"],
            "skm_suggestions": [{"period": s["period"], "source": s["source"],
                                 "suggestion": s["suggestion"]}
                                for s in h.rows["skm_responses"]],
            "processing": processing}




def note_copy_given(db: Database, person: int, formats: list[str] | str,
                    received: str | None = None, *, files: Iterable[Path] = (),
                    lang: str | None = None, now: datetime | None = None) -> None:
    """The request register: one copy given, in *formats* (``["pdf", "json"]``: one
    request, one entry), and when the request came, if said; *files*: where it was
    written (an erasure of the person removes them)."""
    formats = [formats] if isinstance(formats, str) else list(formats)
    data = {"person": person, "formats": formats, **({"received": received} if received else {}),
            **({"files": hashed(files)} if files else {}),
            **({"lang": lang} if lang else {})}
    db.write(lambda conn: append_event(conn, db.station, PERSON_SHOWN, at=now, data=data))


# -- correct ------------------------------------------------------------------------------
def _checked(column: str, value: str) -> str | None:
    value = (value or "").strip()
    if column not in CORRECTABLE:
        raise errors.RuleViolation("person.error.field", field=column,
                                   fields=", ".join(CORRECTABLE))
    checks: dict[str, Callable[[str], bool]] = {
        "phone": valid_phone, "email": valid_email, "id_number": valid_id_number,
        "visitor_name": bool}
    ok = checks.get(column, lambda _v: True)
    if value and not ok(value) or column == "visitor_name" and not value:
        raise errors.RuleViolation("person.error.value", field=column)
    if column == "phone":
        return clean_phone(value) or None
    if column == "id_number":
        return clean_id_number(value) or None
    return value if value or column in ("institution",) else None


def correct(db: Database, person: int, column: str, value: str, *,
            reason: str = "", received: str | None = None) -> dict:
    """Correct *column* of every register record of the person to *value*: one signed
    ``person_corrected`` act (its row images commit the new value; the old value's
    commitment stays in the event that wrote it). Returns what was changed."""
    new = _checked(column, value)

    def tx(conn: Connection) -> dict:
        h = held_in(conn, person)
        ids = [r["id"] for r in h.rows["register_records"] if r.get(column) != new]
        if not ids:
            raise errors.RuleViolation("person.error.nothing_to_correct", field=column)
        where, p = _in("id", ids)
        conn.execute(f"UPDATE register_records SET {column} = ?, updated_at = ? WHERE {where}",
                     [new, iso(utc_now()), *p])
        data = {"person": person, "field": column, "records": ids,
                **({"reason": reason} if reason else {}),
                **({"received": received} if received else {})}
        event = append_event(conn, db.station, PERSON_CORRECTED, data=data)
        return {"person": person, "field": column, "records": ids, "event": event}

    return db.write(tx)
