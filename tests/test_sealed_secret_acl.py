"""The server password sealed for every account of the PC (``setup --all-users``, in
ProgramData) is left to SYSTEM, the Administrators and the station's account: DPAPI's
machine scope lets any local account unseal what it can read, so the file's ACL is the
lock. What can be tested here: the ``icacls`` command built (well-known SIDs, the same in
every Windows language), the accounts named, and that sealing the PC-wide password asks
for it (the Windows call itself replaced by a recorder)."""

from __future__ import annotations

from ult_desktop.app import db_secret, localfiles


def test_the_acl_leaves_the_file_to_system_administrators_and_the_station():
    path = r"C:\ProgramData\ULTDesktop\station.json.db-password"
    assert localfiles.acl_command(path, ["PC-TV\\kiosk", "PC-TV\\kiosk", ""]) == [
        "icacls", path, "/inheritance:r", "/grant:r",
        "*S-1-5-18:F", "*S-1-5-32-544:F", "PC-TV\\kiosk:R"]


def test_the_station_accounts_come_from_setup_and_autologon():
    assert db_secret.station_accounts({"ULT_STATION_ACCOUNT": "kiosk, loket1"},
                                      ("1", "BPMP", "tv")) == ["kiosk", "loket1", "BPMP\\tv"]
    assert db_secret.station_accounts({}, ("0", "", "tv")) == []  # no autologon: not it
    assert db_secret.station_accounts({}, ("1", "", "tv")) == ["tv"]


def test_sealing_the_pc_wide_password_restricts_its_file(tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(db_secret, "restrict_to", lambda path, readers: asked.append(
        (path, readers)) or True)
    monkeypatch.setenv("ULT_STATION_ACCOUNT", "kiosk")
    machine = tmp_path / "ProgramData" / "ULTDesktop" / "station.json"
    url = "postgresql://ult_station:rahasia@server/ult"
    kept = db_secret.store(machine, url, every_account=True)
    assert kept == "postgresql://ult_station@server/ult"
    assert asked and asked[0][0] == db_secret.secret_path(machine)
    assert "kiosk" in asked[0][1]
    asked.clear()
    db_secret.store(tmp_path / "user" / "station.json", url)  # this account's own: DPAPI
    assert asked == []
