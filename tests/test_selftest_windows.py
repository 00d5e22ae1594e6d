"""The self-test's Windows branches and a station key sealed before a Windows reset, against fakes that behave
like the documented API: each fake stands in for one Windows module or call only, raises what
Windows raises (``pywintypes.error`` with ``winerror``, ``FileNotFoundError`` with
winerror 2), and everything above it is the real code, on real files and a real database.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from ult_desktop.app import localfiles, station_key
from ult_desktop.app.selftest import Options, bundle, local, power
from ult_desktop.app.selftest import printer as printer_area
from ult_desktop.devices.printer import win32spool

pytestmark = pytest.mark.windows


class PyWinTypesError(Exception):
    """pywintypes.error: args (winerror, funcname, strerror), attribute winerror."""

    def __init__(self, winerror: int, func: str, text: str):
        super().__init__(winerror, func, text)
        self.winerror, self.funcname, self.strerror = winerror, func, text


NTE_BAD_KEY_STATE = -2146893813  # 0x8009000B: "Key not valid for use in specified state."


class FakeDpapi:
    """win32crypt's two calls. Blobs are bound to the account's master key; an
    administrative password reset gives the account a new one (Microsoft: DPAPI data
    protected before a reset cannot be decrypted)."""

    def __init__(self):
        self.master = b"account-1"
        self.calls = []

    def CryptProtectData(self, data, description, entropy, reserved, prompt, flags):
        self.calls.append(("protect", flags))
        return self.master + b"|" + bytes(data)

    def CryptUnprotectData(self, blob, entropy, reserved, prompt, flags):
        self.calls.append(("unprotect", flags))
        master, _, data = bytes(blob).partition(b"|")
        if master != self.master:
            raise PyWinTypesError(NTE_BAD_KEY_STATE, "CryptUnprotectData",
                                  "Key not valid for use in specified state.")
        return "ULT Desktop", data


@pytest.fixture
def windows_dpapi(monkeypatch):
    fake = FakeDpapi()
    module = types.ModuleType("win32crypt")
    module.CryptProtectData = fake.CryptProtectData
    module.CryptUnprotectData = fake.CryptUnprotectData
    monkeypatch.setitem(sys.modules, "win32crypt", module)
    monkeypatch.setattr(sys, "platform", "win32")
    return fake


def test_dpapi_round_trip_is_checked(windows_dpapi, tmp_path):
    check = local._secret(tmp_path)
    assert check.status == "pass" and check.key == "selftest.local.dpapi_ok"
    assert ("protect", 0x01) in windows_dpapi.calls  # CRYPTPROTECT_UI_FORBIDDEN
    windows_dpapi.master = b"account-2"
    localfiles.write_private(tmp_path / "x.bin", b"secret")
    windows_dpapi.master = b"account-3"
    with pytest.raises(ValueError):
        localfiles.read_private(tmp_path / "x.bin")


def test_password_reset_never_stops_tickets(windows_dpapi, tmp_path, db_path):
    """The key sealed before the reset cannot be unsealed; the station sets it aside,
    makes a new one, and issue_ticket works and is signed by the new key."""
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket

    folder = tmp_path / "keys"
    old, _ = station_key.create_key(folder)
    windows_dpapi.master = b"account-after-reset"
    assert local._station_key()[0].status in ("fail", "pass")  # (key dir from env: other)
    key = station_key.this_pc_key(folder)
    assert key is not None and key.key_id != old.key_id
    db = open_database(db_path, station="kiosk@pc", mode="kiosk", signer=key)
    try:
        ticket = issue_ticket(db, service="A")
        row = db.query("SELECT station_key, sig FROM events ORDER BY id DESC LIMIT 1")[0]
    finally:
        db.close()
    assert ticket.number and row["station_key"] == key.key_id and row["sig"]
    note = station_key.replaced_note(folder)
    assert note["old_key_id"] == old.key_id
    assert list(folder.glob("station-key.bin.unreadable-*"))  # kept, never deleted


class FakeWinreg:
    HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER = 0x80000002, 0x80000001

    def __init__(self, values):
        self.values = values  # {(root, key): {name: value}}

    class _Key:
        def __init__(self, values):
            self.values = values

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def _missing(self):
        exc = FileNotFoundError(2, "The system cannot find the file specified")
        exc.winerror = 2
        return exc

    def OpenKey(self, root, key):
        if (root, key) not in self.values:
            raise self._missing()
        return self._Key(self.values[(root, key)])

    def QueryValueEx(self, key, name):
        if name not in key.values:
            raise self._missing()
        return key.values[name], 4  # REG_DWORD


def test_lockdown_policies_are_read_where_set():
    hklm, hkcu = FakeWinreg.HKEY_LOCAL_MACHINE, FakeWinreg.HKEY_CURRENT_USER
    reg = FakeWinreg({(hklm, r"SOFTWARE\Policies\Microsoft\Windows\EdgeUI"):
                      {"AllowEdgeSwipe": 0},
                      (hkcu, r"Software\Policies\Microsoft\Windows\Explorer"): {}})
    found = {c.id: c for c in power.policy_checks(Options(mode="kiosk"), reg)}
    assert found["power.policy.edge_swipe"].status == "pass"
    assert found["power.policy.notification_center"].status == "fail"
    assert "DisableNotificationCenter = 1" in found["power.policy.notification_center"]\
        .sentence("en")
    assert found["power.policy.update_restart"].status == "fail"
    assert [c.status for c in power.policy_checks(Options(mode="counter"), reg)] == ["skip"]


def test_keep_awake_return_value_is_reported():
    calls = []
    ok = power.keep_awake_check(lambda flags: calls.append(flags) or 0x80000000)
    refused = power.keep_awake_check(lambda flags: 0)
    assert ok.status == "pass" and refused.status == "fail"
    assert calls == [0x80000003, 0x80000000]  # asked, then reset


def test_bundle_inside_current_fails_and_its_own_folder_passes(tmp_path):
    assert bundle.meipass_in_current(r"C:\Program Files\ULT Desktop\current\_internal",
                                     windows=True)
    assert not bundle.meipass_in_current(r"C:\Program Files\ULT Desktop\0.2.0\_internal",
                                         windows=True)
    exe = tmp_path / "0.2.0" / "ult-desktop.exe"
    (tmp_path / "0.2.0" / "_internal").mkdir(parents=True)
    (tmp_path / "0.2.0" / "_internal" / bundle.BUILD_INFO).write_text(
        '{"pyinstaller": "6.22.2", "qt": "6.11.3"}')
    good = {c.id: c for c in bundle.checks(Options(), is_frozen=True, executable=str(exe),
                                           meipass=str(tmp_path / "0.2.0" / "_internal"),
                                           signature=lambda path: "Valid")}
    assert good["bundle.meipass"].status == "pass" and good["bundle.signature"].status == "pass"
    assert good["bundle.version"].params["qt"] not in ("", "-")  # (a bundle: build-info)
    # no marker is no proof: what Windows says of the file decides
    for verdict, status in (("NotSigned", "fail"), ("HashMismatch", "fail"), (None, "skip")):
        sign = bundle.checks(Options(), is_frozen=True, executable=str(exe),
                             meipass=str(tmp_path / "0.2.0" / "_internal"),
                             signature=lambda path, v=verdict: v)[-1]
        assert (sign.id, sign.status) == ("bundle.signature", status), verdict
    (tmp_path / "0.2.0" / "UNSIGNED.txt").write_text("")
    (tmp_path / "0.2.0" / "_internal" / bundle.BUILD_INFO).write_text(
        '{"pyinstaller": "6.21.0"}')
    bad = {c.id: c for c in bundle.checks(Options(), is_frozen=True, executable=str(exe),
                                          meipass=str(tmp_path / "0.2.0" / "_internal"))}
    assert bad["bundle.meipass"].key == "selftest.bundle.old_pyinstaller"
    assert bad["bundle.signature"].status == "fail"
    inside = bundle.checks(Options(), is_frozen=True, executable=str(exe),
                           meipass=str(tmp_path / "current" / "_internal"))
    assert inside[1].key == "selftest.bundle.in_current"


def test_printer_area_on_windows_reads_the_queue_and_records_each_job_status(monkeypatch):
    from test_windows_spooler import FakeWin32Print

    fake = FakeWin32Print(statuses=[win32spool.JOB_STATUS_SPOOLING,
                                    win32spool.JOB_STATUS_PRINTING, "gone"],
                          driver_attributes=win32spool.PRINTER_DRIVER_XPS)
    module = types.ModuleType("win32print")
    for name in dir(fake):
        if name[0].isupper():
            setattr(module, name, getattr(fake, name))
    monkeypatch.setitem(sys.modules, "win32print", module)
    monkeypatch.setattr(sys, "platform", "win32")
    found = {c.id: c for c in printer_area.checks(
        Options(printer="win32://pos-80 thermal?timeout=5", do_print=True))}
    assert found["printer.installed"].data["printers"] == ["POS-80 Thermal"]
    assert found["printer.queue"].data["driver_version"] == 4
    assert found["printer.print"].status == "pass", found["printer.print"].data
    assert found["printer.print"].key == "selftest.printer.print_spooled"
    assert [s["status"] for s in found["printer.print"].data["statuses"]] == [
        win32spool.JOB_STATUS_SPOOLING, win32spool.JOB_STATUS_PRINTING]
    assert fake.datatypes == ["XPS_PASS"]
    assert "only proves the bytes reached" in found["printer.print"].sentence("en")


def test_share_folder_check_passes_windows_reason_on(monkeypatch, tmp_path):
    from test_windows_share_errors import refuse_stat, win_error

    from ult_desktop.app.selftest import share

    refuse_stat(monkeypatch, tmp_path, win_error(67, "The network name cannot be found",
                                                 str(tmp_path)))
    check = share._folder(Path(tmp_path) / "ult.db")
    assert check.status == "fail" and check.data["winerror"] == 67
    assert "no shared folder" in check.sentence("en")


#: ``powercfg /query SCHEME_CURRENT SUB_SLEEP STANDBYIDLE`` on an Indonesian Windows,
#: in the shape Windows prints it (names translated, GUIDs and hex values as everywhere):
#: sleep after 30 minutes on AC, 15 on battery. The words are never read.
POWERCFG_ID = """GUID Skema Daya: 381b4222-f694-41f0-9685-ff5bb260df2e  (Seimbang)
  GUID Subgrup: 238c9fa8-0aad-41ed-83f4-97be242c8f20  (Tidur)
    Alias GUID: SUB_SLEEP
    GUID Pengaturan Daya: 29f6c1db-86da-48c5-9fdb-f2b67b1f44da  (Tidur setelah)
      Alias GUID: STANDBYIDLE
      Pengaturan Minimum yang Memungkinkan: 0x00000000
      Pengaturan Maksimum yang Memungkinkan: 0xffffffff
      Kenaikan Pengaturan yang Memungkinkan: 0x00000001
      Satuan Pengaturan yang Memungkinkan: Detik
    Indeks Pengaturan Daya AC Saat Ini: 0x00000708
    Indeks Pengaturan Daya DC Saat Ini: 0x00000384
