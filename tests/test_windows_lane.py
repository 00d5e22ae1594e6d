"""The Windows lane's verdict on its tests (scripts/windows_lane.py): only a test whose own
failure is Wine's ``[WinError 1359]`` is run again; any other failure turns the lane red,
even when Wine's error is in the same run and the failed test would pass a second time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts import windows_lane

#: The results a run of the test part alone must leave (setup's is written by hand here).
TESTS_PLAN = [("tests", "pytest -m windows")]

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
    monkeypatch.setattr(windows_lane, "RESULTS_DIR", folder / "results")


def verdicts(folder: Path) -> list[tuple[str, str]]:
    return [(r["verdict"], r["detail"]) for r in windows_lane.results(folder / "results")]


def test_a_plain_failure_beside_wines_error_turns_the_lane_red(tmp_path, monkeypatch):
    folder = planted(tmp_path)
    local_lane(monkeypatch, folder)
    windows_lane.tests([])
    found = verdicts(folder)
    assert ("wine", "1 met Wine's [WinError 1359] starting a process and passed when run "
            "again: tests/test_planted.py::test_starts_a_process") in found
    assert found[-1][0] == "FAIL"
    assert "2 failed" in found[-1][1]
    assert "; 1 failed: tests/test_planted.py::TestPlain::test_counts" in found[-1][1]
    assert windows_lane.summary(0, TESTS_PLAN) == 1


def test_the_lane_ends_saying_how_many_tests_it_ran(tmp_path, monkeypatch, capsys):
    local_lane(monkeypatch, planted(tmp_path))
    monkeypatch.setattr(windows_lane, "TESTS_RUN", {})
    windows_lane.tests(["-k", "not TestPlain"])  # one test deselected, as -m windows does
    windows_lane.summary(0, TESTS_PLAN)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].startswith("windows-lane: ran 1 of the suite's 2 tests under Windows "
                                "Python (")
    assert lines[-1] == "windows-lane: 1 passed, 0 failed"  # the tests line (and a wine one)


def test_a_morning_check_fail_line_is_ours_unless_the_demo_office_explains_it(monkeypatch,
                                                                              tmp_path):
    monkeypatch.setattr(windows_lane, "RESULTS_DIR", tmp_path)
    out = ("GAGAL  office.station.kiosk@PC-LOBI: kiosk@PC-LOBI (kiosk) tidak mengirim ...\n"
           "GAGAL  office.backup: Cadangan: ...\nLULUS  share.open: ...\n"
           "GAGAL  share.zone: Zona waktu PC ...\n")
    problems = windows_lane.failed_checks("bundle", "morning-check", out,
                                          windows_lane.MORNING_DEMO_FACTS)
    assert problems == ["failed checks share.zone"]
    assert windows_lane.results(tmp_path) == [{
        "part": "bundle morning-check", "step": "", "verdict": "wine",
        "detail": "office.station.kiosk@PC-LOBI (the smoke run's screens were closed on "
                  "purpose), office.backup (a demo office sets no daily backup folder)"}]


def test_wines_error_alone_is_a_wine_line_and_the_lane_green(tmp_path, monkeypatch):
    folder = planted(tmp_path, plain=False)
    local_lane(monkeypatch, folder)
    windows_lane.tests([])
    found = verdicts(folder)
    assert [v for v, _ in found] == ["wine", "ok"]
    assert found[-1][1].startswith("pytest -m windows: 1 failed (the 1 failed: Wine's "
                                   "[WinError 1359], passed when run again), rc 1")
    assert windows_lane.summary(0, TESTS_PLAN) == 0


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


def run_planted(tmp_path: Path, monkeypatch, source: str, conftest: str = "") -> list:
    folder = planted(tmp_path, plain=False)
    (folder / "tests" / "test_planted.py").write_text(
        "import pytest\n\npytestmark = pytest.mark.windows\n" + source)
    if conftest:
        (folder / "conftest.py").write_text(conftest)
    local_lane(monkeypatch, folder)
    windows_lane.tests([])
    return verdicts(folder)


def test_a_test_that_ends_its_process_turns_the_lane_red(tmp_path, monkeypatch, capsys):
    """pytest ends with rc 0 and no report when a test calls os._exit(0): no JUnit file
    is a failure, and the lane still closes with its summary."""
    monkeypatch.setenv("NO_COLOR", "1")
    found = run_planted(tmp_path, monkeypatch, "import os\n\n\ndef test_quits():\n"
                        "    os._exit(0)\n")
    assert len(found) == 1
    assert found[0][0] == "FAIL"
    assert "no JUnit file: the test process ended itself (rc 0)" in found[0][1]
    assert windows_lane.summary(0, TESTS_PLAN) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "windows-lane: 0 passed, 1 failed"


def test_an_import_error_is_named_as_one_not_as_a_hang(tmp_path, monkeypatch):
    found = run_planted(tmp_path, monkeypatch, "def test_fine():\n    pass\n",
                        conftest="import a_module_windows_lacks  # noqa\n")
    assert found[0][0] == "FAIL"
    assert "pytest could not start the run (rc 4: an import or usage error)" in found[0][1]
    assert "hang" not in found[0][1]


def test_a_passing_control_stays_green(tmp_path, monkeypatch):
    found = run_planted(tmp_path, monkeypatch, "def test_fine():\n    pass\n")
    assert found == [("ok", found[0][1])]
    assert found[0][1].startswith("pytest -m windows: 1 passed, rc 0")
    assert windows_lane.summary(0, TESTS_PLAN) == 0


def write_results(folder: Path, *rows: tuple[str, str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n, (part, step, verdict) in enumerate(rows):
        (folder / f"{n:04d}.json").write_text(json.dumps(
            {"part": part, "step": step, "verdict": verdict, "detail": f"{step}: ..."}))


def test_a_planned_step_without_its_result_file_is_a_failure(tmp_path):
    write_results(tmp_path, ("setup", "setup", "ok"), ("bundle", "PyInstaller build", "ok"),
                  ("bundle", "backup", "ok"))
    planned = [("setup", "setup"), ("bundle", "PyInstaller build"), ("bundle", "backup"),
               ("bundle", "restore")]
    rows = windows_lane.judge(tmp_path, planned)
    assert [(r["step"], r["verdict"]) for r in rows] == [
        ("setup", "ok"), ("PyInstaller build", "ok"), ("backup", "ok"), ("restore", "FAIL")]
    assert rows[-1]["detail"] == "restore: no result (the step crashed or was never reached)"
    write_results(tmp_path / "whole", *((p, s, "ok") for p, s in planned))
    assert {r["verdict"] for r in windows_lane.judge(tmp_path / "whole", planned)} == {"ok"}


def test_a_broken_or_unknown_result_is_a_failure(tmp_path):
    write_results(tmp_path, ("setup", "setup", "ok"), ("tests", "pytest -m windows", "fine"))
    (tmp_path / "0002.json").write_text('{"part": "bundle"')  # cut short
    rows = windows_lane.judge(tmp_path, [("setup", "setup")])
    assert [r["verdict"] for r in rows] == ["ok", "FAIL", "FAIL"]
    assert "not one the lane knows" in rows[1]["detail"]
    assert rows[2]["detail"] == "0002.json: not a readable result"


def test_a_part_that_crashes_is_red_and_the_summary_still_comes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(windows_lane, "RESULTS_DIR", tmp_path)

    def crashes():
        windows_lane.record("bundle", "ok", "PyInstaller build: 1 MB", "PyInstaller build")
        raise ModuleNotFoundError("No module named 'sqlite_utils'")

    assert windows_lane.guarded("bundle", crashes) is False
    assert windows_lane.summary(0, windows_lane.plan(["bundle"])[:3]) == 1
    out = capsys.readouterr().out
    assert "FAIL  bundle: bundle stopped: ModuleNotFoundError: No module named 'sqlite_utils'" in out
    assert "FAIL  bundle: --version: no result" in out
    assert out.splitlines()[-1] == "windows-lane: 1 passed, 3 failed"


FAKE_EXE = '''
import os, pathlib, sys
args = sys.argv[1:]
PLANTED = "Traceback (most recent call last):\\nRuntimeError: ult-smoke: planted error in a Qt timer"
if os.environ.get("ULT_SMOKE_FAULT"):  # as the kiosk's log hook writes it, and the console
    log = pathlib.Path(os.environ["FAKE_LOG"])
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(PLANTED)
    print(PLANTED, file=sys.stderr)
if os.environ.get("FAKE_CRASH") == args[0]:
    print("Traceback (most recent call last):\\nValueError: a real one")
if args[:1] == ["restore"]:
    print("Gagal memulihkan: planted"); sys.exit(3)
if "--out" in args:
    pathlib.Path(args[args.index("--out") + 1]).write_bytes(b"x")
if args[:1] == ["import-online"]:
    print('{"added": ["LANE-0001"]}'); sys.exit(0)
print("ult-smoke: first-frame")
sys.exit(1 if args[:1] == ["setup"] else 0)  # the wizard closed unfinished is cancelled
'''


def test_a_failure_in_the_bundles_office_day_turns_the_lane_red(tmp_path, monkeypatch):
    """The office day against a stand-in program (a real process per step) that fails
    only the restore: that step is red, the others green, every planned step reported."""
    exe = tmp_path / "fake_exe.py"
    exe.write_text(FAKE_EXE)
    monkeypatch.setattr(windows_lane, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(windows_lane, "WORK", tmp_path / "ult")
    (tmp_path / "ult" / "out").mkdir(parents=True)
    windows_str = {r"C:\ult\out\cadangan.db": tmp_path / "ult" / "out" / "cadangan.db",
                   r"C:\ult\out\hari.pdf": tmp_path / "ult" / "out" / "hari.pdf"}
    real_run = windows_lane.run
    monkeypatch.setattr(windows_lane, "run", lambda cmd, **kw: real_run(
        [str(windows_str.get(c, c)) for c in cmd], **kw))
    monkeypatch.setattr(windows_lane, "DRIVE_C", tmp_path / "c")
    log = tmp_path / "c/users/ult/AppData/Local/ult-desktop/ult-desktop-kiosk.log"
    windows_lane.office_day("bundle", [sys.executable, str(exe)], {**os.environ,
                                                                  "FAKE_LOG": str(log)})
    planned = [("bundle", s) for s in windows_lane.OFFICE_DAY_STEPS]
    rows = windows_lane.judge(tmp_path / "results", planned)
    bad = [r["step"] for r in rows if r["verdict"] == "FAIL"]
    assert bad == ["restore"]  # the kiosk's planted traceback is not one
    assert windows_lane.summary(0, planned) == 1


def test_a_real_traceback_beside_the_planted_one_is_a_failure(tmp_path, monkeypatch):
    exe = tmp_path / "fake_exe.py"
    exe.write_text(FAKE_EXE)
    monkeypatch.setattr(windows_lane, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(windows_lane, "DRIVE_C", tmp_path / "c")
    log = tmp_path / "c/users/ult/AppData/Local/ult-desktop/ult-desktop-kiosk.log"
    env = {**os.environ, "FAKE_LOG": str(log), "ULT_SMOKE_FAULT": "1"}
    judge = lambda out: windows_lane.fault_logged("kiosk")  # noqa: E731
    assert windows_lane.step("bundle", "kiosk screen", [sys.executable, str(exe)],
                             ["kiosk"], env, judge=judge)
    assert not windows_lane.step("bundle", "kiosk screen", [sys.executable, str(exe)],
                                 ["kiosk"], {**env, "FAKE_CRASH": "kiosk"}, judge=judge)
    log.unlink()  # the planted error never reached the log
    assert not windows_lane.step("bundle", "kiosk screen", [sys.executable, str(exe)],
                                 ["kiosk"], {**env, "ULT_SMOKE_FAULT": ""}, judge=judge)
    verdicts = [r["verdict"] + " " + r["detail"].split(" (")[0]
                for r in windows_lane.results(tmp_path / "results")]
    assert verdicts == ["ok kiosk screen: rc 0", "FAIL kiosk screen: a traceback",
                        "FAIL kiosk screen: the planted error is not in "
                        "ult-desktop-kiosk.log"]


def test_a_silent_hang_is_ended_at_its_timeout(tmp_path):
    """A step that prints nothing and never ends (a download stalled, a Wine program
    waiting on a dialog) is killed at its timeout, its children with it, and the lane
    goes on: the lane of a CI that timed out had no line to wait for."""
    child_pid = tmp_path / "child.pid"
    script = (f"import subprocess, sys, time, pathlib; "
              f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
              f"pathlib.Path({str(child_pid)!r}).write_text(str(p.pid)); time.sleep(120)")
    started = time.monotonic()
    rc, out = windows_lane.run([sys.executable, "-c", script], timeout=3, echo=False)
    assert time.monotonic() - started < 60
    assert rc != 0
    assert out.endswith("[windows lane: stopped after 3 s]")
    pid = int(child_pid.read_text())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid), "the step's own child outlived its timeout"


def test_a_step_that_ends_in_time_keeps_its_output_and_code():
    rc, out = windows_lane.run([sys.executable, "-c", "print('one'); raise SystemExit(3)"],
                               timeout=60, echo=False)
    assert (rc, out) == (3, "one")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is no longer running
        return stat.read().split(") ")[-1][:1] != "Z"


def test_a_program_that_never_starts_is_started_once_more(tmp_path):
    """Silent past *first_output* the first time (a Wine start hang): ended and run again;
    the second run's own output and code are the step's."""
    mark = tmp_path / "tried"
    script = (f"import pathlib, sys, time; m = pathlib.Path({str(mark)!r})\n"
              f"if not m.exists(): m.touch(); time.sleep(120)\n"
              f"print('second'); sys.exit(0)")
    started = time.monotonic()
    rc, out = windows_lane.run([sys.executable, "-c", script], timeout=60, first_output=2,
                               echo=False)
    assert (rc, out) == (0, "second")
    assert time.monotonic() - started < 50


def test_a_program_that_spoke_is_never_started_again(tmp_path):
    """A program that wrote even a byte (pytest's dots have no line end) started: it is
    not ended at *first_output*, only at its timeout."""
    script = "import sys, time; sys.stdout.write('.'); sys.stdout.flush(); time.sleep(4); print('end')"
    rc, out = windows_lane.run([sys.executable, "-c", script], timeout=60, first_output=1,
                               echo=False)
    assert (rc, out) == (0, ".end")


# --- the setup program's steps: each judge green on what a good install leaves, red on
# --- each planted failure

VERSION = "0.2.0"
REG_OUT = f"""
HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\ULT Desktop
    DisplayName    REG_SZ    ULT Desktop
    DisplayVersion    REG_SZ    {VERSION}
    Publisher    REG_SZ    ULT Desktop
    DisplayIcon    REG_SZ    C:\\Program Files\\ULT Desktop\\current\\ult-desktopw.exe,0
    InstallLocation    REG_SZ    C:\\Program Files\\ULT Desktop
    UninstallString    REG_SZ    "C:\\Program Files\\ULT Desktop\\uninstall.exe"
    QuietUninstallString    REG_SZ    "C:\\Program Files\\ULT Desktop\\uninstall.exe" /S
    NoModify    REG_DWORD    0x1
    NoRepair    REG_DWORD    0x1
    EstimatedSize    REG_DWORD    0x2bc0c
"""


def installed_tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Program Files, ProgramData and the Start-menu folder as the setup program leaves
    them for ``/MODE=kiosk /SHARE=\\\\server\\ult\\ult.db``."""
    root, data, menu = tmp_path / "ULT Desktop", tmp_path / "ULTDesktop", tmp_path / "menu"
    for name in ("ult-desktop.exe", "ult-desktopw.exe", "_internal/base_library.zip"):
        (root / VERSION / name).parent.mkdir(parents=True, exist_ok=True)
        (root / VERSION / name).write_bytes(b"MZ")
    (root / "uninstall.exe").write_bytes(b"MZ")
    menu.mkdir()
    (menu / "ULT Desktop kiosk.lnk").write_bytes(
        b"L\0\0\0" + "start --mode kiosk".encode("utf-16-le"))
    data.mkdir()
    (data / "station.json").write_text(
        '{"version": 3, "mode": "kiosk", "db": "\\\\\\\\server\\\\ult\\\\ult.db"}\r\n')
    return root, data, menu


def installed(root: Path, data: Path, menu: Path) -> list[str]:
    return windows_lane.installed_problems(root, VERSION, data, menu, "kiosk",
                                           "\\\\server\\ult\\ult.db")


def test_a_good_install_passes_every_file_check(tmp_path):
    assert installed(*installed_tree(tmp_path)) == []


@pytest.mark.parametrize("plant, problem", [
    (lambda r, d, m: (r / VERSION / "ult-desktopw.exe").unlink(), "no 0.2.0\\ult-desktopw.exe"),
    (lambda r, d, m: (r / "uninstall.exe").unlink(), "no uninstall.exe"),
    (lambda r, d, m: (r / ".incoming-0.2.0").mkdir(), ".incoming-0.2.0 left"),
    (lambda r, d, m: (m / "ULT Desktop kiosk.lnk").unlink(),
     "no Start-menu shortcut ULT Desktop kiosk.lnk"),
    (lambda r, d, m: (m / "ULT Desktop kiosk.lnk").write_bytes("start".encode("utf-16-le")),
     "ULT Desktop kiosk.lnk does not run start --mode kiosk"),
    (lambda r, d, m: (d / "station.json").unlink(),
     "no readable station.json in ProgramData\\ULTDesktop"),
    (lambda r, d, m: (d / "station.json").write_text('{"mode": "kiosk", "db": "Z:\\\\ult.db"}'),
     "station.json says mode 'kiosk', db 'Z:\\\\ult.db'"),
])
def test_each_planted_fault_in_the_installed_files_is_named(tmp_path, plant, problem):
    tree = installed_tree(tmp_path)
    plant(*tree)
    assert installed(*tree) == [problem]


def test_the_silent_install_may_end_without_a_junction_only_where_wine_makes_none():
    assert windows_lane.install_problems(0, wine_junctions=True) == []
    assert windows_lane.install_problems(3, wine_junctions=False) == []
    assert windows_lane.install_problems(3, wine_junctions=True) == ["rc 3"]
    assert windows_lane.install_problems(2, wine_junctions=False) == ["rc 2"]


def test_current_must_be_a_link_to_the_version(tmp_path):
    root = installed_tree(tmp_path)[0]
    verdict = windows_lane.junction_verdict
    assert verdict(root, VERSION, False)[0] == "wine"  # Wine makes none: missing is Wine's
    assert verdict(root, VERSION, True) == ("FAIL", "current junction: missing")
    shutil.copytree(root / VERSION, root / "current")  # a copy is no junction
    assert verdict(root, VERSION, False) == ("FAIL", "current junction: not a link to 0.2.0")
    shutil.rmtree(root / "current")
    os.symlink(root / VERSION, root / "current", target_is_directory=True)
    assert verdict(root, VERSION, False)[0] == "ok"


def test_the_uninstall_key_must_hold_what_apps_and_features_reads():
    problems = windows_lane.uninstall_key_problems
    assert problems(0, REG_OUT, VERSION) == []
    assert problems(1, "ERROR: unable to find the key", VERSION) == [
        "no uninstall key (reg query rc 1)"]
    assert problems(0, REG_OUT, "0.3.0") == ["DisplayVersion is '0.2.0'"]
    no_repair = REG_OUT.replace("    NoRepair    REG_DWORD    0x1\n", "")
    assert problems(0, no_repair, VERSION) == ["no NoRepair"]
    loud = REG_OUT.replace('uninstall.exe" /S', 'uninstall.exe"')
    assert problems(0, loud, VERSION) == [
        "QuietUninstallString is '\"C:\\\\Program Files\\\\ULT Desktop\\\\uninstall.exe\"'"]


def test_after_the_uninstall_only_the_offices_data_may_be_left(tmp_path):
    root, data, menu = installed_tree(tmp_path)
    office = [data / "station.json"]
    left = windows_lane.left_behind_problems
    assert left(root, menu, 0, office) == [
        "left in Program Files: 0.2.0, uninstall.exe", "the Start-menu folder is left",
        "the uninstall key is left"]
    shutil.rmtree(root)
    shutil.rmtree(menu)
    assert left(root, menu, 1, office) == []
    (data / "station.json").unlink()  # an uninstaller that took the office's data
    assert left(root, menu, 1, office) == [
        f"the office's data was removed: {data / 'station.json'}"]


def test_the_lane_plans_every_installer_step_and_skip_build_drops_them(tmp_path, monkeypatch):
    monkeypatch.setattr(windows_lane, "RESULTS_DIR", tmp_path)
    planned = windows_lane.plan(["installer"])
    assert [label for part, label in planned if part == "installer"] == list(
        windows_lane.INSTALLER_STEPS)
    ran = []
    monkeypatch.setattr(windows_lane, "guarded", lambda part, work: ran.append(part) or True)
    monkeypatch.setattr(windows_lane, "fresh_wine", lambda: None)
    monkeypatch.setattr(windows_lane, "summary", lambda started, plan: 0)
    windows_lane.main(["--skip-build"])
    assert ran == ["setup", "commands", "tests"]


def published_share(tmp_path: Path, version: str) -> Path:
    """An update folder as ``release publish`` leaves it for *version*."""
    share = tmp_path / "updates"
    (share / "metadata").mkdir(parents=True)
    for name in ("1.root.json", "timestamp.json", "1.targets.json"):
        (share / "metadata" / name).write_text("{}")
    (share / "targets").mkdir()
    (share / "targets" / f"ab12.ult-desktop-{version}.zip").write_bytes(b"PK")
    return share


def staged_install(tmp_path: Path, new: str) -> Path:
    """An install root whose look staged *new* beside the running version."""
    root = installed_tree(tmp_path)[0]
    (root / new).mkdir()
    (root / new / "ult-desktop.exe").write_bytes(b"MZ")
    (root / "update-state.json").write_text(json.dumps({"pending": new, "ready": new}))
    return root


def test_the_update_the_lane_publishes_is_the_bundle_a_version_on(tmp_path):
    bundle = tmp_path / "dist" / "ult-desktop"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "ult-desktop.exe").write_bytes(b"MZ")
    (bundle / "_internal" / "build-info.json").write_text(
        json.dumps({"version": "0.2.0", "schema": 24, "qt": "6.11.3"}))
    assert windows_lane.next_version("0.2.0") == "0.2.1"
    out = windows_lane.update_bundle(bundle, tmp_path / "release" / "0.2.1", "0.2.1")
    assert json.loads((out / "_internal" / "build-info.json").read_text()) == {
        "version": "0.2.1", "schema": 24, "qt": "6.11.3"}
    assert (out / "ult-desktop.exe").read_bytes() == b"MZ"
    assert json.loads((bundle / "_internal" / "build-info.json").read_text())["version"] \
        == "0.2.0"  # the installed bundle's own is untouched


