"""Texts shared by every screen."""


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


TEXTS = {
    "ui.banner.busy": _t("Basis data sedang sibuk; tindakan akan dicoba lagi sebentar lagi.",
                         "The database is busy; actions will be retried in a moment."),
    "ui.banner.unavailable": _t("Basis data tidak dapat dijangkau. Periksa jaringan; layar ini "
                                "pulih otomatis.",
                                "The database cannot be reached. Check the network; this screen "
                                "recovers on its own."),
    "ui.banner.unavailable_since": _t("Basis data tidak dapat dijangkau sejak pukul {since}. "
                                      "Periksa jaringan dan PC tempat berkas bersama; layar "
                                      "ini pulih otomatis.",
                                      "The database cannot be reached since {since}. Check the "
                                      "network and the PC that holds the shared file; this "
                                      "screen recovers on its own."),
    "ui.banner.unavailable_pending": _t(
        "Berkas bersama tidak terjangkau sejak pukul {since} — antrean tetap berjalan, "
        "{n} kejadian menunggu disimpan.",
        "The shared file cannot be reached since {since} — the queue goes on, {n} events "
        "wait to be saved."),
    "ui.banner.too_new": _t("Aplikasi di stasiun ini lebih lama dari basis data; perbarui stasiun "
                            "ini.",
                            "This station is older than the database; update this station."),
    "ui.language.toggle": _t("English", "Bahasa Indonesia"),
    "ui.day_names": _t("Senin,Selasa,Rabu,Kamis,Jumat,Sabtu,Minggu",
                       "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday"),
    "ui.month_names": _t("Januari,Februari,Maret,April,Mei,Juni,Juli,Agustus,September,Oktober,November,Desember",
                         "January,February,March,April,May,June,July,August,September,October,November,December"),
    "ui.error.public_unavailable": _t(
        "Layanan ini sedang tidak terhubung ke sistem kantor. Silakan coba lagi sebentar, "
        "atau minta bantuan petugas.",
        "This service cannot reach the office's system right now. Please try again in a "
        "moment, or ask an officer for help."),
    "ui.error.unexpected": _t("Terjadi kesalahan tak terduga; coba lagi atau hubungi admin.",
                              "An unexpected error occurred; try again or contact the admin."),
}
