"""Texts of the escalation receipt (core/receipt.py)."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "receipt.title": _t("Tanda terima: permintaan Anda diteruskan",
                        "Receipt: your request has been passed on"),
    "receipt.title_rescheduled": _t("Tanda terima: permintaan Anda dijadwalkan ulang",
                                    "Receipt: your request is rescheduled"),
    "receipt.visit.title": _t("Kunjungan lanjutan", "Follow-up visit"),
    "receipt.visit.window": _t("Pukul {opens}-{closes}", "From {opens} to {closes}"),
    "receipt.visit.code": _t("Kode: {code}", "Code: {code}"),
    "receipt.visit.how": _t("Pada hari itu pindai QR ini (atau ketik kodenya) di anjungan; "
                            "Anda masuk antrean tanpa mengambil nomor dari awal.",
                            "On that day scan this QR (or type the code) at the kiosk; you "
                            "join the line without starting over."),
    "receipt.case": _t("Nomor kasus {number}", "Case number {number}"),
    "receipt.ticket": _t("antrean {number}", "ticket {number}"),
    "receipt.online_ref": _t("permohonan daring {ref}", "online request {ref}"),
    "receipt.topic": _t("Topik: {topic}", "Topic: {topic}"),
    "receipt.unit": _t("Diteruskan ke: {unit}", "Passed on to: {unit}"),
    "receipt.due": _t("Jawaban paling lambat {due}.", "Answer at the latest on {due}."),
    "receipt.why": _t("{days} hari kerja; hari libur di antaranya: {holidays}.",
                      "{days} working days; holidays in between: {holidays}."),
    "receipt.callback": _t("Petugas akan menghubungi Anda di {phone}.",
                           "An officer will call you on {phone}."),
    "receipt.dialog_title": _t("Tanda terima penerusan", "Receipt"),
    "receipt.read_out": _t("Bacakan atau berikan kepada pengunjung:",
                           "Read this out or give it to the visitor:"),
    "receipt.copy": _t("Salin", "Copy"),
    "receipt.copied": _t("Tanda terima disalin.", "Receipt copied."),
    "receipt.close": _t("Tutup", "Close"),
}
