"""Audio for voice calls: spoken phrase -> clips/TTS -> one WAV, queued in event order.

Playing the WAV is the ui layer's job (Qt Multimedia); this package only produces it.

    announcer = Announcer.from_settings(settings, base_dir=db_folder)
    utterance = announcer.prepare(CallRequest(event_id=7, number="A-012", counter=2))
    utterance.wav  # bytes of a mono 16 kHz WAV: chime + "Nomor antrean A dua belas ..."
"""

from ult_desktop.devices.audio.announcer import Announcer
from ult_desktop.devices.audio.compose import Utterance, compose, compose_prompt
from ult_desktop.devices.audio.queue import AnnouncementQueue, CallRequest
from ult_desktop.devices.audio.voice import (
    ClipVoice,
    SpeechVoice,
    TtsVoice,
    VoiceUnavailable,
    select_voice,
)

__all__ = [
    "AnnouncementQueue", "Announcer", "CallRequest", "ClipVoice", "SpeechVoice", "TtsVoice",
    "Utterance", "VoiceUnavailable", "compose", "compose_prompt", "select_voice",
]
