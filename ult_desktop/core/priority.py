"""Kelompok rentan: the priority groups a ticket is issued for (SOP 004).

UU 25/2009 Pasal 29's groups, plus ibu menyusui (with ibu hamil); stored by key in
``tickets.priority_group`` (None: not named) and counted by the reports."""

from __future__ import annotations

DISABILITY, ELDERLY, PREGNANT, CHILDREN, DISASTER = (
    "disability", "elderly", "pregnant", "children", "disaster")
#: In the order the kiosk shows them and the reports list them.
GROUPS: tuple[str, ...] = (DISABILITY, ELDERLY, PREGNANT, CHILDREN, DISASTER)

#: The sign shown beside a priority ticket, per group (``None``: group not known).
ICONS: dict[str | None, str] = {
    DISABILITY: "♿", ELDERLY: "👴", PREGNANT: "🤰", CHILDREN: "🧒", DISASTER: "⛑",
    None: "★"}

#: Words an officer may type for a group (CLI ``take --priority lansia``).
ALIASES: dict[str, str] = {
    **{g: g for g in GROUPS},
    "disabilitas": DISABILITY, "penyandang_disabilitas": DISABILITY,
    "penyandang-disabilitas": DISABILITY, "difabel": DISABILITY,
    "lansia": ELDERLY, "lanjut_usia": ELDERLY, "lanjut-usia": ELDERLY,
    "hamil": PREGNANT, "ibu_hamil": PREGNANT, "ibu-hamil": PREGNANT, "menyusui": PREGNANT,
    "anak": CHILDREN, "anak-anak": CHILDREN, "anak_anak": CHILDREN,
    "bencana": DISASTER, "korban_bencana": DISASTER, "korban-bencana": DISASTER,
}


def parse_group(text: str | None) -> str | None:
    """The group key for *text* (a key or an Indonesian word), ``None`` for empty.

    :raises ValueError: not a group."""
    if text is None or not text.strip():
        return None
    key = text.strip().lower().replace(" ", "_")
    if key not in ALIASES:
        raise ValueError(f"unknown priority group {text!r}; use one of {', '.join(GROUPS)}")
    return ALIASES[key]


def group_key(group: str | None) -> str:
    """The catalogue key of the group's name (``priority.group.<key>``)."""
    return f"priority.group.{group or 'unknown'}"


def promise_kept(waits, minutes: float) -> tuple[int, int]:
    """The office's published promise (setting ``priority_promise_min``): of the priority
    visitors whose minutes from taking the number to the first call are *waits* (None:
    never called, so not within), how many were called within *minutes*, and how many
    there were."""
    waits = list(waits)
    return sum(1 for w in waits if w is not None and w <= minutes), len(waits)


def icon(group: str | None) -> str:
    return ICONS.get(group, ICONS[None])


def mark(group: str | None, lang: str | None = None, drawn=None) -> str:
    """What the counter shows beside a priority ticket: "🧒 prioritas: Anak-anak";
    *drawn*: whether the screen's font has a character (one it lacks is a box: the
    group's sign, else the plain star, else none)."""
    from ult_desktop.core.i18n import tr

    sign = next((c for c in (icon(group), ICONS[None]) if drawn is None or drawn(c)), "")
    text = f"{sign} {tr('counter.priority', lang)}".strip()
    return f"{text}: {tr(group_key(group), lang)}" if group in GROUPS else text


# -- how the visitor is helped ------------------------------------------------------------
#: How a ticket's visitor is met and how it was taken (``tickets.assist``, comma-joined).
SEAT, DEAF, SPOKEN, LARGE = "seat", "deaf", "spoken", "large"
ASSISTS: tuple[str, ...] = (SEAT, DEAF, SPOKEN, LARGE)


def parse_assist(text: str | None) -> frozenset[str]:
    """The flags of ``tickets.assist`` (unknown words are dropped)."""
    return frozenset(a for a in (text or "").split(",") if a in ASSISTS)


def assist_text(flags) -> str | None:
    """``tickets.assist`` for *flags*, in :data:`ASSISTS` order; None for none."""
    return ",".join(a for a in ASSISTS if a in set(flags)) or None
