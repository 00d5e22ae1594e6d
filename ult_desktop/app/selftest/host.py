"""Self-test, what Windows will do tomorrow: a restart pending an update, active hours,
sleep, Modern Standby, adapters Windows may switch off, password-less sign-in; with
``selftest --host`` on the PC holding the share, its network profile, the file-sharing
firewall rule and the SMB sessions a client Windows allows. One PowerShell script
(:data:`FACTS_SCRIPT`) answers in JSON; tests pass such facts. Elsewhere: SKIP."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys

from ult_desktop.app.keep_awake import UNATTENDED_MODES
from ult_desktop.app.selftest import Check, Options, failed, open_office, passed, skipped
from ult_desktop.devices.lan import LAN_PORT

log = logging.getLogger(__name__)
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_HEX = re.compile(r"\b0x([0-9a-f]+)\b", re.I)

#: The opening hours Windows' active hours must cover when the office's own settings
#: (``open_time``/``close_time``) cannot be read.
OFFICE_HOURS = (7, 17)
#: ``powercfg``'s GUID (the same in every Windows language) of "sleep after" (seconds;
#: 0 = never).
STANDBYIDLE = "29f6c1db-86da-48c5-9fdb-f2b67b1f44da"
#: Windows' network categories (``Get-NetConnectionProfile``) as firewall profiles.
_PROFILE_OF = {"public": "Public", "private": "Private", "domainauthenticated": "Domain"}
#: A client Windows (10/11) serves at most 20 SMB sessions; past this many stations the
#: share belongs on a NAS or a Windows Server.
CLIENT_SMB_LIMIT, STATIONS_ADVICE = 20, 15

#: One PowerShell run: every fact as JSON. Names are language-independent (the
#: file-sharing firewall group by its resource id, not its translated display name;
#: ``powercfg`` settings by GUID, its output read for hex values only: on an Indonesian
#: Windows its words are Indonesian). Modern Standby is asked of ``GetPwrCapabilities``.
FACTS_SCRIPT = r"""
$ErrorActionPreference = 'SilentlyContinue'
$f = @{}
$f.pending_reboot = (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') -or (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending')
$ux = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings'
$f.active_hours = @($ux.ActiveHoursStart, $ux.ActiveHoursEnd)
$f.sleep_query = (powercfg /query SCHEME_CURRENT 238c9fa8-0aad-41ed-83f4-97be242c8f20 29f6c1db-86da-48c5-9fdb-f2b67b1f44da) -join "`n"
$f.nic_may_sleep = @(Get-NetAdapterPowerManagement | Where-Object { $_.AllowComputerToTurnOffDevice -eq 'Enabled' } | ForEach-Object { $_.Name })
$wl = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
$f.autologon = ($wl.AutoAdminLogon -eq '1')
$f.profiles = @(Get-NetConnectionProfile | ForEach-Object { @{ alias = $_.InterfaceAlias; category = "$($_.NetworkCategory)" } })
$f.file_sharing = [bool](Get-NetFirewallRule -Group '@FirewallAPI.dll,-28502' | Where-Object { $_.Enabled -eq 'True' -and $_.Direction -eq 'Inbound' -and "$($_.Profile)" -match 'Private|Domain|Any' } | Select-Object -First 1)
$f.smb_sessions = @(Get-SmbSession).Count
$f.lan_rule_profiles = @(Get-NetFirewallRule -DisplayName 'ULT Desktop LAN' | Where-Object { $_.Enabled -eq 'True' -and $_.Direction -eq 'Inbound' } | ForEach-Object { "$($_.Profile)" })
$f.lan_blocked_by = @(Get-NetFirewallPortFilter -Protocol UDP | Where-Object { $_.LocalPort -contains '47833' -or $_.LocalPort -contains 'Any' } | Get-NetFirewallRule | Where-Object { $_.Enabled -eq 'True' -and $_.Direction -eq 'Inbound' -and $_.Action -eq 'Block' } | ForEach-Object { $_.DisplayName })
$f.client_edition = ((Get-CimInstance Win32_OperatingSystem).ProductType -eq 1)
$f | ConvertTo-Json -Depth 4 -Compress
""".replace("47833", str(LAN_PORT))


def windows_facts() -> dict | None:
    """What Windows says (:data:`FACTS_SCRIPT`), or None elsewhere or when PowerShell
    cannot be asked."""
    if sys.platform != "win32":
        return None
    from ult_desktop.app.shortcuts import run_powershell

    try:  # pragma: no cover - Windows only
        done = run_powershell(FACTS_SCRIPT)
        facts = json.loads(done.stdout) if done.returncode == 0 and done.stdout else None
    except (OSError, subprocess.SubprocessError, ValueError):  # pragma: no cover
        return None
    if isinstance(facts, dict):  # pragma: no cover - Windows only
        facts["modern_standby"] = modern_standby()
    return facts


def modern_standby() -> bool | None:  # pragma: no cover - Windows only
    """Does this PC use Modern Standby (S0 low power idle)? ``GetPwrCapabilities``'
    ``AoAc`` (byte 25 of SYSTEM_POWER_CAPABILITIES), not ``powercfg /a``'s translated
    words; None when it cannot be asked."""
    import ctypes

    try:
        caps = ctypes.create_string_buffer(256)
        if not ctypes.WinDLL("powrprof").GetPwrCapabilities(caps):
            return None
        return bool(caps.raw[25])
    except (OSError, AttributeError):
        return None


def powercfg_values(text: str, setting: str) -> tuple[int, int] | None:
    """``(AC, DC)`` of the setting *setting* (its GUID) in ``powercfg /query`` output
    *text*, in any Windows language: the setting's block (from its GUID to the next GUID
    line) ends with the AC then the DC value, after the possible minimum, maximum and
    step, all as hex; words are not read. None when the setting is not there."""
    values: list[int] | None = None
    for line in text.splitlines():
        if _GUID.search(line):
            if values is not None:
                break
            if setting.lower() in line.lower():
                values = []
            continue
        if values is not None:
            values += [int(h, 16) for h in _HEX.findall(line)]
    return (values[-2], values[-1]) if values and len(values) >= 2 else None


def office_hours(options: Options) -> tuple[int, int]:
    """The office's opening hours as whole hours (``open_time`` down, ``close_time`` up)
    from its settings in *options.db*; :data:`OFFICE_HOURS` when they cannot be read."""
    if not options.db:
        return OFFICE_HOURS
    try:
        from ult_desktop.db.house.office import get_settings

        db = open_office(options)
        try:
            s = get_settings(db, "open_time", "close_time")
        finally:
            db.close()
        (oh, om), (ch, cm) = ([int(x) for x in str(s[k]).split(":")[:2]]
                              for k in ("open_time", "close_time"))
        return oh, min(24, ch + (1 if cm else 0))
    except Exception as exc:  # the share area says why the database cannot be read
        log.info("office hours not read for the active-hours check: %s", exc)
        return OFFICE_HOURS


def tomorrow_checks(options: Options, facts: dict | None,
                    hours: tuple[int, int] = OFFICE_HOURS) -> list[Check]:
    """Every station: will Windows restart, sleep or drop the network during service
    (*hours*: the office's opening hours)?"""
    if facts is None:
        return [skipped("power.windows", "selftest.host.windows_only")]
    out = [_judged("power.pending_restart", not facts.get("pending_reboot"), facts,
                   "selftest.host.no_pending_restart", "selftest.host.pending_restart")]
    start, end = (list(facts.get("active_hours") or []) + [None, None])[:2]
    if start is None or end is None:
        out.append(skipped("power.active_hours", "selftest.host.active_hours_unknown", facts))
    elif _covers(int(start), int(end), *hours):
        out.append(passed("power.active_hours", "selftest.host.active_hours_ok", facts,
                          start=start, end=end))
    else:
        out.append(failed("power.active_hours", "selftest.host.active_hours_short", facts,
                          start=start, end=end, open=hours[0], close=hours[1]))
    if options.mode == "display":  # the TV listens for the counters' calls; they only send
        out.append(_lan_rule(facts))
    unattended = options.mode in UNATTENDED_MODES
    found = powercfg_values(str(facts.get("sleep_query") or ""), STANDBYIDLE)
    sleep = found[0] if found else None
    if sleep:  # 0: never
        out.append(failed("power.sleep", "selftest.host.sleeps", facts, minutes=sleep // 60))
    elif sleep == 0:
        out.append(passed("power.sleep", "selftest.host.never_sleeps", facts))
    nics = list(facts.get("nic_may_sleep") or [])
    out.append(_judged("power.nic", not nics, facts, "selftest.host.nic_stays",
                       "selftest.host.nic_may_sleep", names=", ".join(nics)))
    if unattended:
        out.append(_judged("power.autologon", bool(facts.get("autologon")), facts,
                           "selftest.host.autologon_on", "selftest.host.autologon_off",
                           mode=options.mode))
    return out


def _judged(cid: str, ok: bool, facts: dict, good: str, bad: str, **bad_params) -> Check:
    """The check *cid* passed (sentence *good*) or, not *ok*, failed (sentence *bad*
    with *bad_params*)."""
    return passed(cid, good, facts) if ok else failed(cid, bad, facts, **bad_params)


def active_profiles(facts: dict) -> dict[str, str]:
    """The firewall profile of each connected network (alias -> Public/Private/Domain)."""
    return {str(p.get("alias", "?")): _PROFILE_OF.get(str(p.get("category")).lower(), "Public")
            for p in facts.get("profiles") or []}


def _lan_rule(facts: dict) -> Check:
    """Does the 'ULT Desktop LAN' rule open UDP 47833 on the profile of every network this
    PC is on (a Public network too: the rule must say Public or Any)?"""
    active = active_profiles(facts)
    shown = ", ".join(f"{alias} ({profile})" for alias, profile in active.items()) or "-"
    rules = [str(r) for r in facts.get("lan_rule_profiles") or []]
    blocked = [str(r) for r in facts.get("lan_blocked_by") or []]
    if blocked:  # a block rule wins over every allow rule
        return failed("lan.firewall", "selftest.host.lan_rule_blocked", facts, port=LAN_PORT,
                      names=", ".join(blocked))
    if not rules:
        return failed("lan.firewall", "selftest.host.lan_rule_off", facts, port=LAN_PORT,
                      active=shown)
    covered = {p.strip() for r in rules for p in r.split(",")}
    missing = [f"{alias} ({profile})" for alias, profile in active.items()
               if "Any" not in covered and profile not in covered]
    if missing:
        return failed("lan.firewall", "selftest.host.lan_rule_profile", facts, port=LAN_PORT,
                      rule=", ".join(sorted(covered)), names=", ".join(missing))
    return passed("lan.firewall", "selftest.host.lan_rule_on", facts, port=LAN_PORT,
                  active=shown)


def _covers(start: int, end: int, open_h: int, close_h: int) -> bool:
    """Do active hours *start*-*end* (may wrap past midnight) cover the office's?"""
    hours = {h % 24 for h in range(start, end if end > start else end + 24)}
    return all(h in hours for h in range(open_h, close_h))


def host_checks(options: Options, facts: dict | None) -> list[Check]:
    """``selftest --host``, on the PC that holds the shared folder."""
    if facts is None:
        return [skipped("host.windows", "selftest.host.windows_only")]
    public = [p.get("alias", "?") for p in facts.get("profiles") or []
              if str(p.get("category")).lower() == "public"]
    out = [_judged("host.network_profile", not public, facts, "selftest.host.private",
                   "selftest.host.public", names=", ".join(public)),
           _judged("host.file_sharing", bool(facts.get("file_sharing")), facts,
                   "selftest.host.sharing_on", "selftest.host.sharing_off"),
           _judged("host.standby", not facts.get("modern_standby"), facts,
                   "selftest.host.no_modern_standby", "selftest.host.modern_standby")]
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
    out = tomorrow_checks(options, facts, office_hours(options) if facts else OFFICE_HOURS)
    if options.host:
        out += host_checks(options, facts)
    return out
