"""Audio for voice calls: spoken phrase -> clips/TTS -> one WAV, queued in event order.

Playing the WAV is the ui layer's job (Qt Multimedia); this package only produces it. A
name is imported from its module (``announcer``, ``compose``, ``queue``, ``voice`` ...).

    announcer = Announcer.from_settings(settings, base_dir=db_folder)
    utterance = announcer.prepare(CallRequest(event_id=7, number="A-012", counter=2))
    utterance.wav  # bytes of a mono 16 kHz WAV: chime + "Nomor antrean A dua belas ..."
"""
