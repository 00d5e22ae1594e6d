<#
.SYNOPSIS
  Install or update ULT Desktop into a versioned folder and switch "current" to it.

.DESCRIPTION
  Layout (docs/deployment.md, "Updating"):

    C:\Program Files\ULT Desktop\
        0.1.0\ult-desktopw.exe ...     an older version (may still be running)
        0.2.0\ult-desktopw.exe ...     the version just installed
        current  ->  0.2.0             a directory junction; shortcuts and Shell Launcher
                                       start  ...\current\ult-desktopw.exe

  A running program keeps its files open; Windows refuses to overwrite or delete them.
  So nothing is overwritten: the new version is copied beside the old one, checked
  (it must answer --version), and only then is the junction switched. The running app
  goes on with the old files; the next start (Shell Launcher restarts it when it exits,
  or at the next sign-in) runs the new version. Versions beyond the newest -Keep are
  removed when they are not in use.

  Written against documented PowerShell/cmd behaviour; not run in CI (no Windows there).
  Run as administrator:

    powershell -ExecutionPolicy Bypass -File install_windows.ps1 -Source E:\ult-desktop-0.2.0-windows-x64.zip

  Without administrator rights, for this Windows account only (shortcuts of this account,
  no Shell Launcher):

    powershell -ExecutionPolicy Bypass -File install_windows.ps1 -Source E:\...zip -Root "$env:LOCALAPPDATA\Programs\ULT Desktop"

  The released script is signed with the program (a PC whose policy is AllSigned runs it
  as it is). Before switching, it says when the new version would update the office
  database's schema: every station not updated the same day then stops ("program too
  old"), so update all PCs after closing (docs/deployment.md, "Updating").

.PARAMETER Source
  The zip from the USB stick, or its unzipped folder ult-desktop-<version>.
.PARAMETER Root
  Install root (default: C:\Program Files\ULT Desktop).
.PARAMETER Keep
  How many versions to keep (default 3).
#>
param(
    [Parameter(Mandatory = $true)][string]$Source,
    [string]$Root = (Join-Path $env:ProgramFiles 'ULT Desktop'),
    [int]$Keep = 3
)
$ErrorActionPreference = 'Stop'

New-Item -ItemType Directory -Force -Path $Root | Out-Null
# Leftovers of an earlier run that stopped half-way (nothing of them is in use).
Get-ChildItem -LiteralPath $Root -Directory -Filter '.incoming-*' -ErrorAction SilentlyContinue |
    ForEach-Object { Remove-Item -LiteralPath $_.FullName -Recurse -Force -ErrorAction SilentlyContinue }
