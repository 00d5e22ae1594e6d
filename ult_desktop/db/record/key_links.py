"""The office's keys as a monthly pack carries them (``core.pack``): the registrations
that lead from its root to the admin key that signs, and the root's revocations, each
event with the hashes before it, so the directorate checks them without the file."""

from __future__ import annotations

from ult_desktop.core.chain import GENESIS, HASHED_FIELDS, LINK_BYTES
from ult_desktop.core.verifier import KEY_REVOKED
from ult_desktop.db.engine.port import Connection


def _link(conn: Connection, event_id: int) -> dict | None:
    """Event *event_id* as a pack carries it (``core.pack``): its hashed fields, the
    previous event's hash, its signer's previous one, its images, stored hash and signature
    (None: no such event, or its links to those two no longer hold)."""
    row = conn.execute(f"SELECT {', '.join(HASHED_FIELDS)}, prev_link, key_link, hash, sig, "
                       "rows FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None or not row[12]:
        return None
    fields, (prev_link, key_link, stored, sig, images) = tuple(row[:10]), tuple(row[10:15])
    before = conn.execute("SELECT hash FROM events WHERE id < ? ORDER BY id DESC LIMIT 1",
                          (event_id,)).fetchone()
    prev = bytes(before[0]) if before and before[0] else GENESIS
    key_prev = GENESIS
    if bytes(key_link or b"") != GENESIS[:LINK_BYTES]:
        mine = conn.execute("SELECT hash FROM events WHERE station_key = ? AND id < ? AND "
                            "substr(hash, 1, ?) = ? ORDER BY id DESC LIMIT 1",
                            (fields[9], event_id, LINK_BYTES, bytes(key_link))).fetchone()
        key_prev = bytes(mine[0]) if mine and mine[0] else b""
    if prev[:LINK_BYTES] != bytes(prev_link or b"") or \
            key_prev[:LINK_BYTES] != bytes(key_link or b""):
        return None
    return {"fields": list(fields), "prev": prev.hex(), "key_prev": key_prev.hex(),
            "rows": images, "hash": bytes(stored).hex(), "sig": bytes(sig or b"").hex()}


def key_links(conn: Connection, key_id: str, root: str) -> list[dict]:
    """The registrations that lead from the office's *root* to the admin key *key_id*
    (none when it is the root), root side first, each as a pack carries it."""
    links: list[dict] = []
    while key_id != root and len(links) < 8:
        row = conn.execute("SELECT event_id FROM station_keys WHERE key_id = ? AND "
                           "state = 'registered'", (key_id,)).fetchone()
        link = _link(conn, row[0]) if row and row[0] else None
        if link is None:
            return links
        links.insert(0, link)
        key_id = link["fields"][9]
    return links


def revocation_links(conn: Connection, root: str) -> list[dict]:
    """The office *root*'s revocations of keys (:func:`revoke_key`), as a pack carries
    them: the directorate refuses what a revoked key sealed after (``core.pack``)."""
    rows = conn.execute(f"SELECT id FROM events WHERE kind = '{KEY_REVOKED}' "  # its index
                        "AND station_key = ? ORDER BY id", (root,)).fetchall()  # the acts
    return [link for (event_id,) in rows if (link := _link(conn, event_id))]
