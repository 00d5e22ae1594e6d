"""Texts of the evidence pack (reports/evidence.py) and the Standar Pelayanan's
components (core/evidence.py)."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- the 14 components (PermenPANRB 15/2014) and the SK ------------------------------
    "admin.profile.sp": _t("Standar Pelayanan (untuk semua layanan)",
                           "Standar Pelayanan (for every service)"),
    "admin.profile.sp_date_bad": _t("Tanggal SK ditulis TTTT-BB-HH, mis. 2026-01-15.",
                                    "Write the SK's date as YYYY-MM-DD, e.g. 2026-01-15."),
    "sp.component.sk_number": _t("Nomor SK penetapan", "SK number"),
    "sp.component.sk_date": _t("Tanggal SK (TTTT-BB-HH)", "SK date (YYYY-MM-DD)"),
    "sp.component.persyaratan": _t("Persyaratan", "Requirements"),
    "sp.component.prosedur": _t("Sistem, mekanisme dan prosedur", "Procedure"),
    "sp.component.jangka_waktu": _t("Jangka waktu pelayanan", "Service time"),
    "sp.component.biaya": _t("Biaya/tarif", "Fee"),
    "sp.component.produk": _t("Produk pelayanan", "Service product"),
    "sp.component.penanganan_pengaduan": _t("Penanganan pengaduan, saran dan masukan",
                                            "Complaints and suggestions"),
    "sp.component.dasar_hukum": _t("Dasar hukum", "Legal basis"),
    "sp.component.sarana": _t("Sarana, prasarana dan/atau fasilitas", "Facilities"),
    "sp.component.kompetensi": _t("Kompetensi pelaksana", "Staff competence"),
    "sp.component.pengawasan": _t("Pengawasan internal", "Internal supervision"),
    "sp.component.jumlah_pelaksana": _t("Jumlah pelaksana", "Number of staff"),
    "sp.component.jaminan_pelayanan": _t("Jaminan pelayanan", "Service guarantee"),
    "sp.component.jaminan_keamanan": _t("Jaminan keamanan dan keselamatan pelayanan",
                                        "Safety and security guarantee"),
    "sp.component.evaluasi": _t("Evaluasi kinerja pelaksana", "Staff performance review"),
    # -- SPAK, Survei Persepsi Anti Korupsi (core.skm.SPAK_ITEMS): 1 worst, 4 best ---------
    "settings.spak_enabled": _t("Tanyakan Survei Persepsi Anti Korupsi (SPAK) setelah SKM",
                                "Ask the anti-corruption perception survey (SPAK) after "
                                "the SKM"),
    "skm.element.spak_diskriminasi": _t("Antikorupsi · Diskriminasi", "Anti-corruption · Discrimination"),
    "skm.question.spak_diskriminasi": _t("Apakah petugas membeda-bedakan pelayanan (mis. karena kenal, suku, agama, atau status)?",
                                  "Did the officers treat visitors differently (e.g. by acquaintance, origin, religion or status)?"),
    "skm.answer.spak_diskriminasi.1": _t("Selalu ada", "Always"),
    "skm.answer.spak_diskriminasi.2": _t("Sering ada", "Often"),
    "skm.answer.spak_diskriminasi.3": _t("Jarang ada", "Rarely"),
    "skm.answer.spak_diskriminasi.4": _t("Tidak pernah ada", "Never"),
    "skm.element.spak_kecurangan": _t("Antikorupsi · Kecurangan", "Anti-corruption · Irregularities"),
    "skm.question.spak_kecurangan": _t("Apakah ada pelayanan di luar prosedur atau kecurangan dalam pelayanan?",
                                  "Was anything done outside the procedure, or dishonestly?"),
    "skm.answer.spak_kecurangan.1": _t("Selalu ada", "Always"),
    "skm.answer.spak_kecurangan.2": _t("Sering ada", "Often"),
    "skm.answer.spak_kecurangan.3": _t("Jarang ada", "Rarely"),
    "skm.answer.spak_kecurangan.4": _t("Tidak pernah ada", "Never"),
    "skm.element.spak_imbalan": _t("Antikorupsi · Imbalan", "Anti-corruption · Gratuities"),
    "skm.question.spak_imbalan": _t("Apakah petugas menerima atau meminta imbalan uang, barang atau fasilitas di luar ketentuan?",
                                  "Did an officer take or ask for money, goods or favours beyond the rules?"),
    "skm.answer.spak_imbalan.1": _t("Selalu ada", "Always"),
    "skm.answer.spak_imbalan.2": _t("Sering ada", "Often"),
    "skm.answer.spak_imbalan.3": _t("Jarang ada", "Rarely"),
    "skm.answer.spak_imbalan.4": _t("Tidak pernah ada", "Never"),
    "skm.element.spak_pungli": _t("Antikorupsi · Pungutan liar", "Anti-corruption · Illegal fees"),
    "skm.question.spak_pungli": _t("Apakah ada pungutan liar (pungli) dalam pelayanan?",
                                  "Was there any illegal fee (pungli)?"),
    "skm.answer.spak_pungli.1": _t("Selalu ada", "Always"),
    "skm.answer.spak_pungli.2": _t("Sering ada", "Often"),
    "skm.answer.spak_pungli.3": _t("Jarang ada", "Rarely"),
    "skm.answer.spak_pungli.4": _t("Tidak pernah ada", "Never"),
    "skm.element.spak_percaloan": _t("Antikorupsi · Percaloan", "Anti-corruption · Brokers"),
    "skm.question.spak_percaloan": _t("Apakah ada calo atau perantara tidak resmi dalam pelayanan?",
                                  "Was there a broker or unofficial go-between?"),
    "skm.answer.spak_percaloan.1": _t("Selalu ada", "Always"),
    "skm.answer.spak_percaloan.2": _t("Sering ada", "Often"),
    "skm.answer.spak_percaloan.3": _t("Jarang ada", "Rarely"),
    "skm.answer.spak_percaloan.4": _t("Tidak pernah ada", "Never"),
    "skmr.s.spak": _t("Survei Persepsi Anti Korupsi (SPAK)",
                      "Anti-corruption perception survey (SPAK)"),
    "skmr.spak": _t("{n} responden menjawab SPAK; Indeks Persepsi Anti Korupsi (IPAK) {ipak} "
                    "dari 4 (indeks {index}). Skala: 1 selalu ada, 4 tidak pernah ada "
                    "diskriminasi, kecurangan, imbalan, pungli dan calo.",
                    "{n} respondents answered the SPAK; anti-corruption perception index "
                    "(IPAK) {ipak} of 4 (index {index}). Scale: 1 always, 4 never any "
                    "discrimination, irregularity, gratuity, illegal fee or broker."),
    "skmr.spak_withheld": _t("{n} responden menjawab SPAK; IPAK tidak ditampilkan untuk "
                             "periode yang belum selesai atau kelompok di bawah {min} "
                             "responden.",
                             "{n} respondents answered the SPAK; no IPAK is shown for a "
                             "period still running or a group under {min}."),
    # -- the pack ----------------------------------------------------------------------
    "evidence.title": _t("Bukti PEKPPP dan ZI {year}", "PEKPPP and ZI evidence {year}"),
    "evidence.serves": _t("{folder} · Zona Integritas {zi}", "{folder} · Zona Integritas {zi}"),
    "evidence.source": _t("Sumber: {source}", "Source: {source}"),
    "admin.reports.format.lapor": _t("Pengaduan untuk SP4N-LAPOR! (CSV)",
                                     "Complaints for SP4N-LAPOR! (CSV)"),
    "admin.reports.format.evidence": _t("Paket bukti PEKPPP/ZI (folder, setahun)",
                                        "PEKPPP/ZI evidence pack (folder, a year)"),
    "cli.cmd.evidence": _t("paket bukti PEKPPP / Zona Integritas setahun: folder berisi PDF "
                           "kecil dan CSV di baliknya",
                           "the year's PEKPPP / Zona Integritas evidence pack: a folder of "
                           "small PDFs and the CSVs behind them"),
    "cli.opt.evidence.year": _t("tahun bukti, mis. 2026", "the year, e.g. 2026"),
    "cli.opt.evidence.out": _t("folder yang ditulis (dibuat bila belum ada)",
                               "folder to write (made if missing)"),
    "cli.cmd.import-online": _t(
        "masukkan ekspor formulir daring (CSV/XLSX) ke buku tamu dan meja back office; "
        "nomor permohonan yang sudah ada tidak ditambahkan lagi",
        "add the online form's export (CSV/XLSX) to the guest book and the back-office "
        "desk; a request number already there is not added again"),
    "cli.opt.import-online.file": _t("berkas ekspor, .csv atau .xlsx", "the export, .csv or .xlsx"),
    "cli.opt.import-online.service": _t("awalan layanan bagi baris yang layanannya tidak "
                                        "dikenal kantor",
                                        "service prefix for rows whose service the office "
                                        "does not know"),
    "cli.opt.import-online.admin": _t(
        "admin yang mengonfirmasi baris bertanggal bulan yang sudah lewat (di PC admin; PIN "
        "dari ULT_ADMIN_PIN atau masukan standar)",
        "an admin who confirms rows dated in a past month (on the admin PC; the PIN from "
        "ULT_ADMIN_PIN or standard input)"),
    "cli.opt.import-online.map": _t(
        "kolom sebuah isian, FIELD=KOLOM (FIELD salah satu dari 'online_ref, visitor_name, "
        "phone, email, institution, service, request_type, topic, question, submitted_at'); "
        "sisanya ditebak dari judul kolom",
        "the column of a field, FIELD=HEADER (online_ref, visitor_name, phone, email, "
        "institution, service, request_type, topic, question, submitted_at); others are "
        "guessed from the headers"),
    "evidence.cli.written": _t("{n} berkas bukti ditulis ke {path}",
                               "{n} evidence files written to {path}"),
    "evidence.nothing": _t("Tidak ada data pada tahun ini.", "No data this year."),
    "evidence.yes": _t("ada", "yes"),
    "evidence.no": _t("TIDAK ADA", "NO"),
    "evidence.met": _t("ya", "yes"),
    "evidence.not_met": _t("TIDAK", "NO"),
    "evidence.index.figure": _t("{n} butir bukti, masing-masing PDF dan CSV di foldernya.",
                                "{n} items, each a PDF and a CSV in its folder."),
    "evidence.index.item": _t("Butir", "Item"),
    "evidence.index.figure_col": _t("Angka", "Figure"),
    "evidence.index.source": _t(
        "ULT Desktop, dari catatan bertanda tangan kantor; setiap berkas tercatat dengan "
        "SHA-256-nya pada peristiwa report_issued.",
        "ULT Desktop, from the office's signed record; every file is listed with its "
        "SHA-256 in a report_issued event."),
    "evidence.sp.figure": _t("{n} jenis layanan; {complete} memuat 14 komponen Standar "
                             "Pelayanan secara lengkap.",
                             "{n} service types; {complete} with all 14 Standar Pelayanan "
                             "components."),
    "evidence.sp.component": _t("Komponen", "Component"),
    "evidence.sp.sk": _t("Ditetapkan dengan SK nomor {number} tanggal {date}.",
                         "Adopted by SK {number} of {date}."),
    "evidence.sp.promise": _t(
        "Jaminan pelayanan: pengunjung prioritas dipanggil dalam {min} menit; tahun {year} "
        "ditepati untuk {n} dari {total} ({share}).",
        "Service guarantee: priority visitors called within {min} minutes; in {year} kept "
        "for {n} of {total} ({share})."),
    "evidence.sp.no_sk": _t("Nomor dan tanggal SK belum diisi (Admin > Profil).",
                            "The SK's number and date are not entered (Admin > Profile)."),
    "evidence.sp.source": _t(
        "data layanan (Admin > Layanan), Standar Pelayanan kantor (Admin > Profil); jumlah "
        "pelaksana: petugas yang melayani layanan itu pada {year} menurut antrean.",
        "services (Admin > Services), the office's Standar Pelayanan (Admin > Profile); "
        "number of staff: officers who served it in {year} by the queue."),
    "evidence.pub.figure": _t("Hasil SKM dipublikasikan {n} kali tahun ini.",
                              "The SKM result was published {n} times this year."),
    "evidence.pub.where": _t("Media", "Where"),
    "evidence.pub.shown": _t("Ditampilkan", "Shown"),
    "evidence.pub.when": _t("Kapan / berapa", "When / how many"),
    "evidence.pub.poster": _t("Poster hasil SKM", "SKM result poster"),
    "evidence.pub.tv": _t("Layar TV ruang tunggu (hasil SKM)", "Lobby TV (SKM result)"),
    "evidence.pub.tv_now": _t("aktif saat ini", "on now"),
    "evidence.pub.ticket": _t("Tiket antrean (layanan, perkiraan waktu)",
                              "Queue ticket (service, estimated wait)"),
    "evidence.pub.tickets": _t("{n} tiket tercetak", "{n} tickets printed"),
    "evidence.pub.sp": _t("Isi Standar Pelayanan di anjungan/tiket/TV",
                          "Standar Pelayanan text on kiosk/ticket/TV"),
    "evidence.pub.sp_elsewhere": _t("tidak ditampilkan oleh ULT Desktop; lampirkan bukti "
                                    "papan informasi atau situs web",
                                    "not shown by ULT Desktop; attach the notice board's or "
                                    "website's proof"),
    "evidence.pub.source": _t("pengaturan dan peristiwa publikasi SKM, tiket tercetak.",
                              "SKM publication settings and events, printed tickets."),
    "evidence.hours.figure": _t(
        "Jam pelayanan yang diumumkan {opens}–{closes}; pada {on_time} dari {days} hari "
        "layanan panggilan pertama paling lambat 15 menit setelah buka.",
        "Published hours {opens}–{closes}; on {on_time} of {days} service days the first "
        "call came within 15 minutes of opening."),
    "evidence.hours.month": _t("Bulan", "Month"),
    "evidence.hours.days": _t("Hari layanan", "Service days"),
    "evidence.hours.on_time": _t("Buka tepat waktu", "Opened on time"),
    "evidence.hours.last": _t("Rata-rata layanan terakhir", "Mean last service"),
    "evidence.hours.source": _t("waktu panggilan dan selesai setiap tiket antrean.",
                                "the call and finish times of every queue ticket."),
    "evidence.rentan.figure": _t(
        "{n} pengunjung kelompok rentan dilayani; menunggu rata-rata {wait} menit "
        "(pengunjung lain {other} menit).",
        "{n} vulnerable visitors served; mean wait {wait} minutes (others {other})."),
    "evidence.rentan.group": _t("Kelompok", "Group"),
    "evidence.rentan.tickets": _t("Tiket", "Tickets"),
    "evidence.rentan.served": _t("Dilayani", "Served"),
    "evidence.rentan.wait": _t("Rata-rata tunggu (menit)", "Mean wait (min)"),
    "evidence.rentan.source": _t("tiket prioritas antrean dengan kelompoknya.",
                                 "priority tickets with their group."),
    "evidence.outages.figure": _t(
        "{n} kali berkas bersama tidak terjangkau; layanan tetap berjalan: {acts} langkah "
        "loket dicatat di PC dan {held} tiket dari nomor anjungan, semuanya masuk catatan "
        "kantor sekali.",
        "The shared file was away {n} times; service went on: {acts} counter acts kept on "
        "the PCs and {held} tickets from the kiosks' numbers, all in the office's record "
        "once."),
    "evidence.outages.none": _t("Berkas bersama selalu terjangkau; tidak ada langkah yang "
                                "perlu dicatat di PC.",
                                "The shared file was never away; no act had to be kept on "
                                "a PC."),
    "evidence.outages.source": _t("langkah yang dicatat di PC selama gangguan dan tiket dari "
                                  "nomor anjungan, setelah masuk catatan kantor.",
                                  "acts kept on the PCs during an outage and tickets from "
                                  "the kiosks' numbers, once landed in the record."),
    "evidence.complaints.figure": _t(
        "{n} pengaduan dan laporan SP4N-LAPOR!: rencana tindak lanjut dalam {plan_days} "
        "hari kerja {plan}, selesai (jawaban sampai ke pelapor) dalam tenggat kategorinya "
        "{done}; hari libur dan cuti bersama tidak dihitung.",
        "{n} complaints and SP4N-LAPOR! reports: follow-up plan within {plan_days} working "
        "days {plan}, resolved (the answer reached the complainant) within their "
        "category's deadline {done}; holidays and cuti bersama not counted."),
    "evidence.complaints.no": _t("No.", "No."),
    "evidence.followups.figure": _t(
        "{booked} kunjungan lanjutan dijadwalkan: {came} datang, {missed} tidak datang.",
        "{booked} follow-up visits booked: {came} came, {missed} did not come."),
    "evidence.followups.month": _t("Bulan", "Month"),
    "evidence.followups.booked": _t("Dijadwalkan", "Booked"),
    "evidence.followups.came": _t("Datang", "Came"),
    "evidence.followups.missed": _t("Tidak datang", "Did not come"),
    "evidence.followups.source": _t(
        "Kasus yang diberi kunjungan lanjutan dan tiket yang melapor dengan kodenya "
        "(berkas kantor, diverifikasi dengan log bertanda tangan).",
        "Cases given a follow-up visit and the tickets checked in with its code (the "
        "office file, verified against the signed log)."),
    "evidence.lapor.category": _t("Kategori", "Category"),
    "evidence.lapor.plan_due": _t("Rencana paling lambat", "Plan due"),
    "evidence.lapor.done_due": _t("Selesai paling lambat", "Finish due"),
    "evidence.lapor.state": _t("Status", "Status"),
    "evidence.lapor.cat.informasi": _t("permintaan informasi (5 hari kerja)",
                                       "request for information (5 working days)"),
    "evidence.lapor.cat.pengaduan": _t("pengaduan (5 hari kerja)", "complaint (5 working days)"),
    "evidence.lapor.cat.sengketa": _t("sengketa tanpa cek lapangan (14 hari kerja)",
                                      "dispute without a field check (14 working days)"),
    "evidence.lapor.cat.sengketa_lapangan": _t("sengketa dengan cek lapangan (60 hari kerja)",
                                               "dispute with a field check (60 working days)"),
    "evidence.lapor.st.met": _t("tepat waktu", "on time"),
    "evidence.lapor.st.late": _t("terlambat", "late"),
    "evidence.lapor.st.running": _t("berjalan", "running"),
    "evidence.lapor.st.warn": _t("segera jatuh tempo", "due soon"),
    "evidence.lapor.st.overdue": _t("lewat tenggat", "overdue"),
    "evidence.complaints.received": _t("Diterima", "Received"),
    "evidence.complaints.first": _t("Tanggapan (hari kerja)", "Response (working days)"),
    "evidence.complaints.done": _t("Selesai (hari kerja)", "Resolved (working days)"),
    "evidence.complaints.source": _t(
        "buku tamu (jenis pengaduan) dan kasus, dengan kategori SP4N-LAPOR! yang ditandai "
        "di meja back office (tanpa kategori: pengaduan); satu tenggat: rencana 5 hari "
        "kerja, selesai 5/14/60 hari kerja menurut kategori, pada kalender libur kantor.",
        "the guest book (complaints) and cases, with the SP4N-LAPOR! category marked at the "
        "back-office desk (none: complaint); one clock: the plan in 5 working days, the "
        "outcome in 5/14/60 working days by category, on the office's holiday calendar."),
    "evidence.skm.figure": _t("IKM tahun ini {ikm} (mutu {mutu}) dari {n} responden; sampel "
                              "minimum {min}.",
                              "This year's IKM {ikm} (grade {mutu}) from {n} respondents; "
                              "minimum sample {min}."),
    "evidence.skm.period": _t("Periode", "Period"),
    "evidence.skm.respondents": _t("Responden", "Respondents"),
    "evidence.skm.served": _t("Dilayani", "Served"),
    "evidence.skm.min": _t("Sampel minimum", "Minimum sample"),
    "evidence.skm.ok": _t("Memenuhi", "Sufficient"),
    "evidence.skm.mutu": _t("Mutu", "Grade"),
    "evidence.skm.withheld_open": _t("belum selesai", "not over"),
    "evidence.skm.withheld_small": _t("bulan kecil", "small month"),
    "evidence.skm.withheld_none": _t("tidak ada", "none"),
    "evidence.skm.source": _t(
        "jawaban SKM (PermenPANRB 14/2017) per periode tertutup; sampel Krejcie–Morgan dari "
        "jumlah orang yang dilayani.",
        "SKM answers (PermenPANRB 14/2017) per closed period; Krejcie–Morgan sample of the "
        "people served."),
    "evidence.spak.figure": _t("{n} responden menjawab SPAK tahun ini; IPAK {ipak} "
                               "(indeks {index}).",
                               "{n} respondents answered the SPAK this year; IPAK {ipak} "
                               "(index {index})."),
    "evidence.spak.index": _t("Indeks (0-100)", "Index (0-100)"),
    "evidence.spak.source": _t(
        "butir SPAK setelah SKM (bila kantor mengaktifkannya), dengan aturan anonimitas SKM; "
        "kelompok di bawah minimum dan periode berjalan tidak ditampilkan.",
        "the SPAK items after the SKM (when the office turns them on), under the SKM's "
        "anonymity rules; groups under the minimum and running periods are not shown."),
    "evidence.rtl.figure": _t("{n} rencana tindak lanjut; {done} selesai ({share}%).",
                              "{n} follow-up actions; {done} done ({share}%)."),
    "evidence.rtl.period": _t("Laporan", "Report"),
    "evidence.rtl.element": _t("Unsur", "Element"),
    "evidence.rtl.action": _t("Tindakan", "Action"),
    "evidence.rtl.owner": _t("Penanggung jawab", "Owner"),
    "evidence.rtl.status": _t("Status", "Status"),
    "evidence.rtl.days": _t("Hari sampai selesai", "Days to close"),
    "evidence.rtl.source": _t("rencana tindak lanjut SKM dan riwayat perubahannya.",
                              "SKM follow-up plan and its history."),
}
