"""Texts of the admin screens and of the survey (tablet) mode."""


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


TEXTS = {
    # -- window and login ----------------------------------------------------------------
    "admin.title": _t("ULT Desktop: Admin", "ULT Desktop: Admin"),
    "admin.login.heading": _t("Masuk sebagai admin atau pimpinan (laporan)",
                              "Sign in as admin, or as the head of office (reports)"),
    "admin.login.username": _t("Nama pengguna", "Username"),
    "admin.profile.head_title": _t("Jabatan pimpinan", "Head of office, title"),
    "admin.profile.head_name": _t("Nama pimpinan", "Head of office, name"),
    "admin.profile.head_nip": _t("NIP pimpinan", "Head of office, NIP"),
    "admin.login.pin": _t("PIN", "PIN"),
    "admin.login.submit": _t("Masuk", "Sign in"),
    "admin.login.checking": _t("Memeriksa…", "Checking…"),
    "admin.login.wrong": _t("Nama pengguna atau PIN salah; periksa lalu coba lagi.",
                            "Wrong username or PIN; check them and try again."),
    "admin.login.empty": _t("Isi nama pengguna dan PIN.", "Enter your username and PIN."),
    "admin.error.not_admin": _t(
        "Halaman ini untuk admin dan pimpinan; masuk dengan akun admin atau pimpinan.",
        "This screen is for admins and the head of office; sign in with such an account."),
    "admin.error.not_admin_station": _t(
        "PC ini bukan stasiun admin yang terdaftar di jejak audit; perintah dan halaman admin "
        "hanya dijalankan di PC admin.",
        "This PC is not an admin station registered in the audit trail; admin commands and "
        "pages run only on the admin PC."),
    "admin.error.last_admin": _t(
        "Harus ada minimal satu admin aktif; tambahkan admin lain terlebih dahulu.",
        "At least one active admin must remain; add another admin first."),
    "admin.error.promote_pin": _t(
        "Admin memerlukan PIN baru minimal {min} digit: isi 'PIN baru' lalu simpan lagi.",
        "An admin needs a new PIN of at least {min} digits: type it in 'New PIN' and save "
        "again."),
    "admin.error.retention_months": _t(
        "Masa simpan minimal 1 bulan; isi angka yang lebih besar.",
        "Keep data for at least 1 month; enter a larger number."),
    "admin.error.restore_same": _t(
        "Berkas itu adalah basis data kantor yang sedang dipakai; pilih berkas cadangan.",
        "That file is the office database in use; choose a backup file."),
    "admin.logout": _t("Keluar", "Sign out"),
    "admin.signed_in": _t("Masuk sebagai {name}", "Signed in as {name}"),
    "admin.save": _t("Simpan", "Save"),
    "admin.saved": _t("Tersimpan.", "Saved."),
    "admin.saving": _t("Menyimpan…", "Saving…"),
    "admin.loading": _t("Memuat…", "Loading…"),
    "admin.new": _t("Baru", "New"),
    "admin.browse": _t("Pilih berkas…", "Choose file…"),
    "admin.yes": _t("Ya", "Yes"),
    "admin.no": _t("Tidak", "No"),
    "admin.changed_elsewhere": _t(
        "Data ini diubah di stasiun lain; simpan untuk menimpanya atau muat ulang.",
        "This data was changed on another station; save to overwrite it or reload."),
    "admin.reload": _t("Muat ulang", "Reload"),
    # -- navigation ----------------------------------------------------------------------
    "admin.page.profile": _t("Profil kantor", "Office profile"),
    "admin.page.services": _t("Layanan", "Services"),
    "admin.page.counters": _t("Loket", "Counters"),
    "admin.page.officers": _t("Petugas", "Officers"),
    "admin.page.display": _t("Layar & suara", "Display & voice"),
    "admin.page.holidays": _t("Hari libur", "Holidays"),
    "admin.holidays.until": _t("s.d.", "to"),
    "admin.page.standins": _t("Penugasan", "Stand-ins"),
    "admin.counters.outage_reserve": _t("Cadangan nomor saat berkas tak terjangkau",
                                        "Numbers kept for an outage"),
    "admin.counters.no_reserve": _t("tidak ada", "none"),
    "settings.outage_reserve": _t(
        "Nomor per layanan yang disimpan setiap anjungan untuk gangguan panjang berkas "
        "bersama; dipakai hanya setelah nomor biasanya habis. Yang tak terpakai dilepas "
        "esok harinya (tercatat).",
        "Numbers per service each kiosk keeps for a long outage of the shared file; used "
        "only once its usual ones run out. Those unused are released the next day "
        "(recorded)."),
    "admin.stations.journal_error": _t(
        "jurnal di disk PC itu tak bisa ditulis: periksa ruang disk dan antivirusnya",
        "its journal on that PC cannot be written: check its free disk and antivirus"),
    "admin.stations.pending": _t("{n} kejadian belum masuk catatan sejak {since}",
                                 "{n} events not in the record since {since}"),
    "admin.standins.absent": _t("Petugas yang berhalangan", "Absent officer"),
    "admin.standins.standin": _t("Digantikan oleh", "Stand-in"),
    "admin.standins.days": _t("Tanggal", "Days"),
    "admin.standins.letter": _t("Surat {no} tanggal {date}", "Letter {no} of {date}"),
    "admin.standins.letter_no": _t("Nomor surat penugasan", "Assignment letter no."),
    "admin.standins.letter_date": _t("tanggal", "dated"),
    "admin.standins.oral": _t("Lisan (tanpa surat)", "Oral (no letter)"),
    "admin.standins.new": _t("Penugasan baru", "New stand-in"),
    "admin.standins.save": _t("Simpan penugasan", "Save stand-in"),
    "admin.standins.end": _t("Akhiri (petugas sudah kembali)", "End (the officer is back)"),
    "admin.standins.over": _t("selesai", "over"),
    "admin.standins.saved": _t("Tersimpan: {standin} menggantikan {absent}; pekerjaan "
                               "{absent} tampil di layar {standin} selama tanggal itu.",
                               "Saved: {standin} stands in for {absent}; {absent}'s work "
                               "shows on {standin}'s screen on those days."),
    "admin.standins.ended": _t("Penugasan {standin} diakhiri.",
                               "{standin}'s stand-in has ended."),
    "admin.officers.nip": _t("NIP", "NIP"),
    "admin.officers.jabatan": _t("Jabatan", "Position"),
    "admin.officers.unit": _t("Unit / kategori", "Unit / category"),
    "admin.officers.unit_hint": _t("mis. Helpdesk Dapodik, Subbag Umum",
                                   "e.g. Dapodik helpdesk, General affairs"),
    "admin.error.nip": _t("NIP {nip} tidak sah: NIP terdiri dari 18 angka.",
                          "NIP {nip} is not valid: a NIP has 18 digits."),
    "admin.error.standin_letter": _t(
        "Isi nomor dan tanggal surat penugasan, atau centang Lisan.",
        "Type the assignment letter's number and date, or tick Oral."),
    "admin.error.standin_days": _t("Tanggal akhir penugasan tidak boleh sebelum tanggal "
                                   "mulainya.", "A stand-in cannot end before it starts."),
    "admin.error.standin_too_long": _t(
        "Penugasan paling lama {days} hari; catat penugasan baru bila masih diperlukan.",
        "A stand-in lasts at most {days} days; record a new one if it is still needed."),
    "admin.error.standin_not_for": _t(
        "Admin dan pimpinan tidak digantikan lewat penugasan: wewenangnya tidak berpindah.",
        "The admin and the head of office have no stand-ins: their authority does not "
        "pass to another officer."),
    "admin.error.standin_self": _t("Pilih petugas lain sebagai pengganti.",
                                   "Choose another officer as the stand-in."),
    "admin.error.standin_overlap": _t(
        "Petugas itu sudah punya pengganti pada tanggal tersebut; akhiri penugasan itu dulu.",
        "That officer already has a stand-in on those days; end that one first."),
    "admin.error.standin_who": _t("Hanya admin atau pimpinan yang dapat mencatat penugasan.",
                                  "Only the admin or the head of office can record a "
                                  "stand-in."),
    "admin.holidays.add_cuti": _t("Tambah cuti bersama", "Add cuti bersama"),
    "admin.holidays.cuti_name": _t("Cuti bersama", "Cuti bersama"),
    "admin.holidays.cuti_how": _t(
        "Pilih tanggal cuti bersama {year} menurut SKB 3 Menteri (satu hari atau rentang), "
        "lalu Tambah dan Simpan.",
        "Pick the cuti bersama days of {year} from the SKB 3 Menteri (one day or a range), "
        "then Add and Save."),
    "admin.holidays.added_range": _t("{n} hari kerja ditambahkan; periksa lalu Simpan.",
                                     "{n} working days added; check them, then Save."),
    "admin.page.reports": _t("Laporan", "Reports"),
    "admin.page.stations": _t("Stasiun", "Stations"),
    "admin.page.backup": _t("Cadangan & pemulihan", "Backup & restore"),
    "admin.page.retention": _t("Retensi data pribadi", "Personal data retention"),
    "admin.page.audit": _t("Jejak audit", "Audit log"),
    # -- office profile ------------------------------------------------------------------
    "admin.profile.name": _t("Nama kantor", "Office name"),
    "admin.profile.address": _t("Alamat", "Address"),
    "admin.profile.logo": _t("Logo", "Logo"),
    "admin.profile.logo_none": _t("(belum ada logo)", "(no logo)"),
    "admin.profile.logo_remove": _t("Hapus logo", "Remove logo"),
    "admin.profile.logo_bad": _t(
        "Berkas itu bukan gambar; pilih berkas PNG atau JPG.",
        "That file is not a picture; choose a PNG or JPG file."),
    "admin.profile.timezone": _t("Zona waktu", "Time zone"),
    "admin.profile.header": _t("Kepala tiket", "Ticket header"),
    "admin.profile.footer": _t("Kaki tiket", "Ticket footer"),
    "admin.profile.qr": _t("Isi kode QR", "QR content"),
    "admin.profile.qr_hint": _t("{code} diganti kode tiket, mis. https://contoh.go.id/skm?t={code}",
                                "{code} becomes the ticket code, e.g. "
                                "https://example.go.id/skm?t={code}"),
    "admin.profile.qr_bad": _t("Isi kode QR harus memuat {code}; tambahkan lalu simpan.",
                               "The QR content must contain {code}; add it and save."),
    "admin.profile.language": _t("Bahasa utama", "Main language"),
    "admin.profile.languages": _t("Bahasa di anjungan", "Kiosk languages"),
    "admin.profile.languages_bad": _t("Pilih minimal satu bahasa untuk anjungan.",
                                      "Choose at least one kiosk language."),
    "admin.profile.hours": _t("Jam layanan", "Opening hours"),
    "admin.profile.open_days": _t("Hari buka", "Open days"),
    "admin.profile.enforce_hours": _t("Tolak tiket di luar jam layanan",
                                      "Refuse tickets outside opening hours"),
    "admin.profile.survey": _t("Tawarkan survei kepuasan (SKM)",
                               "Offer the satisfaction survey (SKM)"),
    "admin.lang.id": _t("Bahasa Indonesia", "Indonesian"),
    "admin.lang.en": _t("Bahasa Inggris", "English"),
    # -- services ------------------------------------------------------------------------
    "admin.services.basic": _t("Layanan", "Service"),
    "admin.services.standard": _t("Standar Pelayanan", "Service standard"),
    "admin.services.pelaksana": _t("Jumlah pelaksana", "Staff"),
    "admin.services.order_office": _t("Ikuti aturan kantor", "The office's rule"),
    "admin.services.pelaksana_n": _t("{officers} petugas di {counters} loket melayani "
                                     "pengunjungnya dalam 30 hari terakhir (dari antrean)",
                                     "{officers} officers at {counters} counters served its "
                                     "visitors in the last 30 days (from the queue)"),
    "admin.services.pelaksana_none": _t("Belum ada pengunjung yang dilayani dalam 30 hari "
                                        "terakhir", "No visitor served in the last 30 days"),
    "admin.services.schedule": _t("Jadwal, kuota dan loket", "Schedule, quota and counters"),
    "admin.services.prefix": _t("Huruf awalan", "Prefix letter"),
    "admin.services.name": _t("Nama", "Name"),
    "admin.services.name_en": _t("Nama (Inggris)", "Name (English)"),
    "admin.services.color": _t("Warna", "Colour"),
    "admin.services.description": _t("Keterangan", "Description"),
    "admin.services.persyaratan": _t("Persyaratan", "Requirements"),
    "admin.services.prosedur": _t("Prosedur", "Procedure"),
    "admin.services.target_wait": _t("Target waktu tunggu", "Target waiting time"),
    "admin.services.target_service": _t("Target waktu layanan", "Target service time"),
    "admin.services.target_resolution": _t("Jangka waktu penyelesaian",
                                           "Target resolution time"),
    "admin.services.minutes": _t(" menit", " min"),
    "admin.services.workdays": _t(" hari kerja", " working days"),
    "admin.services.biaya": _t("Biaya/tarif", "Cost/fee"),
    "admin.services.produk": _t("Produk layanan", "Service product"),
    "admin.services.pengaduan": _t("Penanganan pengaduan, saran dan masukan",
                                   "Handling of complaints, suggestions and feedback"),
    "admin.services.own_hours": _t("Jam sendiri", "Own hours"),
    "admin.services.quota": _t("Kuota harian", "Daily quota"),
    "admin.services.no_quota": _t("tanpa kuota", "no quota"),
    "admin.services.counters": _t("Dilayani di loket", "Served at counters"),
    "admin.services.active": _t("Aktif (tampil di anjungan)", "On (shown on the kiosk)"),
    "admin.services.order": _t("Urutan", "Order"),
    "admin.services.off": _t("nonaktif", "off"),
    "admin.services.bad_prefix": _t("Huruf awalan harus 1–2 huruf A–Z; perbaiki lalu simpan.",
                                    "The prefix must be 1–2 letters A–Z; fix it and save."),
    "admin.services.bad_name": _t("Isi nama layanan.", "Enter the service name."),
    "admin.services.bad_color": _t("Warna harus berbentuk #RRGGBB, mis. #1565c0.",
                                   "The colour must look like #RRGGBB, e.g. #1565c0."),
    "admin.services.prefix_taken": _t(
        "Awalan {prefix} sudah dipakai layanan lain; pilih huruf lain.",
        "Prefix {prefix} is used by another service; choose another letter."),
    # -- counters ------------------------------------------------------------------------
    "admin.counters.number": _t("Nomor loket", "Counter number"),
    "admin.counters.name": _t("Nama", "Name"),
    "admin.counters.services": _t("Layanan", "Services"),
    "admin.counters.priority": _t("Loket prioritas (kelompok rentan)",
                                  "Priority counter (vulnerable groups)"),
    "admin.counters.priority_short": _t("Prioritas", "Priority"),
    "admin.counters.active": _t("Aktif", "On"),
    "admin.counters.policy": _t("Antrean prioritas", "Priority queue"),
    "admin.counters.policy.first_everywhere": _t("Didahulukan di semua loket",
                                                 "First at every counter"),
    "admin.counters.policy.priority_counter_first": _t(
        "Di loket prioritas (loket lain bila 10 menit belum dipanggil)",
        "At the priority counter (any counter after 10 minutes)"),
    "admin.counters.policy.priority_counter_only": _t("Hanya di loket prioritas",
                                                      "Only at the priority counter"),
    "admin.counters.prefix": _t("Awalan nomor prioritas", "Priority number prefix"),
    "admin.counters.order": _t("Kapan prioritas didahulukan", "When priority goes first"),
    "admin.counters.order.always": _t("Selalu lebih dulu", "Always first"),
    "admin.counters.order.ratio": _t("1 prioritas setelah setiap N nomor umum",
                                     "1 priority after every N regular numbers"),
    "admin.counters.order.after": _t("Menunggu giliran, lebih dulu setelah N menit",
                                     "In turn, first after waiting N minutes"),
    "admin.counters.order_n": _t("N", "N"),
    "admin.counters.route_wait": _t("Tiket yang dikirim ke loket atau petugas menunggu",
                                    "A ticket sent to a counter or an officer waits"),
    "admin.counters.route_wait_suffix": _t(" menit, lalu kembali ke layanannya",
                                           " min, then goes back to its service"),
    "admin.counters.order_shown": _t("Tampil di TV, anjungan, dan tiket: {rule}",
                                     "Shown on the TV, the kiosk and the ticket: {rule}"),
    "admin.counters.none_selected": _t("Pilih minimal satu layanan untuk loket ini.",
                                       "Choose at least one service for this counter."),
    # -- officers ------------------------------------------------------------------------
    "admin.officers.username": _t("Nama pengguna", "Username"),
    "admin.officers.name": _t("Nama lengkap", "Full name"),
    "admin.officers.role": _t("Peran", "Role"),
    "admin.officers.active": _t("Aktif", "Active"),
    "admin.officers.pin": _t("PIN (4–12 angka; admin dan pimpinan minimal 6)",
                             "PIN (4–12 digits; admin and head at least 6)"),
    "admin.officers.new_pin": _t("PIN baru", "New PIN"),
    "admin.officers.reset_pin": _t("Atur ulang PIN", "Reset PIN"),
    "admin.officers.pin_reset": _t("PIN {name} sudah diganti.", "{name}'s PIN was changed."),
    "admin.officers.bad_username": _t(
        "Nama pengguna hanya huruf kecil, angka, titik atau garis bawah.",
        "The username may hold only lower-case letters, digits, dots or underscores."),
    "admin.officers.taken": _t("Nama pengguna {username} sudah dipakai; pilih nama lain.",
                               "Username {username} is taken; choose another."),
    "admin.role.front_office": _t("Front Office", "Front office"),
    "admin.role.back_office": _t("Back Office", "Back office"),
    "admin.role.helpdesk": _t("Helpdesk", "Helpdesk"),
    "admin.role.supervisor": _t("Pimpinan (Kepala / Koordinator ULT)",
                                   "Head (Kepala / ULT coordinator)"),
    "admin.role.admin": _t("Admin", "Admin"),
    # -- display -------------------------------------------------------------------------
    "admin.display.running_text": _t("Teks berjalan", "Running text"),
    "admin.display.voice_pack": _t("Paket suara", "Voice pack"),
    "admin.display.voice_hint": _t("'default' = suara bawaan, 'tts' = suara sistem, "
                                   "atau nama folder rekaman kantor",
                                   "'default' = built-in voice, 'tts' = system voice, or "
                                   "the folder name of the office's recordings"),
    "admin.display.repeat": _t("Ulangi panggilan", "Repeat each call"),
    "admin.display.times": _t(" kali", " times"),
    "admin.display.volume": _t("Volume", "Volume"),
    "admin.display.language": _t("Bahasa panggilan", "Call language"),
    # -- holidays ------------------------------------------------------------------------
    "admin.holidays.year": _t("Tahun", "Year"),
    "admin.holidays.national": _t("Libur nasional dan cuti bersama (otomatis)",
                                  "National holidays and cuti bersama (built in)"),
    "admin.holidays.extra": _t("Libur tambahan kantor (libur daerah, kantor tutup)",
                               "Office's extra days off (local holidays, closures)"),
    "admin.holidays.add": _t("Tambah", "Add"),
    "admin.holidays.remove": _t("Hapus yang dipilih", "Remove selected"),
    "admin.holidays.weekend": _t("{day} jatuh pada akhir pekan; tetap ditambahkan.",
                                 "{day} falls on a weekend; added anyway."),
    # -- stations ------------------------------------------------------------------------
    "admin.stations.id": _t("Stasiun", "Station"),
    "admin.stations.mode": _t("Mode", "Mode"),
    "admin.stations.version": _t("Versi", "Version"),
    "admin.stations.host": _t("Komputer", "Computer"),
    "admin.stations.printer": _t("Printer", "Printer"),
    "admin.stations.seen": _t("Terakhir terlihat", "Last seen"),
    "admin.stations.clock": _t("Selisih jam", "Clock difference"),
    "admin.stations.status": _t("Status", "Status"),
    "admin.stations.online": _t("Aktif", "Online"),
    "admin.stations.offline": _t("Tidak aktif", "Offline"),
    "admin.stations.checking": _t("Memeriksa…", "Checking…"),
    "admin.stations.skew": _t("Jam meleset {minutes} menit", "Clock {minutes} min off"),
    "admin.stations.seconds_ago": _t("{n} detik lalu", "{n} s ago"),
    "admin.stations.minutes_ago": _t("{n} menit lalu", "{n} min ago"),
    "admin.stations.not_yet": _t("belum terlihat", "not seen yet"),
    "admin.morning.never": _t("Cek pagi belum pernah dijalankan; jalankan sebelum loket buka.",
                              "The morning check has not been run; run it before opening."),
    "admin.morning.last": _t("Cek pagi terakhir {when} di {host}: {passed} baik, {failed} perlu "
                             "ditangani.",
                             "Last morning check {when} on {host}: {passed} fine, {failed} to "
                             "fix."),
    "admin.morning.run": _t("Jalankan cek pagi", "Run the morning check"),
    "admin.morning.running": _t("Cek pagi berjalan: folder bersama, setiap stasiun, printer, "
                                "jam, cadangan, disk…",
                                "Morning check running: share, every station, printers, "
                                "clocks, backup, disk…"),
    "admin.morning.done": _t("Cek pagi selesai: {passed} baik, {failed} perlu ditangani (baris "
                             "merah menyebut apa yang harus dilakukan); hasilnya disimpan.",
                             "Morning check done: {passed} fine, {failed} to fix (each red "
                             "line says what to do); the result is kept."),
    "admin.morning.done_not_kept": _t("Cek pagi selesai: {passed} baik, {failed} perlu "
                                      "ditangani; hasilnya tidak tersimpan: basis data tidak "
                                      "dapat ditulis atau kunci PC ini belum terdaftar.",
                                      "Morning check done: {passed} fine, {failed} to fix; "
                                      "not kept: the database cannot be written or this "
                                      "PC's key is not registered."),
    "admin.stations.hint": _t(
        "Status dan selisih jam diukur dari detak stasiun (setiap menit) yang dilihat "
        "komputer ini. Setel jam komputer yang meleset lebih dari 2 menit.",
        "Status and clock difference come from the station heartbeats (every minute) this "
        "computer sees. Set the clock of any computer that is more than 2 minutes off."),
    "admin.printer.none": _t("–", "–"),
    # -- backup, restore -----------------------------------------------------------------
    "admin.backup.heading": _t("Buat cadangan", "Make a backup"),
    "admin.backup.target": _t("Simpan ke", "Save to"),
    "admin.backup.start": _t("Buat cadangan sekarang", "Back up now"),
    "admin.backup.running": _t("Membuat cadangan…", "Backing up…"),
    "admin.backup.done": _t("Cadangan tersimpan: {path}", "Backup saved: {path}"),
    "admin.restore.heading": _t("Pulihkan dari cadangan", "Restore from a backup"),
    "admin.restore.source": _t("Berkas cadangan", "Backup file"),
    "admin.restore.check": _t("Periksa berkas", "Check file"),
    "admin.restore.info": _t(
        "Berkas cadangan sah: {office}, {tickets} tiket, hari terakhir {last}, versi {version}.",
        "Valid backup: {office}, {tickets} tickets, last day {last}, version {version}."),
    "admin.restore.start": _t("Pulihkan…", "Restore…"),
    "admin.restore.confirm": _t(
        "Semua data kantor akan diganti dengan isi cadangan ini. Data sekarang disimpan "
        "sebagai salinan bertanggal di samping berkas kantor. Lanjutkan?",
        "All office data will be replaced by this backup. The current data is kept as a "
        "dated copy next to the office file. Continue?"),
    "admin.restore.running": _t("Memulihkan…", "Restoring…"),
    "admin.restore.done": _t("Data dipulihkan. Data sebelumnya disimpan di {path}",
                             "Data restored. The previous data was kept in {path}"),
    "admin.restore.cancelled": _t("Pemulihan dibatalkan; tidak ada yang diubah.",
                                  "Restore cancelled; nothing was changed."),
    # -- retention -----------------------------------------------------------------------
    "admin.retention.months": _t("Simpan data pribadi selama", "Keep personal data for"),
    "admin.retention.unit": _t(" bulan", " months"),
    "admin.retention.explain": _t(
        "Sesuai UU 27/2022 (Pelindungan Data Pribadi): nama, telepon, surel, NIK/NIP, surat "
        "kuasa, pertanyaan dan jawaban yang lebih tua dari masa simpan dihapus. Jumlah "
        "kunjungan, layanan, kanal, wilayah dan waktu tetap ada untuk laporan.",
        "Under UU 27/2022 (personal data protection): names, phone numbers, e-mails, "
        "NIK/NIP, authority letters, questions and answers older than the period are "
        "removed. Visit counts, services, channels, regions and times stay for reports."),
    "admin.retention.check": _t("Hitung data yang akan dihapus", "Count what would be removed"),
    "admin.retention.due": _t("{n} catatan berisi data pribadi lebih tua dari {months} bulan.",
                              "{n} records hold personal data older than {months} months."),
    "admin.retention.run": _t("Hapus data pribadi lama…", "Remove old personal data…"),
    "admin.retention.confirm": _t(
        "Data pribadi dari {n} catatan akan dihapus permanen. Lanjutkan?",
        "Personal data of {n} records will be removed for good. Continue?"),
    # -- reports -------------------------------------------------------------------------
    "admin.reports.make": _t("Buat laporan", "Make a report"),
    "admin.reports.period": _t("Periode", "Period"),
    "admin.reports.this_month": _t("Bulan ini", "This month"),
    "admin.reports.last_month": _t("Bulan lalu", "Last month"),
    "admin.reports.this_year": _t("Tahun ini", "This year"),
    "admin.reports.format": _t("Jenis berkas", "File type"),
    "admin.reports.format.pdf": _t("Laporan PDF", "PDF report"),
    "admin.reports.format.xlsx": _t("Data Excel (XLSX)", "Excel data (XLSX)"),
    "admin.reports.format.csv": _t("Data CSV", "CSV data"),
    "admin.reports.start": _t("Buat laporan", "Make report"),
    "admin.reports.running": _t("Membuat laporan…", "Making the report…"),
    "admin.reports.open": _t("Buka berkas", "Open file"),
    "admin.reports.ikm": _t("Indeks Kepuasan Masyarakat (IKM) periode ini",
                            "Public satisfaction index (IKM) of this period"),
    "admin.reports.ikm_total": _t("IKM {ikm} · mutu {mutu} ({kinerja}) · {n} responden",
                                  "IKM {ikm} · grade {mutu} ({kinerja}) · {n} respondents"),
    "admin.reports.no_survey": _t("Belum ada survei pada periode ini.",
                                  "No survey responses in this period."),
    "admin.reports.respondents": _t("Responden", "Respondents"),
    "admin.reports.grade": _t("Mutu", "Grade"),
    # -- audit ---------------------------------------------------------------------------
    "admin.audit.filter_admin": _t("Perubahan pengaturan", "Settings changes"),
    "admin.audit.filter_all": _t("Semua kejadian", "All events"),
    "admin.audit.time": _t("Waktu", "Time"),
    "admin.audit.station": _t("Stasiun", "Station"),
    "admin.audit.what": _t("Kejadian", "Event"),
    "admin.audit.detail": _t("Rincian", "Details"),
    "admin.kind.settings_changed": _t("Pengaturan diubah", "Settings changed"),
    "admin.kind.standin_recorded": _t("Penugasan dicatat", "Stand-in recorded"),
    "admin.kind.standin_ended": _t("Penugasan diakhiri", "Stand-in ended"),
    "admin.kind.admin_login": _t("Admin masuk", "Admin signed in"),
    "admin.kind.admin_login_failed": _t("Gagal masuk", "Sign-in refused"),
    "admin.kind.backup_made": _t("Cadangan dibuat", "Backup made"),
    "admin.kind.database_restored": _t("Data dipulihkan", "Data restored"),
    "admin.kind.retention_applied": _t("Data pribadi dihapus", "Personal data removed"),
    "admin.kind.issued": _t("Tiket diambil", "Ticket issued"),
    "admin.kind.called": _t("Dipanggil", "Called"),
    "admin.kind.recalled": _t("Dipanggil ulang", "Recalled"),
    "admin.kind.skipped": _t("Dilewati", "Skipped"),
    "admin.kind.serving": _t("Dilayani", "Serving"),
    "admin.kind.finished": _t("Selesai", "Finished"),
    "admin.kind.transferred": _t("Dialihkan", "Transferred"),
    "admin.kind.escalated": _t("Diteruskan", "Forwarded"),
    "admin.kind.cancelled": _t("Dibatalkan", "Cancelled"),
    "admin.kind.survey_submitted": _t("Survei diisi", "Survey answered"),
    "admin.kind.printed": _t("Tiket dicetak", "Ticket printed"),
    "admin.kind.print_failed": _t("Gagal cetak", "Print failed"),
    # -- survey mode ---------------------------------------------------------------------
    "survey.title": _t("Survei Kepuasan Masyarakat", "Public Satisfaction Survey"),
    "survey.start.prompt": _t(
        "Masukkan atau pindai kode pada tiket antrean Anda",
        "Enter or scan the code on your queue ticket"),
    "survey.start.anonymous": _t(
        "Survei ini anonim: jawaban Anda tidak dikaitkan dengan nama Anda.",
        "This survey is anonymous: your answers are not linked to your name."),
    "survey.start.go": _t("Mulai survei", "Start the survey"),
    "survey.start.checking": _t("Memeriksa tiket…", "Checking the ticket…"),
    "survey.start.empty": _t("Masukkan kode tiket terlebih dahulu.",
                             "Enter the ticket code first."),
    "survey.progress": _t("Pertanyaan {n} dari {total}", "Question {n} of {total}"),
    "survey.back": _t("‹ Kembali", "‹ Back"),
    "survey.cancel": _t("Batal", "Cancel"),
    "survey.ticket": _t("Tiket {number} · {service}", "Ticket {number} · {service}"),
    "survey.ticket_unchecked": _t("Kode {code} (diperiksa saat sistem kantor tersambung lagi)",
                                  "Code {code} (checked when the office's system is back)"),
    "survey.suggestion": _t("Saran dan masukan (tidak wajib)",
                            "Suggestions (optional)"),
    "survey.keyboard.space": _t("spasi", "space"),
    "survey.suggestion_hint": _t(
        "Mohon jangan menulis nama, nomor telepon, atau data pribadi lain di sini.",
        "Please do not write your name, phone number or other personal data here."),
    "survey.submit": _t("Kirim penilaian", "Send my rating"),
    "survey.sending": _t("Mengirim…", "Sending…"),
    "survey.thanks_sub": _t("Masukan Anda membantu kami memperbaiki layanan.",
                            "Your feedback helps us improve our service."),
    "survey.not_approved": _t(
        "Tablet ini belum disetujui untuk menerima jawaban survei; minta admin menyetujuinya "
        "di halaman admin (Stasiun).",
        "This tablet is not yet approved to take survey answers; ask the admin to approve it "
        "on the admin page (Stations)."),
    "survey.disabled": _t("Survei sedang tidak dibuka; silakan tanyakan kepada petugas.",
                          "The survey is not open at the moment; please ask an officer."),
}
