"""What a report states about its own figures: the signed log is first verified against this
PC's pinned root and the tables reconciled with it. Clean: the footer prints the chain
head, root fingerprint and "reconciled", and a signed ``report_issued`` event records each
file's SHA-256; not clean: every page is stamped "NOT VERIFIED". Every admin change to an
already reported month is stated on every report covering it."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ult_desktop.core.corrections import Corrections
from ult_desktop.core.i18n import tr
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.audit import issue_report
from ult_desktop.db.record.figures_view import figures_record
from ult_desktop.reports.fmt import write_atomically

#: Tables whose every row feeds every period's figures (configuration, permissions).
_ALWAYS = ("settings", "services", "counters", "officers", "sop_targets", "pin_lockouts")


@dataclass(frozen=True)
class Verification:
    ok: bool
    differences: int
    head: tuple[int, str] | None       # (event id, hash hex) the figures were read up to
    root: str | None                   # the root key's fingerprint
    provable_from: int | None

    #: the chain's own findings (edited, deleted, unregistered, another root ...)
    findings: int = 0
    #: this PC was never given the office's root: nothing to verify the chain against
    unpinned: bool = False
    #: the admin station's changes to a month after its report was issued (added,
    #: deleted or changed rows of any table, by whom), each stated on the report
    #: (:meth:`change_lines`): the judge's ``stated`` (``core.replay.Replay``)
    changes: tuple[dict, ...] = ()
    #: the tables as the judge let them stand, where they differ (``core.corrections``):
    #: what the figures are read from (:func:`render_and_issue`)
    corrections: Corrections | None = field(default=None, compare=False, repr=False)

    def change_lines(self, lang: str) -> list[str]:
        return [tr("reconcile.changed_after_issue", lang, count=c["count"],
                   table=tr(f"reconcile.table.{c['table']}", lang),
                   what=tr(f"reconcile.stated.{c['what']}", lang),
                   admin=tr("reconcile.stated.admin", lang, admin=c["admin"]) if c["admin"]
                   else tr("reconcile.stated.no_admin", lang), day=c["day"],
                   month=c["month"]) for c in self.changes]

    def footer(self, lang: str) -> str:
        if not self.ok and self.unpinned and not self.findings and not self.differences:
            return tr("reconcile.stamp_unpinned", lang)
        if not self.ok and self.findings:
            return tr("reconcile.stamp_chain", lang, count=self.findings)
        if not self.ok:
            return tr("reconcile.stamp", lang, count=self.differences)
        head = self.head or (0, "")
        return tr("reconcile.footer", lang, head=head[0], hash=head[1][:16],
                  root=self.root or "-")


@contextmanager
def judged(db: Database) -> Iterator[Database]:
    """The record as the judge let it stand (reconciled first), for figures printed
    outside a verified report: the SKM poster and the survey's answers sheet."""
    from ult_desktop.db.record.reconcile import reconcile

    with figures_record(db, reconcile(db, corrected=True).get("corrections")) as record:
        yield record


def _in_period(diff: dict, date_from: date, date_to: date) -> bool:
    if diff["table"] in _ALWAYS or not diff.get("day"):
        return True
    day = str(diff["day"])
    if diff["table"] == "skm_responses":  # 'YYYY-MM'
        return date_from.isoformat()[:7] <= day[:7] <= date_to.isoformat()[:7]
    return date_from.isoformat() <= day[:10] <= date_to.isoformat()


def verify(db: Database, date_from: date, date_to: date) -> Verification:
    """Reconcile the file and keep the differences that touch the period (a change to
    the configuration or the officers touches every period)."""
    from ult_desktop.db.record.audit import chain_head, verify_chain
    from ult_desktop.db.record.reconcile import reconcile

    trust = db.trust or {}
    chain = verify_chain(db, pinned_root=trust.get("root"), pinned_keys=trust.get("keys") or {},
                         witness=trust.get("seen"), breaks=trust.get("breaks") or ())
    result = reconcile(db, corrected=True)
    head = chain_head(db)
    relevant = [d for d in result["differences"] if _in_period(d, date_from, date_to)]
    count = len(relevant) + max(0, result["count"] - len(result["differences"]))
    findings = len(chain["findings"])
    unpinned = not trust.get("root")
    return Verification(ok=count == 0 and not findings and not unpinned
                        and result["provable_from"] is not None,
                        differences=count + findings, head=head,
                        root=(chain["root"] or {}).get("fingerprint"),
                        provable_from=result["provable_from"], findings=findings,
                        unpinned=unpinned,
                        changes=tuple(c for c in result.get("stated", ())
                                      if date_from.isoformat()[:7] <= c["month"] <=
                                      date_to.isoformat()[:7]),
                        corrections=result.get("corrections"))


#: the height of one stated change at a page's foot (points)
CHANGE_LINE = 9


def foot_room(verification: Verification | None) -> float:
    """What the stated changes take above a page's footer (points): the body ends that
    much higher, so each change is a line of its own (``reports.pdf_kit.verified_line``)."""
    return CHANGE_LINE * len(verification.changes) if verification is not None else 0


def stamp_csv(path: Path, verification: Verification, lang: str) -> None:
    """A CSV's last line: the same verified / NOT VERIFIED line as a PDF page's foot
    (one quoted cell: read alike whatever the file's delimiter)."""
    with open(path, "a", encoding="utf-8", newline="") as f:
        for line in (*verification.change_lines(lang), verification.footer(lang)):
            csv.writer(f, quoting=csv.QUOTE_ALL).writerow([line])


def issue(db: Database, *, report: str, fmt: str, date_from, date_to, files: list[Path],
          verification: Verification) -> None:
    """One write, one signed ``report_issued`` event (``db.record.audit.issue_report``):
    the files, their SHA-256 and what was verified."""
    issue_report(db, report=report, fmt=fmt, date_from=date_from, date_to=date_to,
                 files=files, verified={
                     "verified": verification.ok, "differences": verification.differences,
                     "head": verification.head[0] if verification.head else None,
                     "head_hash": verification.head[1][:16] if verification.head else None,
                     "root": verification.root})


def render_and_issue(db: Database, target: Path,
                     render: Callable[[Path, Verification, Database], object], *,
                     report: str, fmt: str, date_from: date, date_to: date) -> Path:
    """The one way a report file is made: :func:`verify` first, ``render(path, verification,
    record)`` into ``target.part`` renamed into place, then one signed ``report_issued``
    event naming the file (:func:`issue`). Returns *target*.

    :raises ReportFileLocked: another program holds *target* open (nothing issued)."""
    verification = verify(db, date_from, date_to)
    with figures_record(db, verification.corrections) as record:
        write_atomically(target, lambda tmp: render(tmp, verification, record))
    issue(db, report=report, fmt=fmt, date_from=date_from, date_to=date_to, files=[target],
          verification=verification)
    return target
