"""Erasing one person on request (UU 27/2022 Pasal 43), by the retention purge's rule
(``db.privacy.retention``), in the file, its free pages and the share's backups; a restore
makes every recorded erasure again in its copy (:func:`reapply_erasures`)."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ult_desktop.core.chain import json_dict
from ult_desktop.core.i18n import tr
from ult_desktop.core.personal_data import erasure_ref
from ult_desktop.core.receipt import case_number
from ult_desktop.core.verifier import PERSON_ERASED
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import AuditIdentity, Connection
from ult_desktop.db.engine.sqlite import AuditedConnection, Database
from ult_desktop.db.privacy import made_files, retention
from ult_desktop.db.privacy.person import ROW_TABLES, Held, held_in
from ult_desktop.db.record import projection
from ult_desktop.db.record.events import append_event, finish_transaction
from ult_desktop.db.schemas import schema_guard


# -- erase --------------------------------------------------------------------------------
def _births(conn: Connection, h: Held) -> dict[str, list[list]]:
    """Per table, ``[row id, the event whose image wrote it or None]`` of the person's rows
    (a restore re-applies an erasure only to that row, never to one that took its id)."""
    born: dict[tuple, int] = {}
    for e in h.events:
        text = e.get("rows")
        if not text or '["i",' not in text:
            continue
        for im in json.loads(text):
            if isinstance(im, list) and len(im) > 3 and im[0] == "i" and \
                    isinstance(im[2], list) and im[2]:
                born.setdefault((im[1], im[2][0]), e["id"])
    return {t: [[i, born.get((t, i))] for i in h.ids(t)] for t in ROW_TABLES if h.ids(t)}


def _erase_rows(conn: Connection, station: str, rows: dict[str, list[int]],
                events: Iterable[int], data: dict) -> dict | None:
    """Inside the caller's transaction (capturing): empty the rows and the events' personal
    text as the purge does (``retention.empty_personal_rows``) and sign one
    ``person_erased`` act naming what was emptied; None when nothing held any."""
    emptied = retention.empty_personal_rows(conn, rows)
    texts = retention.empty_personal_rows(conn, {"events": list(events)}).get("events", [])
    if not emptied and not texts:
        return None
    born = {t: {p[0]: p[1] for p in pairs if isinstance(p, list) and p}
            for t, pairs in (data.get("rows") or {}).items()}
    act = {**data, "rows": {t: [[i, born.get(t, {}).get(i)] for i in ids]
                            for t, ids in emptied.items()}, "events": texts}
    act["event"] = append_event(conn, station, PERSON_ERASED, data=act)
    return act


def files(db: Database, person: int) -> dict:
    """What an erasure would do with files, for the confirmation: ``files_to_remove`` (path
    -> recorded SHA-256), ``files_not_made`` (not by this office), ``files_not_reached``."""
    kept = made_files.kept_out(db, retention.default_backup_dirs(db))

    def read(conn: Connection) -> made_files.FilePlan:
        return made_files.plan(db, conn, made_files.person_holds(held_in(conn, person)), kept)

    plan = db.read(read)
    return {"files_to_remove": plan.remove, "files_not_made": plan.not_made,
            "files_not_reached": plan.gone}


def erase(db: Database, person: int, reason: str, *,
          backup_dirs: list[Path] | None = None, received: str | None = None,
          shown: dict | None = None) -> dict:
    """Erase the person: her values emptied (salts too) with one signed ``person_erased``
    act (no personal value), the file rewritten, the backups erased the same way, the
    files the office made of her removed (*shown*: :func:`files` as confirmed, judged
    again now). The report names what was not removed, her ``open_cases`` and the
    ``unlinked`` days of rows under her name (left as they are)."""
    if not (reason or "").strip():
        raise errors.RuleViolation("person.error.reason")
    if port.on_server(db):
        raise errors.RuleViolation("server.error.purge_not_yet")
    now = files(db, person)  # what was shown, only as far as it still holds
    shown = shown if shown is not None else now
    confirmed = {p: sha for p, sha in shown["files_to_remove"].items()
                 if now["files_to_remove"].get(p) == sha}
    stale = [p for p in shown["files_to_remove"] if p not in confirmed]

    def tx(conn: Connection) -> tuple[dict, list[dict], list[str]]:
        h = held_in(conn, person)
        births = _births(conn, h)
        data = {"ref": erasure_ref(person), "reason": reason.strip(), "rows": births,
                **_marks(h.rows["skm_responses"]),
                **({"received": received} if received else {})}
        act = _erase_rows(conn, db.station, {t: h.ids(t) for t in ROW_TABLES},
                          [e["id"] for e in h.events], data)
        if act is None:
            raise errors.RuleViolation("person.error.nothing_held", person=person)
        return act, open_cases(h), h.unlinked

    act, still_open, unlinked = db.write(tx)
    retention.vacuum(db)
    dirs = backup_dirs if backup_dirs is not None else retention.default_backup_dirs(db)
    rewritten, skipped = _erase_in_backups(db, person, act, dirs)
    removed, not_made, not_reached = made_files.remove(
        db, confirmed, made_files.kept_out(db, retention.default_backup_dirs(db)))
    return {"ref": act["ref"], "event": act["event"],
            "rows": {t: len(v) for t, v in act["rows"].items()},
            "events": len(act["events"]), "backups_rewritten": [str(p) for p in rewritten],
            "backups_skipped": [str(p) for p in skipped], "files_removed": removed,
            "files_not_made": [*shown["files_not_made"], *stale, *not_made],
            "files_not_reached": [*shown["files_not_reached"], *not_reached],
            "open_cases": still_open, "unlinked": unlinked}


def open_cases(h: Held) -> list[dict]:
    """The person's cases not closed: each stays open on the desk, without her name and
    contact (the office still owes its answer and its deadline counts); what is left of
    it: a call-back no longer possible, a booked visit still good by its slip's code."""
    return [{"case": case_number(c["id"]), "due": c["due_day"],
             "callback": bool(c["callback_needed"]) and not c["callback_done_at"],
             "visit": c.get("visit_day") if c.get("visit_code") else None}
            for c in h.rows["cases"] if c["state"] != "closed"]


