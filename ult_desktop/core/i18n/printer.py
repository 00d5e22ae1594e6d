"""Texts of the ticket printer: the printed ticket, printer errors, print commands."""

TEXTS = {
    # -- on the paper ticket -----------------------------------------------------------
    "printer.ticket.label": {"id": "Nomor Antrean", "en": "Queue Number"},
    "printer.ticket.priority": {"id": "PRIORITAS", "en": "PRIORITY"},
    "printer.ticket.ahead": {
        "id": "{n} orang menunggu di depan Anda",
        "en": "{n} people waiting ahead of you",
    },
    "printer.ticket.nobody_ahead": {
        "id": "Tidak ada antrean di depan Anda",
        "en": "Nobody is waiting ahead of you",
    },
    "printer.ticket.code": {"id": "Kode tiket: {code}", "en": "Ticket code: {code}"},
    "printer.ticket.test_marker": {"id": "TES PRINTER", "en": "PRINTER TEST"},
    "printer.test.service": {"id": "Layanan Contoh (tes)", "en": "Sample Service (test)"},
    "printer.test.office": {"id": "Kantor Contoh", "en": "Sample Office"},
    "printer.test.footer": {
        "id": "Tiket tes: semua unsur tata letak tercetak",
        "en": "Test ticket: every layout element printed",
    },
    # -- errors (one sentence, what to do next) ------------------------------------------
    "printer.error.bad_url": {
        "id": "Alamat printer '{url}' tidak dikenal; gunakan misalnya tcp://192.168.1.50:9100, "
              "usb://04b8:0202, serial:///dev/ttyUSB0?baud=9600, win32://Nama Printer, "
              "virtual://folder atau none.",
        "en": "Printer address '{url}' is not understood; use for example "
              "tcp://192.168.1.50:9100, usb://04b8:0202, serial:///dev/ttyUSB0?baud=9600, "
              "win32://Printer Name, virtual://folder or none.",
    },
    "printer.error.bad_option": {
        "id": "Pengaturan printer '{name}={value}' tidak valid; {hint}.",
        "en": "Printer option '{name}={value}' is not valid; {hint}.",
    },
    "printer.hint.width": {"id": "pilih lebar kertas 58 atau 80", "en": "choose paper width 58 or 80"},
    "printer.hint.number": {"id": "isi dengan angka", "en": "use a number"},
    "printer.hint.status": {"id": "pilih on, off atau auto", "en": "choose on, off or auto"},
    "printer.hint.known": {"id": "pilih salah satu: {known}", "en": "choose one of: {known}"},
    "printer.hint.unknown_option": {
        "id": "opsi yang dikenal: {known}", "en": "known options: {known}",
    },
    "printer.error.unreachable": {
        "id": "Printer {target} tidak dapat dihubungi; pastikan printer menyala dan kabel atau "
              "jaringannya tersambung, lalu cetak ulang.",
        "en": "Printer {target} cannot be reached; make sure it is switched on and its cable or "
              "network is connected, then reprint.",
    },
    "printer.error.no_answer": {
        "id": "Printer {target} tersambung tetapi tidak menjawab; matikan lalu nyalakan printer, "
              "kemudian cetak ulang.",
        "en": "Printer {target} is connected but does not answer; switch it off and on again, "
              "then reprint.",
    },
    "printer.error.timeout": {
        "id": "Printer {target} tidak selesai dalam {seconds} detik; periksa printer lalu cetak "
              "ulang.",
        "en": "Printer {target} did not finish within {seconds} seconds; check the printer, "
              "then reprint.",
    },
    "printer.error.not_printer": {
        "id": "Perangkat di {target} menjawab tetapi bukan printer struk ESC/POS; periksa alamat "
              "dan port printer.",
        "en": "The device at {target} answers but is not an ESC/POS receipt printer; check the "
              "printer address and port.",
    },
    "printer.error.offline": {
        "id": "Printer {target} sedang luring (penutup terbuka atau galat); periksa printer lalu "
              "cetak ulang.",
        "en": "Printer {target} is offline (cover open or error); check the printer, then "
              "reprint.",
    },
    "printer.error.paper_out": {
        "id": "Kertas printer {target} habis; isi kertas lalu cetak ulang.",
        "en": "Printer {target} is out of paper; load paper, then reprint.",
    },
    "printer.error.missing_driver": {
        "id": "Printer {kind}:// memerlukan '{package}' di komputer ini; pasang itu atau pilih "
              "jenis sambungan lain.",
        "en": "{kind}:// printers need '{package}' on this computer; install it or choose "
              "another connection type.",
    },
    "printer.error.windows_only": {
        "id": "Printer win32:// hanya tersedia di Windows; pilih jenis sambungan lain.",
        "en": "win32:// printers are only available on Windows; choose another connection type.",
    },
    "printer.error.io": {
        "id": "Pengiriman ke printer {target} gagal ({detail}); periksa printer lalu cetak ulang.",
        "en": "Sending to printer {target} failed ({detail}); check the printer, then reprint.",
    },
    "printer.error.virtual_dir": {
        "id": "Folder pratinjau tiket {path} tidak dapat ditulisi; periksa folder dan izinnya.",
        "en": "Ticket preview folder {path} cannot be written; check the folder and its "
              "permissions.",
    },
    "printer.error.none": {
        "id": "Stasiun ini tidak memakai printer; atur alamat printer terlebih dahulu.",
        "en": "This station has no printer; set a printer address first.",
    },
    "printer.error.not_recorded": {
        "id": "Hasil cetak tiket {number} belum tercatat di basis data ({detail}).",
        "en": "The print result of ticket {number} was not recorded in the database ({detail}).",
    },
    # -- status -------------------------------------------------------------------------
    "printer.status.ok": {"id": "printer siap", "en": "printer ready"},
    "printer.status.paper_low": {"id": "kertas hampir habis", "en": "paper running low"},
    "printer.status.paper_out": {"id": "kertas habis", "en": "out of paper"},
    "printer.status.offline": {"id": "printer luring", "en": "printer offline"},
    "printer.status.unreachable": {"id": "printer tidak terhubung", "en": "printer not reachable"},
    "printer.status.unknown": {
        "id": "status tidak dapat dibaca", "en": "status cannot be read",
    },
    "printer.status.none": {"id": "tanpa printer", "en": "no printer"},
    "printer.status.no_answer": {"id": "printer tidak menjawab", "en": "printer not answering"},
    "printer.status.preview": {"id": "pratinjau di layar", "en": "on-screen preview"},
    "printer.status.error": {"id": "galat printer", "en": "printer error"},
    "printer.status.config": {"id": "alamat printer salah", "en": "wrong printer address"},
    "printer.warn.paper_low": {
        "id": "Kertas printer hampir habis; siapkan gulungan baru.",
        "en": "The printer paper is running low; have a new roll ready.",
    },
    # -- results shown to the caller --------------------------------------------------------
    "printer.result.printed": {"id": "Tiket {number} tercetak.", "en": "Ticket {number} printed."},
    "printer.result.preview": {
        "id": "Tiket {number} disimpan sebagai gambar {path}.",
        "en": "Ticket {number} saved as image {path}.",
    },
    "printer.result.failed": {
        "id": "Tiket {number} sudah tercatat tetapi tidak tercetak: {error}",
        "en": "Ticket {number} is recorded but was not printed: {error}",
    },
    "printer.result.skipped": {
        "id": "Tiket {number} tercatat (stasiun tanpa printer).",
        "en": "Ticket {number} recorded (station without printer).",
    },
    "printer.result.test_ok": {
        "id": "Tiket tes terkirim ke {target} ({bytes} byte, {ms} ms).",
        "en": "Test ticket sent to {target} ({bytes} bytes, {ms} ms).",
    },
    "printer.result.test_failed": {
        "id": "Tiket tes tidak tercetak: {error}",
        "en": "Test ticket was not printed: {error}",
    },
    # -- CLI help -------------------------------------------------------------------------
    "printer.cli.print_test": {
        "id": "cetak tiket tes yang memuat semua unsur tata letak",
        "en": "print a test ticket showing every layout element",
    },
    "printer.cli.status": {
        "id": "baca status printer (daring, kertas)", "en": "read the printer status (online, paper)",
    },
    "printer.cli.reprint": {
        "id": "cetak ulang tiket hari ini", "en": "reprint one of today's tickets",
    },
    "printer.cli.printer_url": {
        "id": "alamat printer: tcp://HOST:PORT, usb://VID:PID, serial:///dev/ttyUSB0?baud=9600, "
              "file:///dev/usb/lp0, win32://NAMA, cups://ANTREAN, virtual://FOLDER, none",
        "en": "printer address: tcp://HOST:PORT, usb://VID:PID, serial:///dev/ttyUSB0?baud=9600, "
              "file:///dev/usb/lp0, win32://NAME, cups://QUEUE, virtual://DIR, none",
    },
    "printer.cli.width": {"id": "lebar kertas dalam mm (58 atau 80)", "en": "paper width in mm (58 or 80)"},
    "printer.cli.profile": {
        "id": "profil printer python-escpos (mis. TM-T20II; kosong = profil bawaan)",
        "en": "python-escpos printer profile (e.g. TM-T20II, default)",
    },
    "printer.cli.timeout": {
        "id": "batas waktu cetak dalam detik", "en": "print timeout in seconds",
    },
    "printer.cli.ticket": {"id": "nomor tiket, mis. A-001", "en": "ticket number, e.g. A-001"},
    "printer.cli.preview": {
        "id": "simpan juga pratinjau PNG ke berkas ini", "en": "also save a PNG preview to this file",
    },
}
