"""The register of requests about personal data (UU 27/2022 PDP): each copy given,
correction and erasure, when it came and whether it was answered within 3 x 24 hours,
for the evidence pack. Only the acts the judge lets stand are read."""

from __future__ import annotations

from datetime import datetime

from ult_desktop.core.numbering import zone
from ult_desktop.db import errors
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.privacy.person import PERSON_SHOWN, REQUEST_KINDS
from ult_desktop.db.record.events import iso, readable_data
from ult_desktop.db.record.standing import signers

#: Access must be given within 3 x 24 hours of the request (UU 27/2022 Pasal 32).
ANSWER_WITHIN_H = 72


def received_at(text: str | None, tz: str) -> str | None:
    """When a request came, as typed (ISO; without a zone: the office's clock), as the
    events store times (UTC ISO); None: not said. RuleViolation: not a time."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise errors.RuleViolation("person.error.received", text=text) from exc
    return iso(moment if moment.tzinfo else moment.replace(tzinfo=zone(tz)))


def read_requests(conn: Connection, year: int | None = None) -> list[dict]:
    """Each request acted on (of *year*, by when it came): received, answered, by whom,
    what, within 3 x 24 hours or not; only the admin station's acts that stand."""
    out, copies = [], set()
    stands = signers(conn)
    for event_id, key, at, kind, actor, text in conn.execute(
            "SELECT id, station_key, at, kind, actor, data FROM events WHERE kind IN "
            "(?, ?, ?) ORDER BY id", REQUEST_KINDS).fetchall():
        if not stands(key, event_id, kind):
            continue
        data = readable_data(text)
        received = str(data.get("received") or at)
        if year is not None and not received.startswith(str(year)):
            continue
        if kind == PERSON_SHOWN and data.get("received"):  # the same request again in
            request = (data.get("person"), received)        # another format: one entry
            if request in copies:
                continue
            copies.add(request)
        try:
            hours = (datetime.fromisoformat(at) - datetime.fromisoformat(received)
                     ).total_seconds() / 3600
        except (TypeError, ValueError):
            hours = 0.0
        out.append({"event": event_id, "received": received, "answered": at, "act": kind,
                    "by": actor,
                    "ref": data.get("ref") or data.get("person"),
                    "within_72h": hours <= ANSWER_WITHIN_H})
    return out
