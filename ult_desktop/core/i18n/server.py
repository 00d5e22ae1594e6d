"""The office on a PostgreSQL server: CLI messages and help."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "cli.cmd.server": _t("basis data kantor di server PostgreSQL",
                         "office database on a PostgreSQL server"),
    "cli.cmd.migrate-to-server": _t(
        "pindahkan berkas kantor ke server beserta seluruh riwayat bertanda tangan",
        "move an office file to a server with its whole signed history"),
    "cli.cmd.migrate-from-server": _t(
        "salin kantor dari server ke berkas baru (kembali ke berkas, atau arsip)",
        "copy an office on a server into a new file (moving back, or an archive)"),
    "cli.opt.url": _t("alamat server: postgresql://pengguna@host:5432/ult (variabel "
                      "ULT_SERVER_URL; kata sandi dari PGPASSWORD atau pgpass)",
                      "server address: postgresql://user@host:5432/ult (env ULT_SERVER_URL; "
                      "password from PGPASSWORD or pgpass)"),
    "cli.opt.server_command": _t("perintah server", "server command"),
    "cli.opt.migrate-to-server.db": _t("berkas kantor yang dipindahkan", "the office file to move"),
    "cli.opt.migrate-from-server.db": _t("berkas baru yang dibuat", "the new file to create"),
    "cli.opt.repair.drop_unknown": _t(
        "di server: hapus juga trigger, rule, tabel dan view yang bukan buatan aplikasi "
        "(perbaikan berkas selalu menghapusnya)",
        "on a server: also drop the triggers, rules, tables and views the app did not make "
        "(a file's repair always drops them)"),
    "server.cli.need": _t("Opsi {option} wajib diisi.", "Option {option} is required."),
    "server.cli.need_url": _t("--url harus berupa alamat postgresql://...",
                              "--url must be a postgresql://... address"),
    "server.cli.init_done": _t("Basis data kantor dibuat di {url}.",
                               "Office database created at {url}."),
    "server.cli.role_made": _t(
        "Peran stasiun {role} dibuat: hanya boleh menambah peristiwa, tidak mengubah atau "
        "menghapusnya. Pakai peran ini di setiap stasiun.",
        "Station role {role} created: it may append events, never change or delete them. "
        "Use this role on every station."),
    "server.cli.no_role": _t(
        "Peran stasiun tidak dibuat (ULT_STATION_PASSWORD kosong); stasiun jangan memakai "
        "akun pemilik basis data.",
        "No station role made (ULT_STATION_PASSWORD empty); stations must not use the "
        "database owner's account."),
    "server.cli.migrated": _t(
        "Berkas {path} disalin ke {url} ({events} peristiwa); jalankan 'check' di kedua "
        "sisi, lalu arahkan stasiun ke server.",
        "File {path} copied to {url} ({events} events); run 'check' on both sides, then "
        "point the stations at the server."),
    "server.cli.exported": _t("Kantor di {url} disalin ke berkas {path} ({events} peristiwa).",
                              "The office at {url} was copied to file {path} ({events} events)."),
    "server.error.purge_not_yet": _t(
        "Penghapusan data pribadi di server baru mencakup tabel dan peristiwa yang dikenal "
        "versi ini; perbarui stasiun.",
        "Removing personal data on a server covers only the tables and events this version "
        "knows; update the station."),
    "server.error.migrate_first": _t(
        "Berkas masih versi skema {version}; buka sekali dengan versi ini (versi {wanted}) "
        "agar dimigrasi, lalu pindahkan.",
        "The file is at schema version {version}; open it once with this version "
        "(version {wanted}) so it migrates, then move it."),
    "server.error.owner_only": _t(
        "'{command}' di server hanya boleh dijalankan oleh pemilik basis data, bukan "
        "{user}: jalankan 'ult-desktop {command} --db postgresql://PEMILIK:...@server/ult' "
        "di PC admin.",
        "'{command}' on a server may only be run by the database owner, not {user}: run "
        "'ult-desktop {command} --db postgresql://OWNER:...@server/ult' on the admin PC."),
    "server.error.broken_references": _t(
        "Data tidak disalin ke server karena ada baris yang merujuk baris yang tidak ada "
        "({detail}); jalankan 'check' pada berkasnya dan perbaiki dulu.",
        "Nothing was copied to the server because a row names a row that is not there "
        "({detail}); run 'check' on the file and put it right first."),
}
