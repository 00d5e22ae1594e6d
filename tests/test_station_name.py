"""A station's name is checked where it is set: it names its pulse file on the share
(``ult.db.pulse/<station>.json``) and its journal, so Windows' file-name rules apply."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from ult_desktop.app.station_config import StationConfig, load_station_config, save_station_config
from ult_desktop.core.i18n import set_language, tr
from ult_desktop.core.localpaths import FILE_NAME_REFUSED, station_name_problem

SENTENCE_START = 'Nama stasiun "'
AVOID = '\\ / : * ? " < > |'  # the sentence names every character to avoid


@pytest.fixture(autouse=True)
def _indonesian():
    set_language("id")
    yield
    set_language("id")


@pytest.mark.parametrize("char", list(FILE_NAME_REFUSED) + ["\x00", "\t", "\n", "\x1f", "\x7f"])
def test_each_character_windows_refuses_in_a_file_name_is_refused(char):
    problem = station_name_problem(f"Loket{char}1")
    assert problem is not None and problem.key == "station.name_bad"


def test_the_refused_characters_are_windows_own():
    assert set(FILE_NAME_REFUSED) == set('\\/:*?"<>|')


@pytest.mark.parametrize("name", [
    "CON", "con", "Prn", "AUX", "NUL", "nul.txt", "CON .x", "COM1", "com9", "COM0", "LPT1",
    "lpt9", "COM¹", "LPT³", "CONIN$", "conout$"])
def test_windows_device_names_are_refused_with_or_without_an_extension(name):
    assert station_name_problem(name) is not None


@pytest.mark.parametrize("name", ["loket 1.", "loket 1 ", "anjungan...", "x" * 65])
def test_a_dot_or_space_at_the_end_and_a_long_name_are_refused(name):
    assert station_name_problem(name) is not None


@pytest.mark.parametrize("name", [
    "", "kiosk@ANJUNGAN-01", "Loket Pelayanan 2", "Anjungan Ruang Tunggu Kécamatan",
    "Loket Kependudukan & Catatan Sipil (Lt. 2)", "CONSOLE", "COM10", "LPT", "nulis",
    "x" * 64])
def test_ordinary_names_with_spaces_and_indonesian_letters_are_accepted(name):
    assert station_name_problem(name) is None


def test_the_sentence_says_which_characters_to_avoid_in_both_languages():
    problem = station_name_problem("Loket:1")
    indonesian = tr(problem.key, **problem.params)
    assert indonesian.startswith(SENTENCE_START + 'Loket:1"') and AVOID in indonesian
    assert "CON" in indonesian and "64" in indonesian
    set_language("en")
    assert AVOID in tr(problem.key, **problem.params)


def test_the_station_file_refuses_a_bad_name_and_writes_nothing(tmp_path):
    target = tmp_path / "station.json"
    with pytest.raises(ValueError) as refused:
        save_station_config(StationConfig(db=str(tmp_path / "ult.db"), station="TV/Lobi"),
                            target)
    assert str(refused.value).startswith(SENTENCE_START) and AVOID in str(refused.value)
    assert not target.exists()
    save_station_config(StationConfig(db=str(tmp_path / "ult.db"), station="TV Lobi"), target)
    assert load_station_config(target).station == "TV Lobi"


def test_a_hand_edited_bad_name_is_not_used(tmp_path):
    """The station then runs as mode@computer, whose pulse file Windows can make."""
    target = tmp_path / "station.json"
    target.write_text(json.dumps({"version": 3, "db": str(tmp_path / "ult.db"),
                                  "station": 'Loket "1"'}), encoding="utf-8")
    assert load_station_config(target).station == ""


def test_the_command_line_and_ult_station_refuse_a_bad_name(tmp_path):
    db = str(tmp_path / "ult.db")
    assert run_cli("init", "--db", db, "--demo").returncode == 0
    refused = run_cli("status", "--db", db, "--station", "Loket?1")
    assert refused.returncode == 2
    assert SENTENCE_START + 'Loket?1"' in refused.stderr and AVOID in refused.stderr
    refused = run_cli("status", "--db", db, env={"ULT_STATION": "AUX"})
    assert refused.returncode == 2 and SENTENCE_START + 'AUX"' in refused.stderr
    assert run_cli("status", "--db", db, "--station", "Loket Satu").returncode == 0


def test_start_refuses_a_bad_ult_station(tmp_path):
    db = str(tmp_path / "ult.db")
    assert run_cli("init", "--db", db, "--demo").returncode == 0
    config = tmp_path / "station.json"
    config.write_text(json.dumps({"version": 3, "mode": "display", "db": db}),
                      encoding="utf-8")
    refused = run_cli("start", env={"ULT_STATION_CONFIG": str(config),
                                    "ULT_STATION": "TV<1>"})
    assert refused.returncode == 2 and SENTENCE_START + 'TV<1>"' in refused.stderr
