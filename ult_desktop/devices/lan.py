"""Stations hearing each other on the office LAN while the shared file is away (#33 item 2).

A counter that calls a number while the file cannot be reached also says so on the LAN: a
small UDP datagram (broadcast, no broker, no server to install) carrying the call, signed
with the PC's station key. The TV hears it, and shows and speaks the call only when the
key is registered in the office's record with a role that may call (the display checks;
a phone on the office Wi-Fi has no registered key). What is signed and checked here is
the message; who may say it is the record's (``db.record.audit.lan_keys``).

Plain sockets (no Qt here): the display's listener is a daemon thread that hands each
datagram to a callback.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timezone

log = logging.getLogger(__name__)

#: The UDP port of the office's stations (the Windows firewall rule opens it, inbound,
#: on private networks: docs/deployment.md).
LAN_PORT = 47833
CONTEXT = b"ULT-LAN-1\n"
#: A message older or newer than this (the sender's clock against ours) is not heard.
MAX_AGE_S = 15 * 60


def port() -> int:
    """``$ULT_LAN_PORT`` when set (tests), else :data:`LAN_PORT`."""
    return int(os.environ.get("ULT_LAN_PORT") or LAN_PORT)


def targets() -> list[str]:
    """Where datagrams go: the LAN's broadcast address, or ``$ULT_LAN_TARGETS``
    (comma-separated; the tests' ``127.0.0.1``)."""
    text = os.environ.get("ULT_LAN_TARGETS")
    return [t.strip() for t in text.split(",") if t.strip()] if text else ["255.255.255.255"]


def _body(message: dict) -> bytes:
    return CONTEXT + json.dumps({k: v for k, v in message.items() if k != "sig"},
                                sort_keys=True, separators=(",", ":")).encode("utf-8")


def signed_call(key, *, number: str, counter: int, office: str,
                now: datetime | None = None) -> bytes:
    """The datagram of a call of *number* at *counter*, signed with station key *key*
    (``app.station_key.StationKey``); *office*: the record it belongs to."""
    message = {"v": 1, "kind": "called", "number": number, "counter": counter,
               "office": office, "key": key.key_id, "nonce": secrets.token_hex(8),
               "at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")}
    message["sig"] = key.sign(_body(message)).hex()
    return json.dumps(message, separators=(",", ":")).encode("utf-8")


def heard(data: bytes, keys: dict[str, tuple[bytes, str]], *, office: str,
          roles: tuple[str, ...] = ("counter", "admin"), seen: set[str] | None = None,
          now: datetime | None = None) -> dict | None:
    """The message in *data* if it is a call for *office*, signed by a key of *keys*
    (key id -> (public key, role), the record's registrations) whose role is one of
    *roles*, recent, and not heard before (*seen*: the nonces heard); else None."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        message = json.loads(data.decode("utf-8"))
        key = keys.get(str(message["key"]))
        at = datetime.fromisoformat(str(message["at"]))
        sig = bytes.fromhex(str(message["sig"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        return None
    if not isinstance(message, dict) or message.get("kind") != "called" or key is None or \
            message.get("office") != office or key[1] not in roles:
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


def send(data: bytes) -> None:
    """Broadcast *data* to the office's stations (best effort: a LAN that is down too
    leaves the journal and the paper, issue #33 item 5)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        for target in targets():
            try:
                sock.sendto(data, (target, port()))
            except OSError as exc:
                log.info("LAN message to %s not sent: %s", target, exc)


class Listener:
    """A daemon thread receiving the office's datagrams on :func:`port`; each goes to
    *on_datagram* (on this thread: the caller hands it to its GUI thread)."""

    def __init__(self, on_datagram: Callable[[bytes], None], *, bind: str = ""):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((bind, port()))
        self._sock.settimeout(0.2)
        self._on = on_datagram
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ult-lan", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data, _addr = self._sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            try:
                self._on(data)
            except Exception:  # a bad datagram never ends the listener
                log.exception("LAN datagram not handled")

    def stop(self) -> None:
        """Stop listening (the thread ends within its 0.2 s receive timeout)."""
        self._stop.set()
        self._thread.join(timeout=0.5)
        self._sock.close()
