"""PIN policy, lockout and local-folder messages: one sentence, what to do."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "pin.not_digits": _t("PIN hanya boleh berisi angka; ketik ulang PIN.",
                         "A PIN is digits only; type the PIN again."),
    "pin.too_short": _t("PIN untuk peran {role_name} minimal {min} angka; pilih PIN yang "
                        "lebih panjang.",
                        "A {role_name} PIN needs at least {min} digits; choose a longer PIN."),
    "pin.too_long": _t("PIN paling banyak {max} angka; pilih PIN yang lebih pendek.",
                       "A PIN has at most {max} digits; choose a shorter PIN."),
    "pin.repeated": _t("PIN tidak boleh satu angka yang diulang (seperti 111111); pilih "
                       "angka yang berbeda-beda.",
                       "A PIN cannot be one digit repeated (like 111111); mix different "
                       "digits."),
    "pin.sequence": _t("PIN tidak boleh angka berurutan (seperti 123456, 7890 atau 9876); "
                       "pilih angka acak.",
                       "A PIN cannot be a run of digits (like 123456, 7890 or 9876); choose "
                       "random digits."),
    "pin.pattern": _t("PIN tidak boleh pola yang diulang (seperti 1212 atau 123123); pilih "
                      "angka acak.",
                      "A PIN cannot be a repeated pattern (like 1212 or 123123); choose "
                      "random digits."),
    "pin.common": _t("PIN ini terlalu umum dan mudah ditebak; pilih angka lain.",
                     "This PIN is too common and easy to guess; choose other digits."),
    "pin.year": _t("PIN tidak boleh berupa tahun (seperti 1985 atau 2024); pilih angka lain.",
                   "A PIN cannot be a year (like 1985 or 2024); choose other digits."),
    "pin.username": _t("PIN tidak boleh memakai angka dari nama pengguna; pilih angka lain.",
                       "A PIN cannot use the digits of the username; choose other digits."),
    "pin.locked": _t("Terlalu banyak PIN salah untuk {username}; coba lagi pukul {until} "
                     "({minutes} menit lagi) atau minta admin membuka kuncinya.",
                     "Too many wrong PINs for {username}; try again at {until} (in "
                     "{minutes} min) or ask an admin to unlock it."),
    "pin.locked_kiosk": _t("Terlalu banyak PIN salah di kios ini; coba lagi pukul {until} "
                           "({minutes} menit lagi).",
                           "Too many wrong PINs on this kiosk; try again at {until} (in "
                           "{minutes} min)."),
    "pin.unlocked": _t("Kunci PIN {name} sudah dibuka.", "{name}'s PIN lock was removed."),
    "pin.unlock": _t("Buka kunci PIN", "Unlock PIN"),
    "pin.locked_mark": _t("terkunci", "locked"),
    "pin.weak_mark": _t("PIN lemah", "weak PIN"),
    "pin.bad_setting": _t("Pengaturan {setting} harus angka {low}–{high}; perbaiki lalu simpan.",
                          "Setting {setting} must be a number {low}–{high}; fix it and save."),
    # -- ult-desktop officer ... ----------------------------------------------------------
    "officer.cli.help": _t("petugas: tambah, atur ulang PIN, buka kunci PIN, daftar",
                           "officers: add, reset a PIN, unlock a PIN, list"),
    "officer.cli.add": _t("tambah petugas (admin pertama berkas baru tanpa --admin)",
                          "add an officer (a new file's first admin without --admin)"),
    "officer.cli.reset": _t("ganti PIN petugas", "give an officer a new PIN"),
    "officer.cli.unlock": _t("buka kunci PIN setelah terlalu banyak PIN salah",
                             "lift the lock after too many wrong PINs"),
    "officer.cli.list": _t("daftar petugas, yang terkunci dan yang PIN-nya lemah",
                           "list officers, locked ones and weak PINs"),
    "officer.cli.admin_option": _t("masuk sebagai admin ini (env ULT_ADMIN; PIN dari "
                                   "ULT_ADMIN_PIN atau ditanyakan)",
                                   "sign in as this admin (env ULT_ADMIN; the PIN from "
                                   "ULT_ADMIN_PIN or asked)"),
    "officer.cli.username": _t("nama pengguna petugas (untuk masuk)",
                               "the officer's username (to sign in)"),
    "officer.cli.name": _t("nama lengkap petugas, seperti tampil di layar dan laporan",
                           "the officer's full name, as screens and reports show it"),
    "officer.cli.role": _t("peran petugas", "the officer's role"),
    "officer.cli.unlock_username": _t("nama pengguna yang PIN-nya terkunci",
                                      "the username whose PIN is locked"),
    "officer.cli.json": _t("keluaran JSON untuk skrip", "JSON output for scripts"),
    "officer.cli.need_admin": _t("Masuk sebagai admin dengan --admin NAMA (PIN ditanyakan); "
                                 "tanpa admin aktif hanya admin pertama yang dapat "
                                 "ditambahkan.",
                                 "Sign in as an admin with --admin NAME (the PIN is asked); "
                                 "without an active admin only the first admin can be "
                                 "added."),
    "officer.cli.no_pin": _t("PIN tidak terbaca; ketik PIN saat ditanya atau kirim satu baris "
                             "per PIN ke masukan standar.",
                             "No PIN was read; type it when asked or send one line per PIN "
                             "on standard input."),
    "officer.cli.mismatch": _t("Kedua PIN tidak sama; jalankan perintah lagi.",
                               "The two PINs differ; run the command again."),
    "officer.cli.prompt_new_pin": _t("PIN baru untuk {username}: ", "New PIN for {username}: "),
    "officer.cli.prompt_repeat": _t("Ulangi PIN baru: ", "New PIN again: "),
    "officer.cli.added": _t("Petugas {username} ({role_name}) sudah ditambahkan.",
                            "Officer {username} ({role_name}) was added."),
    "officer.cli.pin_reset": _t("PIN {username} sudah diganti.", "{username}'s PIN was changed."),
    "officer.cli.unlocked": _t("Kunci PIN {username} sudah dibuka.",
                               "{username}'s PIN lock was removed."),
    "officer.cli.not_locked": _t("{username} tidak sedang terkunci.", "{username} is not locked."),
    # -- folders named in the shared file ------------------------------------------------
    "path.remote": _t("Folder {value} ada di komputer lain (jaringan atau alamat); pakai "
                      "folder di PC ini atau di dalam folder basis data.",
                      "Folder {value} is on another computer (network or address); use a "
                      "folder on this PC or inside the database's folder."),
    "path.outside": _t("Folder {value} memakai '..' dan keluar dari folder basis data; tulis "
                       "folder tanpa '..'.",
                       "Folder {value} uses '..' and leaves the database's folder; write it "
                       "without '..'."),
    "path.invalid": _t("{value} bukan nama folder yang benar; tulis folder lengkap seperti "
                       "C:\\ULT\\suara.",
                       "{value} is not a valid folder name; write a full folder such as "
                       "C:\\ULT\\voice."),
    "path.voice_refused": _t("Folder suara di pengaturan kantor ditolak dan tidak dibuka: {why} "
                             "Suara bawaan dipakai; admin perlu memperbaiki pengaturan.",
                             "The voice folder in the office settings was refused and not "
                             "opened: {why} The built-in voice is used; an admin needs to "
                             "fix the setting."),
}
