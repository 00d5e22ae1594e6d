"""One stolen key ships no code: a release needs the admin PC's key and a second one (the
root stick or a second person's); what the admin PC's day-to-day keys sign alone is
refused by every station before anything of it runs, with an Indonesian sentence."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone

import pytest

from tests import test_updates
from tests.test_updates import PASSPHRASE, insider_publish, make_bundle
from ult_desktop.app.updates import client, install, publish
from ult_desktop.core.i18n import tr
from ult_desktop.db.schemas.schema import SCHEMA_VERSION

office = test_updates.office  # the ceremony done, a station installed at 0.1.0
pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="the stand-in programs are shell scripts")


def telltale(folder, version: str, ran):
    """A bundle whose program, if anything ever runs it (its start-up check), says so."""
    bundle = make_bundle(folder, version)
    (bundle / "ult-desktop").write_text(f"#!/bin/sh\necho {version} \"$@\" >> {ran}\n")
    return bundle


def test_a_release_signed_by_the_admin_pcs_keys_alone_is_refused_and_never_runs(
        office, monkeypatch, capsys):
    from ult_desktop.app.updates import station
    from ult_desktop.cli import main

    ran = office.tmp / "ran.txt"
    office.release("0.2.0")  # the office's own, with the root stick's signature
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    insider_publish(telltale(office.tmp / "evil", "6.6.6", ran), office.share, office.admin)

    monkeypatch.setenv("ULT_INSTALL_ROOT", str(office.root))
    monkeypatch.setenv("ULT_UPDATE_DIR", str(office.share))
    result = station.check_now(None)  # a running station's look: stage, then its check
    assert (result.outcome, result.reason) == (client.REFUSED, "one_key")
    assert not (office.root / "6.6.6").exists() and not ran.exists()
    assert install.read_state(office.root)["pending"] == "0.2.0"  # the office's stays

    capsys.readouterr()
    code = main(["update", "look", "--install-root", str(office.root)])
    said = capsys.readouterr().out
    assert code == 10 and not ran.exists()
    assert tr("update.refused.one_key", version="-") in said
    assert "tanda tangan kedua" in said and "Traceback" not in said


def test_the_second_person_signs_what_the_admin_pc_prepared(tmp_path, monkeypatch, capsys):
    """The two-step way, by the commands: a second person's key registered with the root
    stick; a publish without it waits on the admin PC (no station sees it); the second
    person's ``release sign`` lets it out; a rotation of the admin's keys keeps that
    person's key; a key the office never registered signs nothing."""
    from ult_desktop.cli import main

    monkeypatch.setenv("ULT_ROOT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ULT_COSIGN_PASSPHRASE", "frasa sandi orang kedua")
    stick, admin, share = tmp_path / "stick" / "root.key", tmp_path / "admin", tmp_path / "up"
    person = tmp_path / "budi" / "rilis.key"
    assert main(["release", "keys", "init", "--root-key", str(stick), "--keys", str(admin)]) == 0
    root = tmp_path / "install"
    make_bundle(root / "0.1.0", "0.1.0")
    install.switch_current(root, "0.1.0")
    client.trust(root, admin / "1.root.json")
    first = make_bundle(tmp_path / "b1", "0.1.1")
    assert main(["release", "publish", "--from", str(first), "--share", str(share),
                 "--keys", str(admin), "--cosign", str(stick)]) == 0
    assert main(["release", "keys", "add-signer", "--root-key", str(stick), "--out",
                 str(person), "--name", "Budi", "--share", str(share),
                 "--keys", str(admin)]) == 0
    assert b"ENCRYPTED PRIVATE KEY" in person.read_bytes()

    capsys.readouterr()
    assert main(["release", "publish", "--from", str(make_bundle(tmp_path / "b2", "0.2.0")),
                 "--share", str(share), "--keys", str(admin), "--json"]) == 4
    assert json.loads(capsys.readouterr().out)["waiting"] is True
    assert client.check(root, share, "0.1.0").version == "0.1.1"  # 0.2.0 not out yet
    assert main(["release", "sign", "--share", str(share), "--keys", str(admin),
                 "--key", str(person)]) == 0
    assert client.check(root, share, "0.1.0").version == "0.2.0"

    monkeypatch.setenv("ULT_COSIGN_PASSPHRASE", PASSPHRASE)  # a stranger's stick
    assert main(["release", "keys", "init", "--root-key", str(tmp_path / "x" / "root.key"),
                 "--keys", str(tmp_path / "x-admin")]) == 0
    assert main(["release", "publish", "--from", str(make_bundle(tmp_path / "b3", "0.3.0")),
                 "--share", str(share), "--keys", str(admin)]) == 4
    capsys.readouterr()
    assert main(["release", "sign", "--share", str(share), "--keys", str(admin),
                 "--key", str(tmp_path / "x" / "root.key")]) == 2
    assert "bukan kunci rilis kantor" in capsys.readouterr().err
    assert client.check(root, share, "0.1.0").version == "0.2.0"

    assert main(["release", "keys", "rotate", "--root-key", str(stick), "--share", str(share),
                 "--keys", str(admin)]) == 0
    monkeypatch.setenv("ULT_COSIGN_PASSPHRASE", "frasa sandi orang kedua")
    with pytest.raises(publish.PublishRefused):  # the folder moved on: prepared again
        publish.sign_pending(share, admin, None)
    assert main(["release", "publish", "--from", str(make_bundle(tmp_path / "b4", "0.3.0")),
                 "--share", str(share), "--keys", str(admin), "--cosign", str(person)]) == 0
    result = client.check(root, share, "0.1.0")
    assert (result.outcome, result.version) == (client.STAGED, "0.3.0")


