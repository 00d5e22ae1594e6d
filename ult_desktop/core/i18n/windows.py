"""Texts for what Windows does differently: share refusals, station file, speech, bundle.

Each share message: the Windows reason with its error number, and the one thing to do
(``cmdkey`` in the station's own account: saved credentials belong to it)."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "share.denied": _t("Windows menolak akses akun ini ke {path} (error {code}, akses ditolak); "
                       "beri akun Windows stasiun ini izin baca-tulis pada folder bersama, atau "
                       "simpan akun folder bersama untuk akun ini: cmdkey /add:{server} "
                       "/user:{server}\\ult /pass",
                       "Windows denies this account access to {path} (error {code}, access "
                       "denied); give this station's Windows account read and write permission on "
                       "the share, or store the share's account for it: cmdkey /add:{server} "
                       "/user:{server}\\ult /pass"),
    "share.logon": _t("Server {server} menolak nama pengguna atau kata sandi (error {code}); "
                      "simpan akun yang benar, dijalankan di akun Windows stasiun ini: cmdkey "
                      "/add:{server} /user:{server}\\ult /pass",
                      "Server {server} refused the user name or password (error {code}); store "
                      "the right account, run in this station's Windows account: cmdkey "
                      "/add:{server} /user:{server}\\ult /pass"),
    "share.guest": _t("Windows memblokir akses tamu (guest) ke {server} (error {code}); buat akun "
                      "pengguna untuk folder bersama di server lalu simpan di stasiun ini: cmdkey "
                      "/add:{server} /user:{server}\\ult /pass",
                      "Windows blocks guest access to {server} (error {code}); give the share a "
                      "user account on the server and store it on this station: cmdkey "
                      "/add:{server} /user:{server}\\ult /pass"),
    "share.signing": _t("Server {server} tidak menandatangani lalu lintas SMB yang diwajibkan "
                        "Windows 11 (error {code}); aktifkan SMB signing di server atau NAS.",
                        "Server {server} does not sign SMB traffic, which Windows 11 requires "
                        "(error {code}); enable SMB signing on the server or NAS."),
    "share.no_server": _t("Server {server} tidak ditemukan di jaringan (error {code}); periksa "
                          "nama server, bahwa server menyala dan terhubung, atau pakai alamat "
                          "IP-nya (\\\\192.168.1.10\\ult\\ult.db).",
                          "Server {server} was not found on the network (error {code}); check the "
                          "server's name, that it is on and connected, or use its IP address "
                          "(\\\\192.168.1.10\\ult\\ult.db)."),
    "share.lost": _t("Sambungan ke {server} terputus (error {code}); periksa kabel jaringan, "
                     "stasiun akan mencoba lagi otomatis.",
                     "The connection to {server} dropped (error {code}); check the network cable, "
                     "the station will retry automatically."),
    "share.no_share": _t("Server {server} tidak punya folder bersama dengan nama di {path} (error "
                         "{code}); periksa nama folder bersama pada path.",
                         "Server {server} has no shared folder by the name in {path} (error "
                         "{code}); check the share name in the path."),
    "share.conflict": _t("Windows sudah tersambung ke {server} dengan akun lain (error {code}); "
                         "putuskan dulu dengan 'net use \\\\{server} /delete' atau pakai akun "
                         "yang sama.",
                         "Windows is already connected to {server} with another account (error "
                         "{code}); disconnect it with 'net use \\\\{server} /delete' or use the "
                         "same account."),
    "share.no_drive": _t("Drive {drive} tidak ada untuk akun Windows ini (drive yang dipetakan "
                         "hanya milik satu akun dan belum ada saat jalan otomatis); pakai path "
                         "UNC seperti \\\\server\\ult\\ult.db.",
                         "Drive {drive} does not exist for this Windows account (mapped drives "
                         "belong to one account and are missing at autostart); use a UNC path "
                         "such as \\\\server\\ult\\ult.db."),
    "share.other": _t("Folder basis data {path} tidak dapat dijangkau ({detail}); periksa "
                      "jaringan dan folder bersama, stasiun akan mencoba lagi otomatis.",
                      "The database folder {path} cannot be reached ({detail}); check the network "
                      "and the shared folder, the station will retry automatically."),
    "printer.error.not_printed": _t("Printer {target} tidak mencetak tiket tepat waktu (antrean "
                                    "Windows: {queue}); tugas cetak sudah dibatalkan agar tidak "
                                    "tercetak belakangan, periksa printer lalu cetak ulang.",
                                    "Printer {target} did not print the ticket in time (Windows "
                                    "queue: {queue}); the job was cancelled so it will not print "
                                    "later, check the printer and reprint."),
    # station file
    "station.name_bad": _t("Nama stasiun \"{name}\" tidak dapat dipakai: hindari "
                           "\\ / : * ? \" < > |, titik atau spasi di akhir, nama perangkat "
                           "Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9) dan lebih dari "
                           "{max} karakter.",
                           "Station name \"{name}\" cannot be used: avoid \\ / : * ? \" < > |, "
                           "a dot or space at the end, Windows device names (CON, PRN, AUX, "
                           "NUL, COM1-9, LPT1-9) and more than {max} characters."),
    "station.file_broken": _t("Berkas pengaturan stasiun {path} rusak (baris {line}, kolom "
                              "{column}: {detail}); perbaiki atau hapus berkas itu, lalu jalankan "
                              "'ult-desktop setup'.",
                              "The station file {path} is broken (line {line}, column {column}: "
                              "{detail}); fix or delete it, then run 'ult-desktop setup'."),
    "station.file_backslash": _t("Berkas pengaturan stasiun {path} rusak di baris {line}: di JSON "
                                 "setiap \\ harus ditulis \\\\ "
                                 '("\\\\\\\\server\\\\ult\\\\ult.db") atau pakai garis miring '
                                 '("//server/ult/ult.db").',
                                 "The station file {path} is broken at line {line}: in JSON every "
                                 '\\ must be written \\\\ ("\\\\\\\\server\\\\ult\\\\ult.db") or '
                                 'use forward slashes ("//server/ult/ult.db").'),
    "setup.secret.other_account": _t(
        "Kata sandi server di {path} disegel untuk akun Windows lain: jalankan panduan "
        "penyiapan (ult-desktop setup) dengan akun ini, atau pilih 'untuk semua pengguna'.",
        "The server password in {path} is sealed for another Windows account: run the setup "
        "wizard (ult-desktop setup) as this account, or set it up for all users."),
    "station.file_unreadable": _t("Berkas pengaturan stasiun {path} tidak dapat dibaca "
                                  "({detail}); periksa izin berkas.",
                                  "The station file {path} cannot be read ({detail}); check the "
                                  "file's permissions."),
    "setup.config_broken_note": _t("Pengaturan lama tidak dipakai: {error} Menyimpan panduan "
                                   "penyiapan ini akan menggantinya.",
                                   "The old settings are not used: {error} Saving this wizard "
                                   "replaces them."),
    "setup.printer.installed": _t("Printer terpasang di Windows:", "Printers installed in Windows:"),
    "setup.printer.pick": _t("— pilih printer Windows —", "— pick a Windows printer —"),
}
