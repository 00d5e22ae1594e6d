"""Texts of the lobby display (``ult-desktop display``)."""

TEXTS = {
    "display.title": {"id": "Layar Antrean", "en": "Queue Display"},
    "display.now_calling": {"id": "NOMOR ANTREAN", "en": "QUEUE NUMBER"},
    "display.go_to": {"id": "silakan menuju", "en": "please proceed to"},
    "display.counter": {"id": "LOKET {number}", "en": "COUNTER {number}"},
    "display.idle": {"id": "—", "en": "—"},
    "display.no_call_yet": {"id": "Belum ada panggilan", "en": "No calls yet"},
    "display.last_calls": {"id": "Panggilan terakhir", "en": "Last calls"},
    "display.next": {"id": "Antrean berikutnya", "en": "Next in line"},
    "display.waiting": {"id": "{count} menunggu", "en": "{count} waiting"},
    "display.none_waiting": {"id": "tidak ada yang menunggu", "en": "nobody waiting"},
    "display.recall": {"id": "PANGGILAN ULANG", "en": "CALLED AGAIN"},
    "display.sound_missing": {
        "id": "Perangkat suara tidak ditemukan; panggilan hanya tampil di layar. "
              "Periksa pengeras suara lalu mulai ulang layar ini.",
        "en": "No sound device found; calls are shown on screen only. "
              "Check the speakers, then restart this screen."},
    "display.demo_title": {"id": "Demo: Layar Antrean", "en": "Demo: Queue Display"},
}