$staging = Join-Path $Root ('.incoming-' + [guid]::NewGuid().ToString('N'))
try {
    if ($Source -like '*.zip') {
        Expand-Archive -LiteralPath $Source -DestinationPath $staging
    } else {
        New-Item -ItemType Directory -Path $staging | Out-Null
        Copy-Item -LiteralPath $Source -Destination $staging -Recurse
    }
    $folder = Get-ChildItem -LiteralPath $staging -Directory | Select-Object -First 1
    if (-not $folder -or -not (Test-Path (Join-Path $folder.FullName 'ult-desktop.exe'))) {
        throw "Tidak ada ult-desktop.exe di $Source / No ult-desktop.exe found in $Source"
    }
    # The version comes from the program itself: "ult-desktop 0.2.0 (schema 16)".
    $exe = Join-Path $folder.FullName 'ult-desktop.exe'
    $answer = & $exe --version
    if ($LASTEXITCODE -ne 0 -or "$answer" -notmatch '^ult-desktop (\S+)') {
        throw "Program baru tidak mau berjalan / The new program does not start: $answer"
    }
    $version = $Matches[1]
    # Would it update the office database's schema? (the station file's database)
    $schema = & $exe version --json 2>$null | ConvertFrom-Json -ErrorAction SilentlyContinue
    if ($schema -and $schema.migrates) {
        Write-Warning ("ULT Desktop $version memperbarui basis data kantor $($schema.db) dari " +
            "skema $($schema.db_schema) ke $($schema.schema) saat pertama dijalankan: stasiun " +
            "yang belum diperbarui hari itu berhenti. Perbarui semua PC setelah layanan tutup. / " +
            "ULT Desktop $version updates the office database $($schema.db) from " +
            "schema $($schema.db_schema) to $($schema.schema) when it first starts: every " +
            "station not updated the same day then stops. Update all PCs after closing.")
    } elseif ($schema -and $schema.too_old) {
        Write-Warning ("Basis data kantor $($schema.db) sudah skema $($schema.db_schema), lebih " +
            "baru dari ULT Desktop $version ($($schema.schema)): pasang versi yang sama dengan PC lain. / " +
            "The office database $($schema.db) is at schema $($schema.db_schema), " +
            "newer than ULT Desktop $version ($($schema.schema)): install the version the other PCs run.")
    } elseif ($schema -and $schema.unknown) {
        Write-Warning $schema.warning
    } elseif (-not $schema) {
        # The program gave no answer to read: say so rather than nothing.
        Write-Warning ("Skema basis data kantor tidak dapat dibaca: perbarui semua PC setelah " +
            "layanan tutup. / Could not read the office database's schema: update every PC after closing.")
    }
} catch {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction SilentlyContinue
    throw
}
$target = Join-Path $Root $version
# Antivirus scanners and the indexer open freshly unzipped files for a moment; a move
# then fails with "being used by another process". Retry for up to ~30 s.
function Invoke-Retried([scriptblock]$Action, [string]$What) {
    for ($i = 1; $i -le 15; $i++) {
        try { & $Action; return }
        catch {
            if ($i -eq 15) { throw "$What gagal / failed: $($_.Exception.Message)" }
            Start-Sleep -Seconds 2
        }
    }
}
if (Test-Path -LiteralPath $target) {
    Remove-Item -LiteralPath $staging -Recurse -Force
    Write-Host "ULT Desktop $version sudah terpasang di / is already installed in $target"
} else {
    Invoke-Retried { Move-Item -LiteralPath $folder.FullName -Destination $target } "Memindahkan / Moving $version"
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction SilentlyContinue
}
if (Test-Path (Join-Path $target 'UNSIGNED.txt')) {
    Write-Warning "Program ini belum ditandatangani: Smart App Control dapat memblokirnya. / This build is not code-signed: Smart App Control may block it."
}

# Switch "current": build the new junction under another name, then swap names. What it
# pointed to before is remembered: a program started through "current" (shortcuts, Shell
# Launcher) runs from "...\current\", never from its version folder, and must be kept.
$current = Join-Path $Root 'current'
$previous = $null
if (Test-Path -LiteralPath $current) { $previous = @((Get-Item -LiteralPath $current).Target)[0] }
$next = Join-Path $Root 'current.next'
if (Test-Path -LiteralPath $next) { cmd /c rmdir "$next" | Out-Null }
cmd /c mklink /J "$next" "$target" | Out-Null
if (Test-Path -LiteralPath $current) { cmd /c rmdir "$current" | Out-Null }  # the link only
Rename-Item -LiteralPath $next -NewName 'current'
Write-Host "ULT Desktop $version terpasang; 'current' kini menunjuk ke / installed; 'current' now points to $target"

