"""Texts of reconcile: the tables against the signed event log."""


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


TEXTS = {
    "reconcile.table.tickets": _t("antrean", "ticket"),
    "reconcile.table.register_records": _t("catatan buku tamu", "register record"),
    "reconcile.table.cases": _t("kasus", "case"),
    "reconcile.table.handovers": _t("serah terima", "handover"),
    "reconcile.table.number_reserves": _t("nomor cadangan anjungan", "kiosk's held numbers"),
    "reconcile.table.counter_pauses": _t("jeda loket", "counter break"),
    "reconcile.table.standins": _t("penugasan", "stand-in"),
    "reconcile.table.services": _t("layanan", "service"),
    "reconcile.table.counters": _t("loket", "counter"),
    "reconcile.table.officers": _t("petugas", "officer"),
    "reconcile.table.settings": _t("pengaturan", "setting"),
    "reconcile.table.sop_targets": _t("mutu baku (layanan/langkah)", "mutu baku (service/step)"),
    "reconcile.table.pin_lockouts": _t("kunci PIN", "PIN lock"),
    "reconcile.table.skm_spent_codes": _t("kode survei terpakai", "spent survey code"),
    "reconcile.table.skm_followups": _t("tindak lanjut SKM", "SKM follow-up"),
    "reconcile.table.skm_responses": _t("jawaban SKM (layanan/bulan/sumber)",
                                        "SKM responses (service/month/source)"),
    "reconcile.cli.ok": _t("Angka sesuai jejak audit: setiap baris tabel sama dengan peristiwa "
                           "bertanda tangan (dapat dibuktikan sejak peristiwa #{since}).",
                           "Figures match the audit trail: every table row equals the signed "
                           "events (provable from event #{since})."),
    "reconcile.cli.none": _t("  catatan: berkas ini belum menyimpan baris tabel di jejak audit; "
                             "angka belum dapat dibuktikan.",
                             "  note: this file's log holds no table rows yet; figures cannot be "
                             "proven."),
    "reconcile.cli.bad": _t("Angka TIDAK SESUAI jejak audit: {count} perbedaan (lihat di bawah); "
                            "tabel diubah di luar aplikasi. Simpan berkas ini dan laporkan ke "
                            "kepala kantor.",
                            "Figures DO NOT MATCH the audit trail: {count} differences (below); "
                            "the tables were changed outside the app. Keep this file and tell the "
                            "head of office."),
    "cli.opt.check.reconcile": _t("putar ulang peristiwa bertanda tangan dan sebutkan setiap "
                                  "baris tabel yang berbeda (selalu dilakukan; opsi ini diterima "
                                  "untuk skrip)",
                                  "replay the signed events and name every table row that differs "
                                  "(always done; the flag is accepted for scripts)"),
    "reconcile.empty": _t("(kosong)", "(empty)"),
    "reconcile.cli.more": _t("  ... dan {count} perbedaan lain",
                             "  ... and {count} more differences"),
    "reconcile.diff.changed": _t("  {table} {label}: {column} {in_table} di tabel, {in_log} di "
                                 "jejak audit (peristiwa #{event})",
                                 "  {table} {label}: {column} {in_table} in the table, {in_log} "
                                 "in the log (event #{event})"),
    "reconcile.diff.added": _t("  {table} {label}: ada di tabel tetapi tidak pernah dicatat di "
                               "jejak audit (ditambahkan di luar aplikasi)",
                               "  {table} {label}: in the table but never in the log (added "
                               "outside the app)"),
    "reconcile.diff.deleted": _t("  {table} {label}: tercatat di jejak audit (peristiwa #{event}) "
                                 "tetapi hilang dari tabel (dihapus di luar aplikasi)",
                                 "  {table} {label}: in the log (event #{event}) but gone from "
                                 "the table (deleted outside the app)"),
    "reconcile.diff.erased": _t("  {table} {label}: {column} dikosongkan di luar aplikasi (bukan "
                                "penghapusan retensi yang sah; peristiwa #{event})",
                                "  {table} {label}: {column} erased outside the app (not a lawful "
                                "retention purge; event #{event})"),
    "reconcile.diff.orphan": _t("  {table} {label}: peristiwa #{event} mengubah baris yang tidak "
                                "pernah dicatat",
                                "  {table} {label}: event #{event} changes a row the log never "
                                "recorded"),
    "reconcile.diff.pin": _t("  {table} {label}: peristiwa #{event} masuk dengan hash PIN yang "
                             "tidak pernah ditetapkan aplikasi (hash ditukar di luar aplikasi)",
                             "  {table} {label}: event #{event} signed in with a PIN hash the app "
                             "never set (the hash was swapped outside the app)"),
    "reconcile.diff.count": _t("  {table} {label}: {in_table} di tabel, {in_log} di jejak audit",
                               "  {table} {label}: {in_table} in the table, {in_log} in the log"),
    "reconcile.diff.answers": _t("  {table} {label}: jumlah jawaban sesuai jejak audit, tetapi "
                                 "isinya diubah di luar aplikasi",
                                 "  {table} {label}: as many answers as the log says, but what "
                                 "they say was changed outside the app"),
    "reconcile.diff.codes": _t("  {table}: jumlahnya sesuai jejak audit, tetapi kodenya diubah "
                               "di luar aplikasi",
                               "  {table}: as many as the log says, but the codes were changed "
                               "outside the app"),
    "reconcile.diff.authority": _t("  {table} {label}: peristiwa #{event} ditandatangani "
                                   "'{in_table}' ({column}), yang tidak berwenang menulisnya: "
                                   "tidak diterapkan",
                                   "  {table} {label}: event #{event} was signed by '{in_table}' "
                                   "({column}), which may not write it: not applied"),
    "reconcile.who.admin": _t("PC admin", "admin PC"),
    "reconcile.who.kiosk": _t("kios", "kiosk"),
    "reconcile.who.survey": _t("tablet survei", "survey tablet"),
    "reconcile.who.counter": _t("loket", "counter"),
    "reconcile.who.display": _t("layar", "display"),
    "reconcile.who.no_admin": _t("PC admin tanpa admin yang masuk",
                                 "the admin PC with no admin signed in"),
    "reconcile.who.none": _t("stasiun tanpa peran", "station without a role"),
    "reconcile.who.unregistered": _t("kunci yang tidak pernah didaftarkan kantor",
                                     "a key the office never registered"),
    "reconcile.who.unsigned": _t("tanpa tanda tangan", "unsigned"),
    "reconcile.stamp_chain": _t("TIDAK TERVERIFIKASI: jejak audit diubah ({count} temuan), "
                                "lihat ult-desktop check",
                                "NOT VERIFIED: the audit trail was altered ({count} findings), "
                                "see ult-desktop check"),
    "reconcile.stamp": _t("TIDAK TERVERIFIKASI: {count} perbedaan, lihat ult-desktop check",
                          "NOT VERIFIED: {count} differences, see ult-desktop check"),
    "report.sheet.verified": _t("Verifikasi", "Verification"),
    "reconcile.problem": _t("tabel diubah", "table changed"),
    "reconcile.stamp_unpinned": _t("TIDAK TERVERIFIKASI terhadap akar yang dikenal: PC ini belum "
                                   "diberi sidik jari akar kepercayaan kantor",
                                   "NOT VERIFIED against a known root: this PC was never given "
                                   "the office's root of trust fingerprint"),
    "reconcile.stamp_short": _t("TIDAK TERVERIFIKASI", "NOT VERIFIED"),
    "reconcile.footer": _t("Direkonsiliasi dengan jejak audit hingga kepala rantai #{head} "
                           "{hash}; kunci akar {root}",
                           "Reconciled with the audit trail up to chain head #{head} {hash}; root "
                           "key {root}"),
}
