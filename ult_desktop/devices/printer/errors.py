"""Printer errors: each carries an i18n key, ``str(error)`` is the translated sentence."""

from __future__ import annotations

from ult_desktop.core.errors import UltError


class PrinterError(UltError):
    """Anything that kept a ticket from being printed. ``state`` is the short printer
    state for heartbeats and admin (``unreachable``, ``paper_out``, ...)."""

    exit_code = 8

    def __init__(self, key: str, state: str = "error", **params: object):
        self.key = key
        self.state = state
        super().__init__(**params)


class PrinterConfigError(PrinterError):
    """The printer address or one of its options is wrong (found before printing)."""

    exit_code = 2

    def __init__(self, key: str, **params: object):
        super().__init__(key, "config", **params)
