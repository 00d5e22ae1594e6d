"""Every place the shared file can hold personal data (UU 27/2022 PDP), declared once.

The retention purge, its count and the backup rotation read this list; a visitor's column
not declared here is a bug. Rows are kept, the declared columns emptied, declared JSON
keys removed. What is kept on purpose and why: docs/security.md "Personal data"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalData:
    """Columns of *table* that identify or describe a person: the first of *age_columns*
    it has dates a row (ISO text); *columns* are emptied ('' where NOT NULL), *json_keys*
    removed from *json_column*. What a file lacks is skipped (older backups)."""

    table: str
    age_columns: tuple[str, ...]
    columns: tuple[str, ...] = ()
    json_column: str | None = None
    json_keys: tuple[str, ...] = ()


PERSONAL_DATA: tuple[PersonalData, ...] = (
    # The service register: who came, how to reach them, what they asked and were told.
    PersonalData(
        table="register_records",
        age_columns=("day",),
        columns=("visitor_name", "phone", "email", "id_number", "on_behalf_of",
                 "letter_number", "question", "answer"),
    ),
    # Escalated cases: the answer, why it was rescheduled, what the call-back found.
    PersonalData(table="cases", age_columns=("opened_at",),
                 columns=("reschedule_reason", "answer", "callback_note")),
    # SKM: the free-text suggestion may name people (dated by its month 'YYYY-MM' only).
    PersonalData(table="skm_responses", age_columns=("period", "day", "created_at"),
                 columns=("suggestion",)),
    # Back office handovers: the case as the front office put it and the answer.
    PersonalData(table="handovers", age_columns=("day",),
                 columns=("question", "disposition")),
    # The event log: free-text reasons and notes an officer typed; kind, ids, times stay.
    PersonalData(table="events", age_columns=("at",), json_column="data",
                 json_keys=("reason", "note", "visitor_name", "phone", "email",
                            "id_number",
                            # the salt of the audit trail's commitment to the values
                            # above (db/record/events.py): gone with them, nothing to guess from
                            "_ps")),
)


# -- one person on request (UU 27/2022 Pasal 32-43): how a typed name, NIK, phone or e-mail
# is matched to what the register holds: tolerant of case, spacing, accents, a missing
# digit, and a misspelt name (an edit or two per word); db.privacy.person reads the file.
#: The register's columns an admin may correct on request (what names or reaches a person).
CORRECTABLE = ("visitor_name", "phone", "email", "id_number", "institution",
               "on_behalf_of", "letter_number")


def folded(text: str | None) -> str:
    """Lower case, accents gone, anything not a letter or digit a single space."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def digits_of(text: str | None) -> str:
    return "".join(c for c in (text or "") if c.isdigit())


def phone_forms(digits: str) -> set[str]:
    """A phone number's digits as ``08…``, ``628…`` and ``+628…`` (how it may be stored)."""
    if digits.startswith("62"):
        rest = digits[2:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        return {digits}
    return {"0" + rest, "62" + rest, "+62" + rest}


def edits_within(a: str, b: str, k: int) -> bool:
    """Whether *a* becomes *b* with at most *k* single-character edits (Levenshtein)."""
    if abs(len(a) - len(b)) > k:
        return False
    if a == b:
        return True
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(row) > k:
            return False
        prev = row
    return prev[-1] <= k


def one_missing(short: str, long: str) -> bool:
    """Whether *long* is *short* with one more character somewhere (a digit left out)."""
    if len(long) != len(short) + 1:
        return False
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


def _slack(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def name_matches(query: str, name: str | None) -> bool:
    """Whether the typed *query* names *name*: inside it once folded and spaces gone,
    every word of it near a word of the name, or the whole near the whole."""
    q, n = folded(query), folded(name)
    if not q or not n:
        return False
    qs, ns = q.replace(" ", ""), n.replace(" ", "")
    if qs in ns:
        return True
    words = n.split()
    if all(any(edits_within(w, x, _slack(w)) for x in words) for w in q.split()):
        return True
    return edits_within(qs, ns, _slack(qs) + 1)


def name_pieces(query: str) -> list[list[str]]:
    """Per word of the folded *query*, pieces one of which a name it matches holds as it
    is (one more piece than the edits :func:`name_matches` allows that word)."""
    out = []
    for word in folded(query).split():
        n = min(_slack(word) + 1, max(1, len(word) // 2))
        size = -(-len(word) // n)
        out.append([word[i:i + size] for i in range(0, len(word), size)])
    return out


def name_rank(query: str, name: str | None) -> int:
    """How closely *name* matches: 0 the same once folded, 1 holds it, 2 near it."""
    q, n = folded(query).replace(" ", ""), folded(name).replace(" ", "")
    return 0 if q == n else 1 if q in n else 2


def digits_match(query: str, stored: str | None) -> bool:
    """Whether typed digits name stored ones: equal, or one digit left out either way
    (a phone in any of its forms); never one digit different (a family's NIKs)."""
    s = digits_of(stored)
    if not s:
        return False
    for q in phone_forms(digits_of(query)) if digits_of(query) else ():
        q = q.lstrip("+")
        if s == q or one_missing(q, s) or one_missing(s, q):
            return True
    return False


def text_matches(query: str, stored: str | None) -> bool:
    """An e-mail (or any short text): equal once folded, or one character left out."""
    q, s = folded(query).replace(" ", ""), folded(stored).replace(" ", "")
    return bool(q and s) and (q == s or one_missing(q, s) or one_missing(s, q))


def query_kind(text: str) -> str:
    """What a typed query is: ``"email"``, ``"digits"`` (NIK, NIP, phone) or ``"name"``."""
    if "@" in text:
        return "email"
    return "digits" if len(digits_of(text)) >= 6 and len(digits_of(text)) * 2 >= len(
        "".join(text.split())) else "name"


def privacy_notice(custom: str | None, months: int, lang: str | None = None) -> str:
    """What a visitor is told about their data, in one line: the office's own sentence
    (setting ``privacy_notice``), or what is kept, why, how long and whom to ask."""
    from ult_desktop.core.i18n import tr

    return (custom or "").strip() or tr("person.notice.default", lang, months=months)


def erasure_ref(person_id: int) -> str:
    """The reference an erasure act names its person by: a hash of the id under a salt
    thrown away at once (nothing in the act leads back to the person; the person is
    given the reference)."""
    import hashlib
    import secrets

    salt = secrets.token_hex(16)
    return hashlib.sha256(f"{salt}:{person_id}".encode()).hexdigest()[:16]
