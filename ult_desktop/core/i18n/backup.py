"""Texts of the daily automatic backup (admin page, ``check``, ``backup --daily``) and of
the December warning about next year's cuti bersama."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "backup.daily.heading": _t("Cadangan harian otomatis", "Daily automatic backup"),
    "backup.daily.explain": _t(
        "Setiap hari, stasiun ULT Desktop yang pertama menyala membuat salinan basis data "
        "ke folder kedua ini. Pilih folder di komputer atau diska lain, sebaiknya folder "
        "jaringan (mis. \\\\server\\cadangan).",
        "Every day the first ULT Desktop station that runs copies the database into this "
        "second folder. Choose a folder on another computer or disk, preferably a network "
        "folder (e.g. \\\\server\\backup)."),
    "backup.daily.folder": _t("Folder cadangan kedua", "Second backup folder"),
    "backup.daily.keep": _t("Cadangan harian yang disimpan", "Daily backups kept"),
    "backup.daily.last": _t("Cadangan terakhir", "Last backup"),
    "backup.daily.save": _t("Simpan folder", "Save folder"),
    "backup.daily.browse": _t("Pilih folder…", "Choose folder…"),
    "backup.daily.pick": _t("Pilih folder cadangan", "Choose the backup folder"),
    "backup.daily.off": _t("Belum ada folder: cadangan harian tidak dibuat.",
                           "No folder yet: no daily backup is made."),
    "backup.daily.by_any": _t("Dibuat oleh stasiun mana pun yang menyala (folder jaringan).",
                              "Made by whichever station is running (network folder)."),
    "backup.daily.by_host": _t(
        "Dibuat oleh komputer {host} saat ULT Desktop menyala di sana (folder lokal "
        "komputer itu).",
        "Made by the computer {host} while ULT Desktop runs there (a folder local to it)."),
    "backup.daily.made": _t("Cadangan harian dibuat: {path}", "Daily backup made: {path}"),
    "backup.daily.outcome.not_set": _t(
        "Folder cadangan harian belum diatur; tidak ada cadangan dibuat.",
        "No daily backup folder is set; no backup made."),
    "backup.daily.outcome.other_host": _t(
        "Cadangan harian dibuat oleh komputer {host}, bukan komputer ini.",
        "The daily backup is made by the computer {host}, not this one."),
    "backup.daily.outcome.done_today": _t("Cadangan hari ini sudah ada.",
                                          "Today's backup already exists."),
    "backup.daily.outcome.claimed": _t(
        "Stasiun lain sedang membuat cadangan hari ini.",
        "Another station is making today's backup."),
    "backup.daily.outcome.failed_recently": _t(
        "Cadangan harian baru saja gagal; dicoba lagi dalam satu jam.",
        "The daily backup failed a moment ago; it is tried again within the hour."),
    "backup.daily.outcome.failed": _t("Cadangan harian gagal: {error}",
                                      "The daily backup failed: {error}"),
    "backup.last": _t("Cadangan terakhir: {when}, {where}", "Last backup: {when}, {where}"),
    "backup.last_by": _t("oleh {station}", "by {station}"),
    "backup.last_never": _t("Cadangan terakhir: belum ada", "Last backup: none yet"),
    "backup.last_failed": _t("Percobaan terakhir gagal ({when}, {station}): {error}",
                             "The last attempt failed ({when}, {station}): {error}"),
    "backup.warning_line": _t("Peringatan: {text}", "Warning: {text}"),
    "backup.warn.no_folder": _t(
        "Folder cadangan harian belum diatur; atur di Admin > Cadangan & pemulihan.",
        "No daily backup folder is set; set it in Admin > Backup & restore."),
    "backup.warn.unreachable": _t(
        "Folder cadangan {folder} tidak dapat dijangkau; periksa jaringan atau diska, atau "
        "pilih folder lain.",
        "The backup folder {folder} cannot be reached; check the network or disk, or "
        "choose another folder."),
    "backup.warn.never": _t("Belum pernah ada cadangan; buat cadangan sekarang.",
                            "No backup has been made yet; make one now."),
    "backup.warn.stale": _t(
        "Cadangan terakhir sudah {days} hari yang lalu; periksa folder cadangan dan "
        "pastikan ada stasiun yang menyala.",
        "The last backup is {days} days old; check the backup folder and that a station "
        "is running."),
    "backup.error.no_such_folder": _t(
        "folder itu tidak ada: salah ketik, sudah dihapus, atau diska/folder bersamanya "
        "belum tersambung",
        "that folder does not exist: mistyped, deleted, or its disk or share is not "
        "connected"),
    "backup.warn.unreachable_why": _t(
        "Folder cadangan {folder} tidak dapat dijangkau ({reason}); periksa jaringan atau "
        "diska, atau pilih folder lain.",
        "The backup folder {folder} cannot be reached ({reason}); check the network or disk, "
        "or choose another folder."),
    "backup.error.folder_why": _t(
        "Folder {folder} tidak dapat dipakai dari komputer ini ({reason}); pilih folder yang "
        "ada dan dapat ditulisi.",
        "The folder {folder} cannot be used from this computer ({reason}); choose an existing, "
        "writable one."),
    "backup.error.not_a_folder": _t("bukan folder", "not a folder"),
    "holidays.cuti_bersama_unknown": _t(
        "Cuti bersama {year} belum diketahui. Tambahkan harinya di halaman Hari libur "
        "sesuai SKB 3 Menteri (nama berisi \"Cuti bersama\"), atau perbarui ULT Desktop; "
        "tanpa itu tenggat di awal {year} dihitung salah.",
        "The cuti bersama (collective leave) days of {year} are not known yet. Add them on "
        "the Holidays page as the SKB 3 Menteri sets them (name containing \"Cuti "
        "bersama\"), or update ULT Desktop; until then due dates early in {year} are "
        "counted wrong."),
    "admin.kind.backup_started": _t("Cadangan harian dimulai", "Daily backup started"),
    "admin.kind.backup_failed": _t("Cadangan harian gagal", "Daily backup failed"),
    "cli.opt.backup.daily": _t(
        "cadangan harian ke folder cadangan kantor, bila belum ada hari ini (untuk "
        "Penjadwal Tugas)",
        "the daily backup into the office's backup folder, if today's is not made yet "
        "(for Task Scheduler)"),
}
