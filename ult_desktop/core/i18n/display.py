"""Texts of the lobby display (``ult-desktop display``)."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "display.title": _t("Layar Antrean", "Queue Display"),
    "display.now_calling": _t("NOMOR ANTREAN", "QUEUE NUMBER"),
    "display.go_to": _t("silakan menuju", "please proceed to"),
    "display.counter": _t("LOKET {number}", "COUNTER {number}"),
    "display.idle": _t("—", "—"),
    "display.paused": _t("{reason}", "{reason}"),
    "display.no_call_yet": _t("Belum ada panggilan", "No calls yet"),
    "display.last_calls": _t("Panggilan terakhir", "Last calls"),
    "display.next": _t("Antrean berikutnya", "Next in line"),
    "display.waiting": _t("{count} menunggu", "{count} waiting"),
    "display.none_waiting": _t("tidak ada yang menunggu", "nobody waiting"),
    "display.recall": _t("PANGGILAN ULANG", "CALLED AGAIN"),
    "display.sound_missing": _t("Perangkat suara tidak ditemukan; panggilan hanya tampil di "
                                "layar. Periksa pengeras suara lalu mulai ulang layar ini.",
                                "No sound device found; calls are shown on screen only. Check the "
                                "speakers, then restart this screen."),
    "display.demo_title": _t("Demo: Layar Antrean", "Demo: Queue Display"),
    "display.fetching": _t("PETUGAS MENJEMPUT", "AN OFFICER IS COMING"),
    "display.fetching_hint": _t("silakan tetap duduk", "please stay seated"),
    "display.deaf": _t("PERHATIAN: NOMOR INI DIPANGGIL", "ATTENTION: THIS NUMBER IS CALLED"),
}
