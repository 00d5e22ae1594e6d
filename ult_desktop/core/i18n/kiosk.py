"""Texts of the kiosk (the touchscreen where visitors take a number)."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- start screen -----------------------------------------------------------------
    "kiosk.subtitle": _t("Sentuh layanan yang Anda butuhkan", "Touch the service you need"),
    "kiosk.waiting": _t("{count} orang menunggu", "{count} waiting"),
    "kiosk.journal.set_aside": _t(
        "{count} tiket anjungan ini tidak diterima catatan kantor ({numbers}) dan disisihkan "
        "di {file}; periksa kertasnya dan layani pengunjungnya lewat loket.",
        "{count} ticket(s) of this kiosk were not taken by the office's record ({numbers}) "
        "and were set aside in {file}; check their paper and serve the visitors at a "
        "counter."),
    "priority.rule.always": _t("Prioritas kelompok rentan dipanggil lebih dulu",
                               "Priority (vulnerable groups) is called first"),
    "priority.rule.ratio": _t("Prioritas kelompok rentan: 1 nomor setelah setiap {n} nomor "
                              "umum",
                              "Priority (vulnerable groups): 1 number after every {n} "
                              "regular numbers"),
    "priority.rule.after": _t("Prioritas kelompok rentan menunggu giliran, didahulukan "
                              "setelah {n} menit",
                              "Priority (vulnerable groups) waits its turn, first after "
                              "{n} minutes"),
    "wait.band": _t("sekitar {low}–{high} menit", "about {low}–{high} min"),
    "wait.band.under": _t("kurang dari {high} menit", "under {high} min"),
    "wait.ticket": _t("Perkiraan waktu tunggu: sekitar {low}–{high} menit",
                      "Estimated wait: about {low}–{high} min"),
    "wait.ticket.under": _t("Perkiraan waktu tunggu: kurang dari {high} menit",
                            "Estimated wait: under {high} min"),
    "wait.not_today": _t("mungkin tidak terlayani hari ini", "may not be served today"),
    "wait.ticket.not_today": _t("Perkiraan waktu tunggu: mungkin tidak terlayani hari ini; "
                                "silakan tanyakan kunjungan terjadwal kepada petugas",
                                "Estimated wait: you may not be served today; please ask "
                                "an officer for a booked visit"),
    "hours.break": _t("Istirahat {start}–{end}", "Break {start}–{end}"),
    "kiosk.no_wait": _t("langsung dilayani", "no waiting"),
    "kiosk.no_open_counter": _t("belum ada loket yang melayani, nomor tetap dapat diambil",
                                "no counter serving now, numbers still given"),
    "kiosk.quota_full": _t("Kuota hari ini sudah habis", "Today's quota is used up"),
    "kiosk.service_hours": _t("Dibuka pukul {opens}–{closes}", "Open {opens}–{closes}"),
    "kiosk.free_note": _t("Seluruh layanan tidak dipungut biaya", "All services are free of charge"),
    "kiosk.connecting": _t("Menghubungkan ke basis data…", "Connecting to the database…"),
    "kiosk.no_services": _t("Belum ada layanan yang aktif; silakan hubungi petugas.",
                            "No service is open yet; please ask an officer."),
    "kiosk.closed": _t("Layanan hari ini telah ditutup", "Service is closed for today"),
    "kiosk.closed_hours": _t("Jam layanan: {days}, pukul {opens}–{closes}",
                             "Opening hours: {days}, {opens}–{closes}"),
    "kiosk.closed_come_back": _t("Silakan kembali pada jam layanan. Terima kasih.",
                                 "Please come back during opening hours. Thank you."),
    # -- priority path (kelompok rentan) ----------------------------------------------
    "kiosk.priority.button": _t("Layanan Prioritas", "Priority Service"),
    "kiosk.priority.who": _t("Penyandang disabilitas, lansia, ibu hamil / menyusui, anak-anak, "
                             "korban bencana",
                             "Persons with disabilities, elderly, pregnant / nursing mothers, "
                             "children, disaster victims"),
    "kiosk.priority.pick_group": _t("Layanan Prioritas: sentuh gambar kelompok Anda",
                                    "Priority service: touch the picture of your group"),
    "kiosk.priority.pick_service": _t("Sentuh layanan yang Anda butuhkan",
                                      "Touch the service you need"),
    "kiosk.priority.note": _t("Petugas kami siap membantu Anda. Layanan prioritas tidak dipungut "
                              "biaya.",
                              "Our staff are ready to help you. Priority service is free of "
                              "charge."),
    "kiosk.group.disability": _t("Penyandang disabilitas", "Persons with disabilities"),
    "kiosk.group.elderly": _t("Lanjut usia", "Elderly"),
    "kiosk.group.pregnant": _t("Ibu hamil / menyusui", "Pregnant / nursing mothers"),
    "kiosk.group.children": _t("Anak-anak", "Children"),
    "kiosk.group.disaster": _t("Korban bencana", "Disaster victims"),
    "kiosk.back": _t("‹ Kembali", "‹ Back"),
    # -- after a touch ----------------------------------------------------------------
    "kiosk.ticket.heading": _t("Nomor Antrean Anda", "Your Queue Number"),
    "kiosk.ticket.priority": _t("PRIORITAS", "PRIORITY"),
    "kiosk.ticket.ahead": _t("Di depan Anda: {count} orang", "People ahead of you: {count}"),
    "kiosk.ticket.next": _t("Anda berikutnya dipanggil", "You are next"),
    "kiosk.ticket.take": _t("Silakan ambil tiket Anda", "Please take your ticket"),
    "kiosk.ticket.not_printed": _t(
        "Tiket tidak tercetak. Nomor Anda tetap dipanggil: perhatikan layar panggilan, "
        "atau sebutkan nomor ini kepada petugas.",
        "The ticket was not printed. Your number will still be called: watch the calling "
        "screen, or tell an officer this number."),
    "kiosk.ticket.no_printer": _t("Silakan catat nomor Anda dan tunggu panggilan",
                                  "Please note your number and wait to be called"),
    "kiosk.ticket.done": _t("Selesai", "Done"),
    "kiosk.help.button": _t("Butuh bantuan", "I need help"),
    "kiosk.help.title": _t("Bantuan", "Help"),
    "kiosk.printer.notice": _t("Printer anjungan: {state}. Petugas sudah diberi tahu; nomor "
                               "antrean Anda tetap tampil di layar dan dipanggil.",
                               "Kiosk printer: {state}. An officer has been told; your queue "
                               "number is still shown on screen and called."),
    "kiosk.help.called": _t("Petugas sudah dipanggil dan segera datang ke anjungan ini.",
                            "An officer has been called and is coming to this kiosk."),
    "kiosk.help.wait": _t("Silakan tunggu di sini.", "Please wait here."),
    "kiosk.help.go_to_counter": _t(
        "Panggilan belum dapat dikirim. Silakan menuju loket terdekat; petugas akan membantu.",
        "The call could not be sent. Please go to the nearest counter; an officer will help."),
    "kiosk.code.back": _t("{number}: Anda masuk antrean lagi", "{number}: you are in line again"),
    "kiosk.code.back_after": _t("Nomor Anda dipanggil lagi setelah {n} nomor layanan Anda.",
                                "Your number is called again after {n} numbers of your "
                                "service."),
    "kiosk.code.back_hint": _t("Silakan tunggu di ruang tunggu dan perhatikan layar.",
                               "Please wait in the waiting room and watch the screen."),
    "kiosk.code.failed": _t("Kode belum dapat dipakai", "The code could not be used"),
    "kiosk.code.ask": _t("Tanyakan petugas bila perlu.", "Ask an officer if you need to."),
    "kiosk.code.button": _t("Punya kode kunjungan / nomor antrean?",
                            "Have a visit code / queue number?"),
    "kiosk.code.title": _t("Ketik kode kunjungan atau nomor antrean Anda",
                           "Type your visit code or queue number"),
    "kiosk.code.prompt": _t("Kode kunjungan: 8 angka di slip Anda. Nomor antrean: huruf, "
                            "tanda - dan angka (misalnya A-012).",
                            "Visit code: the 8 digits on your slip. Queue number: letter, "
                            "a dash and digits (for example A-012)."),
    "kiosk.code.erase": _t("⌫ Hapus", "⌫ Delete"),
    "kiosk.code.too_short": _t("Ketik kode atau nomor Anda dahulu, lalu tekan OK.",
                               "Type your code or number first, then press OK."),
    "kiosk.code.wait": _t("Terlalu banyak kode salah; coba lagi {s} detik lagi atau tanyakan "
                          "petugas.", "Too many wrong codes; try again in {s} seconds or ask "
                          "an officer."),
    "kiosk.ticket.failed": _t("Nomor antrean belum dapat dibuat",
                              "The queue number could not be made"),
    "kiosk.ticket.retry": _t("Silakan coba lagi sebentar lagi atau hubungi petugas.",
                             "Please try again in a moment or ask an officer."),
    # -- SKM survey (placeholder) -----------------------------------------------------
    "kiosk.survey.button": _t("Survei Kepuasan", "Satisfaction Survey"),
    "kiosk.survey.info": _t("Sudah dilayani? Pindai kode QR pada tiket Anda untuk mengisi Survei "
                            "Kepuasan Masyarakat, atau mintalah bantuan petugas.",
                            "Already served? Scan the QR code on your ticket to fill in the "
                            "satisfaction survey, or ask an officer for help."),
    # -- station admin (hidden gesture) -----------------------------------------------
    "kiosk.admin.pin_title": _t("PIN Admin", "Admin PIN"),
    "kiosk.admin.pin_prompt": _t("Masukkan PIN admin", "Enter the admin PIN"),
    "kiosk.admin.checking": _t("Memeriksa PIN…", "Checking the PIN…"),
    "kiosk.admin.pin_wrong": _t("PIN salah atau bukan PIN admin; coba lagi.",
                                "Wrong PIN or not an admin PIN; try again."),
    "kiosk.admin.locked_out": _t("Terlalu banyak PIN salah; coba lagi dalam {seconds} detik.",
                                 "Too many wrong PINs; try again in {seconds} seconds."),
    "kiosk.admin.no_db": _t("PIN tidak dapat diperiksa karena basis data tidak dapat dijangkau "
                            "dan anjungan ini belum pernah tersambung; periksa jaringan lalu coba "
                            "lagi.",
                            "The PIN cannot be checked because the database cannot be reached and "
                            "this kiosk has never been connected; check the network and try again."),
    "kiosk.admin.clear": _t("Hapus", "Clear"),
    "kiosk.admin.ok": _t("OK", "OK"),
    "kiosk.admin.cancel": _t("Batal", "Cancel"),
    "kiosk.settings.title": _t("Pengaturan Stasiun Anjungan", "Kiosk Station Settings"),
    "kiosk.settings.who": _t("Masuk sebagai {name}", "Signed in as {name}"),
    "kiosk.settings.db": _t("Berkas basis data", "Database file"),
    "kiosk.settings.printer": _t("URL printer", "Printer URL"),
    "kiosk.settings.printer_help": _t("Contoh: usb://0416:5011, tcp://192.168.1.50:9100, "
                                      "virtual://C:/tiket, none",
                                      "For example: usb://0416:5011, tcp://192.168.1.50:9100, "
                                      "virtual://C:/tickets, none"),
    "kiosk.settings.test_print": _t("Cetak uji", "Test print"),
    "kiosk.settings.testing": _t("Mencetak halaman uji…", "Printing a test page…"),
    "kiosk.settings.test_ok": _t("Cetak uji berhasil.", "Test print succeeded."),
    "kiosk.settings.test_failed": _t("Cetak uji gagal: {error}", "Test print failed: {error}"),
    "kiosk.settings.save": _t("Simpan", "Save"),
    "kiosk.settings.saved": _t("Pengaturan tersimpan.", "Settings saved."),
    "kiosk.settings.save_failed": _t("Pengaturan tidak dapat disimpan ({error}); periksa izin "
                                     "folder konfigurasi.",
                                     "Settings could not be saved ({error}); check the config "
                                     "folder permissions."),
    "kiosk.settings.db_required": _t("Isi lokasi berkas basis data.",
                                     "Fill in the database file location."),
    "kiosk.settings.exit": _t("Keluar dari anjungan", "Exit the kiosk"),
    "kiosk.settings.back": _t("Kembali ke layar anjungan", "Back to the kiosk screen"),
    # -- a kiosk PC without a valid station file -------------------------------------
    "kiosk.not_set_up.title": _t("Anjungan belum siap digunakan", "This kiosk is not ready"),
    "kiosk.not_set_up.detail": _t("Silakan mengambil nomor antrean di meja resepsionis atau "
                                  "hubungi petugas.",
                                  "Please take a queue number at the reception desk or ask an "
                                  "officer."),
    "kiosk.not_set_up.no_pins": _t("Belum ada PIN admin tersimpan di PC ini; siapkan anjungan "
                                   'dengan perintah "ult-desktop setup" dari akun admin Windows.',
                                   "No admin PIN is kept on this PC; set the kiosk up with the "
                                   'command "ult-desktop setup" from a Windows admin account.'),
    # -- served at the seat, Deaf visitors --------------------------------------------
    "kiosk.seat.toggle": _t("🪑 Saya menunggu duduk, mohon dijemput petugas",
                            "🪑 I will wait seated, please fetch me"),
    "kiosk.deaf.toggle": _t("🧏 Saya tuli / sulit mendengar", "🧏 I am Deaf / hard of hearing"),
    "kiosk.seat.ticket": _t("Silakan duduk, petugas akan menjemput Anda",
                            "Please take a seat, an officer will fetch you"),
    "kiosk.deaf.ticket": _t("Petugas akan melambaikan tangan atau menghampiri Anda; "
                            "nomor Anda berkedip lebih lama di layar",
                            "An officer will wave or come to you; your number flashes "
                            "longer on the screen"),
    "kiosk.deaf.failed": _t("Belum tersimpan. Tunjukkan tiket ini kepada petugas di loket.",
                            "Not saved yet. Show this ticket to the officer at the counter."),
}
