"""The audit chain's verifier: ``db.record.audit.verify_chain`` hands it the log one row at
a time (:meth:`Verifier.row`); it names what no longer holds (edited, deleted, inserted,
forged events, rewritten registrations). What needs the file again is checked there."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ult_desktop.core.chain import (
    GENESIS,
    LINK_BYTES,
    fingerprint,
    hash_holds,
    json_dict,
    key_id_of,
    personal_erased,
    personal_tampered,
)

KEY_REQUESTED = "station_key_requested"
KEY_REGISTERED = "station_key_registered"
#: The office's root took a key's trust back (a lost or retired PC).
KEY_REVOKED = "station_key_revoked"
REPORT_ISSUED = "report_issued"  # issue_report: one per report or export
#: A station saw the chain no longer pass through an event it had verified.
CHAIN_BREAK = "chain_break"
#: An admin told this PC to trust the file's (new) root of trust.
REPINNED = "root_repinned"
CHAIN_STARTED = "audit_chain_started"
BASELINE = "projection_baseline"  # db/record/projection.py
RESTORED = "database_restored"
RETENTION_APPLIED = "retention_applied"  # db/privacy/retention.py: the purge's signed cut-off
#: One person's data erased on request (db/privacy/person.py): the events it emptied, by id.
PERSON_ERASED = "person_erased"
_RECENT = 8
#: Suspect events (unsigned, or under another station's label) kept for judging.
MAX_SUSPECTS = 100_000
#: Findings named one by one per station and kind before one line sums up the rest.
MAX_NAMED = 50


@dataclass
class _KeyState:
    last_id: int = 0
    last_hash: bytes = GENESIS
    count: int = 0
    label: str = ""
    #: its first event after the office's first registration, and how many since
    after_first: int = 0
    count_after: int = 0
    #: (id, hash) of its last events: to name a skipped one
    recent: deque = field(default_factory=lambda: deque(maxlen=_RECENT))


class Verifier:
    def __init__(self) -> None:
        self.findings: list[dict] = []
        self.flagged: set[int] = set()
        self._seen: set[tuple[int, str]] = set()
        self.keys: dict[str, _KeyState] = {}
        self.registrations: list[tuple[int, str | None, dict, str | None]] = []  # + actor
        self.legacy_until = 0
        self.legacy = 0
        self.baseline = 0
        self.erased: list[tuple[int, str]] = []  # (event id, day) of purged personal text
        self.purge_cutoff = ""                  # the newest signed retention cut-off
        #: (id, key, events it emptied) of each erasure on request
        self.erasure_acts: list[tuple[int, str | None, list[int]]] = []
        self.unsigned: dict[str, int] = {}
        self.count = 0
        self.prev_id = 0
        self.prev_hash = GENESIS
        self.recent: deque = deque(maxlen=3)   # (id, hash) of the last chained events
        self.last_signed = 0
        self.max_id = 0
        self.head: tuple[int, bytes] | None = None
        #: (skipped id, key, skipping event's id, its hash): forged unless its signature
        #: verifies (an edited ``chain_heads`` hint branches a chain; that accuses nobody)
        self.skipped: list[tuple[int, str, int, bytes]] = []
        #: (key, before id, link prefix) -> (id, hash, [(id, hash) in between]) or None
        self.lookup: Callable[[str, int, bytes],
                              tuple[int, bytes, list[tuple[int, bytes]]] | None] | None = None
        #: labels registered so far (tentatively; judged after the walk) -> their keys
        self.reg_labels: dict[str, set[str]] = {}
        self.first_reg = 0
        #: (id, label, key or None) of events after the first registration unsigned, or
        #: signed by another key under a registered label
        self.suspects: list[tuple[int, str, str | None]] = []
        self.breaks: list[tuple[int, str | None, dict]] = []
        #: (last id before, first id after) of ids skipped with the chain intact
        self.gaps: list[tuple[int, int]] = []
        self.gap_notes: list[list[int]] = []
        #: (id, key, event id it names) of reports: a head they printed
        self.named: list[tuple[int, str, int]] = []
        #: (id, key, actor, data) of the re-pins: release only what they name
        self.repins: list[tuple[int, str | None, str | None, dict]] = []

    def named_ids(self, registry: dict[str, dict]) -> list[int]:
        """Event ids signed events of registered stations name (breaks, re-pins, reports)."""
        out = [int(n) for event_id, key, n in self.named
               if key in registry and event_id not in self.flagged]
        out += [int(data.get("id") or 0) for event_id, key, data in self.breaks
                if key in registry and event_id not in self.flagged]
        for event_id, key, _actor, data in self.repins:
            witness = data.get("witness")
            if key in registry and event_id not in self.flagged and isinstance(witness, dict):
                out.append(int(witness.get("id") or 0))
        return out

    def flag(self, event_id: int, problem: str, detail: str) -> None:
        if (event_id, problem) in self._seen:
            return
        self._seen.add((event_id, problem))
        self.flagged.add(event_id)
        self.findings.append({"event": event_id, "problem": problem, "detail": detail})

    def row(self, row: tuple) -> None:
        event_id, fields = row[0], row[1:11]
        prev_link, key_link, stored, _sig = row[11:15]
        rows = row[15] if len(row) > 15 else None
        kind, station, data, key = fields[0], fields[5], fields[7], fields[9]
        self.count += 1
        self.max_id = event_id
        if not stored:
            self.flag(event_id, "inserted", "it carries no chain hash: it was not written "
                                            "by ULT Desktop")
            return
        stored = bytes(stored)
        key_prev = self._key_link(event_id, key, key_link) if key else GENESIS
        content_checked = self._link(event_id, prev_link)
        if content_checked is self.prev_hash and event_id > self.prev_id + 1 and \
                self.prev_id and kind != RESTORED:
            # Ids skip only after a restore or a raised high-water mark: judged after
            self.gaps.append((self.prev_id, event_id))
        if content_checked is not None and key_prev is not None:
            self._content(event_id, fields, rows, stored, content_checked,
                          key_prev if key else None)
        if kind == RETENTION_APPLIED and (key or not self.last_signed):
            before = json_dict(data).get("before")
            if isinstance(before, str) and before > self.purge_cutoff:
                self.purge_cutoff = before
        if kind == PERSON_ERASED:
            emptied = json_dict(data).get("events")
            if isinstance(emptied, list):
                self.erasure_acts.append((event_id, key, [i for i in emptied
                                                         if isinstance(i, int)]))
        self._signer(event_id, kind, station, key, stored)
        self._kind(event_id, kind, station, key, fields)
        self.recent.append((event_id, stored))
        self.prev_id, self.prev_hash = event_id, stored
        self.head = (event_id, stored)

    def _content(self, event_id: int, fields: tuple, rows, stored: bytes, prev: bytes,
                 key_prev: bytes | None) -> None:
        """Whether the event's fields still give its hash, and its personal text its salt."""
        data = fields[7]
        if not hash_holds(stored, prev, key_prev, fields, rows):  # (or as the purge wrote it)
            self.flag(event_id, "edited", "its fields no longer give its hash")
        elif personal_tampered(data):
            self.flag(event_id, "edited", "its personal text (reason, note, name) no "
                                          "longer matches what was written")
        elif personal_erased(data):  # lawful only before a signed purge's cut-off
            self.erased.append((event_id, str(fields[6])[:10]))

    def _signer(self, event_id: int, kind: str, station: str, key: str | None,
                stored: bytes) -> None:
        """Count the event for its key, or as legacy, baseline or unsigned."""
        if key:
            ks = self.keys[key]
            ks.last_id, ks.last_hash, ks.count = event_id, stored, ks.count + 1
            ks.label = ks.label or station
            if self.first_reg and event_id > self.first_reg and kind != KEY_REQUESTED:
                ks.after_first = ks.after_first or event_id
                ks.count_after += 1
            ks.recent.append((event_id, stored))
            self.last_signed = event_id
        elif event_id <= self.legacy_until:
            self.legacy += 1
        elif kind == BASELINE and not self.last_signed:
            # a new or upgraded file's rows, before any station signed: like legacy
            self.baseline += 1
        else:
            self.unsigned[station] = self.unsigned.get(station, 0) + 1

    def _kind(self, event_id: int, kind: str, station: str, key: str | None,
              fields: tuple) -> None:
        """Keep what the walk judges afterwards: registrations, suspects, named heads."""
        data = fields[7]
        if kind == KEY_REGISTERED:
            reg = json_dict(data)
            self.registrations.append((event_id, key, reg, fields[8]))
            self.reg_labels.setdefault(str(reg.get("label", "")), set()).add(
                str(reg.get("key", "")))
            self.first_reg = self.first_reg or event_id
        elif self.first_reg and event_id > self.legacy_until and (
                key is None or key not in self.reg_labels.get(station, (key,))):
            if len(self.suspects) < MAX_SUSPECTS:
                self.suspects.append((event_id, station, key))
        if kind == REPORT_ISSUED and key:
            head = json_dict(data).get("head")
            if isinstance(head, int):
                self.named.append((event_id, key, head))
        if kind == CHAIN_BREAK:
            self.breaks.append((event_id, key, json_dict(data)))
        elif kind == REPINNED:
            self.repins.append((event_id, key, fields[8], json_dict(data)))

    def _link(self, event_id: int, prev_link) -> bytes | None:
        """The full previous hash to check this event's content with (None: unknown)."""
        link = bytes(prev_link or b"")
        if link == self.prev_hash[:LINK_BYTES]:
            return self.prev_hash
        if len(self.recent) >= 2 and link == self.recent[-2][1][:LINK_BYTES]:
            self.flag(self.prev_id, "inserted",
                      f"event {event_id} links past it to event {self.recent[-2][0]}")
            return self.recent[-2][1]
        if link == GENESIS[:LINK_BYTES] and self.prev_id:
            self.flag(event_id, "deleted", f"every event before {event_id} was removed")
            return GENESIS
        if self.prev_id == 0:
            self.flag(event_id, "deleted", f"the events before {event_id} were removed")
        elif event_id > self.prev_id + 1:
            self.flag(self.prev_id + 1, "deleted", f"event(s) {span(self.prev_id, event_id)} "
                                                   f"between {self.prev_id} and {event_id} "
                                                   "were removed")
        else:
            self.flag(self.prev_id, "edited", f"it was changed and re-hashed: event {event_id} "
                                              "still links to its former hash")
        return None

    def _key_link(self, event_id: int, key: str, key_link) -> bytes | None:
        ks = self.keys.get(key)
        if ks is None:
            ks = self.keys[key] = _KeyState()
        link = bytes(key_link or b"")
        if link == ks.last_hash[:LINK_BYTES]:
            return ks.last_hash
        # This key's own chain skips its latest events: those were not written by it.
        for i in range(len(ks.recent) - 1, -1, -1):
            rid, rhash = ks.recent[i]
            if rhash[:LINK_BYTES] == link or (i == 0 and link == GENESIS[:LINK_BYTES]):
                self.skipped += [(s, key, event_id, h) for s, h in list(ks.recent)[i + 1:]]
                return rhash if rhash[:LINK_BYTES] == link else GENESIS
        found = self.lookup(key, event_id, link) if self.lookup is not None else None
        if found is not None:  # an older event of its own: the chain branched there
            self.skipped += [(s, key, event_id, h) for s, h in found[2]]
            return found[1]
        # Its own previous event is gone: a deletion (named where the chain breaks).
        if not any(f["problem"] == "deleted" for f in self.findings):
            self.flag(event_id, "deleted", f"the previous event of station key {key} "
                                           "was removed")
        return None

    def registry(self) -> dict[str, dict]:
        """Valid registrations from the chain: key -> {public_key, label, event, root}."""
        registered: dict[str, dict] = {}
        for event_id, signer, data, actor in self.registrations:
            key = str(data.get("key", ""))
            try:
                public = bytes.fromhex(str(data.get("public_key", "")))
            except ValueError:
                public = b""
            if event_id in self.flagged:
                self.flag(event_id, "registration", f"the registration of key {key} was "
                                                    "rewritten: it is not trusted")
                continue
            if key_id_of(public) != key:
                self.flag(event_id, "registration", f"the registration of key {key} names a "
                                                    "public key that is not that key's")
                continue
            root = not registered and signer == key
            if root and not actor:
                self.flag(event_id, "registration", f"key {key} registered itself as the "
                                                    "office's root of trust without an admin "
                                                    "logged in: it is not trusted")
                continue
            if signer is None or not (root or registered.get(signer, {}).get("admin")):
                self.flag(event_id, "registration", f"key {key} was registered by a station "
                                                    "that is not a registered admin station")
                continue
            role = data.get("role") if isinstance(data.get("role"), str) else None
            reg = registered.get(key)
            if reg is not None and reg["public_key"] == public:
                if role is not None:  # approved again: its new role (and desks)
                    reg["role"] = role
                    reg["roles"].append((event_id, "admin" if reg["admin"] else role))
                    reg["desks"].append((event_id, data.get("desks")))
                continue
            admin = root or data.get("admin_station") is True
            registered.setdefault(key, {"public_key": public, "label": data.get("label", ""),
                                        "event": event_id, "root": root, "admin": admin,
                                        "role": role,
                                        "roles": [(event_id, "admin" if admin else role or "")],
                                        "desks": [(event_id, data.get("desks"))]})
        return registered

    def check_erasures(self, registry: dict[str, dict] | None = None) -> None:
        """Personal text gone with its salt is a lawful purge only before the cut-off of a
        signed ``retention_applied`` event, or in an event a ``person_erased`` act names
        that a registered admin station signed (any, in a file without registrations)."""
        lawful = {i for act, key, ids in self.erasure_acts
                  if act not in self.flagged and (
                      (registry or {}).get(key or "", {}).get("admin")
                      or not registry and (key or not self.last_signed))
                  for i in ids}
        for event_id, day in self.erased:
            if event_id in lawful:
                continue  # a person's erasure on request, signed by an admin station
            if not self.purge_cutoff or day >= self.purge_cutoff:
                self.flag(event_id, "edited", "its personal text was erased, but no signed "
                                              "retention purge covers its date")

    def check_suspects(self, registry: dict[str, dict]) -> dict[str, int]:
        """Name unsigned events after the first registration, and events under a
        registered label its key did not sign; returns the unsigned named, per label."""
        if not registry:
            return {}
        first = min(r["event"] for r in registry.values())
        labels: dict[str, list[tuple[int, str]]] = {}
        for key, r in registry.items():
            labels.setdefault(str(r["label"]), []).append((r["event"], key))
        named: dict[str, int] = {}
        counts: dict[tuple[str, str], list[int]] = {}
        for event_id, station, signed_by in self.suspects:
            if event_id <= first or event_id in self.flagged:
                continue
            own = [k for at, k in labels.get(station, []) if at < event_id]
            if signed_by is not None and (not own or signed_by in own or (
                    signed_by in registry and registry[signed_by]["label"] == station)):
                continue  # its own label, or a label not registered (yet)
            problem = "impersonated" if own else "unsigned"
            if signed_by is None:
                named[station] = named.get(station, 0) + 1
            ids = counts.setdefault((station, problem), [])
            ids.append(event_id)
            if len(ids) > MAX_NAMED:
                continue
            if problem == "unsigned":
                self.flag(event_id, problem, f"it is unsigned (station '{station}'), written after "
                                             f"the office registered its keys (event {first}): it "
                                             "proves nothing")
            elif signed_by is None:
                self.flag(event_id, problem, f"it bears the name of registered station '{station}' "
                                             "but is unsigned: that station did not write it")
            else:
                self.flag(event_id, problem, f"it bears the name of registered station '{station}' "
                                             f"but is signed by key {signed_by}, not by that "
                                             "station")
        for (station, problem), ids in counts.items():
            if len(ids) > MAX_NAMED:
                self.flag(ids[MAX_NAMED], problem, f"{len(ids) - MAX_NAMED} more such events of "
                                                   f"station '{station}' up to event {ids[-1]}")
        return named

    def check_unregistered(self, registry: dict[str, dict]) -> None:
        """After the first registration, a never-registered key's event proves nothing."""
        if not registry:
            return
        for key, ks in self.keys.items():
            if key in registry or not ks.after_first:
                continue
            self.flag(ks.after_first, "unregistered",
                      f"{ks.count_after} event(s) from event {ks.after_first} to {ks.last_id} are "
                      f"signed by key {fingerprint(key)} ('{ks.label}'), which the office never "
                      "registered: they prove nothing (approve the station on the admin page if "
                      "it is the office's)")

    def check_pins(self, registry: dict[str, dict], root, pinned_root: str | None,
                    pinned_keys: dict[str, str]) -> None:
        """The root of trust and the registrations this PC pinned (outside the file)."""
        if pinned_root:
            pinned_root = pinned_root.replace(" ", "").lower()
            if root is None:
                self.flag(0, "root", "this PC pinned the root of trust "
                                     f"{fingerprint(pinned_root)}, but the file has no valid "
                                     "root of trust any more")
            elif root[0] != pinned_root:
                self.flag(root[1]["event"], "root",
                          f"the file's root of trust is now key {fingerprint(root[0])} "
                          f"('{root[1]['label']}'), not {fingerprint(pinned_root)} which this PC "
                          "pinned: the station keys were replaced")
        for key, public_hex in pinned_keys.items():
            reg = registry.get(key)
            if reg is None or reg["public_key"].hex() != public_hex:
                self.flag(reg["event"] if reg else 0, "registration",
                          f"key {fingerprint(key)}, which this PC saw registered, is no longer "
                          "validly registered in the file")

    def admin_act(self, registry: dict[str, dict], event_id: int, key: str | None,
                   actor: str | None) -> bool:
        """Said by an admin station with an admin signed in, and not tampered with since."""
        return bool(key in registry and registry[key]["admin"] and actor and
                    event_id not in self.flagged)

    def acknowledged(self, registry: dict[str, dict], after: int, event: int,
                      digest: str | None = None) -> bool:
        """An admin's re-pin after event *after* names event *event* (and its hash, when
        one is given): only what a re-pin names is released."""
        for event_id, key, actor, data in self.repins:
            if event_id <= after or not self.admin_act(registry, event_id, key, actor):
                continue
            named = data.get("witness")
            if not isinstance(named, dict):
                named = {}
            if digest is not None and named.get("id") == event and named.get("hash") == digest:
                return True
            if digest is None and event in (data.get("acknowledged") or []):
                return True
        return False

    def report(self, registry: dict[str, dict], root: tuple[str, dict] | None,
               named_unsigned: dict[str, int], high_water_ahead: int | None) -> dict:
        """The walk's report (``check --json``'s ``"audit"``), findings in event order."""
        self.findings.sort(key=lambda f: f["event"])
        for station, n in named_unsigned.items():
            left = self.unsigned.get(station, 0) - n
            if left > 0:
                self.unsigned[station] = left
            else:
                self.unsigned.pop(station, None)
        keys = [{"key": k, "fingerprint": fingerprint(k), "label": r["label"],
                 "registered_at_event": r["event"], "root": r["root"],
                 "admin_station": r["admin"],
                 "events": self.keys[k].count if k in self.keys else 0}
                for k, r in registry.items()]
        unverified = {k: {"label": s.label, "events": s.count}
                      for k, s in self.keys.items() if k not in registry}
        return {
            "ok": not self.findings,
            "events": self.count,
            "head": {"id": self.head[0], "hash": self.head[1].hex()} if self.head else None,
            "findings": self.findings,
            "legacy_events": self.legacy,
            "baseline_events": self.baseline,
            "unsigned_events": self.unsigned,
            "unverified_keys": unverified,
            "keys": keys,
            "last_signed_event": self.last_signed,
            # the file's counter names events no signed event names: a hint, not a finding
            "high_water_ahead": high_water_ahead,
            "skipped_ids": self.gap_notes,
            "root": {"key": root[0], "fingerprint": fingerprint(root[0]),
                     "label": root[1]["label"], "event": root[1]["event"]} if root else None,
        }


def span(before: int, after: int) -> str:
    return f"{before + 1}" if after == before + 2 else f"{before + 1}-{after - 1}"


