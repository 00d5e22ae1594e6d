"""Which events stand as acts of their signer, for the figures that read events by kind
(the hall's help minutes, desk time, the request register, the SKM result's publications):
an event whose signer's role may not sign its kind (the table of acts, ``core.acts``) counts
in none, as ``check`` names it. Read once per figure from the chain's registrations."""

from __future__ import annotations

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
    """``sound(event_id, kind, key)``: the role ("admin", a role) of the event's station
    when it stands as an act that station signed (None: it does not): its key registered
    through the chain's verified registrations, its role then may sign the kind, the
    event's hash and signature as the chain holds them. A row written without a key, with
    another key's name or by a key whose role may not sign its kind never does (what a
    station acts on, e.g. the files an erasure removes)."""
    _, keys = lan_trust(conn)
    stands = signers(conn)
    return lambda event_id, kind, key: keys[key][1] if key in keys and \
        stands(key, event_id, kind) and event_sound(conn, event_id, keys[key][0]) else None