def test_each_planted_fault_in_the_published_update_is_named(tmp_path):
    share = published_share(tmp_path, "0.2.1")
    assert windows_lane.published_problems(share, "0.2.1") == []
    assert windows_lane.published_problems(share, "0.2.2") == [
        "no ult-desktop-0.2.2.zip in targets"]
    (share / "metadata" / "timestamp.json").unlink()  # a publish that died half-way
    assert windows_lane.published_problems(share, "0.2.1") == ["no metadata/timestamp.json"]


def test_each_planted_fault_in_the_staged_update_is_named(tmp_path):
    root = staged_install(tmp_path, "0.2.1")
    assert windows_lane.staged_problems(root, "0.2.1") == []
    (root / "0.2.1.partial").mkdir()  # an unpack that never finished
    assert windows_lane.staged_problems(root, "0.2.1") == ["0.2.1.partial left"]
    shutil.rmtree(root / "0.2.1.partial")
    (root / "update-state.json").write_text(json.dumps({  # its check could not run
        "pending": "0.2.1", "retry": {"why": "the office file held"}}))
    assert windows_lane.staged_problems(root, "0.2.1") == [
        "its start-up check did not pass (the office file held)"]
    (root / "update-state.json").write_text(json.dumps({"last_check": {"outcome": "refused"}}))
    (root / "0.2.1" / "ult-desktop.exe").unlink()
    assert windows_lane.staged_problems(root, "0.2.1") == [
        "no 0.2.1\\ult-desktop.exe",
        "update-state.json names no 0.2.1 pending (last look: refused)"]


