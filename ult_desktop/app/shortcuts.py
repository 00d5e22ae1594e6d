"""Per-mode shortcuts and start-at-login entries (no Qt), each running
``ult-desktop start --mode MODE``.

Windows: ``.lnk`` files made by PowerShell's ``WScript.Shell`` with ``-EncodedCommand``
(from stdin a failing line would not stop it and non-ASCII paths would be mangled), the
icon ``ult-desktopw.exe,0``. Linux: freedesktop ``.desktop`` entries."""

from __future__ import annotations

import base64
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ult_desktop.app.paths import stable_program
from ult_desktop.core.i18n import tr
from ult_desktop.core.localpaths import resources_dir

APP_ID = "ult-desktop"


@dataclass(frozen=True)
class Launcher:
    program: str
    arguments: list[str]
    name: str
    comment: str
    icon: str
    work_dir: str


def launcher(mode: str | None) -> Launcher:
    """How to start *mode* (None: the mode in the station config) from a shortcut."""
    if getattr(sys, "frozen", False):
        program, base = sys.executable, []
        windowless = Path(sys.executable).with_name("ult-desktopw.exe")
        if sys.platform == "win32" and windowless.exists():
            program = str(windowless)  # no console window behind the kiosk
        program = stable_program(program)  # ...\current\ survives updates
    else:
        program, base = sys.executable, ["-m", "ult_desktop"]
    args = [*base, "start"] + (["--mode", mode] if mode else [])
    if getattr(sys, "frozen", False) and sys.platform == "win32":
        icon = f"{program},0"  # the exe's own icon: stays valid through updates (L6)
    else:
        icon = str(resources_dir() / "icons" / ("ult-desktop.ico" if sys.platform == "win32"
                                                else "ult-desktop.png"))
    title = tr(f"setup.mode.{mode}.title") if mode else tr("setup.title")
    return Launcher(program=program, arguments=args, name=f"ULT Desktop - {title}",
                    comment=tr("setup.shortcut.comment"), icon=icon,
                    work_dir=str(Path(program).parent))


def desktop_entry(item: Launcher, *, autostart: bool = False) -> str:
    """A freedesktop ``.desktop`` file for *item*."""
    exec_line = " ".join(shlex.quote(a) for a in [item.program, *item.arguments])
    lines = ["[Desktop Entry]", "Type=Application", f"Name={item.name}",
             f"Comment={item.comment}", f"Exec={exec_line}", f"Path={item.work_dir}",
             f"Icon={item.icon}", "Terminal=false", "Categories=Office;"]
    if autostart:
        lines += ["X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-Delay=5"]
    return "\n".join(lines) + "\n"


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def powershell_script(item: Launcher, folders: list[str], file_name: str) -> str:
    """PowerShell that writes ``FILE_NAME.lnk`` for *item* into each special folder
    (``Desktop``, ``Programs``, ``Startup``: names of ``[Environment]::GetFolderPath``)."""
    args = subprocess.list2cmdline(item.arguments)
    lines = ["$ErrorActionPreference = 'Stop'", "$shell = New-Object -ComObject WScript.Shell"]
    for folder in folders:
        lines += [
            f"$dir = [Environment]::GetFolderPath({_ps_quote(folder)})",
            f"$lnk = $shell.CreateShortcut((Join-Path $dir {_ps_quote(file_name + '.lnk')}))",
            f"$lnk.TargetPath = {_ps_quote(item.program)}",
            f"$lnk.Arguments = {_ps_quote(args)}",
            f"$lnk.WorkingDirectory = {_ps_quote(item.work_dir)}",
            f"$lnk.IconLocation = {_ps_quote(item.icon)}",
            f"$lnk.Description = {_ps_quote(item.comment)}",
            "$lnk.Save()",
            "Write-Output (Join-Path $dir " + _ps_quote(file_name + ".lnk") + ")",
        ]
    return "\n".join(lines) + "\n"


def encoded_command(script: str) -> str:
    """*script* as ``powershell -EncodedCommand`` wants it: base64 of UTF-16LE."""
    return base64.b64encode(script.encode("utf-16-le")).decode("ascii")


def run_powershell(script: str, *, timeout: float = 60) -> subprocess.CompletedProcess:
    """*script* run by a PowerShell with no profile, prompt or window (the shortcuts, the
    self-test's questions to Windows): its exit code and text output."""
    return subprocess.run(
        ["powershell", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
         "-EncodedCommand", encoded_command(script)], capture_output=True, text=True,
        timeout=timeout, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))


def linux_folders() -> dict[str, Path]:
    home = Path.home()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    desktop = Path(os.environ.get("XDG_DESKTOP_DIR") or home / "Desktop")
    return {"menu": data / "applications", "desktop": desktop, "autostart": config / "autostart"}


def create_shortcuts(mode: str | None, *, desktop: bool = True,
                     autostart: bool = False) -> list[Path]:
    """Create the shortcuts for *mode* (always in the menu); returns the files written.
    :raises OSError: a folder cannot be written or PowerShell failed."""
    item = launcher(mode)
    file_name = f"ULT Desktop {mode}" if mode else "ULT Desktop"
    if sys.platform == "win32":
        folders = [name for name, wanted in (("Desktop", desktop), ("Programs", True),
                                             ("Startup", autostart)) if wanted]
        if not folders:
            return []
        proc = run_powershell(powershell_script(item, folders, file_name))
        if proc.returncode != 0:
            raise OSError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip()
                          else "PowerShell failed")
        named = [Path(line.strip()) for line in proc.stdout.splitlines()
                 if line.strip().lower().endswith(".lnk")]
        made = [path for path in named if path.is_file()]
        if len(made) != len(folders):
            raise OSError(tr("setup.shortcut.missing", made=len(made), wanted=len(folders)))
        return made
    written = []
    places = linux_folders()
    base = f"{APP_ID}-{mode}" if mode else APP_ID
    for key, wanted in (("menu", True), ("desktop", desktop), ("autostart", autostart)):
        if not wanted:
            continue
        path = places[key] / f"{base}.desktop"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(desktop_entry(item, autostart=key == "autostart"), encoding="utf-8")
        path.chmod(0o755)
        written.append(path)
    return written


def autostart_entries(mode: str | None) -> list[Path]:
    """Where the start-at-login entry of *mode* lives (this account's Startup folder on
    Windows, the XDG autostart folder elsewhere)."""
    if sys.platform == "win32":
        startup = Path(os.environ.get("APPDATA", "")) / "Microsoft" / "Windows" / \
            "Start Menu" / "Programs" / "Startup"
        name = f"ULT Desktop {mode}.lnk" if mode else "ULT Desktop.lnk"
        return [startup / name]
    base = f"{APP_ID}-{mode}" if mode else APP_ID
    return [linux_folders()["autostart"] / f"{base}.desktop"]


def remove_autostart(mode: str | None) -> list[Path]:
    """Remove the start-at-login entry of *mode* (Linux and Windows)."""
    targets = autostart_entries(mode)
    removed = []
    for path in targets:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
