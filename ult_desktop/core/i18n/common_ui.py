"""Texts shared by every screen."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "ui.fault.recorded": _t("Terjadi kesalahan, sudah dicatat. Layar ini tetap berjalan; "
                            "bila berulang, beri tahu petugas TI.",
                            "Something went wrong; it has been recorded. This screen keeps "
                            "running; if it happens again, tell the IT officer."),
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
    # -- a station that stopped or froze (its pulse, app/pulse.py) ------------------------
    "pulse.stopped.display": _t(
        "TV {station} berhenti (tak ada kabar {n} detik): nyalakan ulang aplikasi TV di PC "
        "itu, atau PC-nya bila layar tetap diam.",
        "TV {station} stopped (not heard for {n} s): restart the TV app on that PC, or the "
        "PC itself if the screen stays still."),
    "pulse.frozen.display": _t(
        "TV {station} macet: layarnya tidak berganti sejak {n} detik dan panggilan tidak "
        "tampil: tutup lalu buka lagi aplikasi TV di PC itu.",
        "TV {station} froze: its picture has not changed for {n} s and calls do not show: "
        "close and reopen the TV app on that PC."),
    "pulse.stopped.kiosk": _t(
        "Anjungan {station} berhenti (tak ada kabar {n} detik): pengunjung tidak bisa "
        "mengambil nomor di sana; nyalakan ulang aplikasi anjungan atau PC-nya.",
        "Kiosk {station} stopped (not heard for {n} s): visitors cannot take a number "
        "there; restart the kiosk app or its PC."),
    "pulse.stopped.other": _t(
        "Stasiun {station} berhenti (tak ada kabar {n} detik): nyalakan ulang aplikasinya "
        "di PC itu.",
        "Station {station} stopped (not heard for {n} s): restart its app on that PC."),
    "pulse.unknown": _t(
        "Stasiun {station} tidak dapat diperiksa selama folder bersama tidak terjangkau; "
        "jangan nyalakan ulang, tunggu folder bersama kembali.",
        "Station {station} cannot be checked while the shared folder is away; do not "
        "restart it, wait for the shared folder to come back."),
    "pulse.missing": _t(
        "Tanda hidup stasiun {station} hilang ({n} detik lalu) tanpa ditutup: periksa PC "
        "itu dan folder bersama.",
        "Station {station}'s pulse vanished ({n} s ago) without it closing: check that PC "
        "and the shared folder."),
    "pulse.frozen.other": _t(
        "Layar stasiun {station} macet sejak {n} detik: tutup lalu buka lagi aplikasinya.",
        "Station {station}'s screen froze {n} s ago: close and reopen its app."),
}
