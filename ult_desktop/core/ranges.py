"""The number ranges kiosks hold (``number_reserves``): a range moves only by the key
that holds it (its release, ``d``; no station's key rewrites one, ``u``) and is never
held over numbers another range holds that day (``overlap``). Judged in ``check`` by
``core.authority.Acts.reserve`` and at the kiosk before its touches land
(``db.record.judged_ranges``): a range the judge refuses is no range, whoever wrote its
row. No database here."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Ticket ids from here up are never believed nor allocated after (``db.queue.numbers``):
#: one forged row near SQLite's largest row id must not stop the office issuing.
ID_BOUND = 1 << 53
#: The most numbers one kiosk's range holds (``number_reserves``).
MAX_HELD = 10_000


def range_fault(image: list, at: str, station: str | None, judge) -> str | None:
    """Why a kiosk's range *image* may not stand as *judge* (``core.authority.Acts``)
    holds the record at *at*: a range held under the name of its act's *station*, for
    that day, bounded, from the next number of that day on, with the ids the record
    gives next (``reserve``, ``ticket_id``); a release (``d``) is its holder's
    (:meth:`HeldRanges.fault`)."""
    if image[0] == "d":
        return None
    values = image[3] if image[0] == "i" and len(image) > 3 and type(image[3]) is dict \
        else None
    key = image[2]
    if values is None or values.get("station") != station or type(key) is not list or \
            len(key) != 3:
        return "reserve"
    first, last = key[2], values.get("last_seq")
    if not (type(first) is int and type(last) is int and 0 < first <= last < ID_BOUND
            and last - first < MAX_HELD and judge.near(key[0], at) and
            first <= judge.top_seq(key[0], key[1]) + 1):
        return "reserve"
    return None if judge.sane_id(values.get("first_id"), last - first) else "ticket_id"


@dataclass
class HeldRanges:
    """The ranges that stand (*rows*: (day, prefix, first_seq) -> the row's values) and
    the key that holds each, by day and prefix (none: held before keys were judged, or
    by the admin)."""

    rows: dict[tuple, dict] = field(default_factory=dict)
    holders: dict[tuple, dict[object, str | None]] = field(default_factory=dict)

    def fault(self, image: list, key: str | None) -> str | None:
        """Why *key*'s image of ``number_reserves`` may not stand here: ``not_holder``
        (a range of another key released or rewritten), ``overlap`` (numbers another
        range of that day holds)."""
        try:
            op, where = image[0], tuple(image[2])
        except (IndexError, TypeError):
            return "reserve"
        if len(where) != 3:
            return None  # (the shape is the judge's: ``range_fault``)
        if op in ("d", "u"):
            return "not_holder" if where in self.rows and self.holders.get(
                where[:2], {}).get(where[2]) not in (None, key) else None
        values = image[3] if op == "i" and len(image) > 3 and type(image[3]) is dict else {}
        last = values.get("last_seq")
        if type(where[2]) is not int or type(last) is not int:
            return None
        for (day, prefix, first), row in self.rows.items():
            top = row.get("last_seq")
            if (day, prefix) == where[:2] and type(top) is int and first <= last and \
                    where[2] <= top:
                return "overlap"
        return None

    def take(self, image: list, key: str | None) -> None:
        """Note a standing image of ``number_reserves`` signed by *key*."""
        where = tuple(image[2])
        if len(where) != 3:
            return
        held = self.holders.setdefault(where[:2], {})
        if image[0] == "d":
            self.rows.pop(where, None)
            held.pop(where[2], None)
        elif image[0] == "i" and len(image) > 3 and type(image[3]) is dict:
            self.rows[where] = dict(image[3])
            held[where[2]] = key
        elif image[0] == "u" and where in self.rows and len(image) > 3 and \
                type(image[3]) is dict:
            self.rows[where].update(image[3])

    def holding(self, day: object, prefix: object, seq: int) -> tuple | None:
        """The standing range of (*day*, *prefix*) that holds number *seq*: (first_seq,
        first_id, station, holder key), or None."""
        held = self.holders.get((day, prefix), {})
        for (d, p, first), row in self.rows.items():
            if d == day and p == prefix and type(row.get("last_seq")) is int and \
                    first <= seq <= row["last_seq"]:
                return first, row.get("first_id"), row.get("station"), held.get(first)
        return None

    def others(self, ticket: dict, key: str | None) -> str | None:
        """Why a ticket born *ticket* by *key* may not take its number: one of a range
        another key holds (``range``). Hot: a look-up while that day holds no range."""
        day, prefix, seq = ticket.get("day"), ticket.get("prefix"), ticket.get("seq")
        if not self.holders.get((day, prefix)) or type(seq) is not int:
            return None
        held = self.holding(day, prefix, seq)
        return "range" if held is not None and held[3] not in (None, key) else None

    def top(self, day: str, prefix: str) -> tuple[int, int]:
        """The highest number any standing range of (*day*, *prefix*) holds, and the
        highest ticket id any standing range holds below :data:`ID_BOUND` (0: none; an id
        from there up is never believed)."""
        seq = ids = 0
        for (d, p, first), row in self.rows.items():
            last, first_id = row.get("last_seq"), row.get("first_id")
            if type(last) is int and type(first_id) is int and type(first) is int:
                if first_id + last - first < ID_BOUND - 1:
                    ids = max(ids, first_id + last - first)
                if (d, p) == (day, prefix):
                    seq = max(seq, last)
        return seq, ids
