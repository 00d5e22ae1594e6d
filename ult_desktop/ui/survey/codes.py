"""Reading the ticket code from what a visitor typed or a scanner sent.

A barcode scanner types the QR content followed by Enter. The QR holds the office's
``qr_content`` setting with ``{code}`` replaced by the ticket code, e.g.
``https://ult.example.go.id/skm?t=K7M2QX9A``; the visitor may also type the code with
spaces or dashes as printed. Pure Python (no Qt), so it is easy to test.
"""

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
