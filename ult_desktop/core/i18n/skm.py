"""Survei Kepuasan Masyarakat (PermenPANRB 14/2017): elements, questions, answer labels."""

_ELEMENTS = {
    "persyaratan": (
        ("Persyaratan", "Requirements"),
        ("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
         "pelayanannya?",
         "How well do the requirements of the service fit the kind of service?"),
        (("Tidak sesuai", "Not suitable"), ("Kurang sesuai", "Somewhat unsuitable"),
         ("Sesuai", "Suitable"), ("Sangat sesuai", "Very suitable")),
    ),
    "prosedur": (
        ("Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"),
        ("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
         "How easy was the service procedure at this office?"),
        (("Tidak mudah", "Not easy"), ("Kurang mudah", "Somewhat difficult"),
         ("Mudah", "Easy"), ("Sangat mudah", "Very easy")),
    ),
    "waktu": (
        ("Waktu Penyelesaian", "Completion time"),
        ("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
         "How fast was the service?"),
        (("Tidak cepat", "Not fast"), ("Kurang cepat", "Somewhat slow"),
         ("Cepat", "Fast"), ("Sangat cepat", "Very fast")),
    ),
    "biaya": (
        ("Biaya/Tarif", "Cost/fee"),
        ("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
         "How fair was the cost or fee of the service?"),
        (("Sangat mahal", "Very expensive"), ("Cukup mahal", "Rather expensive"),
         ("Murah", "Cheap"), ("Gratis", "Free")),
    ),
    "produk": (
        ("Produk Spesifikasi Jenis Pelayanan", "Service product specification"),
        ("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
         "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
         "How well did what you received match the product stated in the service standard?"),
        (("Tidak sesuai", "Not suitable"), ("Kurang sesuai", "Somewhat unsuitable"),
         ("Sesuai", "Suitable"), ("Sangat sesuai", "Very suitable")),
    ),
    "kompetensi": (
        ("Kompetensi Pelaksana", "Staff competence"),
        ("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
         "How competent was the officer who served you?"),
        (("Tidak kompeten", "Not competent"), ("Kurang kompeten", "Somewhat incompetent"),
         ("Kompeten", "Competent"), ("Sangat kompeten", "Very competent")),
    ),
    "perilaku": (
        ("Perilaku Pelaksana", "Staff behaviour"),
        ("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
         "kesopanan dan keramahan?",
         "How polite and friendly was the officer who served you?"),
        (("Tidak sopan dan ramah", "Not polite and friendly"),
         ("Kurang sopan dan ramah", "Somewhat impolite and unfriendly"),
         ("Sopan dan ramah", "Polite and friendly"),
         ("Sangat sopan dan ramah", "Very polite and friendly")),
    ),
    "pengaduan": (
        ("Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints and suggestions"),
        ("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
         "How are complaints from service users handled?"),
        (("Tidak ada", "Not available"), ("Ada tetapi tidak berfungsi", "Available but not working"),
         ("Berfungsi kurang maksimal", "Working, but not fully"),
         ("Dikelola dengan baik", "Well managed")),
    ),
    "sarana": (
        ("Sarana dan Prasarana", "Facilities and infrastructure"),
        ("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
         "How good are the facilities and infrastructure?"),
        (("Buruk", "Poor"), ("Cukup", "Fair"), ("Baik", "Good"), ("Sangat baik", "Very good")),
    ),
}


def _build() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for key, ((name_id, name_en), (q_id, q_en), answers) in _ELEMENTS.items():
        texts[f"skm.element.{key}"] = {"id": name_id, "en": name_en}
        texts[f"skm.question.{key}"] = {"id": q_id, "en": q_en}
        for score, (a_id, a_en) in enumerate(answers, start=1):
            texts[f"skm.answer.{key}.{score}"] = {"id": a_id, "en": a_en}
    return texts


TEXTS = {
    **_build(),
    "skm.kinerja.A": {"id": "Sangat Baik", "en": "Very good"},
    "skm.kinerja.B": {"id": "Baik", "en": "Good"},
    "skm.kinerja.C": {"id": "Kurang Baik", "en": "Less than good"},
    "skm.kinerja.D": {"id": "Tidak Baik", "en": "Not good"},
    "skm.title": {"id": "Survei Kepuasan Masyarakat", "en": "Public Satisfaction Survey"},
    "skm.error.invalid_answers": {
        "id": "Jawaban survei belum lengkap; pilih satu jawaban untuk setiap pertanyaan.",
        "en": "The survey is not complete; choose one answer for every question.",
    },
    "skm.error.ticket_not_found": {
        "id": "Kode tiket {code} tidak ditemukan; periksa kode pada tiket Anda.",
        "en": "Ticket code {code} was not found; check the code on your ticket.",
    },
    "skm.error.not_served": {
        "id": "Tiket {number} belum selesai dilayani; isi survei setelah layanan selesai.",
        "en": "Ticket {number} has not been served yet; fill in the survey after your service.",
    },
    "skm.error.already_answered": {
        "id": "Survei untuk tiket {number} sudah diisi; terima kasih atas penilaian Anda.",
        "en": "The survey for ticket {number} was already filled in; thank you for your rating.",
    },
    "skm.thanks": {
        "id": "Terima kasih atas penilaian Anda.",
        "en": "Thank you for your rating.",
    },
}
