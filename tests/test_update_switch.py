"""A running kiosk takes a release staged and checked on its PC only between visitors: not
while a number is on screen, printing or waiting to land; at the start page, untouched,
the new version's own program is started in its place."""

from __future__ import annotations

import sys
from functools import partial

import pytest
from PySide6.QtCore import Qt

from tests.drivers import make_kiosk, service_button, shown_page
from tests.test_updates import installed_station, make_bundle, which_program
from ult_desktop.app.updates import client, install, publish
from ult_desktop.ui.common.update_switch import UpdateSwitch
from ult_desktop.ui.kiosk.flow import START, TICKET
from ult_desktop.ui.kiosk.link import quiet as link_quiet
from ult_desktop.ui.kiosk.window import between_visitors

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="the stand-in programs are shell scripts")


def test_a_running_kiosk_switches_between_visitors_not_during_one(qtbot, request, db_path,
                                                                  tmp_path, monkeypatch):
    ceremony, share, root, ran, stick = installed_station(tmp_path, monkeypatch, "kiosk")
    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    closed = []  # the kiosk's own timer (app.py) closes its windows; here: noted
    switch = UpdateSwitch(partial(between_visitors, kiosk), parent=kiosk, every_ms=3_600_000,
                          close=lambda: closed.append(1))
    publish.publish(which_program(make_bundle(tmp_path / "b2", "0.2.0"), "0.2.0", ran),
                    share, ceremony.keys_dir,
                    cosign=[stick])
    assert client.check(root, share, "0.1.0").outcome == client.STAGED
    assert install.precheck(root, "0.2.0") == ""  # its own check, from its folder: ready

    qtbot.mouseClick(service_button(kiosk, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET)
    assert not switch.tick() and not switch.switching  # a visitor reads her number
    assert install.current_version(root) == "0.1.0" and not ran.exists()

    qtbot.waitUntil(lambda: shown_page(kiosk) == START and kiosk.accepting())
    qtbot.waitUntil(partial(link_quiet, kiosk.link))  # printed, the held number landed
    switch.tick()
    qtbot.waitUntil(lambda: switch.started is not None, timeout=30_000)
    assert switch.started.wait(timeout=30) == 0 and closed == [1]
    assert ran.read_text().strip() == "0.2.0 kiosk"
    assert install.current_version(root) == "0.2.0"


def test_the_new_versions_check_runs_off_the_screens_thread(qtbot, tmp_path, monkeypatch):
    """The switch runs the new version's own start-up check (seconds: its screens load):
    the screen's timer returns at once and the kiosk keeps answering; the new version is
    started when its check passed, at a moment still quiet."""
    ceremony, share, root, ran, stick = installed_station(tmp_path, monkeypatch, "display")
    monkeypatch.setattr(install, "START_CHECK_TIMEOUT_S", 20.0)
    gate = tmp_path / "screens-loaded"
    bundle = which_program(make_bundle(tmp_path / "b2", "0.2.0"), "0.2.0", ran)
    (bundle / "ult-desktop").write_text(  # its check waits until the test lets it end
        f'#!/bin/sh\nif [ "$1" = update ]; then while [ ! -e {gate} ]; do sleep 0.05; done;'
        f' exit 0; fi\necho "0.2.0 $*" > {ran}\n')
    publish.publish(bundle, share, ceremony.keys_dir,
                    cosign=[stick])
    assert client.check(root, share, "0.1.0").outcome == client.STAGED
    gate.touch()
    assert install.precheck(root, "0.2.0") == ""  # ready
    gate.unlink()
    closed = []
    switch = UpdateSwitch(lambda: True, every_ms=3_600_000, close=lambda: closed.append(1))
    assert switch.tick() is False  # returns while the check still waits for its screens
    assert switch.switching and not closed and not ran.exists()
    gate.touch()  # the screens loaded: the check passes
    qtbot.waitUntil(lambda: switch.started is not None, timeout=20_000)
    assert switch.started.wait(timeout=30) == 0 and closed == [1]
    assert ran.read_text().strip() == "0.2.0 display"
    assert install.current_version(root) == "0.2.0"


def test_the_version_started_in_a_running_stations_place_waits_for_its_lock(tmp_path,
                                                                           monkeypatch):
    """The old version still holds its mode's lock while it closes: the new one, started
    with ``ULT_HANDED_OVER``, waits for it (``cli/gui_cmds.py``) instead of leaving as a
    second kiosk would."""
    import os
    import subprocess

    from tests.conftest import ROOT
    from tests.test_one_process_per_mode import HOLDER
    from ult_desktop.ui.common.single import hold_lock

    monkeypatch.setenv("ULT_DATA_DIR", str(tmp_path / "data"))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], cwd=ROOT, env=os.environ.copy(),
                              text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert hold_lock("kiosk", "lobby") is None  # a second kiosk: refused at once
        holder.stdin.write("\n")  # the old version closes
        holder.stdin.flush()
        lock = hold_lock("kiosk", "lobby", wait_ms=30_000)
        assert lock is not None and lock.isLocked()
        lock.unlock()
    finally:
        holder.kill()
        holder.wait(10)
