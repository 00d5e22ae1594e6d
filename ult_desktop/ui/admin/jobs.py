"""The admin pages' worker-side functions: each takes the office ``Database`` and runs on
the admin station's worker (``Page.run``), never on the GUI thread. One file for the
mode, as ``ui/counter/jobs.py`` is the counter's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ult_desktop.core import chain, skm
from ult_desktop.core.dates import office_today
from ult_desktop.db import errors
from ult_desktop.db.house import office, officers
from ult_desktop.db.keeping import backup
from ult_desktop.db.record import audit
from ult_desktop.db.record import station_keys as keys_db
from ult_desktop.db.schemas import schema_guard
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.db.visit import handover


def audit_events(db, *, all_kinds: bool, limit: int):
    kinds = None if all_kinds else (*officers.ADMIN_KINDS, *audit.SESSION_KINDS)
    return office.get_settings(db)["timezone"], officers.audit_log(db, kinds=kinds, limit=limit)


def verify_all_chains(db) -> dict:
    """The chain as this PC remembers the office, then the tables against it (``check``'s
    two halves, as ``check`` judges them)."""
    from ult_desktop.app.trust_memory import judge_chain
    from ult_desktop.db.record.reconcile import reconcile

    result = judge_chain(db)
    result["reconcile"] = reconcile(db)
    return result


def station_keys(db) -> tuple[str | None, list[keys_db.StationKeyInfo], str | None, object]:
    """This PC's key, the office's keys, the root this PC pinned (``db.trust``, never the
    file's own word) and its QR for new stations to scan (the ticket printer's QR,
    ``escpos_render.qr_image``: drawn here, off the GUI thread), or None."""
    signer = db.identity.signer
    root = (db.trust or {}).get("root")
    qr = None
    if root:
        from ult_desktop.devices.printer.escpos_render import qr_image

        qr = qr_image(chain.root_qr_text(root), 4).convert("L")
    return (signer.key_id if signer else None), keys_db.list_keys(db), root, qr


def approve_key(db, key_id: str, role: str | None = None,
                desks: list[int] | None = None) -> keys_db.StationKeyInfo:
    """Register a pending key (a counter's with its *desks*); when that makes this PC's
    own key the office's root, this PC pins it (made here, never taken from the file:)."""
    from ult_desktop.app.trust_memory import pin_if_made_here

    info = keys_db.approve_key(db, key_id, role=role, desks=desks)
    pin_if_made_here(db)
    return info


def create_own_key(db) -> None:
    """This admin PC gets its key (first start) and asks for its registration."""
    from ult_desktop.app import station_key

    db.set_signer(station_key.this_pc_key(create=True))
    keys_db.request_registration(db, label=db.station)


def schema_drift(db) -> tuple[int, list[str]]:
    drift = db.read(lambda conn: schema_guard.schema_drift(conn))
    return db.schema_version, [str(d.error()) for d in drift]


def make_backup(db, *, out: str, progress) -> Path:
    from ult_desktop.app.paths import backup_base

    target = Path(out) if out else backup.default_backup_path(
        backup_base(db.source), office.get_settings(db)["timezone"])  # a server: this PC
    target.parent.mkdir(parents=True, exist_ok=True)
    return backup.backup_database(db, target, progress=progress)


def inspect_backup(db, *, path: str) -> backup.BackupInfo:
    return backup.inspect_backup(path)


def save_counter(db, *, counter: dict | None, settings: dict) -> None:
    if settings:
        office.set_settings(db, **settings)
    if counter is not None:
        office.save_counter(db, **counter)


def add_officer(db, *, username: str, name: str, role: str, pin: str, active: bool,
                **details: str) -> None:
    """A new officer; *details*: NIP, jabatan, unit."""
    office.add_officer(db, username=username, name=name, role=role, pin=pin)
    if not active or any(details.values()):
        officers.update_officer(db, username=username, active=None if active else False,
                                **details)


def office_day_today(db) -> date:
    """The office's today, in the office's time zone (not the PC's)."""
    return office_today(office.get_settings(db, "timezone")["timezone"])


def make_report(db, *, fmt: str, date_from: date, date_to: date, out: str,
                lang: str) -> list[Path]:
    """Write the report, export or evidence pack; a folder that cannot be written is one
    sentence."""
    from ult_desktop.reports.make import make_report as make

    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return make(db, fmt, date_from, date_to, target, lang)
    except OSError as exc:
        raise errors.RuleViolation("report.error.cannot_write", path=target) from exc


def ikm_summary(db, *, date_from: date, date_to: date):
    d0, d1 = date_from.isoformat(), date_to.isoformat()
    # closed months and the minimum group only
    total, by_service = skm_db.published_results(db, date_from=d0, date_to=d1)
    return total, by_service, {s.id: s for s in office.list_services(db)}


def save_service(db, *, fields: dict, counters: list[int],
                  sop_targets: dict[str, int] | None = None) -> int:
    sid = office.save_service(db, **fields)
    officers.set_service_counters(db, prefix=fields["prefix"], counters=counters)
    if sop_targets:
        handover.set_step_targets(db, service_id=sid, values=sop_targets)
    return sid


def fetch_skm(db, period: skm.ReportPeriod) -> dict:
    """What the page shows for *period* (runs on the worker)."""
    from ult_desktop.reports.skm_data import collect_skm

    data = collect_skm(db, period)
    settings = office.get_settings(db, "skm_display_enabled", "skm_min_group", "spak_enabled")
    return {"data": data, "settings": settings}


def make_skm_files(db, *, period: skm.ReportPeriod, out: str, lang: str) -> list[Path]:
    """The SKM report PDF at *out* and the raw answers as XLSX next to it."""
    from ult_desktop.reports.skm_pdf import build_skm_pdf
    from ult_desktop.reports.skm_publish import export_skm_xlsx

    target = Path(out).with_suffix(".pdf")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return [build_skm_pdf(db, period, target, lang=lang),
                export_skm_xlsx(db, period, target.with_suffix(".xlsx"), lang=lang)]
    except OSError as exc:
        raise errors.RuleViolation("report.error.cannot_write", path=target) from exc


def make_poster_and_publish(db, *, period: skm.ReportPeriod, out: str,
                            lang: str, publish: bool = True) -> list[Path]:
    """Poster PDF at *out* and PNG next to it; the result becomes the published one
    (*publish*: the admin's; the Pimpinan prints it only)."""
    from ult_desktop.reports.skm_data import collect_skm
    from ult_desktop.reports.skm_publish import build_poster, poster_facts
    from ult_desktop.reports.verified import judged

    target = Path(out).with_suffix(".pdf")
    with judged(db) as record:  # (the answers the acts gave)
        data = collect_skm(record, period)
    if data.result is None:  # closed periods with whole months of the minimum only
        raise errors.RuleViolation(
            {"open": "admin.skm.publish_open", "small": "admin.skm.publish_small"}.get(
                data.withheld, "admin.skm.publish_none"), period=period.label(lang),
            n=data.min_group)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files = [build_poster(data, target, lang=lang),
                 build_poster(data, target.with_suffix(".png"), lang=lang)]
    except OSError as exc:
        raise errors.RuleViolation("report.error.cannot_write", path=target) from exc
    if publish:
        skm_db.publish_result(db, result=poster_facts(data, lang))
    return files
