"""The service register (digital guest book), pure rules: what a record must hold, how
personal data is checked and masked (UU 27/2022), who may do what, how cases are classed."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from enum import Enum


class Channel(str, Enum):
    WALK_IN = "walk_in"  # tatap muka, with a queue ticket
    PHONE = "phone"      # telepon (SOP layanan informasi melalui telepon)
    ONLINE = "online"    # permintaan daring (online form with its own queue number)


class EscalationTarget(str, Enum):
    BACK_OFFICE = "back_office"
    UNIT_UTAMA = "unit_utama"


class CaseState(str, Enum):
    OPEN = "open"          # with back office / unit utama, no answer yet
    ANSWERED = "answered"  # answer entered; visitor may still need a call-back
    CLOSED = "closed"


LETTER_TYPES = ("surat_kuasa", "surat_tugas")
#: What the visitor came for (SOP 003 step 2; konsultasi is SOP 002's; pengaduan is
#: reported apart: PermenPANRB 15/2014).
REQUEST_TYPES = ("informasi", "konsultasi", "pengaduan", "perizinan", "permohonan")

_PHONE = re.compile(r"^(?:\+?62|0)8?\d{7,13}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@dataclass
class RecordInput:
    """What the officer typed into the register form (all text, as typed)."""

    visitor_name: str = ""
    institution: str = ""
    region_code: str = ""
    region_name: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""
    on_behalf: bool = False
    on_behalf_of: str = ""
    letter_type: str = ""
    letter_number: str = ""
    topic: str = ""
    question: str = ""
    answer: str = ""
    online_ref: str = ""
    request_type: str = ""
    lapor_id: str = ""          # a complaint's SP4N-LAPOR! tracking ID

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def subject(self) -> str:
        """What the visit is about, in a line: the topic, else the question's start."""
        return self.topic.strip() or " ".join(self.question.split())[:80]

    @classmethod
    def from_dict(cls, data: dict) -> RecordInput:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def is_empty(self) -> bool:
        # the request type alone is a choice preset on the form, not something typed
        return not any(v for k, v in self.as_dict().items()
                       if k not in ("on_behalf", "request_type")) and not self.on_behalf


@dataclass(frozen=True)
class Record:
    """One saved record of the register, as the shared file holds it."""

    id: int
    ticket_id: int | None
    ticket_number: str | None
    channel: Channel
    day: str
    service_id: int
    service_prefix: str
    service_name: str
    officer_id: int | None
    data: RecordInput
    created_at: datetime
    updated_at: datetime
    #: the visit's outcome at the desk ("rescheduled": the helpdesk keeps it)
    ticket_outcome: str | None = None


def clean_phone(text: str) -> str:
    """Digits of a phone number, keeping a leading ``+`` (not text: none)."""
    text = text.strip() if isinstance(text, str) else ""
    digits = re.sub(r"\D", "", text)
    return ("+" + digits) if text.startswith("+") else digits


def clean_id_number(text: str) -> str:
    return re.sub(r"\D", "", text) if isinstance(text, str) else ""


def valid_phone(text: str) -> bool:
    """An Indonesian mobile or landline number: ``08…``, ``62…``, ``+62…``, ``024…``."""
    return bool(_PHONE.match(clean_phone(text)))


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match((text or "").strip()))


def valid_id_number(text: str) -> bool:
    """A NIK (16 digits) or a NIP (18 digits)."""
    return len(clean_id_number(text)) in (16, 18)


#: An SP4N-LAPOR! tracking number as lapor.go.id gives it to the complainant ("Nomor
#: Tracking #4512345"): digits only, of this many; a leading "#" is taken and not kept.
LAPOR_DIGITS = (5, 12)


def clean_lapor_id(text: str) -> str:
    """*text* without the spaces around it and the "#" LAPOR! writes before it."""
    return (text or "").strip().removeprefix("#").strip()


