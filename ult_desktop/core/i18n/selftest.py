"""Texts of ``ult-desktop selftest`` (issue #23): one sentence per check, saying what was
seen and, when it failed, the one thing to do. The IT officer reads them on each PC."""

_DEPLOY = "docs/deployment.md"

TEXTS = {
    "selftest.status.pass": {"id": "LULUS", "en": "PASS"},
    "selftest.status.fail": {"id": "GAGAL", "en": "FAIL"},
    "selftest.status.skip": {"id": "LEWATI", "en": "SKIP"},
    "selftest.summary": {
        "id": "{passed} lulus, {failed} gagal, {skipped} dilewati; laporan: {path}",
        "en": "{passed} passed, {failed} failed, {skipped} skipped; report: {path}"},
    "selftest.not_saved": {
        "id": "Laporan tidak bisa disimpan ({error}); salin baris di atas.",
        "en": "The report could not be saved ({error}); copy the lines above."},
    "selftest.button": {"id": "Uji stasiun ini", "en": "Test this station"},
    "selftest.running": {"id": "Menguji stasiun ini…", "en": "Testing this station…"},
    "selftest.crashed": {
        "id": "Pemeriksaan {area} berhenti karena kesalahan ({error}); kirim laporan JSON ini "
              "ke pengembang.",
        "en": "The {area} check stopped on an error ({error}); send this JSON report to the "
              "developers."},
    # bundle
    "selftest.bundle.version": {
        "id": "ULT Desktop {version}, Python {python}, Qt {qt}.",
        "en": "ULT Desktop {version}, Python {python}, Qt {qt}."},
    "selftest.bundle.not_frozen": {
        "id": "Dijalankan dari Python, bukan dari paket instalasi; uji ini hanya berarti pada "
              "ult-desktop.exe yang terpasang.",
        "en": "Running from Python, not from the installed bundle; this check only means "
              "something for the installed ult-desktop.exe."},
    "selftest.bundle.in_current": {
        "id": "Program berjalan dari dalam tautan 'current' ({path}), sehingga pembaruan "
              "mengganti berkasnya saat berjalan; pasang versi yang dibangun dengan PyInstaller "
              "6.22.2 atau lebih baru.",
        "en": "The program runs from inside the 'current' link ({path}), so an update swaps its "
              "files while it runs; install a version built with PyInstaller 6.22.2 or newer."},
    "selftest.bundle.old_pyinstaller": {
        "id": "Paket dibangun dengan PyInstaller {found}, perlu {need} atau lebih baru; minta "
              "versi yang dibangun ulang.",
        "en": "The bundle was built with PyInstaller {found}, {need} or newer is needed; ask for "
              "a rebuilt release."},
    "selftest.bundle.meipass_ok": {
        "id": "Berkas program dibaca dari folder versinya sendiri ({path}, PyInstaller "
              "{pyinstaller}).",
        "en": "The program's files are read from its own version folder ({path}, PyInstaller "
              "{pyinstaller})."},
    "selftest.bundle.unsigned": {
        "id": "Paket ini tidak ditandatangani (ada UNSIGNED.txt); Smart App Control dapat "
              "memblokirnya, pasang rilis yang ditandatangani.",
        "en": "This bundle is not signed (UNSIGNED.txt is present); Smart App Control may block "
              "it, install a signed release."},
    "selftest.bundle.signed": {
        "id": "Paket ditandatangani (tidak ada UNSIGNED.txt).",
        "en": "The bundle is signed (no UNSIGNED.txt)."},
    # local files
    "selftest.local.no_station_file": {
        "id": "PC ini belum disiapkan (tidak ada berkas stasiun); jalankan ult-desktop setup di "
              "akun Windows stasiun ini.",
        "en": "This PC is not set up (no station file); run ult-desktop setup in this station's "
              "Windows account."},
    "selftest.local.no_station_file_db": {
        "id": "Tidak ada berkas stasiun; basis data diambil dari --db.",
        "en": "No station file; the database comes from --db."},
    "selftest.local.station_file_bad": {
        "id": "Berkas stasiun {path} rusak ({error}); jalankan ult-desktop setup lagi.",
        "en": "The station file {path} is broken ({error}); run ult-desktop setup again."},
    "selftest.local.station_file": {
        "id": "Berkas stasiun {path} dipakai (mode {mode}).",
        "en": "Station file {path} in use (mode {mode})."},
    "selftest.local.folder_ok": {
        "id": "Folder {folder} dapat ditulisi.", "en": "Folder {folder} can be written."},
    "selftest.local.folder_bad": {
        "id": "Folder {folder} tidak dapat ditulisi ({reason}); beri akun Windows ini izin "
              "menulis di folder itu.",
        "en": "Folder {folder} cannot be written ({reason}); give this Windows account write "
              "permission on it."},
    "selftest.local.atomic_ok": {
        "id": "Berkas lokal diganti utuh dalam satu langkah.",
        "en": "Local files are replaced whole in one step."},
    "selftest.local.atomic_bad": {
        "id": "Berkas lokal tidak bisa diganti ({error}); kecualikan folder data ULT dari "
              "pemindaian antivirus.",
        "en": "Local files cannot be replaced ({error}); exclude the ULT data folder from "
              "antivirus scanning."},
    "selftest.local.dpapi_ok": {
        "id": "Rahasia disegel dan dibuka kembali dengan DPAPI untuk akun ini.",
        "en": "Secrets are sealed and unsealed with DPAPI for this account."},
    "selftest.local.secret_ok": {
        "id": "Rahasia disimpan hanya terbaca oleh akun ini (0600).",
        "en": "Secrets are stored readable by this account only (0600)."},
    "selftest.local.secret_mode": {
        "id": "Berkas rahasia berizin {mode}, bukan 0600; periksa umask dan pemilik folder data.",
        "en": "A secret file got mode {mode}, not 0600; check the umask and the data folder's "
              "owner."},
    "selftest.local.secret_bad": {
        "id": "Rahasia tidak bisa disegel atau dibuka ({error}); jalankan stasiun di akun "
              "Windows-nya sendiri, bukan akun lain.",
        "en": "Secrets cannot be sealed or unsealed ({error}); run the station in its own "
              "Windows account, not another one."},
    "selftest.local.no_key": {
        "id": "PC ini belum punya kunci stasiun; jalankan ult-desktop setup atau buka mode "
              "stasiunnya sekali.",
        "en": "This PC has no station key yet; run ult-desktop setup or start its mode once."},
    "selftest.local.key_ok": {
        "id": "Kunci stasiun terbaca, sidik jari {fingerprint}; pastikan admin sudah "
              "mendaftarkannya (Admin → Stasiun).",
        "en": "The station key is readable, fingerprint {fingerprint}; make sure an admin "
              "registered it (Admin → Stations)."},
    "selftest.local.key_unreadable": {
        "id": "Kunci stasiun {fingerprint} tidak bisa dibuka (sandi akun direset?); buka mode "
              "stasiun sekali: kunci lama disisihkan, kunci baru dibuat, lalu minta admin "
              "mendaftarkannya.",
        "en": "The station key {fingerprint} cannot be unsealed (account password reset?); "
              "start the station once: the old key is set aside and a new one made, then ask an "
              "admin to register it."},
    "selftest.local.key_replaced": {
        "id": "Kunci lama {old} tidak terbaca dan diganti pada {at}; minta admin mendaftarkan "
              "kunci baru (Admin → Stasiun), lalu hapus replaced.json.",
        "en": "The old key {old} was unreadable and replaced at {at}; ask an admin to register "
              "the new key (Admin → Stations), then delete replaced.json."},
    # share
    "selftest.share.no_db": {
        "id": "Tidak ada basis data untuk diuji; beri --db atau siapkan stasiun ini.",
        "en": "No database to test; pass --db or set this station up."},
    "selftest.share.folder_ok": {
        "id": "Folder {folder} terjangkau.", "en": "Folder {folder} is reachable."},
    "selftest.share.open_ok": {
        "id": "Basis data {path} terbuka seperti di stasiun.",
        "en": "Database {path} opens as a station opens it."},
    "selftest.share.journal_ok": {
        "id": "Mode jurnal {mode} (rollback journal, aman di folder bersama).",
        "en": "Journal mode {mode} (rollback journal, safe on a share)."},
    "selftest.share.journal_bad": {
        "id": "Mode jurnal {mode}, bukan DELETE; tutup program lain yang membuka berkas ini "
              "lalu jalankan ult-desktop check.",
        "en": "Journal mode {mode}, not DELETE; close other programs that open this file, then "
              "run ult-desktop check."},
    "selftest.share.locks_ok": {
        "id": "{n} kunci tulis diambil dan dilepas, paling lama {worst} ms.",
        "en": "{n} write locks taken and released, the slowest {worst} ms."},
    "selftest.share.locks_slow": {
        "id": "Kunci tulis paling lama {worst} ms; periksa jaringan dan pemindaian antivirus "
              "di server (kecualikan folder ult).",
        "en": "The slowest write lock took {worst} ms; check the network and the server's "
              "antivirus scanning (exclude the ult folder)."},
    "selftest.share.locks_bad": {
        "id": "Kunci tulis gagal ({error}); stasiun lain memegang kunci atau folder hanya-baca.",
        "en": "A write lock failed ({error}); another station holds it or the share is "
              "read-only."},
    "selftest.share.ro_ok": {
        "id": "Basis data terbuka hanya-baca lewat URI (laporan dan cadangan).",
        "en": "The database opens read-only through a URI (reports and backups)."},
    "selftest.share.ro_bad": {
        "id": "Basis data tidak terbuka hanya-baca lewat URI ({error}); laporkan path ini ke "
              "pengembang.",
        "en": "The database does not open read-only through a URI ({error}); report this path "
              "to the developers."},
    "selftest.share.sqlite_ok": {
        "id": "SQLite {version}, secure_delete aktif (bawaan build: {default}).",
        "en": "SQLite {version}, secure_delete on (build default: {default})."},
    "selftest.share.secure_delete_off": {
        "id": "secure_delete tidak aktif; data pribadi yang dihapus bisa tertinggal, laporkan "
              "ke pengembang.",
        "en": "secure_delete is off; deleted personal data may linger, report it to the "
              "developers."},
    "selftest.share.change_seen": {
        "id": "Sambungan kedua melihat perubahan (penghitung {before} → {after}).",
        "en": "A second connection sees the change (counter {before} → {after})."},
    "selftest.share.change_unseen": {
        "id": "Sambungan kedua tidak melihat perubahan; layar lain tidak akan ikut berubah, "
              "periksa cache folder bersama (oplocks/leases) di server.",
        "en": "A second connection does not see the change; other screens will not update, "
              "check the share's caching (oplocks/leases) on the server."},
    "selftest.share.busy": {
        "id": "Basis data sedang sibuk; ulangi uji ini sebentar lagi.",
        "en": "The database is busy; run the test again in a moment."},
    # power
    "selftest.power.accepted": {
        "id": "Windows menerima permintaan layar tetap menyala ({value}).",
        "en": "Windows accepts the keep-the-screen-on request ({value})."},
    "selftest.power.refused": {
        "id": "Windows menolak permintaan layar tetap menyala; terapkan baris powercfg di "
              + _DEPLOY + ".",
        "en": "Windows refuses the keep-the-screen-on request; apply the powercfg lines in "
              + _DEPLOY + "."},
    "selftest.power.no_x": {
        "id": "Bukan Windows dan tidak ada server X untuk ditanya; matikan layar kosong di sesi "
              "(xset s off -dpms).",
        "en": "Not Windows and no X server to ask; turn blanking off in the session "
              "(xset s off -dpms)."},
    "selftest.power.x_off": {
        "id": "Server X tidak mengosongkan layar (screen saver 0, DPMS mati).",
        "en": "The X server never blanks the screen (screen saver 0, DPMS off)."},
    "selftest.power.x_blanks": {
        "id": "Server X akan mengosongkan layar; jalankan xset s off -dpms di sesi kios.",
        "en": "The X server will blank the screen; run xset s off -dpms in the kiosk session."},
    "selftest.power.lockdown_windows_only": {
        "id": "Kebijakan penguncian kios hanya ada di Windows.",
        "en": "Kiosk lockdown policies exist only on Windows."},
    "selftest.power.lockdown_not_kiosk": {
        "id": "Mode {mode} tidak dikunci sebagai kios; kebijakan tidak diperiksa.",
        "en": "Mode {mode} is not locked down as a kiosk; policies not checked."},
    "selftest.power.policy_set": {
        "id": "Kebijakan {where} terpasang.", "en": "Policy {where} is set."},
    "selftest.power.policy_unreadable": {
        "id": "Kebijakan {where} tidak bisa dibaca oleh akun ini; periksa sebagai administrator.",
        "en": "Policy {where} cannot be read by this account; check it as administrator."},
    "selftest.power.policy.edge_swipe": {
        "id": "Usapan tepi layar masih aktif; set {where} = {wanted} (" + _DEPLOY + ").",
        "en": "Edge swipes are still on; set {where} = {wanted} (" + _DEPLOY + ")."},
    "selftest.power.policy.toasts": {
        "id": "Notifikasi dapat muncul di atas kios; set {where} = {wanted} (" + _DEPLOY + ").",
        "en": "Notifications can pop up over the kiosk; set {where} = {wanted} ("
              + _DEPLOY + ")."},
    "selftest.power.policy.notification_center": {
        "id": "Pusat notifikasi dapat dibuka; set {where} = {wanted} (" + _DEPLOY + ").",
        "en": "The notification centre can be opened; set {where} = {wanted} ("
              + _DEPLOY + ")."},
    "selftest.power.policy.update_restart": {
        "id": "Windows Update dapat memulai ulang PC saat kios berjalan; set {where} = {wanted} "
              "(" + _DEPLOY + ").",
        "en": "Windows Update may restart the PC while the kiosk runs; set {where} = {wanted} ("
              + _DEPLOY + ")."},
    "selftest.power.policy.touch_keyboard": {
        "id": "Keyboard sentuh dapat muncul sendiri; set {where} = {wanted} (" + _DEPLOY + ").",
        "en": "The touch keyboard may pop up by itself; set {where} = {wanted} ("
              + _DEPLOY + ")."},
    # printer
    "selftest.printer.installed": {
        "id": "{count} printer terpasang di Windows: {names}.",
        "en": "{count} printers installed in Windows: {names}."},
    "selftest.printer.none_installed": {
        "id": "Windows tidak punya printer terpasang; pasang driver printer struk atau pakai "
              "usb://.",
        "en": "Windows has no printers installed; install the receipt printer's driver or use "
              "usb://."},
    "selftest.printer.no_cups": {
        "id": "Tidak ada CUPS (lpstat) di PC ini; printer dipakai langsung lewat URL-nya.",
        "en": "No CUPS (lpstat) on this PC; the printer is used directly through its URL."},
    "selftest.printer.cups_queues": {
        "id": "{count} antrean CUPS: {names}.", "en": "{count} CUPS queues: {names}."},
    "selftest.printer.queue_bad": {"id": "{error}", "en": "{error}"},
    "selftest.printer.queue_offline": {
        "id": "Antrean {name} disetel luring atau kertas habis; buka antrean printer di "
              "Windows, matikan 'Use printer offline', isi kertas.",
        "en": "Queue {name} is set offline or out of paper; open the printer queue in Windows, "
              "untick 'Use printer offline', load paper."},
    "selftest.printer.queue_ok": {
        "id": "Antrean {name}: driver {driver} (v{version}), port {port}.",
        "en": "Queue {name}: driver {driver} (v{version}), port {port}."},
    "selftest.printer.status_ok": {
        "id": "Printer {target} siap.", "en": "Printer {target} is ready."},
    "selftest.printer.status_paper_low": {
        "id": "Printer {target} siap, kertas hampir habis; siapkan gulungan baru.",
        "en": "Printer {target} is ready, paper is low; have a new roll at hand."},
    "selftest.printer.status_unknown": {
        "id": "Printer {target} terjangkau tetapi tidak melaporkan status; cetak tiket uji "
              "(--print) untuk memastikan.",
        "en": "Printer {target} is reachable but reports no status; print a test ticket "
              "(--print) to be sure."},
    "selftest.printer.status_bad": {"id": "{error}", "en": "{error}"},
    "selftest.printer.none_kiosk": {
        "id": "Kios ini tidak punya printer; isi alamat printer di pengaturan kios.",
        "en": "This kiosk has no printer; enter the printer address in the kiosk settings."},
    "selftest.printer.not_used": {
        "id": "Stasiun ini tidak memakai printer.", "en": "This station uses no printer."},
    "selftest.printer.bad_url": {"id": "{error}", "en": "{error}"},
    "selftest.printer.print_not_asked": {
        "id": "Tiket uji tidak dicetak; tambahkan --print untuk mencetaknya.",
        "en": "No test ticket printed; add --print to print one."},
    "selftest.printer.print_timeout": {
        "id": "Printer {target} tidak menjawab; periksa kabel dan daya printer.",
        "en": "Printer {target} did not answer; check its cable and power."},
    "selftest.printer.print_bad": {"id": "{error}", "en": "{error}"},
    "selftest.printer.print_preview": {
        "id": "Tiket uji disimpan sebagai gambar: {path}.",
        "en": "Test ticket saved as a picture: {path}."},
    "selftest.printer.print_ok": {
        "id": "Tiket uji terkirim ke {target} ({bytes} byte); pastikan kertasnya keluar.",
        "en": "Test ticket sent to {target} ({bytes} bytes); check that it came out."},
    "selftest.printer.print_spooled": {
        "id": "Windows menyerahkan tiket uji ke {target} ({bytes} byte); spooler hanya "
              "membuktikan data sampai ke printer, pastikan kertasnya keluar.",
        "en": "Windows handed the test ticket to {target} ({bytes} bytes); the spooler only "
              "proves the bytes reached the printer, check that paper came out."},
    # screens, sound, speech (ui/selftest_checks.py)
    "selftest.screens.one": {
        "id": "Layar {name}: {width}×{height} pada ({x},{y}), skala {scale}.",
        "en": "Screen {name}: {width}×{height} at ({x},{y}), scale {scale}."},
    "selftest.screens.none": {
        "id": "Tidak ada layar; periksa kabel dan sambungan monitor/TV.",
        "en": "No screen; check the monitor/TV cable and connection."},
    "selftest.screens.no_session": {
        "id": "Tidak ada sesi grafis untuk diuji (tanpa DISPLAY); jalankan uji ini di layar "
              "stasiun.",
        "en": "No graphical session to test (no DISPLAY); run this test on the station's "
              "screen."},
    "selftest.screens.scheme": {
        "id": "Skema warna sistem: {scheme}; ULT Desktop tetap memakai tampilan terang.",
        "en": "System colour scheme: {scheme}; ULT Desktop keeps its light look."},
    "selftest.sound.outputs": {
        "id": "{count} keluaran suara, bawaan: {default}.",
        "en": "{count} sound outputs, default: {default}."},
    "selftest.sound.none": {
        "id": "Tidak ada keluaran suara; sambungkan TV/pengeras suara dan pilih sebagai "
              "perangkat bawaan.",
        "en": "No sound output; connect the TV/speakers and make it the default device."},
    "selftest.sound.none_not_needed": {
        "id": "Tidak ada keluaran suara (stasiun ini tidak memanggil dengan suara).",
        "en": "No sound output (this station does not announce calls)."},
    "selftest.sound.no_multimedia": {
        "id": "Qt Multimedia tidak tersedia; panggilan tidak akan bersuara.",
        "en": "Qt Multimedia is missing; calls will be silent."},
    "selftest.sound.played": {
        "id": "{what} diputar di {device}; pastikan terdengar.",
        "en": "{what} played on {device}; make sure it was heard."},
    "selftest.sound.not_played": {
        "id": "{what} tidak terputar di {device}; periksa volume dan perangkat bawaan.",
        "en": "{what} did not play on {device}; check the volume and the default device."},
    "selftest.sound.not_asked": {
        "id": "Bunyi tidak diputar; tambahkan --sound untuk memutar bel dan panggilan.",
        "en": "No sound played; add --sound to play the chime and a call."},
    "selftest.speech.engines": {
        "id": "Mesin suara: {engines}; suara Indonesia: {voice}.",
        "en": "Speech engines: {engines}; Indonesian voice: {voice}."},
    "selftest.speech.no_indonesian": {
        "id": "Tidak ada suara Indonesia (mesin: {engines}); pakai rekaman bawaan, atau tambah "
              "suara Indonesia di Settings → Time & language → Speech.",
        "en": "No Indonesian voice (engines: {engines}); use the recorded clips, or add the "
              "Indonesian voice in Settings → Time & language → Speech."},
    "selftest.speech.espeak": {
        "id": "espeak berbicara bahasa Indonesia ({voice}).",
        "en": "espeak speaks Indonesian ({voice})."},
}

