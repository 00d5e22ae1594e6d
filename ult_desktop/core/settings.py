"""Every office-wide setting (table ``settings`` in the shared file), declared once: type,
default, allowed values, label (an i18n key). :func:`validate` is what
``db.house.office.set_settings`` checks, whatever wrote the value (admin page, CLI, script)."""

from __future__ import annotations

import builtins
import copy
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ult_desktop.core import pins
from ult_desktop.core.queue import PriorityOrder

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _time(value: str) -> bool:
    return bool(_TIME.match(value))


def _span(value: str) -> bool:
    """"HH:MM-HH:MM" (start before end), or "" for none."""
    start, dash, end = value.partition("-")
    return not value or bool(dash) and _time(start) and _time(end) and start < end


def _pause(value: object) -> bool:
    """A planned pause: ``{}`` (none) or ``{"day": ISO date, "span": "HH:MM-HH:MM",
    "counters": [numbers] (empty: every desk), "reason": text}``."""
    if not isinstance(value, dict) or not value:
        return isinstance(value, dict)
    counters = value.get("counters", [])
    return _iso_date(value.get("day")) and isinstance(value.get("span"), str) and \
        bool(value["span"]) and _span(value["span"]) and isinstance(counters, list) and \
        all(isinstance(c, int) and not isinstance(c, bool) for c in counters) and \
        isinstance(value.get("reason", ""), str)


def _parses(parse: Callable[[Any], object]) -> Callable[[Any], bool]:
    """A check that *parse* takes the value (no ValueError or TypeError)."""
    def check(value: Any) -> bool:
        try:
            parse(value)
        except (TypeError, ValueError):
            return False
        return True
    return check


_iso_date = _parses(date.fromisoformat)


def _extra_day(value: object) -> bool:
    """``{"date": ISO date, "name": text}``, or an ISO date as older versions stored."""
    if isinstance(value, dict):
        return _iso_date(value.get("date")) and isinstance(value.get("name", ""), str)
    return isinstance(value, str) and _iso_date(value)


@dataclass(frozen=True)
class Setting:
    """One office setting: *type* ``str``/``int``/``bool``/``list``; *choices*: allowed
    values (or list items); *low*, *high*: an int's bounds; *item*: a list's item type;
    *check*: a last test of the value."""

    key: str
    type: type
    default: Any
    description: str
    label: str
    choices: tuple = ()
    low: int | None = None
    high: int | None = None
    item: builtins.type | None = None  # the field `type` hides the builtin here
    check: Callable[[Any], bool] | None = None
    max_length: int = 2000

    def problem(self, value: Any) -> str | None:
        """Why *value* is not allowed (English detail), or None when it is."""
        if self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            return f"{self.key} must be a whole number"
        if self.type is not int and not isinstance(value, self.type):
            return f"{self.key} must be {self.type.__name__}"
        if self.type is str and len(value) > self.max_length:
            return f"{self.key} is longer than {self.max_length} characters"
        if self.type is int and ((self.low is not None and value < self.low) or
                                 (self.high is not None and value > self.high)):
            return f"{self.key} must be between {self.low} and {self.high}"
        values = value if self.type is list else [value]
        for v in values:
            if self.item is not None and (isinstance(v, bool) or not isinstance(v, self.item)):
                return f"{self.key} items must be {self.item.__name__}"
            if self.choices and v not in self.choices:
                return f"{self.key}: {v!r} is not one of {list(self.choices)}"
            if self.check is not None and not self.check(v):
                return f"{self.key}: {v!r} is not valid"
        return None


def _ipv4_or_empty(value: str) -> bool:
    """One IPv4 address a phone can be sent to (or none): never ``0.0.0.0`` (every
    address of the PC, the guest Wi-Fi's too), a multicast or a reserved one."""
    try:
        address = ipaddress.IPv4Address(value) if value else None
    except ValueError:
        return False
    return address is None or not (address.is_unspecified or address.is_multicast
                                   or address.is_reserved)


