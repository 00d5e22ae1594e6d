"""Every office-wide setting, declared once: key -> (default, description).

Office settings live in the shared file (table ``settings``, JSON values) so that every
station sees the same office; a station's own settings live in its local config file.
"""

from __future__ import annotations

import copy
from typing import Any

OFFICE_SETTINGS: dict[str, tuple[Any, str]] = {
    "office_name": ("BPMP Provinsi", "Office name on tickets, display and reports"),
    "office_address": ("", "Address line on tickets and reports"),
    "office_logo_png_b64": ("", "Logo as base64 PNG (shown on kiosk, display, tickets)"),
    "timezone": ("WIB", "WIB, WITA or WIT: decides the office day"),
    "language": ("id", "Default language of screens and voice: id or en"),
    "languages": (["id", "en"], "Languages offered on the kiosk"),
    "open_days": ([0, 1, 2, 3, 4], "Weekdays open (0 = Monday)"),
    "open_time": ("08:00", "Tickets are issued from this local time"),
    "close_time": ("15:00", "Tickets are issued until this local time"),
    "enforce_hours": (True, "Refuse tickets outside opening hours and on closed days"),
    "priority_prefix": ("P", "Number prefix of priority (kelompok rentan) tickets"),
    "priority_policy": ("first_everywhere", "first_everywhere or priority_counter_only"),
    "ticket_header": ("", "Extra header line on tickets"),
    "ticket_footer": ("Terima kasih atas kunjungan Anda", "Footer on tickets"),
    "qr_content": ("{code}", "QR content on tickets; {code} is the ticket code "
                             "(e.g. https://example.go.id/skm?t={code})"),
    "running_text": ("Selamat datang di Unit Layanan Terpadu", "Running text on the display"),
    "voice_pack": ("default", "Voice clip folder name, or 'tts'"),
    "announce_repeat": (1, "How many times a call is spoken"),
    "announce_volume": (80, "Volume 0-100"),
    "announce_language": ("id", "Language of voice calls: id or en"),
    "extra_holidays": ([], "Days the office is closed besides national holidays and cuti "
                                "bersama: [{\"date\": ISO date, \"name\": text}]"),
    "retention_months": (24, "Personal data older than this is removed"),
    "survey_enabled": (True, "Offer the SKM survey"),
    # PIN policy (issue #12; core/pins.py): lengths can only be raised above the defaults
    "pin_min_length": (4, "Shortest PIN of front office, back office and helpdesk (4-12)"),
    "pin_min_length_admin": (6, "Shortest PIN of admins and supervisors (6-12)"),
    "pin_max_failures": (5, "Wrong PINs in a row before a username is locked (3-10)"),
    "pin_lockout_minutes": (5, "First lockout in minutes; each further one doubles, "
                               "up to a day (1-60)"),
    "skm_min_group": (5, "SKM breakdowns with fewer respondents are merged or withheld"),
    "skm_display_enabled": (False, "Show the latest published SKM result on the lobby display"),
    "skm_published": ({}, "The SKM result last published (period, IKM, mutu, actions)"),
}


def defaults() -> dict[str, Any]:
    """A fresh dict of every default (lists copied: callers may change what they get)."""
    return {key: copy.deepcopy(default) for key, (default, _) in OFFICE_SETTINGS.items()}
