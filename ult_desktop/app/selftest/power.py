"""Self-test, power and lockdown: does Windows accept "keep the screen on", and are the
kiosk lockdown policies of docs/deployment.md set (edge swipes, notifications, update
restarts, the touch keyboard)? On Linux the X server's screen-saver answer is read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

from ult_desktop.app.keep_awake import (
    ES_CONTINUOUS,
    ES_DISPLAY_REQUIRED,
    ES_SYSTEM_REQUIRED,
    UNATTENDED_MODES,
    windows_setter,
)
from ult_desktop.app.selftest import Check, Options, failed, passed, skipped


@dataclass(frozen=True)
class Policy:
    """One registry value docs/deployment.md asks kiosk PCs to set."""

    name: str
    hive: str          # "HKLM" or "HKCU"
    key: str
    value: str
    wanted: int


#: The lockdown policies of a kiosk / lobby / survey PC on Windows Pro (deployment.md §5).
POLICIES = (
    Policy("edge_swipe", "HKLM", r"SOFTWARE\Policies\Microsoft\Windows\EdgeUI",
           "AllowEdgeSwipe", 0),
    Policy("toasts", "HKCU", r"Software\Policies\Microsoft\Windows\CurrentVersion"
           r"\PushNotifications", "NoToastApplicationNotification", 1),
    Policy("notification_center", "HKCU", r"Software\Policies\Microsoft\Windows\Explorer",
           "DisableNotificationCenter", 1),
    Policy("update_restart", "HKLM", r"SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU",
           "NoAutoRebootWithLoggedOnUsers", 1),
    Policy("touch_keyboard", "HKCU", r"Software\Microsoft\TabletTip\1.7",
           "EnableDesktopModeAutoInvoke", 0),
)


def keep_awake_check(setter=True) -> Check:
    fn = windows_setter() if setter is True else setter
    if fn is None:
        return _linux_blanking()
    previous = fn(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED)
    fn(ES_CONTINUOUS)
    data = {"SetThreadExecutionState": previous}
    if not previous:
        return failed("power.keep_awake", "selftest.power.refused", data)
    return passed("power.keep_awake", "selftest.power.accepted", data, value=hex(previous))


def parse_xset(text: str) -> dict:
    """The screen saver timeout and DPMS state from ``xset q``."""
    timeout = re.search(r"timeout:\s*(\d+)", text)
    return {"saver_timeout": int(timeout.group(1)) if timeout else None,
            "dpms": "disabled" if "DPMS is Disabled" in text else
                    "enabled" if "DPMS is Enabled" in text else "unknown"}


def _linux_blanking() -> Check:
    xset = shutil.which("xset")
    if sys.platform == "win32" or not os.environ.get("DISPLAY") or xset is None:
        return skipped("power.keep_awake", "selftest.power.no_x")
    try:
        out = subprocess.run([xset, "q"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return skipped("power.keep_awake", "selftest.power.no_x", {"error": str(exc)})
    if out.returncode != 0:
        return skipped("power.keep_awake", "selftest.power.no_x", {"error": out.stderr[-200:]})
    facts = parse_xset(out.stdout)
    if facts["saver_timeout"] == 0 and facts["dpms"] != "enabled":
        return passed("power.keep_awake", "selftest.power.x_off", facts)
    return failed("power.keep_awake", "selftest.power.x_blanks", facts)


def read_policy(reg, policy: Policy) -> int | None:
    """The DWORD *policy* names, or None when the key or value is missing (``winreg``
    raises ``FileNotFoundError``, winerror 2, for both)."""
    root = reg.HKEY_LOCAL_MACHINE if policy.hive == "HKLM" else reg.HKEY_CURRENT_USER
    try:
        with reg.OpenKey(root, policy.key) as key:
            value, _kind = reg.QueryValueEx(key, policy.value)
    except FileNotFoundError:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def policy_checks(options: Options, reg=None) -> list[Check]:
    if reg is None:
        if sys.platform != "win32":
            return [skipped("power.lockdown", "selftest.power.lockdown_windows_only")]
        import winreg as reg  # pragma: no cover - Windows only
    if options.mode not in UNATTENDED_MODES:
        return [skipped("power.lockdown", "selftest.power.lockdown_not_kiosk",
                        mode=options.mode or "-")]
    out = []
    for policy in POLICIES:
        where = f"{policy.hive}\\{policy.key}\\{policy.value}"
        try:
            value = read_policy(reg, policy)
        except OSError as exc:  # access denied to the key: say so, never crash
            out.append(skipped(f"power.policy.{policy.name}", "selftest.power.policy_unreadable",
                               {"winerror": getattr(exc, "winerror", None)}, where=where))
            continue
        data = {"where": f"{policy.hive}\\{policy.key}", "value_name": policy.value,
                "value": value, "wanted": policy.wanted}
        if value == policy.wanted:
            out.append(passed(f"power.policy.{policy.name}", "selftest.power.policy_set", data,
                              where=where))
        else:
            out.append(failed(f"power.policy.{policy.name}",
                              f"selftest.power.policy.{policy.name}", data, where=where,
                              wanted=policy.wanted))
    return out


def checks(options: Options) -> list[Check]:
    from ult_desktop.app.selftest import host

    return [keep_awake_check(), *policy_checks(options), *host.checks(options)]
