"""Dates as people in the office read them: "Senin, 1 Desember 2025 15:00"."""

from __future__ import annotations

from datetime import date, datetime

from ult_desktop.core.i18n import tr


def long_date(d: date, lang: str | None = None) -> str:
    days = tr("ui.day_names", lang).split(",")
    months = tr("ui.month_names", lang).split(",")
    return f"{days[d.weekday()]}, {d.day} {months[d.month - 1]} {d.year}"


def long_datetime(moment: datetime, lang: str | None = None) -> str:
    return f"{long_date(moment.date(), lang)} {moment:%H:%M}"
