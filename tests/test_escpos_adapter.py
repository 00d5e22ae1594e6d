"""python-escpos's private members, through ``devices/printer/escpos_adapter.py`` only:
the bytes they write and read on python-escpos's ``Dummy`` and on a real socket, so a
python-escpos release that renames or changes them fails here, not at an office."""

from __future__ import annotations

import io
import re
import socket
from pathlib import Path

from escpos.printer import Dummy, Network
from PIL import Image

from tests.printer_fixtures import DLE_EOT, ONLINE_OK, PAPER_OK, LoopbackPrinter
from ult_desktop.core.ticket_layout import BigNumber, Cut, Line, Logo, Style
from ult_desktop.devices.printer import escpos_adapter
from ult_desktop.devices.printer.escpos_render import media_for, prepare_logo, render_escpos

PACKAGE = Path(__file__).resolve().parents[1] / "ult_desktop"


def _image() -> Image.Image:
    img = Image.new("1", (20, 3), 1)
    img.putpixel((0, 0), 0)
    img.putpixel((19, 2), 0)
    return img


def test_the_logo_s_raster_is_python_escpos_own_gs_v_0():
    """The logo's raster command, written through the adapter, is byte for byte what
    python-escpos's own ``image`` sends (on a profile that knows its width, where it
    prints no warning)."""
    png = io.BytesIO()
    _image().save(png, "PNG")
    logo = prepare_logo(png.getvalue(), media_for(80, "TM-T88V"))
    library = Dummy(profile="TM-T88V")
    library.image(logo, impl="bitImageRaster", center=False)
    assert library.output.startswith(b"\x1dv0\x00\x40\x00\x03\x00")  # 512 dots, 3 rows
    assert library.output in render_escpos([Logo(png.getvalue())], profile="TM-T88V")


def test_written_bytes_reach_the_dummy_as_they_are_inside_a_rendered_ticket():
    dummy = Dummy()
    escpos_adapter.write(dummy, b"\x1b@ABC\x00\xff")
    assert dummy.output == b"\x1b@ABC\x00\xff"
    png = io.BytesIO()
    _image().save(png, "PNG")
    ticket = render_escpos([Logo(png.getvalue()), Line("BPMP", Style.TITLE),
                            BigNumber("A-001"), Cut()], profile="TM-T88V")
    assert ticket.startswith(b"\x1b@")                       # INIT, from python-escpos
    header = re.search(rb"\x1dv0\x00(..)(..)", ticket, re.S)  # the logo, from the adapter
    assert header is not None
    width_bytes, height = (int.from_bytes(v, "little") for v in header.groups())
    assert width_bytes * 8 >= 20 and height == 3
    assert b"A-001" in ticket and ticket.endswith(b"\x1dV\x00")     # full cut, last


def test_write_read_and_transport_on_a_real_socket_printer():
    """A python-escpos ``Network`` printer on a loopback socket: the status request goes
    out as written, the printer's one-byte answers come back, the ticket's bytes arrive
    unchanged, and the transport is the socket whose read timeout the status check sets."""
    printer = LoopbackPrinter("ok")
    try:
        dev = Network(printer.host, printer.port, timeout=5)
        dev.open()
        assert escpos_adapter.can_read(dev)
        sock = escpos_adapter.transport(dev)
        assert isinstance(sock, socket.socket)
        sock.settimeout(5)
        escpos_adapter.write(dev, DLE_EOT + b"\x01")
        assert escpos_adapter.read(dev) == bytes([ONLINE_OK])
        escpos_adapter.write(dev, DLE_EOT + b"\x04")
        assert escpos_adapter.read(dev) == bytes([PAPER_OK])
        escpos_adapter.write(dev, b"\x1b@TIKET A-001\n\x1dVA\x00")
        dev.close()
        [conn] = printer.wait_closed(1)
        assert conn.status_queries == [1, 4]
        assert conn.ticket_bytes() == b"\x1b@TIKET A-001\n\x1dVA\x00"
    finally:
        printer.close()


def test_python_escpos_private_members_are_named_only_in_the_adapter():
    private = re.compile(r"\._(raw|read|device|int_low_high)\b|\"_(raw|read|device)\"")
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if p.parts[-3:-1] == ("devices", "printer") and private.search(p.read_text())
                   and p.name != "escpos_adapter.py")
    assert users == []