def test_the_next_start_must_switch_to_the_update_where_junctions_exist(tmp_path):
    root = staged_install(tmp_path, "0.2.1")
    verdict = windows_lane.switch_verdict
    assert verdict(root, "0.2.1", VERSION, False)[0] == "wine"  # nothing to point with
    assert verdict(root, "0.2.1", VERSION, True) == (
        "FAIL", "the running station switches: current is not 0.2.1; "
        "update-state.json says running None")
    os.symlink(root / VERSION, root / "current", target_is_directory=True)
    (root / "update-state.json").write_text(json.dumps({  # the new version failed its check
        "running": VERSION, "went_back": {"from": "0.2.1", "why": "planted failure"}}))
    assert verdict(root, "0.2.1", VERSION, True) == (
        "FAIL", "the running station switches: current is not 0.2.1; update-state.json "
                "says running '0.2.0', went back: planted failure")
    (root / "current").unlink()
    os.symlink(root / "0.2.1", root / "current", target_is_directory=True)
    (root / "update-state.json").write_text(json.dumps({"running": "0.2.1"}))
    assert verdict(root, "0.2.1", VERSION, True)[0] == "ok"


def test_a_failed_update_step_turns_the_lane_red(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(windows_lane, "RESULTS_DIR", tmp_path)
    planned = [("installer", label) for label in windows_lane.UPDATE_STEPS]
    for label in windows_lane.UPDATE_STEPS[:-1]:
        windows_lane.record("installer", "ok", label, label)
    verdict, detail = windows_lane.switch_verdict(staged_install(tmp_path / "pc", "0.2.1"),
                                                  "0.2.1", VERSION, True)
    windows_lane.record("installer", verdict, detail, "the running station switches")
    assert windows_lane.summary(time.monotonic(), planned) == 1
    assert "current is not 0.2.1" in capsys.readouterr().out


SETUP_LOG = (
    "2026-11-30 08:00:01 ULT Desktop 0.2.0 setup: /S /MODE=kiosk /SHARE=C:\\ult\\ult.db "
    "/ROOT=C:\\ult\\admin-keys\\1.root.json\r\n"
    "2026-11-30 08:00:09 icacls \"C:\\Program Files\\ULT Desktop\" /grant "
    "*S-1-5-32-545:(OI)(CI)M: exit 0 \r\n"
    "2026-11-30 08:00:12 exit code 0\r\n")


def test_the_silent_install_must_leave_its_log():
    assert windows_lane.setup_log_problems(SETUP_LOG) == []
    assert windows_lane.setup_log_problems("") == ["no setup.log in ProgramData\\ULTDesktop"]
    cut = SETUP_LOG.split("\r\n")[0]  # a setup program that stopped after its first line
    assert windows_lane.setup_log_problems(cut) == [
        "setup.log does not name the station account's grant",
        "setup.log does not name its exit code"]


def test_the_root_given_to_the_setup_program_is_the_stations_trust(tmp_path):
    root = installed_tree(tmp_path)[0]
    office = tmp_path / "admin-keys" / "1.root.json"
    office.parent.mkdir()
    office.write_text('{"signed": {"version": 1}}')
    assert windows_lane.trust_problems(office, root) == ["no update-metadata\\root.json"]
    (root / "update-metadata").mkdir()
    (root / "update-metadata" / "root.json").write_text('{"signed": {"version": 9}}')
    assert windows_lane.trust_problems(office, root) == [
        "update-metadata\\root.json is not the office's root.json"]
    shutil.copyfile(office, root / "update-metadata" / "root.json")
    assert windows_lane.trust_problems(office, root) == []


def test_the_station_accounts_modify_right_is_what_icacls_shows():
    windows = ("C:\\Program Files\\ULT Desktop NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)\n"
               "                               BUILTIN\\Users:(OI)(CI)(M)\n"
               "Successfully processed 1 files; Failed processing 0 files\n")
    assert windows_lane.rights_verdict(windows, SETUP_LOG) == (
        "ok", "station account's rights: BUILTIN\\Users:(OI)(CI)(M)")
    # Wine's icacls is a stub: nothing shown, the setup program's own line is the witness
    assert windows_lane.rights_verdict("", SETUP_LOG)[0] == "wine"
    assert windows_lane.rights_verdict("", SETUP_LOG.replace("exit 0", "exit 5"))[0] == "FAIL"
    read_only = windows.replace("BUILTIN\\Users:(OI)(CI)(M)", "BUILTIN\\Users:(I)(RX)")
    assert windows_lane.rights_verdict(read_only, SETUP_LOG)[0] == "FAIL"
