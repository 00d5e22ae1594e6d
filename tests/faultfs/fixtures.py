"""pytest fixtures for the fault-injecting share.

Load them from tests/conftest.py with ``pytest_plugins = ["tests.faultfs.fixtures"]``
(or ``from tests.faultfs.fixtures import slow_share``).

``slow_share`` yields a started :class:`tests.faultfs.control.FaultShare`: ``share.path``
is the mounted folder (put the database there), and the object steers the share
(``set_delay``, ``outage``/``restore``/``down``, ``fail``, ``crash``/``remount``, ``stats``).
It starts with a 1 ms delay per file operation and is unmounted after the test.

When FUSE cannot work on this machine the fixture skips with the reason, unless the
environment variable ``ULT_REQUIRE_FUSE=1`` is set (CI sets it), in which case it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.faultfs.control import FaultShare, FuseUnavailable, fuse_unavailable_reason


def _unavailable(reason: str) -> None:
    if os.environ.get("ULT_REQUIRE_FUSE") == "1":
        pytest.fail(f"ULT_REQUIRE_FUSE=1 but the fault share cannot run: {reason}")
    pytest.skip(f"fault share unavailable: {reason}")


@pytest.fixture
def slow_share(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultShare]:
    reason = fuse_unavailable_reason()
    if reason:
        _unavailable(reason)
    share = FaultShare(tmp_path_factory.mktemp("share"), delay_ms=1.0)
    try:
        share.start()
    except FuseUnavailable as exc:
        _unavailable(str(exc))
    try:
        yield share
    finally:
        share.stop()
