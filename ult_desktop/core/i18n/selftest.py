"""Texts of ``ult-desktop selftest``: one sentence per check, saying what was
seen and, when it failed, the one thing to do. The IT officer reads them on each PC."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "selftest.status.pass": _t("LULUS", "PASS"),
    "selftest.status.fail": _t("GAGAL", "FAIL"),
    "selftest.status.skip": _t("LEWATI", "SKIP"),
    "selftest.status.warn": _t("AWAS", "WARN"),
    "selftest.share.mapped_drive": _t(
        "Basis data dibuka lewat huruf drive {drive} (drive jaringan yang dipetakan): drive itu "
        "milik satu akun Windows, baru muncul beberapa detik setelah masuk, dan tidak ada untuk "
        "akun atau tugas lain. Tulis jalur UNC di berkas stasiun: {unc}",
        "The database is opened through drive letter {drive} (a mapped network drive): it "
        "belongs to one Windows account, appears only seconds after sign-in, and not at all for "
        "another account or a task. Put the UNC path in the station file: {unc}"),
    "selftest.summary": _t("{passed} lulus, {failed} gagal, {skipped} dilewati; laporan: {path}",
                           "{passed} passed, {failed} failed, {skipped} skipped; report: {path}"),
    "selftest.not_saved": _t("Laporan tidak bisa disimpan ({error}); salin baris di atas.",
                             "The report could not be saved ({error}); copy the lines above."),
    "selftest.button": _t("Uji stasiun ini", "Test this station"),
    "selftest.running": _t("Menguji stasiun ini…", "Testing this station…"),
    "selftest.crashed": _t("Pemeriksaan {area} berhenti karena kesalahan ({error}); kirim laporan "
                           "JSON ini ke pengembang.",
                           "The {area} check stopped on an error ({error}); send this JSON report "
                           "to the developers."),
    # bundle
    "selftest.bundle.version": _t("ULT Desktop {version}, Python {python}, Qt {qt}.",
                                  "ULT Desktop {version}, Python {python}, Qt {qt}."),
    "selftest.bundle.not_frozen": _t("Dijalankan dari Python, bukan dari paket instalasi; uji ini "
                                     "hanya berarti pada ult-desktop.exe yang terpasang.",
                                     "Running from Python, not from the installed bundle; this "
                                     "check only means something for the installed "
                                     "ult-desktop.exe."),
    "selftest.bundle.in_current": _t(
        "Program berjalan dari dalam tautan 'current' ({path}), sehingga pembaruan mengganti "
        "berkasnya saat berjalan; pasang versi yang dibangun dengan PyInstaller 6.22.2 atau lebih "
        "baru.",
        "The program runs from inside the 'current' link ({path}), so an update swaps its files "
        "while it runs; install a version built with PyInstaller 6.22.2 or newer."),
    "selftest.bundle.old_pyinstaller": _t(
        "Paket dibangun dengan PyInstaller {found}, perlu {need} atau lebih baru; minta versi "
        "yang dibangun ulang.",
        "The bundle was built with PyInstaller {found}, {need} or newer is needed; ask for a "
        "rebuilt release."),
    "selftest.bundle.meipass_ok": _t("Berkas program dibaca dari folder versinya sendiri ({path}, "
                                     "PyInstaller {pyinstaller}).",
                                     "The program's files are read from its own version folder "
                                     "({path}, PyInstaller {pyinstaller})."),
    "selftest.bundle.unsigned": _t("Paket ini tidak ditandatangani (ada UNSIGNED.txt); Smart App "
                                   "Control dapat memblokirnya, pasang rilis yang ditandatangani.",
                                   "This bundle is not signed (UNSIGNED.txt is present); Smart "
                                   "App Control may block it, install a signed release."),
    "selftest.bundle.signed": _t("Tanda tangan program sah menurut Windows.",
                                 "Windows finds the program's signature valid."),
    "selftest.bundle.signature_unknown": _t(
        "Tanda tangan program tidak dapat diperiksa di sini (hanya di Windows).",
        "The program's signature cannot be checked here (Windows only)."),
    "selftest.bundle.signature_bad": _t(
        "Windows menilai tanda tangan program '{status}': berkasnya berubah setelah "
        "ditandatangani atau sertifikatnya tidak dipercaya; pasang ulang dari rilis resmi.",
        "Windows judges the program's signature '{status}': the file changed after signing "
        "or its certificate is not trusted; reinstall from the official release."),
    "selftest.local.autostart_ok": _t("Stasiun mulai sendiri saat masuk Windows ({path}).",
                                      "The station starts by itself at sign-in ({path})."),
    "selftest.local.autostart_none": _t(
        "Stasiun {mode} ini tidak mulai sendiri setelah restart: jalankan ult-desktop shortcuts "
        "--autostart di akun stasiun (atau pakai Shell Launcher, docs/deployment.md bagian 5).",
        "This {mode} station does not start by itself after a restart: run ult-desktop "
        "shortcuts --autostart in the station's account (or use Shell Launcher, "
        "docs/deployment.md section 5)."),
    # local files
    "selftest.local.no_station_file": _t(
        "PC ini belum disiapkan (tidak ada berkas stasiun); jalankan ult-desktop setup di akun "
        "Windows stasiun ini.",
        "This PC is not set up (no station file); run ult-desktop setup in this station's Windows "
        "account."),
    "selftest.local.no_station_file_db": _t(
        "Tidak ada berkas stasiun; basis data diambil dari --db.",
        "No station file; the database comes from --db."),
    "selftest.local.station_file_bad": _t(
        "Berkas stasiun {path} rusak ({error}); jalankan ult-desktop setup lagi.",
        "The station file {path} is broken ({error}); run ult-desktop setup again."),
    "selftest.local.station_file": _t("Berkas stasiun {path} dipakai (mode {mode}).",
                                      "Station file {path} in use (mode {mode})."),
    "selftest.local.folder_ok": _t("Folder {folder} dapat ditulisi.",
                                   "Folder {folder} can be written."),
    "selftest.local.folder_bad": _t("Folder {folder} tidak dapat ditulisi ({reason}); beri akun "
                                    "Windows ini izin menulis di folder itu.",
                                    "Folder {folder} cannot be written ({reason}); give this "
                                    "Windows account write permission on it."),
    "selftest.local.atomic_ok": _t("Berkas lokal diganti utuh dalam satu langkah.",
                                   "Local files are replaced whole in one step."),
    "selftest.local.atomic_bad": _t("Berkas lokal tidak bisa diganti ({error}); kecualikan folder "
                                    "data ULT dari pemindaian antivirus.",
                                    "Local files cannot be replaced ({error}); exclude the ULT "
                                    "data folder from antivirus scanning."),
    "selftest.local.dpapi_ok": _t("Rahasia disegel dan dibuka kembali dengan DPAPI untuk akun ini.",
                                  "Secrets are sealed and unsealed with DPAPI for this account."),
    "selftest.local.secret_ok": _t("Rahasia disimpan hanya terbaca oleh akun ini (0600).",
                                   "Secrets are stored readable by this account only (0600)."),
    "selftest.local.secret_mode": _t(
        "Berkas rahasia berizin {mode}, bukan 0600; periksa umask dan pemilik folder data.",
        "A secret file got mode {mode}, not 0600; check the umask and the data folder's owner."),
    "selftest.local.secret_bad": _t("Rahasia tidak bisa disegel atau dibuka ({error}); jalankan "
                                    "stasiun di akun Windows-nya sendiri, bukan akun lain.",
                                    "Secrets cannot be sealed or unsealed ({error}); run the "
                                    "station in its own Windows account, not another one."),
    "selftest.local.no_key": _t("PC ini belum punya kunci stasiun; jalankan ult-desktop setup "
                                "atau buka mode stasiunnya sekali.",
                                "This PC has no station key yet; run ult-desktop setup or start "
                                "its mode once."),
    "selftest.local.key_ok": _t("Kunci stasiun terbaca, sidik jari {fingerprint}; pastikan admin "
                                "sudah mendaftarkannya (Admin → Stasiun).",
                                "The station key is readable, fingerprint {fingerprint}; make "
                                "sure an admin registered it (Admin → Stations)."),
    "selftest.local.key_unreadable": _t(
        "Kunci stasiun {fingerprint} tidak bisa dibuka (sandi akun direset?); buka mode stasiun "
        "sekali: kunci lama disisihkan, kunci baru dibuat, lalu minta admin mendaftarkannya.",
        "The station key {fingerprint} cannot be unsealed (account password reset?); start the "
        "station once: the old key is set aside and a new one made, then ask an admin to register "
        "it."),
    "selftest.local.journals_unreadable": _t(
        "Jurnal stasiun akun Windows lain tidak terbaca oleh akun ini: {folders}; tiket dan "
        "tindakannya tidak dikirim dari sini. Jalankan stasiun sekali di akun itu agar terkirim, "
        "atau setel ULT_JOURNAL_DIR ke satu folder untuk semua akun (docs/deployment.md butir 6).",
        "Other Windows accounts' station journals cannot be read by this account: {folders}; "
        "their tickets and acts are not landed from here. Run the station once in that account so "
        "they land, or set ULT_JOURNAL_DIR to one folder for every account (docs/deployment.md "
        "section 6)."),
    "selftest.local.key_replaced": _t(
        "Kunci lama {old} tidak terbaca dan diganti pada {at}; minta admin mendaftarkan kunci "
        "baru (Admin → Stasiun), lalu hapus replaced.json.",
        "The old key {old} was unreadable and replaced at {at}; ask an admin to register the new "
        "key (Admin → Stations), then delete replaced.json."),
    # share
    "selftest.share.no_db": _t("Tidak ada basis data untuk diuji; beri --db atau siapkan stasiun "
                               "ini.",
                               "No database to test; pass --db or set this station up."),
    "selftest.share.folder_ok": _t("Folder {folder} terjangkau.", "Folder {folder} is reachable."),
    "selftest.share.open_ok": _t("Basis data {path} terbuka seperti di stasiun.",
                                 "Database {path} opens as a station opens it."),
    "selftest.share.journal_ok": _t("Mode jurnal {mode} (rollback journal, aman di folder "
                                    "bersama).",
                                    "Journal mode {mode} (rollback journal, safe on a share)."),
    "selftest.share.journal_bad": _t("Mode jurnal {mode}, bukan DELETE; tutup program lain yang "
                                     "membuka berkas ini lalu jalankan ult-desktop check.",
                                     "Journal mode {mode}, not DELETE; close other programs that "
                                     "open this file, then run ult-desktop check."),
    "selftest.share.locks_ok": _t("{n} kunci tulis diambil dan dilepas, paling lama {worst} ms.",
                                  "{n} write locks taken and released, the slowest {worst} ms."),
    "selftest.share.locks_slow": _t("Kunci tulis paling lama {worst} ms; periksa jaringan dan "
                                    "pemindaian antivirus di server (kecualikan folder ult).",
                                    "The slowest write lock took {worst} ms; check the network "
                                    "and the server's antivirus scanning (exclude the ult folder)."),
    "selftest.share.locks_bad": _t(
        "Kunci tulis gagal ({error}); stasiun lain memegang kunci atau folder hanya-baca.",
        "A write lock failed ({error}); another station holds it or the share is read-only."),
    "selftest.share.ro_ok": _t("Basis data terbuka hanya-baca lewat URI (laporan dan cadangan).",
                               "The database opens read-only through a URI (reports and backups)."),
    "selftest.share.ro_bad": _t("Basis data tidak terbuka hanya-baca lewat URI ({error}); "
                                "laporkan path ini ke pengembang.",
                                "The database does not open read-only through a URI ({error}); "
                                "report this path to the developers."),
    "selftest.share.sqlite_ok": _t("SQLite {version}, secure_delete aktif (bawaan build: "
                                   "{default}).",
                                   "SQLite {version}, secure_delete on (build default: {default})."),
    "selftest.share.secure_delete_off": _t(
        "secure_delete tidak aktif; data pribadi yang dihapus bisa tertinggal, laporkan ke "
        "pengembang.",
        "secure_delete is off; deleted personal data may linger, report it to the developers."),
    "selftest.share.change_seen": _t(
        "Sambungan kedua melihat perubahan (penghitung {before} → {after}).",
        "A second connection sees the change (counter {before} → {after})."),
    "selftest.share.change_unseen": _t(
        "Sambungan kedua tidak melihat perubahan; layar lain tidak akan ikut berubah, periksa "
        "cache folder bersama (oplocks/leases) di server.",
        "A second connection does not see the change; other screens will not update, check the "
        "share's caching (oplocks/leases) on the server."),
    "selftest.share.busy": _t("Basis data sedang sibuk; ulangi uji ini sebentar lagi.",
                              "The database is busy; run the test again in a moment."),
    "selftest.share.no_psycopg": _t(
        "Build ini tidak memuat mesin PostgreSQL (psycopg): pasang versi ULT Desktop yang "
        "lengkap, atau pakai berkas bersama.",
        "This build has no PostgreSQL engine (psycopg): install the full ULT Desktop build, "
        "or use a shared file."),
    "selftest.share.engine_ok": _t("Mesin PostgreSQL ada: psycopg {version} ({impl}).",
                                   "PostgreSQL engine present: psycopg {version} ({impl})."),
    "selftest.share.server_open_ok": _t("Masuk ke server {url} berhasil; kantor terbuka "
                                        "seperti di stasiun.",
                                        "Logged in to {url}; the office opens as on a station."),
    "selftest.share.rtt_ok": _t("{n} perjalanan pulang-pergi ke server, median {ms} ms.",
                                "{n} round trips to the server, median {ms} ms."),
    "selftest.share.rtt_slow": _t(
        "Perjalanan ke server median {ms} ms: setiap tiket menunggu; pasang server di LAN "
        "kantor atau periksa jaringannya.",
        "Round trips to the server take {ms} ms (median): every ticket waits; put the server "
        "on the office LAN or check the network."),
    "selftest.share.version_ok": _t("PostgreSQL {version}.", "PostgreSQL {version}."),
    "selftest.share.version_old": _t(
        "PostgreSQL {version} terlalu lama: perbarui server ke versi 13 atau lebih baru.",
        "PostgreSQL {version} is too old: update the server to version 13 or newer."),
    "selftest.share.slots_ok": _t("Server masih punya {free} dari {max} sambungan.",
                                  "The server has {free} of {max} connections free."),
    "selftest.share.slots_few": _t(
        "Server tinggal punya {free} dari {max} sambungan: naikkan max_connections di "
        "postgresql.conf sebelum menambah stasiun.",
        "The server has only {free} of {max} connections free: raise max_connections in "
        "postgresql.conf before adding stations."),
    "selftest.share.listen_ok": _t("Sambungan kedua mendengar penulisan stasiun ini (LISTEN): "
                                   "layar lain segera melihat perubahan.",
                                   "A second connection hears this station's write (LISTEN): "
                                   "other screens see changes at once."),
    "selftest.share.listen_unheard": _t(
        "Tidak ada pemberitahuan dalam {s} detik (LISTEN): layar lain baru melihat perubahan "
        "setelah beberapa detik; periksa proxy atau pooler di depan server.",
        "No notification within {s} seconds (LISTEN): other screens see changes only after "
        "a few seconds; check for a proxy or pooler in front of the server."),
    "selftest.share.key_none": _t("PC ini belum punya kunci stasiun (dibuat saat pertama "
                                  "dijalankan).",
                                  "This PC has no station key yet (made at its first start)."),
    "selftest.share.key_no_office_keys": _t(
        "Kantor ini belum mendaftarkan kunci stasiun (belum ada akar kepercayaan).",
        "This office registers no station keys yet (no root of trust)."),
    "selftest.share.key_ok": _t("Kunci PC ini ({fingerprint}) terdaftar di kantor sebagai {role}.",
                                "This PC's key ({fingerprint}) is registered as {role}."),
    "selftest.share.key_pending": _t(
        "Kunci PC ini ({fingerprint}) menunggu persetujuan: admin menyetujuinya di Admin > "
        "Stasiun; sampai itu, yang ditulis stasiun ini dicatat sebagai temuan.",
        "This PC's key ({fingerprint}) awaits approval: an admin approves it on Admin > "
        "Stations; until then what this station writes is a finding."),
    "selftest.share.key_unknown": _t(
        "Kunci PC ini ({fingerprint}) tidak dikenal kantor: jalankan stasiun sekali agar "
        "kuncinya muncul, lalu admin menyetujuinya di Admin > Stasiun.",
        "This PC's key ({fingerprint}) is unknown to the office: start the station once so "
        "its key shows up, then an admin approves it on Admin > Stations."),
    "selftest.share.key_role": _t(
        "Kunci PC ini ({fingerprint}) terdaftar sebagai {role}, bukan {wanted}: yang ditulisnya "
        "ditolak; admin mendaftarkannya lagi dengan peran yang benar.",
        "This PC's key ({fingerprint}) is registered as {role}, not {wanted}: what it writes "
        "is refused; an admin registers it again with the right role."),
    "selftest.share.clock_ok": _t(
        "Jam PC ini cocok dengan berkas bersama/server (selisih {s} detik).",
        "This PC's clock agrees with the share/server ({s} seconds apart)."),
    "selftest.share.clock_unknown": _t(
        "Jam PC ini belum dapat dibandingkan (basis data sibuk); ulangi uji ini.",
        "This PC's clock could not be compared yet (database busy); run the test again."),
    "selftest.share.reference_off": _t(
        "Jam PC yang menyimpan berkas bersama (atau server) meleset {minutes} menit; stasiun lain "
        "melihat hal yang sama: setel jam dan zona waktu di PC itu.",
        "The clock of the PC holding the shared file (or of the server) is {minutes} minutes "
        "off; the other stations see the same: set that PC's time and zone."),
    "selftest.share.other_clocks_ok": _t(
        "Jam stasiun lain (detak terakhir) cocok dengan berkas bersama/server.",
        "The other stations' clocks (last heartbeat) agree with the share/server."),
    "selftest.share.other_clocks_off": _t(
        "Jam stasiun ini meleset: {names}; setel tanggal, jam dan zona waktu di PC itu.",
        "These stations' clocks are off: {names}; set date, time and zone on those PCs."),
    "selftest.share.zone_ok": _t("Zona waktu PC sama dengan zona kantor ({zone}, {utc}).",
                                 "The PC's time zone is the office's ({zone}, {utc})."),
    "selftest.share.zone_other": _t(
        "Zona waktu PC {pc}, zona kantor {zone} ({utc}): setel zona Windows ke {utc} dan jamnya "
        "otomatis, jangan mengubah jam dengan tangan.",
        "The PC's time zone is {pc}, the office's {zone} ({utc}): set Windows' zone to {utc} "
        "with automatic time, never set the clock by hand."),
    # what Windows will do tomorrow, and the share's host (--host)
    "selftest.cli.host": _t("periksa juga PC ini sebagai tempat folder bersama",
                            "also check this PC as the host of the shared folder"),
    "selftest.host.windows_only": _t("Hanya diperiksa di Windows.", "Checked on Windows only."),
    "selftest.host.pending_restart": _t(
        "Windows menunggu restart untuk pembaruan: restart PC ini sekarang, di luar jam layanan, "
        "sebelum Windows melakukannya sendiri.",
        "Windows is waiting to restart for an update: restart this PC now, outside service "
        "hours, before Windows does it on its own."),
    "selftest.host.no_pending_restart": _t("Tidak ada restart pembaruan yang menunggu.",
                                           "No update restart is waiting."),
    "selftest.host.active_hours_ok": _t(
        "Jam aktif Windows {start}.00-{end}.00 menutupi jam layanan.",
        "Windows' active hours {start}:00-{end}:00 cover the service hours."),
    "selftest.host.active_hours_short": _t(
        "Jam aktif Windows {start}.00-{end}.00 tidak menutupi jam layanan {open}.00-{close}.00: "
        "Windows bisa restart saat antrean berjalan; setel di Pengaturan > Windows Update.",
        "Windows' active hours {start}:00-{end}:00 do not cover the service hours "
        "{open}:00-{close}:00: Windows may restart while the queue runs; set them in Settings "
        "> Windows Update."),
    "selftest.host.active_hours_unknown": _t("Jam aktif Windows tidak terbaca.",
                                             "Windows' active hours could not be read."),
    "selftest.host.sleeps": _t(
        "PC ini tidur setelah {minutes} menit tanpa sentuhan: setel 'Sleep' ke 'Never' (Opsi "
        "daya) agar stasiun dan folder bersama tetap terjangkau.",
        "This PC sleeps after {minutes} minutes untouched: set Sleep to Never (Power options) "
        "so the station and the shared folder stay reachable."),
    "selftest.host.never_sleeps": _t("PC ini tidak pernah tidur (sumber listrik AC).",
                                     "This PC never sleeps (on AC power)."),
    "selftest.host.nic_may_sleep": _t(
        "Windows boleh mematikan kartu jaringan {names} untuk menghemat daya: matikan pilihan itu "
        "di Device Manager > Power Management.",
        "Windows may switch off the network adapter {names} to save power: untick that in "
        "Device Manager > Power Management."),
    "selftest.host.lan_rule_on": _t(
        "Firewall Windows membuka UDP {port} (aturan 'ULT Desktop LAN') untuk jaringan aktif "
        "{active}: layar TV mendengar panggilan loket saat berkas bersama tidak terjangkau.",
        "Windows Firewall opens UDP {port} (rule 'ULT Desktop LAN') on the active network "
        "{active}: the TV hears the counters' calls while the shared file is away."),
    "selftest.host.lan_rule_blocked": _t(
        "Aturan firewall Windows \"{names}\" memblokir UDP {port}: aturan blokir mengalahkan "
        "aturan izin, jadi TV tidak mendengar panggilan loket saat berkas bersama tidak "
        "terjangkau. Matikan atau hapus aturan itu (wf.msc, Inbound Rules).",
        "The Windows Firewall rule \"{names}\" blocks UDP {port}: a block rule beats every "
        "allow rule, so the TV does not hear the counters' calls while the shared file is "
        "away. Disable or delete that rule (wf.msc, Inbound Rules)."),
    "selftest.host.lan_rule_off": _t(
        "Firewall Windows belum membuka UDP {port} (jaringan aktif: {active}): saat berkas "
        "bersama tidak terjangkau, TV tidak mendengar panggilan loket. Jalankan pemasang sekali "
        "sebagai administrator.",
        "Windows Firewall does not open UDP {port} (active network: {active}): while the "
        "shared file is away the TV does not hear the counters' calls. Run the installer once "
        "as administrator."),
    "selftest.host.lan_rule_profile": _t(
        "Aturan firewall 'ULT Desktop LAN' (UDP {port}) hanya berlaku untuk profil {rule}, "
        "sedangkan jaringan {names} di PC ini berprofil lain: TV tidak mendengar panggilan loket "
        "saat berkas bersama tidak terjangkau. Jalankan pemasang versi ini sekali sebagai "
        "administrator (aturan untuk semua profil, hanya subnet lokal), atau ubah jaringan ke "
        "Privat.",
        "The firewall rule 'ULT Desktop LAN' (UDP {port}) covers the {rule} profile only, and "
        "this PC's network {names} has another: the TV does not hear the counters' calls while "
        "the shared file is away. Run this version's installer once as administrator (a rule "
        "for every profile, local subnet only), or make the network Private."),
    "selftest.host.nic_stays": _t("Kartu jaringan tidak dimatikan untuk menghemat daya.",
                                  "Network adapters are not switched off to save power."),
    "selftest.host.autologon_on": _t("Windows masuk sendiri setelah restart (autologon).",
                                     "Windows signs in on its own after a restart (autologon)."),
    "selftest.host.autologon_off": _t(
        "Stasiun {mode} ini menunggu seseorang masuk ke Windows setelah restart: atur autologon "
        "untuk akun stasiun (docs/deployment.md bagian 5).",
        "This {mode} station waits for someone to sign in to Windows after a restart: set up "
        "autologon for the station account (docs/deployment.md section 5)."),
    "selftest.host.public": _t(
        "Jaringan {names} berprofil Publik: Windows menutup berbagi berkas di sana; ubah ke Privat "
        "(Pengaturan > Jaringan).",
        "Network {names} has the Public profile: Windows closes file sharing there; make it "
        "Private (Settings > Network)."),
    "selftest.host.private": _t("Semua jaringan berprofil Privat atau Domain.",
                                "Every network has the Private or Domain profile."),
    "selftest.host.sharing_on": _t("Aturan firewall 'Berbagi File dan Printer' aktif.",
                                   "The 'File and Printer Sharing' firewall rule is on."),
    "selftest.host.sharing_off": _t(
        "Aturan firewall 'Berbagi File dan Printer' mati: stasiun lain tidak bisa membuka folder "
        "bersama; nyalakan untuk profil Privat.",
        "The 'File and Printer Sharing' firewall rule is off: other stations cannot open the "
        "shared folder; switch it on for the Private profile."),
    "selftest.host.modern_standby": _t(
        "PC ini memakai Modern Standby, yang bisa memutus jaringan saat layar mati: pakai PC lain "
        "atau NAS untuk folder bersama, atau jangan biarkan layarnya mati.",
        "This PC uses Modern Standby, which can drop the network while the screen is off: hold "
        "the shared folder on another PC or a NAS, or never let its screen turn off."),
    "selftest.host.no_modern_standby": _t("Tanpa Modern Standby.", "No Modern Standby."),
    "selftest.host.sessions_client": _t(
        "{n} sesi SMB; Windows klien melayani paling banyak {limit}: lebih dari {advice} stasiun, "
        "pindahkan folder bersama ke NAS atau Windows Server.",
        "{n} SMB sessions; a client Windows serves at most {limit}: past {advice} stations, move "
        "the shared folder to a NAS or Windows Server."),
    "selftest.host.sessions_client_full": _t(
        "{n} sesi SMB, mendekati batas {limit} Windows klien: pindahkan folder bersama ke NAS "
        "atau Windows Server sebelum stasiun berikutnya ditolak.",
        "{n} SMB sessions, close to a client Windows' limit of {limit}: move the shared folder "
        "to a NAS or Windows Server before the next station is refused."),
    "selftest.host.sessions_server": _t("{n} sesi SMB (Windows Server: tanpa batas 20 sesi).",
                                        "{n} SMB sessions (Windows Server: no 20-session limit)."),
    # power
    "selftest.power.accepted": _t("Windows menerima permintaan layar tetap menyala ({value}).",
                                  "Windows accepts the keep-the-screen-on request ({value})."),
    "selftest.power.refused": _t("Windows menolak permintaan layar tetap menyala; terapkan baris "
                                 "powercfg di docs/deployment.md.",
                                 "Windows refuses the keep-the-screen-on request; apply the "
                                 "powercfg lines in docs/deployment.md."),
    "selftest.power.no_x": _t("Bukan Windows dan tidak ada server X untuk ditanya; matikan layar "
                              "kosong di sesi (xset s off -dpms).",
                              "Not Windows and no X server to ask; turn blanking off in the "
                              "session (xset s off -dpms)."),
    "selftest.power.x_off": _t("Server X tidak mengosongkan layar (screen saver 0, DPMS mati).",
                               "The X server never blanks the screen (screen saver 0, DPMS off)."),
    "selftest.power.x_blanks": _t(
        "Server X akan mengosongkan layar; jalankan xset s off -dpms di sesi kios.",
        "The X server will blank the screen; run xset s off -dpms in the kiosk session."),
    "selftest.power.lockdown_windows_only": _t(
        "Kebijakan penguncian kios hanya ada di Windows.",
        "Kiosk lockdown policies exist only on Windows."),
    "selftest.power.lockdown_not_kiosk": _t(
        "Mode {mode} tidak dikunci sebagai kios; kebijakan tidak diperiksa.",
        "Mode {mode} is not locked down as a kiosk; policies not checked."),
    "selftest.power.policy_set": _t("Kebijakan {where} terpasang.", "Policy {where} is set."),
    "selftest.power.policy_unreadable": _t(
        "Kebijakan {where} tidak bisa dibaca oleh akun ini; periksa sebagai administrator.",
        "Policy {where} cannot be read by this account; check it as administrator."),
    "selftest.power.policy.edge_swipe": _t(
        "Usapan tepi layar masih aktif; set {where} = {wanted} (docs/deployment.md).",
        "Edge swipes are still on; set {where} = {wanted} (docs/deployment.md)."),
    "selftest.power.policy.toasts": _t(
        "Notifikasi dapat muncul di atas kios; set {where} = {wanted} (docs/deployment.md).",
        "Notifications can pop up over the kiosk; set {where} = {wanted} (docs/deployment.md)."),
    "selftest.power.policy.notification_center": _t(
        "Pusat notifikasi dapat dibuka; set {where} = {wanted} (docs/deployment.md).",
        "The notification centre can be opened; set {where} = {wanted} (docs/deployment.md)."),
    "selftest.power.policy.update_restart": _t(
        "Windows Update dapat memulai ulang PC saat kios berjalan; set {where} = {wanted} "
        "(docs/deployment.md).",
        "Windows Update may restart the PC while the kiosk runs; set {where} = {wanted} "
        "(docs/deployment.md)."),
    "selftest.power.policy.touch_keyboard": _t(
        "Keyboard sentuh dapat muncul sendiri; set {where} = {wanted} (docs/deployment.md).",
        "The touch keyboard may pop up by itself; set {where} = {wanted} (docs/deployment.md)."),
    # printer
    "selftest.printer.installed": _t("{count} printer terpasang di Windows: {names}.",
                                     "{count} printers installed in Windows: {names}."),
    "selftest.printer.no_queue_needed": _t(
        "Windows tidak punya printer terpasang; stasiun ini tidak mencetak lewat antrean "
        "Windows (win32://), jadi tidak perlu.",
        "Windows has no printers installed; this station does not print through a Windows "
        "queue (win32://), so none is needed."),
    "selftest.printer.none_installed": _t(
        "Windows tidak punya printer terpasang; pasang driver printer struk atau pakai usb://.",
        "Windows has no printers installed; install the receipt printer's driver or use usb://."),
    "selftest.printer.no_cups": _t(
        "Tidak ada CUPS (lpstat) di PC ini; printer dipakai langsung lewat URL-nya.",
        "No CUPS (lpstat) on this PC; the printer is used directly through its URL."),
    "selftest.printer.cups_queues": _t("{count} antrean CUPS: {names}.",
                                       "{count} CUPS queues: {names}."),
    "selftest.printer.queue_bad": _t("{error}", "{error}"),
    "selftest.printer.queue_offline": _t(
        "Antrean {name} disetel luring atau kertas habis; buka antrean printer di Windows, "
        "matikan 'Use printer offline', isi kertas.",
        "Queue {name} is set offline or out of paper; open the printer queue in Windows, untick "
        "'Use printer offline', load paper."),
    "selftest.printer.queue_ok": _t("Antrean {name}: driver {driver} (v{version}), port {port}.",
                                    "Queue {name}: driver {driver} (v{version}), port {port}."),
    "selftest.printer.status_ok": _t("Printer {target} siap.", "Printer {target} is ready."),
    "selftest.printer.status_paper_low": _t(
        "Printer {target} siap, kertas hampir habis; siapkan gulungan baru.",
        "Printer {target} is ready, paper is low; have a new roll at hand."),
    "selftest.printer.status_unknown": _t(
        "Printer {target} terjangkau tetapi tidak melaporkan status; cetak tiket uji (--print) "
        "untuk memastikan.",
        "Printer {target} is reachable but reports no status; print a test ticket (--print) to be "
        "sure."),
    "selftest.printer.status_bad": _t("{error}", "{error}"),
    "selftest.printer.none_kiosk": _t(
        "Kios ini tidak punya printer; isi alamat printer di pengaturan kios.",
        "This kiosk has no printer; enter the printer address in the kiosk settings."),
    "selftest.printer.not_used": _t("Stasiun ini tidak memakai printer.",
                                    "This station uses no printer."),
    "selftest.printer.bad_url": _t("{error}", "{error}"),
    "selftest.printer.print_not_asked": _t(
        "Tiket uji tidak dicetak; tambahkan --print untuk mencetaknya.",
        "No test ticket printed; add --print to print one."),
    "selftest.printer.print_timeout": _t(
        "Printer {target} tidak menjawab; periksa kabel dan daya printer.",
        "Printer {target} did not answer; check its cable and power."),
    "selftest.printer.print_bad": _t("{error}", "{error}"),
    "selftest.printer.print_preview": _t(
        "Tiket uji disimpan sebagai gambar: {path}.",
        "Test ticket saved as a picture: {path}."),
    "selftest.printer.print_ok": _t(
        "Tiket uji terkirim ke {target} ({bytes} byte); pastikan kertasnya keluar.",
        "Test ticket sent to {target} ({bytes} bytes); check that it came out."),
    "selftest.printer.print_spooled": _t(
        "Windows menyerahkan tiket uji ke {target} ({bytes} byte); spooler hanya membuktikan data "
        "sampai ke printer, pastikan kertasnya keluar.",
        "Windows handed the test ticket to {target} ({bytes} bytes); the spooler only proves the "
        "bytes reached the printer, check that paper came out."),
    # screens, sound, speech (ui/selftest_checks.py)
    "selftest.screens.display": _t("Layar ruang tunggu akan tampil di {name} ({width}×{height}).",
                                   "The lobby display will show on {name} ({width}×{height})."),
    "selftest.screens.display_missing": _t(
        "Tidak ada layar bernama '{setting}' (TV mati atau kabelnya lepas?); sekarang tampilan "
        "memakai {name}. Nyalakan TV atau ubah pengaturan layar stasiun.",
        "No screen named '{setting}' (TV off or unplugged?); the display now uses {name}. "
        "Switch the TV on or change the station's screen setting."),
    "selftest.screens.one": _t("Layar {name}: {width}×{height} pada ({x},{y}), skala {scale}.",
                               "Screen {name}: {width}×{height} at ({x},{y}), scale {scale}."),
    "selftest.screens.none": _t("Tidak ada layar; periksa kabel dan sambungan monitor/TV.",
                                "No screen; check the monitor/TV cable and connection."),
    "selftest.screens.no_session": _t(
        "Tidak ada sesi grafis untuk diuji (tanpa DISPLAY); jalankan uji ini di layar stasiun.",
        "No graphical session to test (no DISPLAY); run this test on the station's screen."),
    "selftest.screens.scheme": _t(
        "Skema warna sistem: {scheme}; ULT Desktop tetap memakai tampilan terang.",
        "System colour scheme: {scheme}; ULT Desktop keeps its light look."),
    "selftest.sound.outputs": _t("{count} keluaran suara, bawaan: {default}.",
                                 "{count} sound outputs, default: {default}."),
    "selftest.sound.none": _t("Tidak ada keluaran suara; sambungkan TV/pengeras suara dan pilih "
                              "sebagai perangkat bawaan.",
                              "No sound output; connect the TV/speakers and make it the default "
                              "device."),
    "selftest.sound.none_not_needed": _t(
        "Tidak ada keluaran suara (stasiun ini tidak memanggil dengan suara).",
        "No sound output (this station does not announce calls)."),
    "selftest.sound.no_multimedia": _t("Qt Multimedia tidak tersedia; panggilan tidak akan "
                                       "bersuara.",
                                       "Qt Multimedia is missing; calls will be silent."),
    "selftest.sound.played": _t("{what} diputar di {device}; pastikan terdengar.",
                                "{what} played on {device}; make sure it was heard."),
    "selftest.sound.not_played": _t(
        "{what} tidak terputar di {device}; periksa volume dan perangkat bawaan.",
        "{what} did not play on {device}; check the volume and the default device."),
    "selftest.sound.not_asked": _t("Bunyi tidak diputar; tambahkan --sound untuk memutar bel dan "
                                   "panggilan.",
                                   "No sound played; add --sound to play the chime and a call."),
    "selftest.speech.engines": _t("Mesin suara: {engines}; suara Indonesia: {voice}.",
                                  "Speech engines: {engines}; Indonesian voice: {voice}."),
    "selftest.speech.no_indonesian": _t(
        "Tidak ada suara Indonesia (mesin: {engines}): anjungan dan TV memakai rekaman bawaan; "
        "kata nama layanan yang tidak ada rekamannya dieja huruf demi huruf (uji perangkat "
        "menyebut namanya); untuk suara penuh, tambah suara Indonesia di Pengaturan → Waktu & "
        "bahasa → Ucapan (Windows berbahasa Inggris: Settings → Time & language → Speech).",
        "No Indonesian voice (engines: {engines}): the kiosk and the TV use the recorded clips; "
        "a word of a service name with no recording is spelt letter by letter (the device "
        "test names those names); for a full voice, add the Indonesian voice in Settings → "
        "Time & language → Speech."),
    "selftest.speech.espeak": _t("espeak berbicara bahasa Indonesia ({voice}).",
                                 "espeak speaks Indonesian ({voice})."),
    "cli.cmd.morning_check": _t("cek pagi sebelum loket buka: folder bersama/server, setiap "
                                "stasiun, printer, suara, jam, cadangan, disk (hasilnya "
                                "disimpan di catatan kantor)",
                                "the morning check before opening: share/server, every "
                                "station, printers, sound, clocks, backup, disk (kept in the "
                                "office's record)"),
    "morning.cli.printer": _t("printer PC ini (URL); bawaan: dari berkas stasiun",
                              "this PC's printer (URL); default: from the station file"),
    "morning.cli.no_print": _t("jangan cetak tiket uji (di PC ini maupun di anjungan)",
                               "print no test ticket (on this PC nor at the kiosks)"),
    "morning.cli.no_sound": _t("jangan putar bel dan panggilan (di PC ini maupun di TV)",
                               "play no chime and call (on this PC nor on the TVs)"),
    "morning.cli.no_qt": _t("tanpa uji suara Qt (PC tanpa layar)",
                            "without Qt's sound checks (a PC with no screen)"),
    "morning.summary": _t("Cek pagi: {passed} baik, {failed} perlu ditangani ({seconds} detik). "
                          "Baris GAGAL menyebut apa yang harus dilakukan.",
                          "Morning check: {passed} fine, {failed} to fix ({seconds} s). Each "
                          "FAIL line says what to do."),
    "morning.not_kept": _t("Hasil cek pagi tidak tersimpan di catatan kantor: basis data tidak "
                           "dapat ditulis atau kunci PC ini belum terdaftar (lihat baris kunci); "
                           "jalankan cek pagi di PC admin.",
                           "The morning check was not kept in the office's record: the "
                           "database cannot be written or this PC's key is not registered "
                           "(line share.key); run it on the admin PC."),
    "selftest.office.station_on": _t("{station} ({mode}) hidup, tanda terakhir {s} detik lalu.",
                                     "{station} ({mode}) is on, last heartbeat {s} s ago."),
    "selftest.office.station_off": _t(
        "{station} ({mode}) tidak mengirim tanda hidup sejak {minutes} menit; nyalakan PC itu "
        "dan buka ULT Desktop di sana.",
        "{station} ({mode}) has sent no heartbeat for {minutes} min; switch that PC on and "
        "start ULT Desktop there."),
    "selftest.office.station_gone": _t(
        "{station} tidak terlihat sejak {days} hari; bila PC itu sudah tidak dipakai, abaikan.",
        "{station} has not been seen for {days} days; if that PC is no longer used, ignore this."),
    "selftest.office.station_unreadable": _t(
        "Baris stasiun {station} tidak terbaca; buka ULT Desktop di PC itu agar ditulis ulang.",
        "The row of station {station} cannot be read; start ULT Desktop on that PC to write "
        "it again."),
    "selftest.office.no_station": _t(
        "Belum ada stasiun yang pernah tersambung; buka anjungan, loket dan TV terlebih dahulu.",
        "No station has connected yet; start the kiosk, the counters and the TV first."),
    "selftest.office.printer_bad": _t(
        "Printer anjungan {station}: {state}; periksa kertas, tutup dan kabelnya, lalu cetak "
        "tes dari pojok admin anjungan.",
        "Kiosk {station}'s printer: {state}; check its paper, cover and cable, then print a "
        "test from the kiosk's admin corner."),
    "selftest.office.journal_bad": _t(
        "{station} tidak dapat menulis jurnalnya di disk PC; stasiun itu hanya melayani selama "
        "folder bersama terjangkau: periksa ruang disk dan antivirus di PC itu.",
        "{station} cannot write its journal on the PC's disk; it serves only while the share "
        "answers: check that PC's free disk and antivirus."),
    "selftest.office.pending": _t(
        "{station} menyimpan {n} tindakan yang belum masuk ke catatan kantor; biarkan stasiun "
        "itu menyala sampai terkirim.",
        "{station} keeps {n} acts the office's record has not got; leave that station on "
        "until they are sent."),
    "selftest.office.devices_none": _t(
        "Tidak ada anjungan atau TV yang hidup untuk diuji dari sini.",
        "No running kiosk or TV to test from here."),
    "selftest.office.printer_test_ok": _t("Anjungan {station}: {detail}",
                                          "Kiosk {station}: {detail}"),
    "selftest.office.printer_test_bad": _t(
        "Printer {station} tidak mencetak tiket uji ({detail}): periksa kertas, penutup "
        "dan kabelnya.",
        "The printer of {station} did not print the test ticket ({detail}): check its "
        "paper, cover and cable."),
    "selftest.office.printer_silent": _t(
        "{station} tidak menjawab uji cetak dalam {s} detik: pastikan aplikasinya berjalan "
        "dan tersambung ke berkas bersama.",
        "{station} did not answer the print test within {s} s: make sure its app runs and "
        "reaches the shared file."),
    "selftest.office.sound_test_ok": _t("Suara TV {station}: bunyi uji selesai diputar.",
                                        "Sound of TV {station}: test chime played."),
    "selftest.office.sound_test_bad": _t(
        "Bunyi uji TV {station} tidak selesai diputar: periksa pengeras suara dan kabel suara TV.",
        "The test chime of TV {station} did not finish: check the TV's speaker and sound cable."),
    "selftest.office.sound_off": _t(
        "TV {station} dijalankan tanpa suara: panggilan hanya tampil di layar.",
        "TV {station} runs without sound: calls are only shown."),
    "selftest.office.sound_silent": _t(
        "TV {station} tidak menjawab uji suara dalam {s} detik: pastikan aplikasinya "
        "berjalan dan tersambung ke berkas bersama.",
        "TV {station} did not answer the sound test within {s} s: make sure its app runs "
        "and reaches the shared file."),
    # a kiosk's voices, by language: what its spoken mode can say
    "selftest.office.speech_test_ok": _t("Suara anjungan {station}: {detail}.",
                                         "Speech of kiosk {station}: {detail}."),
    "selftest.office.speech_test_bad": _t(
        "Suara anjungan {station} kurang: {detail}. Pasang suara bahasa itu di PC anjungan "
        "(Windows: Pengaturan > Waktu & bahasa > Ucapan > Tambahkan suara; Windows berbahasa "
        "Inggris: Settings > Time & language > Speech > Add voices).",
        "Speech of kiosk {station} is short of a voice: {detail}. Add that language's voice "
        "on the kiosk PC (Windows: Settings > Time & language > Speech > Add voices)."),
    "selftest.office.speech_silent": _t(
        "{station} tidak menjawab uji suara anjungan dalam {s} detik: pastikan aplikasinya "
        "berjalan dan tersambung ke berkas bersama.",
        "{station} did not answer the speech test within {s} s: make sure its app runs "
        "and reaches the shared file."),
    "selftest.office.speech_lang.id": _t("bahasa Indonesia", "Indonesian"),
    "selftest.office.speech_lang.en": _t("bahasa Inggris", "English"),
    "selftest.office.speech_spelled": _t(
        "{language}: nama layanan ini dieja huruf demi huruf (kata tanpa rekaman): {names}; "
        "rekam katanya di folder suara kantor",
        "{language}: these service names are spelt letter by letter (words without a "
        "recording): {names}; record the words in the office's voice folder"),
    "selftest.office.speech_full": _t("{language}: rekaman dan suara {engine}",
                                      "{language}: recordings and the voice {engine}"),
    "selftest.office.speech_clips": _t(
        "{language}: rekaman saja, tidak ada suara {language} di PC ini (nama layanan "
        "disebut dengan hurufnya)",
        "{language}: recordings only, no {language} voice on this PC (service names said "
        "by their letter)"),
    "selftest.office.speech_none": _t(
        "{language}: tidak ada suara, layar itu dipandu dalam bahasa Indonesia dan "
        "anjungan mengatakannya",
        "{language}: no voice, that screen is guided in Indonesian and the kiosk says so"),
    "selftest.office.phone_off": _t("Halaman antrean ponsel tidak dipakai kantor ini.",
                                    "This office does not use the phone queue page."),
    "selftest.office.phone_served": _t("Halaman antrean ponsel dilayani oleh {station} di "
                                       "{address}.",
                                       "The phone queue page is served by {station} at "
                                       "{address}."),
    "selftest.office.phone_unknown": _t(
        "Halaman antrean ponsel ({address}): belum ada stasiun yang melaporkannya; nyalakan "
        "layar TV (atau stasiun yang ditunjuk di Admin > Layar).",
        "Phone queue page ({address}): no station has reported it yet; start the TV (or "
        "the station named in Admin > Display)."),
    "selftest.office.phone_not_served": _t(
        "Halaman antrean ponsel TIDAK dilayani di {address} (stasiun {station}): tiket dan "
        "layar TV tidak menunjuk ke sana. Lihat baris merah di layar {station}: port "
        "dipakai program lain, alamat bukan milik PC itu, atau aplikasinya ditutup.",
        "The phone queue page is NOT served at {address} (station {station}): tickets and "
        "the TV do not point to it. See the red line on {station}'s screen: the port is "
        "taken by another program, the address is not that PC's, or the app is closed."),
    "selftest.office.backup_ok": _t("Cadangan terakhir {hours} jam lalu.",
                                    "Last backup {hours} h ago."),
    "selftest.office.pins_unsealed": _t(
        "{n} petugas memakai PIN yang dibuat sebelum bukti masuk ({names}): masuknya di "
        "loket belum dapat dibuktikan; admin silakan atur ulang PIN mereka.",
        "{n} officers have a PIN made before sign-in proofs ({names}): their sign-ins at a "
        "counter cannot be proven yet; the admin should set their PINs again."),
    "selftest.office.backup_bad": _t("Cadangan: {why}", "Backup: {why}"),
    "selftest.office.disk_ok": _t("Ruang kosong di disk berkas bersama: {gib} GB.",
                                  "Free space on the shared file's disk: {gib} GB."),
    "selftest.office.disk_low": _t(
        "Ruang kosong di disk berkas bersama tinggal {gib} GB; kosongkan ruang di PC penyimpan "
        "berkas.",
        "Only {gib} GB free on the shared file's disk; free some space on the PC that holds "
        "the file."),
    "selftest.office.disk_full": _t(
        "Disk berkas bersama hampir penuh ({gib} GB); antrean bisa berhenti: kosongkan ruang "
        "sekarang.",
        "The shared file's disk is almost full ({gib} GB); the queue may stop: free space now."),
    "selftest.office.disk_unknown": _t("Ruang disk berkas bersama tidak terbaca ({error}).",
                                       "The shared file's free disk space cannot be read "
                                       "({error})."),
    "cli.cmd.selftest": _t("uji PC ini: paket, berkas lokal, folder bersama, daya, printer, "
                           "layar, suara (laporan JSON di folder data)",
                           "test this PC: bundle, local files, share, power, printer, screens, "
                           "sound (JSON report in the data folder)"),
    "cli.opt.selftest.printer": _t("alamat printer (bawaan: dari berkas stasiun; variabel "
                                   "ULT_PRINTER)",
                                   "printer address (default: from the station file; variable "
                                   "ULT_PRINTER)"),
    "cli.opt.selftest.do_print": _t("cetak tiket uji", "print a test ticket"),
    "cli.opt.selftest.do_sound": _t("putar bel dan satu panggilan", "play the chime and one call"),
    "cli.opt.selftest.only": _t("hanya bagian ini (boleh diulang)",
                                "only this area (may be repeated)"),
    "cli.opt.selftest.no_qt": _t("lewati layar, suara dan mesin suara (tanpa Qt)",
                                 "skip screens, sound and speech (no Qt)"),
    "cli.exit.10": _t("selftest: setidaknya satu pemeriksaan gagal (tiap baris GAGAL menyebut "
                      "yang harus dilakukan)",
                      "selftest: at least one check failed (each FAIL line says what to do)"),
    "selftest.panel.key": _t(
        "Kunci stasiun PC ini: {fingerprint} (admin mendaftarkannya di Admin → Stasiun).",
        "This PC's station key: {fingerprint} (an admin registers it in Admin → Stations)."),
    "selftest.panel.key_replaced": _t("Kunci lama {old} tidak terbaca dan sudah diganti: minta "
                                      "admin mendaftarkan kunci baru.",
                                      "The old key {old} was unreadable and has been replaced: "
                                      "ask an admin to register the new key."),
    # (ui/common/single.py)
    "cli.already_running": _t("Mode {mode} sudah berjalan di PC ini untuk stasiun ini; jendela "
                              "yang ada tetap dipakai.",
                              "Mode {mode} is already running on this PC for this station; the "
                              "open window stays in use."),
    # (reports/fmt.py replace_report)
    "error.path_too_long": _t(
        "Jalur berkas terlalu panjang untuk Windows ({length} karakter, batasnya {limit}): "
        "{path}. Pilih folder yang lebih pendek, misalnya C:\\ULT\\bukti; tidak ada berkas "
        "yang ditulis.",
        "The file path is too long for Windows ({length} characters, the limit is {limit}): "
        "{path}. Choose a shorter folder, e.g. C:\\ULT\\evidence; nothing was written."),
    "error.report_locked": _t("Berkas {path} sedang dibuka di program lain; tutup dulu di Excel "
                              "(atau penampil PDF), lalu simpan laporan lagi.",
                              "The file {path} is open in another program; close it in Excel (or "
                              "the PDF viewer) first, then save the report again."),
}
