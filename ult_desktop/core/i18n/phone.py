"""Texts of the visitor's phone page (``app.phone_page``) and the lines that point to it."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "phone.title": _t("Antrean Anda", "Your queue number"),
    "phone.noscript": _t("Halaman ini memerlukan JavaScript untuk mengikuti antrean. "
                         "Perhatikan layar antrean di ruang tunggu; nomor Anda dipanggil "
                         "di sana.",
                         "This page needs JavaScript to follow the queue. Watch the queue "
                         "screen in the waiting room; your number is called there."),
    "phone.number": _t("Nomor antrean", "Queue number"),
    "phone.loading": _t("Memuat…", "Loading…"),
    "phone.lang_switch": _t("English", "Bahasa Indonesia"),
    "phone.tap": _t("Ketuk di sini agar ponsel berbunyi dan bergetar saat Anda dipanggil",
                    "Tap here so your phone sounds and vibrates when you are called"),
    "phone.tap_why": _t("Peramban hanya mengizinkan bunyi setelah satu ketukan.",
                        "Browsers allow sound only after one tap."),
    "phone.tap_done": _t("Bunyi dan getar aktif. Biarkan halaman ini terbuka.",
                         "Sound and vibration are on. Keep this page open."),
    "phone.status.waiting": _t("Menunggu", "Waiting"),
    "phone.status.called": _t("Anda dipanggil!", "You are called!"),
    "phone.status.serving": _t("Sedang dilayani", "Being served"),
    "phone.status.missed": _t("Panggilan terlewat", "Call missed"),
    "phone.status.done": _t("Layanan selesai", "Service finished"),
    "phone.status.closed": _t("Tiket ini sudah tidak aktif", "This ticket is no longer active"),
    "phone.status.unknown": _t("Tiket tidak ditemukan", "Ticket not found"),
    "phone.status.pending": _t("Belum dapat dipastikan", "Not sure yet"),
    "phone.pending": _t("Data antrean hari ini belum terbaca; halaman mencoba lagi dan "
                        "tiket Anda tampil sebentar lagi.",
                        "Today's queue has not been read yet; the page tries again and "
                        "your ticket appears shortly."),
    "phone.unknown": _t("Kode ini tidak berlaku hari ini. Pindai lagi kode QR pada tiket "
                        "atau tanyakan petugas.",
                        "This code is not valid today. Scan the ticket's QR code again or "
                        "ask an officer."),
    "phone.busy": _t("Terlalu banyak permintaan; halaman mencoba lagi sebentar lagi.",
                     "Too many requests; the page tries again shortly."),
    "phone.offline": _t("Tidak terhubung ke jaringan kantor. Pastikan ponsel memakai Wi-Fi "
                        "kantor; halaman mencoba lagi.",
                        "Not connected to the office network. Make sure the phone is on "
                        "the office Wi-Fi; the page keeps trying."),
    "phone.unsure": _t("Data antrean sedang tidak dapat diperbarui; keadaan di atas mungkin "
                       "sudah berubah. Perhatikan juga layar antrean.",
                       "The queue cannot be updated right now; what is shown may have "
                       "changed. Watch the queue screen too."),
    "phone.ahead": _t("{n} orang di depan Anda", "{n} people ahead of you"),
    "phone.nobody_ahead": _t("Anda berikutnya", "You are next"),
    "phone.counter": _t("Loket {number}", "Counter {number}"),
    "phone.go_to": _t("Silakan menuju {where}", "Please go to {where}"),
    "phone.at": _t("Anda sedang dilayani di {where}", "You are being served at {where}"),
    "phone.transferred": _t("Anda dialihkan ke {where}; tunggu nomor Anda dipanggil lagi.",
                            "You were transferred to {where}; wait to be called again."),
    "phone.missed_default": _t("Silakan lapor ke petugas informasi dengan tiket Anda.",
                               "Please report to the information desk with your ticket."),
    "phone.escalated": _t("Permohonan Anda diteruskan ke petugas lanjutan; ikuti arahan "
                          "petugas.", "Your request was passed on; follow the officer's "
                          "directions."),
    "phone.survey": _t("Bantu kami menjadi lebih baik: isi Survei Kepuasan di tablet atau "
                       "anjungan survei dengan kode tiket Anda (di bawah kode QR).",
                       "Help us improve: answer the satisfaction survey at the survey "
                       "tablet or kiosk with your ticket code (below the QR code)."),
    "phone.follow_ticket": _t("Pindai QR untuk memantau antrean di ponsel (Wi-Fi kantor)",
                              "Scan the QR to follow your turn on your phone (office Wi-Fi)"),
    "phone.wifi_ticket": _t("Pindai untuk Wi-Fi tamu: {ssid}", "Scan for guest Wi-Fi: {ssid}"),
    "phone.page_not_served": _t(
        "Halaman antrean ponsel tidak dilayani di {address} ({reason}). Tiket tidak lagi "
        "menunjuk ke sana; hubungi petugas TI.",
        "The phone queue page is not served at {address} ({reason}). Tickets no longer "
        "point to it; call the IT officer."),
    "phone.page_not_served_carried": _t(
        "Halaman antrean ponsel tidak dilayani di {address} ({reason}), tetapi tiket masih "
        "menunjuk ke sana; hubungi petugas TI.",
        "The phone queue page is not served at {address} ({reason}), but tickets still "
        "point to it; call the IT officer."),
    "phone.bind.port_taken": _t("port itu dipakai program lain di PC ini",
                                "another program on this PC holds that port"),
    "phone.bind.not_this_pc": _t("alamat itu bukan milik PC ini",
                                 "that address is not this PC's"),
    "phone.bind.other": _t("Windows menolak membukanya; lihat log",
                           "Windows refused to open it; see the log"),
    "phone.page_stopped": _t("prosesnya berhenti", "its process stopped"),
    "phone.follow_tv": _t("Pantau antrean di ponsel: pindai QR pada tiket Anda",
                          "Follow your turn on your phone: scan the QR on your ticket"),
    "report.note.band": _t("Perkiraan waktu tunggu pada tiket: {share} pengunjung dipanggil "
                           "dalam rentang yang tertulis ({n} tiket; target {target}%; di bawah "
                           "target rentang otomatis diperlebar).",
                           "Wait band on the ticket: {share} of visitors were called within "
                           "the printed band ({n} tickets; target {target}%; below it the "
                           "band widens itself)."),
    "report.note.band_phone": _t("Perkiraan waktu tunggu di ponsel: {share} pengunjung "
                                 "dipanggil dalam rentang yang ditampilkan ({n} pengunjung; "
                                 "target {target}%).",
                                 "Wait band on the phone: {share} of visitors were called "
                                 "within the band shown ({n} visitors; target {target}%)."),
    "report.note.band_all": _t("Tiket dan ponsel bersama: {share} dalam rentang ({n} "
                               "perkiraan).", "Ticket and phone together: {share} within "
                               "the band ({n} bands shown)."),
    "admin.phone.title": _t("Halaman ponsel pengunjung (Wi-Fi kantor)",
                            "Visitors' phone page (office Wi-Fi)"),
    "admin.phone.station_tv": _t("kosong: PC layar antrean", "empty: the lobby display's PC"),
    "admin.phone.wifi_password": _t("Kata sandi Wi-Fi tamu", "Guest Wi-Fi password"),
    "admin.phone.address": _t("Alamat IP dan port (kosong: mati)",
                              "IP address and port (empty: off)"),
    "admin.phone.station": _t("Stasiun yang melayani", "Serving station"),
    "admin.phone.wifi": _t("Nama Wi-Fi tamu (QR kedua di tiket)",
                           "Guest Wi-Fi name (second QR on the ticket)"),
    "admin.phone.missed_rule": _t("Aturan panggilan terlewat", "Missed-call rule"),
    "admin.phone.band_target": _t("Target ketepatan perkiraan tunggu (%)", "Wait band target (%)"),
}