# Old versions: keep the newest $Keep. A version is never deleted while in use (L7): a
# recursive Remove-Item deletes every file that is not locked and stops at the first that
# is, leaving a running kiosk without the modules it imports later. So a folder is first
# renamed (Windows refuses to rename a folder with a running program or open file in it),
# and only the renamed folder is deleted. Pre-release folders (0.3.0rc1) sort before their
# release (L8); [version] alone cannot parse them.
function Get-VersionKey([string]$Name) {
    if ($Name -notmatch '^(\d+(?:\.\d+)*)(?:[-_.]?([a-z]+)[-_.]?(\d*))?$') { return $null }
    $numbers = ($Matches[1] -split '\.' | ForEach-Object { '{0:D6}' -f [int]$_ }) -join '.'
    $tags = @{ 'dev' = 0; 'a' = 1; 'alpha' = 1; 'b' = 2; 'beta' = 2; 'rc' = 3; 'c' = 3 }
    $rank = if ($Matches[2]) { $tags[$Matches[2].ToLower()] } else { 9 }
    $n = if ($Matches[3]) { [int]$Matches[3] } else { 0 }
    return "$numbers~$rank~$('{0:D6}' -f $n)"
}
$inUse = @($target)
$throughCurrent = Get-Process -ErrorAction SilentlyContinue |
    Where-Object { $_.Path -and $_.Path.StartsWith($current + '\', 'OrdinalIgnoreCase') }
if ($previous -and $throughCurrent) { $inUse += (Get-Item -LiteralPath $previous).FullName }
$versions = Get-ChildItem -LiteralPath $Root -Directory |
    Where-Object { (Get-VersionKey $_.Name) -ne $null } |
    Sort-Object { Get-VersionKey $_.Name } -Descending
foreach ($old in ($versions | Select-Object -Skip $Keep)) {
    if ($inUse -contains $old.FullName) { continue }
    $running = Get-Process -ErrorAction SilentlyContinue |
        Where-Object { $_.Path -and $_.Path.StartsWith($old.FullName + '\', 'OrdinalIgnoreCase') }
    if ($running) { Write-Host "$($old.Name) disimpan: masih berjalan, dihapus pada pembaruan berikutnya. / Kept: still running; removed at the next update."; continue }
    $doomed = Join-Path $Root ('.remove-' + $old.Name + '-' + [guid]::NewGuid().ToString('N'))
    try { Rename-Item -LiteralPath $old.FullName -NewName (Split-Path $doomed -Leaf) -ErrorAction Stop }
    catch { Write-Host "$($old.Name) disimpan: sedang dipakai, dihapus pada pembaruan berikutnya. / Kept: in use; removed at the next update."; continue }
    Remove-Item -LiteralPath $doomed -Recurse -Force -ErrorAction SilentlyContinue
}
# Leftovers of an earlier interrupted removal.
Get-ChildItem -LiteralPath $Root -Directory -Filter '.remove-*' -ErrorAction SilentlyContinue |
    ForEach-Object { Remove-Item -LiteralPath $_.FullName -Recurse -Force -ErrorAction SilentlyContinue }
# Stations hear each other on the office LAN while the shared file is away: counters'
# calls reach the TV as UDP datagrams on port 47833 (only the TV listens; counters only
# send). One inbound rule for every version of the program, on every network profile
# (an office network Windows calls Public too: the self-test names the active profile),
# answering the local subnet only. A rule from an older installer (Private and Domain
# only) is widened. Needs administrator rights; without them the self-test names it.
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if ($principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    if (Get-NetFirewallRule -DisplayName 'ULT Desktop LAN' -ErrorAction SilentlyContinue) {
        Set-NetFirewallRule -DisplayName 'ULT Desktop LAN' -Profile Any -RemoteAddress LocalSubnet -Enabled True
    } else {
        New-NetFirewallRule -DisplayName 'ULT Desktop LAN' -Direction Inbound -Protocol UDP `
            -LocalPort 47833 -Profile Any -RemoteAddress LocalSubnet -Action Allow | Out-Null
    }
    $active = (Get-NetConnectionProfile -ErrorAction SilentlyContinue |
        ForEach-Object { "$($_.InterfaceAlias) ($($_.NetworkCategory))" }) -join ', '
    Write-Host "Firewall: UDP 47833 dibuka untuk subnet lokal, semua profil jaringan (aktif: $active) / opened for the local subnet on every network profile (ULT Desktop LAN)."
} else {
    Write-Host "Aturan firewall 'ULT Desktop LAN' (UDP 47833) tidak ditambahkan: jalankan sekali sebagai administrator. / Firewall rule not added: run as administrator once."
}