def valid_lapor_id(text: str) -> bool:
    """A LAPOR! tracking number (:data:`LAPOR_DIGITS`): never a topic or a word."""
    number = clean_lapor_id(text)
    return number.isascii() and number.isdigit() and \
        LAPOR_DIGITS[0] <= len(number) <= LAPOR_DIGITS[1]


def _masked(digits: str) -> str:
    """The first and last four of *digits* (eight or fewer: none)."""
    return "*" * len(digits) if len(digits) <= 8 else \
        digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_id_number(text: str | None) -> str:
    """``"3374012345670001"`` -> ``"3374********0001"``: region and last digits only."""
    return _masked(clean_id_number(text or ""))


def mask_phone(text: str | None) -> str:
    """``"081234567890"`` -> ``"0812****7890"``."""
    return _masked(clean_phone(text or ""))


def validate(record: RecordInput, *, channel: Channel, need_question: bool = False,
             need_contact: bool = False) -> dict:
    """Problems with *record*: ``{field: i18n key}``; empty when it may be saved.
    *need_contact*: the answer is to reach the visitor (a call-back): a phone or e-mail."""
    problems: dict[str, str] = {}
    if not record.visitor_name.strip():
        problems["visitor_name"] = "counter.invalid.name"
    if record.phone.strip() and not valid_phone(record.phone):
        problems["phone"] = "counter.invalid.phone"
    if record.email.strip() and not valid_email(record.email):
        problems["email"] = "counter.invalid.email"
    if record.id_number.strip() and not valid_id_number(record.id_number):
        problems["id_number"] = "counter.invalid.id_number"
    if channel in (Channel.PHONE, Channel.ONLINE) and not (record.phone.strip() or
                                                            record.email.strip()):
        problems.setdefault("phone", "counter.invalid.contact")
    if need_contact and not (record.phone.strip() or record.email.strip()):
        problems.setdefault("phone", "counter.invalid.callback_contact")
    if record.on_behalf:
        if not record.on_behalf_of.strip():
            problems["on_behalf_of"] = "counter.invalid.on_behalf_of"
        if record.letter_type not in LETTER_TYPES:
            problems["letter_type"] = "counter.invalid.letter_type"
        if not record.letter_number.strip():
            problems["letter_number"] = "counter.invalid.letter_number"
    if record.lapor_id.strip() and not valid_lapor_id(record.lapor_id):
        problems["lapor_id"] = "counter.invalid.lapor_id"
    if need_question and not record.question.strip():
        problems["question"] = "counter.invalid.question"
    if record.request_type and record.request_type not in REQUEST_TYPES:
        problems["request_type"] = "counter.invalid.request_type"
    return problems


def normalized(record: RecordInput) -> dict:
    """The record as stored: trimmed text, cleaned numbers, ``None`` for empty optionals."""
    d = {k: (v.strip() if isinstance(v, str) else v) for k, v in record.as_dict().items()}
    d["phone"] = clean_phone(d["phone"]) or None
    d["email"] = d["email"] or None
    d["id_number"] = clean_id_number(d["id_number"]) or None
    d["on_behalf"] = bool(d["on_behalf"])
    d["lapor_id"] = clean_lapor_id(d["lapor_id"])
    for key in ("region_code", "region_name", "online_ref", "request_type", "lapor_id"):
        d[key] = d[key] or None
    if not d["on_behalf"]:
        d["on_behalf_of"] = d["letter_type"] = d["letter_number"] = None
    return d



def merge_record(base: RecordInput | None, mine: RecordInput,
                 theirs: RecordInput) -> RecordInput:
    """A record written from two places: this form (*mine*, loaded as *base*) and the file
    now (*theirs*). Field by field what this form changed wins, the rest keeps the file's
    value (an open form never blanks the back office's answer); without *base* (a restored
    draft) an empty field never blanks a stored value."""
    m = normalized(mine)
    b = normalized(base) if base is not None else None
    raw_m, raw_t = mine.as_dict(), theirs.as_dict()
    out = {}
    for key in raw_m:
        changed = m[key] != b[key] if b is not None else bool(m[key])
        out[key] = raw_m[key] if changed else raw_t[key]
    return RecordInput(**out)

