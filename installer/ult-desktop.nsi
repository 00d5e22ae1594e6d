; ULT Desktop's setup program: ult-desktop-<version>-setup.exe, built by
;
;     python scripts/build_installer.py --setup          (after the bundle is built)
;
; which passes every value below with makensis -D (the version, the bundle's folder, the
; ports, ...): this file is never edited for a version. Layout, as install_windows.ps1
; makes it (docs/deployment.md):
;
;     C:\Program Files\ULT Desktop\
;         0.1.0\ult-desktopw.exe ...   an older version (may still be running)
;         0.2.0\ult-desktopw.exe ...   the version this setup program carries
;         current  ->  0.2.0           a directory junction: shortcuts start ...\current\
;         uninstall.exe                outside every version: it outlives them
;
; Nothing is overwritten: the new version is unpacked beside the others, must answer
; --version, and only then is `current` switched. The uninstaller removes the program,
; its shortcuts, its firewall rules and its Apps & features entry, and never the office's
; data: the shared file, %PROGRAMDATA%\ULTDesktop (the station file, the sealed password)
; and each account's %LOCALAPPDATA%\ULTDesktop (journals, keys, survey answers) stay.
;
; Silent, for the IT officer's deployment tools (exit code 0: done; 2: refused or failed;
; 3: installed, but Windows made no `current` junction):
;
;     ult-desktop-0.2.0-setup.exe /S /MODE=kiosk /SHARE=\\server\ult\ult.db /ROOT=E:\root.json
;     "C:\Program Files\ULT Desktop\uninstall.exe" /S
;
; (4: installed, but /ROOT's trust was not written.) The station account (/STATIONUSER=, a
; SID, by default the Users group S-1-5-32-545: SIDs, since the names are the Windows
; language's) gets Modify on the install folder only, which the updater needs to stage a
; version beside the running one, move `current` and prune (docs/updates.md), and the
; right to set values on the Apps & features entry (each switch names its version there);
; the uninstaller keeps only the administrators' rights. Every run writes its lines to
; %PROGRAMDATA%\ULTDesktop\setup.log (a silent install shows none).

!macro REQUIRE NAME
  !ifndef ${NAME}
    !error "${NAME} is not defined: build with python scripts/build_installer.py --setup"
  !endif
!macroend
!insertmacro REQUIRE VERSION              ; 0.2.0
!insertmacro REQUIRE VIVERSION            ; 0.2.0.0 (four numbers, for the file's version)
!insertmacro REQUIRE BUNDLE               ; the PyInstaller folder, dist/ult-desktop
!insertmacro REQUIRE OUTFILE              ; dist/ult-desktop-0.2.0-setup.exe
!insertmacro REQUIRE ICON                 ; resources/icons/ult-desktop.ico
!insertmacro REQUIRE STATION_FILE_VERSION ; app/station_config.py FILE_VERSION
!insertmacro REQUIRE LAN_PORT             ; devices/lan.py LAN_PORT (UDP)
!insertmacro REQUIRE PHONE_PORT           ; the phone page's default port (TCP)

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!define PRODUCT "ULT Desktop"
!define PUBLISHER "ULT Desktop"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ULT Desktop"
!define LAN_RULE "ULT Desktop LAN"
!define PHONE_RULE "ULT Halaman Ponsel"
!define MENU "$SMPROGRAMS\ULT Desktop"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\ULT Desktop"
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "StrFunc.nsh"
${StrStr}

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString BadMode ${LANG_INDONESIAN} "/MODE=$Mode tidak dikenal: pilih kiosk, counter, display, admin atau survey."
LangString BadMode ${LANG_ENGLISH} "/MODE=$Mode is not a mode: use kiosk, counter, display, admin or survey."
LangString Already ${LANG_INDONESIAN} "ULT Desktop ${VERSION} sudah terpasang di $Target: berkasnya tidak ditimpa."
LangString Already ${LANG_ENGLISH} "ULT Desktop ${VERSION} is already installed in $Target: its files are left as they are."
LangString NoStart ${LANG_INDONESIAN} "Program baru tidak mau berjalan (ult-desktop.exe --version): tidak dipasang. $1"
LangString NoStart ${LANG_ENGLISH} "The new program does not start (ult-desktop.exe --version): not installed. $1"
LangString NoMove ${LANG_INDONESIAN} "Folder $Target tidak dapat dibuat (antivirus atau program lain memakai berkasnya?): coba lagi."
LangString NoMove ${LANG_ENGLISH} "The folder $Target could not be made (an antivirus or another program holds its files?): try again."
LangString NoJunction ${LANG_INDONESIAN} "Tautan 'current' tidak dapat dibuat ($INSTDIR\current): pintasan tidak akan berjalan. Buat dengan: mklink /J current ${VERSION}"
LangString NoJunction ${LANG_ENGLISH} "The 'current' junction could not be made ($INSTDIR\current): shortcuts will not start. Make it with: mklink /J current ${VERSION}"
LangString Switched ${LANG_INDONESIAN} "'current' kini menunjuk ke $Target."
LangString Switched ${LANG_ENGLISH} "'current' now points to $Target."
LangString Unsigned ${LANG_INDONESIAN} "Program ini belum ditandatangani: Smart App Control dapat memblokirnya."
LangString Unsigned ${LANG_ENGLISH} "This build is not code-signed: Smart App Control may block it."
LangString Migrates ${LANG_INDONESIAN} "ULT Desktop ${VERSION} memperbarui skema basis data kantor saat pertama dijalankan: stasiun yang belum diperbarui lalu berhenti. Perbarui semua PC setelah layanan tutup."
LangString Migrates ${LANG_ENGLISH} "ULT Desktop ${VERSION} updates the office database's schema when it first starts: stations not yet updated then stop. Update every PC after closing."
LangString TooOld ${LANG_INDONESIAN} "Basis data kantor lebih baru dari ULT Desktop ${VERSION}: pasang versi yang sama dengan PC lain."
LangString TooOld ${LANG_ENGLISH} "The office database is newer than ULT Desktop ${VERSION}: install the version the other PCs run."
LangString Unknown ${LANG_INDONESIAN} "Skema basis data kantor tidak dapat dibaca (berkas tidak terjangkau?): perbarui semua PC setelah layanan tutup."
LangString Unknown ${LANG_ENGLISH} "Could not read the office database's schema (the file out of reach?): update every PC after closing."
LangString StationKept ${LANG_INDONESIAN} "Berkas stasiun $APPDATA\ULTDesktop\station.json sudah ada dan tidak diubah."
LangString StationKept ${LANG_ENGLISH} "The station file $APPDATA\ULTDesktop\station.json exists and is left as it is."
LangString Firewall ${LANG_INDONESIAN} "Aturan firewall tidak dibuat (netsh: $0): jalankan pemasang sekali lagi sebagai administrator."
LangString Firewall ${LANG_ENGLISH} "A firewall rule was not made (netsh: $0): run the setup program again as administrator."
LangString Comment ${LANG_INDONESIAN} "Antrean dan layanan ULT"
LangString Comment ${LANG_ENGLISH} "ULT queue and service desk"
LangString BadUser ${LANG_INDONESIAN} "/STATIONUSER=$StationUser bukan SID akun atau grup (misalnya S-1-5-32-545)."
LangString BadUser ${LANG_ENGLISH} "/STATIONUSER=$StationUser is not an account or group SID (e.g. S-1-5-32-545)."
LangString Granted ${LANG_INDONESIAN} "Akun stasiun ($StationUser) boleh mengubah folder $INSTDIR (pembaruan)."
LangString Granted ${LANG_ENGLISH} "The station account ($StationUser) may modify $INSTDIR (updates)."
LangString NoGrant ${LANG_INDONESIAN} "Hak Ubah untuk akun stasiun tidak diberikan (icacls: $0): stasiun tidak dapat memperbarui dirinya."
LangString NoGrant ${LANG_ENGLISH} "The station account was not given Modify (icacls: $0): the station cannot update itself."
LangString NoKeyGrant ${LANG_INDONESIAN} "Akun stasiun tidak boleh menulis versi di Aplikasi terinstal (PowerShell: $0): di sana tetap tertulis ${VERSION} setelah pembaruan."
LangString NoKeyGrant ${LANG_ENGLISH} "The station account may not write the version in Apps & features (PowerShell: $0): it keeps saying ${VERSION} after updates."
LangString Trusted ${LANG_INDONESIAN} "Kepercayaan pembaruan dipasang dari $Root."
LangString Trusted ${LANG_ENGLISH} "The update trust was installed from $Root."
LangString NoTrust ${LANG_INDONESIAN} "Kepercayaan pembaruan dari $Root tidak dipasang (kode $0): jalankan update trust --root sebagai administrator. $1"
LangString NoTrust ${LANG_ENGLISH} "The update trust from $Root was not installed (code $0): run update trust --root as administrator. $1"
LangString DataKept ${LANG_INDONESIAN} "Data kantor tidak dihapus: berkas bersama, $APPDATA\ULTDesktop dan folder ULTDesktop di setiap akun."
LangString DataKept ${LANG_ENGLISH} "The office's data is kept: the shared file, $APPDATA\ULTDesktop and each account's ULTDesktop folder."

Var Mode
Var Share
Var Target
Var Failed
Var Previous
Var StationUser
Var Root
Var Log

; Each line the person would read, also in %PROGRAMDATA%\ULTDesktop\setup.log (a silent
; install shows none): said on the details list and written there.
!macro SAY TEXT
  DetailPrint "${TEXT}"
  Push "${TEXT}"
  Call WriteLog
!macroend
!define SAY "!insertmacro SAY"
; A message box (its /SD answer in a silent install), its text written to the log too.
!macro TELL FLAGS TEXT
  Push "${TEXT}"
  Call WriteLog
  MessageBox ${FLAGS} "${TEXT}" /SD IDOK
!macroend
!define TELL "!insertmacro TELL"

Function WriteLog
  Exch $R9
  Push $R0
  Push $R1
  Push $R2
  Push $R3
  Push $R4
  Push $R5
  Push $R6
  ${If} $Log != ""
    ${GetTime} "" "L" $R0 $R1 $R2 $R3 $R4 $R5 $R6
    FileWrite $Log "$R2-$R1-$R0 $R4:$R5:$R6 $R9$\r$\n"
  ${EndIf}
  Pop $R6
  Pop $R5
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R1
  Pop $R0
  Pop $R9
FunctionEnd

Function .onInit
  SetShellVarContext all
  SetRegView 64
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/MODE=" $Mode
  ${If} ${Errors}
    StrCpy $Mode ""
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/SHARE=" $Share
  ${If} ${Errors}
    StrCpy $Share ""
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/STATIONUSER=" $StationUser
  ${If} ${Errors}
  ${OrIf} $StationUser == ""
    StrCpy $StationUser "S-1-5-32-545"
  ${EndIf}
  StrCpy $0 $StationUser 1
  ${If} $0 == "*"
    StrCpy $StationUser $StationUser "" 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/ROOT=" $Root
  ${If} ${Errors}
    StrCpy $Root ""
  ${EndIf}
  CreateDirectory "$APPDATA\ULTDesktop"
  ClearErrors
  FileOpen $Log "$APPDATA\ULTDesktop\setup.log" a
  ${If} ${Errors}
    StrCpy $Log ""
  ${Else}
    FileSeek $Log 0 END
  ${EndIf}
  Push "ULT Desktop ${VERSION} setup: $R0"
  Call WriteLog
  StrCpy $0 $StationUser 4
  ${If} $0 != "S-1-"
    ${TELL} MB_ICONSTOP "$(BadUser)"
    SetErrorLevel 2
    Quit
  ${EndIf}
  ${If} $Mode != ""
  ${AndIf} $Mode != "kiosk"
  ${AndIf} $Mode != "counter"
  ${AndIf} $Mode != "display"
  ${AndIf} $Mode != "admin"
  ${AndIf} $Mode != "survey"
    ${TELL} MB_ICONSTOP "$(BadMode)"
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Section "ULT Desktop" SecMain
  SectionIn RO
  StrCpy $Failed 0
  StrCpy $Target "$INSTDIR\${VERSION}"
  ReadRegStr $Previous HKLM "${UNINST_KEY}" "DisplayVersion"
  ${If} ${FileExists} "$Target\ult-desktop.exe"
    ${SAY} "$(Already)"
  ${Else}
    Call Unpack
  ${EndIf}
  Call SwitchCurrent
  ${If} $Failed == 0
    Call PruneVersions
  ${EndIf}
  WriteUninstaller "$INSTDIR\uninstall.exe"
  Call UninstallEntry
  Call GrantStation
  Call UpdateTrust
  Call Shortcuts
  Call FirewallRules
  Call StationFile
  Call SchemaWarning
  ${If} ${FileExists} "$Target\UNSIGNED.txt"
    ${SAY} "$(Unsigned)"
  ${EndIf}
  Push "exit code $Failed"
  Call WriteLog
  SetErrorLevel $Failed
SectionEnd

Function .onInstFailed
  Push "not installed"
  Call WriteLog
  FileClose $Log
FunctionEnd

Function .onInstSuccess
  FileClose $Log
FunctionEnd

; What the updater does as the station account (a standard user), and nothing wider:
; Modify on the install folder, inherited by its versions, `current`, the update state
; and downloads (a version staged beside the running one, `current` moved, old versions
; pruned); the uninstaller, which an administrator runs, keeps only the administrators'
; and SYSTEM's rights (its readers may run it); and SetValue on the Apps & features entry
; (the updater names the version it switched to, app/updates/install.py:show_version),
; through PowerShell's registry ACL in the 64-bit view. By SID, never a localized name.
Function GrantStation
  nsExec::ExecToStack '"$SYSDIR\icacls.exe" "$INSTDIR" /grant "*$StationUser:(OI)(CI)M"'
  Pop $0
  Pop $1
  Push "icacls $\"$INSTDIR$\" /grant *$StationUser:(OI)(CI)M: exit $0 $1"
  Call WriteLog
  ${If} $0 != 0
    ${TELL} MB_ICONEXCLAMATION "$(NoGrant)"
  ${Else}
    ${SAY} "$(Granted)"
  ${EndIf}
  nsExec::ExecToStack '"$SYSDIR\icacls.exe" "$INSTDIR\uninstall.exe" /inheritance:r /grant:r \
    *S-1-5-18:F *S-1-5-32-544:F *S-1-5-32-545:RX'
  Pop $0
  Pop $1
  Push "icacls uninstall.exe /inheritance:r (administrators, SYSTEM; readers RX): exit $0 $1"
  Call WriteLog
  nsExec::ExecToStack `"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile \
    -NonInteractive -ExecutionPolicy Bypass -Command "$$k = \
    [Microsoft.Win32.RegistryKey]::OpenBaseKey('LocalMachine', 'Registry64').OpenSubKey(\
    '${UNINST_KEY}', 'ReadWriteSubTree', 'ReadKey, ReadPermissions, ChangePermissions'); $$a = $$k.GetAccessControl(); $$a.AddAccessRule((New-Object \
    System.Security.AccessControl.RegistryAccessRule((New-Object \
    System.Security.Principal.SecurityIdentifier('$StationUser')), 'SetValue', 'Allow'))); \
    $$k.SetAccessControl($$a); 'ok'"`
  Pop $0
  Pop $1
  Push "SetValue on the Apps & features entry for $StationUser: exit $0 $1"
  Call WriteLog
  ${If} $0 != 0
    ${TELL} MB_ICONEXCLAMATION "$(NoKeyGrant)"
  ${EndIf}
FunctionEnd

; /ROOT=: the office's root.json (docs/updates.md, the key ceremony) installed as this
; PC's update trust by the new version itself, where its updater reads it
; ($INSTDIR\update-metadata\root.json).
Function UpdateTrust
  ${If} $Root == ""
    Return
  ${EndIf}
  nsExec::ExecToStack '"$Target\ult-desktop.exe" update trust --root "$Root" \
    --install-root "$INSTDIR"'
  Pop $0
  Pop $1
  Push "update trust: $0 $1"
  Call WriteLog
  ${If} $0 != 0
    ${TELL} MB_ICONEXCLAMATION "$(NoTrust)"
    ${If} $Failed == 0
      StrCpy $Failed 4
    ${EndIf}
  ${Else}
    ${SAY} "$(Trusted)"
  ${EndIf}
FunctionEnd

; The bundle into .incoming-<version>, checked, then renamed to <version>: a folder
; half-written by a failed run never carries a version's name.
Function Unpack
  StrCpy $R1 "$INSTDIR\.incoming-${VERSION}"
  RMDir /r "$R1"
  SetOutPath "$R1"
  File /r "${BUNDLE}/*"
  nsExec::ExecToStack '"$R1\ult-desktop.exe" --version'
  Pop $0
  Pop $1
  SetOutPath "$INSTDIR"
  ${If} $0 != 0
    RMDir /r "$R1"
    ${TELL} MB_ICONSTOP "$(NoStart)"
    SetErrorLevel 2
    Abort
  ${EndIf}
  ClearErrors
  Rename "$R1" "$Target"
  ${If} ${Errors}
    ${TELL} MB_ICONSTOP "$(NoMove)"
    SetErrorLevel 2
    Abort
  ${EndIf}
FunctionEnd

; A new junction under another name, then the names swapped: `current` is never missing
; longer than a rename. RMDir without /r removes a junction itself, never what it points to.
Function SwitchCurrent
  RMDir "$INSTDIR\current.next"
  nsExec::ExecToLog '"$SYSDIR\cmd.exe" /c mklink /J "$INSTDIR\current.next" "$Target"'
  Pop $0
  ${IfNot} ${FileExists} "$INSTDIR\current.next\ult-desktop.exe"
    RMDir "$INSTDIR\current.next"
    ${TELL} MB_ICONEXCLAMATION "$(NoJunction)"
    StrCpy $Failed 3
    Return
  ${EndIf}
  RMDir "$INSTDIR\current"
  ClearErrors
  Rename "$INSTDIR\current.next" "$INSTDIR\current"
  ${If} ${Errors}
    ${TELL} MB_ICONEXCLAMATION "$(NoJunction)"
    StrCpy $Failed 3
    Return
  ${EndIf}
  ${SAY} "$(Switched)"
FunctionEnd

; Versions other than this one and the one installed before it (the way back) go:
; renamed first (Windows refuses to rename a folder whose files a running program holds:
; that one is kept for the next update), then deleted, as install_windows.ps1 does. Where
; no earlier setup program recorded its version, every folder is kept.
Function PruneVersions
  ${If} $Previous == ""
    Return
  ${EndIf}
  FindFirst $0 $1 "$INSTDIR\*"
  ${DoWhile} $1 != ""
    StrCpy $2 $1 1
    ${If} ${FileExists} "$INSTDIR\$1\ult-desktop.exe"
    ${AndIf} $2 != "."
    ${AndIf} $1 != "${VERSION}"
    ${AndIf} $1 != $Previous
    ${AndIf} $1 != "current"
    ${AndIf} $1 != "current.next"
      ClearErrors
      Rename "$INSTDIR\$1" "$INSTDIR\.remove-$1"
      ${IfNot} ${Errors}
        RMDir /r "$INSTDIR\.remove-$1"
      ${EndIf}
    ${EndIf}
    FindNext $0 $1
  ${Loop}
  FindClose $0
FunctionEnd

; Apps & features: one entry for the program, whatever versions its folder holds.
Function UninstallEntry
  ${GetSize} "$Target" "/S=0K" $0 $1 $2
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\current\ult-desktopw.exe,0"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $0
FunctionEnd

; As `ult-desktop shortcuts` names them: "ULT Desktop <mode>" runs `start --mode <mode>`;
; without /MODE one "ULT Desktop" runs `start` (the setup wizard until the PC is set up).
Function Shortcuts
  Delete "${MENU}\ULT Desktop*.lnk"
  CreateDirectory "${MENU}"
  ${If} ${FileExists} "$INSTDIR\current\ult-desktop.exe"
    SetOutPath "$INSTDIR\current"
  ${EndIf}
  StrCpy $0 "$INSTDIR\current\ult-desktopw.exe"
  ${If} $Mode != ""
    CreateShortcut "${MENU}\ULT Desktop $Mode.lnk" "$0" "start --mode $Mode" "$0" 0 \
      SW_SHOWNORMAL "" "$(Comment)"
  ${Else}
    CreateShortcut "${MENU}\ULT Desktop.lnk" "$0" "start" "$0" 0 SW_SHOWNORMAL "" "$(Comment)"
  ${EndIf}
  SetOutPath "$INSTDIR"
FunctionEnd

; The counters' calls reach the TV on UDP LAN_PORT (every profile, the local subnet
; only, as install_windows.ps1 makes it); phones reach the phone page on TCP PHONE_PORT
; (Domain and Private): made before the app first runs, so Windows asks nothing.
Function FirewallRules
  Call DeleteFirewallRules
  nsExec::ExecToLog '"$SYSDIR\netsh.exe" advfirewall firewall add rule name="${LAN_RULE}" \
    dir=in action=allow protocol=UDP localport=${LAN_PORT} remoteip=localsubnet profile=any'
  Pop $0
  ${If} $0 != 0
    ${SAY} "$(Firewall)"
  ${EndIf}
  nsExec::ExecToLog '"$SYSDIR\netsh.exe" advfirewall firewall add rule name="${PHONE_RULE}" \
    dir=in action=allow protocol=TCP localport=${PHONE_PORT} profile=domain,private'
  Pop $0
  ${If} $0 != 0
    ${SAY} "$(Firewall)"
  ${EndIf}
FunctionEnd

!macro DELETE_FIREWALL_RULES UN
Function ${UN}DeleteFirewallRules
  nsExec::ExecToLog '"$SYSDIR\netsh.exe" advfirewall firewall delete rule name="${LAN_RULE}"'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\netsh.exe" advfirewall firewall delete rule name="${PHONE_RULE}"'
  Pop $0
FunctionEnd
!macroend
!insertmacro DELETE_FIREWALL_RULES ""
!insertmacro DELETE_FIREWALL_RULES "un."

; /MODE and /SHARE become the station file for every account of the PC
; (%PROGRAMDATA%\ULTDesktop\station.json, as `ult-desktop setup --all-users` writes it);
; a station file already there is the office's and is never changed.
Function StationFile
  ${If} $Mode == ""
  ${AndIf} $Share == ""
    Return
  ${EndIf}
  ${If} ${FileExists} "$APPDATA\ULTDesktop\station.json"
    ${SAY} "$(StationKept)"
    Return
  ${EndIf}
  CreateDirectory "$APPDATA\ULTDesktop"
  FileOpen $R0 "$APPDATA\ULTDesktop\station.json" w
  FileWrite $R0 '{"version": ${STATION_FILE_VERSION}'
  ${If} $Mode != ""
    FileWrite $R0 ', "mode": "$Mode"'
  ${EndIf}
  ${If} $Share != ""
    Push $Share
    Call JsonText
    Pop $R1
    FileWrite $R0 ', "db": "$R1"'
  ${EndIf}
  FileWrite $R0 '}$\r$\n'
  FileClose $R0
FunctionEnd

; The string on the stack as a JSON string's inside: backslashes and quotes escaped.
Function JsonText
  Exch $R2
  Push $R3
  Push $R4
  Push $R5
  StrCpy $R3 ""
  StrCpy $R4 0
  ${Do}
    StrCpy $R5 $R2 1 $R4
    ${IfThen} $R5 == "" ${|} ${ExitDo} ${|}
    ${If} $R5 == "\"
    ${OrIf} $R5 == '"'
      StrCpy $R3 "$R3\"
    ${EndIf}
    StrCpy $R3 "$R3$R5"
    IntOp $R4 $R4 + 1
  ${Loop}
  StrCpy $R2 $R3
  Pop $R5
  Pop $R4
  Pop $R3
  Exch $R2
FunctionEnd

; The new version says, without opening the file as a station would, whether it will
; update the office database's schema (the database of the station file).
Function SchemaWarning
  nsExec::ExecToStack '"$Target\ult-desktop.exe" version --json'
  Pop $0
  Pop $1
  ${StrStr} $2 $1 '"migrates": true'
  ${If} $2 != ""
    ${TELL} MB_ICONEXCLAMATION "$(Migrates)"
  ${EndIf}
  ${StrStr} $2 $1 '"too_old": true'
  ${If} $2 != ""
    ${TELL} MB_ICONEXCLAMATION "$(TooOld)"
  ${EndIf}
  ${StrStr} $2 $1 '"unknown": true'
  ${If} $2 != ""
  ${OrIf} $0 != 0
    ${TELL} MB_ICONEXCLAMATION "$(Unknown)"
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

; The program and what the setup program made; never the office's data.
Section "Uninstall"
  Delete "${MENU}\ULT Desktop*.lnk"
  RMDir "${MENU}"
  Call un.DeleteFirewallRules
  DeleteRegKey HKLM "${UNINST_KEY}"
  RMDir "$INSTDIR\current"
  RMDir "$INSTDIR\current.next"
  Call un.VersionFolders
  ; what the updates kept on this PC (docs/updates.md): its state, trust and downloads
  Delete "$INSTDIR\update-state.json"
  Delete "$INSTDIR\.switch.lock"
  RMDir /r "$INSTDIR\update-metadata"
  RMDir /r "$INSTDIR\update-downloads"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DetailPrint "$(DataKept)"
SectionEnd

; Only folders the setup program makes: a version (it holds ult-desktop.exe) and the
; leftovers of an interrupted unpack or removal. Never a junction (`current`).
Function un.VersionFolders
  FindFirst $0 $1 "$INSTDIR\*"
  ${DoWhile} $1 != ""
    ${If} $1 != "."
    ${AndIf} $1 != ".."
    ${AndIf} $1 != "current"
    ${AndIf} $1 != "current.next"
      StrCpy $2 $1 10
      StrCpy $3 $1 8
      ${If} ${FileExists} "$INSTDIR\$1\ult-desktop.exe"
      ${OrIf} $2 == ".incoming-"
      ${OrIf} $3 == ".remove-"
        RMDir /r /REBOOTOK "$INSTDIR\$1"
      ${EndIf}
    ${EndIf}
    FindNext $0 $1
  ${Loop}
  FindClose $0
FunctionEnd
