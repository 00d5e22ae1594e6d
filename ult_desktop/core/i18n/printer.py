"""Texts of the ticket printer: the printed ticket, printer errors, print commands."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- on the paper ticket -----------------------------------------------------------
    "printer.ticket.label": _t("Nomor Antrean", "Queue Number"),
    "printer.ticket.priority": _t("PRIORITAS", "PRIORITY"),
    "printer.ticket.seat": _t("Silakan duduk, petugas akan menjemput Anda",
                              "Please take a seat, an officer will fetch you"),
    "printer.ticket.deaf": _t("Tuli/sulit mendengar: petugas akan melambaikan tangan atau "
                              "menghampiri Anda",
                              "Deaf / hard of hearing: an officer will wave or come to you"),
    "printer.ticket.ahead": _t("{n} orang menunggu di depan Anda",
                               "{n} people waiting ahead of you"),
    "printer.ticket.nobody_ahead": _t("Tidak ada antrean di depan Anda",
                                      "Nobody is waiting ahead of you"),
    "printer.ticket.code": _t("Kode tiket: {code}", "Ticket code: {code}"),
    "printer.ticket.test_marker": _t("TES PRINTER", "PRINTER TEST"),
    "printer.test.service": _t("Layanan Contoh (tes)", "Sample Service (test)"),
    "printer.test.office": _t("Kantor Contoh", "Sample Office"),
    "printer.test.footer": _t("Tiket tes: semua unsur tata letak tercetak",
                              "Test ticket: every layout element printed"),
    # -- errors (one sentence, what to do next) ------------------------------------------
    "printer.error.bad_url": _t("Alamat printer '{url}' tidak dikenal; gunakan misalnya "
                                "tcp://192.168.1.50:9100, usb://04b8:0202, "
                                "serial://COM3?baud=9600, win32://Nama Printer, "
                                "virtual://folder atau none.",
                                "Printer address '{url}' is not understood; use for example "
                                "tcp://192.168.1.50:9100, usb://04b8:0202, "
                                "serial://COM3?baud=9600, win32://Printer Name, "
                                "virtual://folder or none."),
    "printer.error.bad_option": _t("Pengaturan printer '{name}={value}' tidak valid; {hint}.",
                                   "Printer option '{name}={value}' is not valid; {hint}."),
    "printer.hint.width": _t("pilih lebar kertas 58 atau 80", "choose paper width 58 or 80"),
    "printer.hint.number": _t("isi dengan angka", "use a number"),
    "printer.hint.status": _t("pilih on, off atau auto", "choose on, off or auto"),
    "printer.hint.known": _t("pilih salah satu: {known}", "choose one of: {known}"),
    "printer.hint.unknown_option": _t("opsi yang dikenal: {known}", "known options: {known}"),
    "printer.error.unreachable": _t("Printer {target} tidak dapat dihubungi; pastikan printer "
                                    "menyala dan kabel atau jaringannya tersambung, lalu cetak "
                                    "ulang.",
                                    "Printer {target} cannot be reached; make sure it is switched "
                                    "on and its cable or network is connected, then reprint."),
    "printer.error.no_answer": _t("Printer {target} tersambung tetapi tidak menjawab; matikan "
                                  "lalu nyalakan printer, kemudian cetak ulang.",
                                  "Printer {target} is connected but does not answer; switch it "
                                  "off and on again, then reprint."),
    "printer.error.timeout": _t("Printer {target} tidak selesai dalam {seconds} detik; periksa "
                                "printer lalu cetak ulang.",
                                "Printer {target} did not finish within {seconds} seconds; check "
                                "the printer, then reprint."),
    "printer.error.spooler_hung": _t("Antrean cetak Windows untuk {target} macet: mulai ulang "
                                     "layanan Print Spooler (services.msc), lalu cetak ulang.",
                                     "The Windows print queue for {target} is stuck: restart the "
                                     "Print Spooler service (services.msc), then reprint."),
    "printer.error.not_printer": _t("Perangkat di {target} menjawab tetapi bukan printer struk "
                                    "ESC/POS; periksa alamat dan port printer.",
                                    "The device at {target} answers but is not an ESC/POS receipt "
                                    "printer; check the printer address and port."),
    "printer.error.cover_open": _t("Penutup printer {target} terbuka; tutup sampai berbunyi klik "
                                   "lalu cetak ulang.",
                                   "Printer {target}'s cover is open; close it until it clicks, "
                                   "then reprint."),
    "printer.error.cutter_error": _t("Pemotong kertas printer {target} macet; matikan printer, "
                                     "buka penutup, lepaskan kertas yang tersangkut, nyalakan lagi "
                                     "lalu cetak ulang.",
                                     "Printer {target}'s paper cutter is jammed; switch it off, "
                                     "open the cover, free the stuck paper, switch it on and "
                                     "reprint."),
    "printer.error.offline": _t("Printer {target} sedang luring (penutup terbuka atau galat); "
                                "periksa printer lalu cetak ulang.",
                                "Printer {target} is offline (cover open or error); check the "
                                "printer, then reprint."),
    "printer.error.paper_out": _t("Kertas printer {target} habis; isi kertas lalu cetak ulang.",
                                  "Printer {target} is out of paper; load paper, then reprint."),
    "printer.error.missing_driver": _t("Printer {kind}:// memerlukan '{package}' di komputer ini; "
                                       "pasang itu atau pilih jenis sambungan lain.",
                                       "{kind}:// printers need '{package}' on this computer; "
                                       "install it or choose another connection type."),
    "printer.error.windows_only": _t("Printer win32:// hanya tersedia di Windows; pilih jenis "
                                     "sambungan lain.",
                                     "win32:// printers are only available on Windows; choose "
                                     "another connection type."),
    "printer.error.io": _t("Pengiriman ke printer {target} gagal ({detail}); periksa printer lalu "
                           "cetak ulang.",
                           "Sending to printer {target} failed ({detail}); check the printer, "
                           "then reprint."),
    "printer.error.virtual_dir": _t("Folder pratinjau tiket {path} tidak dapat ditulisi; periksa "
                                    "folder dan izinnya.",
                                    "Ticket preview folder {path} cannot be written; check the "
                                    "folder and its permissions."),
    "printer.error.not_recorded": _t("Hasil cetak tiket {number} belum tercatat di basis data "
                                     "({detail}).",
                                     "The print result of ticket {number} was not recorded in the "
                                     "database ({detail})."),
    # -- status -------------------------------------------------------------------------
    "printer.status.ok": _t("printer siap", "printer ready"),
    "printer.status.paper_low": _t("kertas hampir habis", "paper running low"),
    "printer.status.paper_out": _t("kertas habis", "out of paper"),
    "printer.status.offline": _t("printer luring", "printer offline"),
    "printer.status.cover_open": _t("penutup printer terbuka", "printer cover open"),
    "printer.status.cutter_error": _t("pemotong kertas macet", "paper cutter jammed"),
    "printer.status.printer_error": _t("printer galat", "printer error"),
    "printer.status.unreachable": _t("printer tidak terhubung", "printer not reachable"),
    "printer.status.unknown": _t("status tidak dapat dibaca", "status cannot be read"),
    "printer.status.none": _t("tanpa printer", "no printer"),
    "printer.status.no_answer": _t("printer tidak menjawab", "printer not answering"),
    "printer.status.spooler_hung": _t("antrean cetak Windows macet: mulai ulang layanan Print "
                                      "Spooler",
                                      "Windows print queue stuck: restart the Print Spooler "
                                      "service"),
    "printer.status.preview": _t("pratinjau di layar", "on-screen preview"),
    "printer.status.error": _t("galat printer", "printer error"),
    "printer.status.config": _t("alamat printer salah", "wrong printer address"),
    "printer.warn.paper_low": _t("Kertas printer hampir habis; siapkan gulungan baru.",
                                 "The printer paper is running low; have a new roll ready."),
    # -- results shown to the caller --------------------------------------------------------
    "printer.result.printed": _t("Tiket {number} tercetak.", "Ticket {number} printed."),
    "printer.result.preview": _t("Tiket {number} disimpan sebagai gambar {path}.",
                                 "Ticket {number} saved as image {path}."),
    "printer.result.failed": _t("Tiket {number} sudah tercatat tetapi tidak tercetak: {error}",
                                "Ticket {number} is recorded but was not printed: {error}"),
    "printer.result.skipped": _t("Tiket {number} tercatat (stasiun tanpa printer).",
                                 "Ticket {number} recorded (station without printer)."),
    "printer.result.test_ok": _t("Tiket tes terkirim ke {target} ({bytes} byte, {ms} ms).",
                                 "Test ticket sent to {target} ({bytes} bytes, {ms} ms)."),
    "printer.result.test_failed": _t("Tiket tes tidak tercetak: {error}",
                                     "Test ticket was not printed: {error}"),
    # -- CLI help -------------------------------------------------------------------------
    "printer.cli.print_test": _t("cetak tiket tes yang memuat semua unsur tata letak",
                                 "print a test ticket showing every layout element"),
    "printer.cli.status": _t("baca status printer (daring, kertas)",
                             "read the printer status (online, paper)"),
    "printer.cli.reprint": _t("cetak ulang tiket hari ini", "reprint one of today's tickets"),
    "printer.cli.printer_url": _t("alamat printer: win32://NAMA, tcp://HOST:PORT, "
                                  "usb://VID:PID, serial://COM3?baud=9600 (Linux: "
                                  "serial:///dev/ttyUSB0, file:///dev/usb/lp0, "
                                  "cups://ANTREAN), virtual://FOLDER, none",
                                  "printer address: win32://NAME, tcp://HOST:PORT, "
                                  "usb://VID:PID, serial://COM3?baud=9600 (Linux: "
                                  "serial:///dev/ttyUSB0, file:///dev/usb/lp0, "
                                  "cups://QUEUE), virtual://DIR, none"),
    "printer.cli.width": _t("lebar kertas dalam mm (58 atau 80)", "paper width in mm (58 or 80)"),
    "printer.cli.profile": _t("profil printer python-escpos (mis. TM-T20II; kosong = profil "
                              "bawaan)",
                              "python-escpos printer profile (e.g. TM-T20II, default)"),
    "printer.cli.timeout": _t("batas waktu cetak dalam detik", "print timeout in seconds"),
    "printer.cli.ticket": _t("nomor tiket, mis. A-001", "ticket number, e.g. A-001"),
    "printer.cli.preview": _t("simpan juga pratinjau PNG ke berkas ini",
                              "also save a PNG preview to this file"),
}