def beat(db, station: str, version: str, update: dict, *, minutes_ago: float = 0.0,
         mode: str = "kiosk") -> None:
    """A heartbeat row as that station's running program wrote it: its version and its
    update state (``station.summary``)."""
    clock = (datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)).isoformat()
    detail = json.dumps({"host": station, "schema": SCHEMA_VERSION, "update": update})
    db.write(lambda conn: conn.execute(
        "INSERT INTO stations (id, mode, version, clock, detail) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET version = excluded.version, clock = excluded.clock, "
        "detail = excluded.detail", (station, mode, version, clock, detail)))


def status(db_path, office, capsys, *more) -> dict:
    from ult_desktop.cli import main

    capsys.readouterr()
    assert main(["update", "status", "--db", str(db_path), "--share", str(office.share),
                 "--keys", str(office.admin), *more]) == 0
    said = capsys.readouterr().out
    return json.loads(said) if "--json" in more else said


def test_a_frozen_folder_is_flagged_and_the_admin_pc_refuses_to_sign_it_again(
        office, db, db_path, capsys):
    """A share writer puts back the timestamp the station trusts: it answers "up to
    date", but its heartbeat says the metadata it trusts, the admin's view flags it
    behind the release published and the folder put back, and the admin PC refuses to
    refresh (re-sign) that state, in one sentence."""
    from ult_desktop.app.updates import station
    from ult_desktop.cli import main

    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    assert install.at_start(office.root, check=lambda r, v: "").version == "0.2.0"
    before_the_fix = (office.share / "metadata" / "timestamp.json").read_bytes()
    office.release("0.2.1")  # the fix
    (office.share / "metadata" / "timestamp.json").write_bytes(before_the_fix)
    assert client.check(office.root, office.share, "0.2.0").outcome == client.UP_TO_DATE
    beat(db, "kiosk@pc1", "0.2.0", station.summary(office.root))

    said = status(db_path, office, capsys, "--json")
    assert said["published"] == "0.2.1" and "timestamp" in said["put_back"]
    mine = {s["station"]: s for s in said["stations"]}["kiosk@pc1"]
    assert (mine["running"], mine["state"]) == ("0.2.0", "behind")
    text = status(db_path, office, capsys)
    assert tr("update.status.put_back", older=said["put_back"]) in text

    assert main(["release", "refresh", "--share", str(office.share),
                 "--keys", str(office.admin)]) == 2
    err = capsys.readouterr().err
    assert "lebih lama dari catatan PC admin ini" in err and "Traceback" not in err
    assert publish.published(office.share).version == "0.2.0"  # nothing re-signed


