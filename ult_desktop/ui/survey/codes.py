"""Reading the ticket code from what a visitor typed or a scanner sent (no Qt): the QR holds
``qr_content`` with the code in it (``https://ult.example.go.id/skm?t=K7M2QX9A``) and a
scanner types it plus Enter; a typed code may have spaces or dashes as printed."""

from __future__ import annotations

import re

_CODE = r"[A-Za-z0-9]{4,16}"


def extract_code(text: str, qr_template: str = "{code}") -> str:
    """The ticket code in *text* (upper case), or ``""`` if none can be read."""
    raw = (text or "").strip()
    if not raw:
        return ""
    if "{code}" in qr_template and qr_template.strip() != "{code}":
        before, _, after = qr_template.strip().partition("{code}")
        pattern = re.escape(before) + f"(?P<code>{_CODE})" + re.escape(after)
        match = re.fullmatch(pattern, raw, flags=re.IGNORECASE)
        if match:
            return match.group("code").upper()
    compact = re.sub(r"[\s\-]", "", raw)
    if re.fullmatch(_CODE, compact):
        return compact.upper()
    # some other URL or text: the code is its last parameter value or path part
    parts = re.findall(_CODE, raw)
    return parts[-1].upper() if parts else ""
