"""A kiosk's or survey tablet's answers waiting for their batch (issue #22).

An answer is written to the shared file in two steps, so that neither *when* nor
*where* it is written ties it to the visit:

1. at once, the visit's code is spent (``db.skm.spend_code``: its keyed hash joins the
   spent set, the event holds no answer). Before that the answer is saved in this
   station's queue file (local, never on the share, replaced atomically and synced), so
   the visitor's "terima kasih" is only shown once the answer cannot be lost by a crash;
2. the answers wait here until there are at least the office's minimum group
   (``skm_min_group``), or their month has ended (the station's periodic flush: a
   month's small groups the report hides anyway), or the station is closed for good
   (``closing``); never at the end of a day (issue #31: two copies of the file around
   a day-end batch of one gave one visitor's answers); then they are
   written as one shuffled batch (``db.skm.write_batch``) and the months they touch are
   rewritten in random order.

A batch carries a random id: it is recorded here *before* it is written, and after a
crash the station looks for that id in the log (``db.skm.batch_written``) before
writing it again, so a batch is written exactly once. A spend carries a random nonce in
the same way, so an answer whose code was spent just before a crash is not mistaken
for a second answer. What is guaranteed and what is not: docs/skm.md.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.paths import user_data_dir
from ult_desktop.core import skm
from ult_desktop.core.numbering import utc_now
from ult_desktop.db import errors
from ult_desktop.db import skm as skm_db
from ult_desktop.db.engine import Database
from ult_desktop.db.office import get_settings

QUEUE_NAME = "survey-queue.json"
#: Test hook: ``ULT_SURVEY_CRASH=after_spend`` or ``after_batch`` ends the process at
#: that point (a real crash, for the killed-tablet test).
_CRASH = "ULT_SURVEY_CRASH"


def queue_dir() -> Path:
    """``$ULT_SURVEY_QUEUE_DIR`` when set, else ``<user data dir>/survey``."""
    explicit = os.environ.get("ULT_SURVEY_QUEUE_DIR")
    return Path(explicit) if explicit else user_data_dir() / "survey"


@dataclass(frozen=True)
class Queued:
    """What the visitor's screen learns: the answer is safe, and how many wait."""

    waiting: int
    written: int


def _crash(point: str) -> None:
    if os.environ.get(_CRASH) == point:
        os._exit(137)


class AnswerQueue:
    """This station's waiting answers (one queue file per station user account)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or queue_dir()) / QUEUE_NAME
        self._lock = threading.Lock()

    # -- the file -------------------------------------------------------------------
    def _load(self) -> dict:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        if not isinstance(state, dict):
            state = {}
        state.setdefault("answers", [])
        state.setdefault("batch", None)
        return state

    def _save(self, state: dict) -> None:
        data = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        localfiles.write_atomic(self.path, data, private=True)

    def waiting(self) -> int:
        with self._lock:
            return len(self._load()["answers"])

    # -- step 1 ---------------------------------------------------------------------
    def submit(self, db: Database, *, ticket_code: str, answers: Sequence[int],
               suggestion: str | None = None, profile: dict | None = None,
               source: str = "tablet", now: datetime | None = None) -> Queued:
        """Keep the visitor's answer and spend the visit's code (worker thread).

        :raises InvalidAnswers, TextTooLong: answers, profile or suggestion not valid.
        :raises RuleViolation, NotFound: the code cannot be used (the answer is dropped).
        """
        entry = {"id": secrets.token_hex(8), "code": (ticket_code or "").strip().upper(),
                 "nonce": secrets.token_hex(8), "source": source,
                 "answers": list(skm.validate_answers(answers)),
                 "suggestion": skm.validate_suggestion(suggestion),
                 "profile": skm.validate_profile(profile)}
        if source not in ("kiosk", "tablet"):
            raise errors.RuleViolation("error.bad_input", detail=f"source {source!r}")
        now = now or utc_now()
        with self._lock:
            state = self._load()
            entry["after_event"] = _top(db)
            state["answers"].append(entry)
            self._save(state)  # safe before the code is spent
            try:
                self._spend(db, state, entry, now)
            except (errors.RuleViolation, errors.NotFound):
                state["answers"] = [a for a in state["answers"] if a["id"] != entry["id"]]
                self._save(state)
                raise
            except errors.UltError:
                pass  # the share is gone: spent on the next flush, the answer is kept
            written = self._flush(db, state, closing=False, now=now)
            return Queued(waiting=len(state["answers"]), written=written)

    def _spend(self, db: Database, state: dict, entry: dict, now: datetime) -> None:
        try:
            visit = skm_db.spend_code(db, ticket_code=entry["code"], now=now,
                                      nonce=entry["nonce"])
        except errors.RuleViolation as exc:
            visit = None
            if exc.key == "skm.error.already_answered":
                visit = skm_db.spent_by_nonce(db, ticket_code=entry["code"],
                                              nonce=entry["nonce"],
                                              after_event=entry.get("after_event", 0))
            if visit is None:
                raise
        _crash("after_spend")
        entry.update(service_id=visit.service_id, period=visit.period)
        for k in ("code", "nonce", "after_event"):  # nothing of the visit stays
            entry.pop(k, None)
        self._save(state)

    # -- step 2 ---------------------------------------------------------------------
    def flush(self, db: Database, *, closing: bool = False,
              now: datetime | None = None) -> int:
        """Spend what could not be spent, finish a batch cut short, and write the
        waiting answers if there are enough (or their month ended, or *closing*).
        Returns how many answers were written."""
        with self._lock:
            state = self._load()
            return self._flush(db, state, closing=closing, now=now or utc_now())

    def _flush(self, db: Database, state: dict, *, closing: bool, now: datetime) -> int:
        for entry in [a for a in state["answers"] if "code" in a]:
            try:
                self._spend(db, state, entry, now)
            except (errors.RuleViolation, errors.NotFound):
                state["answers"].remove(entry)  # a second answer, or a code gone
                self._save(state)
        written = 0
        batch = state.get("batch")
        if batch:  # cut short by a crash or a lost share: written once, never twice
            if skm_db.batch_written(db, batch["id"], after_event=batch["after_event"]):
                self._done(state, batch)
            else:
                written += self._write(db, state, batch, now)
        ready = [a for a in state["answers"] if "code" not in a]
        if not ready:
            return written
        month = now.strftime("%Y-%m")
        min_group = max(1, int(get_settings(db, "skm_min_group")["skm_min_group"]))
        if len(ready) >= min_group or closing or any(a["period"] < month for a in ready):
            batch = {"id": secrets.token_hex(12), "after_event": _top(db),
                     "answers": [a["id"] for a in ready]}
            state["batch"] = batch
            self._save(state)
            written += self._write(db, state, batch, now)
        return written

    def _write(self, db: Database, state: dict, batch: dict, now: datetime) -> int:
        ids = set(batch["answers"])
        rows = [a for a in state["answers"] if a["id"] in ids]
        n = skm_db.write_batch(db, rows, batch_id=batch["id"],
                               after_event=batch["after_event"], now=now)
        _crash("after_batch")
        self._done(state, batch)
        return n

    def _done(self, state: dict, batch: dict) -> None:
        ids = set(batch["answers"])
        state["answers"] = [a for a in state["answers"] if a["id"] not in ids]
        state["batch"] = None
        self._save(state)


def _top(db: Database) -> int:
    return int(db.query("SELECT COALESCE(MAX(id), 0) FROM events")[0][0])