def test_the_fleet_as_it_is_current_behind_offline_refusing_banned_not_a_selftest(
        office, db, db_path, capsys, qtbot, monkeypatch):
    from ult_desktop.app.updates import station
    from ult_desktop.db.house import fleet, stations
    from ult_desktop.db.open import open_database
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.station import Station

    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    office.release("0.3.0")  # then its package is changed on the share
    archive = next((office.share / "targets").glob("*.ult-desktop-0.3.0.zip"))
    archive.write_bytes(archive.read_bytes()[:-40] + b"\0" * 40)
    assert client.check(office.root, office.share, "0.1.0").reason == "tampered"
    staged_then_refused = station.summary(office.root)
    assert staged_then_refused["state"] == "staged"  # 0.2.0 staged before, and yet:
    from ult_desktop.app.selftest.bundle import update_line

    assert update_line(office.root).status == "fail"  # the morning check says it too

    beat(db, "kiosk@pc1", "0.3.0", {"state": "running", "version": "0.3.0"})
    beat(db, "kiosk@pc2", "0.2.0", {"state": "staged", "version": "0.3.0"})
    beat(db, "counter@pc3", "0.3.0", {"state": "running", "version": "0.3.0"},
         minutes_ago=90, mode="counter")  # switched off after lunch
    beat(db, "tv@pc4", "0.1.0", staged_then_refused, mode="display")
    beat(db, "kiosk@pc5", "0.2.0", {"state": "went_back", "version": "0.3.0",
                                     "failed": ["0.3.0"]})
    tool = open_database(db_path, station="selftest@pc9", mode="selftest")
    try:  # what ``selftest --db`` writes
        stations.heartbeat(tool)
    finally:
        tool.close()

    said = status(db_path, office, capsys, "--json")
    states = {s["station"]: (s["state"], s["about"]) for s in said["stations"]}
    assert states["kiosk@pc1"] == ("current", "")
    assert states["kiosk@pc2"] == ("behind", "0.3.0")
    assert states["counter@pc3"][0] == "offline"
    assert states["tv@pc4"] == ("refusing", "tampered")
    assert states["kiosk@pc5"] == ("banned", "0.3.0")
    assert "selftest@pc9" not in states
    assert "selftest@pc9" not in [s.station for s in db.read(
        lambda conn: fleet.migration_waits_for(conn, SCHEMA_VERSION + 1))]

    monkeypatch.setenv("ULT_UPDATE_DIR", str(office.share))
    admin = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    page = StationsPage(admin, poll_ms=60_000)
    qtbot.addWidget(page)
    try:
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.refresh()
        column = {page.table.item(r, 0).text(): page.table.item(r, 2).text()
                  for r in range(page.table.rowCount())}
        assert column["kiosk@pc1"] == "0.3.0 · " + tr("update.status.current")
        assert column["kiosk@pc2"] == "0.2.0 · " + tr("update.status.behind", about="0.3.0")
        assert column["counter@pc3"].startswith("0.3.0 · " + tr(
            "update.status.offline", about="")[:10])
        assert tr("update.refused.tampered", version="-") in column["tv@pc4"]
        assert column["kiosk@pc5"] == "0.2.0 · " + tr("update.status.banned", about="0.3.0")
        assert "selftest@pc9" not in column
        assert page.fleet.again.isVisibleTo(page)
        page.fleet.again.click()  # Admin lets the stations check 0.3.0 again
        qtbot.waitUntil(lambda: client.asked_again(office.share).get("0.3.0") is not None)
    finally:
        admin.close()
    install.note(office.root, failed={"0.3.0": "no screen"})  # banned on this PC
    assert client.lift_asked(office.root, office.share) == ["0.3.0"]
    assert client.lift_asked(office.root, office.share) == []  # taken once
