"""The Windows lane's verdict on its tests (scripts/windows_lane.py): only a test whose own
failure is Wine's ``[WinError 1359]`` is run again; any other failure turns the lane red,
even when Wine's error is in the same run and the failed test would pass a second time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import windows_lane

#: One test meets Wine's error starting a process, one fails plainly; each only the first
#: time (a flaky failure of ours must not pass as Wine's because a rerun passes).
PLANTED = '''
import pathlib
import pytest

pytestmark = pytest.mark.windows
HERE = pathlib.Path(__file__).parent


def once(name):
    mark = HERE / name
    first = not mark.exists()
    mark.touch()
    return first


def test_starts_a_process():
    if once("wine-once"):
        raise OSError(22, "[WinError 1359] Internal error")


class TestPlain:
    def test_counts(self):
        assert not once("plain-once"), "a plain failure of ours"
'''


def planted(tmp_path: Path, *, plain: bool = True) -> Path:
    folder = tmp_path / "planted"
    (folder / "tests").mkdir(parents=True)
    source = PLANTED if plain else PLANTED.split("\n\nclass TestPlain")[0] + "\n"
    (folder / "tests" / "test_planted.py").write_text(source)
    (folder / "pytest.ini").write_text("[pytest]\nmarkers =\n    windows: lane\n")
    return folder


def local_lane(monkeypatch, folder: Path) -> None:
    """The lane's test part with this machine's Python in place of Wine's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}

    def wpy(*args: str, **kw) -> tuple[int, str]:
        return windows_lane.run([sys.executable, *args], env=env, cwd=folder, echo=False,
                                timeout=kw.get("timeout", 600))

    monkeypatch.setattr(windows_lane, "wpy", wpy)
    monkeypatch.setattr(windows_lane, "windows_path", str)
    monkeypatch.setattr(windows_lane, "CACHE", folder)
    monkeypatch.setattr(windows_lane, "RESULTS", [])


def test_a_plain_failure_beside_wines_error_turns_the_lane_red(tmp_path, monkeypatch):
    folder = planted(tmp_path)
    local_lane(monkeypatch, folder)
    windows_lane.tests([])
    verdicts = [(verdict, detail) for _, verdict, detail in windows_lane.RESULTS]
    assert ("wine", "1 met Wine's [WinError 1359] starting a process and passed when run "
            "again: tests/test_planted.py::test_starts_a_process") in verdicts
    assert ("FAIL", "1 failed: tests/test_planted.py::TestPlain::test_counts") in verdicts
    assert verdicts[-1][0] == "FAIL" and "2 failed" in verdicts[-1][1]
    assert windows_lane.summary(0) == 1


def test_the_lane_ends_saying_how_many_tests_it_ran(tmp_path, monkeypatch, capsys):
    local_lane(monkeypatch, planted(tmp_path))
    monkeypatch.setattr(windows_lane, "TESTS_RUN", {})
    windows_lane.tests(["-k", "not TestPlain"])  # one test deselected, as -m windows does
    windows_lane.summary(0)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].startswith("windows-lane: ran 1 of the suite's 2 tests under Windows "
                                "Python (")
    assert lines[-1] == "windows-lane: 1 passed, 0 failed"  # the tests line (and a wine one)


def test_a_morning_check_fail_line_is_ours_unless_the_demo_office_explains_it(monkeypatch):
    monkeypatch.setattr(windows_lane, "RESULTS", [])
    out = ("GAGAL  office.station.kiosk@PC-LOBI: kiosk@PC-LOBI (kiosk) tidak mengirim ...\n"
           "GAGAL  office.backup: Cadangan: ...\nLULUS  share.open: ...\n"
           "GAGAL  share.zone: Zona waktu PC ...\n")
    problems = windows_lane.failed_checks("bundle", "morning-check", out,
                                          windows_lane.MORNING_DEMO_FACTS)
    assert problems == ["failed checks share.zone"]
    assert windows_lane.RESULTS == [("bundle morning-check", "wine",
                                     "office.station.kiosk@PC-LOBI (the smoke run's screens "
                                     "were closed on purpose), office.backup (a demo office "
                                     "sets no daily backup folder)")]


def test_wines_error_alone_is_a_wine_line_and_the_lane_green(tmp_path, monkeypatch):
    local_lane(monkeypatch, planted(tmp_path, plain=False))
    windows_lane.tests([])
    assert [r[1] for r in windows_lane.RESULTS] == ["wine", "ok"]
    assert windows_lane.summary(0) == 0


def test_the_decision_reads_each_tests_own_report(tmp_path):
    """Recorded junit XML of the planted run: Wine's error shows only in one test's own
    report; the other test's failure is ours, whatever else the run printed."""
    folder = planted(tmp_path)
    junit = folder / "run.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    f"--junitxml={junit}"], cwd=folder, capture_output=True, timeout=120,
                   env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST")})
    wine, ours = windows_lane.failed_tests(junit.read_text())
    assert wine == ["tests/test_planted.py::test_starts_a_process"]
    assert ours == ["tests/test_planted.py::TestPlain::test_counts"]


@pytest.mark.parametrize(("classname", "name", "nodeid"), [
    ("tests.test_x", "test_y[a.b-C]", "tests/test_x.py::test_y[a.b-C]"),
    ("tests.faultfs.test_x.TestY", "test_z", "tests/faultfs/test_x.py::TestY::test_z"),
    ("", "tests.test_broken", "tests.test_broken"),  # a collection error: ours
])
def test_junit_names_become_node_ids(classname, name, nodeid):
    assert windows_lane.junit_nodeid(classname, name) == nodeid
