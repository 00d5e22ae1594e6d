"""Texts shared by every screen."""

TEXTS = {
    "ui.banner.busy": {
        "id": "Basis data sedang sibuk; tindakan akan dicoba lagi sebentar lagi.",
        "en": "The database is busy; actions will be retried in a moment."},
    "ui.banner.unavailable": {
        "id": "Basis data tidak dapat dijangkau. Periksa jaringan; layar ini pulih otomatis.",
        "en": "The database cannot be reached. Check the network; this screen recovers "
              "on its own."},
    "ui.banner.too_new": {
        "id": "Aplikasi di stasiun ini lebih lama dari basis data; perbarui stasiun ini.",
        "en": "This station is older than the database; update this station."},
    "ui.language.toggle": {"id": "English", "en": "Bahasa Indonesia"},
    "ui.day_names": {"id": "Senin,Selasa,Rabu,Kamis,Jumat,Sabtu,Minggu",
                     "en": "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday"},
    "ui.month_names": {
        "id": "Januari,Februari,Maret,April,Mei,Juni,Juli,Agustus,September,Oktober,"
              "November,Desember",
        "en": "January,February,March,April,May,June,July,August,September,October,"
              "November,December"},
    "ui.error.unexpected": {
        "id": "Terjadi kesalahan tak terduga; coba lagi atau hubungi admin.",
        "en": "An unexpected error occurred; try again or contact the admin."},
}