_s = Setting  # (short: the table below reads as one column)
_LANGS = ("id", "en")
SETTINGS: dict[str, Setting] = {s.key: s for s in (
    _s("office_name", str, "BPMP Provinsi", "Office name on tickets, display and reports",
       "admin.profile.name", max_length=200),
    _s("office_address", str, "", "Address line on tickets and reports",
       "admin.profile.address", max_length=300),
    _s("head_title", str, "Kepala", "Title of the head of office in the report's "
       "'Mengetahui' block (e.g. Kepala BPMP Provinsi Jawa Tengah)",
       "admin.profile.head_title", max_length=200),
    _s("head_name", str, "", "Name of the head of office who signs the reports",
       "admin.profile.head_name", max_length=200),
    _s("head_nip", str, "", "NIP of the head of office (18 digits)",
       "admin.profile.head_nip", max_length=30),
    _s("office_logo_png_b64", str, "", "Logo as base64 PNG (shown on kiosk, display, tickets)",
       "admin.profile.logo", max_length=2_000_000),
    _s("timezone", str, "WIB", "WIB, WITA or WIT: decides the office day",
       "admin.profile.timezone", choices=("WIB", "WITA", "WIT")),
    _s("language", str, "id", "Default language of screens and voice: id or en",
       "admin.profile.language", choices=_LANGS),
    _s("languages", list, ["id", "en"], "Languages offered on the kiosk",
       "admin.profile.languages", item=str, choices=_LANGS),
    _s("open_days", list, [0, 1, 2, 3, 4], "Weekdays open (0 = Monday)",
       "admin.profile.open_days", item=int, choices=tuple(range(7))),
    _s("open_time", str, "08:00", "Tickets are issued from this local time",
       "admin.profile.hours", check=_time),
    _s("close_time", str, "15:00", "Tickets are issued until this local time",
       "admin.profile.hours", check=_time),
    _s("serving_until", str, "16:00", "Closing: the desks serve until this local time "
       "(no wait band ends after it)", "admin.profile.serving_until", check=_time),
    _s("break_daily", str, "", "The desks' daily break (ISHOMA), HH:MM-HH:MM (empty: "
       "none); on Fridays the Friday break replaces it", "admin.profile.break_daily",
       check=_span),
    _s("break_friday", str, "", "The Friday break (Jumatan), HH:MM-HH:MM (empty: the daily "
       "break on Fridays too)", "admin.profile.break_friday", check=_span),
    _s("planned_pause", dict, {}, "A planned pause with its expected return (an apel, a "
       "meeting): {\"day\": ISO date, \"span\": \"HH:MM-HH:MM\", \"counters\": [numbers] "
       "(empty: every desk), \"reason\": text}", "admin.profile.planned_pause", check=_pause),
    _s("update_window", str, "any", "When stations switch to a release staged on them, "
       "each at its safe moment: any (as soon as one is ready), break (the office-wide "
       "break, or after closing) or after_closing (closing to opening, closed weekdays)",
       "admin.profile.update_window", choices=("any", "break", "after_closing")),
    _s("update_now", str, "", "An urgent fix: this release (and any older one) is taken at "
       "the next safe moment whatever the window (empty: none)", "admin.profile.update_now",
       max_length=40, check=lambda v: not v or bool(re.match(r"^\d+(\.\d+)*\S*$", v))),
    _s("enforce_hours", bool, True, "Refuse tickets outside opening hours and on closed days",
       "admin.profile.enforce_hours"),
    _s("priority_prefix", str, "P", "Number prefix of priority (kelompok rentan) tickets",
       "admin.counters.policy", check=lambda v: len(v) == 1 and "A" <= v <= "Z"),
    _s("followup_prefix", str, "L", "Number prefix of follow-up visits checked in by code "
       "(their own numbers from 1; a service's own letter: that service's numbers)",
       "admin.counters.policy", check=lambda v: len(v) == 1 and "A" <= v <= "Z"),
    _s("priority_policy", str, "priority_counter_first",
       "priority_counter_first (the priority counter calls them; any counter after half "
       "the priority promise or when nobody serves the priority counter), first_everywhere or "
       "priority_counter_only", "admin.counters.policy",
       choices=("priority_counter_first", "first_everywhere", "priority_counter_only")),
    _s("priority_order", str, "always", "When priority goes first: always, "
       "ratio:N (one priority after N regular calls at a counter) or after:M (in turn, "
       "first once it waited M minutes)", "admin.counters.order",
       check=_parses(PriorityOrder.parse)),
    _s("priority_promise_min", int, 10, "Minutes within which the office promises to "
       "call a priority visitor (office profile, monthly report); a busy priority desk "
       "holds her for half of it, then any desk that serves calls her first",
       "admin.profile.priority_promise", check=lambda v: 2 <= v <= 120),
    _s("priority_promise_share", int, 90, "The share (%) of priority visitors the office "
       "aims to call within its promise (office profile, monthly report)",
       "admin.profile.promise_share", check=lambda v: 1 <= v <= 100),
    _s("route_wait_min", int, 15, "Minutes a ticket sent to a counter or an officer waits "
       "for them before any counter of its service may call it",
       "admin.counters.route_wait", check=lambda v: 1 <= v <= 240),
    _s("missed_after_calls", int, 3, "Times a number is called before the next call marks "
       "the visitor missed (the ministry's ULT procedure: 3)", "admin.counters.missed_after",
       low=1, high=9),
    _s("return_after_numbers", int, 3, "Numbers of the same line called before a missed "
       "visitor who reported back is called again (the ministry's ULT procedure: 3)",
       "admin.counters.return_after", low=0, high=20),
    _s("followup_order", str, "window", "Where a follow-up visitor who checks in on the "
       "day joins the line: window (ahead of walk-ins who came after the window opened), "
       "front (ahead of every walk-in) or walk_in", "admin.counters.followup_order",
       choices=("window", "front", "walk_in")),
    _s("ticket_header", str, "", "Extra header line on tickets", "admin.profile.header",
       max_length=200),
    _s("ticket_footer", str, "Terima kasih atas kunjungan Anda", "Footer on tickets",
       "admin.profile.footer", max_length=200),
    _s("qr_content", str, "{code}", "QR content on tickets; {code} is the ticket code "
       "(e.g. https://example.go.id/skm?t={code})", "admin.profile.qr", max_length=500),
    _s("running_text", str, "Selamat datang di Unit Layanan Terpadu",
       "Running text on the display", "admin.display.running_text"),
    _s("voice_pack", str, "default", "Voice clip folder name, or 'tts'",
       "admin.display.voice_pack", max_length=500),
    _s("announce_repeat", int, 1, "How many times a call is spoken", "admin.display.repeat",
       low=1, high=3),
    _s("announce_volume", int, 80, "Volume 0-100", "admin.display.volume", low=0, high=100),
    _s("announce_language", str, "id", "Language of voice calls: id or en",
       "admin.display.language", choices=_LANGS),
    _s("extra_holidays", list, [], "Days the office is closed besides national holidays and "
       "cuti bersama: [{\"date\": ISO date, \"name\": text}] (older files: ISO dates)",
       "admin.holidays.extra", check=_extra_day),
    _s("retention_months", int, 24, "Personal data older than this is removed",
       "admin.retention.months", low=1, high=240),
    _s("privacy_notice", str, "", "What the register form and the receipt tell a visitor "
       "about their personal data, one line (empty: the default sentence)",
       "admin.retention.notice", max_length=400),
    _s("privacy_contact", str, "", "Whom a person asks to correct or erase their data "
       "(name, phone, e-mail), printed on the copy of their data (empty: the office's name "
       "and address)", "admin.retention.contact", max_length=300),
    _s("survey_enabled", bool, True, "Offer the SKM survey", "admin.profile.survey"),
    # the daily automatic backup (core/backup_plan.py, db/keeping/autobackup.py)
    _s("backup_folder", str, "", "Second folder for the daily automatic backup (empty: "
       "none); a network folder (\\\\server\\share) is used by any station",
       "backup.daily.folder", max_length=1000),
    _s("backup_host", str, "", "The PC that makes the daily backup into a local folder "
       "(empty: any station)", "backup.daily.folder", max_length=200),
    _s("backup_keep", int, 30, "Daily backups kept in the backup folder; older ones are "
       "deleted", "backup.daily.keep", low=2, high=366),
    _s("backup_state", dict, {}, "The last backup made and today's claim (written by the "
       "backup itself)", "backup.daily.last"),
    # PIN policy (core/pins.py): lengths can only be raised above the defaults
    _s("pin_min_length", int, pins.STAFF_MIN_DEFAULT,
       "Shortest PIN of front office, back office and helpdesk (4-12)",
       "settings.pin_min_length", low=pins.STAFF_MIN_DEFAULT, high=pins.MAX_DIGITS),
    _s("pin_min_length_admin", int, max(pins.ROLE_MIN_DEFAULT.values()),
       "Shortest PIN of admins and supervisors (6-12)", "settings.pin_min_length_admin",
       low=max(pins.ROLE_MIN_DEFAULT.values()), high=pins.MAX_DIGITS),
    _s("pin_max_failures", int, 5, "Wrong PINs in a row before a username is locked (3-10)",
       "settings.pin_max_failures", low=3, high=10),
    _s("pin_lockout_minutes", int, 5, "First lockout in minutes; each further one doubles, "
       "up to a day (1-60)", "settings.pin_lockout_minutes", low=1, high=60),
    # SKM
    _s("skm_min_group", int, 5, "SKM breakdowns with fewer respondents are merged or "
       "withheld", "settings.skm_min_group", low=1, high=100),
    _s("skm_answer_days", int, 7, "Days after the visit in which its survey may be "
       "answered", "settings.skm_answer_days", low=1, high=90),
    _s("skm_display_enabled", bool, False, "Show the latest published SKM result on the "
       "lobby display", "settings.skm_display_enabled"),
    _s("skm_published", dict, {}, "The SKM result last published (period, IKM, mutu, "
       "actions)", "settings.skm_published"),
    _s("outage_reserve", int, 0, "Numbers per service each kiosk keeps for a long outage "
       "of the shared file, taken only when its usual few run out (0: none)",
       "settings.outage_reserve", low=0, high=200),
    _s("spak_enabled", bool, False, "Ask the SPAK items (Survei Persepsi Anti Korupsi) after "
       "the SKM's nine", "settings.spak_enabled"),
    # the visitor's phone page (app.phone_page): off while no address is set
    _s("phone_address", str, "", "LAN address (IPv4) of the station that serves the "
       "visitors' phone page; the ticket's QR points there (empty: no phone page)",
       "admin.phone.address", max_length=100, check=_ipv4_or_empty),
    _s("phone_port", int, 8080, "Port of the phone page", "admin.phone.address",
       low=1024, high=65535),
    _s("phone_station", str, "", "The station that serves the phone page (empty: the "
       "lobby display)", "admin.phone.station", max_length=200),
    _s("guest_wifi_ssid", str, "", "The guest Wi-Fi's name: a second QR on the ticket "
       "joins it (empty: none)", "admin.phone.wifi", max_length=32),
    _s("guest_wifi_password", str, "", "The guest Wi-Fi's WPA password",
       "admin.phone.wifi", max_length=63),
    _s("missed_call_rule", str, "", "What a visitor whose call was missed should do, as "
       "the office publishes it (shown on the phone page)", "admin.phone.missed_rule",
       max_length=300),
    _s("wait_band_target", int, 80, "Percent of visitors who should be served inside the "
       "wait band they were shown; below it the band widens", "admin.phone.band_target",
       low=50, high=99),
    _s("standar_pelayanan", dict, {}, "The Standar Pelayanan's office-wide components "
       "(PermenPANRB 15/2014) and the SK that adopted them (core.evidence.SP_OFFICE_KEYS)",
       "admin.profile.sp"),
)}

def defaults() -> dict[str, Any]:
    """A fresh dict of every default (lists copied: callers may change what they get)."""
    return {key: copy.deepcopy(s.default) for key, s in SETTINGS.items()}


def validate(values: dict[str, Any]) -> list[str]:
    """What is wrong with *values* (unknown keys, wrong types, values not allowed)."""
    out = []
    for key, value in values.items():
        setting = SETTINGS.get(key)
        if setting is None:
            out.append(f"unknown setting {key!r}")
            continue
        problem = setting.problem(value)
        if problem:
            out.append(problem)
    return out
