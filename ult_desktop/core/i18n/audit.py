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
        "id": "sebutkan kunci yang disetujui dan --admin NAMA",
        "en": "give the key to approve and --admin NAME"},
    "audit.cli.bad_head": {
        "id": "kepala rantai '{value}' tidak terbaca; tulis seperti di laporan: NOMOR:HASH "
              "(minimal 8 huruf hash)",
        "en": "chain head '{value}' not understood; write it as on the report: NUMBER:HASH "
              "(at least 8 hash digits)"},
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
    # What a finding means, in the person's language (the verifier's own detail, in
    # English, stays in `check --json` and as the tooltip).
    "audit.explain.edited": {
        "id": "isi peristiwa ini diubah setelah ditulis: tidak cocok lagi dengan hash-nya",
        "en": "this event was changed after it was written: it no longer matches its hash"},
    "audit.explain.deleted": {
        "id": "peristiwa di titik ini dihapus dari log",
        "en": "events were removed from the log at this point"},
    "audit.explain.inserted": {
        "id": "peristiwa ini disisipkan ke log, tidak ditulis ULT Desktop pada urutannya",
        "en": "this event was put into the log, not written by ULT Desktop in its place"},
    "audit.explain.forged": {
        "id": "peristiwa ini mengaku dari stasiun lain, tetapi tanda tangannya tidak cocok",
        "en": "this event claims another station, but its signature does not match"},
    "audit.explain.registration": {
        "id": "pendaftaran kunci stasiun ini diubah atau tidak sah; kunci itu tidak "
              "dipercaya",
        "en": "this station key's registration was changed or is not valid; the key is "
              "not trusted"},
    "audit.report.chain_head": {
        "id": "Dihitung dari jejak audit sampai kepala rantai {id}:{hash} "
              "(periksa: ult-desktop check --head {id}:{hash})",
        "en": "Computed from the audit trail up to chain head {id}:{hash} "
              "(verify: ult-desktop check --head {id}:{hash})"},
    "audit.ui.check": {"id": "Periksa jejak audit", "en": "Check the audit trail"},
    "audit.ui.not_checked": {
        "id": "Jejak audit belum diperiksa pada sesi ini.",
        "en": "The audit trail has not been checked in this session."},
    "audit.ui.checking": {"id": "Memeriksa seluruh rantai peristiwa...",
                          "en": "Checking the whole event chain..."},
    "audit.ui.event": {"id": "Peristiwa", "en": "Event"},
    "audit.ui.problem": {"id": "Temuan", "en": "Finding"},
    "audit.ui.detail": {"id": "Rincian", "en": "Detail"},
    "audit.ui.keys_title": {"id": "Kunci stasiun", "en": "Station keys"},
    "audit.ui.fingerprint": {"id": "Sidik jari", "en": "Fingerprint"},
    "audit.ui.state": {"id": "Status", "en": "State"},
    "audit.ui.decided_by": {"id": "Disetujui oleh", "en": "Approved by"},
    "audit.ui.label": {"id": "Stasiun", "en": "Station"},
    "audit.ui.create_key": {"id": "Buat kunci PC ini", "en": "Create this PC's key"},
    "audit.ui.approve": {"id": "Setujui kunci terpilih", "en": "Approve selected key"},
    "audit.ui.own_key": {
        "id": "Kunci PC ini: {fingerprint}. Cocokkan sidik jari stasiun lain dengan yang "
              "tampil di layarnya sebelum menyetujui.",
        "en": "This PC's key: {fingerprint}. Compare another station's fingerprint with the "
              "one on its screen before approving."},
    "audit.ui.no_own_key": {
        "id": "PC ini belum punya kunci stasiun; buat dulu agar bisa menyetujui kunci lain.",
        "en": "This PC has no station key; create one to be able to approve others."},
    "audit.ui.key_made": {
        "id": "Kunci PC ini dibuat dan diajukan; setujui di tabel (kunci pertama kantor "
              "menjadi akar kepercayaan).",
        "en": "This PC's key was created and requested; approve it in the table (the "
              "office's first key becomes the root of trust)."},
    "audit.ui.pick_pending": {
        "id": "Pilih dulu kunci yang berstatus menunggu.",
        "en": "Select a key that is pending first."},
    "audit.state.pending": {"id": "menunggu", "en": "pending"},
    "audit.state.registered": {"id": "terdaftar", "en": "registered"},
    "audit.state.revoked": {"id": "dicabut", "en": "revoked"},
    # kinds of the events this issue adds (the audit list's "what" column)
    "admin.kind.officer_login": {"id": "Petugas masuk", "en": "Officer signed in"},
    "admin.kind.officer_login_failed": {"id": "PIN petugas salah",
                                        "en": "Officer PIN refused"},
    "admin.kind.officer_logout": {"id": "Petugas keluar", "en": "Officer signed out"},
    "admin.kind.admin_logout": {"id": "Admin keluar", "en": "Admin signed out"},
    "admin.kind.kiosk_unlock": {"id": "Kios dibuka admin", "en": "Kiosk unlocked"},
    "admin.kind.kiosk_unlock_failed": {"id": "PIN kios salah", "en": "Kiosk PIN refused"},
    "admin.kind.kiosk_exit": {"id": "Kios ditutup", "en": "Kiosk closed"},
    "admin.kind.exported": {"id": "Data diekspor", "en": "Data exported"},
    "admin.kind.station_key_requested": {"id": "Kunci stasiun diajukan",
                                         "en": "Station key requested"},
    "admin.kind.station_key_registered": {"id": "Kunci stasiun terdaftar",
                                          "en": "Station key registered"},
    "admin.kind.audit_chain_started": {"id": "Jejak audit dimulai",
                                       "en": "Audit trail started"},
    # --help of the options this issue adds (read by ult_desktop.cli.LocalizedParser)
    "cli.exit.9": {
        "id": "jejak audit diubah: `check` menyebut peristiwa yang diubah, dihapus, "
              "disisipkan atau dipalsukan",
        "en": "audit trail tampered with: `check` names the edited, deleted, inserted or "
              "forged events"},
    "cli.opt.check.head": {
        "id": "kepala rantai yang tercetak di laporan sebelumnya (mis. 1234:9f3a0c1b); check "
              "memberi tahu bila jejak audit ditulis ulang sejak itu (boleh berulang)",
        "en": "a chain head printed on an earlier report (e.g. 1234:9f3a0c1b); check says if "
              "the log was rewritten since (repeatable)"},
    "cli.opt.station-key.admin": {
        "id": "approve: nama pengguna admin (variabel ULT_ADMIN); PIN dari ULT_ADMIN_PIN atau "
              "masukan standar",
        "en": "approve: admin username (env ULT_ADMIN); the PIN comes from ULT_ADMIN_PIN or "
              "standard input"},
    "cli.opt.station-key.admin_station": {
        "id": "approve: kunci ini boleh mendaftarkan kunci lain (PC admin lain)",
        "en": "approve: the key may register other keys (another admin PC)"},
}
