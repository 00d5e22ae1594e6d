"""Texts of the audit trail: station keys, chain check, audit page (issue #12)."""

TEXTS = {
    "audit.error.no_key": {
        "id": "Stasiun ini belum punya kunci; buat dulu dengan `ult-desktop station-key create`.",
        "en": "This station has no key yet; create one with `ult-desktop station-key create`."},
    "audit.error.unknown_key": {
        "id": "Kunci {key} belum diajukan; jalankan `ult-desktop station-key request` di "
              "stasiun itu dahulu.",
        "en": "Key {key} was never requested; run `ult-desktop station-key request` on that "
              "station first."},
    "audit.error.not_trusted": {
        "id": "Stasiun ini belum terdaftar, jadi tidak boleh mendaftarkan kunci lain; "
              "setujui dari PC admin yang terdaftar.",
        "en": "This station is not registered, so it may not register other keys; approve "
              "from a registered admin PC."},
    "audit.error.bad_login": {
        "id": "Nama pengguna atau PIN admin salah; coba lagi.",
        "en": "Wrong admin username or PIN; try again."},
    "audit.cli.approve_usage": {
        "id": "sebutkan kunci yang disetujui dan --user ADMIN",
        "en": "give the key to approve and --user ADMIN"},
    "audit.cli.key_created": {
        "id": "Kunci stasiun dibuat. Sidik jari: {fingerprint}",
        "en": "Station key created. Fingerprint: {fingerprint}"},
    "audit.cli.key_exists": {
        "id": "Kunci stasiun ini: {fingerprint}",
        "en": "This station's key: {fingerprint}"},
    "audit.cli.no_key": {
        "id": "PC ini belum punya kunci stasiun; buat dengan `ult-desktop station-key create`.",
        "en": "This PC has no station key; create one with `ult-desktop station-key create`."},
    "audit.cli.requested": {
        "id": "Pendaftaran kunci {fingerprint} ({label}) diajukan; admin menyetujuinya di "
              "halaman Stasiun.",
        "en": "Registration of key {fingerprint} ({label}) requested; an admin approves it "
              "on the Stations page."},
    "audit.cli.approved": {
        "id": "Kunci {fingerprint} ({label}) terdaftar.",
        "en": "Key {fingerprint} ({label}) registered."},
    "audit.cli.key_line": {"id": "{fingerprint}  {state:<10}  {label}",
                           "en": "{fingerprint}  {state:<10}  {label}"},
    "audit.cli.chain_ok": {
        "id": "Jejak audit utuh: {events} peristiwa, kepala rantai #{head} {hash}",
        "en": "Audit trail intact: {events} events, chain head #{head} {hash}"},
    "audit.cli.chain_bad": {
        "id": "Jejak audit DIUBAH: {count} temuan (lihat di bawah); simpan berkas ini dan "
              "laporkan ke kepala kantor.",
        "en": "Audit trail TAMPERED WITH: {count} findings (below); keep this file and "
              "tell the head of office."},
    "audit.cli.finding": {"id": "  peristiwa #{event}: {problem} - {detail}",
                          "en": "  event #{event}: {problem} - {detail}"},
    "audit.cli.unsigned": {
        "id": "  catatan: {count} peristiwa tanpa tanda tangan dari stasiun '{station}' "
              "(stasiun belum terdaftar)",
        "en": "  note: {count} unsigned events from station '{station}' (station not "
              "registered)"},
    "audit.cli.unverified": {
        "id": "  catatan: {count} peristiwa ditandatangani kunci {fingerprint} ('{label}') "
              "yang belum disetujui admin",
        "en": "  note: {count} events signed by key {fingerprint} ('{label}') that no admin "
              "has registered"},
    "audit.cli.legacy": {
        "id": "  catatan: {count} peristiwa lama (sebelum jejak audit) dirantai tanpa tanda "
              "tangan",
        "en": "  note: {count} legacy events (before the audit trail) chained, unsigned"},
    "audit.cli.root": {
        "id": "  akar kepercayaan: kunci {fingerprint} ('{label}'), peristiwa #{event}; "
              "cocokkan dengan PC admin",
        "en": "  root of trust: key {fingerprint} ('{label}'), event #{event}; compare it "
              "with the admin PC"},
    "audit.problem.edited": {"id": "diubah", "en": "edited"},
    "audit.problem.deleted": {"id": "dihapus", "en": "deleted"},
    "audit.problem.inserted": {"id": "disisipkan", "en": "inserted"},
    "audit.problem.forged": {"id": "dipalsukan", "en": "forged"},
    "audit.problem.registration": {"id": "pendaftaran kunci diubah",
                                   "en": "key registration rewritten"},
    "audit.report.chain_head": {
        "id": "Dihitung dari jejak audit sampai peristiwa #{id} ({hash})",
        "en": "Computed from the audit trail up to event #{id} ({hash})"},
}
