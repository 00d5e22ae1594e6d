"""Small descriptive statistics for report figures (pure, no numpy).

``None`` values are ignored everywhere (an unfinished visit has no service time)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


def _clean(values: Iterable[float | None]) -> list[float]:
    return sorted(float(v) for v in values if v is not None)


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean, or ``None`` when there are no values."""
    data = _clean(values)
    return math.fsum(data) / len(data) if data else None


def percentile(values: Iterable[float | None], p: float) -> float | None:
    """The *p*-th percentile (0-100) as Excel's ``PERCENTILE.INC`` (a figure can be
    checked there); None without values."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is outside 0-100")
    data = _clean(values)
    if not data:
        return None
    rank = (len(data) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def median(values: Iterable[float | None]) -> float | None:
    """Median (the 50th percentile), or ``None`` when there are no values."""
    return percentile(values, 50)


def share_within(values: Iterable[float | None], target: float | None) -> float | None:
    """Fraction (0-1) of values at or below *target*; ``None`` without values or target."""
    data = _clean(values)
    if not data or target is None:
        return None
    return sum(1 for v in data if v <= target) / len(data)


@dataclass(frozen=True)
class Summary:
    """Count, mean, median, p90 and the share meeting a target of a set of durations."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None
    target: float | None
    within_target: float | None  # share 0-1, None if no target or no values


def summarize(values: Iterable[float | None], target: float | None = None) -> Summary:
    """All the figures a report line needs for one set of durations."""
    data = _clean(values)
    return Summary(
        count=len(data),
        mean=mean(data),
        median=median(data),
        p90=percentile(data, 90),
        target=target,
        within_target=share_within(data, target),
    )
