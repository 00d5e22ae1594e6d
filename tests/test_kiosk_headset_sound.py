"""The headset stays private on a real sound server: a kiosk process speaking in a USB
headset (a PulseAudio null sink) while the headset is pulled out (the sink removed)
stops at once; the hall's loudspeaker (the other sink, the server's default, where
PulseAudio moves the stream of a removed sink) hears nothing of it, and the kiosk is at
its silent start.

Needs ``pulseaudio`` and ``pactl``/``parec`` (Debian: pulseaudio, pulseaudio-utils;
.ci/run installs them); skipped without them, unless ``ULT_REQUIRE_SOUND`` is set."""

from __future__ import annotations

import array
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.drivers import until
from ult_desktop.ui.kiosk.flow import START

RATE = 22050
#: What may reach the hall between the server moving the stream and the kiosk stopping
#: it: a few milliseconds (the sentence is seconds long).
LEAK_S = 0.05

_KIOSK = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from ult_desktop.ui.common.app import ensure_app
from ult_desktop.ui.kiosk.window import KioskWindow
app = ensure_app()
w = KioskWindow(Path(sys.argv[1]), printer_url="none", station_id="kiosk-sound",
                locked=False, config_file=Path(sys.argv[2]))
w.resize(540, 960)
w.show()
w.spoken.speaker.spoken.connect(lambda text: print("said", text, flush=True))
seen = []
def state():
    now = (w.link.online and w.view.state is not None, w.flow.page, w.spoken.active,
           w.spoken.control.headset.headset is not None)
    if seen[-1:] != [now]:
        seen.append(now)
        print("state", *map(int, now), flush=True)
timer = QTimer()
timer.timeout.connect(state)
timer.start(20)
app.exec()
"""


def _tools() -> list[str]:
    return [t for t in ("pulseaudio", "pactl", "parec") if shutil.which(t) is None]


@pytest.fixture
def sound_server():
    """A PulseAudio server of its own with one output, the hall's loudspeaker (a null
    sink); yields the environment that reaches it."""
    missing = _tools()
    if missing:
        if os.environ.get("ULT_REQUIRE_SOUND"):
            pytest.fail(f"ULT_REQUIRE_SOUND set but {', '.join(missing)} not installed")
        pytest.skip(f"no sound server here ({', '.join(missing)} not installed)")
    run = Path(tempfile.mkdtemp(prefix="ult-pa-"))  # short: a socket path has a limit
    run.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(run), "PULSE_RUNTIME_PATH": str(run / "pulse"),
           "HOME": str(run), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PULSE_SERVER", None)
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
         "--load=module-native-protocol-unix",
         f"--load=module-null-sink sink_name=hall rate={RATE} channels=1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        until(lambda: subprocess.run(["pactl", "info"], env=env,
                                     capture_output=True).returncode == 0)
        yield env
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(run, ignore_errors=True)


def _pactl(env, *args) -> str:
    out = subprocess.run(["pactl", *args], env=env, capture_output=True, text=True, timeout=10)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


class Recording:
    """What one output plays, read from its monitor."""

    def __init__(self, env, sink: str, path: Path):
        self.path = path
        self.proc = subprocess.Popen(
            ["parec", "-d", f"{sink}.monitor", "--raw", "--format=s16le", "--channels=1",
             f"--rate={RATE}", "--latency-msec=10"], env=env, stdout=open(path, "wb"))

    def loud_s(self) -> float:
        """Seconds of sound (not silence) so far."""
        data = self.path.read_bytes()
        samples = array.array("h", data[:len(data) // 2 * 2])
        return sum(1 for s in samples if abs(s) > 200) / RATE

    def stop(self) -> float:
        self.proc.terminate()
        self.proc.wait(10)
        return self.loud_s()


class KioskProcess:
    def __init__(self, env, db_path: Path, tmp_path: Path):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _KIOSK, str(db_path), str(tmp_path / "station.json")],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def state(self) -> tuple[int, ...] | None:
        states = [line.split()[1:] for line in self.lines if line.startswith("state ")]
        return tuple(map(int, states[-1])) if states else None

    def said(self, start: str) -> bool:
        return any(line.startswith(f"said {start}") for line in self.lines)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def test_a_headset_pulled_out_mid_sentence_stops_it_and_the_hall_hears_nothing(
        sound_server, db_path, tmp_path):
    env = sound_server
    kiosk = KioskProcess(env, db_path, tmp_path)
    try:
        until(lambda: kiosk.state() == (1, START, 0, 0), timeout_s=60)
        hall = Recording(env, "hall", tmp_path / "hall-before.raw")
        headset_module = _pactl(env, "load-module", "module-null-sink",
                                "sink_name=usbheadset", f"rate={RATE}", "channels=1")
        heard = Recording(env, "usbheadset", tmp_path / "headset.raw")
        until(lambda: kiosk.said("Earphone tersambung"), timeout_s=30)
        until(lambda: heard.loud_s() > 0.3, timeout_s=30)  # the greeting, in the headset
        assert hall.stop() == 0  # the hall heard nothing of it so far
        assert kiosk.state() == (1, START, 1, 1)
        hall = Recording(env, "hall", tmp_path / "hall-after.raw")
        _pactl(env, "unload-module", headset_module)  # pulled out mid-sentence
        until(lambda: kiosk.state() == (1, START, 0, 0), timeout_s=10)  # silent start
        # the greeting has seconds left: what the hall plays from here on is the leak
        said = len(kiosk.lines)
        until(lambda: hall.loud_s() > 1 or os.path.getsize(hall.path) > 2 * RATE * 2,
              timeout_s=30)
        assert hall.stop() <= LEAK_S
        assert not any(line.startswith("said") for line in kiosk.lines[said:])
    finally:
        kiosk.stop()
