"""The month's pack an office sends the directorate (``core.pack``): the figures the month's
report prints, read by the report's own ``reports.data.collect`` from the record as the
judge let it stand, with the proof and the root's revocations of keys, signed by this
admin PC's key (docs/ministry.md)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from ult_desktop import __version__
from ult_desktop.core import pack as packs
from ult_desktop.core.chain import parse_fingerprint
from ult_desktop.core.dates import month_range
from ult_desktop.core.phone import hit_rate
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.key_links import key_links, revocation_links
from ult_desktop.db.record.station_keys import lan_trust
from ult_desktop.reports.data import collect
from ult_desktop.reports.figures import ReportData
from ult_desktop.reports.lapor import complaints
from ult_desktop.reports.verified import Verification, render_and_issue


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _num(x: object) -> float | None:
    return None if x is None else round(float(x), 4)


def _sound(v: Verification) -> bool:
    """Verified, or sound against the file's own root where this PC was never given it:
    the directorate's registry is then the root's pin (the pack carries that root)."""
    return v.ok or (v.unpinned and not v.differences and v.provable_from is not None)


def pack_figures(data: ReportData, lapor: list[dict]) -> dict:
    """The figures of *data* as the month's report prints them (``reports.pdf``), and the
    complaints on the LAPOR! clock per category (*lapor*: ``reports.lapor.complaints``)."""
    totals, wait = data.totals(), data.times()[-1].wait
    _minutes, within, total = data.priority_promise()
    ikm = data.skm
    out = {"visitors": totals["visits"], "served": totals["served"],
           "wait_median": _num(wait.median), "wait_p90": _num(wait.p90),
           "promise_share": _share(within, total), "promise_kept": within,
           "promise_priority": total,
           "band_rate": _num(hit_rate(data.band_hits, data.phone_bands)),
           "ikm": _num(ikm.ikm) if ikm else None,
           "respondents": ikm.respondents if ikm else 0,
           **{f"element_{n}": _num(ikm.element_ikm(n)) if ikm else None
              for n in range(1, 10)},
           "followups_booked": totals["followups_booked"],
           "followups_came": totals["followups_came"],
           "followups_missed": totals["followups_missed"],
           "outages": len(data.outages)}
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in lapor:
        by[c["category"]][0] += 1
        by[c["category"]][1] += c["done"] == "met"
    for category, (received, on_time) in sorted(by.items()):
        out[f"lapor.{category}.received"] = received
        out[f"lapor.{category}.on_time"] = on_time
    out["lapor_on_time"] = _share(sum(v[1] for v in by.values()),
                                  sum(v[0] for v in by.values()))
    return out


def build_pack(db: Database, month: date, out: str | Path, *,
               now: datetime | None = None) -> Path:
    """The pack of *month*'s office month at *out*, renamed into place and issued like
    every report. :raises RuleViolation: this PC's key is not an admin key of the
    office's root (only such a key signs what the office sends)."""
    first, last = month_range(month)
    signer = db.identity.signer
    if signer is None:
        raise errors.RuleViolation("ministry.error.no_admin_key")

    def render(tmp: Path, verification: Verification, record: Database) -> None:
        data = collect(record, first, last, now=now)
        lapor = record.read(lambda conn: complaints(conn, first, last, data.timezone,
                                                    data.today))
        root = parse_fingerprint(verification.root or "") or ""
        _root, keys = db.read(lambda conn: lan_trust(conn, root or None))
        if not root or root not in keys or keys.get(signer.key_id, (b"", ""))[1] != "admin":
            raise errors.RuleViolation("ministry.error.no_admin_key")
        links, revoked = db.read(lambda conn: (key_links(conn, signer.key_id, root),
                                               revocation_links(conn, root)))
        head = verification.head or (0, "")
        pack = packs.seal({
            "program": __version__, "office": {"name": data.office_name, "root": root},
            "month": first.strftime("%Y-%m"), "made_at": data.generated_at.isoformat(),
            "figures": pack_figures(data, lapor),
            "proof": {"head": head[0], "head_hash": head[1], "verified": _sound(verification),
                      "differences": verification.differences,
                      "stamp": verification.footer("id")}},
            signer, keys[root][0], links, revoked)
        tmp.write_text(json.dumps(pack, ensure_ascii=False, indent=1), encoding="utf-8")

    return render_and_issue(db, Path(out), render, report="pack", fmt="ultpack",
                            date_from=first, date_to=last)
