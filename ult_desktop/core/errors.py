"""The base of every error a person may see, at the bottom of the layers.

Every layer raises subclasses of :class:`UltError` and every screen and command catches
it, so it lives in ``core`` (no layer depends on storage to name its errors)."""

from __future__ import annotations

from ult_desktop.core.i18n import tr


class UltError(Exception):
    """Base of every error a person may see. *key* is the i18n key of the message;
    ``str(error)`` is that message, translated, in one line; ``exit_code`` is what a
    headless command exits with."""

    key = "error.internal"
    exit_code = 1

    def __init__(self, **params: object):
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        """The sentence in *lang* (default: the current language)."""
        return tr(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class PathTooLong(UltError):
    """A file would land past Windows' 260-character path limit (a deep OneDrive
    folder): refused before anything is written."""

    key, exit_code = "error.path_too_long", 4


class ReportFileLocked(UltError):
    """The report file is open in another program (Excel, a PDF viewer) and Windows
    refuses to replace it (WinError 32/33, or 5 for a file opened without sharing)."""

    key, exit_code = "error.report_locked", 4
