"""What the kiosk and the survey say in their spoken mode, and the keys that go with it.

Numbers are written as digits (``Tekan 1``): the voice reads them as words from the
office's clips (core/spoken.py). Every word here is also a clip of the shipped voice set
(scripts/make_voice_pack.py), so only the office's own names need a speech engine."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- on screen ----------------------------------------------------------------------
    "speak.listen": _t("Dengar", "Listen"),
    "speak.large": _t("Aa Besar", "Aa Large"),
    "speak.large_off": _t("Aa Normal", "Aa Normal"),
    "speak.confirm.title": _t("Periksa pilihan Anda", "Check your choice"),
    "speak.confirm.print": _t("Cetak tiket", "Print the ticket"),
    "speak.confirm.keys": _t("Tombol 0 atau Enter: cetak · tombol *: kembali",
                             "Key 0 or Enter: print · key *: back"),
    "speak.regular": _t("Antrean umum", "Regular queue"),
    # the spoken mode's screen keys (its keypad keys: / - + .)
    "speak.key.louder": _t("Keras +", "Louder +"),
    "speak.key.softer": _t("Pelan −", "Softer −"),
    "speak.key.again": _t("Ulangi", "Again"),
    "speak.key.stop": _t("Diam", "Stop"),
    # -- said ------------------------------------------------------------------------
    "speak.start": _t("Selamat datang. Tekan angka pilihan Anda.",
                      "Welcome. Press the number of your choice."),
    "speak.option": _t("{n}, {name}.", "{n}, {name}."),
    # a service said with its queue letter: a kiosk with no Indonesian voice says the
    # letter (a shipped clip) where it cannot say the service's own name
    "speak.service": _t("{name}, layanan {prefix}", "{name}, service {prefix}"),
    "speak.priority_option": _t("{n}, layanan prioritas: penyandang disabilitas, lanjut usia, "
                                "ibu hamil, anak, dan korban bencana.",
                                "{n}, priority service: persons with disabilities, elderly, "
                                "pregnant mothers, children and disaster victims."),
    "speak.blocked": _t("{name} tidak dapat dipilih: {why}.", "{name} cannot be chosen: {why}."),
    "speak.repeat": _t("Tekan plus untuk mendengar lagi.", "Press plus to listen again."),
    # a headset plugged in: said there only, before the start screen
    "speak.headset": _t("Earphone tersambung, suara hanya terdengar di earphone Anda.",
                        "Earphone connected, only you can hear this voice."),
    "speak.volume_keys": _t("Tekan garis miring untuk suara lebih keras, minus untuk lebih "
                            "pelan, titik untuk berhenti.",
                            "Press slash for louder, minus for softer, dot to stop."),
    "speak.volume": _t("Suara {level} dari {levels}.", "Volume {level} of {levels}."),
    "speak.volume_max": _t("Suara {level} dari {levels}, paling keras.",
                           "Volume {level} of {levels}, the loudest."),
    "speak.volume_min": _t("Suara {level} dari {levels}, paling pelan.",
                           "Volume {level} of {levels}, the softest."),
    # the English screen on a PC that cannot speak English: said in Indonesian
    "speak.no_english": _t("Suara bahasa Inggris tidak tersedia, panduan dalam bahasa "
                           "Indonesia.", "English speech is not available."),
    "speak.back": _t("Tekan bintang untuk kembali.", "Press star to go back."),
    "speak.closed": _t("Layanan sedang tutup.", "The service is closed."),
    "speak.pick_group": _t("Layanan prioritas. Tekan angka kelompok Anda.",
                           "Priority service. Press the number of your group."),
    "speak.pick_service": _t("Tekan angka layanan Anda.", "Press the number of your service."),
    "speak.chosen": _t("Anda memilih {service}, {kind}.", "You chose {service}, {kind}."),
    # how a priority visitor is met: switched on the check before printing, said back,
    # and said after printing
    "speak.assist_first": _t("Bila perlu:", "If needed:"),
    "speak.seat_option": _t("menunggu duduk, dijemput petugas",
                            "wait seated, fetched by an officer"),
    "speak.deaf_option": _t("tuli atau sulit mendengar", "Deaf or hard of hearing"),
    "speak.option_on": _t("{n}, {name}, sudah dipilih. Tekan {n} lagi untuk membatalkan.",
                          "{n}, {name}, chosen. Press {n} again to cancel."),
    "speak.seat_chosen": _t("menunggu duduk, petugas akan menjemput Anda",
                            "waiting seated, an officer will fetch you"),
    "speak.stay_seated": _t("Silakan tetap duduk di kursi ruang tunggu, tidak perlu ke loket: "
                            "petugas akan menjemput Anda.",
                            "Please stay seated in the waiting room, do not go to the "
                            "counter: an officer will fetch you."),
    "speak.confirm": _t("Tekan 0 atau Enter untuk mencetak tiket.",
                        "Press 0 or Enter to print the ticket."),
    "speak.printing": _t("Tiket sedang dicetak.", "The ticket is being printed."),
    "speak.number": _t("Nomor antrean Anda {number}, {service}.",
                       "Your queue number is {number}, {service}."),
    "speak.go_counter": _t("Silakan menunggu di kursi ruang tunggu, Anda akan dipanggil ke "
                           "loket {counters}.",
                           "Please wait on a seat in the waiting room, you will be called "
                           "to counter {counters}."),
    "speak.go_wait": _t("Silakan menunggu di kursi ruang tunggu sampai nomor Anda dipanggil "
                        "ke loket.",
                        "Please wait on a seat in the waiting room until your number is "
                        "called to a counter."),
    "speak.ahead": _t("Di depan Anda {count} orang.", "{count} people are ahead of you."),
    "speak.next": _t("Anda berikutnya dipanggil.", "You are next."),
    "speak.printed": _t("Tiket sudah tercetak, ambil di bawah layar.",
                        "The ticket is printed, take it below the screen."),
    "speak.not_printed": _t("Tiket tidak tercetak, minta bantuan petugas.",
                            "The ticket was not printed, ask an officer for help."),
    "speak.done": _t("Tekan 0 untuk selesai.", "Press 0 to finish."),
    # -- the survey --------------------------------------------------------------------
    "speak.survey.code": _t("Survei kepuasan. Ketik kode pada tiket Anda, lalu tekan Enter. "
                            "Minta bantuan petugas bila perlu.",
                            "Satisfaction survey. Type the code on your ticket, then press "
                            "Enter. Ask an officer for help if needed."),
    "speak.survey.question": _t("Pertanyaan {n} dari {total}. {question} Tekan angka jawaban "
                                "Anda.",
                                "Question {n} of {total}. {question} Press the number of your "
                                "answer."),
    "speak.survey.profile": _t("{field}. Tekan angka jawaban Anda.",
                               "{field}. Press the number of your answer."),
    "speak.survey.suggestion": _t("Saran, boleh dikosongkan. Tekan Enter untuk mengirim.",
                                  "Suggestion, may be left empty. Press Enter to send."),
    "speak.survey.thanks": _t("Terima kasih, jawaban Anda sudah kami terima.",
                              "Thank you, we have received your answers."),
}
