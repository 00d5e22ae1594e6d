"""Texts of reconcile: the tables against the signed event log."""

from ult_desktop.core.i18n import _t

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
    "reconcile.diff.act": _t("  {label}: peristiwa #{event} dari '{in_table}' tidak "
                             "diterapkan: {column}",
                             "  {label}: event #{event} from '{in_table}' was not applied: "
                             "{column}"),
    "reconcile.act.future": _t("tindakan itu bertanggal di masa depan",
                               "the act is dated in the future"),
    "reconcile.act.kind": _t("stasiun dengan peran itu tidak boleh mencatat tindakan jenis ini "
                             "(tabel tindakan)", "a station of that role may not sign an act "
                             "of this kind (the table of acts)"),
    "reconcile.act.offline_kind": _t("tindakan jenis ini tidak pernah mendarat dari jurnal "
                                     "loket", "an act of this kind never lands from a "
                                     "counter's journal"),
    "reconcile.act.repeated": _t("tindakan luring yang sama sudah mendarat sebelumnya",
                                 "the same offline act landed before"),
    "reconcile.act.act_chain": _t("rantai tindakan jurnal loket itu terputus atau ditulis "
                                  "ulang", "the counter journal's chain of acts has a missing "
                                  "or rewritten link"),
    "reconcile.act.unlisted": _t("tindakan luring itu tidak ada dalam daftar pendaratan "
                                 "stasiunnya", "the offline act is in no landing list of "
                                 "its station"),
    "reconcile.act.phone_station": _t("hitungan ponsel dari stasiun yang tidak ditunjuk "
                                      "pengaturan", "a phone count from a station the settings "
                                      "do not name"),
    "reconcile.act.phone_count": _t("hitungan ponsel melebihi jumlah antrean hari itu",
                                    "a phone count above that day's tickets"),
    "reconcile.act.born": _t("hari, nomor, stasiun atau kunjungan yang sudah tercatat tidak "
                             "boleh diubah", "a recorded day, number, station or visit never "
                                             "changes"),
    "reconcile.act.column": _t("stasiun dengan peran itu tidak boleh mengubah kolom antrean "
                               "ini", "a station of that role may not write this ticket "
                               "column"),
    "reconcile.act.final": _t("waktu kunjungan yang sudah selesai tidak boleh diubah",
                              "a finished visit's times are final"),
    "reconcile.act.not_waiting": _t("kios hanya boleh menerbitkan antrean yang menunggu, "
                                    "belum dipanggil", "a kiosk may only issue a waiting "
                                                       "ticket, never called"),
    "reconcile.act.transition": _t("antrean itu tidak boleh berpindah ke keadaan itu dari "
                                   "keadaannya", "the ticket may not move to that state "
                                                 "from the one it had"),
    "reconcile.act.station": _t("antrean itu atas nama stasiun lain, bukan yang menerbitkannya",
                                "the ticket names another station than the one issuing it"),
    "reconcile.act.day": _t("hari antrean itu bukan hari penerbitannya",
                            "the ticket's day is not the day it was issued"),
    "reconcile.act.ticket_id": _t("nomor data atau nomor antrean itu melampaui yang "
                                  "diberikan jejak audit", "its ticket id or number is past "
                                                           "those the audit trail gave"),
    "reconcile.act.reserve": _t("kios hanya boleh memegang nomor atas namanya sendiri, "
                                "untuk hari itu, dalam jumlah wajar",
                                "a kiosk may only hold numbers under its own name, for "
                                "that day, a bounded range"),
    "reconcile.act.no_outage": _t("tindakan luring itu bertanggal saat loket itu masih "
                                  "tersambung (tidak ada gangguan jaringan)",
                                  "the offline act is dated while that counter was still "
                                  "connected (no outage)"),
    "reconcile.act.act_edited": _t("tindakan luring itu diubah setelah ditandatangani "
                                   "loketnya; periksa PC loket itu dan jalankan ulang check",
                                   "the offline act was changed after its counter signed "
                                   "it; inspect that counter PC and run check again"),
    "reconcile.act.act_signature": _t("tindakan luring itu tidak ditandatangani kunci "
                                      "terdaftar stasiun yang mencatatnya; periksa PC itu",
                                      "the offline act is not signed by the registered key "
                                      "of the station that recorded it; inspect that PC"),
    "reconcile.act.role": _t("stasiun dengan peran itu tidak boleh mencatat peristiwa ini",
                             "a station of that role may not record this event"),
    "reconcile.act.backdated": _t("tanggalnya mundur dari jejak audit",
                                  "it is dated back before the audit trail's time"),
    "reconcile.act.time": _t("waktu yang ditulisnya bukan waktu tindakan itu",
                             "the time it writes is not the act's own time"),
    "reconcile.act.label": _t("jawabannya atas nama stasiun lain atau perangkat lain",
                              "it answers for another station or another device"),
    "reconcile.act.closed_month": _t("bulan data itu sudah ditutup",
                                     "that month is already closed"),
    "reconcile.act.kind_move": _t("perubahan antrean itu bukan tindakan yang dicatatnya",
                                  "the ticket's change is not the act it was signed as"),
    "reconcile.act.not_today": _t("melapor kembali hanya untuk antrean terlewat hari itu",
                                  "a report-back is only for that day's missed ticket"),
    "reconcile.act.once": _t("antrean itu sudah melapor kembali di kios",
                             "that ticket already reported back at a kiosk"),
    "reconcile.act.followup": _t("tidak ada kunjungan lanjutan terjadwal hari itu untuk "
                                 "kasus itu", "no follow-up visit is booked that day for "
                                              "that case"),
    "reconcile.act.followup_taken": _t("kunjungan lanjutan itu sudah mengambil antrean",
                                       "that follow-up visit already took a ticket"),
    "reconcile.act.place": _t("urutan antrean itu tidak mengikuti aturan kantor",
                              "the ticket's place in line is not the office's rule"),
    "reconcile.act.visit_day": _t("kunjungan dijadwalkan pada hari yang sudah lewat atau "
                                  "bulan yang sudah ditutup", "a visit booked on a day "
                                  "already past or in a closed month"),
    "reconcile.act.code": _t("kode survei hanya boleh dihapus saat dipakai atau diberikan "
                             "oleh tindakan yang memberikannya", "a survey code is only "
                             "cleared when spent, or given by the act that gives one"),
    "reconcile.act.reported_month": _t("laporan bulan itu sudah diterbitkan",
                                       "that month's report was already issued"),
    "reconcile.act.not_own_ticket": _t("kios hanya boleh mencatat cetak antrean miliknya "
                                       "sendiri", "a kiosk may only record the printing of "
                                                  "its own tickets"),
    "reconcile.act.other_counter": _t("antrean itu sedang atau sudah dilayani di loket lain",
                                      "that ticket is or was served at another counter"),
    "reconcile.act.sign_in_proof": _t(
        "masuk petugas tanpa bukti PIN-nya diketik di PC ini, di loket itu, pada jam itu",
        "an officer's sign-in with no proof her PIN was typed at this PC, at that counter, at "
        "that time"),
    "reconcile.act.counter": _t("loket yang tidak pernah dimasuki petugas di PC ini dengan "
                                "PIN-nya", "a counter no officer signed in at on this PC "
                                "with her PIN"),
    "reconcile.act.officer": _t("petugas itu tidak pernah masuk di loket itu",
                                "that officer never signed in at that counter"),
    "reconcile.act.answer_window": _t("jawaban survei di luar masa jawab setelah kunjungan",
                                      "survey answers outside the answer window after the "
                                      "visit"),
    "reconcile.act.no_code": _t("jawaban survei tanpa kode yang dipakai",
                                "survey answers without a spent code"),
    "reconcile.act.help_call": _t("tidak ada panggilan bantuan dari kios yang belum dijawab "
                                  "sebelum jawaban itu", "no unanswered help call of a kiosk "
                                                         "came before that answer"),
    "reconcile.act.help_twice": _t("panggilan bantuan itu sudah dijawab",
                                   "that help call was already answered"),
    "reconcile.act.signed_out": _t("petugas itu tidak pernah masuk di stasiun itu",
                                   "that officer never signed in at that station"),
    "reconcile.rowless.help_requested": _t("panggilan bantuan", "help call"),
    "reconcile.rowless.help_answered": _t("jawaban panggilan bantuan", "help call answered"),
    "reconcile.rowless.interpreter_requested": _t("permintaan juru bahasa isyarat",
                                                  "interpreter request"),
    "reconcile.rowless.fetched": _t("penjemputan pengunjung di kursinya",
                                    "visitor fetched from the seat"),
    "reconcile.rowless.deaf_marked": _t("tanda Tuli", "Deaf mark"),
    "reconcile.rowless.morning_check": _t("cek pagi", "morning check"),
    "reconcile.rowless.device_tested": _t("uji perangkat", "device test"),
    "reconcile.rowless.phone_band_day": _t("hitungan perkiraan tunggu di ponsel",
                                           "phone wait band count"),
    "reconcile.rowless.journal_landed": _t("daftar tindakan jurnal loket yang mendarat",
                                           "a counter journal's landing list"),
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
    "reconcile.changed_after_issue": _t(
        "{count} {table} {what} oleh {admin} pada {day} setelah laporan {month} diterbitkan",
        "{count} {table} {what} by {admin} on {day} after the {month} report was issued"),
    "reconcile.stated.added": _t("ditambahkan", "added"),
    "reconcile.stated.deleted": _t("dihapus", "deleted"),
    "reconcile.stated.changed": _t("diubah", "changed"),
    "reconcile.stated.admin": _t("admin {admin}", "admin {admin}"),
    "reconcile.stated.no_admin": _t("stasiun admin tanpa admin yang masuk",
                                    "the admin station with no admin signed in"),
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
