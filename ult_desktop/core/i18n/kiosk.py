"""Texts of the kiosk (the touchscreen where visitors take a number)."""

TEXTS = {
    # -- start screen -----------------------------------------------------------------
    "kiosk.title": {"id": "Ambil Nomor Antrean", "en": "Take a Queue Number"},
    "kiosk.subtitle": {"id": "Sentuh layanan yang Anda butuhkan",
                       "en": "Touch the service you need"},
    "kiosk.waiting": {"id": "{count} orang menunggu", "en": "{count} waiting"},
    "kiosk.estimate": {"id": "perkiraan ± {minutes} menit", "en": "about {minutes} min"},
    "kiosk.no_wait": {"id": "langsung dilayani", "en": "no waiting"},
    "kiosk.quota_full": {"id": "Kuota hari ini sudah habis", "en": "Today's quota is used up"},
    "kiosk.service_hours": {"id": "Dibuka pukul {opens}–{closes}",
                            "en": "Open {opens}–{closes}"},
    "kiosk.free_note": {"id": "Seluruh layanan tidak dipungut biaya",
                        "en": "All services are free of charge"},
    "kiosk.connecting": {"id": "Menghubungkan ke basis data…",
                         "en": "Connecting to the database…"},
    "kiosk.no_services": {"id": "Belum ada layanan yang aktif; silakan hubungi petugas.",
                          "en": "No service is open yet; please ask an officer."},
    "kiosk.closed": {"id": "Layanan hari ini telah ditutup",
                     "en": "Service is closed for today"},
    "kiosk.closed_hours": {"id": "Jam layanan: {days}, pukul {opens}–{closes}",
                           "en": "Opening hours: {days}, {opens}–{closes}"},
    "kiosk.closed_come_back": {"id": "Silakan kembali pada jam layanan. Terima kasih.",
                               "en": "Please come back during opening hours. Thank you."},
    # -- priority path (kelompok rentan) ----------------------------------------------
    "kiosk.priority.button": {"id": "Layanan Prioritas", "en": "Priority Service"},
    "kiosk.priority.who": {
        "id": "Penyandang disabilitas, lansia, ibu hamil / menyusui, anak-anak, korban bencana",
        "en": "Persons with disabilities, elderly, pregnant / nursing mothers, children, "
              "disaster victims"},
    "kiosk.priority.pick_group": {"id": "Layanan Prioritas: sentuh gambar kelompok Anda",
                                  "en": "Priority service: touch the picture of your group"},
    "kiosk.priority.pick_service": {"id": "Sentuh layanan yang Anda butuhkan",
                                    "en": "Touch the service you need"},
    "kiosk.priority.note": {
        "id": "Petugas kami siap membantu Anda. Layanan prioritas tidak dipungut biaya.",
        "en": "Our staff are ready to help you. Priority service is free of charge."},
    "kiosk.group.disability": {"id": "Penyandang disabilitas",
                               "en": "Persons with disabilities"},
    "kiosk.group.elderly": {"id": "Lanjut usia", "en": "Elderly"},
    "kiosk.group.pregnant": {"id": "Ibu hamil / menyusui", "en": "Pregnant / nursing mothers"},
    "kiosk.group.children": {"id": "Anak-anak", "en": "Children"},
    "kiosk.group.disaster": {"id": "Korban bencana", "en": "Disaster victims"},
    "kiosk.back": {"id": "‹ Kembali", "en": "‹ Back"},
    # -- after a touch ----------------------------------------------------------------
    "kiosk.ticket.heading": {"id": "Nomor Antrean Anda", "en": "Your Queue Number"},
    "kiosk.ticket.priority": {"id": "PRIORITAS", "en": "PRIORITY"},
    "kiosk.ticket.ahead": {"id": "Di depan Anda: {count} orang",
                           "en": "People ahead of you: {count}"},
    "kiosk.ticket.next": {"id": "Anda berikutnya dipanggil", "en": "You are next"},
    "kiosk.ticket.estimate": {"id": "Perkiraan waktu tunggu: ± {minutes} menit",
                              "en": "Estimated wait: about {minutes} min"},
    "kiosk.ticket.printing": {"id": "Tiket sedang dicetak…", "en": "Printing your ticket…"},
    "kiosk.ticket.take": {"id": "Silakan ambil tiket Anda", "en": "Please take your ticket"},
    "kiosk.ticket.not_printed": {"id": "Tiket tidak tercetak, harap catat nomor Anda",
                                 "en": "The ticket was not printed, please note your number"},
    "kiosk.ticket.no_printer": {"id": "Silakan catat nomor Anda dan tunggu panggilan",
                                "en": "Please note your number and wait to be called"},
    "kiosk.ticket.done": {"id": "Selesai", "en": "Done"},
    "kiosk.ticket.failed": {"id": "Nomor antrean belum dapat dibuat",
                            "en": "The queue number could not be made"},
    "kiosk.ticket.retry": {"id": "Silakan coba lagi sebentar lagi atau hubungi petugas.",
                           "en": "Please try again in a moment or ask an officer."},
    # -- SKM survey (placeholder) -----------------------------------------------------
    "kiosk.survey.button": {"id": "Survei Kepuasan", "en": "Satisfaction Survey"},
    "kiosk.survey.info": {
        "id": "Sudah dilayani? Pindai kode QR pada tiket Anda untuk mengisi Survei Kepuasan "
              "Masyarakat, atau mintalah bantuan petugas.",
        "en": "Already served? Scan the QR code on your ticket to fill in the satisfaction "
              "survey, or ask an officer for help."},
    # -- station admin (hidden gesture) -----------------------------------------------
    "kiosk.admin.pin_title": {"id": "PIN Admin", "en": "Admin PIN"},
    "kiosk.admin.pin_prompt": {"id": "Masukkan PIN admin", "en": "Enter the admin PIN"},
    "kiosk.admin.checking": {"id": "Memeriksa PIN…", "en": "Checking the PIN…"},
    "kiosk.admin.pin_wrong": {"id": "PIN salah atau bukan PIN admin; coba lagi.",
                              "en": "Wrong PIN or not an admin PIN; try again."},
    "kiosk.admin.locked_out": {
        "id": "Terlalu banyak PIN salah; coba lagi dalam {seconds} detik.",
        "en": "Too many wrong PINs; try again in {seconds} seconds."},
    "kiosk.admin.no_db": {
        "id": "PIN tidak dapat diperiksa karena basis data tidak dapat dijangkau dan anjungan ini "
              "belum pernah tersambung; periksa jaringan lalu coba lagi.",
        "en": "The PIN cannot be checked because the database cannot be reached and this "
              "kiosk has never been connected; check the network and try again."},
    "kiosk.admin.clear": {"id": "Hapus", "en": "Clear"},
    "kiosk.admin.ok": {"id": "OK", "en": "OK"},
    "kiosk.admin.cancel": {"id": "Batal", "en": "Cancel"},
    "kiosk.settings.title": {"id": "Pengaturan Stasiun Anjungan", "en": "Kiosk Station Settings"},
    "kiosk.settings.who": {"id": "Masuk sebagai {name}", "en": "Signed in as {name}"},
    "kiosk.settings.db": {"id": "Berkas basis data", "en": "Database file"},
    "kiosk.settings.printer": {"id": "URL printer", "en": "Printer URL"},
    "kiosk.settings.printer_help": {
        "id": "Contoh: usb://0416:5011, tcp://192.168.1.50:9100, virtual://C:/tiket, none",
        "en": "For example: usb://0416:5011, tcp://192.168.1.50:9100, virtual://C:/tickets, "
              "none"},
    "kiosk.settings.test_print": {"id": "Cetak uji", "en": "Test print"},
    "kiosk.settings.testing": {"id": "Mencetak halaman uji…", "en": "Printing a test page…"},
    "kiosk.settings.test_ok": {"id": "Cetak uji berhasil.", "en": "Test print succeeded."},
    "kiosk.settings.test_failed": {"id": "Cetak uji gagal: {error}",
                                   "en": "Test print failed: {error}"},
    "kiosk.settings.save": {"id": "Simpan", "en": "Save"},
    "kiosk.settings.saved": {"id": "Pengaturan tersimpan.", "en": "Settings saved."},
    "kiosk.settings.save_failed": {
        "id": "Pengaturan tidak dapat disimpan ({error}); periksa izin folder konfigurasi.",
        "en": "Settings could not be saved ({error}); check the config folder permissions."},
    "kiosk.settings.db_required": {"id": "Isi lokasi berkas basis data.",
                                   "en": "Fill in the database file location."},
    "kiosk.settings.exit": {"id": "Keluar dari anjungan", "en": "Exit the kiosk"},
    "kiosk.settings.back": {"id": "Kembali ke layar anjungan", "en": "Back to the kiosk screen"},
    # -- a kiosk PC without a valid station file -------------------------------------
    "kiosk.not_set_up.title": {"id": "Anjungan belum siap digunakan",
                               "en": "This kiosk is not ready"},
    "kiosk.not_set_up.detail": {
        "id": "Silakan mengambil nomor antrean di meja resepsionis atau hubungi petugas.",
        "en": "Please take a queue number at the reception desk or ask an officer."},
    "kiosk.not_set_up.no_pins": {
        "id": "Belum ada PIN admin tersimpan di PC ini; siapkan anjungan dengan perintah "
              "\"ult-desktop setup\" dari akun admin Windows.",
        "en": "No admin PIN is kept on this PC; set the kiosk up with the command "
              "\"ult-desktop setup\" from a Windows admin account."},
}
