"""Help of the ``ult-desktop`` command line (``--help``), in both languages.

Keys: ``cli.cmd.<command>`` (one line per command), ``cli.opt.<command>.<dest>`` or
``cli.opt.<dest>`` (an option; the command's own text wins), ``cli.help.*`` (argparse's
own words), ``cli.exit.<code>`` (exit codes). Read by ``ult_desktop.cli.LocalizedParser``."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- argparse's own words --------------------------------------------------------
    "cli.help.usage": _t("penggunaan: ", "usage: "),
    "cli.help.positionals": _t("argumen", "arguments"),
    "cli.help.options": _t("pilihan", "options"),
    "cli.help.commands": _t("perintah", "commands"),
    "cli.help.command_metavar": _t("PERINTAH", "COMMAND"),
    "cli.help.error": _t("kesalahan", "error"),
    "cli.help.description": _t(
        "ULT Desktop: antrean dan layanan Unit Layanan Terpadu (anjungan, loket, layar, "
        "admin, survei).",
        "ULT Desktop: queue and service desk of the Unit Layanan Terpadu (kiosk, counter, "
        "display, admin, survey)."),
    "cli.help.exit_codes": _t("Kode keluar:", "Exit codes:"),
    "cli.exit.0": _t("berhasil", "success"),
    "cli.exit.1": _t("kesalahan tak terduga (rincian di berkas catatan yang disebut)",
                     "unexpected internal error (details in the log file named)"),
    "cli.exit.2": _t("perintah atau pilihan salah", "usage error (bad command or option)"),
    "cli.exit.3": _t("basis data sibuk: stasiun lain memegang kunci terlalu lama; coba lagi",
                     "database busy: another station held the lock too long; try again"),
    "cli.exit.4": _t("basis data tidak tersedia: folder bersama tak terjangkau, berkas tidak "
                     "ada, hanya-baca, bukan basis data, atau sudah ada (init/backup)",
                     "database unavailable: folder/share unreachable, file missing, "
                     "read-only, not a database, or already exists (init/backup)"),
    "cli.exit.5": _t("skema terlalu baru: perbarui aplikasi di stasiun ini",
                     "schema too new: this station is older than the database; update it"),
    "cli.exit.6": _t("ditolak aturan antrean (layanan/loket/tiket tidak dikenal, status "
                     "tidak sesuai, kuota, kantor tutup)",
                     "rejected by a queue rule (unknown service/counter/ticket, invalid "
                     "state, quota, office closed)"),
    "cli.exit.7": _t("tidak ada yang menunggu untuk loket ini",
                     "nothing to do (no visitor waiting for this counter)"),
    "cli.exit.8": _t("printer gagal (tiket sudah terbit; cetak ulang)",
                     "printer failed (the ticket was issued; reprint it)"),
    # -- commands --------------------------------------------------------------------
    "cli.cmd.init": _t("buat basis data kantor baru (tidak pernah menimpa)",
                       "create a new office database (never overwrites)"),
    "cli.cmd.take": _t("ambil nomor antrean", "issue a queue ticket"),
    "cli.cmd.call": _t("panggil pengunjung berikutnya ke loket",
                       "call the next visitor to a counter"),
    "cli.cmd.recall": _t("panggil ulang tiket di loket (atau tiket yang dilewati: --ticket)",
                         "call the counter's ticket again (or a skipped --ticket)"),
    "cli.cmd.skip": _t("tandai tiket yang dipanggil sebagai tidak hadir",
                       "mark the counter's called ticket as a no-show"),
    "cli.cmd.serve": _t("mulai melayani tiket yang dipanggil",
                        "start serving the counter's called ticket"),
    "cli.cmd.finish": _t("selesaikan tiket di loket", "finish the counter's ticket"),
    "cli.cmd.transfer": _t("alihkan tiket ke layanan atau loket lain",
                           "send a ticket to another service or counter"),
    "cli.cmd.cancel": _t("batalkan tiket", "cancel a ticket"),
    "cli.cmd.pause": _t("istirahatkan loket (tidak memanggil; TV menampilkan alasannya)",
                        "put a counter on a break (it calls nobody; the TV shows why)"),
    "cli.cmd.resume": _t("akhiri istirahat loket", "end a counter's break"),
    "cli.opt.pause.reason": _t("ishoma (istirahat), rapat, tugas_luar, atau other:TEKS",
                               "ishoma (istirahat), rapat, tugas_luar, or other:TEXT"),
    "cli.cmd.report-back": _t("pengunjung yang terlewat melapor kembali: masuk antrean lagi "
                              "setelah beberapa nomor layanannya",
                              "a missed visitor reports back: in line again after some "
                              "numbers of its service"),
    "cli.opt.report-back.reason": _t("alasan petugas bila ia sudah melapor kembali hari ini",
                                     "the officer's reason when they already reported back "
                                     "today"),
    "cli.cmd.visit": _t("beri kasus kunjungan lanjutan: hari kerja dan jam di dalam jam "
                        "layanan; mencetak kodenya",
                        "give a case a follow-up visit: a working day and a window inside "
                        "the office's hours; prints its code"),
    "cli.opt.visit.case": _t("nomor kasus, mis. 42 untuk K-00042",
                             "case number, e.g. 42 for K-00042"),
    "cli.cmd.check-in": _t("pengunjung kunjungan lanjutan melapor pada harinya dengan kode "
                           "dari slipnya (seperti di anjungan): nomor antrean",
                           "a follow-up visitor checks in on the day with the code from the "
                           "slip (as the kiosk does): a number in line"),
    "cli.opt.visit.day": _t("hari kunjungan, TTTT-BB-HH", "the visit's day, YYYY-MM-DD"),
    "cli.opt.visit.opens": _t("mulai pukul, JJ:MM", "from, HH:MM"),
    "cli.opt.visit.closes": _t("sampai pukul, JJ:MM", "until, HH:MM"),
    "cli.opt.visit.printer": _t("cetak slip kunjungan (dengan QR-nya) di printer URL ini",
                                "print the visit's slip (its QR) on this printer URL"),
    "cli.opt.check-in.code": _t("kode slip (8 angka)", "the slip's code (8 digits)"),
    "cli.cmd.reclassify": _t("ubah tanda prioritas tiket, dengan alasan",
                             "change a ticket's priority flag, with a reason"),
    "cli.cmd.status": _t("jumlah menunggu, loket dan panggilan terakhir",
                         "waiting counts, counters and last calls"),
    "cli.cmd.events": _t("tampilkan peristiwa (satu baris JSON per peristiwa dengan --json)",
                         "print events (one JSON line each with --json)"),
    "cli.cmd.check": _t("keutuhan, mode jurnal, versi skema, jumlah data",
                        "integrity, journal mode, schema version, counts"),
    "cli.cmd.backup": _t("salinan utuh selagi stasiun tetap bekerja",
                         "consistent copy while stations keep working"),
    "cli.cmd.report": _t("buat laporan periode (PDF) atau ekspor tiket dan buku tamu "
                         "(CSV/XLSX)",
                         "make the period report (PDF) or export tickets and the register "
                         "(CSV/XLSX)"),
    "cli.cmd.skm-answer": _t("simpan jawaban SKM (sembilan nilai 1-4) untuk tiket yang "
                             "sudah dilayani, dengan kode yang tercetak di tiket",
                             "store the SKM answers (nine scores 1-4) for a served ticket, "
                             "by the code printed on it"),
    "cli.cmd.demo": _t("coba semua mode pada basis data demo lokal",
                       "try every mode on a local demo database"),
    "cli.cmd.kiosk": _t("buka anjungan ambil nomor antrean",
                        "start the kiosk where visitors take a number"),
    "cli.cmd.counter": _t("buka layar petugas loket dan back office",
                          "start the officer's counter and back office"),
    "cli.cmd.display": _t("buka layar antrean di ruang tunggu", "start the lobby queue display"),
    "cli.cmd.admin": _t("buka pengaturan kantor, laporan, cadangan",
                        "start the office settings, reports, backup"),
    "cli.cmd.survey": _t("buka survei kepuasan masyarakat (SKM) di tablet",
                         "start the SKM survey on a tablet"),
    # -- options shared by commands ----------------------------------------------------
    "cli.opt.help": _t("tampilkan bantuan ini lalu keluar", "show this help and exit"),
    "cli.opt.version": _t("tampilkan versi program lalu keluar",
                          "show the program's version and exit"),
    "cli.opt.lang": _t("bahasa pesan: id atau en (bawaan id, variabel ULT_LANG)",
                       "language of messages: id or en (default id, variable ULT_LANG)"),
    "cli.opt.db": _t("berkas basis data (variabel ULT_DB)", "database file (variable ULT_DB)"),
    "cli.opt.station": _t("nama stasiun yang dicatat di peristiwa (bawaan: nama komputer)",
                          "station name written in events (default: host name)"),
    "cli.opt.json": _t("keluaran JSON untuk skrip", "JSON output for scripts"),
    "cli.opt.counter": _t("nomor loket", "counter number"),
    "cli.opt.ticket": _t("nomor tiket, mis. A-012", "ticket number, e.g. A-012"),
    "cli.opt.reason": _t("alasan (dicatat di jejak peristiwa)",
                         "reason (recorded in the event log)"),
    "cli.opt.out": _t("berkas yang ditulis", "file to write"),
    "cli.opt.windowed": _t("dalam jendela biasa, tidak layar penuh (untuk uji coba)",
                           "in a normal window, not fullscreen (testing)"),
    # -- options of one command ----------------------------------------------------------
    "cli.opt.init.demo": _t("kantor demo: layanan A-C, loket 1-3",
                            "demo office: services A-C, counters 1-3"),
    "cli.opt.init.office_name": _t("nama kantor", "office name"),
    "cli.opt.init.admin": _t(
        "admin pertama kantor (PIN ditanyakan); PC ini menjadi akar kepercayaan",
        "the office's first admin (PIN asked); this PC becomes the root of trust"),
    "cli.opt.init.admin_name": _t("nama lengkap admin pertama", "the first admin's full name"),
    "cli.opt.take.service": _t("awalan layanan, mis. A", "service prefix, e.g. A"),
    "cli.opt.take.priority": _t(
        "tiket prioritas (kelompok rentan), boleh dengan kelompoknya: lansia, disabilitas, "
        "hamil, anak, bencana",
        "priority (kelompok rentan) ticket, optionally its group: lansia (elderly), "
        "disabilitas, hamil (pregnant/nursing), anak (children), bencana (disaster victims)"),
    "cli.opt.reclassify.group": _t("kelompok prioritas: lansia, disabilitas, hamil, anak, "
                                   "bencana",
                                   "priority group: lansia, disabilitas, hamil, anak, bencana"),
    "cli.opt.take.printer": _t("cetak tiket di printer ini (mis. tcp://host:9100)",
                               "print the ticket on this printer (e.g. tcp://host:9100)"),
    "cli.opt.call.counter": _t("loket yang memanggil", "the calling counter"),
    "cli.opt.finish.outcome": _t("hasil: dijawab (answered), diteruskan (escalated), "
                                 "dirujuk (referred), dibatalkan (cancelled)",
                                 "outcome: answered, escalated, referred or cancelled"),
    "cli.opt.transfer.counter": _t("loket yang memegang tiket", "the counter holding the ticket"),
    "cli.opt.transfer.to_service": _t("awalan layanan tujuan", "prefix of the service to send to"),
    "cli.opt.transfer.to_counter": _t("nomor loket tujuan", "number of the counter to send to"),
    "cli.opt.reclassify.priority": _t("prioritas: yes (ya) atau no (tidak)", "priority: yes or no"),
    "cli.opt.events.after": _t("mulai setelah nomor peristiwa ini (bawaan: semua, atau "
                               "hanya yang baru dengan --follow)",
                               "start after this event id (default: all, or only new with "
                               "--follow)"),
    "cli.opt.events.follow": _t("terus tampilkan peristiwa baru", "keep printing new events"),
    "cli.opt.events.interval_ms": _t("jeda pemeriksaan dalam milidetik (bawaan 200)",
                                     "polling interval in milliseconds (default 200)"),
    "cli.opt.backup.out": _t("berkas salinan baru (tidak pernah menimpa; bawaan: backup/"
                             "<nama>-<waktu kantor>.db di samping basis data)",
                             "new copy to write (never overwrites; default: backup/"
                             "<name>-<office time>.db next to the database)"),
    "cli.opt.report.date_from": _t("hari kantor pertama periode", "first office day of the period"),
    "cli.opt.report.date_to": _t("hari kantor terakhir periode (termasuk)",
                                 "last office day of the period (inclusive)"),
    "cli.opt.report.format": _t("pdf (laporan), csv atau xlsx (ekspor), lapor (pengaduan untuk "
                                "SP4N-LAPOR!, CSV); bawaan: dari akhiran --out",
                                "pdf (report), csv or xlsx (exports), lapor (complaints for "
                                "SP4N-LAPOR!, CSV); default: from --out's suffix"),
    "cli.opt.report.json": _t("tampilkan berkas yang ditulis sebagai JSON",
                              "print the files written as JSON"),
    "cli.opt.skm-answer.code": _t("kode tiket (tercetak di tiket dan kode QR-nya)",
                                  "ticket code (on the ticket and its QR code)"),
    "cli.opt.skm-answer.answers": _t("sembilan nilai 1-4, unsur 1 lebih dulu, dipisah koma",
                                     "nine scores 1-4, unsur 1 first, separated by commas"),
    "cli.opt.skm-answer.suggestion": _t("saran (teks bebas, tidak wajib)",
                                        "suggestion (optional free text)"),
    "cli.opt.print-test.db": _t("tidak wajib: ambil nama kantor, alamat, QR dan kaki tiket "
                                "dari basis data ini",
                                "optional: take office name, address, QR and footer from "
                                "this database"),
    "cli.opt.demo.db": _t("basis data demo (bawaan: di folder data Anda)",
                          "demo database (default: in your data folder)"),
    "cli.opt.demo.headless": _t("tampilkan status langsung alih-alih membuka jendela",
                                "print the live status instead of opening windows"),
    "cli.opt.kiosk.printer": _t("alamat printer (anjungan)", "printer URL (kiosk)"),
    "cli.opt.counter.printer": _t("alamat printer (anjungan)", "printer URL (kiosk)"),
    "cli.opt.display.printer": _t("alamat printer (anjungan)", "printer URL (kiosk)"),
    "cli.opt.admin.printer": _t("alamat printer (anjungan)", "printer URL (kiosk)"),
    "cli.opt.survey.printer": _t("alamat printer (anjungan)", "printer URL (kiosk)"),
    "cli.opt.kiosk.counter": _t("nomor loket (mode loket)", "counter number (counter mode)"),
    "cli.opt.counter.counter": _t("nomor loket (mode loket)", "counter number (counter mode)"),
    "cli.opt.display.counter": _t("nomor loket (mode loket)", "counter number (counter mode)"),
    "cli.opt.admin.counter": _t("nomor loket (mode loket)", "counter number (counter mode)"),
    "cli.opt.survey.counter": _t("nomor loket (mode loket)", "counter number (counter mode)"),
    # -- ult-desktop report skm ----------------------------------------------------------
    "cli.cmd.skm": _t("laporan SKM (PermenPANRB 14/2017) setahun atau satu semester: laporan "
                      ".pdf, jawaban mentah .xlsx, --poster",
                      "the SKM report (PermenPANRB 14/2017) of a year or semester: .pdf "
                      "report, .xlsx raw answers, --poster"),
    "cli.opt.skm.year": _t("tahun laporan, mis. 2026", "the report's year, e.g. 2026"),
    "cli.opt.skm.semester": _t("1 (Januari-Juni) atau 2 (Juli-Desember); bawaan: setahun penuh",
                               "1 (January-June) or 2 (July-December); default: the whole year"),
    "cli.opt.skm.out": _t("berkas yang ditulis: .pdf, .xlsx, atau dengan --poster .pdf/.png",
                          "file to write: .pdf, .xlsx, or with --poster .pdf/.png"),
    "cli.opt.skm.poster": _t("poster satu halaman untuk papan pengumuman, bukan laporan",
                             "the one-page poster for the notice board instead of the report"),
    # -- maintenance and station keys --------------------------------------
    "cli.cmd.repair": _t("admin: buang trigger/view/tabel/indeks asing dari basis data "
                         "(penjaga skema), tercatat",
                         "admin: drop unknown triggers/views/tables/indexes from the "
                         "database (schema guard), audited"),
    "cli.cmd.restore": _t("admin: ganti data kantor dengan cadangan (salinan diperiksa dulu; "
                          "berkas lama disimpan)",
                          "admin: replace the office data with a backup (checked copy "
                          "first; the live file is kept)"),
    "cli.cmd.purge": _t("admin: hapus data pribadi yang melewati masa simpan dari berkas, "
                        "halaman kosongnya, dan cadangannya",
                        "admin: remove personal data older than the retention period from "
                        "the file, its free pages and its backups"),
    "cli.cmd.station-key": _t("kunci stasiun PC ini: buat, tampilkan, minta pendaftaran, "
                              "setujui (admin), daftar",
                              "this PC's station key: create, show, request registration, "
                              "approve (admin), list"),
    "cli.opt.repair.admin": _t("nama pengguna admin (variabel ULT_ADMIN); PIN dari ULT_ADMIN_PIN "
                               "atau masukan standar",
                               "admin username (env ULT_ADMIN); the PIN comes from ULT_ADMIN_PIN "
                               "or standard input"),
    "cli.opt.restore.admin": _t("nama pengguna admin (variabel ULT_ADMIN); PIN dari ULT_ADMIN_PIN "
                                "atau masukan standar",
                                "admin username (env ULT_ADMIN); the PIN comes from ULT_ADMIN_PIN "
                                "or standard input"),
    "cli.opt.purge.admin": _t("nama pengguna admin (variabel ULT_ADMIN); PIN dari ULT_ADMIN_PIN "
                              "atau masukan standar",
                              "admin username (env ULT_ADMIN); the PIN comes from ULT_ADMIN_PIN "
                              "or standard input"),
    "cli.opt.restore.source": _t("berkas cadangan", "backup file"),
    "cli.opt.purge.months": _t("masa simpan dalam bulan (bawaan: pengaturan kantor "
                               "retention_months)",
                               "retention in months (default: the office's retention_months "
                               "setting)"),
    "cli.opt.purge.backup_dir": _t("folder cadangan yang dirotasi (bawaan: backup/ di samping "
                                   "basis data)",
                                   "backup folder to rotate (default: backup/ next to the "
                                   "database)"),
    "cli.opt.station-key.action": _t("create (buat), show (tampilkan), request (minta "
                                     "pendaftaran), approve (setujui), list (daftar)",
                                     "create, show, request (registration), approve, list"),
    "cli.opt.station-key.key": _t("approve: id / sidik jari kunci yang didaftarkan",
                                  "approve: the key id / fingerprint to register"),
    "cli.opt.station-key.label": _t("request: nama yang dilihat admin (bawaan: --station)",
                                    "request: the name admins see (default: --station)"),
    "cli.opt.station-key.user": _t("approve: nama pengguna admin (PIN ditanyakan, atau "
                                   "variabel ULT_PIN)",
                                   "approve: admin username (PIN asked, or env ULT_PIN)"),
}
