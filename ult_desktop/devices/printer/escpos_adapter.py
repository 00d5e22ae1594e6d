"""python-escpos's private members, used here and nowhere else.

The library has no public call for three things a ticket printer needs: writing bytes
already rendered (``_raw``: the whole ticket goes out in one write; the logo's raster
command too), reading the printer's one-byte real-time status (``_read``), and the open
transport (``_device``: a socket's read timeout). A new major version of python-escpos
may rename them: pyproject.toml pins the major version, and tests/test_escpos_adapter.py
checks these calls' bytes on python-escpos's ``Dummy`` and a real socket."""

from __future__ import annotations

from typing import Any


def write(dev: Any, data: bytes) -> None:
    """Send *data* to the printer (or a ``Dummy``'s output) as it is."""
    dev._raw(data)


def can_read(dev: Any) -> bool:
    """Whether the printer's transport reads answers (USB, serial, network)."""
    return hasattr(dev, "_read")


def read(dev: Any) -> bytes:
    """What the printer answered (a status request's byte); ``b""`` when nothing."""
    return dev._read()


def transport(dev: Any) -> Any:
    """The open socket, serial port or USB handle under *dev* (None before it is opened)."""
    return getattr(dev, "_device", None)
