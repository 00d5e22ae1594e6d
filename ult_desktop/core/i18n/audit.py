"""Texts of the audit trail: station keys, chain check, audit page."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "audit.error.no_key": _t("Stasiun ini belum punya kunci; buat dulu dengan `ult-desktop "
                             "station-key create`.",
                             "This station has no key yet; create one with `ult-desktop "
                             "station-key create`."),
    "audit.error.unknown_key": _t("Kunci {key} belum diajukan; jalankan `ult-desktop station-key "
                                  "request` di stasiun itu dahulu.",
                                  "Key {key} was never requested; run `ult-desktop station-key "
                                  "request` on that station first."),
    "audit.error.not_trusted": _t("Stasiun ini belum terdaftar, jadi tidak boleh mendaftarkan "
                                  "kunci lain; setujui dari PC admin yang terdaftar.",
                                  "This station is not registered, so it may not register other "
                                  "keys; approve from a registered admin PC."),
    "audit.cli.approve_usage": _t("sebutkan kunci yang disetujui dan --admin NAMA",
                                  "give the key to approve and --admin NAME"),
    "audit.cli.bad_head": _t("kepala rantai '{value}' tidak terbaca; tulis seperti di laporan: "
                             "NOMOR:HASH (minimal 8 huruf hash)",
                             "chain head '{value}' not understood; write it as on the report: "
                             "NUMBER:HASH (at least 8 hash digits)"),
    "audit.cli.key_created": _t("Kunci stasiun dibuat. Sidik jari: {fingerprint}",
                                "Station key created. Fingerprint: {fingerprint}"),
    "audit.cli.key_exists": _t("Kunci stasiun ini: {fingerprint}",
                               "This station's key: {fingerprint}"),
    "audit.cli.no_key": _t("PC ini belum punya kunci stasiun; buat dengan `ult-desktop "
                           "station-key create`.",
                           "This PC has no station key; create one with `ult-desktop station-key "
                           "create`."),
    "audit.cli.requested": _t("Pendaftaran kunci {fingerprint} ({label}) diajukan; admin "
                              "menyetujuinya di halaman Stasiun.",
                              "Registration of key {fingerprint} ({label}) requested; an admin "
                              "approves it on the Stations page."),
    "audit.cli.approved": _t("Kunci {fingerprint} ({label}) terdaftar sebagai {role} "
                             "(yang diminta stasiun: {requested}).",
                             "Key {fingerprint} ({label}) registered as {role} (the station "
                             "asked for: {requested})."),
    "audit.cli.asked_nothing": _t("tidak menyebut peran", "no role named"),
    "audit.error.admin_only_setup": _t(
        "Kunci {key} tidak diajukan dari penyiapan PC admin (yang diminta: {requested}), jadi "
        "tidak dapat menjadi stasiun admin; setujui dengan peran yang sesuai (--role).",
        "Key {key} was not requested by an admin PC's own setup (it asked for: {requested}), "
        "so it cannot become an admin station; approve it with the role it is (--role)."),
    "audit.cli.key_line": _t("{fingerprint}  {state:<10}  {label}",
                             "{fingerprint}  {state:<10}  {label}"),
    "audit.cli.chain_ok": _t("Jejak audit utuh: {events} peristiwa, kepala rantai #{head} {hash}",
                             "Audit trail intact: {events} events, chain head #{head} {hash}"),
    "audit.cli.chain_bad": _t("Jejak audit DIUBAH: {count} temuan (lihat di bawah); simpan berkas "
                              "ini dan laporkan ke kepala kantor.",
                              "Audit trail TAMPERED WITH: {count} findings (below); keep this "
                              "file and tell the head of office."),
    "audit.cli.finding": _t("  peristiwa #{event}: {problem} - {detail}",
                            "  event #{event}: {problem} - {detail}"),
    "audit.cli.unsigned": _t("  catatan: {count} peristiwa tanpa tanda tangan dari stasiun "
                             "'{station}' (stasiun belum terdaftar)",
                             "  note: {count} unsigned events from station '{station}' (station "
                             "not registered)"),
    "audit.cli.unverified": _t("  catatan: {count} peristiwa ditandatangani kunci {fingerprint} "
                               "('{label}') yang belum disetujui admin",
                               "  note: {count} events signed by key {fingerprint} ('{label}') "
                               "that no admin has registered"),
    "audit.cli.legacy": _t("  catatan: {count} peristiwa lama (sebelum jejak audit) dirantai "
                           "tanpa tanda tangan",
                           "  note: {count} legacy events (before the audit trail) chained, "
                           "unsigned"),
    "audit.cli.root": _t("  akar kepercayaan: kunci {fingerprint} ('{label}'), peristiwa "
                         "#{event}; cocokkan dengan PC admin",
                         "  root of trust: key {fingerprint} ('{label}'), event #{event}; compare "
                         "it with the admin PC"),
    "audit.problem.edited": _t("diubah", "edited"),
    "audit.problem.deleted": _t("dihapus", "deleted"),
    "audit.problem.inserted": _t("disisipkan", "inserted"),
    "audit.problem.forged": _t("dipalsukan", "forged"),
    "audit.problem.registration": _t("pendaftaran kunci diubah", "key registration rewritten"),
    # What a finding means, in the person's language (the verifier's own detail, in
    # English, stays in `check --json` and as the tooltip).
    "audit.explain.edited": _t("isi peristiwa ini diubah setelah ditulis: tidak cocok lagi dengan "
                               "hash-nya",
                               "this event was changed after it was written: it no longer matches "
                               "its hash"),
    "audit.explain.deleted": _t("peristiwa di titik ini dihapus dari log",
                                "events were removed from the log at this point"),
    "audit.explain.inserted": _t("peristiwa ini disisipkan ke log, tidak ditulis ULT Desktop pada "
                                 "urutannya",
                                 "this event was put into the log, not written by ULT Desktop in "
                                 "its place"),
    "audit.explain.forged": _t("peristiwa ini mengaku dari stasiun lain, tetapi tanda tangannya "
                               "tidak cocok",
                               "this event claims another station, but its signature does not "
                               "match"),
    "audit.explain.registration": _t("pendaftaran kunci stasiun ini diubah atau tidak sah; kunci "
                                     "itu tidak dipercaya",
                                     "this station key's registration was changed or is not "
                                     "valid; the key is not trusted"),
    "audit.report.chain_head": _t("Dihitung dari jejak audit sampai kepala rantai {id}:{hash} "
                                  "(periksa: ult-desktop check --head {id}:{hash})",
                                  "Computed from the audit trail up to chain head {id}:{hash} "
                                  "(verify: ult-desktop check --head {id}:{hash})"),
    "audit.ui.check": _t("Periksa jejak audit", "Check the audit trail"),
    "audit.ui.not_checked": _t("Jejak audit belum diperiksa pada sesi ini.",
                               "The audit trail has not been checked in this session."),
    "audit.ui.checking": _t("Memeriksa seluruh rantai peristiwa...",
                            "Checking the whole event chain..."),
    "audit.ui.event": _t("Peristiwa", "Event"),
    "audit.ui.problem": _t("Temuan", "Finding"),
    "audit.ui.detail": _t("Rincian", "Detail"),
    "audit.ui.keys_title": _t("Kunci stasiun", "Station keys"),
    "audit.ui.fingerprint": _t("Sidik jari", "Fingerprint"),
    "audit.ui.state": _t("Status", "State"),
    "audit.ui.decided_by": _t("Disetujui oleh", "Approved by"),
    "audit.ui.label": _t("Stasiun", "Station"),
    "audit.ui.create_key": _t("Buat kunci PC ini", "Create this PC's key"),
    "audit.ui.approve": _t("Setujui kunci terpilih", "Approve selected key"),
    "audit.ui.root_given": _t("Akar kepercayaan kantor: {fingerprint}. Saat menyiapkan stasiun "
                              "baru, ketik sidik jari ini atau pindai kodenya di panduan penyiapan.",
                              "The office's root of trust: {fingerprint}. When setting up a new "
                              "station, type this fingerprint or scan its code in the wizard."),
    "audit.ui.root_not_given": _t("PC ini belum diberi sidik jari akar kepercayaan kantor: "
                                  "laporannya tidak terverifikasi sampai admin menyiapkannya lagi "
                                  "dengan sidik jari itu.",
                                  "This PC was never given the office's root of trust "
                                  "fingerprint: its reports are not verified until an admin sets "
                                  "it up again with that fingerprint."),
    "audit.ui.own_key": _t("Kunci PC ini: {fingerprint}. Cocokkan sidik jari stasiun lain dengan "
                           "yang tampil di layarnya sebelum menyetujui.",
                           "This PC's key: {fingerprint}. Compare another station's fingerprint "
                           "with the one on its screen before approving."),
    "audit.ui.no_own_key": _t("PC ini belum punya kunci stasiun; buat dulu agar bisa menyetujui "
                              "kunci lain.",
                              "This PC has no station key; create one to be able to approve "
                              "others."),
    "audit.ui.key_made": _t("Kunci PC ini dibuat dan diajukan; setujui di tabel (kunci pertama "
                            "kantor menjadi akar kepercayaan).",
                            "This PC's key was created and requested; approve it in the table "
                            "(the office's first key becomes the root of trust)."),
    "audit.ui.pick_pending": _t("Pilih dulu kunci yang berstatus menunggu.",
                                "Select a key that is pending first."),
    "audit.state.pending": _t("menunggu", "pending"),
    "audit.state.registered": _t("terdaftar", "registered"),
    "audit.state.revoked": _t("dicabut", "revoked"),
    # kinds of the events this issue adds (the audit list's "what" column)
    "admin.kind.officer_login": _t("Petugas masuk", "Officer signed in"),
    "admin.kind.officer_login_failed": _t("PIN petugas salah", "Officer PIN refused"),
    "admin.kind.officer_logout": _t("Petugas keluar", "Officer signed out"),
    "admin.kind.admin_logout": _t("Admin keluar", "Admin signed out"),
    "admin.kind.kiosk_unlock": _t("Kios dibuka admin", "Kiosk unlocked"),
    "admin.kind.kiosk_unlock_failed": _t("PIN kios salah", "Kiosk PIN refused"),
    "admin.kind.kiosk_exit": _t("Kios ditutup", "Kiosk closed"),
    "admin.kind.exported": _t("Data diekspor", "Data exported"),
    "admin.kind.report_issued": _t("Laporan dibuat", "Report issued"),
    "admin.kind.station_key_requested": _t("Kunci stasiun diajukan", "Station key requested"),
    "admin.kind.station_key_registered": _t("Kunci stasiun terdaftar", "Station key registered"),
    "admin.kind.audit_chain_started": _t("Jejak audit dimulai", "Audit trail started"),
    # --help of the options this issue adds (read by ult_desktop.cli.LocalizedParser)
    "cli.exit.9": _t("jejak audit diubah: `check` menyebut peristiwa yang diubah, dihapus, "
                     "disisipkan atau dipalsukan",
                     "audit trail tampered with: `check` names the edited, deleted, inserted or "
                     "forged events"),
    "cli.opt.check.head": _t("kepala rantai yang tercetak di laporan sebelumnya (mis. "
                             "1234:9f3a0c1b); check memberi tahu bila jejak audit ditulis ulang "
                             "sejak itu (boleh berulang)",
                             "a chain head printed on an earlier report (e.g. 1234:9f3a0c1b); "
                             "check says if the log was rewritten since (repeatable)"),
    "cli.opt.station-key.admin": _t("approve: nama pengguna admin (variabel ULT_ADMIN); PIN dari "
                                    "ULT_ADMIN_PIN atau masukan standar",
                                    "approve: admin username (env ULT_ADMIN); the PIN comes from "
                                    "ULT_ADMIN_PIN or standard input"),
    "cli.opt.station-key.admin_station": _t(
        "approve: kunci ini boleh mendaftarkan kunci lain (PC admin lain)",
        "approve: the key may register other keys (another admin PC)"),
}