# -- roles -----------------------------------------------------------------------------
#: The officers' roles, in the order the screens list them.
ROLES = ("front_office", "back_office", "helpdesk", "supervisor", "admin")
#: What each role may do in the counter station (admins: everything).
PERMISSIONS: dict[str, frozenset[str]] = {
    # "visit": book a case's follow-up visit, where the visitor stands (the front office
    # too: she is at its desk)
    "front_office": frozenset({"queue", "register", "reclassify", "cases_view", "callback",
                               "visit"}),
    "helpdesk": frozenset({"queue", "register", "cases_view", "answer", "callback",
                           "reschedule", "close", "visit"}),
    "back_office": frozenset({"register", "cases_view", "answer", "callback", "reschedule",
                              "close", "visit"}),
    "supervisor": frozenset({"queue_view", "cases_view", "reclassify", "reschedule",
                             "close", "register_view", "visit"}),
    "admin": frozenset({"queue", "register", "reclassify", "cases_view", "answer",
                        "callback", "reschedule", "close", "visit"}),
}


def roles_that(action: str) -> list[str]:
    """The roles that may do *action*, in :data:`PERMISSIONS`' order."""
    return [r for r, allowed in PERMISSIONS.items() if action in allowed]


def can(role: str, action: str) -> bool:
    """May an officer with *role* (several joined by "+": a stand-in) do *action*?"""
    allowed = frozenset().union(*(PERMISSIONS.get(r, frozenset()) for r in role.split("+")))
    if action in allowed:
        return True
    # Doing implies seeing.
    return action.endswith("_view") and action[:-5] in allowed


# -- cases -----------------------------------------------------------------------------
class CaseBucket(str, Enum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    OPEN = "open"
    CALLBACK = "callback"     # answered, visitor still to be called back
    ANSWERED = "answered"     # answered, nothing left but closing
    CLOSED = "closed"


def case_bucket(state: str, due_day: date, today: date, *, callback_needed: bool,
                callback_done: bool) -> CaseBucket:
    """Where a case shows in the back-office view on *today*."""
    s = CaseState(state)
    if s is CaseState.CLOSED:
        return CaseBucket.CLOSED
    if s is CaseState.ANSWERED:
        return CaseBucket.CALLBACK if callback_needed and not callback_done \
            else CaseBucket.ANSWERED
    if due_day < today:
        return CaseBucket.OVERDUE
    if due_day == today:
        return CaseBucket.DUE_TODAY
    return CaseBucket.OPEN


@dataclass(frozen=True)
class Case:
    """A follow-up case of a register record, as the shared file holds it."""

    id: int
    record: Record
    escalated_to: EscalationTarget
    unit: str | None
    state: CaseState
    opened_at: datetime
    opened_by: int | None
    due_day: date
    reschedule_count: int
    reschedule_reason: str | None
    answer: str | None
    answered_at: datetime | None
    answered_by: int | None
    callback_needed: bool
    callback_attempts: int
    callback_done_at: datetime | None
    callback_note: str | None
    closed_at: datetime | None
    #: a SP4N-LAPOR! report's category (``core.evidence.LAPOR_DAYS``); None: not one
    lapor_category: str | None = None

    @property
    def rescheduled(self) -> bool:
        """The helpdesk's "belum selesai, dijadwalkan ulang" (SOP 000 step 5): the officer
        kept it; never "diteruskan"."""
        return self.record.ticket_outcome == "rescheduled"

    def bucket(self, today: date) -> CaseBucket:
        return case_bucket(self.state.value, self.due_day, today,
                           callback_needed=self.callback_needed,
                           callback_done=self.callback_done_at is not None)
