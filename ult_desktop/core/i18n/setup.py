"""Texts of the station setup wizard, its checks and the setup/start/shortcuts commands."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "setup.title": _t("Pengaturan Stasiun ULT Desktop", "ULT Desktop station setup"),
    "setup.next": _t("Lanjut >", "Next >"),
    "setup.back": _t("< Kembali", "< Back"),
    "setup.save": _t("Simpan", "Save"),
    "setup.cancel": _t("Batal", "Cancel"),
    "setup.browse": _t("Pilih…", "Browse…"),
    "setup.language": _t("Bahasa layar:", "Screen language:"),
    # mode page
    "setup.mode.page_title": _t("Fungsi komputer ini", "What this PC is for"),
    "setup.mode.page_sub": _t("Pilih layar yang dijalankan komputer ini.",
                              "Choose the screen this PC runs."),
    "setup.mode.kiosk.title": _t("Anjungan (ambil nomor antrean)", "Kiosk (take a number)"),
    "setup.mode.kiosk.hint": _t("Layar sentuh di pintu masuk, dengan printer tiket.",
                                "Touchscreen by the door, with a ticket printer."),
    "setup.mode.counter.title": _t("Loket petugas", "Officer's counter"),
    "setup.mode.counter.hint": _t("Memanggil, melayani dan mencatat pengunjung di satu loket; "
                                  "saat berkas bersama tidak terjangkau, panggilannya sampai "
                                  "ke TV lewat jaringan kantor (UDP 47833, dibuka pemasang).",
                                  "Calls, serves and records visitors at one counter; while "
                                  "the shared file is away its calls reach the TV over the "
                                  "office network (UDP 47833, opened by the installer)."),
    "setup.mode.display.title": _t("Layar ruang tunggu", "Lobby display"),
    "setup.mode.display.hint": _t("TV di ruang tunggu dengan bel dan suara panggilan.",
                                  "The lobby TV with chime and voice calls."),
    "setup.mode.admin.title": _t("Admin", "Admin"),
    "setup.mode.admin.hint": _t("Layanan, loket, petugas, profil kantor, laporan, cadangan.",
                                "Services, counters, officers, office profile, reports, "
                                "backup."),
    "setup.mode.survey.title": _t("Survei kepuasan (SKM)", "Satisfaction survey (SKM)"),
    "setup.mode.survey.hint": _t("Tablet tempat pengunjung mengisi survei setelah dilayani.",
                                 "Tablet where visitors fill in the survey after service."),
    # database page
    "setup.db.page_title": _t("Basis data kantor", "Office database"),
    "setup.db.page_sub": _t("Semua komputer memakai satu berkas basis data yang sama di "
                            "folder bersama kantor.",
                            "Every PC uses the same database file in the office's shared "
                            "folder."),
    "setup.db.create": _t("Buat basis data kantor baru di sini (sekali, di PC admin)",
                          "Create the office's new database here (once, on the admin PC)"),
    "setup.db.create_admin_only": _t(
        "Basis data kantor baru dibuat di PC admin: pilih fungsi Admin di langkah pertama.",
        "A new office database is created on the admin PC: choose Admin on the first step."),
    "setup.db.root_hint": _t(
        "Sidik jari akar kepercayaan kantor: lihat di PC admin (Admin > Stasiun) atau di "
        "akhir laporan bulanan; ketik, atau pindai kode QR-nya.",
        "The office's root of trust fingerprint: shown on the admin PC (Admin > Stations) "
        "or at the end of the monthly report; type it, or scan its QR code."),
    "setup.db.root": _t("Sidik jari akar:", "Root fingerprint:"),
    "setup.root.unreadable": _t(
        "Sidik jari '{value}' tidak terbaca: ketik 16 huruf hex seperti cb6f bb8e 3f19 aa01.",
        "Fingerprint '{value}' not understood: type its 16 hex digits, like cb6f bb8e 3f19 "
        "aa01."),
    "setup.root.needed": _t(
        "Ketik sidik jari akar kepercayaan dari PC admin dulu: tanpa itu stasiun ini tidak bisa "
        "membedakan berkas kantor dari berkas palsu.",
        "Type the root of trust fingerprint from the admin PC first: without it this station "
        "cannot tell the office's file from a forged one."),
    "setup.root.matches": _t("Akar kepercayaan cocok dengan PC admin: {fingerprint}.",
                             "The root of trust matches the admin PC's: {fingerprint}."),
    "setup.root.mismatch": _t(
        "Akar kepercayaan berkas ini {found} ('{label}'), bukan {given} dari PC admin: berkas "
        "ini milik kantor lain atau dipalsukan; tanyakan admin sebelum melanjutkan.",
        "This file's root of trust is {found} ('{label}'), not {given} from the admin PC: the "
        "file is another office's or forged; ask the admin before going on."),
    "setup.db.admin_title": _t(
        "Admin pertama kantor. PIN-nya menyetujui PC ini sebagai akar kepercayaan kantor.",
        "The office's first admin. Their PIN approves this PC as the office's root of "
        "trust."),
    "setup.db.admin_username": _t("Nama pengguna:", "Username:"),
    "setup.db.admin_name": _t("Nama lengkap:", "Full name:"),
    "setup.db.admin_pin": _t("PIN admin (minimal 6 digit):", "Admin PIN (6 digits or more):"),
    "setup.db.admin_pin2": _t("Ulangi PIN:", "Repeat the PIN:"),
    "setup.root.need_admin": _t("Isi nama pengguna dan nama lengkap admin pertama kantor.",
                                "Fill in the username and full name of the office's first "
                                "admin."),
    "setup.root.pin_mismatch": _t("Kedua PIN tidak sama; ketik ulang keduanya.",
                                  "The two PINs differ; type both again."),
    "setup.root.has_admin": _t(
        "Berkas ini sudah punya admin: akar kepercayaan dibuat sekali saja, saat kantor "
        "dibuat; masuk sebagai admin itu di mode Admin.",
        "This file has an admin already: the root of trust is made once, when the office "
        "is created; sign in as that admin in Admin mode."),
    "setup.check.created_root": _t(
        "Basis data kantor dibuat (mode jurnal {mode}); admin pertama: {username}. PC ini "
        "akar kepercayaan kantor, sidik jari {fingerprint}: catat, laporan bulanan "
        "mencetaknya.",
        "Office database created (journal mode {mode}); first admin: {username}. This PC "
        "is the office's root of trust, fingerprint {fingerprint}: write it down, the "
        "monthly report prints it."),
    "setup.finish.root_none": _t("belum ada (dibuat di PC admin bersama admin pertama)",
                                 "none yet (made on the admin PC with the first admin)"),
    "setup.db.check": _t("Periksa", "Check"),
    "setup.db.checking": _t("Memeriksa folder dan basis data…", "Checking folder and database…"),
    "setup.db.note": _t("Contoh: \\\\server\\ult\\ult.db. Tombol Lanjut aktif setelah "
                        "pemeriksaan berhasil.",
                        "Example: \\\\server\\ult\\ult.db. Next is enabled once the check "
                        "succeeds."),
    "setup.check.no_path": _t("Isi lokasi berkas basis data terlebih dahulu.",
                              "Enter the database file location first."),
    "setup.check.no_folder": _t("Folder {folder} tidak ditemukan; periksa jaringan atau "
                                "alamat folder bersama, lalu periksa lagi.",
                                "Folder {folder} was not found; check the network or the "
                                "share address, then check again."),
    "setup.check.not_writable": _t("Komputer ini tidak dapat menulis di folder {folder} "
                                   "({reason}); minta admin jaringan memberi izin ubah "
                                   "pada folder bersama.",
                                   "This PC cannot write in folder {folder} ({reason}); ask "
                                   "the network admin for modify permission on the share."),
    "setup.check.missing": _t("Berkas {path} belum ada; pilih berkas yang benar, atau "
                              "centang \"Buat basis data baru\" jika ini komputer pertama.",
                              "File {path} does not exist; choose the right file, or tick "
                              "\"Create a new database\" if this is the first PC."),
    "setup.check.wal": _t("Basis data {path} dalam mode WAL dan tidak dapat dikembalikan; "
                          "tutup ULT Desktop di semua komputer lalu periksa lagi.",
                          "Database {path} is in WAL mode and cannot be switched back; close "
                          "ULT Desktop on every PC, then check again."),
    "setup.check.too_new": _t("Basis data ini dibuat oleh versi ULT Desktop yang lebih baru; "
                              "perbarui aplikasi di komputer ini.",
                              "This database was made by a newer ULT Desktop; update the "
                              "app on this PC."),
    "setup.check.ok": _t("Berhasil: folder dapat ditulis, basis data \"{office}\" terbuka "
                         "(mode jurnal {mode}).",
                         "OK: the folder is writable, database \"{office}\" opens (journal "
                         "mode {mode})."),
    "setup.check.ok_was_wal": _t("Berhasil: basis data \"{office}\" tadinya dalam mode WAL "
                                 "dan sudah dikembalikan ke mode {mode}.",
                                 "OK: database \"{office}\" was in WAL mode and has been "
                                 "switched back to {mode}."),
    "setup.check.created": _t("Basis data baru dibuat dan dapat dibuka (mode jurnal {mode}). "
                              "Isi profil kantor, layanan dan petugas di mode Admin.",
                              "New database created and opened (journal mode {mode}). Fill "
                              "in the office profile, services and officers in Admin mode."),
    "setup.check.ok_server": _t(
        "Berhasil: server {url} menerima nama pengguna dan kata sandinya, basis data \"{office}\" terbuka.",
        "Success: the server {url} accepted the login and the database \"{office}\" is "
        "open."),
    "setup.check.server_create": _t(
        "Kantor baru di server dibuat oleh petugas TI dengan 'ult-desktop server init' atau "
        "'migrate-to-server'; hapus centang \"buat baru\" lalu periksa lagi.",
        "A new office on a server is made by the IT officer with 'ult-desktop server init' "
        "or 'migrate-to-server'; untick \"create\" and check again."),
    "setup.check.unexpected": _t("Pemeriksaan gagal karena kesalahan tak terduga ({error}); "
                                 "coba lagi.",
                                 "The check failed with an unexpected error ({error}); "
                                 "try again."),
    # printer page
    "setup.printer.page_title": _t("Printer tiket", "Ticket printer"),
    "setup.printer.page_sub": _t("Printer termal yang mencetak nomor antrean.",
                                 "The thermal printer that prints queue tickets."),
    "setup.printer.url": _t("Alamat printer:", "Printer address:"),
    "setup.printer.width": _t("Lebar kertas:", "Paper width:"),
    "setup.printer.examples": _t(
        "USB: usb://VID:PID · Jaringan: tcp://192.168.1.50:9100 · Printer Windows: "
        "win32://Nama Printer · Serial: serial://COM3?baud=9600 · tanpa printer: none",
        "USB: usb://VID:PID · Network: tcp://192.168.1.50:9100 · Windows printer: "
        "win32://Printer Name · Serial: serial://COM3?baud=9600 · no printer: none"),
    "setup.printer.test": _t("Cetak tiket uji", "Print a test ticket"),
    "setup.printer.testing": _t("Mencetak tiket uji…", "Printing a test ticket…"),
    "setup.printer.none": _t("Tanpa printer: nomor hanya ditampilkan di layar.",
                             "No printer: numbers are only shown on screen."),
    "setup.printer.ok": _t("Tiket uji terkirim ke {target}; periksa hasil cetaknya.",
                           "Test ticket sent to {target}; check the printout."),
    "setup.printer.preview": _t("Tiket uji disimpan sebagai gambar: {path}",
                                "Test ticket saved as a picture: {path}"),
    "setup.printer.failed": _t("Tiket uji gagal: {error}", "Test ticket failed: {error}"),
    "setup.printer.timeout": _t("Printer {target} tidak menjawab; periksa kabel dan daya, "
                                "lalu coba lagi.",
                                "Printer {target} did not answer; check cable and power, "
                                "then try again."),
    # counter page
    "setup.counter.page_title": _t("Nomor loket", "Counter number"),
    "setup.counter.page_sub": _t("Nomor loket yang dilayani dari komputer ini (sesuai "
                                 "daftar loket di Admin).",
                                 "The counter served from this PC (as listed in Admin)."),
    "setup.counter.number": _t("Nomor loket:", "Counter number:"),
    "setup.counter.known": _t("Loket di basis data ini: {counters}. Pilih salah satunya.",
                              "Counters in this database: {counters}. Choose one of them."),
    "setup.counter.none_yet": _t("Basis data ini belum punya loket; tambahkan di mode Admin.",
                                 "This database has no counters yet; add them in Admin mode."),
    # finish page
    "setup.finish.page_title": _t("Simpan pengaturan", "Save the settings"),
    "setup.finish.page_sub": _t("Periksa ringkasan, lalu klik Simpan.",
                                "Check the summary, then click Save."),
    "setup.finish.mode": _t("Fungsi", "Mode"),
    "setup.finish.db": _t("Basis data", "Database"),
    "setup.finish.file": _t("Berkas pengaturan", "Settings file"),
    "setup.finish.station": _t("Nama stasiun:", "Station name:"),
    "setup.finish.screen": _t("Layar TV:", "TV screen:"),
    "setup.finish.screen_auto": _t("Otomatis: layar terbesar selain layar utama",
                                   "Automatic: the largest screen that is not the primary one"),
    "setup.finish.screen_hint": _t(
        "layar untuk TV ruang tunggu: nama layar Qt (HDMI-1, \\\\.\\DISPLAY2) atau merek/modelnya; "
        "kosong = layar terbesar yang bukan layar utama",
        "the lobby TV's screen: Qt's screen name (HDMI-1, \\\\.\\DISPLAY2) or its maker/model; "
        "empty = the largest screen that is not the primary one"),
    "setup.finish.root_key": _t("Akar kepercayaan:", "Root of trust:"),
    "setup.finish.station_hint": _t("kosong = fungsi@nama komputer", "empty = mode@computer name"),
    "setup.finish.shortcut": _t("Buat pintasan di desktop dan menu Start",
                                "Create a desktop and Start menu shortcut"),
    "setup.finish.autostart": _t("Jalankan otomatis saat pengguna masuk ke komputer",
                                 "Start automatically when the PC starts (login)"),
    "setup.finish.save_failed": _t("Pengaturan tidak dapat disimpan di {path} ({reason}); "
                                   "periksa izin folder lalu klik Simpan lagi.",
                                   "The settings could not be saved in {path} ({reason}); "
                                   "check the folder permissions and click Save again."),
    "setup.finish.shortcut_failed": _t("Pengaturan tersimpan, tetapi pintasan gagal dibuat "
                                       "({reason}); klik Simpan untuk selesai tanpa pintasan.",
                                       "Settings saved, but the shortcut failed ({reason}); "
                                       "click Save to finish without it."),
    "setup.shortcut.comment": _t("Antrean dan layanan ULT", "ULT queue and service desk"),
    "setup.shortcut.missing": _t(
        "Windows hanya membuat {made} dari {wanted} pintasan; jalankan penyiapan lagi di akun "
        "Windows stasiun ini.",
        "Windows made only {made} of {wanted} shortcuts; run the setup again in this "
        "station's Windows account."),
    # commands
    "setup.cli.setup": _t("pengaturan awal stasiun ini (panduan penyiapan)",
                          "first-run setup of this station (wizard)"),
    "setup.cli.config": _t("berkas pengaturan stasiun", "station config file"),
    "setup.cli.station_account": _t(
        "akun Windows tempat stasiun berjalan (boleh diulang); dengan --all-users hanya akun "
        "ini dan Administrators yang dapat membaca kata sandi server",
        "the Windows account the station runs under (may be repeated); with --all-users only "
        "it and the Administrators can read the server password"),
    "setup.cli.all_users": _t("simpan untuk semua pengguna komputer ini (perlu hak admin)",
                              "save for every user of this PC (needs admin rights)"),
    "setup.cli.show": _t("tampilkan pengaturan tanpa membuka panduan penyiapan",
                         "print the settings without opening the wizard"),
    "setup.cli.start": _t("jalankan layar sesuai pengaturan stasiun",
                          "start the screen this station is set up for"),
    "setup.cli.mode": _t("fungsi yang dijalankan (bawaan: dari pengaturan)",
                         "mode to run (default: from the station config)"),
    "setup.cli.shortcuts": _t("buat pintasan desktop/menu dan jalan otomatis",
                              "create desktop/menu shortcuts and autostart"),
    "setup.cli.autostart": _t("jalankan otomatis saat pengguna masuk ke komputer", "start automatically at login"),
    "setup.cli.no_desktop": _t("tanpa pintasan di desktop", "no desktop shortcut"),
    "setup.cli.remove_autostart": _t("hapus jalan otomatis", "remove the autostart entry"),
    "setup.cli.file": _t("Berkas pengaturan: {path}", "Settings file: {path}"),
    "setup.cli.no_file": _t("(belum ada; jalankan ult-desktop setup)",
                            "(none yet; run ult-desktop setup)"),
    "setup.cli.written": _t("Dibuat: {path}", "Written: {path}"),
    "setup.cli.removed": _t("Dihapus: {path}", "Removed: {path}"),
    "cli.init.created_root": _t(
        "Basis data dibuat: {path}. Admin pertama: {username}. PC ini akar kepercayaan "
        "kantor, sidik jari {fingerprint}: catat, laporan bulanan mencetaknya.",
        "Database created: {path}. First admin: {username}. This PC is the office's root "
        "of trust, fingerprint {fingerprint}: write it down, the monthly report prints "
        "it."),
    "cli.version.help": _t("versi program, skemanya, dan skema basis data kantor",
                           "the program's version, its schema, and the office database's"),
    "cli.version.db": _t("basis data yang diperiksa (bawaan: dari berkas stasiun)",
                         "the database to look at (default: from the station file)"),
    "cli.version.line": _t("ult-desktop {version}, skema {schema}",
                           "ult-desktop {version}, schema {schema}"),
    "cli.version.db_line": _t("basis data {db}: skema {schema}", "database {db}: schema {schema}"),
    "cli.version.migrates": _t(
        "Peringatan: versi ini memperbarui basis data kantor (skema {found} -> {schema}) saat "
        "pertama dijalankan; stasiun yang belum diperbarui lalu berhenti. Perbarui semua PC "
        "pada hari yang sama, setelah layanan tutup.",
        "Warning: this version updates the office database (schema {found} -> {schema}) when "
        "it first starts; stations not yet updated then stop. Update every PC the same day, "
        "after closing."),
    "cli.version.unknown": _t(
        "Peringatan: skema basis data kantor tidak dapat dibaca (berkas tidak terjangkau atau "
        "bukan basis data ULT): versi ini mungkin memperbaruinya. Perbarui semua PC setelah "
        "layanan tutup.",
        "Warning: could not read the office database's schema (the file is out of reach or "
        "not a ULT database): this version may update it. Update every PC after closing."),
    "cli.version.too_old": _t(
        "Peringatan: basis data kantor sudah skema {found}, lebih baru dari program ini "
        "({schema}): pasang versi yang sama dengan PC lain.",
        "Warning: the office database is already at schema {found}, newer than this program "
        "({schema}): install the version the other PCs run."),
    "cli.init.no_root": _t(
        "Belum ada admin dan akar kepercayaan: di PC admin jalankan ult-desktop officer add "
        "--role admin (atau init --admin NAMA); PC itu menjadi akarnya.",
        "No admin and no root of trust yet: on the admin PC run ult-desktop officer add "
        "--role admin (or init --admin NAME); that PC becomes the root."),
    "cli.officer.root_made": _t(
        "PC ini akar kepercayaan kantor, sidik jari {fingerprint}: catat.",
        "This PC is the office's root of trust, fingerprint {fingerprint}: write it down."),
    "cli.init.demo_has_admin": _t("Kantor demo sudah punya admin (admin); --admin tidak dipakai "
                                  "bersama --demo.",
                                  "The demo office has its admin (admin); --admin is not used "
                                  "with --demo."),
    "cli.init.refused": _t("Basis data tidak dibuat: {reason}", "Database not created: {reason}"),
}
