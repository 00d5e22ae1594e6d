"""Texts of the reports (PDF, CSV/XLSX headers) and the ``report`` command."""

TEXTS = {
    "report.title": {"id": "LAPORAN PELAYANAN UNIT LAYANAN TERPADU",
                     "en": "INTEGRATED SERVICE UNIT REPORT"},
    "report.period": {"id": "Periode: {start} s.d. {end}", "en": "Period: {start} to {end}"},
    "report.generated": {"id": "Dibuat: {when}", "en": "Generated: {when}"},
    "report.page": {"id": "Halaman {n}", "en": "Page {n}"},
    "report.none": {"id": "Tidak ada data pada periode ini.", "en": "No data in this period."},
    # sections
    "report.s.summary": {"id": "1. Ringkasan", "en": "1. Summary"},
    "report.s.per_day": {"id": "2. Pengunjung per Hari", "en": "2. Visitors per Day"},
    "report.s.per_service": {"id": "3. Pengunjung per Layanan", "en": "3. Visitors per Service"},
    "report.s.channel_hour": {"id": "4. Kanal Layanan dan Jam Kedatangan",
                              "en": "4. Channels and Hour of Arrival"},
    "report.s.times": {"id": "5. Waktu Tunggu dan Waktu Layanan terhadap Standar Pelayanan",
                       "en": "5. Waiting and Service Times against the Service Standard"},
    "report.s.desks": {"id": "6. Kinerja per Loket dan Petugas",
                       "en": "6. Performance per Counter and Officer"},
    "report.s.escalations": {"id": "7. Eskalasi dan Tindak Lanjut",
                             "en": "7. Escalations and Follow-up"},
    "report.s.skm": {"id": "8. Survei Kepuasan Masyarakat (SKM)",
                     "en": "8. Public Satisfaction Survey (SKM)"},
    # summary labels
    "report.k.visits": {"id": "Total kunjungan (semua kanal)", "en": "Total visits (all channels)"},
    "report.k.tickets": {"id": "Tiket antrean diterbitkan", "en": "Queue tickets issued"},
    "report.k.served": {"id": "Dilayani", "en": "Served"},
    "report.k.priority": {"id": "Pengunjung prioritas (kelompok rentan)",
                          "en": "Priority visitors (vulnerable groups)"},
    "report.k.no_show": {"id": "Tidak hadir saat dipanggil", "en": "No-shows"},
    "report.k.cancelled": {"id": "Dibatalkan", "en": "Cancelled"},
    "report.k.unfinished": {"id": "Belum selesai", "en": "Unfinished"},
    "report.k.escalated": {"id": "Eskalasi", "en": "Escalations"},
    "report.k.transferred": {"id": "Dialihkan", "en": "Transferred"},
    "report.k.wait_mean": {"id": "Rata-rata waktu tunggu", "en": "Mean waiting time"},
    "report.k.service_mean": {"id": "Rata-rata waktu layanan", "en": "Mean service time"},
    "report.k.respondents": {"id": "Responden SKM", "en": "SKM respondents"},
    "report.k.ikm": {"id": "IKM", "en": "IKM"},
    # column headers
    "report.c.day": {"id": "Tanggal", "en": "Date"},
    "report.c.tickets": {"id": "Tiket", "en": "Tickets"},
    "report.c.priority": {"id": "Prioritas", "en": "Priority"},
    "report.c.served": {"id": "Dilayani", "en": "Served"},
    "report.c.no_show": {"id": "Tidak hadir", "en": "No-show"},
    "report.c.cancelled": {"id": "Batal", "en": "Cancelled"},
    "report.c.escalated": {"id": "Eskalasi", "en": "Escalated"},
    "report.c.phone": {"id": "Telepon", "en": "Phone"},
    "report.c.online": {"id": "Daring", "en": "Online"},
    "report.c.total": {"id": "Jumlah", "en": "Total"},
    "report.c.service": {"id": "Layanan", "en": "Service"},
    "report.c.channel": {"id": "Kanal", "en": "Channel"},
    "report.c.share": {"id": "Persentase", "en": "Share"},
    "report.c.hour": {"id": "Jam", "en": "Hour"},
    "report.c.target": {"id": "Target", "en": "Target"},
    "report.c.count": {"id": "n", "en": "n"},
    "report.c.mean": {"id": "Rata-rata", "en": "Mean"},
    "report.c.median": {"id": "Median", "en": "Median"},
    "report.c.p90": {"id": "P90", "en": "P90"},
    "report.c.met": {"id": "Memenuhi", "en": "Met"},
    "report.c.counter": {"id": "Loket", "en": "Counter"},
    "report.c.officer": {"id": "Petugas", "en": "Officer"},
    "report.c.opened": {"id": "Dibuka", "en": "Opened"},
    "report.c.on_time": {"id": "Selesai tepat waktu", "en": "Resolved on time"},
    "report.c.late": {"id": "Selesai terlambat", "en": "Resolved late"},
    "report.c.open": {"id": "Dalam proses", "en": "In progress"},
    "report.c.overdue": {"id": "Lewat batas waktu", "en": "Overdue"},
    "report.c.element": {"id": "Unsur Pelayanan", "en": "Service element"},
    "report.c.nrr": {"id": "NRR", "en": "NRR"},
    "report.c.nrr_conv": {"id": "Nilai konversi", "en": "Converted"},
    "report.c.respondents": {"id": "Responden", "en": "Respondents"},
    "report.c.mutu": {"id": "Mutu", "en": "Grade"},
    "report.c.kinerja": {"id": "Kinerja", "en": "Performance"},
    "report.all_services": {"id": "Semua layanan", "en": "All services"},
    "report.total": {"id": "Jumlah", "en": "Total"},
    "report.channel.walk_in": {"id": "Datang langsung", "en": "Walk-in"},
    "report.channel.phone": {"id": "Telepon", "en": "Phone"},
    "report.channel.online": {"id": "Daring (online)", "en": "Online"},
    "report.t.wait": {"id": "Waktu tunggu (menit)", "en": "Waiting time (minutes)"},
    "report.t.service": {"id": "Waktu layanan (menit)", "en": "Service time (minutes)"},
    "report.minutes": {"id": "mnt", "en": "min"},
    "report.days": {"id": "hari kerja", "en": "working days"},
    # explanatory lines
    "report.note.times": {
        "id": "Waktu tunggu: dari tiket diambil sampai panggilan pertama. Waktu layanan: dari "
              "mulai dilayani sampai selesai. Dalam menit; P90 = 90% pengunjung tidak lebih "
              "lama dari nilai ini; Memenuhi = bagian yang tidak melebihi target layanan.",
        "en": "Waiting time: from taking the ticket to the first call. Service time: from the "
              "start of service to its end. In minutes; P90 = 90% of visitors took no longer; "
              "Met = share within the service's target."},
    "report.note.priority": {
        "id": "Rata-rata waktu tunggu pengunjung prioritas {p} menit (n = {pn}), "
              "pengunjung lain {o} menit (n = {on}).",
        "en": "Mean waiting time of priority visitors {p} minutes (n = {pn}), "
              "other visitors {o} minutes (n = {on})."},
    "report.note.escalations": {
        "id": "Batas waktu penyelesaian dihitung dalam hari kerja dari target layanan (hari "
              "libur nasional dan cuti bersama tidak dihitung), per {today}.",
        "en": "Due dates are counted in working days from the service's target (national "
              "holidays and collective leave excluded), as of {today}."},
    "report.note.skm": {
        "id": "Menurut PermenPANRB No. 14 Tahun 2017: NRR = jumlah nilai per unsur / jumlah "
              "jawaban; IKM = (jumlah NRR x 1/9) x 25.",
        "en": "Per PermenPANRB 14/2017: NRR = sum of scores per element / number of answers; "
              "IKM = (sum of NRR x 1/9) x 25."},
    "report.skm.result": {
        "id": "IKM {ikm} - Mutu {mutu} ({kinerja}), {n} responden",
        "en": "IKM {ikm} - Grade {mutu} ({kinerja}), {n} respondents"},
    "report.skm.none": {"id": "Belum ada responden SKM pada periode ini.",
                        "en": "No SKM respondents in this period."},
    "report.chart.per_day": {"id": "Tiket per hari", "en": "Tickets per day"},
    "report.chart.per_hour": {"id": "Tiket per jam kedatangan", "en": "Tickets per hour"},
    "report.chart.wait": {"id": "Waktu tunggu (menit): rata-rata, P90 dan target",
                          "en": "Waiting time (minutes): mean, P90 and target"},
    "report.chart.nrr": {"id": "NRR per unsur (skala 1-4)", "en": "NRR per element (1-4)"},
    # CLI
    "report.cli.help": {"id": "buat laporan PDF, CSV atau XLSX untuk satu periode",
                        "en": "make a PDF, CSV or XLSX report for a period"},
    "report.cli.written": {"id": "Laporan ditulis ke {path}", "en": "Report written to {path}"},
    "report.error.bad_date": {
        "id": "Tanggal {value} tidak dikenal; tulis sebagai TTTT-BB-HH, misalnya 2025-12-01.",
        "en": "Date {value} is not understood; write it as YYYY-MM-DD, e.g. 2025-12-01."},
    "report.error.cannot_write": {
        "id": "Laporan tidak dapat ditulis ke {path}; periksa folder dan izin tulisnya.",
        "en": "The report cannot be written to {path}; check the folder and its permissions."},
}