def files_lines(shown: dict) -> list[str]:
    """What an erasure would do with files (:func:`files`), before it does: the CLI's
    prompt and Admin's confirmation."""
    remove = list(shown["files_to_remove"])
    return [tr("person.cli.files_to_remove", paths=", ".join(remove)) if remove else
            tr("person.cli.no_files_to_remove"),
            *_paths_lines(shown, ("person.cli.files_not_made", "person.cli.files_not_reached"))]


def _paths_lines(said: dict, keys: tuple[str, ...]) -> list[str]:
    """Each sentence of *keys* (``person.cli.<field>``) whose field's paths *said* names."""
    fields = {key: key.rpartition(".")[2] for key in keys}
    return [tr(key, paths=", ".join(said[f])) for key, f in fields.items() if said.get(f)]


def _open_case_line(c: dict) -> str:
    then = tr("person.cli.open_case.callback") if c["callback"] else \
        tr("person.cli.open_case.visit", day=c["visit"]) if c["visit"] else \
        tr("person.cli.open_case.wait")
    return tr("person.cli.open_case", case=c["case"], due=c["due"], then=then)


def answer(done: dict) -> list[str]:
    """What an erasure did and did not reach, one sentence a line (the CLI and Admin)."""
    lines = [tr("person.cli.erased", rows=sum(done["rows"].values()), events=done["events"],
                ref=done["ref"], backups=len(done["backups_rewritten"]))]
    lines += _paths_lines(done, ("person.cli.backups_skipped", "person.cli.files_removed",
                                 "person.cli.files_not_reached", "person.cli.files_not_made"))
    lines += [_open_case_line(c) for c in done.get("open_cases", ())]
    if done.get("unlinked"):  # her name, nothing else in common: left, and said so
        lines.append(tr("person.cli.unlinked", n=len(done["unlinked"]),
                        days=", ".join(dict.fromkeys(done["unlinked"]))))
    lines.append(tr("person.cli.not_reached"))
    return lines


def _erase_in_backups(db: Database, person: int, act: dict,
                      dirs: list[Path]) -> tuple[list[Path], list[Path]]:
    """The erasure in every backup copy the purge covers, each with its own signed act
    (its chain goes on there); unfinished copies deleted (*skipped*: those that cannot be)."""
    done: list[Path] = []
    skipped: list[Path] = []
    for path in retention.copies(db, dirs, deleted=[], skipped=skipped):
        try:
            if _erase_in_copy(db, path, lambda conn: _copy_plan(conn, person, act)):
                done.append(path)
        except (OSError, sqlite3.Error, errors.UltError):
            skipped.append(path)
    return done, skipped


