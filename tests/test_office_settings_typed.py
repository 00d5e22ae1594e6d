"""Office settings are declared once with a type, a default, the allowed values and a
label; whatever writes them (admin page, CLI, script) is refused a wrong value."""

from __future__ import annotations

import pytest

from ult_desktop.core.i18n import tr
from ult_desktop.core.settings import SETTINGS, defaults, validate
from ult_desktop.db import errors
from ult_desktop.db.house import office

#: Runs on the file and on a PostgreSQL server (tests/pg_cluster.py).
pytestmark = pytest.mark.engines


def test_every_default_is_an_allowed_value_with_a_translated_label():
    assert validate(defaults()) == []
    for setting in SETTINGS.values():
        assert tr(setting.label, "id") != setting.label, setting.key
        assert tr(setting.label, "en") != setting.label, setting.key


@pytest.mark.parametrize("values", [
    {"timezone": "GMT"},                 # not WIB/WITA/WIT
    {"announce_volume": 150},            # out of 0..100
    {"announce_volume": "80"},           # text, not a number
    {"enforce_hours": "yes"},            # not a boolean
    {"open_days": [0, 7]},               # no eighth weekday
    {"open_time": "8 pagi"},             # not HH:MM
    {"languages": ["id", "fr"]},         # not offered
    {"extra_holidays": ["2025-13-01"]},  # not a date
    {"priority_prefix": "PR"},           # one letter
    {"retention_months": True},          # a boolean is not a number of months
    {"no_such_setting": 1},
])
def test_a_wrong_value_is_refused_and_nothing_is_written(db, values):
    before = office.get_settings(db)
    events = db.query("SELECT COUNT(*) FROM events")[0][0]
    with pytest.raises(errors.RuleViolation):
        office.set_settings(db, running_text="ditulis?", **values)
    assert office.get_settings(db) == before
    assert db.query("SELECT COUNT(*) FROM events")[0][0] == events


def test_allowed_values_are_stored(db):
    office.set_settings(db, timezone="WITA", announce_volume=0, open_days=[5, 6],
                        open_time="07:30", extra_holidays=["2026-12-24"], priority_prefix="R")
    got = office.get_settings(db)
    assert (got["timezone"], got["announce_volume"], got["open_days"], got["open_time"],
            got["extra_holidays"], got["priority_prefix"]) == \
        ("WITA", 0, [5, 6], "07:30", ["2026-12-24"], "R")
