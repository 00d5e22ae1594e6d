"""usb:// finds libusb next to the program, not only on PATH.

pyusb's own library locator (``usb.libloader.locate_library``) is driven with our
callback, as ``usb.backend.libusb1.get_backend(find_library=...)`` drives it; a file
named like the DLL stands in for it (nothing is loaded here).
"""

from __future__ import annotations

import sys

import pytest
import usb.libloader

from ult_desktop.devices.printer import libusb
from ult_desktop.devices.printer.errors import PrinterError
from ult_desktop.devices.printer.url import parse_printer_url

pytestmark = pytest.mark.windows


@pytest.fixture
def frozen_exe(tmp_path, monkeypatch):
    folder = tmp_path / "ULTDesktop-0.2.0"
    (folder / "_internal").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "ult-desktop.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(folder / "_internal"), raising=False)
    monkeypatch.delenv("ULT_LIBUSB_DIR", raising=False)
    return folder


def test_dll_next_to_the_exe_is_found(frozen_exe):
    dll = frozen_exe / "libusb-1.0.dll"
    dll.write_bytes(b"MZ")
    found = usb.libloader.locate_library(("usb-1.0", "libusb-1.0", "usb"),
                                         find_library=libusb.find_library)
    assert found == str(dll)


def test_dll_in_the_bundle_folder_is_found(frozen_exe):
    dll = frozen_exe / "_internal" / "libusb-1.0.dll"
    dll.write_bytes(b"MZ")
    assert libusb.find_library("usb-1.0") == str(dll)


def test_explicit_folder_wins(frozen_exe, tmp_path, monkeypatch):
    (frozen_exe / "libusb-1.0.dll").write_bytes(b"MZ")
    other = tmp_path / "drivers"
    other.mkdir()
    (other / "libusb-1.0.dll").write_bytes(b"MZ")
    monkeypatch.setenv("ULT_LIBUSB_DIR", str(other))
    assert libusb.find_library("usb-1.0") == str(other / "libusb-1.0.dll")


def test_no_library_anywhere_names_libusb_in_the_error(frozen_exe, monkeypatch):
    import usb.backend.libusb1

    from ult_desktop.devices.printer import backends

    monkeypatch.setattr(libusb.ctypes.util, "find_library", lambda name: None)
    # a libusb another test of this run loaded (one installed on the machine) is forgotten
    monkeypatch.setattr(usb.backend.libusb1, "_lib_object", None)
    monkeypatch.setattr(usb.backend.libusb1, "_lib", None)
    with pytest.raises(PrinterError) as info:
        backends.open_device(parse_printer_url("usb://0x0416:0x5011"), 10**12)
    assert "libusb" in info.value.message("en")
