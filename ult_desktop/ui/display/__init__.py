"""The lobby display: who is called where, with chime and voice (``ult-desktop display``)."""
