"""Texts of the reports (PDF, CSV/XLSX headers) and the ``report`` command."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "report.title": _t("LAPORAN PELAYANAN UNIT LAYANAN TERPADU", "INTEGRATED SERVICE UNIT REPORT"),
    "report.period": _t("Periode: {start} s.d. {end}", "Period: {start} to {end}"),
    "report.generated": _t("Dibuat: {when}", "Generated: {when}"),
    "report.footer": _t("{office} - {start} s.d. {end}", "{office} - {start} to {end}"),
    "report.page": _t("Halaman {n}", "Page {n}"),
    "report.none": _t("Tidak ada data pada periode ini.", "No data in this period."),
    # sections
    "report.s.summary": _t("1. Ringkasan", "1. Summary"),
    "report.s.per_day": _t("2. Pengunjung per Hari", "2. Visitors per Day"),
    "report.s.per_month": _t("2. Pengunjung per Bulan", "2. Visitors per Month"),
    "report.s.per_service": _t("3. Pengunjung per Layanan", "3. Visitors per Service"),
    "report.s.regions": _t("4.1 Sebaran Pengunjung per Kabupaten/Kota (Buku Tamu)",
                           "4.1 Visitors by Regency/City (Guest Book)"),
    "report.c.region": _t("Kabupaten/kota", "Regency/city"),
    "report.s.request_types": _t("4.2 Jenis Permintaan dan Pengaduan",
                                 "4.2 Kinds of Request and Complaints"),
    "report.c.request_type": _t("Jenis permintaan", "Kind of request"),
    "report.request.unknown": _t("(tidak dicatat)", "(not noted)"),
    "report.complaints": _t("Pengaduan (dilaporkan tersendiri): {received} diterima, {done} "
                            "dijawab atau selesai, {still} masih ditindaklanjuti.",
                            "Complaints (reported apart): {received} received, {done} answered or "
                            "closed, {still} still being followed up."),
    "report.region.unknown": _t("(tidak diisi)", "(not given)"),
    "report.region.other": _t("Lainnya ({n} kabupaten/kota)", "Others ({n} regencies/cities)"),
    "report.root_qr": _t("Akar kepercayaan kantor:<br/><b>{root}</b><br/>Stasiun baru "
                         "memindai kode ini (atau mengetik sidik jarinya) saat disiapkan.",
                         "The office's root of trust:<br/><b>{root}</b><br/>A new station "
                         "scans this code (or types the fingerprint) when it is set up."),
    "report.sign.known": _t("Mengetahui,", "Acknowledged by,"),
    "report.sign.title": _t("Kepala", "Head of office"),
    "report.sign.nip": _t("NIP {nip}", "NIP {nip}"),
    "report.s.channel_hour": _t("4. Kanal Layanan dan Jam Kedatangan",
                                "4. Channels and Hour of Arrival"),
    "report.s.times": _t("5. Waktu Tunggu dan Waktu Layanan terhadap Standar Pelayanan",
                         "5. Waiting and Service Times against the Service Standard"),
    "report.s.desks": _t("6. Kinerja per Loket dan Petugas",
                         "6. Performance per Counter and Officer"),
    "report.s.escalations": _t("7. Kasus Diteruskan dan Tindak Lanjut",
                               "7. Escalations and Follow-up"),
    "report.s.sop": _t("8. Waktu per Langkah SOP Layanan Tatap Muka terhadap Mutu Baku",
                       "8. Time per Step of the Face-to-Face SOP against its Standard"),
    "report.s.skm": _t("9. Survei Kepuasan Masyarakat (SKM)", "9. Public Satisfaction Survey (SKM)"),
    # summary labels
    "report.k.visits": _t("Total kunjungan (semua kanal)", "Total visits (all channels)"),
    "report.k.tickets": _t("Tiket antrean diterbitkan", "Queue tickets issued"),
    "report.k.served": _t("Dilayani", "Served"),
    "report.k.priority": _t("Pengunjung prioritas (kelompok rentan)",
                            "Priority visitors (vulnerable groups)"),
    "report.k.no_show": _t("Tidak hadir saat dipanggil", "No-shows"),
    "report.k.cancelled": _t("Dibatalkan", "Cancelled"),
    "report.k.missed_back": _t("Terlewat / melapor kembali", "Missed / reported back"),
    "report.k.served_after_return": _t("Dilayani setelah kembali", "Served after returning"),
    "report.k.followups": _t("Kunjungan lanjutan dijadwalkan / datang",
                             "Follow-up visits booked / came"),
    "report.k.followups_missed": _t("Kunjungan lanjutan tidak datang",
                                    "Follow-up visits not come"),
    "report.k.unfinished": _t("Belum selesai", "Unfinished"),
    "report.k.escalated": _t("Kasus diteruskan (semua kanal)", "Escalated cases (all channels)"),
    "report.k.wait_mean": _t("Rata-rata waktu tunggu", "Mean waiting time"),
    "report.k.service_mean": _t("Rata-rata waktu layanan", "Mean service time"),
    "report.k.respondents": _t("Responden SKM", "SKM respondents"),
    "report.k.ikm": _t("IKM", "IKM"),
    # column headers
    "report.c.day": _t("Tanggal", "Date"),
    "report.c.month": _t("Bulan", "Month"),
    "report.c.tickets": _t("Tiket", "Tickets"),
    "report.c.priority": _t("Prioritas", "Priority"),
    "report.c.priority_group": _t("Kelompok rentan", "Vulnerable group"),
    "report.t.priority_groups": _t("Pengunjung prioritas per kelompok rentan",
                                   "Priority visitors by vulnerable group"),
    "report.c.served": _t("Dilayani", "Served"),
    "report.c.no_show": _t("Tidak hadir", "No-show"),
    "report.c.cancelled": _t("Batal", "Cancelled"),
    "report.c.escalated": _t("Eskalasi", "Escalated"),
    "report.c.phone": _t("Telepon", "Phone"),
    "report.c.online": _t("Daring", "Online"),
    "report.c.total": _t("Jumlah", "Total"),
    "report.c.service": _t("Layanan", "Service"),
    "report.c.channel": _t("Kanal", "Channel"),
    "report.c.share": _t("Persentase", "Share"),
    "report.c.hour": _t("Jam", "Hour"),
    "report.c.target": _t("Target", "Target"),
    "report.c.count": _t("n", "n"),
    "report.c.mean": _t("Rata-rata", "Mean"),
    "report.c.median": _t("Median", "Median"),
    "report.c.p90": _t("P90", "P90"),
    "report.c.met": _t("Memenuhi", "Met"),
    "report.c.counter": _t("Loket", "Counter"),
    "report.c.officer": _t("Petugas", "Officer"),
    "report.no_officer": _t("(tanpa petugas tercatat)", "(no officer recorded)"),
    "report.c.out_of_turn": _t("Di luar urutan", "Out of turn"),
    "report.c.present": _t("Hadir\n(menit)", "Present\n(min)"),
    "report.c.serving": _t("Melayani\n(menit)", "Serving\n(min)"),
    "report.c.idle": _t("Tanpa tamu\n(menit)", "Idle\n(min)"),
    "report.c.idle_waiting": _t("Tanpa tamu,\nada antrean", "Idle while\nvisitors waited"),
    "report.c.paused": _t("Jeda per alasan (menit)", "Breaks by reason (min)"),
    "report.c.open_counters": _t("Loket terbuka (rata-rata)", "Counters open (mean)"),
    "report.c.called": _t("Dipanggil", "Called"),
    "report.t.officer_time": _t("Waktu petugas di loket", "Officers' time at the desk"),
    "report.t.hours": _t("Loket terbuka dan waktu tunggu per jam",
                         "Counters open and the wait, per hour"),
    "report.t.standins": _t("Penugasan (petugas pengganti)", "Stand-ins (penugasan)"),
    "report.t.vulnerable": _t("Layanan ramah kelompok rentan", "Service friendly to "
                              "vulnerable groups"),
    "report.c.vulnerable": _t("Bantuan dan waktu tunggu", "Help and waiting time"),
    "report.vulnerable.help": _t("Panggilan 'Butuh bantuan' dari anjungan (menit sampai dibantu)",
                                 "'I need help' calls from the kiosk (minutes to help)"),
    "report.vulnerable.seat": _t("Minta dilayani di kursi (tiket)",
                                 "Asked to be served at the seat (tickets)"),
    "report.vulnerable.fetched": _t("Dijemput petugas dari kursi (menit sejak dipanggil)",
                                    "Fetched from the seat (minutes from the call)"),
    "report.vulnerable.spoken": _t("Tiket diambil dengan mode bersuara",
                                   "Tickets taken in spoken mode"),
    "report.vulnerable.large": _t("Tiket diambil dengan teks besar", "Tickets taken in large text"),
    "report.vulnerable.deaf": _t("Pengunjung tuli/sulit mendengar (tiket ditandai)",
                                 "Deaf / hard-of-hearing visitors (tickets flagged)"),
    "report.vulnerable.deaf_officer": _t("… di antaranya ditandai petugas di loket",
                                         "… of which flagged by an officer at the desk"),
    "report.vulnerable.interpreter": _t("Permintaan juru bahasa isyarat",
                                        "Sign language interpreter requests"),
    "report.vulnerable.rest": _t("Pengunjung lain (menit tunggu)", "Other visitors (minutes "
                                 "waiting)"),
    "report.t.outages": _t("Berkas bersama tidak terjangkau", "The shared file away"),
    "report.c.outage": _t("Waktu (sesudah tulisan terakhir – kembali)",
                          "When (after the last write – back)"),
    "report.c.offline_acts": _t("Langkah loket di PC", "Counter acts on PCs"),
    "report.c.held_tickets": _t("Tiket dari nomor anjungan", "Tickets from kiosk numbers"),
    "report.note.outages": _t(
        "Selama berkas bersama tidak terjangkau, loket mencatat langkahnya di PC masing-masing "
        "dan anjungan memberi nomor yang sudah dipegangnya; semuanya masuk catatan kantor saat "
        "berkas kembali dan dihitung di laporan ini sekali.",
        "While the shared file was away the counters kept their acts on their own PCs and "
        "the kiosks issued the numbers they held; all of it reached the office's record when "
        "the file returned and is counted in this report once."),
    "report.c.absent": _t("Berhalangan", "Absent"),
    "report.c.standin": _t("Digantikan oleh", "Stand-in"),
    "report.c.days": _t("Tanggal", "Days"),
    "report.c.letter": _t("Surat penugasan", "Assignment letter"),
    "report.standin.oral": _t("lisan", "oral"),
    "report.t.out_of_turn": _t("Panggilan di luar urutan, per petugas dan alasan",
                               "Calls out of turn, per officer and reason"),
    "report.c.opened": _t("Dibuka", "Opened"),
    "report.c.on_time": _t("Selesai tepat waktu", "Resolved on time"),
    "report.c.late": _t("Selesai terlambat", "Resolved late"),
    "report.c.open": _t("Dalam proses", "In progress"),
    "report.c.overdue": _t("Lewat batas waktu", "Overdue"),
    "report.c.rescheduled": _t("Dijadwalkan ulang", "Rescheduled"),
    "report.c.element": _t("Unsur Pelayanan", "Service element"),
    "report.c.nrr": _t("NRR", "NRR"),
    "report.c.nrr_conv": _t("Nilai konversi", "Converted"),
    "report.c.respondents": _t("Responden", "Respondents"),
    "report.c.mutu": _t("Mutu", "Grade"),
    "report.c.kinerja": _t("Kinerja", "Performance"),
    "report.all_services": _t("Semua layanan", "All services"),
    "report.total": _t("Jumlah", "Total"),
    "report.channel.walk_in": _t("Datang langsung", "Walk-in"),
    "report.channel.phone": _t("Telepon", "Phone"),
    "report.channel.online": _t("Daring", "Online"),
    "report.t.wait": _t("Waktu tunggu (menit)", "Waiting time (minutes)"),
    "report.t.service": _t("Waktu layanan (menit)", "Service time (minutes)"),
    "report.minutes": _t("mnt", "min"),
    # explanatory lines
    "report.note.times": _t("Waktu tunggu: dari tiket diambil sampai panggilan pertama. Waktu "
                            "layanan: dari mulai dilayani sampai selesai. Dalam menit; P90 = 90% "
                            "pengunjung tidak lebih lama dari nilai ini; Memenuhi = bagian yang "
                            "tidak melebihi target layanan.",
                            "Waiting time: from taking the ticket to the first call. Service "
                            "time: from the start of service to its end. In minutes; P90 = 90% of "
                            "visitors took no longer; Met = share within the service's target."),
    "report.note.unreadable": _t(
        "{n} baris tiket memuat nilai yang tidak pernah ditulis aplikasi (ditulis di luar "
        "aplikasi) dan tidak dihitung dalam angka laporan ini; jalankan pemeriksaan berkas.",
        "{n} ticket rows hold values the app never writes (written outside the app) and are "
        "not counted in this report's figures; run the file check."),
    "report.note.promise": _t(
        "Janji layanan prioritas: dipanggil dalam {min} menit. Ditepati untuk {n} dari "
        "{total} pengunjung prioritas ({share}); yang tidak pernah dipanggil dihitung tidak "
        "ditepati.",
        "Priority service promise: called within {min} minutes. Kept for {n} of {total} "
        "priority visitors ({share}); one never called counts as not kept."),
    "report.note.priority": _t("Rata-rata waktu tunggu pengunjung prioritas {p} menit (n = {pn}), "
                               "pengunjung lain {o} menit (n = {on}).",
                               "Mean waiting time of priority visitors {p} minutes (n = {pn}), "
                               "other visitors {o} minutes (n = {on})."),
    "report.note.escalations": _t("Batas waktu penyelesaian dihitung dalam hari kerja dari target "
                                  "layanan (hari libur nasional dan cuti bersama tidak dihitung), "
                                  "per {today}.",
                                  "Due dates are counted in working days from the service's "
                                  "target (national holidays and collective leave excluded), as "
                                  "of {today}."),
    "report.note.skm": _t("Menurut PermenPANRB No. 14 Tahun 2017: NRR = jumlah nilai per unsur / "
                          "jumlah jawaban; IKM = (jumlah NRR x 1/9) x 25.",
                          "Per PermenPANRB 14/2017: NRR = sum of scores per element / number of "
                          "answers; IKM = (sum of NRR x 1/9) x 25."),
    "report.skm.result": _t("IKM {ikm} - Mutu {mutu} ({kinerja}), {n} responden",
                            "IKM {ikm} - Grade {mutu} ({kinerja}), {n} respondents"),
    "report.c.sop_step": _t("Langkah SOP (menit)", "SOP step (minutes)"),
    "report.c.standard": _t("Mutu baku", "Standard"),
    "report.c.over": _t("Penyimpangan", "Deviations"),
    "report.sop.none": _t("Tidak ada konsultasi atau kasus yang diteruskan ke back office pada "
                          "periode ini.",
                          "No consultations or escalations to the back office in this period."),
    "report.sop.days_only": _t(
        "Tidak ada konsultasi tatap muka yang diukur dalam menit pada periode ini. Kasus yang "
        "diteruskan ke back office diukur dalam hari kerja: {done} selesai dijelaskan kepada "
        "tamu, di antaranya {within} dalam target hari kerja; belum selesai: {open}.",
        "No face-to-face consultation timed in minutes in this period. Cases forwarded to "
        "the back office are timed in working days: {done} explained to the visitor, of "
        "which {within} within their working-day target; not finished yet: {open}."),
    "report.sop.result": _t("Penyimpangan atas mutu baku: {over} dari {count} langkah tercatat. "
                            "Permintaan yang selesai dijelaskan kepada tamu: {done}, di antaranya "
                            "{within} dalam target hari kerja; serah terima yang langkah 15-nya "
                            "belum tercatat: {open}.",
                            "Deviations from the standard time: {over} of {count} recorded steps. "
                            "Requests explained to the visitor: {done}, of which {within} within "
                            "their working-day target; handovers whose step 15 is not recorded "
                            "yet: {open}."),
    "report.note.sop": _t("Langkah 10-15 SOP 003 dihitung dari waktu setiap serah terima antara "
                          "front office dan back office, terhadap mutu baku layanannya. "
                          "Penyimpangan: langkah yang melebihi mutu baku (SOP: segala bentuk "
                          "penyimpangan atas mutu baku dikategorikan sebagai bentuk kegagalan). "
                          "Langkah 13 hanya ada bila back office berkoordinasi dengan unit utama.",
                          "Steps 10-15 of SOP 003 are timed from each handover between front "
                          "office and back office, against the service's standard time. "
                          "Deviation: a step longer than its standard (the SOP counts every "
                          "deviation as a failure). Step 13 exists only when back office "
                          "coordinated with the unit utama."),
    "report.skm.none": _t("Belum ada responden SKM pada periode ini.",
                          "No SKM respondents in this period."),
    "report.chart.per_day": _t("Tiket per hari", "Tickets per day"),
    "report.chart.per_month": _t("Tiket per bulan", "Tickets per month"),
    "report.chart.per_hour": _t("Tiket per jam kedatangan", "Tickets per hour"),
    "report.chart.wait": _t("Waktu tunggu (menit): rata-rata, P90 dan target",
                            "Waiting time (minutes): mean, P90 and target"),
    "report.chart.nrr": _t("NRR per unsur (skala 1-4); garis putus-putus: batas bawah mutu B "
                           "(3,0644)",
                           "NRR per element (1-4); dashed line: lower bound of grade B (3.0644)"),
    "report.chart.per_service": _t("Tiket per layanan", "Tickets per service"),
    # export columns
    "report.col.day": _t("Tanggal", "Date"),
    "report.col.number": _t("Nomor", "Number"),
    "report.col.service": _t("Kode layanan", "Service code"),
    "report.col.service_name": _t("Layanan", "Service"),
    "report.col.channel": _t("Kanal", "Channel"),
    "report.col.priority": _t("Prioritas", "Priority"),
    "report.col.state": _t("Status", "State"),
    "report.col.outcome": _t("Hasil", "Outcome"),
    "report.col.issued_at": _t("Waktu ambil tiket", "Issued at"),
    "report.col.first_called_at": _t("Panggilan pertama", "First call"),
    "report.col.serving_at": _t("Mulai dilayani", "Service start"),
    "report.col.finished_at": _t("Selesai", "Finished"),
    "report.col.wait_min": _t("Waktu tunggu (menit)", "Waiting (min)"),
    "report.col.service_min": _t("Waktu layanan (menit)", "Service (min)"),
    "report.col.counter": _t("Loket", "Counter"),
    "report.col.officer": _t("Petugas", "Officer"),
    "report.col.transfers": _t("Dialihkan", "Transfers"),
    "report.col.ticket": _t("Nomor tiket", "Ticket"),
    "report.col.visitor_name": _t("Nama", "Name"),
    "report.col.institution": _t("Instansi", "Institution"),
    "report.col.region_name": _t("Kabupaten/Kota", "Regency/City"),
    "report.col.phone": _t("Telepon", "Phone"),
    "report.col.email": _t("Surel", "E-mail"),
    "report.col.id_number": _t("NIK/NIP (disamarkan)", "NIK/NIP (masked)"),
    "report.col.on_behalf_of": _t("Mewakili", "On behalf of"),
    "report.col.letter_type": _t("Jenis surat", "Letter type"),
    "report.col.letter_number": _t("Nomor surat", "Letter number"),
    "report.col.topic": _t("Topik", "Topic"),
    "report.col.question": _t("Pertanyaan", "Question"),
    "report.col.answer": _t("Jawaban", "Answer"),
    "report.col.online_ref": _t("Nomor permohonan daring", "Online request no."),
    "report.col.case_state": _t("Status eskalasi", "Case state"),
    "report.col.case_due": _t("Batas waktu eskalasi", "Case due date"),
    "report.col.u1": _t("U1", "U1"),
    "report.col.u2": _t("U2", "U2"),
    "report.col.u3": _t("U3", "U3"),
    "report.col.u4": _t("U4", "U4"),
    "report.col.u5": _t("U5", "U5"),
    "report.col.u6": _t("U6", "U6"),
    "report.col.u7": _t("U7", "U7"),
    "report.col.u8": _t("U8", "U8"),
    "report.col.u9": _t("U9", "U9"),
    "report.sheet.tickets": _t("Tiket", "Tickets"),
    "report.sheet.register": _t("Register", "Register"),
    "report.sheet.skm": _t("SKM", "SKM"),
    "report.sheet.sop": _t("Langkah SOP", "SOP steps"),
    "report.col.sop_step": _t("Langkah SOP 003", "SOP 003 step"),
    "report.col.sop_step_name": _t("Uraian langkah", "Step"),
    "report.col.standard_min": _t("Mutu baku (menit)", "Standard (min)"),
    "report.col.steps": _t("Jumlah", "Count"),
    "report.col.mean_min": _t("Rata-rata (menit)", "Mean (min)"),
    "report.col.median_min": _t("Median (menit)", "Median (min)"),
    "report.col.p90_min": _t("P90 (menit)", "P90 (min)"),
    "report.col.within": _t("Sesuai mutu baku", "Within standard"),
    "report.col.over": _t("Penyimpangan", "Deviations"),
    "report.yes": _t("Ya", "Yes"),
    "report.no": _t("Tidak", "No"),
    # CLI
    "report.cli.written": _t("Laporan ditulis ke {path}", "Report written to {path}"),
    "report.error.bad_date": _t("Tanggal {value} tidak dikenal; tulis sebagai TTTT-BB-HH, "
                                "misalnya 2025-12-01.",
                                "Date {value} is not understood; write it as YYYY-MM-DD, e.g. "
                                "2025-12-01."),
    "report.error.bad_format": _t("Format {format} tidak dikenal; pilih salah satu: {known}.",
                                  "Format {format} is not known; choose one of: {known}."),
    "report.error.cannot_write": _t("Laporan tidak dapat ditulis ke {path}; periksa folder dan "
                                    "izin tulisnya.",
                                    "The report cannot be written to {path}; check the folder and "
                                    "its permissions."),
}
