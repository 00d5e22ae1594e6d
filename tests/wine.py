"""What Wine cannot do, for the Windows lane (``scripts/windows_lane.py`` sets
``ULT_UNDER_WINE=1``). A test that needs one of these is skipped there with the limit's
name and runs everywhere else, a real Windows PC included. Nothing of the project's
belongs here: a failure Windows itself would give is fixed, not skipped (docs/windows.md,
"Windows lane (CI)").
"""

from __future__ import annotations

import os

import pytest

UNDER_WINE = os.environ.get("ULT_UNDER_WINE") == "1"

LIMITS = {
    "junctions": "Wine makes no usable junction or directory symlink "
                 "(CreateJunction: WinError 50)",
    "powershell": "Wine has no PowerShell",
    "speech": "Wine has no Windows speech engine (WinRT crashes, SAPI hangs)",
    "printers": "Wine has no installed printer",
    "sound": "Wine here has no sound card",
    "fonts": "Wine's fonts and metrics are not Windows' (Segoe UI)",
}


def wine_limit(limit: str) -> pytest.MarkDecorator:
    """Mark: skip under Wine because of *limit* (a key of LIMITS)."""
    return pytest.mark.skipif(UNDER_WINE, reason=f"Wine limit, {limit}: {LIMITS[limit]}")
