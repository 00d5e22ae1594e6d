"""Texts of reconcile: the tables against the signed event log (issue #21)."""

_TABLES = {
    "tickets": ("antrean", "ticket"),
    "register_records": ("catatan buku tamu", "register record"),
    "cases": ("kasus", "case"),
    "handovers": ("serah terima", "handover"),
    "services": ("layanan", "service"),
    "counters": ("loket", "counter"),
    "officers": ("petugas", "officer"),
    "settings": ("pengaturan", "setting"),
    "sop_targets": ("mutu baku (layanan/langkah)", "mutu baku (service/step)"),
    "pin_lockouts": ("kunci PIN", "PIN lock"),
    "skm_spent_codes": ("kode survei terpakai", "spent survey code"),
    "skm_followups": ("tindak lanjut SKM", "SKM follow-up"),
    "skm_responses": ("jawaban SKM (layanan/bulan/sumber)",
                      "SKM responses (service/month/source)"),
}

TEXTS = {
    **{f"reconcile.table.{t}": {"id": i, "en": e} for t, (i, e) in _TABLES.items()},
    "reconcile.cli.ok": {
        "id": "Angka sesuai jejak audit: setiap baris tabel sama dengan peristiwa bertanda "
              "tangan (dapat dibuktikan sejak peristiwa #{since}).",
        "en": "Figures match the audit trail: every table row equals the signed events "
              "(provable from event #{since})."},
    "reconcile.cli.none": {
        "id": "  catatan: berkas ini belum menyimpan baris tabel di jejak audit; angka "
              "belum dapat dibuktikan.",
        "en": "  note: this file's log holds no table rows yet; figures cannot be proven."},
    "reconcile.cli.bad": {
        "id": "Angka TIDAK SESUAI jejak audit: {count} perbedaan (lihat di bawah); tabel "
              "diubah di luar aplikasi. Simpan berkas ini dan laporkan ke kepala kantor.",
        "en": "Figures DO NOT MATCH the audit trail: {count} differences (below); the "
              "tables were changed outside the app. Keep this file and tell the head of "
              "office."},
    "cli.opt.check.reconcile": {
        "id": "putar ulang peristiwa bertanda tangan dan sebutkan setiap baris tabel yang "
              "berbeda (selalu dilakukan; opsi ini diterima untuk skrip)",
        "en": "replay the signed events and name every table row that differs (always "
              "done; the flag is accepted for scripts)"},
    "reconcile.empty": {"id": "(kosong)", "en": "(empty)"},
    "reconcile.cli.more": {"id": "  ... dan {count} perbedaan lain",
                           "en": "  ... and {count} more differences"},
    "reconcile.diff.changed": {
        "id": "  {table} {label}: {column} {in_table} di tabel, {in_log} di jejak audit "
              "(peristiwa #{event})",
        "en": "  {table} {label}: {column} {in_table} in the table, {in_log} in the log "
              "(event #{event})"},
    "reconcile.diff.added": {
        "id": "  {table} {label}: ada di tabel tetapi tidak pernah dicatat di jejak audit "
              "(ditambahkan di luar aplikasi)",
        "en": "  {table} {label}: in the table but never in the log (added outside the "
              "app)"},
    "reconcile.diff.deleted": {
        "id": "  {table} {label}: tercatat di jejak audit (peristiwa #{event}) tetapi "
              "hilang dari tabel (dihapus di luar aplikasi)",
        "en": "  {table} {label}: in the log (event #{event}) but gone from the table "
              "(deleted outside the app)"},
    "reconcile.diff.erased": {
        "id": "  {table} {label}: {column} dikosongkan di luar aplikasi (bukan penghapusan "
              "retensi yang sah; peristiwa #{event})",
        "en": "  {table} {label}: {column} erased outside the app (not a lawful retention "
              "purge; event #{event})"},
    "reconcile.diff.orphan": {
        "id": "  {table} {label}: peristiwa #{event} mengubah baris yang tidak pernah "
              "dicatat",
        "en": "  {table} {label}: event #{event} changes a row the log never recorded"},
    "reconcile.diff.pin": {
        "id": "  {table} {label}: peristiwa #{event} masuk dengan hash PIN yang tidak "
              "pernah ditetapkan aplikasi (hash ditukar di luar aplikasi)",
        "en": "  {table} {label}: event #{event} signed in with a PIN hash the app never "
              "set (the hash was swapped outside the app)"},
    "reconcile.diff.count": {
        "id": "  {table} {label}: {in_table} di tabel, {in_log} di jejak audit",
        "en": "  {table} {label}: {in_table} in the table, {in_log} in the log"},
    "reconcile.stamp": {
        "id": "TIDAK TERVERIFIKASI: {count} perbedaan, lihat ult-desktop check",
        "en": "NOT VERIFIED: {count} differences, see ult-desktop check"},
    "report.sheet.verified": {"id": "Verifikasi", "en": "Verification"},
    "reconcile.problem": {"id": "tabel diubah", "en": "table changed"},
    "reconcile.stamp_short": {"id": "TIDAK TERVERIFIKASI", "en": "NOT VERIFIED"},
    "reconcile.footer": {
        "id": "Direkonsiliasi dengan jejak audit hingga kepala rantai #{head} {hash}; "
              "kunci akar {root}",
        "en": "Reconciled with the audit trail up to chain head #{head} {hash}; "
              "root key {root}"},
}
