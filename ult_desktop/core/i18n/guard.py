"""Schema guard, safe restore and personal-data purge."""

from __future__ import annotations

from ult_desktop.core.i18n import _t

TEXTS = {
    "guard.type.table": _t("tabel", "table"),
    "guard.type.index": _t("indeks", "index"),
    "guard.type.trigger": _t("trigger", "trigger"),
    "guard.type.policy": _t("aturan keamanan baris", "row security policy"),
    "guard.type.view": _t("view", "view"),
    "guard.type.object": _t("objek", "object"),
    "guard.type.function": _t("fungsi", "function"),
    "guard.type.constraint": _t("kunci asing", "foreign key"),
    "guard.error.unknown": _t(
        "Basis data berisi {kind} tak dikenal \"{name}\" (bukan buatan ULT Desktop; bisa "
        "mengubah data diam-diam), jadi stasiun ini tidak menulis apa pun; admin harus menjalankan "
        "`ult-desktop repair` atau Admin > Cadangan & pemulihan > Perbaiki skema.",
        "The database holds an unknown {kind} \"{name}\" (not made by ULT Desktop; it could "
        "change data silently), so this station writes nothing; an admin must run `ult-desktop repair` or "
        "Admin > Backup & restore > Repair schema."),
    "guard.error.changed": _t(
        "Definisi {kind} \"{name}\" di basis data telah diubah, jadi stasiun ini tidak menulis "
        "apa pun; admin harus menjalankan `ult-desktop repair` atau Admin > Cadangan > "
        "Perbaiki skema.",
        "The definition of {kind} \"{name}\" in the database was changed, so this station "
        "writes nothing; an admin must run `ult-desktop repair` or Admin > Backup > "
        "Repair schema."),
    "guard.error.missing": _t(
        "Objek {kind} \"{name}\" hilang dari basis data, jadi stasiun ini tidak menulis apa pun; admin "
        "harus menjalankan `ult-desktop repair` atau Admin > Cadangan & pemulihan > Perbaiki skema.",
        "The {kind} \"{name}\" is missing from the database, so this station writes nothing; "
        "an admin must run `ult-desktop repair` or Admin > Backup & restore > Repair schema."),
    "guard.error.changed_table": _t(
        "Struktur tabel \"{name}\" di basis data tidak sesuai versinya dan tidak dapat "
        "diperbaiki di tempat; pulihkan cadangan yang sehat (Admin > Cadangan & pemulihan).",
        "The structure of table \"{name}\" does not match the database's version and cannot "
        "be repaired in place; restore a sound backup (Admin > Backup & restore)."),
    "guard.error.missing_table": _t(
        "Tabel \"{name}\" hilang dari basis data dan tidak dapat diperbaiki di tempat; pulihkan "
        "cadangan yang sehat (Admin > Cadangan & pemulihan).",
        "Table \"{name}\" is missing from the database and cannot be repaired in place; "
        "restore a sound backup (Admin > Backup & restore)."),
    "guard.error.unknown_table": _t(
        "Basis data berisi tabel tak dikenal \"{name}\" (bisa menyalin data pribadi), jadi "
        "stasiun ini tidak menulis apa pun; admin harus menjalankan `ult-desktop repair` "
        "atau Admin > Cadangan & pemulihan > Perbaiki skema.",
        "The database holds an unknown table \"{name}\" (it could copy personal data), so "
        "this station writes nothing; an admin must run `ult-desktop repair` or "
        "Admin > Backup & restore > Repair schema."),
    "guard.server_unknown": _t(
        "Skema tidak diubah karena server berisi objek yang bukan buatan ULT Desktop "
        "({names}): hapus sebagai pemilik basis data ({statements}) atau jalankan "
        "'ult-desktop repair --drop-unknown'.",
        "The schema was not changed because the server holds objects ULT Desktop did not "
        "make ({names}): remove them as the database owner ({statements}) or run "
        "'ult-desktop repair --drop-unknown'."),
    "guard.backup_refused": _t(
        "Cadangan {path} ditolak, basis data yang berjalan tidak diubah: {reason}",
        "The backup {path} was refused and the live database was not changed: {reason}"),
    "guard.restore_failed": _t(
        "Pemulihan dibatalkan, basis data yang berjalan tidak diubah: {reason}",
        "Restore cancelled and the live database was not changed: {reason}"),
    "guard.restore_migrate_failed": _t(
        "cadangan tidak dapat dinaikkan ke versi skema {version} ({detail}).",
        "the backup cannot be upgraded to schema version {version} ({detail})."),
    "guard.restore_damaged": _t("salinan cadangan rusak (integrity_check gagal).",
                                "the copy of the backup is damaged (integrity_check failed)."),
    # -- CLI ---------------------------------------------------------------------------
    "guard.cli.drift": _t("Skema basis data menyimpang: {detail}",
                          "Database schema drift: {detail}"),
    "guard.cli.repaired": _t("Skema diperbaiki: {actions}.", "Schema repaired: {actions}."),
    "guard.cli.nothing_to_repair": _t("Skema sudah sesuai; tidak ada yang diperbaiki.",
                                      "The schema is already right; nothing to repair."),
    "guard.cli.need_admin": _t(
        "Perintah ini khusus admin: beri --admin NAMA_PENGGUNA dan PIN lewat ULT_ADMIN_PIN "
        "atau masukan standar.",
        "This command is for admins: give --admin USERNAME and the PIN through ULT_ADMIN_PIN "
        "or standard input."),
    "guard.cli.bad_admin": _t("Nama pengguna atau PIN admin salah; tidak ada yang diubah.",
                              "Wrong admin username or PIN; nothing was changed."),
    "guard.cli.pin_prompt": _t("PIN admin: ", "Admin PIN: "),
    "guard.cli.restored": _t("Basis data dipulihkan dari {source}; data lama disimpan di {kept}.",
                             "Database restored from {source}; the old data is kept in {kept}."),
    "guard.cli.purged": _t(
        "Data pribadi sebelum {before} dihapus dari {rows} baris; berkas ditulis ulang; "
        "cadangan: {deleted} dihapus, {purged} dibersihkan.",
        "Personal data before {before} removed from {rows} rows; file rewritten; backups: "
        "{deleted} deleted, {purged} cleaned."),
    "ui.banner.schema_drift": _t(
        "Basis data berisi objek asing; stasiun ini tidak menyimpan apa pun sampai admin "
        "memperbaikinya (ult-desktop check / repair).",
        "The database holds foreign objects; this station saves nothing until an admin "
        "repairs it (ult-desktop check / repair)."),
    # -- admin UI ----------------------------------------------------------------------
    "admin.schema.heading": _t("Skema basis data", "Database schema"),
    "admin.schema.check": _t("Periksa skema", "Check schema"),
    "admin.schema.repair": _t("Perbaiki skema…", "Repair schema…"),
    "admin.schema.ok": _t("Skema sesuai versi {version}: tidak ada objek asing.",
                          "The schema matches version {version}: no foreign objects."),
    "admin.schema.drift": _t("{n} penyimpangan: {detail}", "{n} differences: {detail}"),
    "admin.schema.confirm": _t(
        "Hapus objek yang tidak dikenal dan buat ulang yang berubah? Tindakan ini dicatat "
        "di log audit.",
        "Drop the unknown objects and recreate the changed ones? This is recorded in the "
        "audit log."),
    "admin.schema.repaired": _t("Skema diperbaiki ({n} tindakan).",
                                "Schema repaired ({n} actions)."),
    "admin.retention.step.rows": _t("Mengosongkan data pribadi…", "Emptying personal data…"),
    "admin.retention.step.vacuum": _t("Menulis ulang berkas basis data (bisa beberapa menit)…",
                                      "Rewriting the database file (may take minutes)…"),
    "admin.retention.step.backups": _t("Membersihkan cadangan {done}/{total}…",
                                       "Cleaning backups {done}/{total}…"),
    "admin.retention.done_full": _t(
        "{n} catatan dikosongkan, berkas ditulis ulang; cadangan: {deleted} dihapus, "
        "{purged} dibersihkan.",
        "{n} records emptied, file rewritten; backups: {deleted} deleted, {purged} cleaned."),
    "guard.reason.unknown": _t(
        "berkas itu berisi {kind} tak dikenal \"{name}\"; pakai cadangan lain.",
        "it holds an unknown {kind} \"{name}\"; use another backup."),
    "guard.reason.changed": _t(
        "{kind} \"{name}\" di dalamnya tidak sesuai versi skema {version} yang dinyatakan "
        "berkas itu; pakai cadangan lain.",
        "its {kind} \"{name}\" does not match the schema version {version} the file claims; "
        "use another backup."),
    "guard.reason.missing": _t(
        "{kind} \"{name}\" tidak ada di dalamnya padahal versi skema {version} "
        "memerlukannya; pakai cadangan lain.",
        "its {kind} \"{name}\" is missing although schema version {version} needs it; use "
        "another backup."),
}