"""
NEVER_SLEEPS = POWERCFG_ID.replace("0x00000708", "0x00000000")

#: What the facts script prints on a kiosk PC left as it came (a restart waiting, active
#: hours 8-17, sleep after 30 min, a NIC Windows may switch off, no autologon) and on a
#: Windows 11 PC sharing the folder on a Public network, the firewall rule off.
UNREADY = {"pending_reboot": True, "active_hours": [8, 17], "sleep_query": POWERCFG_ID,
           "modern_standby": True, "nic_may_sleep": ["Ethernet"], "autologon": False,
           "profiles": [{"alias": "Ethernet", "category": "Public"}], "file_sharing": False,
           "smb_sessions": 16, "client_edition": True}
READY = {"pending_reboot": False, "active_hours": [6, 20], "sleep_query": NEVER_SLEEPS,
         "modern_standby": False, "nic_may_sleep": [], "autologon": True,
         "profiles": [{"alias": "Ethernet", "category": "Private"}], "file_sharing": True,
         "smb_sessions": 6, "client_edition": True}


def test_the_self_test_predicts_what_windows_does_tomorrow():
    """A waiting update restart, active hours that leave the
    morning open, sleep, a network adapter Windows may switch off, no autologon on an
    unattended station; with --host a Public profile, file sharing off, Modern Standby
    and a client Windows near its SMB session limit: each a FAIL saying what to set."""
    from ult_desktop.app.selftest import host

    kiosk = Options(mode="kiosk", host=True)
    bad = {c.id: c for c in host.checks(kiosk, UNREADY, asked=True)}
    assert {i for i, c in bad.items() if c.status == "fail"} == {
        "power.pending_restart", "power.active_hours", "power.sleep", "power.nic",
        "power.autologon", "host.network_profile", "host.file_sharing", "host.standby",
        "host.smb_sessions"}
    assert "30 menit" in bad["power.sleep"].sentence()
    assert "Ethernet" in bad["host.network_profile"].sentence("en")
    assert "NAS" in bad["host.smb_sessions"].sentence("en")
    good = host.checks(kiosk, READY, asked=True)
    assert [c.status for c in good] == ["pass"] * len(good) and len(good) == 9
    counter = {c.id: c for c in host.checks(Options(mode="counter"), READY, asked=True)}
    assert "power.autologon" not in counter and not any(i.startswith("host.") for i in counter)
    # active hours past midnight still cover the day; 10-18 leaves the morning open
    assert host._covers(22, 20, 7, 17) and not host._covers(10, 18, 7, 17)
    skipped_here = host.checks(kiosk, None, asked=True)
    assert [(c.id, c.status) for c in skipped_here] == [("power.windows", "skip"),
                                                         ("host.windows", "skip")]


def test_sleep_is_read_by_setting_guid_in_any_language():
    from ult_desktop.app.selftest import host

    assert host.powercfg_values(POWERCFG_ID, host.STANDBYIDLE) == (1800, 900)
    english = POWERCFG_ID.replace("Indeks Pengaturan Daya AC Saat Ini",
                                  "Current AC Power Setting Index")
    assert host.powercfg_values(english, host.STANDBYIDLE) == (1800, 900)
    assert host.powercfg_values("", host.STANDBYIDLE) is None
    kiosk = {c.id: c for c in host.checks(Options(mode="kiosk"), UNREADY, asked=True)}
    assert kiosk["power.sleep"].status == "fail" and "30 menit" in kiosk["power.sleep"].sentence()


def test_the_lan_rule_is_checked_on_the_tv_for_the_active_profile():
    """The TV listens on UDP 47833; counters only send (no rule needed there). The rule
    must cover the profile of the network the PC is on, Public too."""
    from ult_desktop.app.selftest import host

    public = {**READY, "profiles": [{"alias": "Wi-Fi", "category": "Public"}]}
    counter = {c.id for c in host.checks(Options(mode="counter"), public, asked=True)}
    assert "lan.firewall" not in counter  # a counter only sends

    def tv(facts):
        return {c.id: c for c in host.checks(Options(mode="display"), facts,
                                             asked=True)}["lan.firewall"]

    missing = tv(public)
    assert missing.status == "fail" and "47833" in missing.sentence()
    assert "Wi-Fi (Public)" in missing.sentence("en")
    private_only = tv({**public, "lan_rule_profiles": ["Domain, Private"]})
    assert private_only.status == "fail" and "Wi-Fi (Public)" in private_only.sentence("en")
    assert tv({**public, "lan_rule_profiles": ["Any"]}).status == "pass"
    domain = {**READY, "profiles": [{"alias": "LAN", "category": "DomainAuthenticated"}],
              "lan_rule_profiles": ["Domain, Private"]}
    assert tv(domain).status == "pass" and "LAN (Domain)" in tv(domain).sentence("en")
    blocked = tv({**domain, "lan_blocked_by": ["Blokir UDP kantor"]})  # a block rule wins
    assert blocked.status == "fail" and "Blokir UDP kantor" in blocked.sentence()
    assert "47833" in blocked.sentence("en")


def test_active_hours_are_checked_against_the_offices_own_hours(db_path):
    from ult_desktop.app.selftest import host
    from ult_desktop.db.house.office import set_settings
    from ult_desktop.db.open import open_database

    db = open_database(db_path, station="admin", mode="test")
    set_settings(db, open_time="06:30", close_time="18:15")
    db.close()
    options = Options(mode="kiosk", db=str(db_path))
    assert host.office_hours(options) == (6, 19)
    found = {c.id: c for c in host.checks(options, {**READY, "active_hours": [7, 18]},
                                          asked=True)}
    check = found["power.active_hours"]
    assert check.status == "fail" and "6.00-19.00" in check.sentence()


def test_a_database_on_a_mapped_drive_letter_is_a_warning_naming_the_unc_path():
    from ult_desktop.app.selftest import WARN, share
    from ult_desktop.core.localpaths import on_mapped_drive

    drives = {"Z:": "\\\\server\\ult", "y:": "\\\\nas\\antrean\\"}
    assert on_mapped_drive("Z:\\ult.db", drives) == ("Z:", "\\\\server\\ult\\ult.db")
    assert on_mapped_drive("y:/data/ult.db", drives) == ("Y:", "\\\\nas\\antrean\\data\\ult.db")
    assert on_mapped_drive("C:\\ULT\\ult.db", drives) is None  # a local disk
    assert on_mapped_drive("\\\\server\\ult\\ult.db", drives) is None
    assert on_mapped_drive("postgresql://ult@server/ult", drives) is None
    assert on_mapped_drive("/srv/ult/ult.db", drives) is None
    check = share.mapped_drive_check("Z:\\ult.db", drives)
    assert check.status == WARN and "\\\\server\\ult\\ult.db" in check.sentence()
    assert check.line().startswith("AWAS") and "UNC" in check.sentence("en")
    assert share.mapped_drive_check("\\\\server\\ult\\ult.db", drives) is None


def test_a_pc_without_windows_printers_fails_only_when_it_prints_through_one():
    """A counter (no printer) or a kiosk on tcp:// needs no Windows print queue: no
    printer installed is not a failure there; a kiosk on win32:// is told to install it."""
    from ult_desktop.app.selftest import FAIL, SKIP, Options
    from ult_desktop.app.selftest.printer import checks

    class NoPrinters:  # the spooler as win32print answers on a PC without printers
        PRINTER_ENUM_LOCAL, PRINTER_ENUM_CONNECTIONS = 2, 4

        @staticmethod
        def EnumPrinters(flags, name=None, level=1):
            return []

    counter = checks(Options(mode="counter", printer=None), wp=NoPrinters)
    kiosk_lan = checks(Options(mode="kiosk", printer="tcp://127.0.0.1:1"), wp=NoPrinters)
    kiosk_spooled = checks(Options(mode="kiosk", printer="win32://POS-80"), wp=NoPrinters)
    assert counter[0].status == SKIP and kiosk_lan[0].status == SKIP
    assert kiosk_spooled[0].status == FAIL
