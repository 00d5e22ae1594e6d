"""Kiosk, display and survey keep the screen on.

The Windows call ``SetThreadExecutionState`` is the one thing faked: a recorder that
returns what kernel32 returns (the previous state, 0 on failure).
"""

from __future__ import annotations

import argparse
import sys
import types

import pytest

from ult_desktop.app import keep_awake as ka
from ult_desktop.cli import gui_cmds

pytestmark = pytest.mark.windows


class FakeKernel32:
    def __init__(self, result: int = ka.ES_CONTINUOUS):
        self.calls: list[int] = []
        self.result = result

    def __call__(self, flags: int) -> int:
        self.calls.append(flags)
        return self.result


def test_unattended_modes_ask_for_display_and_system_then_release():
    fake = FakeKernel32()
    with ka.keep_awake("display", setter=fake) as ok:
        assert ok
        assert fake.calls == [ka.ES_CONTINUOUS | ka.ES_SYSTEM_REQUIRED |
                              ka.ES_DISPLAY_REQUIRED]
    assert fake.calls[-1] == ka.ES_CONTINUOUS  # reset when the mode ends


def test_released_even_when_the_mode_crashes():
    fake = FakeKernel32()
    with pytest.raises(RuntimeError), ka.keep_awake("kiosk", setter=fake):
        raise RuntimeError("boom")
    assert fake.calls[-1] == ka.ES_CONTINUOUS


def test_counter_and_admin_let_the_pc_sleep_normally():
    fake = FakeKernel32()
    for mode in ("counter", "admin"):
        with ka.keep_awake(mode, setter=fake) as ok:
            assert not ok
    assert fake.calls == []


def test_a_refused_call_is_reported_not_fatal(caplog):
    fake = FakeKernel32(result=0)
    with ka.keep_awake("survey", setter=fake) as ok:
        assert not ok
    assert "SetThreadExecutionState refused" in caplog.text


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows only")
def test_off_windows_nothing_is_called():
    assert ka.windows_setter() is None  # Linux CI
    with ka.keep_awake("display") as ok:
        assert not ok


@pytest.mark.parametrize("mode,awake", [("kiosk", True), ("display", True),
                                        ("survey", True), ("counter", False)])
def test_gui_modes_run_inside_the_awake_request(monkeypatch, mode, awake):
    fake = FakeKernel32()
    monkeypatch.setattr(ka, "windows_setter", lambda: fake)
    seen = {}

    def main(args):
        seen["during"] = list(fake.calls)
        return 0

    fake_app = types.SimpleNamespace(main=main)
    monkeypatch.setattr(gui_cmds, "importlib", types.SimpleNamespace(
        import_module=lambda name: fake_app, util=gui_cmds.importlib.util))
    monkeypatch.setattr(gui_cmds, "mode_available", lambda m: True)
    monkeypatch.setattr("ult_desktop.app.logsetup.setup_logging", lambda mode: None)
    monkeypatch.setenv("ULT_STATION_CONFIG", "/nonexistent/station.json")
    args = argparse.Namespace(mode=mode, db="x.db", printer="none", counter=1, station=None,
                              windowed=True)
    assert gui_cmds.cmd_gui(args) == 0
    assert bool(seen["during"]) is awake
    if awake:
        assert fake.calls[-1] == ka.ES_CONTINUOUS
