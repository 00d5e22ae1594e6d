"""Stations hearing each other's calls on the office LAN.

A counter's call also goes out as a small UDP broadcast signed with the PC's station key:
while the file is away it is the TV's only news of the call; otherwise it names the act
the record holds (``act``), so the TV shows the call at once and the feed confirms it.
The TV believes it only from a key the record registers with a role that may call. The
listener thread survives any datagram; a call goes to each IPv4 subnet's broadcast and
to 255.255.255.255 (Windows sends that out of one adapter only), three times 100 ms
apart (Wi-Fi drops some); its nonce makes it heard once."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

from ult_desktop.core.numbering import is_office_number

log = logging.getLogger(__name__)

#: The UDP port of the office's stations (the Windows firewall rule opens it, inbound,
#: on private networks: docs/deployment.md).
LAN_PORT = 47833
CONTEXT = b"ULT-LAN-1\n"
#: A message older or newer than this (the sender's clock against ours) is not heard.
MAX_AGE_S = 15 * 60
#: A call is a few hundred bytes; anything longer is not the office's and is not read.
MAX_DATAGRAM = 4096
#: Each message is sent this many times, this far apart (the TV hears it once).
REPEATS, GAP_S = 3, 0.1
LIMITED_BROADCAST = "255.255.255.255"


#: How far ahead of the TV's clock a call may be dated (two PCs' clocks disagree a
#: little; a call from the future is a replay being prepared).
CLOCK_AHEAD_S = 60


def port() -> int:
    """``$ULT_LAN_PORT`` when set (tests), else :data:`LAN_PORT`."""
    return int(os.environ.get("ULT_LAN_PORT") or LAN_PORT)


def targets() -> list[str]:
    """Where datagrams go: every adapter's subnet broadcast address and 255.255.255.255
    (:func:`broadcast_addresses`), or ``$ULT_LAN_TARGETS`` (comma-separated, each
    ``host`` or ``host:port``; the tests' ``127.0.0.1``)."""
    text = os.environ.get("ULT_LAN_TARGETS")
    if text:
        return [t.strip() for t in text.split(",") if t.strip()]
    return broadcast_addresses(interfaces())


def broadcast_addresses(found: list[tuple[str, str | int]]) -> list[str]:
    """The subnet broadcast address of each IPv4 interface in *found* (``(address,
    netmask or prefix length)``), each once, then 255.255.255.255. Loopback, unset
    addresses and point-to-point links (/31, /32: no broadcast) are left out."""
    out: list[str] = []
    for address, mask in found:
        try:
            net = ipaddress.IPv4Interface(f"{address}/{mask}").network
        except ValueError:
            continue
        if net.is_loopback or net.network_address.is_unspecified or net.prefixlen >= 31:
            continue
        if str(net.broadcast_address) not in out:
            out.append(str(net.broadcast_address))
    return [a for a in out if a != LIMITED_BROADCAST] + [LIMITED_BROADCAST]


def interfaces() -> list[tuple[str, str | int]]:
    """This PC's IPv4 addresses with their netmasks (Windows: ``GetIpAddrTable``;
    elsewhere ``ip -j addr``); [] when they cannot be read (255.255.255.255 still goes)."""
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            return _windows_interfaces()
        done = subprocess.run(["ip", "-j", "-4", "addr", "show", "up"], capture_output=True,
                              text=True, timeout=5)
        return [(a["local"], a["prefixlen"]) for link in json.loads(done.stdout or "[]")
                for a in link.get("addr_info", []) if "local" in a and "prefixlen" in a]
    except (OSError, ValueError, TypeError, KeyError, subprocess.SubprocessError) as exc:
        log.info("network adapters not read (%s): broadcast to %s only", exc,
                 LIMITED_BROADCAST)
        return []


def _windows_interfaces() -> list[tuple[str, str | int]]:  # pragma: no cover - Windows
    """``GetIpAddrTable`` (iphlpapi): each IPv4 address and mask, without the adapters
    Windows marks disconnected or deleted."""
    import ctypes
    import struct
    from ctypes import wintypes

    class Row(ctypes.Structure):
        _fields_ = [("addr", wintypes.DWORD), ("index", wintypes.DWORD),
                    ("mask", wintypes.DWORD), ("bcast", wintypes.DWORD),
                    ("reasm", wintypes.DWORD), ("unused", wintypes.USHORT),
                    ("type", wintypes.USHORT)]

    get = ctypes.WinDLL("iphlpapi").GetIpAddrTable
    size = wintypes.ULONG(0)
    get(None, ctypes.byref(size), False)
    buf = ctypes.create_string_buffer(max(size.value, 4))
    if get(buf, ctypes.byref(size), False) != 0:
        raise OSError("GetIpAddrTable failed")
    count = wintypes.DWORD.from_buffer(buf).value
    rows = (Row * count).from_buffer(buf, ctypes.sizeof(wintypes.DWORD))

    def dotted(value: int) -> str:  # the DWORD holds the address in network order
        return socket.inet_ntoa(struct.pack("<I", value))

    disconnected_or_deleted = 0x0008 | 0x0040
    return [(dotted(r.addr), dotted(r.mask)) for r in rows
            if not r.type & disconnected_or_deleted]


def _body(message: dict) -> bytes:
    return CONTEXT + json.dumps({k: v for k, v in message.items() if k != "sig"},
                                sort_keys=True, separators=(",", ":")).encode("utf-8")


def signed_call(key, *, number: str, counter: int, office: str,
                now: datetime | None = None, act: datetime | None = None) -> bytes:
    """The datagram of a call of *number* at *counter*, signed with station key *key*
    (``app.station_key.StationKey``); *office*: the record it belongs to; *act*: the time
    of the call the record holds (None: kept on the PC while the file is away)."""
    if not is_office_number(number):
        raise ValueError(f"not a queue number: {number!r}")
    message = {"v": 1, "kind": "called", "number": number, "counter": counter,
               "office": office, "key": key.key_id, "nonce": secrets.token_hex(8),
               "at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")}
    if act is not None:
        message["act"] = act.astimezone(timezone.utc).isoformat()
    message["sig"] = key.sign(_body(message)).hex()
    return json.dumps(message, separators=(",", ":")).encode("utf-8")


