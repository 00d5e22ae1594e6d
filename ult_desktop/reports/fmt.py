"""Numbers and dates as an Indonesian reader expects them: 1.234 and 12,5; and a report
file put in place whole (:func:`write_atomically`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ult_desktop.core.i18n import tr


def _sep(lang: str) -> tuple[str, str]:
    """(thousands, decimal) separators."""
    return (".", ",") if lang == "id" else (",", ".")


def fmt_int(value: int | None, lang: str = "id") -> str:
    if value is None:
        return "-"
    thousands, _ = _sep(lang)
    return f"{int(value):,}".replace(",", thousands)


def fmt_dec(value: float | Decimal | None, places: int = 1, lang: str = "id") -> str:
    """Round half up to *places* decimals; ``-`` for no value."""
    if value is None:
        return "-"
    q = Decimal(1).scaleb(-places)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    thousands, decimal = _sep(lang)
    whole, _, frac = f"{d:,.{places}f}".partition(".")
    whole = whole.replace(",", thousands)
    return f"{whole}{decimal}{frac}" if places else whole


def fmt_pct(share: float | None, lang: str = "id") -> str:
    """A share 0-1 as ``87,5%``."""
    return "-" if share is None else fmt_dec(share * 100, 1, lang) + "%"


def month_name(month: int, lang: str = "id") -> str:
    return tr("ui.month_names", lang).split(",")[month - 1]


def day_name(d: date, lang: str = "id") -> str:
    return tr("ui.day_names", lang).split(",")[d.weekday()]


def long_date(d: date, lang: str = "id") -> str:
    """``1 Desember 2025``."""
    return f"{d.day} {month_name(d.month, lang)} {d.year}"


def short_day(d: date, lang: str = "id") -> str:
    """``Sen, 01-12-2025``: a table row label."""
    return f"{day_name(d, lang)[:3]}, {d:%d-%m-%Y}"


#: WinError of a file another program holds open: sharing / lock violation, and access
#: denied for a file opened without write sharing (Excel keeps its workbook so).
_LOCKED_WINERRORS = (5, 32, 33)


def replace_report(tmp, target) -> None:
    """``os.replace(tmp, target)``; ReportFileLocked when another program holds *target*."""
    import os

    from ult_desktop.core.errors import ReportFileLocked

    try:
        os.replace(tmp, target)
    except PermissionError as exc:
        if getattr(exc, "winerror", None) in _LOCKED_WINERRORS:
            raise ReportFileLocked(path=str(target)) from exc
        raise


def write_atomically(target: Path, render: Callable[[Path], object], *,
                     tmp: Path | None = None) -> Path:
    """Render into *tmp* (``target.part`` unless named) and rename it to *target*: never
    half a report under the report's name. Returns *target*.

    :raises ReportFileLocked: another program holds *target* open."""
    tmp = tmp or target.with_name(target.name + ".part")
    try:
        render(tmp)
        replace_report(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
