"""Survei Kepuasan Masyarakat (PermenPANRB 14/2017): elements, questions, answer labels."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "skm.element.persyaratan": _t("Persyaratan", "Requirements"),
    "skm.question.persyaratan": _t("Bagaimana pendapat Saudara tentang kesesuaian persyaratan "
                                   "pelayanan dengan jenis pelayanannya?",
                                   "How well do the requirements of the service fit the kind of "
                                   "service?"),
    "skm.answer.persyaratan.1": _t("Tidak sesuai", "Not suitable"),
    "skm.answer.persyaratan.2": _t("Kurang sesuai", "Somewhat unsuitable"),
    "skm.answer.persyaratan.3": _t("Sesuai", "Suitable"),
    "skm.answer.persyaratan.4": _t("Sangat sesuai", "Very suitable"),
    "skm.element.prosedur": _t("Sistem, Mekanisme, dan Prosedur",
                               "Systems, mechanisms and procedures"),
    "skm.question.prosedur": _t("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan "
                                "di unit ini?",
                                "How easy was the service procedure at this office?"),
    "skm.answer.prosedur.1": _t("Tidak mudah", "Not easy"),
    "skm.answer.prosedur.2": _t("Kurang mudah", "Somewhat difficult"),
    "skm.answer.prosedur.3": _t("Mudah", "Easy"),
    "skm.answer.prosedur.4": _t("Sangat mudah", "Very easy"),
    "skm.element.waktu": _t("Waktu Penyelesaian", "Completion time"),
    "skm.question.waktu": _t("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan "
                             "pelayanan?",
                             "How fast was the service?"),
    "skm.answer.waktu.1": _t("Tidak cepat", "Not fast"),
    "skm.answer.waktu.2": _t("Kurang cepat", "Somewhat slow"),
    "skm.answer.waktu.3": _t("Cepat", "Fast"),
    "skm.answer.waktu.4": _t("Sangat cepat", "Very fast"),
    "skm.element.biaya": _t("Biaya/Tarif", "Cost/fee"),
    "skm.question.biaya": _t("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam "
                             "pelayanan?",
                             "How fair was the cost or fee of the service?"),
    "skm.answer.biaya.1": _t("Sangat mahal", "Very expensive"),
    "skm.answer.biaya.2": _t("Cukup mahal", "Rather expensive"),
    "skm.answer.biaya.3": _t("Murah", "Cheap"),
    "skm.answer.biaya.4": _t("Gratis", "Free"),
    "skm.element.produk": _t("Produk Spesifikasi Jenis Pelayanan", "Service product specification"),
    "skm.question.produk": _t("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan "
                              "antara yang tercantum dalam standar pelayanan dengan hasil yang "
                              "diberikan?",
                              "How well did what you received match the product stated in the "
                              "service standard?"),
    "skm.answer.produk.1": _t("Tidak sesuai", "Not suitable"),
    "skm.answer.produk.2": _t("Kurang sesuai", "Somewhat unsuitable"),
    "skm.answer.produk.3": _t("Sesuai", "Suitable"),
    "skm.answer.produk.4": _t("Sangat sesuai", "Very suitable"),
    "skm.element.kompetensi": _t("Kompetensi Pelaksana", "Staff competence"),
    "skm.question.kompetensi": _t("Bagaimana pendapat Saudara tentang kompetensi/kemampuan "
                                  "petugas dalam pelayanan?",
                                  "How competent was the officer who served you?"),
    "skm.answer.kompetensi.1": _t("Tidak kompeten", "Not competent"),
    "skm.answer.kompetensi.2": _t("Kurang kompeten", "Somewhat incompetent"),
    "skm.answer.kompetensi.3": _t("Kompeten", "Competent"),
    "skm.answer.kompetensi.4": _t("Sangat kompeten", "Very competent"),
    "skm.element.perilaku": _t("Perilaku Pelaksana", "Staff behaviour"),
    "skm.question.perilaku": _t("Bagaimana pendapat Saudara tentang perilaku petugas dalam "
                                "pelayanan terkait kesopanan dan keramahan?",
                                "How polite and friendly was the officer who served you?"),
    "skm.answer.perilaku.1": _t("Tidak sopan dan ramah", "Not polite and friendly"),
    "skm.answer.perilaku.2": _t("Kurang sopan dan ramah", "Somewhat impolite and unfriendly"),
    "skm.answer.perilaku.3": _t("Sopan dan ramah", "Polite and friendly"),
    "skm.answer.perilaku.4": _t("Sangat sopan dan ramah", "Very polite and friendly"),
    "skm.element.pengaduan": _t("Penanganan Pengaduan, Saran dan Masukan",
                                "Handling of complaints and suggestions"),
    "skm.question.pengaduan": _t("Bagaimana pendapat Saudara tentang penanganan pengaduan "
                                 "pengguna layanan?",
                                 "How are complaints from service users handled?"),
    "skm.answer.pengaduan.1": _t("Tidak ada", "Not available"),
    "skm.answer.pengaduan.2": _t("Ada tetapi tidak berfungsi", "Available but not working"),
    "skm.answer.pengaduan.3": _t("Berfungsi kurang maksimal", "Working, but not fully"),
    "skm.answer.pengaduan.4": _t("Dikelola dengan baik", "Well managed"),
    "skm.element.sarana": _t("Sarana dan Prasarana", "Facilities and infrastructure"),
    "skm.question.sarana": _t("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
                              "How good are the facilities and infrastructure?"),
    "skm.answer.sarana.1": _t("Buruk", "Poor"),
    "skm.answer.sarana.2": _t("Cukup", "Fair"),
    "skm.answer.sarana.3": _t("Baik", "Good"),
    "skm.answer.sarana.4": _t("Sangat baik", "Very good"),
    "skm.kinerja.A": _t("Sangat Baik", "Very good"),
    "skm.kinerja.B": _t("Baik", "Good"),
    "skm.kinerja.C": _t("Kurang Baik", "Less than good"),
    "skm.kinerja.D": _t("Tidak Baik", "Not good"),
    "skm.error.invalid_answers": _t("Jawaban survei belum lengkap; pilih satu jawaban untuk "
                                    "setiap pertanyaan.",
                                    "The survey is not complete; choose one answer for every "
                                    "question."),
    "skm.error.ticket_not_found": _t("Kode tiket {code} tidak ditemukan; periksa kode pada tiket "
                                     "Anda.",
                                     "Ticket code {code} was not found; check the code on your "
                                     "ticket."),
    "skm.error.not_served": _t("Tiket {number} belum selesai dilayani; isi survei setelah layanan "
                               "selesai.",
                               "Ticket {number} has not been served yet; fill in the survey after "
                               "your service."),
    "skm.error.already_answered": _t("Survei untuk tiket {number} sudah diisi; terima kasih atas "
                                     "penilaian Anda.",
                                     "The survey for ticket {number} was already filled in; thank "
                                     "you for your rating."),
    "skm.thanks": _t("Terima kasih atas penilaian Anda.", "Thank you for your rating."),
}
