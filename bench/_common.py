"""Helpers for benchmarks: a fresh demo database, percentiles."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

_TEMPLATE: Path | None = None


def fresh_db(folder: Path | None = None) -> Path:
    """A new demo office database in *folder* (a temp dir by default)."""
    global _TEMPLATE
    from ult_desktop.db.house.setup import init_database

    if _TEMPLATE is None:
        _TEMPLATE = init_database(Path(tempfile.mkdtemp(prefix="ult-bench-tpl-")) / "t.db",
                                  demo=True)
    folder = folder or Path(tempfile.mkdtemp(prefix="ult-bench-"))
    target = folder / "office.db"
    shutil.copyfile(_TEMPLATE, target)
    return target


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
