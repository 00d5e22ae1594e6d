"""The station file is declared once (type, default, allowed values, label), carries a
version, and a file written by an older version is upgraded when read."""

from __future__ import annotations

import json

import pytest

from ult_desktop.app.station_config import (
    FILE_VERSION,
    STATION_FIELDS,
    StationConfig,
    load_station_config,
    save_station_config,
)
from ult_desktop.core.i18n import tr

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


def test_every_field_has_an_allowed_default_and_a_translated_label():
    for f in STATION_FIELDS.values():
        assert f.problem(f.default) is None, f.key
        assert tr(f.label, "id") != f.label, f.key


def test_the_file_says_its_version(tmp_path):
    path = save_station_config(StationConfig(mode="counter", db="x.db", counter=2),
                               tmp_path / "station.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == FILE_VERSION and data["counter"] == 2
    assert load_station_config(path) == StationConfig(mode="counter", db="x.db", counter=2)


def test_an_older_file_with_the_width_in_the_printer_url_is_upgraded(tmp_path):
    path = tmp_path / "station.json"
    path.write_text(json.dumps({"mode": "kiosk", "db": "x.db",
                                "printer": "usb://0416:5011?width=58&profile=TM-T20"}))
    config = load_station_config(path)
    assert config.printer == "usb://0416:5011?profile=TM-T20"
    assert config.paper_width == 58


def test_a_newer_file_is_still_read_for_the_keys_this_version_knows(tmp_path):
    path = tmp_path / "station.json"
    path.write_text(json.dumps({"version": FILE_VERSION + 5, "mode": "display",
                                "db": "x.db", "hologram": True}))
    assert load_station_config(path) == StationConfig(mode="display", db="x.db")
