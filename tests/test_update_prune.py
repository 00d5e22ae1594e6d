"""Old versions do not pile up: on a station the running version and the one before
stay after a switch, older ones go; in the share's update folder the newest few releases
stay, older archives go with the next publish. Each switch and go-back is in the
station's update log, and its heartbeat says the last one."""

from __future__ import annotations

import sys
import time

import pytest

from tests.conftest import run_cli
from tests.test_updates import office  # noqa: F401  (the fixture)
from ult_desktop.app.updates import client, install, publish
from ult_desktop.app.updates.station import summary

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="the stand-in programs are shell scripts")


def versions_on_disk(root) -> set[str]:
    return {p.name for p in root.iterdir() if p.is_dir() and not p.is_symlink()
            and p.name[:1].isdigit()}


def test_a_station_keeps_the_running_version_and_the_one_before(office):  # noqa: F811
    for version in ("0.2.0", "0.3.0", "0.4.0"):
        office.release(version)
        running = install.current_version(office.root)
        assert client.check(office.root, office.share, running).outcome == client.STAGED
        assert install.at_start(office.root, check=lambda r, v: "").switched
    assert install.current_version(office.root) == "0.4.0"
    assert versions_on_disk(office.root) == {"0.3.0", "0.4.0"}  # 0.1.0 and 0.2.0 went
    (office.root / "0.9.0.partial").mkdir()  # a copy cut short
    office.release("0.5.0")
    assert client.check(office.root, office.share, "0.4.0").outcome == client.STAGED
    assert install.at_start(office.root, check=lambda r, v: "no screen").went_back
    assert versions_on_disk(office.root) == {"0.3.0", "0.4.0", "0.5.0", "0.9.0.partial"}
    office.release("0.6.0")  # the fix
    assert client.check(office.root, office.share, "0.4.0").outcome == client.STAGED
    assert install.at_start(office.root, check=lambda r, v: "").switched
    assert versions_on_disk(office.root) == {"0.4.0", "0.6.0"}
    said = summary(office.root)
    assert said["switched"]["from"] == "0.4.0" and said["version"] == "0.6.0"


def test_the_update_folder_keeps_the_newest_releases(office):  # noqa: F811
    for version in ("0.2.0", "0.3.0", "0.4.0", "0.5.0"):
        office.release(version)
    archives = sorted(p.name.split(".", 1)[1] for p in
                      (office.share / "targets").glob("*.ult-desktop-*.zip"))
    assert archives == ["ult-desktop-0.3.0.zip", "ult-desktop-0.4.0.zip",
                        "ult-desktop-0.5.0.zip"]
    result = client.check(office.root, office.share, "0.1.0")  # the folder still verifies
    assert (result.outcome, result.version) == (client.STAGED, "0.5.0")
    publish.publish(office.tmp / next(p.name for p in office.tmp.iterdir()
                                      if p.name.startswith("bundle-0.5.0")),
                    office.share, office.admin, version="0.6.0", keep=1,
                    cosign=[office.stick])
    assert [p.name.split(".", 1)[1] for p in (office.share / "targets").glob("*.zip")] \
        == ["ult-desktop-0.6.0.zip"]


def test_each_switch_and_go_back_is_in_the_stations_update_log(office, tmp_path):  # noqa: F811
    logs = tmp_path / "state"
    office.release("0.2.0")
    env = {"XDG_STATE_HOME": str(logs), "LOCALAPPDATA": ""}
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    install.program(office.root, "0.2.0").write_text("#!/bin/sh\nexit 0\n")
    done = run_cli("update", "start", "--install-root", str(office.root), env=env)
    assert done.returncode == 0, done.stderr
    office.release("0.3.0")
    assert client.check(office.root, office.share, "0.2.0").outcome == client.STAGED
    install.program(office.root, "0.3.0").write_text("#!/bin/sh\necho 'no screen'\nexit 3\n")
    done = run_cli("update", "start", "--install-root", str(office.root), env=env)
    assert done.returncode == 0, done.stderr
    text = (logs / "ult-desktop" / "ult-desktop-update.log").read_text()
    assert "switched to 0.2.0 (was 0.1.0)" in text
    assert "went back from 0.3.0 to 0.2.0" in text and "no screen" in text


def test_a_gui_stations_start_writes_its_switch_in_the_update_log(office, tmp_path):  # noqa: F811
    """``ult-desktop kiosk`` started as its shortcut starts it, a release staged: the
    switch at its start is in ``ult-desktop-update.log`` and the new program runs."""
    from tests.test_updates import make_bundle, which_program

    ran, logs = tmp_path / "ran.txt", tmp_path / "state"
    publish.publish(which_program(make_bundle(tmp_path / "b-0.2.0", "0.2.0"), "0.2.0", ran),
                    office.share, office.admin, cosign=[office.stick])
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    done = run_cli("kiosk", env={"ULT_INSTALL_ROOT": str(office.root), "LOCALAPPDATA": "",
                                 "XDG_STATE_HOME": str(logs), "QT_QPA_PLATFORM": "offscreen",
                                 "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert done.returncode == 0, done.stderr
    text = (logs / "ult-desktop" / "ult-desktop-update.log").read_text()
    assert "switched to 0.2.0 (was 0.1.0)" in text
    deadline = time.monotonic() + 20  # the started program is on its own
    while not ran.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ran.read_text().strip() == "0.2.0 kiosk"