TEXTS.update({
    "cli.cmd.selftest": {
        "id": "uji PC ini: paket, berkas lokal, folder bersama, daya, printer, layar, suara "
              "(laporan JSON di folder data)",
        "en": "test this PC: bundle, local files, share, power, printer, screens, sound "
              "(JSON report in the data folder)"},
    "cli.opt.selftest.printer": {
        "id": "alamat printer (bawaan: dari berkas stasiun; variabel ULT_PRINTER)",
        "en": "printer address (default: from the station file; variable ULT_PRINTER)"},
    "cli.opt.selftest.do_print": {"id": "cetak tiket uji", "en": "print a test ticket"},
    "cli.opt.selftest.do_sound": {"id": "putar bel dan satu panggilan",
                                  "en": "play the chime and one call"},
    "cli.opt.selftest.only": {"id": "hanya bagian ini (boleh diulang)",
                              "en": "only this area (may be repeated)"},
    "cli.opt.selftest.no_qt": {"id": "lewati layar, suara dan mesin suara (tanpa Qt)",
                               "en": "skip screens, sound and speech (no Qt)"},
    "cli.exit.10": {"id": "selftest: setidaknya satu pemeriksaan gagal (tiap baris GAGAL "
                          "menyebut yang harus dilakukan)",
                    "en": "selftest: at least one check failed (each FAIL line says what to "
                          "do)"},
})

