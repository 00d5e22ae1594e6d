"""Texts of the SKM cycle: respondent profile, paper entry, the SKM report,
follow-up plan, poster and the lobby display slot."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- profile (PermenPANRB 14/2017, part two) ---------------------------------------
    "skm.profile.gender": _t("Jenis kelamin", "Gender"),
    "skm.profile.age_band": _t("Usia", "Age"),
    "skm.profile.education": _t("Pendidikan terakhir", "Education"),
    "skm.profile.occupation": _t("Pekerjaan", "Occupation"),
    "skm.profile.gender.l": _t("Laki-laki", "Male"),
    "skm.profile.gender.p": _t("Perempuan", "Female"),
    "skm.profile.age_band.u20": _t("< 20 tahun", "under 20"),
    "skm.profile.age_band.20_29": _t("20–29 tahun", "20–29"),
    "skm.profile.age_band.30_39": _t("30–39 tahun", "30–39"),
    "skm.profile.age_band.40_49": _t("40–49 tahun", "40–49"),
    "skm.profile.age_band.50_59": _t("50–59 tahun", "50–59"),
    "skm.profile.age_band.60p": _t("60 tahun ke atas", "60 or over"),
    "skm.profile.education.sd": _t("SD", "Primary (SD)"),
    "skm.profile.education.smp": _t("SMP", "Junior high (SMP)"),
    "skm.profile.education.sma": _t("SMA/SMK", "Senior high (SMA/SMK)"),
    "skm.profile.education.d1_d3": _t("D1–D3", "Diploma (D1–D3)"),
    "skm.profile.education.d4_s1": _t("D4/S1", "Bachelor (D4/S1)"),
    "skm.profile.education.s2": _t("S2", "Master (S2)"),
    "skm.profile.education.s3": _t("S3", "Doctorate (S3)"),
    "skm.profile.occupation.pns": _t("PNS/ASN", "Civil servant (PNS/ASN)"),
    "skm.profile.occupation.tni_polri": _t("TNI/Polri", "Military / police"),
    "skm.profile.occupation.swasta": _t("Pegawai swasta", "Private employee"),
    "skm.profile.occupation.wirausaha": _t("Wirausaha", "Self-employed"),
    "skm.profile.occupation.guru": _t("Guru/tenaga kependidikan", "Teacher / education staff"),
    "skm.profile.occupation.lainnya": _t("Lainnya", "Other"),
    "skm.profile.gender.x": _t("Tidak ingin menjawab", "Prefer not to say"),
    "skm.profile.age_band.x": _t("Tidak ingin menjawab", "Prefer not to say"),
    "skm.profile.education.x": _t("Tidak ingin menjawab", "Prefer not to say"),
    "skm.profile.occupation.x": _t("Tidak ingin menjawab", "Prefer not to say"),
    "skm.profile.not_asked": _t("Tidak ditanyakan", "Not asked"),
    "skm.profile.merged": _t("Lainnya (digabung, < {n} responden)",
                             "Other (merged, < {n} respondents)"),
    "skm.period.year": _t("Tahun {year}", "Year {year}"),
    "skm.period.semester": _t("Semester {semester} Tahun {year}", "Semester {semester} {year}"),
    "skm.source.kiosk": _t("Anjungan", "Kiosk"),
    "skm.source.tablet": _t("Tablet", "Tablet"),
    "skm.source.paper": _t("Kuesioner kertas", "Paper questionnaire"),
    "skm.source.phone": _t("Telepon", "Phone"),
    "skm.source.online": _t("Daring", "Online"),
    "skm.followup.status.planned": _t("Direncanakan", "Planned"),
    "skm.followup.status.in_progress": _t("Sedang berjalan", "In progress"),
    "skm.followup.status.done": _t("Selesai", "Done"),
    "skm.followup.status.dropped": _t("Dibatalkan", "Dropped"),
    "skm.error.followup_invalid": _t(
        "Isi tindakan dan pilih unsur yang benar, lalu simpan lagi.",
        "Enter the action and choose a valid unsur, then save again."),
    "skm.error.followup_missing": _t("Rencana tindak lanjut itu sudah tidak ada; muat ulang.",
                                     "That follow-up action no longer exists; reload."),
    # -- survey screen: profile page --------------------------------------------------
    "survey.profile.heading": _t("Tentang Anda", "About you"),
    "survey.profile.hint": _t(
        "Untuk laporan saja, tidak dikaitkan dengan nama atau tiket Anda. "
        "Pilih satu pada setiap baris.",
        "For the report only, never linked to your name or ticket. Choose one in each row."),
    "survey.profile.next": _t("Lanjut ke pertanyaan ›", "On to the questions ›"),
    "survey.profile.missing": _t("Pilih satu jawaban pada setiap baris (boleh \"Tidak ingin "
                                 "menjawab\").",
                                 "Choose one answer in each row (\"Prefer not to say\" is fine)."),
    # -- paper / phone entry -----------------------------------------------------------
    "skm.entry.title": _t("Input kuesioner kertas / telepon", "Enter paper / phone questionnaires"),
    "skm.entry.hint": _t(
        "Keyboard saja: angka 1–4 untuk tiap unsur (kursor pindah sendiri), Tab/Enter untuk "
        "lanjut, Ctrl+S menyimpan dan mengosongkan formulir untuk lembar berikutnya.",
        "Keyboard only: digits 1–4 for each unsur (the cursor moves on), Tab/Enter to go on, "
        "Ctrl+S saves and clears the form for the next sheet."),
    "skm.entry.tab": _t("SKM kertas/telepon", "SKM paper/phone"),
    "skm.entry.source": _t("Sumber", "Source"),
    "skm.entry.service": _t("Layanan", "Service"),
    "skm.entry.month": _t("Bulan (TTTT-BB)", "Month (YYYY-MM)"),
    "skm.entry.sheet": _t("No. lembar", "Sheet no."),
    "skm.entry.no_sheet": _t("Isi nomor lembar yang tertulis pada kuesioner.",
                             "Type the number written on the questionnaire sheet."),
    "skm.entry.suggestion": _t("Saran", "Suggestion"),
    "skm.entry.save": _t("Simpan (Ctrl+S)", "Save (Ctrl+S)"),
    "skm.entry.saved": _t("Lembar tersimpan ({n} dalam sesi ini). Silakan lembar berikutnya.",
                          "Sheet saved ({n} this session). Next sheet, please."),
    "skm.entry.incomplete": _t("Unsur {n} belum diisi; ketik angka 1–4.",
                               "Unsur {n} is empty; type a digit 1–4."),
    "skm.entry.bad_month": _t("Bulan harus berbentuk TTTT-BB, misalnya 2026-03.",
                              "The month must look like YYYY-MM, e.g. 2026-03."),
    "skm.entry.saving": _t("Menyimpan…", "Saving…"),
    # -- admin SKM page ----------------------------------------------------------------
    "admin.nav.skm": _t("SKM", "SKM"),
    "admin.skm.heading": _t("Survei Kepuasan Masyarakat", "Public Satisfaction Survey"),
    "admin.skm.period": _t("Periode", "Period"),
    "admin.skm.whole_year": _t("Setahun", "Whole year"),
    "admin.skm.semester1": _t("Semester I", "Semester I"),
    "admin.skm.semester2": _t("Semester II", "Semester II"),
    "admin.skm.report_pdf": _t("Buat laporan SKM (PDF + XLSX)…", "Make the SKM report (PDF + XLSX)…"),
    "admin.skm.poster": _t("Buat poster dan terbitkan…", "Make the poster and publish…"),
    "admin.skm.working": _t("Menyusun laporan…", "Building the report…"),
    "admin.skm.written": _t("Tersimpan: {path}", "Saved: {path}"),
    "admin.skm.published": _t("Hasil {period} diterbitkan; poster tersimpan: {path}",
                              "Result of {period} published; poster saved: {path}"),
    "admin.skm.summary": _t("{period}: {n} responden, IKM {ikm} (mutu {mutu})",
                            "{period}: {n} respondents, IKM {ikm} (grade {mutu})"),
    "admin.skm.summary_none": _t("{period}: belum ada jawaban survei.",
                                 "{period}: no survey answers yet."),
    "admin.skm.publish_open": _t(
        "{period} belum berakhir; terbitkan hasilnya setelah periode ditutup.",
        "{period} has not ended; publish its result once the period is closed."),
    "admin.skm.publish_small": _t(
        "Hasil {period} tidak dapat diterbitkan: ada bulan dengan kurang dari {n} responden.",
        "The result of {period} cannot be published: a month has fewer than {n} "
        "respondents."),
    "admin.skm.publish_none": _t(
        "Belum ada jawaban survei pada {period}; tidak ada yang diterbitkan.",
        "No survey answers in {period}; nothing was published."),
    "admin.skm.summary_open": _t(
        "{period}: {n} responden; IKM diumumkan setelah periode berakhir.",
        "{period}: {n} respondents; the IKM is published once the period has ended."),
    "admin.skm.summary_small": _t(
        "{period}: {n} responden; IKM tidak ditampilkan karena ada bulan dengan kurang dari "
        "{min} responden.",
        "{period}: {n} respondents; no IKM shown because a month has fewer than {min} "
        "respondents."),
    "admin.skm.display": _t("Tampilkan hasil terbit di layar ruang tunggu",
                            "Show the published result on the lobby display"),
    "admin.skm.min_group": _t("Ukuran kelompok minimum", "Minimum group size"),
    "admin.skm.followups": _t("Rencana tindak lanjut", "Follow-up plan"),
    "admin.skm.add_followup": _t("Tambah tindakan", "Add action"),
    "admin.skm.save_followup": _t("Simpan tindakan", "Save action"),
    "admin.skm.delete_followup": _t("Hapus", "Delete"),
    "admin.skm.col.element": _t("Unsur", "Unsur"),
    "admin.skm.col.action": _t("Tindakan", "Action"),
    "admin.skm.col.owner": _t("Penanggung jawab", "Owner"),
    "admin.skm.col.target": _t("Target", "Target"),
    "admin.skm.col.status": _t("Status", "Status"),
    "admin.skm.entry": _t("Input kuesioner kertas/telepon…", "Enter paper/phone sheets…"),
    # -- report ------------------------------------------------------------------------
    "skmr.title": _t("Laporan Survei Kepuasan Masyarakat", "Public Satisfaction Survey Report"),
    "skmr.basis": _t("Disusun menurut PermenPANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan "
                     "Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik.",
                     "Prepared according to PermenPANRB 14/2017 on public satisfaction surveys."),
    "skmr.s.summary": _t("1. Ringkasan hasil", "1. Summary"),
    "skmr.s.sample": _t("2. Responden dan sampel", "2. Respondents and sample"),
    "skmr.s.profile": _t("3. Profil responden", "3. Respondent profile"),
    "skmr.s.elements": _t("4. Nilai per unsur", "4. Score per unsur"),
    "skmr.s.services": _t("5. Hasil per layanan", "5. Result per service"),
    "skmr.s.trend": _t("6. Perkembangan dari periode sebelumnya", "6. Trend against earlier periods"),
    "skmr.s.suggestions": _t("7. Saran dan masukan responden", "7. Respondents' suggestions"),
    "skmr.s.followup": _t("8. Rencana tindak lanjut", "8. Follow-up plan"),
    "skmr.ikm": _t("Indeks Kepuasan Masyarakat (IKM)", "Public Satisfaction Index (IKM)"),
    "skmr.mutu": _t("Mutu pelayanan", "Service grade"),
    "skmr.kinerja": _t("Kinerja unit pelayanan", "Performance"),
    "skmr.respondents": _t("Jumlah responden", "Respondents"),
    "skmr.served": _t("Jumlah orang dilayani (populasi)", "People served (population)"),
    "skmr.min_sample": _t("Sampel minimum (Krejcie & Morgan)", "Minimum sample (Krejcie & Morgan)"),
    "skmr.sample_ok": _t("Memenuhi", "Sufficient"),
    "skmr.sample_short": _t("KURANG {n}", "SHORT BY {n}"),
    "skmr.sample_status": _t("Kecukupan sampel", "Sample"),
    "skmr.sample_note_ok": _t(
        "Jumlah responden memenuhi sampel minimum Krejcie & Morgan untuk jumlah orang yang "
        "dilayani pada periode ini.",
        "The respondents reach the Krejcie & Morgan minimum for the people served."),
    "skmr.sample_note_short": _t(
        "PERHATIAN: jumlah responden ({n}) belum memenuhi sampel minimum ({min}) untuk {pop} "
        "orang yang dilayani; hasil belum dapat dianggap mewakili dan survei perlu diperluas.",
        "WARNING: the respondents ({n}) do not reach the minimum sample ({min}) for {pop} "
        "people served; the result is not yet representative and the survey must reach more "
        "people."),
    "skmr.sample_formula": _t(
        "Populasi = tiket dilayani (selesai/eskalasi) + catatan telepon dan daring pada "
        "periode. Sampel minimum s = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P)), X² = 3,841, "
        "P = 0,5, d = 0,05, dibulatkan seperti tabel Krejcie & Morgan.",
        "Population = served tickets (done/escalated) + phone and online records of the "
        "period. Minimum sample s = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P)), X² = 3.841, P = 0.5, "
        "d = 0.05, rounded as in the Krejcie & Morgan table."),
    "skmr.col.service": _t("Layanan", "Service"),
    "skmr.col.respondents": _t("Responden", "Respondents"),
    "skmr.col.served": _t("Dilayani", "Served"),
    "skmr.col.min": _t("Sampel min.", "Min. sample"),
    "skmr.col.status": _t("Kecukupan", "Sample"),
    "skmr.col.band": _t("Kelompok", "Group"),
    "skmr.col.count": _t("Jumlah", "Count"),
    "skmr.col.share": _t("%", "%"),
    "skmr.col.element": _t("Unsur pelayanan", "Unsur"),
    "skmr.col.nrr": _t("NRR", "NRR"),
    "skmr.col.nrr_w": _t("NRR × 1/9", "NRR × 1/9"),
    "skmr.col.ikm_unsur": _t("Nilai (×25)", "Score (×25)"),
    "skmr.col.mutu": _t("Mutu", "Grade"),
    "skmr.col.ikm": _t("IKM", "IKM"),
    "skmr.col.period": _t("Periode", "Period"),
    "skmr.col.change": _t("Perubahan", "Change"),
    "skmr.col.action": _t("Tindakan", "Action"),
    "skmr.col.owner": _t("Penanggung jawab", "Owner"),
    "skmr.col.target": _t("Target", "Target"),
    "skmr.col.fstatus": _t("Status", "Status"),
    "skmr.col.moved": _t("NRR sebelum → sekarang", "NRR before → now"),
    "skmr.total": _t("Jumlah", "Total"),
    "skmr.weakest": _t("Tiga unsur terendah: {list}.", "Three weakest unsur: {list}."),
    "skmr.ikm_formula": _t(
        "NRR = jumlah nilai unsur / jumlah responden; IKM = (Σ NRR × 1/9) × 25.",
        "NRR = sum of scores / respondents; IKM = (Σ NRR × 1/9) × 25."),
    "skmr.merged_note": _t(
        "Kelompok dengan kurang dari {n} responden digabung ke \"Lainnya\" agar tidak ada "
        "responden yang dapat dikenali.",
        "Groups with fewer than {n} respondents are merged into \"Other\" so that no "
        "respondent can be singled out."),
    "skmr.service_withheld": _t("Layanan lain, digabung (kelompok < {n} responden dilindungi)",
                                "Other services, merged (groups < {n} respondents protected)"),
    "skmr.no_answers": _t("Belum ada jawaban survei pada periode ini.",
                          "No survey answers in this period."),
    "skmr.services_withheld": _t(
        "Hasil per layanan tidak ditampilkan: setiap pemisahan akan membuka kelompok dengan "
        "kurang dari {n} responden pada suatu bulan.",
        "No result per service: any split would open a group of fewer than {n} respondents "
        "in some month."),
    "skmr.merged_service": _t("Lainnya (digabung)", "Other (merged)"),
    "skmr.withheld_open": _t(
        "Periode ini belum berakhir. Hasil SKM hanya diumumkan untuk periode yang sudah "
        "ditutup (bulan, semester, tahun), tidak pernah berjalan.",
        "This period has not ended. SKM results are published for closed periods only "
        "(month, semester, year), never to date."),
    "skmr.withheld_small": _t(
        "IKM tidak dicetak: ada bulan dengan kurang dari {n} responden, sehingga jawaban "
        "perorangan dapat dihitung balik dari laporan lain.",
        "IKM not printed: a month has fewer than {n} respondents, so one person's answers "
        "could be worked out from another report."),
    "skmr.no_trend": _t("Belum ada data periode sebelumnya.", "No earlier periods yet."),
    "skmr.no_suggestions": _t("Tidak ada saran tertulis pada periode ini.",
                              "No written suggestions in this period."),
    "skmr.suggestions_note": _t(
        "Saran ditampilkan apa adanya setelah NIK, nomor telepon dan alamat surel disamarkan "
        "(UU 27/2022).",
        "Suggestions are shown as written, with ID numbers, phone numbers and e-mail addresses "
        "masked (UU 27/2022)."),
    "skmr.previous_followups": _t("Tindak lanjut periode sebelumnya ({period})",
                                  "Follow-up from the previous period ({period})"),
    "skmr.current_followups": _t("Rencana tindak lanjut untuk periode ini",
                                 "Follow-up plan for this period"),
    "skmr.no_followups": _t("Belum ada rencana tindak lanjut yang dicatat.",
                            "No follow-up actions recorded yet."),
    "skmr.sign_place": _t("{city}, {date}", "{city}, {date}"),
    "skmr.sign_role": _t("Kepala {office}", "Head of {office}"),
    "skmr.sign_name": _t("(...........................................)",
                         "(...........................................)"),
    "skmr.page": _t("Halaman {n}", "Page {n}"),
    "skmr.generated": _t("Dibuat {when} dengan ULT Desktop", "Made {when} with ULT Desktop"),
    "skmr.cli.written": _t("Laporan SKM tersimpan: {path}", "SKM report saved: {path}"),
    "skmr.cli.bad_out": _t("Nama berkas harus berakhiran .pdf, .xlsx atau .png.",
                           "The file name must end in .pdf, .xlsx or .png."),
    "report.error.need_period": _t(
        "Sebutkan --from, --to dan --out (atau: report skm --year TAHUN --out berkas.pdf).",
        "Give --from, --to and --out (or: report skm --year YEAR --out file.pdf)."),
    "skmr.sheet.answers": _t("Jawaban SKM", "SKM answers"),
    # -- poster --------------------------------------------------------------------------
    "skmp.heading": _t("HASIL SURVEI KEPUASAN MASYARAKAT", "PUBLIC SATISFACTION SURVEY RESULT"),
    "skmp.respondents": _t("{n} responden", "{n} respondents"),
    "skmp.caveat_impossible": _t("TIDAK WAJAR: {n} responden melebihi {served} orang yang "
                                 "dilayani; hasil ini belum dapat dipakai",
                                 "NOT PLAUSIBLE: {n} respondents exceed the {served} people "
                                 "served; this result cannot be used yet"),
    "skmp.caveat_short": _t("Catatan: {n} responden, di bawah sampel minimum {min}; hasil "
                            "belum mewakili seluruh pengguna layanan",
                            "Note: {n} respondents, below the minimum sample of {min}; the "
                            "result does not yet represent all service users"),
    "skmp.mutu": _t("Mutu {mutu} · {kinerja}", "Grade {mutu} · {kinerja}"),
    # the actions are a plan until done: never "what we improved"
    "skmp.actions": _t("Rencana perbaikan", "Planned improvements"),
    "skmp.basis": _t("Survei menurut PermenPANRB Nomor 14 Tahun 2017 · {office}",
                     "Survey under PermenPANRB 14/2017 · {office}"),
    "skmp.thanks": _t("Terima kasih atas penilaian dan masukan Anda.",
                      "Thank you for your ratings and suggestions."),
    # -- lobby display slot --------------------------------------------------------------
    "display.skm.title": _t("Indeks Kepuasan Masyarakat", "Public Satisfaction Index"),
    "display.skm.detail": _t("{period} · {n} responden · Mutu {mutu} ({kinerja})",
                             "{period} · {n} respondents · Grade {mutu} ({kinerja})"),
    "report.col.period": _t("Bulan", "Month"),
    "report.col.source": _t("Sumber", "Source"),
    "report.col.gender": _t("Jenis kelamin", "Gender"),
    "report.col.age_band": _t("Usia", "Age"),
    "report.col.education": _t("Pendidikan", "Education"),
    "report.col.occupation": _t("Pekerjaan", "Occupation"),
    "report.col.suggestion": _t("Saran", "Suggestion"),
    # -- the survey that cannot be stuffed or unmasked; paper sheets ----
    "settings.skm_answer_days": _t("Batas hari pengisian survei setelah kunjungan",
                                   "Days after the visit the survey may be answered"),
    "skm.error.not_survey_station": _t(
        "Jawaban survei hanya diterima dari kios atau tablet survei yang terdaftar; "
        "kuesioner kertas/telepon diinput lewat tab SKM kertas/telepon.",
        "Survey answers are taken only from a registered kiosk or survey tablet; paper "
        "and phone questionnaires go through the SKM paper/phone tab."),
    "skm.error.too_late": _t(
        "Survei untuk tiket {number} sudah ditutup: survei dapat diisi paling lambat "
        "{days} hari setelah kunjungan.",
        "The survey for ticket {number} is closed: it can be answered up to {days} days "
        "after the visit."),
    "skm.error.suggestion_too_long": _t(
        "Saran terlalu panjang ({length} karakter); paling banyak {limit} karakter.",
        "The suggestion is too long ({length} characters); at most {limit}."),
    "skm.error.beyond_served": _t(
        "Lembar tidak disimpan: {service} bulan {period} sudah punya {answered} jawaban untuk "
        "{served} orang yang dilayani. Periksa layanan dan bulan pada lembar.",
        "Sheet not saved: {service} in {period} already has {answered} answers for {served} "
        "people served. Check the service and month on the sheet."),
    "skm.error.sheet_number": _t("Nomor lembar kuesioner tidak sah: {sheet}.",
                                 "Not a valid questionnaire sheet number: {sheet}."),
    "skm.error.sheet_used": _t(
        "Lembar kuesioner nomor {sheet} untuk {period} sudah diinput.",
        "Questionnaire sheet {sheet} of {period} was already entered."),
    "skm.error.text_too_long": _t(
        "{what} terlalu panjang ({length} karakter); paling banyak {limit} karakter.",
        "{what} is too long ({length} characters); at most {limit}."),
    "skm.report.over_served": _t(
        "Peringatan: jumlah responden ({respondents}) melebihi jumlah orang yang dilayani "
        "({served}) pada {services}; sampel tidak dapat dinyatakan memenuhi.",
        "Warning: respondents ({respondents}) exceed the people served ({served}) for "
        "{services}; the sample cannot be called sufficient."),
    "skm.report.sources": _t(
        "Sumber: {electronic} elektronik (kios/tablet), {paper} kertas/telepon.",
        "Sources: {electronic} electronic (kiosk/tablet), {paper} paper/phone."),
    "skm.report.suggestions_more": _t(
        "… dan {n} saran lainnya (lihat berkas XLSX).",
        "… and {n} more suggestions (see the XLSX file)."),
    "limit.service_name": _t("Nama layanan", "The service name"),
    "limit.description": _t("Keterangan", "The description"),
    "limit.counter_name": _t("Nama loket", "The counter name"),
    "limit.officer_name": _t("Nama petugas", "The officer name"),
    "limit.username": _t("Nama pengguna", "The user name"),
    "limit.station": _t("Nama stasiun", "The station label"),
    "skmr.sample_impossible": _t("TIDAK WAJAR", "IMPOSSIBLE"),
    "purge.exports_deleted": _t(
        "{n} berkas ekspor/laporan periode yang dihapus ikut dihapus.",
        "{n} exported files of the purged period were deleted too."),
    "purge.exports_warning": _t(
        "PERHATIAN: {n} berkas ekspor/laporan mencakup periode yang dihapus dan masih "
        "memuat data pribadi di luar jangkauan aplikasi; hapus berkas berikut:",
        "WARNING: {n} exported files cover the purged period and still hold personal data "
        "the app cannot reach; delete these files:"),
    "report.skm.withheld": _t(
        "Hasil SKM periode ini tidak ditampilkan: ada bulan dengan kurang dari {n} "
        "responden, sehingga jawaban satu orang dapat dihitung balik.",
        "The SKM result of this period is not shown: a month has fewer than {n} "
        "respondents, so one person's answers could be worked out."),
    "report.skm.open_month": _t(
        "Jawaban SKM bulan berjalan belum dihitung; hasil SKM hanya untuk bulan yang sudah "
        "ditutup.",
        "SKM answers of the running month are not counted; SKM results are for closed "
        "months only."),
    "cli.opt.station-key.role": _t(
        "approve: peran yang diberikan (bawaan: layar, yang paling sedikit wewenangnya); "
        "permintaan stasiun hanya sebagai keterangan",
        "approve: the role granted (default: display, the least); what the station asked "
        "for is information only"),
}
