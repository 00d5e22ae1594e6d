"""Who may say what: the rows each registered station role may sign.

An event's rows (its row images, ``db.record.projection``) count only when the station
that signed them may write them; the office's registrations (``db.record.audit``) say
which role each station key had when (:class:`Authority`). No database here: the
verifier and reconcile hand these the images and registrations they read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: Modes of a PC that is not the admin PC: it never creates the office's root of trust
#: (made on the admin PC, by an admin: docs/security.md "Station keys") and never signs
#: officers' rows (a PIN's stronger hash is written at the admin PC).
NOT_ADMIN_PC_MODES = ("kiosk", "counter", "display", "survey")


#: A key registration's role: what the station is, and so what it may
#: sign (:data:`AUTHORITY`).
ROLES = ("admin", "counter", "kiosk", "survey", "display")
#: The role an approval grants when the admin names none: the one that may sign least
#: (a role is granted, never taken from what the station asked for).
LEAST_ROLE = "display"
ROLE_OF_MODE = {"kiosk": "kiosk", "survey": "survey", "counter": "counter",
                "display": "display", "admin": "admin"}


# -- who may say what ------------------------------------------------------
#: What each registered role may write, judged by the rows an event writes (its row
#: images, ``db.record.projection``), never by its kind: table -> True (any row) or a
#: test of the image. An admin station may write everything; an image that only
#: re-states a value (``"v"``) writes nothing. Whatever is not listed is the admin's:
#: settings, services, counters, officers, mutu baku, SKM follow-ups.
def _column_only(*columns: str) -> Callable[[list], bool]:
    return lambda image: image[0] == "u" and isinstance(image[3], dict) and \
        set(image[3]) <= set(columns)


def _row_only(*keys: str) -> Callable[[list], bool]:
    return lambda image: image[0] == "i" and list(image[2]) in ([k] for k in keys)


def _sources(*sources: str) -> Callable[[list], bool]:
    return lambda image: len(image[2]) > 2 and image[2][2] in sources


_EVERY_STATION: dict[str, object] = {
    "pin_lockouts": True,                   # a wrong PIN typed at any station
    "officers": _column_only("pin_weak"),   # a login notes whether the PIN is weak
}
AUTHORITY: dict[str, dict[str, object]] = {
    "kiosk": {**_EVERY_STATION, "tickets": True, "number_reserves": True,
              "settings": _row_only("skm_code_salt", "skm_spent_salt"),
              "register_records": _column_only("code_hash"),  # a requester's code spent
              "skm_spent_codes": True,
              "skm_responses": _sources("kiosk", "tablet", "online", "phone")},
    "survey": {**_EVERY_STATION, "skm_spent_codes": True, "settings": _row_only("skm_spent_salt"),
               "tickets": _column_only("code_hash"),  # a spent code's hash cleared
               "register_records": _column_only("code_hash"),
               "skm_responses": _sources("kiosk", "tablet", "online", "phone")},
    "counter": {**_EVERY_STATION, "tickets": True, "settings": _row_only("skm_code_salt"),
                "counter_pauses": True,
                "register_records": True, "cases": True, "handovers": True,
                "skm_responses": _sources("paper", "phone")},
    "display": dict(_EVERY_STATION),
}
#: What the admin PC may also sign with the head of office (role ``supervisor``) signed in
#: rather than an admin: stand-ins (penugasan).
HEAD_MAY_SIGN = frozenset({"standins"})
#: A key registered before roles existed (no role, not an admin station): any station's.
_UNNAMED: dict[str, object] = {
    t: (lambda image, t=t: any(_allows(r.get(t), image) for r in AUTHORITY.values()))
    for r in AUTHORITY.values() for t in r}


#: Per role, the tables it may write any row of (None: a key without a role, any
#: non-admin station's); whatever the image, it is allowed.
_ANY_ROW: dict[str | None, frozenset[str]] = {
    **{role: frozenset(t for t, rule in rules.items() if rule is True)
       for role, rules in AUTHORITY.items()},
    None: frozenset(t for rules in AUTHORITY.values() for t, rule in rules.items()
                    if rule is True)}


def _allows(rule: object, image: list) -> bool:
    return rule is True or (callable(rule) and bool(rule(image)))


def may_write(role: str | None, image: list) -> bool:
    """May a station of *role* sign the row image *image* (``[op, table, key, ...]``)?"""
    if role == "admin" or image[0] == "v":
        return True
    rules = AUTHORITY.get(role, {}) if role else _UNNAMED
    try:
        return _allows(rules.get(image[1]), image)
    except (IndexError, TypeError):
        return False


def _shape(image: list) -> tuple:
    """What :func:`may_write`'s rules read of an image: its op and table, the columns an
    update writes, an insert's key when it is a name (a setting's), a group's source (a
    survey answer's). Images of one shape are judged alike (``Authority`` keeps the
    answer: a five-year log has a few hundred shapes, not a million images)."""
    op, table, key = image[0], image[1], image[2]
    columns = tuple(sorted(image[3])) if op == "u" and len(image) > 3 and \
        isinstance(image[3], dict) else None
    named = key[0] if op == "i" and len(key) == 1 and isinstance(key[0], str) else None
    source = key[2] if len(key) > 2 and isinstance(key[2], str) else None
    return op, table, columns, named, source


@dataclass
class Authority:
    """Who was registered as what, from the chain's registrations (:func:`authority`):
    after the office's first registration an event's rows count only when its signer
    was registered and its role allows them (:func:`may_write`)."""

    #: the first valid registration's event id (0: none yet: every row counts)
    first: int = 0
    #: key -> [(registration event, role: "admin", a role, or "" for none)]
    roles: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    _judged: dict[tuple, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, registry: dict[str, dict]) -> Authority:
        out = cls(first=min((r["event"] for r in registry.values()), default=0))
        for key, reg in registry.items():
            out.roles[key] = sorted(reg["roles"])
            out.labels[key] = str(reg["label"])
        return out

    def role_at(self, key: str | None, event_id: int) -> str | None:
        """The role *key* had at *event_id* (its first one for events before it was
        registered: the approval vouches for them); None: unsigned or never registered."""
        history = self.roles.get(key or "")
        if not history:
            return None
        role = history[0][1]
        if len(history) == 1:
            return role
        for at, later in history:
            if at <= event_id:
                role = later
        return role

    def any_row(self, role: str | None) -> frozenset[str]:
        """The tables *role* may write any row of: :meth:`may_write` says yes to every
        image of them without judging it."""
        return _ANY_ROW.get(role, frozenset()) if role else _ANY_ROW[None]

    def may_write(self, role: str | None, image: list) -> bool:
        """:func:`may_write`, judged once per role and image shape (:func:`_shape`)."""
        try:
            if role == "admin" or image[1] in self.any_row(role):
                return True  # any row of that table (a kiosk's tickets): no shape to judge
            shape = (role, *_shape(image))
        except (IndexError, TypeError):
            return may_write(role, image)
        judged = self._judged.get(shape)
        if judged is None:
            judged = self._judged[shape] = may_write(role, image)
        return judged
