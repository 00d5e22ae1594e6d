"""The shared voice: clips or speech, played through Qt (the TV, the kiosk, the survey)."""
