"""The copy of one person's data in words she can read (UU 27/2022 Pasal 32): her visits and
cases, what the office keeps, why, on what basis, for how long, who receives it and whom
to ask to correct or erase it. The PDF and the JSON copy carry these words
(``reports.person_pdf``); the JSON adds the data as held."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ult_desktop.core.dates import add_months, long_date, long_datetime
from ult_desktop.core.i18n import keys, tr
from ult_desktop.core.receipt import case_number

#: The fields of a register record that are about the person, in the order she reads them.
ABOUT_YOU = ("visitor_name", "institution", "region_name", "phone", "email", "id_number",
             "on_behalf_of", "letter_number")
#: The acts on her visit and cases that have words of their own in her copy (others: the
#: audit page's name of the act, else "another note about your visit").
ACT_WORDS = ("register_created", "register_updated", "case_opened", "case_answered",
             "case_callback", "case_closed", "case_rescheduled", "case_lapor_category",
             "case_visit_booked", "handover_sent", "handover_taken", "handover_coordinating",
             "handover_answered", "handover_returned", "handover_explained",
             "person_corrected", "person_shown")
#: The parts of the copy after her data, each a heading and its lines (the texts).
NOTICE_PARTS = ("purposes", "legal_basis", "retention", "recipients", "contact")


def _when(text: Any, tz: str, lang: str) -> str:
    """An ISO time as held (UTC) on the office's clock: "Senin, 2 Maret 2026 09:15 WIB"."""
    if not text:
        return "-"
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    if moment.tzinfo is None:
        return long_date(moment.date(), lang) if len(str(text)) == 10 else \
            f"{long_datetime(moment, lang)} {tz}"
    return f"{long_datetime(moment, lang, tz)} {tz}"


def _day(text: Any, lang: str) -> str:
    try:
        return long_date(date.fromisoformat(str(text)[:10]), lang)
    except ValueError:
        return str(text or "-")


def _word(key: str, value: Any, lang: str) -> str:
    """The catalogue's word *key* for *value*; the value itself when it has none."""
    return tr(key, lang) if key in keys() else str(value or "")


def _quoted(label: str, text: Any, lang: str) -> str:
    """*text* in quotes after its *label*; its own full stop left out ("…saya”.")."""
    text = str(text or "").strip().rstrip(".")
    return tr(label, lang, text=text) if text else ""


def visit_line(r: dict, tz: str, lang: str) -> str:
    """One register record as a sentence: when, how, which service, what she asked,
    what she was answered, who served her."""
    parts = [tr("person.copy.visit", lang, when=_when(r.get("created_at"), tz, lang),
                channel=_word(f"counter.channel.{r.get('channel') or 'walk_in'}", r.get("channel"),
                              lang).lower(),
                service=r.get("service") or "-")]
    if r.get("ticket"):
        parts.append(tr("person.copy.ticket", lang, number=r["ticket"]))
    if r.get("request_type"):
        parts.append(tr("person.copy.request_type", lang,
                        kind=_word(f"counter.request.{r['request_type']}", r["request_type"], lang).lower()))
    parts += [_quoted("person.copy.question", r.get("question"), lang),
              _quoted("person.copy.answer", r.get("answer"), lang)]
    if r.get("officer"):
        parts.append(tr("person.copy.served_by", lang, officer=r["officer"]))
    return " ".join(p for p in parts if p)


def case_line(c: dict, tz: str, lang: str) -> str:
    """One case as a sentence: its number, when it was forwarded and to whom, its due
    day, its state, the answer and the call-back, a follow-up visit."""
    parts = [tr("person.copy.case", lang, number=case_number(int(c["id"])),
                when=_when(c.get("opened_at"), tz, lang),
                unit=c.get("unit") or tr("person.copy.back_office", lang),
                state=_word(f"counter.case_state.{c.get('state')}", c.get("state"), lang))]
    if c.get("due_day"):
        parts.append(tr("person.copy.due", lang, day=_day(c["due_day"], lang)))
    if c.get("answered_at"):
        parts.append(tr("person.copy.case_answered", lang,
                        when=_when(c["answered_at"], tz, lang),
                        officer=c.get("answered_by") or "-"))
    parts.append(_quoted("person.copy.answer", c.get("answer"), lang))
    if c.get("callback_done_at"):
        parts.append(tr("person.copy.called_back", lang,
                        when=_when(c["callback_done_at"], tz, lang)))
    parts.append(_quoted("person.copy.callback_note", c.get("callback_note"), lang))
    if c.get("reschedule_reason"):
        parts.append(_quoted("person.copy.rescheduled", c["reschedule_reason"], lang))
    if c.get("visit_day"):
        parts.append(tr("person.copy.followup", lang, day=_day(c["visit_day"], lang)))
    return " ".join(p for p in parts if p)


