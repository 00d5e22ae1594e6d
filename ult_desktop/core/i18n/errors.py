"""Error messages: one sentence each, saying what to do next."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "error.db_busy": _t("Basis data sedang sibuk dipakai stasiun lain; coba lagi sebentar lagi.",
                        "The database is busy with another station; try again in a moment."),
    "error.share_unavailable": _t("Folder basis data {path} tidak dapat dijangkau; periksa "
                                  "jaringan dan folder bersama, stasiun akan mencoba lagi "
                                  "otomatis.",
                                  "The database folder {path} cannot be reached; check the "
                                  "network and the shared folder, the station will retry "
                                  "automatically."),
    "error.db_missing": _t("Berkas basis data {path} tidak ditemukan; periksa lokasinya atau buat "
                           "dengan 'ult-desktop init'.",
                           "Database file {path} was not found; check its location or create it "
                           "with 'ult-desktop init'."),
    "error.db_exists": _t("Berkas {path} sudah ada; pilih nama lain (init tidak pernah menimpa "
                          "basis data).",
                          "File {path} already exists; choose another name (init never overwrites "
                          "a database)."),
    "error.not_a_database": _t("Berkas {path} bukan basis data ULT Desktop; periksa lokasi "
                               "berkas, berkas ini tidak diubah.",
                               "File {path} is not a ULT Desktop database; check the path, the "
                               "file was not changed."),
    "error.not_initialized": _t("Berkas {path} belum berisi data kantor; buat basis data dengan "
                                "'ult-desktop init'.",
                                "File {path} holds no office data yet; create the database with "
                                "'ult-desktop init'."),
    "error.read_only": _t("Basis data {path} hanya dapat dibaca; berikan izin tulis pada berkas "
                          "dan foldernya.",
                          "Database {path} is read-only; grant write permission on the file and "
                          "its folder."),
    "error.server_schema_old": _t("Basis data di server memakai versi skema {server_version}, "
                                  "program ini versi {our_version}: buka sekali dengan akun "
                                  "pemilik basis data (mis. ult-desktop check --db "
                                  "postgresql://pemilik@server/ult) agar skemanya diperbarui, "
                                  "lalu stasiun tersambung seperti biasa.",
                                  "The office on the server has schema version "
                                  "{server_version}, this program {our_version}: open it once "
                                  "as the database's owner (e.g. ult-desktop check --db "
                                  "postgresql://owner@server/ult) to bring it up to date; the "
                                  "stations then connect as usual."),
    "error.schema_too_new": _t("Basis data memakai versi skema {file_version}, lebih baru dari "
                               "stasiun ini ({our_version}); perbarui aplikasi di stasiun ini.",
                               "The database uses schema version {file_version}, newer than this "
                               "station ({our_version}); update this station."),
    "error.migration_waits": _t(
        "Versi ini memakai skema {our_version}, basis data masih {file_version}; migrasi "
        "menunggu stasiun yang belum diperbarui: {stations}. Stasiun lain tetap bekerja; "
        "mulai ulang stasiun ini setelah semuanya diperbarui.",
        "This version uses schema {our_version}, the database is still at {file_version}; "
        "the migration waits for stations not yet updated: {stations}. The others keep "
        "working; start this station again once every one is updated."),
    "error.wal_refused": _t("Basis data dalam mode WAL yang tidak aman di folder jaringan dan "
                            "tidak dapat dikembalikan; tutup semua stasiun lalu coba lagi.",
                            "The database is in WAL mode, which is unsafe on a network share, and "
                            "could not be switched back; close all stations and try again."),
    "error.unknown_service": _t("Layanan '{service}' tidak dikenal; pilih salah satu: {known}.",
                                "Unknown service '{service}'; choose one of: {known}."),
    "error.service_closed": _t("Layanan {service} sedang tidak aktif; pilih layanan lain.",
                               "Service {service} is switched off; choose another service."),
    "error.quota_reached": _t("Kuota harian layanan {service} sudah habis; silakan kembali besok.",
                              "Today's quota for service {service} is used up; please come back "
                              "tomorrow."),
    "error.office_closed": _t("Layanan hari ini telah ditutup; silakan kembali pada jam layanan.",
                              "Service is closed for today; please come back during opening hours."),
    "error.unknown_counter": _t("Loket {counter} tidak dikenal; periksa nomor loket di pengaturan.",
                                "Counter {counter} is unknown; check the counter number in "
                                "settings."),
    "error.clock.share": _t("PC yang menyimpan berkas bersama", "PC holding the shared file"),
    "error.clock.server": _t("server basis data", "database server"),
    "error.clock_ahead": _t(
        "Jam PC ini {minutes} menit lebih cepat dari {against}: setel tanggal, jam dan zona "
        "waktu Windows (Pengaturan > Waktu & bahasa), lalu coba lagi.",
        "This PC's clock is {minutes} minutes ahead of the {against}: set Windows' date, "
        "time and time zone (Settings > Time & language), then try again."),
    "error.clock_behind": _t(
        "Jam PC ini {minutes} menit lebih lambat dari {against}: setel tanggal, jam dan zona "
        "waktu Windows (Pengaturan > Waktu & bahasa), lalu coba lagi.",
        "This PC's clock is {minutes} minutes behind the {against}: set Windows' date, "
        "time and time zone (Settings > Time & language), then try again."),
    "error.ticket_not_found": _t("Tiket {number} tidak ditemukan hari ini; periksa nomornya.",
                                 "Ticket {number} was not found today; check the number."),
    "error.counter_idle": _t("Loket {counter} tidak sedang memanggil atau melayani tiket.",
                             "Counter {counter} is not calling or serving a ticket."),
    "error.counter_occupied": _t("Loket {counter} masih menangani {number}; selesaikan atau "
                                 "lewati dulu.",
                                 "Counter {counter} is still handling {number}; finish or skip it "
                                 "first."),
    "error.lapor_category": _t("Kategori LAPOR! tidak dikenal; pilih salah satu: {choices}.",
                               "Unknown LAPOR! category; choose one of: {choices}."),
    "error.not_missed": _t("{number} tidak sedang terlewat; hanya pengunjung yang terlewat "
                           "yang dapat melapor kembali.",
                           "{number} was not missed; only a missed visitor can report back."),
    "error.reported_back_once": _t(
        "{number} sudah melapor kembali sekali hari ini; petugas dapat memasukkannya lagi "
        "dengan menuliskan alasannya.",
        "{number} already reported back once today; an officer can let them in again by "
        "writing the reason."),
    "error.code_not_found": _t("Kode {code} tidak dikenal; pindai lagi atau ketik nomor "
                               "antreannya.",
                               "Code {code} is unknown; scan it again or type the ticket's "
                               "number."),
    "error.visit_time": _t("Jam kunjungan tidak terbaca; tulis seperti 09:00.",
                           "The visit's time cannot be read; write it like 09:00."),
    "error.visit_closed_day": _t("{day} bukan hari kerja kantor; pilih hari kerja lain.",
                                 "{day} is not a working day of the office; pick another."),
    "error.visit_window": _t("Jam mulai kunjungan harus sebelum jam selesainya.",
                             "The visit's window must open before it closes."),
    "error.visit_hours": _t("Kunjungan harus di dalam jam layanan ({opens}-{closes}).",
                            "The visit must be inside the office's hours ({opens}-{closes})."),
    "error.visit_past": _t("{day} sudah lewat; pilih hari ini atau sesudahnya.",
                           "{day} has passed; pick today or a later day."),
    "error.no_kiosk_printer": _t("Belum ada anjungan di kantor ini yang dapat mencetak slip; "
                                 "minta pengunjung memotret slip atau mencatat kodenya.",
                                 "No kiosk in this office can print the slip yet; ask the "
                                 "visitor to photograph the slip or note the code."),
    "error.visit_not_found": _t("Kode tidak dikenal; periksa angkanya atau tanyakan petugas.",
                                "Unknown code; check the digits or ask an officer."),
    "error.visit_not_today": _t("Kunjungan Anda dijadwalkan {day}; silakan datang pada hari "
                                "itu.",
                                "Your visit is booked for {day}; please come on that day."),
    "error.visit_served": _t("Kunjungan ini sudah dilayani dengan nomor {number}; tanyakan "
                             "petugas bila masih ada yang perlu.",
                             "This visit was already served with number {number}; ask an "
                             "officer if anything is left."),
    "error.visit_checked_in": _t("Kunjungan ini sudah mendapat nomor {number}; tunggu "
                                 "panggilan nomor itu.",
                                 "This visit already has number {number}; wait for that "
                                 "number to be called."),
    "error.not_fetching": _t("{number} tidak sedang menunggu dijemput di kursi.",
                             "{number} is not waiting to be fetched from the seat."),
    "error.not_waiting": _t("Tiket {number} tidak sedang menunggu; pilih tiket dari daftar "
                            "antrean.",
                            "Ticket {number} is not waiting; pick a ticket from the queue list."),
    "error.call_reason_needed": _t("{number} belum gilirannya; pilih alasan memanggilnya lebih "
                                   "dulu (janji temu, pengunjung kembali, perlu petugas khusus, "
                                   "atau lainnya).",
                                   "{number} is not next; choose why it is called first "
                                   "(appointment, returning visitor, needs the specialist, or "
                                   "other)."),
    "error.call_reason_needed_text": _t("Tuliskan alasan memanggil di luar urutan.",
                                        "Type why the ticket is called out of turn."),
    "error.counter_paused": _t("Loket {counter} sedang dijeda; tekan Lanjutkan dulu untuk "
                               "memanggil.",
                               "Counter {counter} is paused; press Resume first to call."),
    "error.counter_already_paused": _t("Loket {counter} sudah dijeda.",
                                       "Counter {counter} is already paused."),
    "error.counter_not_paused": _t("Loket {counter} tidak sedang dijeda.",
                                   "Counter {counter} is not paused."),
    "error.pause_reason_needed": _t("Pilih alasan jeda, atau tuliskan alasannya.",
                                    "Choose why the counter pauses, or type the reason."),
    "error.skip_fetching": _t("{number} menunggu dijemput di kursinya, bukan tidak hadir: "
                              "jemput dulu, lalu tekan Dijemput.",
                              "{number} is waiting to be fetched from the seat, not a "
                              "no-show: fetch the visitor first, then press Fetched."),
    "error.invalid_transition": _t("Tiket {number} berstatus {current} sehingga tidak dapat "
                                   "diubah menjadi {wanted}.",
                                   "Ticket {number} is {current}, so it cannot become {wanted}."),
    "error.bad_input": _t("Masukan tidak valid: {detail}.", "Invalid input: {detail}."),
    "error.need_counter_or_ticket": _t("Sebutkan nomor loket atau nomor tiket.",
                                       "Give a counter number or a ticket number."),
    "error.recall_needs_counter": _t("Sebutkan loket yang memanggil ulang tiket {number}.",
                                     "Give the counter that recalls ticket {number}."),
    "error.transfer_needs_destination": _t(
        "Pilih tujuan pengalihan: layanan, loket, atau petugas.",
        "Choose where to transfer: a service, a counter or an officer."),
    "error.unknown_officer": _t("Petugas tujuan tidak ada atau tidak aktif; pilih petugas lain.",
                                "The chosen officer does not exist or is not active; choose "
                                "another officer."),
    "error.walk_in_needs_ticket": _t("Catatan pengunjung langsung harus terkait dengan nomor "
                                     "tiketnya.",
                                     "A walk-in record must be tied to its ticket number."),
    "error.unknown_priority_group": _t('Kelompok prioritas "{group}" tidak dikenal; pilih salah '
                                       "satu: lansia, disabilitas, hamil, anak, bencana.",
                                       'Unknown priority group "{group}"; choose one of: lansia '
                                       "(elderly), disabilitas (disability), hamil (pregnant), "
                                       "anak (children), bencana (disaster victims)."),
    "error.reason_required": _t("Alasan wajib diisi.", "A reason is required."),
    "error.internal": _t("Terjadi kesalahan tak terduga ({detail}); rincian dicatat di {log}.",
                         "An unexpected error occurred ({detail}); details were logged to {log}."),
    "state.waiting": _t("menunggu", "waiting"),
    "state.called": _t("dipanggil", "called"),
    "state.serving": _t("dilayani", "being served"),
    "state.done": _t("selesai", "done"),
    "state.skipped": _t("dilewati", "skipped"),
    "state.transferred": _t("dialihkan", "transferred"),
    "state.escalated": _t("diteruskan", "forwarded"),
    "state.cancelled": _t("dibatalkan", "cancelled"),
    "error.server_unavailable": _t(
        "Server basis data {url} tidak dapat dijangkau; periksa jaringan dan layanan "
        "PostgreSQL di server, stasiun akan mencoba lagi otomatis.",
        "The database server {url} cannot be reached; check the network and the "
        "PostgreSQL service on the server, the station will retry automatically."),
    "error.server_login_refused": _t(
        "Server basis data {url} menolak nama pengguna atau kata sandinya; perbaiki alamat "
        "menjadi postgresql://ult_station:KATA-SANDI@server:5432/ult dengan kata sandi "
        "peran stasiun dari petugas TI, lalu periksa lagi.",
        "The database server {url} refused the user name or its password; correct the "
        "address to postgresql://ult_station:PASSWORD@server:5432/ult with the station "
        "role's password from the IT officer, then check again."),
    "server.error.need_createrole": _t(
        "Pemilik basis data tidak boleh membuat peran {role}: beri pemilik hak CREATEROLE "
        "(ALTER ROLE pemilik CREATEROLE sebagai postgres), lalu ulangi.",
        "The database owner may not create the role {role}: give the owner CREATEROLE "
        "(ALTER ROLE owner CREATEROLE as postgres), then try again."),
    "server.error.role_name": _t(
        "Nama peran {role} tidak sah; pakai huruf kecil, angka dan garis bawah.",
        "Role name {role} is not valid; use lower-case letters, digits and underscores."),
}
