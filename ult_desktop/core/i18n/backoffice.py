"""Texts of the back-office desk, SOP steps and the named office holidays."""


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


TEXTS = {
    # -- named extra days (admin, holidays page) -------------------------------------------
    "holidays.name_hint": _t("Nama hari libur, mis. HUT Kota", "Name, e.g. City anniversary"),
    "holidays.name_required": _t("Isi nama hari libur dulu, lalu tekan Tambah.",
                                 "Enter the day's name first, then press Add."),
    "holidays.already_named": _t("{day} sudah hari libur: {name}.",
                                 "{day} is already a holiday: {name}."),
    # -- back-office desk (counter tab) ------------------------------------------------
    "backoffice.tab": _t("Back Office", "Back office"),
    "backoffice.title_counts": _t(
        "Diteruskan ke saya: {tickets} · menunggu back office: {incoming} · "
        "jawaban kembali: {returned}",
        "Transferred to me: {tickets} · waiting for back office: {incoming} · "
        "answers back: {returned}"),
    "backoffice.title_fo": _t("Diserahkan ke back office: {sent} · jawaban kembali: {returned}",
                              "Handed to back office: {sent} · answers back: {returned}"),
    "backoffice.col.sent": _t("Dikirim", "Sent"),
    "backoffice.col.kind": _t("Jenis", "Kind"),
    "backoffice.col.state": _t("Status", "Status"),
    "backoffice.col.who": _t("Antrean / pengunjung", "Ticket / visitor"),
    "backoffice.col.service": _t("Layanan", "Service"),
    "backoffice.col.officer": _t("Petugas", "Officer"),
    "backoffice.kind.consultation": _t("Konsultasi", "Consultation"),
    "backoffice.kind.escalation": _t("Diteruskan", "Forwarded"),
    "backoffice.kind.transfer": _t("Dialihkan ke saya", "Transferred to me"),
    "backoffice.state.waiting_desk": _t("Menunggu diambil", "Waiting to be taken"),
    "backoffice.state.sent": _t("Menunggu back office", "Waiting for back office"),
    "backoffice.state.taken": _t("Ditelaah", "Being studied"),
    "backoffice.state.coordinating": _t("Koordinasi unit utama", "With the unit utama"),
    "backoffice.state.answered": _t("Disposisi ditulis", "Disposition written"),
    "backoffice.state.returned": _t("Kembali ke front office", "Back at front office"),
    "backoffice.state.explained": _t("Sudah dijelaskan", "Explained"),
    "backoffice.detail": _t("Rincian", "Details"),
    "backoffice.none_selected": _t("Pilih satu baris di sebelah kiri.",
                                   "Select a row on the left."),
    "backoffice.ticket_detail": _t(
        "Pengunjung <b>{number}</b> ({service}) dialihkan kepada Anda. Tekan <b>Ambil</b> "
        "untuk melayaninya di meja Anda.",
        "Visitor <b>{number}</b> ({service}) was transferred to you. Press <b>Take</b> to "
        "serve them at your desk."),
    "backoffice.from": _t("Dari front office", "From front office"),
    "backoffice.question": _t("Pertanyaan", "Question"),
    "backoffice.due": _t("Tenggat", "Due"),
    "backoffice.phone": _t("Telepon", "Phone"),
    "backoffice.unit": _t("Unit utama", "Unit utama"),
    "backoffice.disposition": _t("Disposisi / jawaban", "Disposition / answer"),
    "backoffice.unit_hint": _t("Unit utama yang dihubungi, mis. Ditjen GTK",
                               "Unit utama contacted, e.g. Ditjen GTK"),
    "backoffice.disposition_hint": _t("Arahan atau jawaban untuk disampaikan kepada tamu",
                                      "Direction or answer to pass on to the visitor"),
    "backoffice.question_hint": _t("Apa yang perlu ditanyakan ke back office?",
                                   "What do you need to ask back office?"),
    "backoffice.take": _t("Ambil", "Take"),
    "backoffice.coordinate": _t("Koordinasikan ke unit utama", "Coordinate with unit utama"),
    "backoffice.answer": _t("Simpan disposisi", "Save disposition"),
    "backoffice.hand_back": _t("Kembalikan ke front office", "Hand back to front office"),
    "backoffice.finish_here": _t("Selesai di meja saya", "Finish at my desk"),
    "backoffice.msg.finished": _t("{who}: kunjungan selesai; arahkan tamu ke survei.",
                                  "{who}: visit finished; direct the visitor to the survey."),
    "backoffice.error.hand_back_instead": _t(
        "Tamu menunggu di front office; kembalikan jawabannya ke front office.",
        "The visitor waits at the front office; hand the answer back to them."),
    "backoffice.consult": _t("Konsultasikan ke back office", "Consult back office"),
    "backoffice.consult_for": _t("Konsultasi tentang pengunjung {number} di loket Anda:",
                                 "Consult about visitor {number} at your counter:"),
    "backoffice.consult_none": _t(
        "Panggil dan layani pengunjung dulu untuk berkonsultasi ke back office.",
        "Call and serve a visitor first to consult back office."),
    "backoffice.explained_in_person": _t("Sudah dijelaskan langsung",
                                         "Explained in person"),
    "backoffice.explained_callback": _t("Sudah dijelaskan lewat telepon/surel",
                                        "Explained by call-back"),
    "backoffice.msg.taken": _t("{who} diambil; silakan ditelaah.", "{who} taken; study it."),
    "backoffice.msg.nobody": _t("Tidak ada pengunjung yang dialihkan kepada Anda.",
                                "Nobody is transferred to you."),
    "backoffice.msg.coordinating": _t("{who}: koordinasi dengan unit utama dicatat.",
                                      "{who}: coordination with the unit utama recorded."),
    "backoffice.msg.answered": _t("{who}: disposisi disimpan.", "{who}: disposition saved."),
    "backoffice.msg.returned": _t("{who}: dikembalikan ke front office.",
                                  "{who}: handed back to front office."),
    "backoffice.msg.sent": _t("{who}: dikirim ke back office.", "{who}: sent to back office."),
    "backoffice.msg.explained": _t("{who}: penjelasan kepada tamu dicatat.",
                                   "{who}: explanation to the visitor recorded."),
    "backoffice.msg.arrived": _t("Jawaban back office untuk {who} sudah kembali; "
                                 "buka tab Back Office.",
                                 "Back office's answer for {who} is back; open the Back "
                                 "office tab."),
    "backoffice.error.not_found": _t("Serah terima {handover} tidak ditemukan; muat ulang "
                                     "daftar.", "Handover {handover} not found; reload the "
                                     "list."),
    "backoffice.error.question_required": _t("Tulis pertanyaan untuk back office dulu.",
                                             "Write the question for back office first."),
    "backoffice.error.nothing_to_consult": _t(
        "Pilih pengunjung atau permintaan yang akan dikonsultasikan.",
        "Choose the visitor or request to consult about."),
    "backoffice.error.invalid_step": _t(
        "Langkah ini tidak bisa dilakukan sekarang; muat ulang daftar lalu coba lagi.",
        "This step cannot be done now; reload the list and try again."),
    "backoffice.error.not_yours": _t("Serah terima ini ditujukan kepada petugas lain.",
                                     "This handover is addressed to another officer."),
    "backoffice.error.taken_by_other": _t("Sudah ditangani oleh {name}.",
                                          "Already handled by {name}."),
    "backoffice.error.disposition_required": _t("Tulis disposisinya dulu.",
                                                "Write the disposition first."),
    "backoffice.error.not_for_you": _t(
        "Pengunjung ini tidak dialihkan kepada Anda atau sudah diambil.",
        "This visitor is not transferred to you or was already taken."),
    # -- SOP steps and their standard times ---------------------------------------------
    "backoffice.steps.title": _t("Waktu per langkah SOP bulan ini (mutu baku)",
                                 "Time per SOP step this month (standard time)"),
    "backoffice.targets.title": _t("Mutu baku SOP (back office)",
                                   "SOP standard times (back office)"),
    "backoffice.targets.online_days": _t("Permintaan daring selesai dalam",
                                         "Online requests finished within"),
    "backoffice.steps.title_period": _t(
        "Waktu per langkah SOP layanan tatap muka pada periode ini (mutu baku)",
        "Time per step of the face-to-face SOP in this period (standard time)"),
    "backoffice.steps.step": _t("Langkah", "Step"),
    "backoffice.steps.count": _t("Jumlah", "Count"),
    "backoffice.steps.mean": _t("Rata-rata (menit)", "Mean (min)"),
    "backoffice.steps.target": _t("Mutu baku", "Standard"),
    "backoffice.steps.within": _t("Sesuai mutu baku", "Within standard"),
    "backoffice.steps.over": _t("Penyimpangan", "Deviations"),
    "backoffice.steps.minutes": _t("{n} menit", "{n} min"),
    "backoffice.step.consult": _t("FO berkonsultasi dengan BO", "FO consults BO"),
    "backoffice.step.receive": _t("BO menerima laporan FO", "BO receives FO's report"),
    "backoffice.step.study": _t("BO menelaah", "BO studies it"),
    "backoffice.step.coordinate": _t("Koordinasi dengan unit utama",
                                     "Coordination with unit utama"),
    "backoffice.step.disposition": _t("Disposisi diteruskan ke FO",
                                      "Disposition passed to FO"),
    "backoffice.step.explain": _t("FO menjelaskan kepada tamu", "FO explains to the visitor"),
}