def processing_line(e: dict, tz: str, lang: str) -> str:
    """One act of the processing record: when, what was done, at which desk, by whom."""
    kind = str(e.get("kind"))
    key = f"admin.kind.{kind}"
    what = tr(f"person.copy.act.{kind}", lang) if kind in ACT_WORDS else \
        tr(key, lang) if key in keys() else tr("person.copy.other_act", lang)
    parts = [f"{_when(e.get('at'), tz, lang)}: {what}"]
    if e.get("ticket"):
        parts.append(tr("person.copy.ticket_of", lang, number=e["ticket"]))
    if e.get("counter"):
        parts.append(tr("person.copy.at_counter", lang, counter=e["counter"]))
    if e.get("officer"):
        parts.append(tr("person.copy.by", lang, officer=e["officer"]))
    return ", ".join(parts) + "."


def about_you(records: list[dict], lang: str) -> list[str]:
    """"Nama: Ratna", one line per field she gave, every value it has held."""
    out = []
    for column in ABOUT_YOU:
        values = list(dict.fromkeys(str(r[column]).strip() for r in records
                                    if r.get(column) and str(r[column]).strip()))
        if values:
            out.append(f"{tr(f'person.copy.field.{column}', lang)}: {', '.join(values)}")
    return out


def _kept_until(records: list[dict], months: int, lang: str) -> str:
    days = [str(r["day"]) for r in records if r.get("day")]
    if not days:
        return ""
    until = add_months(date.fromisoformat(max(days)[:10]), months)
    return tr("person.copy.retention_until", lang, day=long_date(until, lang))


def notice(copy: dict, settings: dict, lang: str) -> dict[str, list[str]]:
    """The parts after her data: purposes, legal basis, retention (the office's setting),
    recipients (the units her cases went to among them) and whom to ask."""
    months = int(settings.get("retention_months") or 24)
    units = sorted({str(c["unit"]) for c in copy.get("cases") or [] if c.get("unit")})
    office = settings.get("office_name") or ""
    contact = (settings.get("privacy_contact") or "").strip() or ", ".join(
        p for p in (f"ULT {office}", settings.get("office_address")) if p)
    return {
        "purposes": [tr(f"person.copy.purpose.{n}", lang) for n in range(1, 5)],
        "legal_basis": [tr("person.copy.basis", lang)],
        "retention": [tr("person.copy.retention", lang, months=months),
                      _kept_until(copy.get("register_records") or [], months, lang)],
        "recipients": [tr("person.copy.recipients", lang, office=office),
                       tr("person.copy.units", lang, units=", ".join(units)) if units else "",
                       tr("person.copy.not_shared", lang)],
        "contact": [tr("person.copy.contact", lang, contact=contact),
                    tr("person.copy.complaint", lang)],
    }


def readable(copy: dict, settings: dict, lang: str, now: datetime) -> dict[str, Any]:
    """The whole copy in words (JSON-ready): title, when it was made, about her, her
    visits, cases, survey suggestions, the processing record, then :func:`notice`."""
    tz = settings.get("timezone") or "WIB"
    records = copy.get("register_records") or []
    parts = {k: [line for line in v if line] for k, v in notice(copy, settings, lang).items()}
    return {
        "title": tr("person.pdf.title", lang),
        "intro": tr("person.pdf.intro", lang, office=settings.get("office_name") or "",
                    at=f"{long_datetime(now, lang, tz)} {tz}"),
        "about_you": about_you(records, lang),
        "visits": [visit_line(r, tz, lang) for r in records] + ([tr(
            "person.copy.unlinked", lang, n=len(copy["unlinked"]),
            days=", ".join(dict.fromkeys(copy["unlinked"])))] if copy.get("unlinked") else []),
        "cases": [case_line(c, tz, lang) for c in copy.get("cases") or []],
        "suggestions": [tr("person.copy.suggestion", lang, period=s.get("period") or "-",
                           text=str(s.get("suggestion") or "").strip())
                        for s in copy.get("skm_suggestions") or []],
        "processing": [processing_line(e, tz, lang) for e in copy.get("processing") or []],
        **parts,
    }


#: The sections of :func:`readable` in the order the PDF prints them, with headings.
SECTIONS = ("about_you", "visits", "cases", "suggestions", "processing", *NOTICE_PARTS)


def local_times(value: Any, tz: str) -> Any:
    """*value* (the data as held) with every stored UTC time written on the office's
    clock, with its offset: the same moment as she lived it."""
    from ult_desktop.core.numbering import local_time

    if isinstance(value, dict):
        return {k: local_times(v, tz) for k, v in value.items()}
    if isinstance(value, list):
        return [local_times(v, tz) for v in value]
    if isinstance(value, str) and len(value) > 18 and value[4] == "-" and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return local_time(moment, tz).isoformat(timespec="seconds")
    return value
