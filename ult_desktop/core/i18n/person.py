"""One person's data on request (UU 27/2022): find, copy, correct, erase; the notice."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "person.error.not_found": _t(
        "Tidak ada data register dengan id {person}; cari dulu dengan 'person find'.",
        "No register data has id {person}; look it up first with 'person find'."),
    "person.error.nothing_held": _t(
        "Data pribadi orang dengan id {person} sudah kosong; tidak ada yang dihapus.",
        "The personal data of id {person} is already empty; nothing was erased."),
    "person.error.reason": _t(
        "Tuliskan alasan penghapusan (mis. 'permintaan pemilik data'); tidak ada yang "
        "dihapus.",
        "Give the reason for the erasure (e.g. 'the person asked'); nothing was erased."),
    "person.error.field": _t(
        "Kolom {field} tidak dapat dikoreksi; yang dapat: {fields}.",
        "Field {field} cannot be corrected; these can: {fields}."),
    "person.error.value": _t(
        "Isian {field} tidak sah; periksa ketikannya, tidak ada yang diubah.",
        "The value for {field} is not valid; check what was typed, nothing was changed."),
    "person.error.nothing_to_correct": _t(
        "{field} sudah berisi nilai itu; tidak ada yang diubah.",
        "{field} already holds that value; nothing was changed."),
    "person.error.assignment": _t(
        "Tulis koreksi sebagai KOLOM=NILAI, mis. phone=081234567890.",
        "Write the correction as FIELD=VALUE, e.g. phone=081234567890."),
    "person.error.received": _t(
        "'{text}' bukan waktu; tulis seperti 2026-11-24T09:00 (waktu kantor).",
        "'{text}' is not a time; write it like 2026-11-24T09:00 (office time)."),
    "evidence.requests.figure": _t(
        "{n} permintaan atas data pribadi; {within} dijawab dalam 3 x 24 jam.",
        "{n} request(s) about personal data; {within} answered within 3 x 24 hours."),
    "evidence.requests.received": _t("Diterima", "Received"),
    "evidence.requests.answered": _t("Dijawab", "Answered"),
    "evidence.requests.act": _t("Tindakan", "Act"),
    "evidence.requests.by": _t("Oleh", "By"),
    "evidence.requests.within": _t("≤ 3 x 24 jam", "≤ 3 x 24 h"),
    "evidence.requests.in_time": _t("ya", "yes"),
    "evidence.requests.late": _t("TIDAK", "NO"),
    "evidence.requests.source": _t(
        "tindakan bertanda tangan person_shown, person_corrected dan person_erased "
        "di jejak audit (ult-desktop person); waktu diterima seperti dicatat admin.",
        "the signed person_shown, person_corrected and person_erased acts of the "
        "audit trail (ult-desktop person); received as the admin recorded it."),
    "evidence.requests.person_shown": _t("salinan diberikan", "copy given"),
    "evidence.requests.person_corrected": _t("dikoreksi", "corrected"),
    "evidence.requests.person_erased": _t("dihapus", "erased"),
    "person.error.out": _t(
        "Nama berkas salinan harus berakhiran .pdf atau .json.",
        "The copy's file name must end in .pdf or .json."),
    "person.cli.none": _t("Tidak ada orang yang cocok dengan '{text}'.",
                          "Nobody matches '{text}'."),
    "person.cli.found": _t(
        "id {id}: {name} — {records} kunjungan ({first_day} s.d. {last_day}) NIK {nik} "
        "telp {phone}",
        "id {id}: {name} — {records} visit(s) ({first_day} to {last_day}) NIK {nik} "
        "phone {phone}"),
    "person.cli.shown": _t("Salinan data id {person} ditulis ke {out}.",
                           "The copy of id {person}'s data was written to {out}."),
    "person.cli.corrected": _t(
        "{field} dikoreksi pada {n} catatan register (kejadian {event}); nilai lama tetap "
        "terikat di jejak audit.",
        "{field} corrected in {n} register record(s) (event {event}); the old value stays "
        "committed in the audit trail."),
    "person.cli.erased": _t(
        "Data pribadi dihapus: {rows} baris, {events} catatan kejadian; rujukan {ref} "
        "(berikan kepada pemohon); {backups} cadangan ditulis ulang.",
        "Personal data erased: {rows} row(s), {events} event text(s); reference {ref} "
        "(give it to the person); {backups} backup(s) rewritten."),
    "person.cli.backups_skipped": _t(
        "Cadangan ini tidak dapat ditulis ulang; hapus atau tulis ulang sendiri: {paths}",
        "These backups could not be rewritten; delete them or run again: {paths}"),
    "person.cli.files_removed": _t(
        "Berkas yang memuat orang ini dihapus (ekspor register, salinan untuk pemohon): "
        "{paths}",
        "Files holding this person removed (register exports, the copy given to them): "
        "{paths}"),
    "person.cli.files_not_reached": _t(
        "Berkas ini tercatat memuat orang ini tetapi tidak ada di tempatnya atau tidak dapat "
        "dihapus; cari dan hapus sendiri: {paths}",
        "These files are recorded as holding this person but are not where they were "
        "written or cannot be deleted; find and delete them yourself: {paths}"),
    "person.cli.open_case": _t(
        "Kasus {case} tetap terbuka tanpa nama dan kontak (tenggat {due}); {then}",
        "Case {case} stays open without a name or contact (due {due}); {then}"),
    "person.cli.open_case.callback": _t(
        "telepon balik tidak dapat lagi dilakukan: tutup kasusnya di Tindak Lanjut Kasus "
        "bila jawabannya tidak dapat disampaikan.",
        "a call-back can no longer be made: close the case under Tindak Lanjut Kasus if "
        "its answer cannot be given."),
    "person.cli.open_case.visit": _t(
        "kunjungan lanjutannya pada {day} tetap berlaku dengan kode di slipnya.",
        "the follow-up visit on {day} still stands with the code on its slip."),
    "person.cli.open_case.wait": _t(
        "jawabannya diberikan bila ia datang atau menghubungi kantor.",
        "its answer is given when the person comes or contacts the office."),
    "person.cli.not_reached": _t(
        "Tidak terjangkau: salinan kertas, dan berkas yang dipindah atau disalin ke tempat "
        "lain (flashdisk, surel); mintalah pemegangnya memusnahkannya.",
        "Not reached: paper copies, and files moved or copied elsewhere (flash disks, "
        "e-mail); ask whoever holds them to destroy them."),
    # What the register form and the receipt say, one line (the office may reword it in
    # Admin: setting privacy_notice).
    "person.notice.default": _t(
        "Nama, kontak, NIK disimpan {months} bulan untuk pelayanan publik (UU 25/2009); "
        "lihat, koreksi, hapus: tanya petugas ULT.",
        "Name, contact, ID number kept {months} months for the public service (UU 25/2009); "
        "to see, correct or erase them: ask the ULT officer."),
    "person.pdf.title": _t("Salinan data pribadi", "Copy of personal data"),
    "person.pdf.intro": _t(
        "Semua data tentang Anda yang disimpan ULT {office}, apa yang dilakukan dengannya, "
        "untuk apa dan berapa lama (UU 27/2022 Pasal 32). Waktu menurut jam kantor. "
        "Dibuat {at}.",
        "Everything ULT {office} holds about you, what was done with it, what for and for "
        "how long (UU 27/2022 Art. 32). Times on the office's clock. Made {at}."),
    # the copy in words (reports/person_copy.py)
    "person.copy.h.about_you": _t("Data Anda yang kami simpan", "Your data we keep"),
    "person.copy.h.visits": _t("Kunjungan dan permintaan Anda", "Your visits and requests"),
    "person.copy.h.cases": _t("Pertanyaan Anda yang diteruskan", "Your questions forwarded"),
    "person.copy.h.suggestions": _t("Saran Anda dalam survei kepuasan",
                                    "Your suggestions in the satisfaction survey"),
    "person.copy.h.processing": _t("Apa yang dilakukan dengan data Anda, dan kapan",
                                   "What was done with your data, and when"),
    "person.copy.h.purposes": _t("Untuk apa data Anda dipakai", "What your data is used for"),
    "person.copy.h.legal_basis": _t("Dasar hukum", "Legal basis"),
    "person.copy.h.retention": _t("Berapa lama data Anda disimpan", "How long your data is kept"),
    "person.copy.h.recipients": _t("Siapa yang menerima data Anda", "Who receives your data"),
    "person.copy.h.contact": _t("Membetulkan atau menghapus data Anda",
                                "Correcting or erasing your data"),
    "person.copy.field.visitor_name": _t("Nama", "Name"),
    "person.copy.field.institution": _t("Instansi", "Institution"),
    "person.copy.field.region_name": _t("Kabupaten/kota", "Regency or city"),
    "person.copy.field.phone": _t("Nomor telepon", "Phone number"),
    "person.copy.field.email": _t("Surel", "E-mail"),
    "person.copy.field.id_number": _t("NIK/NIP", "NIK/NIP (ID number)"),
    "person.copy.field.on_behalf_of": _t("Mewakili", "On behalf of"),
    "person.copy.field.letter_number": _t("Nomor surat kuasa/tugas",
                                          "Letter of authority number"),
    "person.copy.visit": _t("{when}: Anda menghubungi kami ({channel}) untuk layanan {service}.",
                            "{when}: you contacted us ({channel}) about {service}."),
    "person.copy.ticket": _t("Nomor antrean {number}.", "Queue number {number}."),
    "person.copy.request_type": _t("Jenis permintaan: {kind}.", "Type of request: {kind}."),
    "person.copy.question": _t("Pertanyaan Anda: “{text}”.", "Your question: “{text}”."),
    "person.copy.answer": _t("Jawaban: “{text}”.", "Answer: “{text}”."),
    "person.copy.served_by": _t("Dicatat oleh {officer}.", "Recorded by {officer}."),
    "person.copy.case": _t("Kasus {number}: diteruskan {when} ke {unit}; sekarang {state}.",
                           "Case {number}: forwarded on {when} to {unit}; now {state}."),
    "person.copy.back_office": _t("back office ULT", "the ULT back office"),
    "person.copy.due": _t("Tenggat jawaban: {day}.", "Answer due: {day}."),
    "person.copy.case_answered": _t("Dijawab {when} oleh {officer}.",
                                    "Answered on {when} by {officer}."),
    "person.copy.called_back": _t("Anda dihubungi kembali {when}.",
                                  "You were called back on {when}."),
    "person.copy.callback_note": _t("Catatan panggilan balik: “{text}”.",
                                    "Call-back note: “{text}”."),
    "person.copy.rescheduled": _t("Dijadwalkan ulang karena: “{text}”.",
                                  "Rescheduled because: “{text}”."),
    "person.copy.followup": _t("Kunjungan lanjutan dijadwalkan {day}.",
                               "A follow-up visit was booked for {day}."),
    "person.copy.ticket_of": _t("nomor antrean {number}", "queue number {number}"),
    "person.copy.act.register_created": _t("data Anda dicatat di register layanan",
                                           "your data was recorded in the service register"),
    "person.copy.act.register_updated": _t("catatan register Anda diubah",
                                           "your register record was changed"),
    "person.copy.act.case_opened": _t("pertanyaan Anda diteruskan",
                                      "your question was forwarded"),
    "person.copy.act.case_answered": _t("jawaban untuk Anda ditulis",
                                        "the answer for you was written"),
    "person.copy.act.case_callback": _t("Anda dihubungi kembali (atau dicoba)",
                                        "you were called back (or it was tried)"),
    "person.copy.act.case_closed": _t("kasus Anda ditutup", "your case was closed"),
    "person.copy.act.case_rescheduled": _t("tenggat jawaban Anda dijadwalkan ulang",
                                           "the answer's due day was moved"),
    "person.copy.act.case_lapor_category": _t("kategori SP4N-LAPOR! kasus Anda dicatat",
                                              "your case's SP4N-LAPOR! category was noted"),
    "person.copy.act.case_visit_booked": _t("kunjungan lanjutan Anda dijadwalkan",
                                            "your follow-up visit was booked"),
    "person.copy.act.handover_sent": _t("pertanyaan Anda diserahkan ke back office",
                                        "your question was handed to the back office"),
    "person.copy.act.handover_taken": _t("back office mulai mempelajari pertanyaan Anda",
                                         "the back office began to study your question"),
    "person.copy.act.handover_coordinating": _t(
        "back office berkoordinasi dengan unit terkait",
        "the back office consulted the unit concerned"),
    "person.copy.act.handover_answered": _t("back office menulis disposisi",
                                            "the back office wrote its answer"),
    "person.copy.act.handover_returned": _t("jawaban dikembalikan ke front office",
                                            "the answer went back to the front office"),
    "person.copy.act.handover_explained": _t("jawaban dijelaskan kepada Anda",
                                             "the answer was explained to you"),
    "person.copy.act.person_corrected": _t("data Anda dikoreksi atas permintaan",
                                           "your data was corrected on request"),
    "person.copy.act.person_shown": _t("salinan data Anda diberikan",
                                       "a copy of your data was given"),
    "person.copy.other_act": _t("catatan lain tentang kunjungan Anda",
                                "another note about your visit"),
    "person.copy.at_counter": _t("di loket {counter}", "at counter {counter}"),
    "person.copy.by": _t("oleh {officer}", "by {officer}"),
    "person.copy.suggestion": _t("Survei {period}: “{text}”.", "Survey of {period}: “{text}”."),
    "person.copy.purpose.1": _t(
        "Melayani dan menjawab permintaan Anda, dan menghubungi Anda kembali bila jawabannya "
        "menyusul.",
        "To serve and answer your request, and to contact you again when the answer comes "
        "later."),
    "person.copy.purpose.2": _t(
        "Meneruskan pertanyaan Anda ke back office atau unit terkait bila perlu.",
        "To forward your question to the back office or the unit concerned when needed."),
    "person.copy.purpose.3": _t(
        "Menyimpan catatan pelayanan publik yang dapat diperiksa (jejak audit).",
        "To keep the public service's record, which can be checked (audit trail)."),
    "person.copy.purpose.4": _t(
        "Menghitung angka laporan kantor; laporan hanya memuat jumlah, tanpa nama Anda.",
        "To count the office's report figures; reports hold numbers only, never your name."),
    "person.copy.basis": _t(
        "Pelaksanaan tugas pelayanan publik menurut UU 25/2009 tentang Pelayanan Publik "
        "(UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 20 ayat (2) huruf e), bukan "
        "persetujuan Anda.",
        "Carrying out the public service under UU 25/2009 on Public Services (UU 27/2022 on "
        "Personal Data Protection, Article 20(2)(e)), not your consent."),
    "person.copy.retention": _t(
        "Data pribadi Anda disimpan {months} bulan sejak kunjungan, lalu dihapus dari berkas "
        "kantor dan cadangannya. Catatan tanpa data pribadi (nomor antrean, waktu) tetap "
        "untuk laporan.",
        "Your personal data is kept {months} months from the visit, then removed from the "
        "office's file and its backups. Records without personal data (queue number, times) "
        "stay for the reports."),
    "person.copy.retention_until": _t("Data kunjungan terakhir Anda dihapus sekitar {day}.",
                                      "The data of your last visit is removed around {day}."),
    "person.copy.recipients": _t(
        "Petugas ULT {office} yang melayani Anda (front office, back office, helpdesk) dan "
        "pimpinan yang membaca laporan.",
        "The ULT {office} officers who serve you (front office, back office, helpdesk) and "
        "the head of office who reads the reports."),
    "person.copy.units": _t("Unit yang menerima pertanyaan Anda: {units}.",
                            "Units that received your question: {units}."),
    "person.copy.not_shared": _t(
        "Data Anda tidak diberikan kepada pihak lain dan tidak pernah ditampilkan di layar "
        "ruang tunggu.",
        "Your data is not given to anyone else and never shown on the waiting-room screen."),
    "person.copy.contact": _t(
        "Untuk membetulkan atau menghapus data Anda, atau bertanya tentang salinan ini, "
        "hubungi {contact}. Permintaan Anda dijawab dalam 3 x 24 jam.",
        "To correct or erase your data, or to ask about this copy, contact {contact}. Your "
        "request is answered within 3 x 24 hours."),
    "person.copy.complaint": _t(
        "Bila Anda tidak puas dengan jawabannya, Anda dapat mengadu melalui SP4N-LAPOR! "
        "(lapor.go.id).",
        "If you are not satisfied with the answer, you may complain through SP4N-LAPOR! "
        "(lapor.go.id)."),
    "person.pdf.none": _t("(tidak ada)", "(none)"),
    # the command line (cli.cmd.<command>, cli.opt.<command>.<option>)
    "admin.page.person": _t("Data satu orang", "One person's data"),
    "admin.person.explain": _t(
        "Permintaan pemilik data (UU 27/2022): cari orangnya, berikan salinan semua datanya "
        "dalam 3 x 24 jam, koreksi isian yang salah, atau hapus datanya dari berkas dan "
        "cadangannya. Koreksi dan hapus dicatat di jejak audit atas nama Anda.",
        "A person's request about their data (UU 27/2022): find them, give a copy of all "
        "their data within 3 x 24 hours, correct a wrong field, or erase their data from the "
        "file and its backups. Corrections and erasures are recorded in the audit trail "
        "under your name."),
    "admin.person.hint": _t("Nama, NIK/NIP, telepon atau surel",
                            "Name, NIK/NIP, phone or e-mail"),
    "admin.person.find": _t("Cari", "Find"),
    "admin.person.found": _t("{n} orang ditemukan.", "{n} person(s) found."),
    "admin.person.col.id": _t("Id", "Id"),
    "admin.person.col.name": _t("Nama", "Name"),
    "admin.person.col.id_number": _t("NIK/NIP", "NIK/NIP"),
    "admin.person.col.phone": _t("Telepon", "Phone"),
    "admin.person.col.records": _t("Kunjungan", "Visits"),
    "admin.person.col.days": _t("Tanggal", "Days"),
    "admin.person.copy": _t("Salinan untuk pemohon…", "Copy for the person…"),
    "admin.person.copied": _t("Salinan ditulis ke {path}.", "The copy was written to {path}."),
    "admin.person.correct": _t("Koreksi", "Correct"),
    "admin.person.confirm_correct": _t("Koreksi {field} milik {name}?",
                                       "Correct {name}'s {field}?"),
    "admin.person.reason": _t("Alasan penghapusan (mis. permintaan pemilik data)",
                              "Why it is erased (e.g. the person asked)"),
    "admin.person.erase": _t("Hapus data orang ini", "Erase this person's data"),
    "admin.person.confirm_erase": _t(
        "Hapus semua data pribadi {name} ({records} kunjungan) dari berkas dan cadangannya? "
        "Ini tidak dapat dibatalkan.",
        "Erase all personal data of {name} ({records} visit(s)) from the file and its "
        "backups? This cannot be undone."),
    "admin.person.erasing": _t("Menghapus dan menulis ulang berkas serta cadangannya…",
                               "Erasing, rewriting the file and its backups…"),
    "admin.person.field.visitor_name": _t("Nama", "Name"),
    "admin.person.field.phone": _t("Telepon", "Phone"),
    "admin.person.field.email": _t("Surel", "E-mail"),
    "admin.person.field.id_number": _t("NIK/NIP", "NIK/NIP"),
    "admin.person.field.institution": _t("Instansi", "Institution"),
    "admin.person.field.on_behalf_of": _t("Atas nama", "On behalf of"),
    "admin.person.field.letter_number": _t("Nomor surat", "Letter number"),
    "admin.retention.contact": _t("Kontak untuk koreksi/hapus data",
                                  "Contact to correct/erase data"),
    "admin.retention.notice": _t("Pemberitahuan kepada pengunjung",
                                 "Notice to visitors"),
    "admin.retention.notice_hint": _t(
        "Satu kalimat di formulir register dan tanda terima; kosong: kalimat bawaan.",
        "One sentence on the register form and the receipt; empty: the default sentence."),
    "cli.cmd.person": _t(
        "data satu orang atas permintaannya (UU 27/2022): cari, salin, koreksi, hapus",
        "one person's data on request (UU 27/2022): find, copy, correct, erase"),
    "cli.cmd.find": _t("cari orang menurut nama, NIK, telepon atau surel (boleh salah "
                       "ketik)", "find a person by name, NIK, phone or e-mail (typos allowed)"),
    "cli.cmd.show": _t("salinan semua data orang itu beserta catatan pemrosesannya (PDF "
                       "atau JSON)", "a copy of all of the person's data with its processing "
                                     "record (PDF or JSON)"),
    "cli.cmd.correct": _t("admin: koreksi satu isian data orang itu (tindakan bertanda "
                          "tangan)", "admin: correct one field of the person's data (a "
                                     "signed act)"),
    "cli.cmd.erase": _t("admin: hapus data pribadi orang itu dari berkas dan cadangannya "
                        "(tindakan bertanda tangan)", "admin: erase the person's data from "
                                                      "the file and its backups (a signed "
                                                      "act)"),
    "cli.opt.find.text": _t("nama, NIK/NIP, telepon atau surel yang dicari",
                            "the name, NIK/NIP, phone or e-mail to look for"),
    "cli.opt.id": _t("id orang seperti yang diberikan 'person find'",
                     "the person's id as 'person find' gives it"),
    "cli.opt.show.out": _t("berkas salinan: .pdf atau .json", "the copy's file: .pdf or .json"),
    "cli.opt.correct.assignment": _t("KOLOM=NILAI, mis. phone=081234567890",
                                     "FIELD=VALUE, e.g. phone=081234567890"),
    "cli.opt.erase.reason": _t("alasan penghapusan (dicatat, tidak pernah nama orangnya)",
                               "why it is erased (recorded; never the person's name)"),
    "cli.opt.received": _t("kapan permintaan diterima (ISO, mis. 2026-11-24T09:00+07:00; "
                           "bawaan: sekarang)", "when the request came (ISO, e.g. "
                                                "2026-11-24T09:00+07:00; default: now)"),
    "cli.opt.admin": _t("nama pengguna admin (variabel ULT_ADMIN); PIN dari "
                               "ULT_ADMIN_PIN atau masukan standar",
                               "admin username (env ULT_ADMIN); the PIN from ULT_ADMIN_PIN "
                               "or standard input"),
}
