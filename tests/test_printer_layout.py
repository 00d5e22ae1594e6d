"""Ticket layout model, transliteration, ESC/POS bytes through escpos Dummy, PNG preview."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from PIL import Image

from ult_desktop.core.dates import long_datetime
from ult_desktop.core.i18n import tr
from ult_desktop.core.ticket_layout import (
    BigNumber,
    Cut,
    Line,
    QrCode,
    Separator,
    Style,
    TicketPrintData,
    build_layout,
    transliterate,
    wrap,
)
from ult_desktop.devices.printer.escpos_render import encodable, render_escpos
from ult_desktop.devices.printer.preview import render_preview

# 08:00 UTC on Monday 1 December 2025 is 15:00 WIB.
MONDAY_15_WIB = datetime(2025, 12, 1, 8, 0, tzinfo=timezone.utc)

ESC_INIT = b"\x1b@"
QR_STORE = b"\x1d(k"                 # GS ( k: native 2D code
QR_PRINT = b"\x1d(k\x03\x001Q0"       # GS ( k fn 81: print the stored symbol
FULL_CUT = b"\x1dV\x00"
RASTER = b"\x1dv0"


def sample(**over) -> TicketPrintData:
    values = dict(number="A-007", service_name="Tunjangan Profesi", issued_at=MONDAY_15_WIB,
                  timezone="WIB", priority=False, waiting_ahead=4, code="QX7K2M9A",
                  day="2025-12-01", office_name="BPMP Provinsi Jawa Tengah",
                  office_address="Jl. Kyai Mojo, Semarang", header="Unit Layanan Terpadu",
                  footer="Terima kasih atas kunjungan Anda",
                  qr_content="https://skm.example.go.id/?t={code}&n={number}")
    values.update(over)
    return TicketPrintData(**values)


def test_indonesian_date_names_and_office_zone():
    assert long_datetime(datetime(2025, 12, 1, 15, 0), "id") == "Senin, 1 Desember 2025 15:00"
    assert long_datetime(datetime(2026, 8, 16, 9, 5), "id") == "Minggu, 16 Agustus 2026 09:05"
    assert long_datetime(datetime(2025, 12, 1, 15, 0), "en") == \
        "Monday, 1 December 2025 15:00"
    # The office zone decides the wall clock (and so the day) printed.
    assert sample(timezone="WITA").local_time().hour == 16
    late = sample(issued_at=datetime(2025, 12, 1, 17, 30, tzinfo=timezone.utc), timezone="WIT")
    assert long_datetime(late.local_time(), "id") == "Selasa, 2 Desember 2025 02:30"


def test_layout_has_every_element_in_order():
    elements = build_layout(sample(priority=True))
    texts = [(type(e).__name__, getattr(e, "text", getattr(e, "content", None)))
             for e in elements]
    assert texts == [
        ("Line", "BPMP Provinsi Jawa Tengah"),
        ("Line", "Jl. Kyai Mojo, Semarang"),
        ("Line", "Unit Layanan Terpadu"),
        ("Separator", None),
        ("Line", "Nomor Antrean"),
        ("BigNumber", "A-007"),
        ("Line", "Tunjangan Profesi"),
        ("Line", "PRIORITAS"),
        ("Space", None),
        ("Line", "Senin, 1 Desember 2025 15:00"),
        ("Line", "4 orang menunggu di depan Anda"),
        ("Separator", None),
        ("QrCode", "https://skm.example.go.id/?t=QX7K2M9A&n=A-007"),
        ("Line", "Kode tiket: QX7K2M9A"),
        ("Line", "Terima kasih atas kunjungan Anda"),
        ("Cut", None),
    ]
    marker = next(e for e in elements if isinstance(e, Line) and e.text == "PRIORITAS")
    assert marker.style is Style.MARKER


def test_optional_parts_are_left_out_and_english_works():
    plain = build_layout(sample(office_address="", header="", footer="", qr_content="",
                                waiting_ahead=0, language="en"))
    assert not any(isinstance(e, QrCode) for e in plain)
    texts = [e.text for e in plain if isinstance(e, Line | BigNumber)]
    assert "Queue Number" in texts and "Nobody is waiting ahead of you" in texts
    assert "PRIORITAS" not in texts and "PRIORITY" not in texts
    assert isinstance(plain[-1], Cut)


def test_wrap_splits_on_words_and_long_words():
    assert wrap("Penilaian Angka Kredit Guru", 12) == ["Penilaian", "Angka Kredit", "Guru"]
    assert wrap("ABCDEFGHIJ", 4) == ["ABCD", "EFGH", "IJ"]


@pytest.mark.parametrize("text, expected", [
    ("Kantor \u201cUtama\u201d \u2013 Jl. Merdeka \u2116 5", 'Kantor "Utama" - Jl. Merdeka No. 5'),
    ("\u0141\u00f3d\u017a Stra\u00dfe", "L\u00f3dz Stra\u00dfe"),  # ó, ß in CP437; Ł, ź not
    ("Caf\u00e9 \ufb01le \u00b2", "Caf\u00e9 file \u00b2"),
    ("Selamat datang \U0001F600 \u5317\u4eac!", "Selamat datang !"),
    ("Tab\there\u00a0nbsp", "Tab here nbsp"),
])
def test_transliteration_for_cp437(text, expected):
    assert transliterate(text, encodable("default", "CP437")) == expected


def test_transliteration_never_leaves_unencodable_characters():
    can = encodable("default", "CP437")
    nasty = "\u201cHalo\u201d \u2014 \u0107\u0161\u017e\u0111 \u0410\u0411\u0412 \u263a \u20ac5"
    out = transliterate(nasty, can)
    assert all(can(ch) for ch in out)
    assert "EUR5" in out and "csz" in out.replace("d", "")


def test_escpos_bytes_through_dummy():
    data = render_escpos(build_layout(sample(priority=True)), width_mm=80)
    assert data.startswith(ESC_INIT)
    assert b"\x1bt\x00" in data                      # code page CP437 selected
    for text in (b"BPMP Provinsi Jawa Tengah", b"Nomor Antrean", b"A-007",
                 b"Tunjangan Profesi", b"PRIORITAS", b"Senin, 1 Desember 2025 15:00",
                 b"4 orang menunggu di depan Anda", b"Terima kasih atas kunjungan Anda"):
        assert text in data, text
    # Large number: GS ! with width/height 6 (0x55) right before it.
    assert b"\x1d!\x55" + b"\x1bE\x01" in data or b"\x1d!\x55" in data
    big = data.index(b"A-007")
    assert data.rfind(b"\x1d!\x55", 0, big) > data.rfind(b"Nomor Antrean", 0, big)
    # Priority marker printed white on black (GS B 1).
    assert data.rfind(b"\x1dB\x01", 0, data.index(b"PRIORITAS")) > big
    # Native QR with the filled-in content, then the print command.
    content = b"https://skm.example.go.id/?t=QX7K2M9A&n=A-007"
    assert QR_STORE + bytes([len(content) + 3, 0]) + b"1P0" + content in data
    assert data.index(QR_PRINT) > data.index(content)
    assert data.endswith(FULL_CUT)
    assert b"-" * 48 + b"\n" in data


def test_58mm_is_narrower_and_text_wraps():
    wide = render_escpos(build_layout(sample()), width_mm=80)
    narrow = render_escpos(build_layout(sample(office_name="Balai Penjaminan Mutu Pendidikan "
                                               "Provinsi Jawa Tengah")), width_mm=58)
    assert b"-" * 48 in wide and b"-" * 33 not in narrow and b"-" * 32 in narrow
    assert b"Balai Penjaminan Mutu Pendidikan\nProvinsi Jawa Tengah\n" in narrow


def test_unencodable_text_is_transliterated_not_garbage():
    data = render_escpos(build_layout(sample(
        office_name="Kantor \u201cUtama\u201d \u5317\u4eac \U0001F600",
        footer="Terima kasih \u2013 sampai jumpa\u2026")))
    assert b'Kantor "Utama"\n' in data
    assert b"Terima kasih - sampai jumpa...\n" in data
    assert "\u5317".encode("gb18030") not in data and b"?" not in data.replace(b"/?t=", b"")


def test_profile_without_native_qr_prints_qr_as_image():
    data = render_escpos(build_layout(sample()), width_mm=58, profile="POS-5890")
    assert QR_STORE not in data and RASTER in data
    assert b"\x1bt\x34" in data          # this profile's slot for CP437 is 52


def test_logo_is_printed_as_raster_image():
    logo = io.BytesIO()
    Image.new("RGB", (200, 80), (0, 0, 0)).save(logo, format="PNG")
    data = render_escpos(build_layout(sample(logo_png=logo.getvalue())), width_mm=80)
    assert data.index(RASTER) < data.index(b"BPMP")
    broken = render_escpos(build_layout(sample(logo_png=b"not a png")), width_mm=80)
    assert RASTER not in broken and b"BPMP" in broken


def _dark_rows(img: Image.Image) -> int:
    gray = img.convert("L")
    w, h = gray.size
    px = gray.load()
    return sum(1 for y in range(h) if any(px[x, y] < 100 for x in range(0, w, 2)))


def test_preview_png_looks_like_a_ticket(tmp_path):
    elements = build_layout(sample(priority=True))
    wide = render_preview(elements, width_mm=80)
    narrow = render_preview(elements, width_mm=58)
    assert wide.width > narrow.width >= 58 * 8
    assert wide.height > 600 and _dark_rows(wide) > 300   # text, big number, QR
    # Without the QR code and the priority marker the ticket is shorter and less inked.
    bare = render_preview(build_layout(sample(qr_content="")), width_mm=80)
    assert bare.height < wide.height and _dark_rows(bare) < _dark_rows(wide)
    path = tmp_path / "t.png"
    wide.save(path)
    assert Image.open(path).format == "PNG"
    assert any(isinstance(e, Separator) for e in elements)


def test_translations_exist_for_both_languages():
    for key in ("printer.ticket.label", "printer.ticket.ahead", "printer.error.unreachable",
                "printer.error.paper_out", "printer.error.no_answer"):
        assert tr(key, "id") != key and tr(key, "en") != tr(key, "id")
