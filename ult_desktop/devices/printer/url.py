"""A station's printer as one URL, plus paper width and escpos profile.

    usb://04b8:0202            USB, vendor:product id in hex
    tcp://192.168.1.50:9100    LAN (raw port 9100 when no port is given)
    serial:///dev/ttyUSB0?baud=9600   (serial://COM3 on Windows)
    file:///dev/usb/lp0        a device file (or any file)
    win32://Printer Name       a Windows printer queue, raw
    cups://queue               a CUPS queue, raw
    virtual://DIR              no paper: a PNG preview (+ the ESC/POS bytes) per ticket
    none                       no printer

Query options: ``width`` (58/80 mm), ``profile`` (python-escpos), ``timeout`` (seconds for
the whole job), ``status`` (on/off/auto: read online/paper state first), ``codepage``,
``baud``; keyword arguments to :func:`parse_printer_url` override the query."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from ult_desktop.core.i18n import tr
from ult_desktop.devices.printer.errors import PrinterConfigError

KINDS = ("usb", "tcp", "serial", "file", "win32", "cups", "virtual", "none")
WIDTHS = (58, 80)
DEFAULT_TIMEOUT_S = 8.0
DEFAULT_PORT = 9100
STATUS_MODES = ("on", "off", "auto")
#: Where reading the printer status is tried by default. ``on``: a printer that does not
#: answer counts as failed (LAN: otherwise a hung printer would swallow tickets into the
#: socket buffer); ``auto``: no answer means "status unknown" and printing goes ahead.
DEFAULT_STATUS = {"tcp": "on", "usb": "auto", "serial": "auto"}
OPTIONS = ("width", "profile", "timeout", "status", "codepage", "baud")


def profile_names() -> list[str]:
    from escpos.capabilities import CAPABILITIES

    return sorted(CAPABILITIES["profiles"])


@dataclass(frozen=True)
class PrinterConfig:
    kind: str
    target: str = ""               # host, device path, queue/printer name or folder
    port: int | None = None        # tcp
    vendor_id: int | None = None   # usb
    product_id: int | None = None  # usb
    baudrate: int = 9600           # serial
    width_mm: int = 80
    profile: str = "default"
    timeout_s: float = DEFAULT_TIMEOUT_S
    status: str = "off"
    codepage: str = "CP437"
    url: str = field(default="", compare=False)

    @property
    def enabled(self) -> bool:
        return self.kind != "none"

    def display(self) -> str:
        """Short human form for messages: ``tcp://10.0.0.5:9100``."""
        if self.kind == "none":
            return "none"
        if self.kind == "tcp":
            return f"tcp://{self.target}:{self.port}"
        if self.kind == "usb":
            return f"usb://{self.vendor_id:04x}:{self.product_id:04x}"
        return f"{self.kind}://{self.target}"

    def with_options(self, **values) -> PrinterConfig:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _bad_url(url: str) -> PrinterConfigError:
    return PrinterConfigError("printer.error.bad_url", url=url)


def _bad_option(name: str, value: object, hint: str) -> PrinterConfigError:
    return PrinterConfigError("printer.error.bad_option", name=name, value=value, hint=hint)


def _width(value: object) -> int:
    try:
        width = int(str(value).strip().lower().removesuffix("mm"))
    except ValueError:
        raise _bad_option("width", value, tr("printer.hint.width")) from None
    if width not in WIDTHS:
        raise _bad_option("width", value, tr("printer.hint.width"))
    return width