TEXTS.update({
    "selftest.panel.key": {
        "id": "Kunci stasiun PC ini: {fingerprint} (admin mendaftarkannya di Admin → Stasiun).",
        "en": "This PC's station key: {fingerprint} (an admin registers it in Admin → "
              "Stations)."},
    "selftest.panel.key_replaced": {
        "id": "Kunci lama {old} tidak terbaca dan sudah diganti: minta admin mendaftarkan "
              "kunci baru.",
        "en": "The old key {old} was unreadable and has been replaced: ask an admin to "
              "register the new key."},
})

TEXTS.update({  # issue #23, M6 (ui/common/single.py)
    "cli.already_running": {
        "id": "Mode {mode} sudah berjalan di PC ini untuk stasiun ini; jendela yang ada tetap "
              "dipakai.",
        "en": "Mode {mode} is already running on this PC for this station; the open window "
              "stays in use."},
})

TEXTS.update({  # issue #23, L3 (reports/fmt.py replace_report)
    "error.report_locked": {
        "id": "Berkas {path} sedang dibuka di program lain; tutup dulu di Excel (atau penampil "
              "PDF), lalu simpan laporan lagi.",
        "en": "The file {path} is open in another program; close it in Excel (or the PDF "
              "viewer) first, then save the report again."},
})
