"""Which events stand as acts of their signer, for the figures that read events by kind: an
event whose signer's role may not sign its kind (``core.acts``) counts in none."""

from __future__ import annotations

import json

from ult_desktop.core.acts import may_sign
from ult_desktop.core.hall_acts import Stands
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.record.station_keys import event_sound, lan_trust, read_authority


def signers(conn: Connection) -> Stands:
    """``stands(key, event_id, kind)``: whether the event's signer may sign its kind (an
    event before the office's first registration: yes; a key never registered: no)."""
    auth = read_authority(conn)
    judged: dict[tuple, bool] = {}

    def stands(key: str | None, event_id: int, kind: str) -> bool:
        if not auth.first or event_id <= auth.first:
            return True
        role = auth.role_at(key, event_id)
        if role is None:
            return False
        if (role, kind) not in judged:
            judged[(role, kind)] = may_sign(role or None, kind)
        return judged[(role, kind)]

    return stands


def signer_roles(conn: Connection):
    """``role(key, event_id)``: the role the event's signer had ("admin", a role, "" for
    none; None: unregistered), or "admin" before the office's first registration."""
    auth = read_authority(conn)
    return lambda key, event_id: "admin" if not auth.first or event_id <= auth.first \
        else auth.role_at(key, event_id)


def sound(conn: Connection):
    """``sound(event_id, kind, key)``: the role of the event's station when it stands as an
    act that station signed (its key registered, its role may sign the kind, hash and
    signature as the chain holds them), else None."""
    _, keys = lan_trust(conn)
    stands = signers(conn)
    return lambda event_id, kind, key: keys[key][1] if key in keys and \
        stands(key, event_id, kind) and event_sound(conn, event_id, keys[key][0]) else None


def event_stands(conn: Connection, event_id: int) -> bool:
    """Whether event *event_id* stands as an act of its signer (:func:`sound`; any event
    before the office's first registration)."""
    row = conn.execute("SELECT kind, station_key FROM events WHERE id = ?",
                       (event_id,)).fetchone()
    first = read_authority(conn).first
    return row is not None and (not first or event_id <= first or
                                sound(conn)(event_id, row[0], row[1]) is not None)


_BIRTH = ("SELECT t.day, t.prefix, t.seq, e.id, e.kind, e.ticket_id, e.station_key, e.rows "
          "FROM tickets t LEFT JOIN events e ON e.id = COALESCE(t.issue_event, (SELECT "
          "MIN(id) FROM events WHERE ticket_id = t.id AND kind = 'issued')) WHERE t.id = ?")


def ticket_born(conn: Connection, ticket_id: int) -> bool:
    """Whether ticket *ticket_id*'s row was born by an act that stands: its ``issue_event``
    an ``issued`` event inserting it at its number, signed as :func:`sound` allows
    (before the first registration: any such event)."""
    first = read_authority(conn).first
    row = conn.execute(_BIRTH, (ticket_id,)).fetchone() if first else None
    if row is None:
        return True  # (no row; or no key registered: nothing to judge by)
    day, prefix, seq, event_id, kind, named, key, rows = row
    if event_id is None or kind != "issued" or named != ticket_id:
        return False
    try:  # (an event of a version before the log carried images: its act alone)
        images = json.loads(rows) if isinstance(rows, str) else rows
    except ValueError:
        return False
    if images is not None and not any(type(i) is list and len(i) > 3 and i[:3] == ["i", "tickets", [ticket_id]] and
               type(i[3]) is dict and (i[3].get("day"), i[3].get("prefix"), i[3].get("seq"))
               == (day, prefix, seq) for i in (images if type(images) is list else ())):
        return False
    return event_id <= first or sound(conn)(event_id, kind, key) is not None