def _copy_plan(conn: Connection, person: int, act: dict) -> list[tuple]:
    """What to erase in a backup: the act's rows and events, and what the copy itself
    holds of the person (older values a correction replaced)."""
    rows = _plan_rows(conn, act)
    events = set(act["events"])
    try:
        h = held_in(conn, person)
    except errors.NotFound:
        h = None
    if h is not None:
        for t in ROW_TABLES:
            rows[t] = sorted(set(rows.get(t, [])) | set(h.ids(t)))
        events |= {e["id"] for e in h.events}
    return [(rows, sorted(events), {"ref": act["ref"], "copy_of": act["event"],
                                    "rows": act["rows"],
                                    **({"texts": act["texts"]} if "texts" in act else {})})]


def _marks(suggestions: list[dict]) -> dict:
    """How a restore knows the person's survey suggestions again (their ids are rewritten
    at random with each batch of the month): each text's SHA-256 under a salt of the act;
    confirms a guess of the whole text at best, never says a word of it."""
    texts = [s["suggestion"] for s in suggestions if s.get("suggestion")]
    if not texts:
        return {}
    salt = secrets.token_hex(16)
    return {"texts": {"salt": salt, "sums": sorted({_sum(salt, t) for t in texts})}}


def _sum(salt: str, text: str) -> str:
    return hashlib.sha256(f"{salt}:{text}".encode()).hexdigest()[:32]


def _marked(conn: Connection, marks: object) -> list[int]:
    """The survey responses of this copy whose suggestion an act's *marks* name."""
    if not isinstance(marks, dict) or not isinstance(marks.get("sums"), list):
        return []
    salt, sums = str(marks.get("salt")), set(marks["sums"])
    return [i for i, text in conn.execute(
        "SELECT id, suggestion FROM skm_responses WHERE suggestion IS NOT NULL AND "
        "suggestion != ''") if _sum(salt, text) in sums]


def _plan_rows(conn: Connection, act: dict) -> dict[str, list[int]]:
    """The act's rows this copy holds as the same rows (born of the same event), and the
    survey suggestions it marked."""
    out: dict[str, list[int]] = {}
    marked = _marked(conn, act.get("texts"))
    if marked:
        out["skm_responses"] = marked
    for table, pairs in (act.get("rows") or {}).items():
        if table not in ROW_TABLES or table == "skm_responses" and "texts" in act:
            continue
        for pair in pairs:
            i, born = (pair + [None])[:2] if isinstance(pair, list) else (pair, None)
            if born is not None and conn.execute(
                    "SELECT 1 FROM events WHERE id = ? AND instr(rows, ?) > 0",
                    (born, f'"{table}",[{i}]')).fetchone() is None:
                continue
            out.setdefault(table, []).append(int(i))
    return out


def _erase_in_copy(db: Database, path: Path, plan) -> bool:
    """Apply *plan(conn)* (``[(rows, events, act data)]``) to the office file copy *path*,
    signed as *db*'s station and admin, then VACUUM; False: not a ULT file it knows."""
    with retention.open_copy(path, AuditedConnection) as (conn, version):
        if version is None or schema_guard.schema_drift(conn, version):
            return False
        conn.audit = AuditIdentity(actor=db.actor, signer=db.identity.signer)
        projection.install_capture(conn)
        return _apply_plans(conn, db.station, plan)


def _apply_plans(conn, station: str, plan) -> bool:
    def apply(conn) -> bool:
        changed = False
        for rows, events, data in plan(conn):
            changed |= _erase_rows(conn, station, rows, events, data) is not None
        finish_transaction(conn, station)
        return changed

    changed = port.in_transaction(conn, apply)
    if changed:
        conn.execute("VACUUM")
    return changed


def erasures(db: Database) -> list[dict]:
    """The erasure acts of the file (their data), oldest first."""
    acts = [json_dict(text) for (text,) in db.query(
        "SELECT data FROM events WHERE kind = ? ORDER BY id", (PERSON_ERASED,))]
    return [data for data in acts if isinstance(data.get("rows"), dict)]


def reapply_erasures(acts: list[dict], copy: sqlite3.Connection, station: str) -> bool:
    """In a restore's prepared copy (signing as the restoring admin): every erasure the
    live file records (*acts*: :func:`erasures`) made again where the copy still holds
    the rows or the events' text; whether any was."""
    projection.install_capture(copy)

    def plan(conn):
        return [(_plan_rows(conn, a), [i for i in a.get("events", []) if isinstance(i, int)],
                 {"ref": a.get("ref"), "reapplied": True, "rows": a["rows"],
                  **({"texts": a["texts"]} if "texts" in a else {})})
                for a in acts]

    return _apply_plans(copy, station, plan)
