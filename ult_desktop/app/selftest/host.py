"""Self-test, what Windows will do tomorrow (issue #34 N7 and item 1): a restart waiting
for an update, active hours, sleep, Modern Standby, network adapters Windows may switch
off, sign-in without a password for unattended stations; and, with ``selftest --host``
on the PC that holds the shared folder, its network profile, the file-sharing firewall
rule and the SMB sessions a client Windows allows.

Windows is asked once, by one PowerShell script (:data:`FACTS_SCRIPT`), which answers
in JSON; each check reads those facts. Tests pass the facts Windows gives; the script
itself is untested here (no Windows). Elsewhere every check is SKIP.
"""

from __future__ import annotations

import json
import subprocess
import sys

from ult_desktop.app.keep_awake import UNATTENDED_MODES
from ult_desktop.app.selftest import Check, Options, failed, passed, skipped
from ult_desktop.devices.lan import LAN_PORT

#: The office's opening hours that Windows' active hours must cover (no restart then).
OFFICE_HOURS = (7, 17)
#: A client Windows (10/11) serves at most 20 SMB sessions; past this many stations the
#: share belongs on a NAS or a Windows Server.
CLIENT_SMB_LIMIT, STATIONS_ADVICE = 20, 15

#: One PowerShell run: every fact as JSON. Names are language-independent (the
#: file-sharing firewall group by its resource id, not its translated display name).
FACTS_SCRIPT = r"""
$ErrorActionPreference = 'SilentlyContinue'
$f = @{}
$f.pending_reboot = (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') -or (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending')
$ux = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings'
$f.active_hours = @($ux.ActiveHoursStart, $ux.ActiveHoursEnd)
$sleep = powercfg /query SCHEME_CURRENT SUB_SLEEP STANDBYIDLE | Select-String 'AC Power Setting Index: (0x[0-9a-f]+)'
$f.sleep_ac_s = if ($sleep) { [Convert]::ToInt32($sleep.Matches[0].Groups[1].Value, 16) } else { $null }
$f.modern_standby = [bool](powercfg /a | Select-String 'S0 Low Power Idle' | Select-Object -First 1)
$f.nic_may_sleep = @(Get-NetAdapterPowerManagement | Where-Object { $_.AllowComputerToTurnOffDevice -eq 'Enabled' } | ForEach-Object { $_.Name })
$wl = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
$f.autologon = ($wl.AutoAdminLogon -eq '1')
$f.profiles = @(Get-NetConnectionProfile | ForEach-Object { @{ alias = $_.InterfaceAlias; category = "$($_.NetworkCategory)" } })
$f.file_sharing = [bool](Get-NetFirewallRule -Group '@FirewallAPI.dll,-28502' | Where-Object { $_.Enabled -eq 'True' -and $_.Direction -eq 'Inbound' -and "$($_.Profile)" -match 'Private|Domain|Any' } | Select-Object -First 1)
$f.smb_sessions = @(Get-SmbSession).Count
$f.lan_rule = [bool](Get-NetFirewallRule -DisplayName 'ULT Desktop LAN' | Where-Object { $_.Enabled -eq 'True' -and $_.Direction -eq 'Inbound' } | Select-Object -First 1)
$f.client_edition = ((Get-CimInstance Win32_OperatingSystem).ProductType -eq 1)
$f | ConvertTo-Json -Depth 4 -Compress
"""