def _positive(name: str, value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _bad_option(name, value, tr("printer.hint.number")) from None
    if not number > 0:
        raise _bad_option(name, value, tr("printer.hint.number"))
    return number


def _profile(value: str) -> str:
    names = profile_names()
    for name in names:
        if name.lower() == value.strip().lower():
            return name
    raise _bad_option("profile", value, tr("printer.hint.known", known=", ".join(names)))


def _status(value: str) -> str:
    value = value.strip().lower()
    aliases = {"1": "on", "yes": "on", "true": "on", "0": "off", "no": "off", "false": "off"}
    value = aliases.get(value, value)
    if value not in STATUS_MODES:
        raise _bad_option("status", value, tr("printer.hint.status"))
    return value


def _codepage(value: str) -> str:
    from escpos.codepages import CodePages

    name = value.strip().upper()
    try:
        CodePages.get_encoding(name)
    except Exception:
        raise _bad_option("codepage", value, tr("printer.hint.known", known="CP437, CP850, CP858, "
                                                "ISO_8859-1 ...")) from None
    return name


_USB = re.compile(r"^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})/?$", re.IGNORECASE)
_HOST = re.compile(r"^(\[[0-9a-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?/?$")


def parse_printer_url(url: str | None, *, width_mm: int | str | None = None,
                      profile: str | None = None, timeout_s: float | str | None = None,
                      status: str | None = None, codepage: str | None = None) -> PrinterConfig:
    """Parse a station printer URL; raises :class:`PrinterConfigError` with a clear
    message for anything it does not understand."""
    raw = (url or "").strip()
    if raw.lower() in ("", "none", "off", "no"):
        base = PrinterConfig(kind="none", url=raw or "none")
        return base.with_options(width_mm=_width(width_mm) if width_mm is not None else None)
    scheme, sep, rest = raw.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in KINDS or scheme == "none":
        raise _bad_url(raw)
    rest, _, query = rest.partition("?")
    options = _query(raw, query)
    cfg = PrinterConfig(kind=scheme, url=raw, status=DEFAULT_STATUS.get(scheme, "off"))
    cfg = _with_target(cfg, unquote(rest), raw)
    if "baud" in options:
        if scheme != "serial":
            raise _bad_option("baud", options["baud"], tr("printer.hint.unknown_option",
                                                          known=", ".join(OPTIONS[:-1])))
        cfg = replace(cfg, baudrate=int(_positive("baud", options["baud"])))
    given = {"width": width_mm, "profile": profile, "timeout": timeout_s, "status": status,
             "codepage": codepage}
    for key, name, parse, empty_is_unset in _OPTION_FIELDS:
        value = given[key] if given[key] is not None else options.get(key)
        if value is not None and (value or not empty_is_unset):
            cfg = replace(cfg, **{name: parse(value)})
    return cfg


#: query option -> (config field, its parser, whether "" means not given)
_OPTION_FIELDS = (("width", "width_mm", _width, False), ("profile", "profile", _profile, True),
                  ("timeout", "timeout_s", lambda v: _positive("timeout", v), False),
                  ("status", "status", _status, False), ("codepage", "codepage", _codepage, True))


def _query(raw: str, query: str) -> dict[str, str]:
    """The URL's ``?key=value`` options (keys lower case); unknown keys refused."""
    options: dict[str, str] = {}
    if not query:
        return options
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise _bad_url(raw) from None
    for key, value in pairs:
        key = key.lower()
        if key not in OPTIONS:
            raise _bad_option(key, value, tr("printer.hint.unknown_option",
                                             known=", ".join(OPTIONS)))
        options[key] = value
    return options


def _with_target(cfg: PrinterConfig, rest: str, raw: str) -> PrinterConfig:
    """*cfg* with the device the URL names after its scheme (USB ids, host and port, a
    path or a queue name)."""
    scheme = cfg.kind
    if scheme in ("usb", "tcp"):
        match = (_USB if scheme == "usb" else _HOST).match(rest.strip())
        if not match:
            raise _bad_url(raw)
        if scheme == "usb":
            return replace(cfg, vendor_id=int(match.group(1), 16),
                           product_id=int(match.group(2), 16))
        port = int(match.group(2) or DEFAULT_PORT)
        if not 0 < port < 65536:
            raise _bad_url(raw)
        return replace(cfg, target=match.group(1).strip("[]"), port=port)
    target = rest.strip().rstrip("/") if scheme in ("win32", "cups") else rest.strip()
    if not target:
        raise _bad_url(raw)
    return replace(cfg, target=str(Path(target).expanduser()) if scheme == "virtual" else target)