def heard(data: bytes, keys: dict[str, tuple[bytes, str]], *, office: str,
          roles: tuple[str, ...] = ("counter", "admin"), seen: set[str] | None = None,
          now: datetime | None = None) -> dict | None:
    """The message in *data* if it is a call for *office*, signed by a key of *keys*
    (key id -> (public key, role), the record's registrations) whose role is one of
    *roles*, recent, not heard before (*seen*: the nonces heard), and whose number is a
    queue number as the office writes it (never free text after a prefix); else None."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        message = json.loads(data.decode("utf-8"))
        key = keys.get(str(message["key"]))
        at = datetime.fromisoformat(str(message["at"]))
        sig = bytes.fromhex(str(message["sig"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        log.info("LAN datagram of %d bytes is not an office call: ignored", len(data))
        return None
    if not isinstance(message, dict) or message.get("kind") != "called" or key is None or \
            message.get("office") != office or key[1] not in roles or \
            not is_office_number(message.get("number")) or \
            not isinstance(message.get("counter"), int):
        return None
    age = abs(((now or datetime.now(timezone.utc)) - at).total_seconds())
    nonce = str(message.get("nonce"))
    if age > MAX_AGE_S or (seen is not None and nonce in seen):
        return None
    try:
        Ed25519PublicKey.from_public_bytes(key[0]).verify(sig, _body(message))
    except (InvalidSignature, ValueError):
        return None
    if seen is not None:
        seen.add(nonce)
    return message


def act_of(message: dict) -> datetime | None:
    """The time of the record's act a heard call names (aware), or None."""
    try:
        at = datetime.fromisoformat(str(message["act"]))
    except (KeyError, ValueError):
        return None
    return at if at.tzinfo is not None else None


def believe(data: bytes, trust, *, seen: set[str] | None = None,
            now: datetime | None = None) -> dict | str:
    """The call in *data* as :func:`heard` judges it against *trust* (the office's root,
    registered keys, counter numbers and ticket prefixes, as the record had them), also
    naming one of the office's counters and prefixes and dated at most
    :data:`CLOCK_AHEAD_S` ahead; else why not: ``"not_heard"`` (not a call of this
    office's keys, old or heard before) or ``"refused"`` (signed, but not this office's
    counter or number, or dated ahead)."""
    root, keys, counters, prefixes = trust
    message = heard(data, keys, office=root, seen=seen, now=now) if root else None
    if message is None:
        return "not_heard"
    at = datetime.fromisoformat(str(message["at"]))
    ahead = (at - (now or datetime.now(timezone.utc))).total_seconds()
    if message["counter"] not in counters or \
            not is_office_number(str(message["number"]), prefixes) or ahead > CLOCK_AHEAD_S:
        log.warning("LAN call %s at counter %s refused: not this office's, or dated ahead",
                    message["number"], message["counter"])
        return "refused"
    return message


def send(data: bytes) -> threading.Thread:
    """Broadcast *data* to the office's stations, :data:`REPEATS` times :data:`GAP_S` apart, on a
    daemon thread (the caller's screen does not wait); returns the thread. Best effort: a
    LAN that is down too leaves the journal and the paper."""
    thread = threading.Thread(target=_send, args=(data, REPEATS, GAP_S), name="ult-lan-send",
                              daemon=True)
    thread.start()
    return thread


def _send(data: bytes, repeats: int, gap_s: float) -> None:
    where, failed = targets(), set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        for round_ in range(repeats):
            if round_:
                time.sleep(gap_s)
            for target in where:
                host, _, to = target.partition(":")
                try:
                    sock.sendto(data, (host, int(to) if to else port()))
                except OSError as exc:
                    if target not in failed:
                        failed.add(target)
                        log.info("LAN message to %s not sent: %s", target, exc)


class Listener:
    """A daemon thread receiving the office's datagrams on :func:`port`; each goes to
    *on_datagram* (on this thread: the caller hands it to its GUI thread)."""

    def __init__(self, on_datagram: Callable[[bytes], None], *, bind: str = ""):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        # no SO_REUSEADDR: with it another program could bind the port beside ours and
        # hear the calls; on Windows even one without it could, unless the bind is exclusive
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        self._sock.bind((bind, port()))
        self._sock.settimeout(0.2)
        self._on = on_datagram
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ult-lan", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        logged: float | None = None
        while not self._stop.is_set():
            try:
                data, addr = self._sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError as exc:  # e.g. WinError 10040 (a datagram over the buffer)
                if self._stop.is_set():
                    break
                now = time.monotonic()
                if logged is None or now - logged > 60:  # a failing network: a line a minute
                    logged = now
                    log.warning("LAN datagram not received (%s); still listening", exc)
                self._stop.wait(0.05)
                continue
            if len(data) > MAX_DATAGRAM:
                log.warning("LAN datagram of %d bytes from %s ignored (a call is under %d)",
                            len(data), addr[0], MAX_DATAGRAM)
                continue
            try:
                self._on(data)
            except Exception:  # a bad datagram never ends the listener
                log.exception("LAN datagram not handled")

    def stop(self) -> None:
        """Stop listening (the thread ends within its 0.2 s receive timeout)."""
        self._stop.set()
        self._thread.join(timeout=0.5)
        self._sock.close()