def windows_facts() -> dict | None:
    """What Windows says (:data:`FACTS_SCRIPT`), or None elsewhere or when PowerShell
    cannot be asked."""
    if sys.platform != "win32":
        return None
    try:  # pragma: no cover - Windows only
        done = subprocess.run(["powershell", "-NoProfile", "-NonInteractive", "-Command",
                               FACTS_SCRIPT], capture_output=True, text=True, timeout=60,
                              creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        return json.loads(done.stdout) if done.returncode == 0 and done.stdout else None
    except (OSError, subprocess.SubprocessError, ValueError):  # pragma: no cover
        return None


def tomorrow_checks(options: Options, facts: dict | None) -> list[Check]:
    """Every station: will Windows restart, sleep or drop the network during service?"""
    if facts is None:
        return [skipped("power.windows", "selftest.host.windows_only")]
    out = []
    if facts.get("pending_reboot"):
        out.append(failed("power.pending_restart", "selftest.host.pending_restart", facts))
    else:
        out.append(passed("power.pending_restart", "selftest.host.no_pending_restart", facts))
    start, end = (list(facts.get("active_hours") or []) + [None, None])[:2]
    if start is None or end is None:
        out.append(skipped("power.active_hours", "selftest.host.active_hours_unknown", facts))
    elif _covers(int(start), int(end), *OFFICE_HOURS):
        out.append(passed("power.active_hours", "selftest.host.active_hours_ok", facts,
                          start=start, end=end))
    else:
        out.append(failed("power.active_hours", "selftest.host.active_hours_short", facts,
                          start=start, end=end, open=OFFICE_HOURS[0], close=OFFICE_HOURS[1]))
    if options.mode in ("counter", "display"):  # they hear each other on the LAN (#33)
        if facts.get("lan_rule"):
            out.append(passed("lan.firewall", "selftest.host.lan_rule_on", facts, port=LAN_PORT))
        else:
            out.append(failed("lan.firewall", "selftest.host.lan_rule_off", facts,
                              port=LAN_PORT))
    unattended = options.mode in UNATTENDED_MODES
    sleep = facts.get("sleep_ac_s")
    if sleep:  # 0: never
        out.append(failed("power.sleep", "selftest.host.sleeps", facts, minutes=sleep // 60))
    elif sleep == 0:
        out.append(passed("power.sleep", "selftest.host.never_sleeps", facts))
    nics = list(facts.get("nic_may_sleep") or [])
    if nics:
        out.append(failed("power.nic", "selftest.host.nic_may_sleep", facts,
                          names=", ".join(nics)))
    else:
        out.append(passed("power.nic", "selftest.host.nic_stays", facts))
    if unattended:
        if facts.get("autologon"):
            out.append(passed("power.autologon", "selftest.host.autologon_on", facts))
        else:
            out.append(failed("power.autologon", "selftest.host.autologon_off", facts,
                              mode=options.mode))
    return out


def _covers(start: int, end: int, open_h: int, close_h: int) -> bool:
    """Do active hours *start*-*end* (may wrap past midnight) cover the office's?"""
    hours = {h % 24 for h in range(start, end if end > start else end + 24)}
    return all(h in hours for h in range(open_h, close_h))


def host_checks(options: Options, facts: dict | None) -> list[Check]:
    """``selftest --host``, on the PC that holds the shared folder."""
    if facts is None:
        return [skipped("host.windows", "selftest.host.windows_only")]
    out = []
    public = [p.get("alias", "?") for p in facts.get("profiles") or []
              if str(p.get("category")).lower() == "public"]
    if public:
        out.append(failed("host.network_profile", "selftest.host.public", facts,
                          names=", ".join(public)))
    else:
        out.append(passed("host.network_profile", "selftest.host.private", facts))
    if facts.get("file_sharing"):
        out.append(passed("host.file_sharing", "selftest.host.sharing_on", facts))
    else:
        out.append(failed("host.file_sharing", "selftest.host.sharing_off", facts))
    if facts.get("modern_standby"):
        out.append(failed("host.standby", "selftest.host.modern_standby", facts))
    else:
        out.append(passed("host.standby", "selftest.host.no_modern_standby", facts))
    sessions = facts.get("smb_sessions")
    if facts.get("client_edition"):
        key = "selftest.host.sessions_client_full" if (sessions or 0) >= STATIONS_ADVICE \
            else "selftest.host.sessions_client"
        make = failed if (sessions or 0) >= STATIONS_ADVICE else passed
        out.append(make("host.smb_sessions", key, facts, n=sessions if sessions is not None
                        else "?", limit=CLIENT_SMB_LIMIT, advice=STATIONS_ADVICE))
    else:
        out.append(passed("host.smb_sessions", "selftest.host.sessions_server", facts,
                          n=sessions if sessions is not None else "?"))
    return out


def checks(options: Options, facts: dict | None = None, *, asked: bool = False) -> list[Check]:
    """The ``power`` area's Windows part (every station) and, with ``options.host``, the
    ``host`` area. *facts*/*asked*: what Windows answered (tests pass theirs)."""
    facts = facts if asked else windows_facts()
    out = tomorrow_checks(options, facts)
    if options.host:
        out += host_checks(options, facts)
    return out
