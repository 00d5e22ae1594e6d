"""Texts of the root of trust kept outside the file and the stations as witnesses."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "error.root_changed": _t(
        "Stasiun ini menolak menulis: akar kepercayaan di berkas kini kunci {found} ('{label}'), "
        "bukan kunci {pinned} yang disematkan PC ini; bila kunci memang sengaja diganti, admin "
        "menjalankan `ult-desktop station-key repin --db BERKAS --admin NAMA` di PC ini.",
        "This station refuses to write: the file's root of trust is now key {found} ('{label}'), "
        "not key {pinned} which this PC pinned; if the keys were replaced on purpose, an admin "
        "runs `ult-desktop station-key repin --db FILE --admin NAME` on this PC."),
    "audit.error.need_admin": _t("Hanya admin yang sudah masuk dengan PIN-nya yang boleh "
                                 "menyetujui kunci stasiun.",
                                 "Only an admin signed in with their PIN may approve station keys."),
    "audit.error.root_not_here": _t("Akar kepercayaan kantor hanya dibuat di PC admin, bukan di "
                                    "kios, loket, layar atau survei.",
                                    "The office's root of trust is made only on the admin PC, "
                                    "never on a kiosk, counter, display or survey station."),
    "audit.problem.root": _t("akar kepercayaan diganti", "root of trust replaced"),
    "audit.problem.unsigned": _t("tanpa tanda tangan", "unsigned"),
    "audit.problem.impersonated": _t("menyamar", "impersonated"),
    "audit.explain.root": _t(
        "akar kepercayaan di berkas bukan yang disematkan PC ini: kunci stasiun diganti",
        "the file's root of trust is not the one this PC pinned: the station keys were replaced"),
    "audit.explain.unsigned": _t("peristiwa ini tanpa tanda tangan padahal kantor sudah "
                                 "mendaftarkan kunci stasiun: tidak membuktikan apa pun",
                                 "this event is unsigned although the office registers its "
                                 "station keys: it proves nothing"),
    "audit.problem.unregistered": _t("kunci tidak terdaftar", "unregistered key"),
    "audit.explain.unregistered": _t(
        "peristiwa ini ditandatangani kunci yang tidak pernah didaftarkan kantor: siapa pun bisa "
        "membuat kunci, jadi tidak membuktikan apa pun (setujui stasiun itu di halaman admin bila "
        "memang milik kantor)",
        "these events are signed by a key the office never registered: anyone can make a key, so "
        "they prove nothing (approve the station on the admin page if it is the office's)"),
    "audit.explain.impersonated": _t("peristiwa ini memakai nama stasiun terdaftar, tetapi tidak "
                                     "ditandatangani kunci stasiun itu",
                                     "this event bears a registered station's name but is not "
                                     "signed by that station's key"),
    "audit.cli.high_water": _t(
        "  catatan: penghitung berkas menyebut peristiwa hingga #{id}, tetapi tidak ada "
        "peristiwa bertanda tangan yang menyebutnya; PC yang pernah melihatnya, atau kepala "
        "rantai di laporan cetak (check --head), menunjukkan apakah peristiwa terbaru dihapus.",
        "  note: the file's counter names events up to #{id}, but no signed event names "
        "them; a PC that saw them, or the chain head on a printed report (check --head), "
        "tells whether the newest events were removed."),
    "audit.cli.skipped_ids": _t(
        "  catatan: nomor peristiwa #{first}–#{last} dilewati; tidak ada peristiwa bertanda "
        "tangan yang menyebutnya (penghitung berkas dinaikkan, atau peristiwa terbaru dihapus "
        "sebelum kantor lanjut bekerja: lihat perbedaan tabel di bawah).",
        "  note: event numbers #{first}-#{last} were skipped; no signed event names them (the "
        "file's counter was raised, or the newest events were removed before the office went "
        "on: see the table differences below)."),
    "audit.error.root_not_founder": _t(
        "Berkas ini dibuat di PC lain: tambahkan admin pertamanya di PC yang menjalankan "
        "init, atau buat berkas baru di PC admin dengan ult-desktop init --admin NAMA.",
        "This file was made on another PC: add its first admin on the PC that ran init, or "
        "make a new file on the admin PC with ult-desktop init --admin NAME."),
    "audit.cli.unpinned": _t(
        "  TIDAK terverifikasi terhadap akar yang dikenal: PC ini belum diberi sidik jari akar "
        "kepercayaan; ulangi dengan --root SIDIKJARI dari PC admin atau laporan bulanan.",
        "  NOT verified against a known root: this PC was never given the root of trust's "
        "fingerprint; run again with --root FINGERPRINT from the admin PC or the monthly report."),
    "audit.cli.pinned": _t("  akar kepercayaan disematkan di PC ini: {fingerprint}",
                           "  root of trust pinned on this PC: {fingerprint}"),
    "audit.cli.repinned": _t("PC ini kini mempercayai akar kepercayaan {fingerprint} ('{label}').",
                             "This PC now trusts the root of trust {fingerprint} ('{label}')."),
    "audit.cli.no_root": _t("Berkas ini belum punya akar kepercayaan; buat di PC admin dengan "
                            "`ult-desktop station-key approve` atas kunci PC admin itu sendiri.",
                            "This file has no root of trust yet; make one on the admin PC with "
                            "`ult-desktop station-key approve` of that admin PC's own key."),
    "audit.cli.bad_root": _t("sidik jari akar '{value}' tidak terbaca; tulis 16 huruf hex seperti "
                             "`cb6f bb8e 3f19 aa01`",
                             "root fingerprint '{value}' not understood; write its 16 hex digits "
                             "like `cb6f bb8e 3f19 aa01`"),
    "trust.banner.chain_break": _t(
        "Jejak audit terputus: peristiwa #{id} yang sudah diperiksa stasiun ini {what}; laporkan "
        "ke kepala kantor dan jalankan `ult-desktop check`.",
        "The audit trail was cut: event #{id}, which this station had verified, {what}; tell the "
        "head of office and run `ult-desktop check`."),
    "trust.break.gone": _t("hilang dari berkas", "is gone from the file"),
    "trust.break.changed": _t("isinya berubah", "has changed"),
    "admin.kind.chain_break": _t("Rantai audit terputus", "Audit chain broken"),
    "admin.kind.root_repinned": _t("Akar kepercayaan disematkan ulang", "Root of trust re-pinned"),
    "cli.opt.check.root": _t("sidik jari akar kepercayaan yang diharapkan (dari PC admin atau "
                             "laporan bulanan); check menyebutnya bila berbeda",
                             "the expected root of trust fingerprint (from the admin PC or the "
                             "monthly report); check names it when it differs"),
}
