"""SOP 003 (tatap muka) steps 10-15 between front and back office, and their standard
times: the time between two handover events is one step; whole requests are held to
working days (SOP 000, 001). Steps and defaults: docs/counter.md."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ult_desktop.core.stats import median, percentile


class HandoverKind(str, Enum):
    CONSULTATION = "consultation"  # FO asks BO while the visitor waits (step 10)
    ESCALATION = "escalation"      # an escalated case (visitor answered later)
    TRANSFER = "transfer"          # the visitor's ticket was transferred to the officer


class HandoverState(str, Enum):
    SENT = "sent"                  # waiting for back office
    TAKEN = "taken"                # a BO officer took it and studies it
    COORDINATING = "coordinating"  # BO coordinates with a unit utama
    ANSWERED = "answered"          # disposition written
    RETURNED = "returned"          # handed back to the FO officer
    EXPLAINED = "explained"        # FO explained it to the visitor (done)


H = HandoverState
HANDOVER_TRANSITIONS: dict[HandoverState, frozenset[HandoverState]] = {
    H.SENT: frozenset({H.TAKEN}),
    H.TAKEN: frozenset({H.COORDINATING, H.ANSWERED}),
    H.COORDINATING: frozenset({H.ANSWERED}),
    # a disposition may be corrected; a visitor served at the BO desk may be finished there
    H.ANSWERED: frozenset({H.ANSWERED, H.RETURNED, H.EXPLAINED}),
    H.RETURNED: frozenset({H.EXPLAINED}),
    H.EXPLAINED: frozenset(),
}


def can_move(current: HandoverState | str, wanted: HandoverState | str) -> bool:
    return HandoverState(wanted) in HANDOVER_TRANSITIONS[HandoverState(current)]


class ExplainMode(str, Enum):
    IN_PERSON = "in_person"  # secara langsung
    CALLBACK = "callback"    # tidak langsung: telepon / e-mail kembali


@dataclass(frozen=True)
class Step:
    key: str
    number: int       # the row in SOP 003
    start: str        # timestamp field the step starts at
    end: str          # ... and ends at


STEPS: tuple[Step, ...] = (
    Step("consult", 10, "served_at", "sent_at"),
    Step("receive", 11, "sent_at", "taken_at"),
    Step("study", 12, "taken_at", "study_end"),
    Step("coordinate", 13, "coordinating_at", "answered_at"),
    Step("disposition", 14, "answered_at", "returned_at"),
    Step("explain", 15, "returned_at", "explained_at"),
)

#: Defaults of SOP 003 (minutes per step) and SOP 000/001 (working days per request).
DEFAULT_TARGETS: dict[str, int] = {
    "consult": 5, "receive": 3, "study": 3, "coordinate": 5, "disposition": 5,
    "explain": 5, "resolution_days": 1, "online_days": 2,
}


def targets(overrides: Mapping[str, int] | None = None) -> dict[str, int]:
    """The defaults with a service's own values laid over them (unknown keys dropped)."""
    out = dict(DEFAULT_TARGETS)
    for key, value in (overrides or {}).items():
        if key in out and value is not None:
            out[key] = int(value)
    return out


def step_times(times: Mapping[str, datetime | None]) -> dict[str, float]:
    """Minutes each step took whose start and end *times* are both known (study ends when
    coordination starts or, without it, at the answer)."""
    t = dict(times)
    t["study_end"] = t.get("coordinating_at") or t.get("answered_at")
    out: dict[str, float] = {}
    for step in STEPS:
        start, end = t.get(step.start), t.get(step.end)
        if start is not None and end is not None:
            out[step.key] = max(0.0, (end - start).total_seconds() / 60)
    return out


@dataclass(frozen=True)
class Handover:
    """One handover between front office and back office, as the shared file holds it."""

    id: int
    kind: HandoverKind
    state: HandoverState
    ticket_id: int | None
    ticket_number: str | None
    record_id: int | None
    case_id: int | None
    service_id: int
    service_prefix: str
    service_name: str
    channel: str
    day: str
    from_officer: int | None
    from_name: str | None
    to_officer: int | None
    taken_by: int | None
    taken_name: str | None
    visitor_name: str | None
    institution: str | None
    topic: str | None
    question: str
    unit: str | None
    disposition: str | None
    explain_mode: str | None
    times: dict[str, datetime | None]
    phone: str | None = None       # the visitor's, for a call-back (shown masked)
    due_day: str | None = None     # the escalation's tenggat (ISO date), None for others
    online_ref: str | None = None  # the web form's request number

    def step_minutes(self) -> dict[str, float]:
        return step_times(self.times)


@dataclass(frozen=True)
class StepSummary:
    key: str
    number: int
    count: int
    mean_min: float
    target_min: int
    within: int        # how many met the standard time
    median_min: float | None = None
    p90_min: float | None = None

    @property
    def within_pct(self) -> float:
        return 100.0 * self.within / self.count if self.count else 0.0

    @property
    def over(self) -> int:
        """How many took longer than the standard time: the SOP's "penyimpangan"."""
        return self.count - self.within


def summarize(samples: list[tuple[dict[str, float], Mapping[str, int]]]) -> list[StepSummary]:
    """Per SOP step: count, mean, median, P90 minutes and how many met their target;
    *samples*: (step minutes of one handover, its service's targets)."""
    out = []
    for step in STEPS:
        values = [(m[step.key], tg[step.key]) for m, tg in samples if step.key in m]
        mins = [v for v, _ in values]
        out.append(StepSummary(
            key=step.key, number=step.number, count=len(values),
            mean_min=sum(mins) / len(mins) if mins else 0.0,
            target_min=DEFAULT_TARGETS[step.key] if not values else values[0][1],
            within=sum(v <= tg for v, tg in values),
            median_min=median(mins), p90_min=percentile(mins, 90)))
    return out


def summarize_by_service(samples: Sequence[tuple[int, dict[str, float], Mapping[str, int]]]
                         ) -> dict[int, list[StepSummary]]:
    """:func:`summarize` per service, in order of first appearance (*samples* lead with it)."""
    groups: dict[int, list[tuple[dict[str, float], Mapping[str, int]]]] = {}
    for service_id, minutes, tg in samples:
        groups.setdefault(service_id, []).append((minutes, tg))
    return {sid: summarize(group) for sid, group in groups.items()}
