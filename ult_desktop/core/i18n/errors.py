"""Error messages: one sentence each, saying what to do next."""

TEXTS = {
    "error.db_busy": {
        "id": "Basis data sedang sibuk dipakai stasiun lain; coba lagi sebentar lagi.",
        "en": "The database is busy with another station; try again in a moment.",
    },
    "error.share_unavailable": {
        "id": "Folder basis data {path} tidak dapat dijangkau; periksa jaringan dan folder bersama, "
              "stasiun akan mencoba lagi otomatis.",
        "en": "The database folder {path} cannot be reached; check the network and the shared "
              "folder, the station will retry automatically.",
    },
    "error.server_unavailable": {
        "id": "Server basis data {url} tidak dapat dijangkau; periksa jaringan dan layanan "
              "PostgreSQL di server, stasiun akan mencoba lagi otomatis.",
        "en": "The database server {url} cannot be reached; check the network and the "
              "PostgreSQL service on the server, the station will retry automatically.",
    },
    "server.error.role_name": {
        "id": "Nama peran {role} tidak sah; pakai huruf kecil, angka dan garis bawah.",
        "en": "Role name {role} is not valid; use lower-case letters, digits and underscores.",
    },
    "error.db_missing": {
        "id": "Berkas basis data {path} tidak ditemukan; periksa lokasinya atau buat dengan "
              "'ult-desktop init'.",
        "en": "Database file {path} was not found; check its location or create it with "
              "'ult-desktop init'.",
    },
    "error.db_exists": {
        "id": "Berkas {path} sudah ada; pilih nama lain (init tidak pernah menimpa basis data).",
        "en": "File {path} already exists; choose another name (init never overwrites a "
              "database).",
    },
    "error.not_a_database": {
        "id": "Berkas {path} bukan basis data ULT Desktop; periksa lokasi berkas, berkas ini tidak diubah.",
        "en": "File {path} is not a ULT Desktop database; check the path, the file was not "
              "changed.",
    },
    "error.not_initialized": {
        "id": "Berkas {path} belum berisi data kantor; buat basis data dengan 'ult-desktop init'.",
        "en": "File {path} holds no office data yet; create the database with "
              "'ult-desktop init'.",
    },
    "error.read_only": {
        "id": "Basis data {path} hanya dapat dibaca; berikan izin tulis pada berkas dan foldernya.",
        "en": "Database {path} is read-only; grant write permission on the file and its folder.",
    },
    "error.schema_too_new": {
        "id": "Basis data memakai versi skema {file_version}, lebih baru dari stasiun ini "
              "({our_version}); perbarui aplikasi di stasiun ini.",
        "en": "The database uses schema version {file_version}, newer than this station "
              "({our_version}); update this station.",
    },
    "error.wal_refused": {
        "id": "Basis data dalam mode WAL yang tidak aman di folder jaringan dan tidak dapat "
              "dikembalikan; tutup semua stasiun lalu coba lagi.",
        "en": "The database is in WAL mode, which is unsafe on a network share, and could not "
              "be switched back; close all stations and try again.",
    },
    "error.unknown_service": {
        "id": "Layanan '{service}' tidak dikenal; pilih salah satu: {known}.",
        "en": "Unknown service '{service}'; choose one of: {known}.",
    },
    "error.service_closed": {
        "id": "Layanan {service} sedang tidak aktif; pilih layanan lain.",
        "en": "Service {service} is switched off; choose another service.",
    },
    "error.quota_reached": {
        "id": "Kuota harian layanan {service} sudah habis; silakan kembali besok.",
        "en": "Today's quota for service {service} is used up; please come back tomorrow.",
    },
    "error.office_closed": {
        "id": "Layanan hari ini telah ditutup; silakan kembali pada jam layanan.",
        "en": "Service is closed for today; please come back during opening hours.",
    },
    "error.unknown_counter": {
        "id": "Loket {counter} tidak dikenal; periksa nomor loket di pengaturan.",
        "en": "Counter {counter} is unknown; check the counter number in settings.",
    },
    "error.ticket_not_found": {
        "id": "Tiket {number} tidak ditemukan hari ini; periksa nomornya.",
        "en": "Ticket {number} was not found today; check the number.",
    },
    "error.counter_idle": {
        "id": "Loket {counter} tidak sedang memanggil atau melayani tiket.",
        "en": "Counter {counter} is not calling or serving a ticket.",
    },
    "error.counter_occupied": {
        "id": "Loket {counter} masih menangani {number}; selesaikan atau lewati dulu.",
        "en": "Counter {counter} is still handling {number}; finish or skip it first.",
    },
    "error.invalid_transition": {
        "id": "Tiket {number} berstatus {current} sehingga tidak dapat diubah menjadi {wanted}.",
        "en": "Ticket {number} is {current}, so it cannot become {wanted}.",
    },
    "error.skipped_expired": {
        "id": "Tiket {number} dilewati pada hari lain dan tidak dapat dipanggil ulang.",
        "en": "Ticket {number} was skipped on another day and cannot be recalled.",
    },
    "error.bad_input": {
        "id": "Masukan tidak valid: {detail}.",
        "en": "Invalid input: {detail}.",
    },
    "error.need_counter_or_ticket": {
        "id": "Sebutkan nomor loket atau nomor tiket.",
        "en": "Give a counter number or a ticket number.",
    },
    "error.recall_needs_counter": {
        "id": "Sebutkan loket yang memanggil ulang tiket {number}.",
        "en": "Give the counter that recalls ticket {number}.",
    },
    "error.transfer_needs_destination": {
        "id": "Pilih tujuan pengalihan: layanan, loket, atau petugas.",
        "en": "Choose where to transfer: a service, a counter or an officer.",
    },
    "error.unknown_officer": {
        "id": "Petugas tujuan tidak ada atau tidak aktif; pilih petugas lain.",
        "en": "The chosen officer does not exist or is not active; choose another officer.",
    },
    "error.walk_in_needs_ticket": {
        "id": "Catatan pengunjung langsung harus terkait dengan nomor tiketnya.",
        "en": "A walk-in record must be tied to its ticket number.",
    },
    "error.unknown_priority_group": {
        "id": "Kelompok prioritas \"{group}\" tidak dikenal; pilih salah satu: lansia, "
              "disabilitas, hamil, anak, bencana.",
        "en": "Unknown priority group \"{group}\"; choose one of: lansia (elderly), "
              "disabilitas (disability), hamil (pregnant), anak (children), bencana "
              "(disaster victims)."},
    "error.reason_required": {
        "id": "Alasan wajib diisi.",
        "en": "A reason is required.",
    },
    "error.internal": {
        "id": "Terjadi kesalahan tak terduga ({detail}); rincian dicatat di {log}.",
        "en": "An unexpected error occurred ({detail}); details were logged to {log}.",
    },
    "state.waiting": {"id": "menunggu", "en": "waiting"},
    "state.called": {"id": "dipanggil", "en": "called"},
    "state.serving": {"id": "dilayani", "en": "being served"},
    "state.done": {"id": "selesai", "en": "done"},
    "state.skipped": {"id": "dilewati", "en": "skipped"},
    "state.transferred": {"id": "dialihkan", "en": "transferred"},
    "state.escalated": {"id": "diteruskan", "en": "forwarded"},
    "state.cancelled": {"id": "dibatalkan", "en": "cancelled"},
}
