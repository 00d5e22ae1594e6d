"""The files an erasure (or the retention purge) removes: named by acts that stand
(``db.record.standing.sound``), inside the office's export folder (resolved, no link
leading out, never a backup or the office file), SHA-256 still as recorded. Every other
file an act names is listed, never removed: "not made by this office"."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ult_desktop.core.localpaths import EXPORT_FOLDER, inside_folder
from ult_desktop.core.verifier import REPORT_ISSUED
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.privacy.person import PERSON_SHOWN, Held
from ult_desktop.db.record.audit import EXPORTED, sha256_of
from ult_desktop.db.record.standing import sound

#: The reports whose files list the visitors of their period (the register's exports).
_REGISTER_EXPORTS = ("csv", "xlsx")
#: The report whose file holds the complaints of its period, their words and answers
#: (``reports.lapor``: a complaint, or a case filed under a LAPOR! category).
_COMPLAINT_EXPORT = "lapor"


@dataclass
class FilePlan:
    """What an erasure does with the files acts name: *remove* (path -> recorded SHA-256),
    *not_made* (not by this office: kept), *gone* (no longer where it was written)."""

    remove: dict[str, str] = field(default_factory=dict)
    not_made: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)


def person_holds(h: Held):
    """``holds(kind, data)``: whether an act's files hold the person *h* (exports whose
    period holds one of their visits or complaints, each copy given to them)."""
    days = {str(r.get("day") or "")[:10] for r in h.rows["register_records"]}
    records = set(h.ids("register_records"))
    filed = {c.get("record_id") for c in h.rows["cases"] if c.get("lapor_category")}
    complaints = {str(r.get("day") or "")[:10] for r in h.rows["register_records"]
                  if r.get("request_type") == "pengaduan" or r.get("id") in filed}

    def holds(kind: str, data: dict) -> bool:
        if kind == PERSON_SHOWN:
            return data.get("person") in records
        span = (str(data.get("from")), str(data.get("to")))
        return (kind == EXPORTED or data.get("report") in _REGISTER_EXPORTS) and \
            _within(span, days) or \
            data.get("report") == _COMPLAINT_EXPORT and _within(span, complaints)

    return holds


def period_before(cutoff: str):
    """``holds(kind, data)``: an export or report of a period that starts before *cutoff*
    (the retention purge's reach)."""
    return lambda kind, data: kind != PERSON_SHOWN and str(data.get("from", "9999")) < cutoff


def _named(conn: Connection, holds) -> list[tuple[int, str, str | None, object, bool]]:
    """``(event, kind, key, file, holds)`` of every file an act names, oldest first;
    *holds*: ``holds(kind, data)`` of its act. *file*: ``{"path", "sha256"}`` or a bare
    path (earlier versions recorded no hash)."""
    out = []
    for event_id, kind, text, key in conn.execute(
            "SELECT id, kind, data, station_key FROM events WHERE kind IN (?, ?, ?) "
            "ORDER BY id", (REPORT_ISSUED, EXPORTED, PERSON_SHOWN)).fetchall():
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        listed = data.get("files")
        files: list = list(listed) if isinstance(listed, list) else []
        if kind == PERSON_SHOWN:
            files.append(data.get("file"))
        out += [(event_id, kind, key, f, bool(holds(kind, data))) for f in files if f]
    return out


def named_paths(conn: Connection, holds) -> list[str]:
    """Every path the acts that *holds* name, judged or not (a server's purge, which has
    no export folder beside a file: the admin is told them all)."""
    paths = {f.get("path") if isinstance(f, dict) else f
             for _, _, _, f, held in _named(conn, holds) if held}
    return sorted(p for p in paths if isinstance(p, str) and p)


def _within(span: tuple[str, str], days: set[str]) -> bool:
    return any(span[0] <= d <= span[1] for d in days)


def plan(db: Database, conn: Connection, holds, kept: list[Path]) -> FilePlan:
    """The files of the acts that *holds*, sorted: to remove, not made by this office, gone.
    A file is made by the first standing act naming it (a later one of another station,
    not the admin's, names nothing)."""
    stands = sound(conn)
    maker: dict[str, str | None] = {}
    done = FilePlan()
    for event_id, kind, key, f, held in _named(conn, holds):
        path = f.get("path") if isinstance(f, dict) else f
        sha = f.get("sha256") if isinstance(f, dict) else None
        if not isinstance(path, str) or not path:
            continue
        sha = sha if isinstance(sha, str) else ""
        role = stands(event_id, kind, key) if sha else None
        if role:
            maker.setdefault(path, key)
        if not held or path in done.remove or path in done.gone:
            continue
        if role and (role == "admin" or maker[path] == key) and _placed(db, path, kept):
            if not Path(path).exists():
                done.gone.append(path)
                continue
            if _same(Path(path), sha):  # (a recorded hash: sha is not "" here)
                done.remove[path] = sha
                continue
        if path not in done.not_made:
            done.not_made.append(path)
    done.not_made = [p for p in done.not_made if p not in done.remove and p not in done.gone]
    return done


def _placed(db: Database, text: str, kept: list[Path]) -> bool:
    """Whether *text* names a file inside the office's export folder, as written and
    resolved, and inside none of *kept* (:func:`kept_out`)."""
    path = Path(text)
    real = path.resolve()
    if path.is_symlink() or any(real == k or real.is_relative_to(k) for k in kept):
        return False
    folder = db.file.parent / EXPORT_FOLDER  # ``laporan`` beside the office file
    return inside_folder(text, str(folder)) and inside_folder(str(real), str(folder.resolve()))


def kept_out(db: Database, backup_dirs: list[Path]) -> list[Path]:
    """What no erasure removes whatever an act says: the office file and its backup
    folders (``retention.default_backup_dirs``)."""
    return [db.file.resolve(), *(d.resolve() for d in backup_dirs)]


def _same(path: Path, sha: str) -> bool:
    try:
        return path.is_file() and sha256_of(path) == sha
    except OSError:
        return False


def remove(db: Database, files: dict[str, str],
           kept: list[Path]) -> tuple[list[str], list[str], list[str]]:
    """``(removed, not made here, not reached)``: each file of *files* (path -> SHA-256)
    judged again as it is now, removed if it still is the office's, named otherwise."""
    removed, not_made, not_reached = [], [], []
    for text, sha in files.items():
        path = Path(text)
        if not path.exists():
            not_reached.append(text)
        elif not (_placed(db, text, kept) and _same(path, sha)):
            not_made.append(text)
        else:
            try:
                path.unlink()
                removed.append(text)
            except OSError:
                not_reached.append(text)
    return removed, not_made, not_reached
