"""Texts of the root of trust kept outside the file and the stations as witnesses
(issue #21)."""

_REPIN_ID = "`ult-desktop station-key repin --db BERKAS --admin NAMA`"
_REPIN_EN = "`ult-desktop station-key repin --db FILE --admin NAME`"

TEXTS = {
    "error.root_changed": {
        "id": "Stasiun ini menolak menulis: akar kepercayaan di berkas kini kunci {found} "
              "('{label}'), bukan kunci {pinned} yang disematkan PC ini; bila kunci memang "
              "sengaja diganti, admin menjalankan " + _REPIN_ID + " di PC ini.",
        "en": "This station refuses to write: the file's root of trust is now key {found} "
              "('{label}'), not key {pinned} which this PC pinned; if the keys were replaced "
              "on purpose, an admin runs " + _REPIN_EN + " on this PC."},
    "audit.error.need_admin": {
        "id": "Hanya admin yang sudah masuk dengan PIN-nya yang boleh menyetujui kunci "
              "stasiun.",
        "en": "Only an admin signed in with their PIN may approve station keys."},
    "audit.error.root_not_here": {
        "id": "Akar kepercayaan kantor hanya dibuat di PC admin, bukan di kios, loket, "
              "layar atau survei.",
        "en": "The office's root of trust is made only on the admin PC, never on a kiosk, "
              "counter, display or survey station."},
    "audit.problem.root": {"id": "akar kepercayaan diganti",
                           "en": "root of trust replaced"},
    "audit.problem.unsigned": {"id": "tanpa tanda tangan", "en": "unsigned"},
    "audit.problem.impersonated": {"id": "menyamar", "en": "impersonated"},
    "audit.explain.root": {
        "id": "akar kepercayaan di berkas bukan yang disematkan PC ini: kunci stasiun diganti",
        "en": "the file's root of trust is not the one this PC pinned: the station keys "
              "were replaced"},
    "audit.explain.unsigned": {
        "id": "peristiwa ini tanpa tanda tangan padahal kantor sudah mendaftarkan kunci "
              "stasiun: tidak membuktikan apa pun",
        "en": "this event is unsigned although the office registers its station keys: it "
              "proves nothing"},
    "audit.explain.impersonated": {
        "id": "peristiwa ini memakai nama stasiun terdaftar, tetapi tidak ditandatangani "
              "kunci stasiun itu",
        "en": "this event bears a registered station's name but is not signed by that "
              "station's key"},
    "audit.cli.pinned": {
        "id": "  akar kepercayaan disematkan di PC ini: {fingerprint}",
        "en": "  root of trust pinned on this PC: {fingerprint}"},
    "audit.cli.repinned": {
        "id": "PC ini kini mempercayai akar kepercayaan {fingerprint} ('{label}').",
        "en": "This PC now trusts the root of trust {fingerprint} ('{label}')."},
    "audit.cli.no_root": {
        "id": "Berkas ini belum punya akar kepercayaan; buat di PC admin dengan "
              "`ult-desktop station-key approve` atas kunci PC admin itu sendiri.",
        "en": "This file has no root of trust yet; make one on the admin PC with "
              "`ult-desktop station-key approve` of that admin PC's own key."},
    "audit.cli.bad_root": {
        "id": "sidik jari akar '{value}' tidak terbaca; tulis 16 huruf hex seperti "
              "`cb6f bb8e 3f19 aa01`",
        "en": "root fingerprint '{value}' not understood; write its 16 hex digits like "
              "`cb6f bb8e 3f19 aa01`"},
    "audit.cli.root_made": {
        "id": "Kunci PC ini {fingerprint} kini akar kepercayaan kantor (disetujui {admin}).",
        "en": "This PC's key {fingerprint} is now the office's root of trust (approved "
              "by {admin})."},
    "trust.banner.chain_break": {
        "id": "Jejak audit terputus: peristiwa #{id} yang sudah diperiksa stasiun ini "
              "{what}; laporkan ke kepala kantor dan jalankan `ult-desktop check`.",
        "en": "The audit trail was cut: event #{id}, which this station had verified, "
              "{what}; tell the head of office and run `ult-desktop check`."},
    "trust.break.gone": {"id": "hilang dari berkas", "en": "is gone from the file"},
    "trust.break.changed": {"id": "isinya berubah", "en": "has changed"},
    "admin.kind.chain_break": {"id": "Rantai audit terputus", "en": "Audit chain broken"},
    "admin.kind.root_repinned": {"id": "Akar kepercayaan disematkan ulang",
                                 "en": "Root of trust re-pinned"},
    "cli.opt.check.root": {
        "id": "sidik jari akar kepercayaan yang diharapkan (dari PC admin atau laporan "
              "bulanan); check menyebutnya bila berbeda",
        "en": "the expected root of trust fingerprint (from the admin PC or the monthly "
              "report); check names it when it differs"},
}
