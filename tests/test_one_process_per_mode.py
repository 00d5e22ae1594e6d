"""One process per mode and station: a second start exits at once and
never opens the mode's log; a lock of a process that died is taken over."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, run_cli

HOLDER = ("import sys; from ult_desktop.ui.common.single import hold_lock; "
          "lock = hold_lock('kiosk', 'lobby'); print('held' if lock else 'refused', "
          "flush=True); sys.stdin.readline()")


def test_a_second_kiosk_for_the_same_station_exits_and_leaves_the_log_alone(tmp_path,
                                                                           db_path):
    env = {**os.environ, "ULT_DATA_DIR": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "LOCALAPPDATA": ""}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], cwd=ROOT, env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "held"
        second = run_cli("kiosk", "--db", str(db_path), "--station", "lobby",
                         env={**env, "ULT_SMOKE_EXIT_MS": "200"})
        assert second.returncode == 0, second.stderr
        assert "kiosk" in second.stderr
        assert not (tmp_path / "state" / "ult-desktop" / "ult-desktop-kiosk.log").exists()
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(10)
    # the holder is gone: its lock file is stale and is taken over
    again = subprocess.run([sys.executable, "-c", HOLDER], cwd=ROOT, env=env, text=True,
                           input="\n", capture_output=True, timeout=60)
    assert again.stdout.strip() == "held"
