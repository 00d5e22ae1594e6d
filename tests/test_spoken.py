"""Spoken calls: number words, call tokens, stitched WAV, announcement queue."""

from __future__ import annotations

import io
import math
import shutil
import string
import threading
import time
import wave
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ult_desktop.core.spoken import (
    VOLUME_FLOOR,
    VOLUME_MAX,
    all_tokens,
    build_announcement,
    number_text,
    number_words,
)
from ult_desktop.devices.audio.announcer import Announcer
from ult_desktop.devices.audio.chime import chime_path, synth_chime
from ult_desktop.devices.audio.compose import compose
from ult_desktop.devices.audio.pcm import RATE, read_wav, tone, write_wav
from ult_desktop.devices.audio.queue import AnnouncementQueue, CallRequest
from ult_desktop.devices.audio.voice import ClipVoice, find_tts, select_voice, voice_dir

# --- an independent reader of Indonesian number words, to check the speller -----------
_ID_DIGITS = {w: i for i, w in enumerate(
    ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"])}


def _read_id_below_thousand(words: list[str]) -> int:
    total, i = 0, 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w == "seratus":
            total += 100
        elif w == "sepuluh":
            total += 10
        elif w == "sebelas":
            total += 11
        elif w in _ID_DIGITS and nxt in ("ratus", "puluh", "belas"):
            assert _ID_DIGITS[w] >= 2 or nxt == "belas", words  # "satu ratus" is wrong
            total += _ID_DIGITS[w] * {"ratus": 100, "puluh": 10}.get(nxt, 1)
            total += 10 if nxt == "belas" else 0
            i += 1
        elif w in _ID_DIGITS:
            total += _ID_DIGITS[w]
        else:
            raise AssertionError(f"unexpected word {w!r} in {words}")
        i += 1
    return total


def read_id_number(words: list[str]) -> int:
    if "seribu" in words:
        return 1000 + _read_id_below_thousand(words[1:])
    if "ribu" in words:
        k = words.index("ribu")
        return 1000 * _read_id_below_thousand(words[:k]) + _read_id_below_thousand(words[k + 1:])
    return _read_id_below_thousand(words)


@pytest.mark.parametrize(("n", "text"), [
    (0, "nol"), (1, "satu"), (9, "sembilan"), (10, "sepuluh"), (11, "sebelas"),
    (12, "dua belas"), (19, "sembilan belas"), (20, "dua puluh"), (21, "dua puluh satu"),
    (99, "sembilan puluh sembilan"), (100, "seratus"), (101, "seratus satu"),
    (110, "seratus sepuluh"), (111, "seratus sebelas"), (200, "dua ratus"),
    (999, "sembilan ratus sembilan puluh sembilan"), (1000, "seribu"),
    (1012, "seribu dua belas"), (2000, "dua ribu"), (100_000, "seratus ribu"),
])
def test_indonesian_number_words(n, text):
    assert number_text(n) == text


@pytest.mark.parametrize(("n", "text"), [
    (0, "zero"), (7, "seven"), (12, "twelve"), (21, "twenty-one"), (100, "one hundred"),
    (111, "one hundred eleven"), (999, "nine hundred ninety-nine"), (1000, "one thousand"),
])
def test_english_number_words(n, text):
    assert number_text(n, "en") == text


def test_every_number_with_every_prefix_is_spoken_without_leading_zeros():
    id_tokens, en_tokens = set(all_tokens("id")), set(all_tokens("en"))
    texts = set()
    for prefix in string.ascii_uppercase:
        for seq in range(0, 1000):
            words = list(build_announcement(f"{prefix}-{seq:03d}", 2).words)
            assert words[:3] == ["nomor", "antrean", prefix]
            assert words[-4:] == ["silakan", "menuju", "loket", "dua"]
            spoken = words[3:-4]
            assert read_id_number(spoken) == seq
            assert ("nol" in spoken) == (seq == 0)  # never "nol nol dua belas"
            assert set(words) <= id_tokens
            en = list(build_announcement(f"{prefix}{seq}", 3, "en").words)
            assert en[:3] == ["queue", "number", prefix] and en[-1] == "three"
            assert set(en) <= en_tokens
            texts.add(build_announcement(f"{prefix}-{seq:03d}", 2).text)
    assert len(texts) == 26 * 1000


def test_call_phrase_uses_standard_spelling():
    ann = build_announcement("A-012", 2)
    assert ann.text == "Nomor antrean A dua belas, silakan menuju loket dua."
    assert ann.words == ("nomor", "antrean", "A", "dua", "belas", "silakan", "menuju", "loket",
                         "dua")
    assert ann.breaks == (5,)
    en = build_announcement("B-105", 11, "en")
    assert en.text == "Queue number B one hundred five, please proceed to counter eleven."
    assert "silahkan" not in ann.text and "antrian" not in ann.text


def test_two_letter_prefix_and_bad_input():
    assert list(build_announcement("PA-003", 1).words)[2:5] == ["P", "A", "tiga"]
    assert build_announcement("pa-3", 1).tts_text.startswith("Nomor antrean pe a tiga")
    with pytest.raises(ValueError):
        build_announcement("12", 1)
    with pytest.raises(ValueError):
        number_words(-1)
    with pytest.raises(ValueError):
        number_words(3, "fr")


# --- voice packs and the stitched WAV ----------------------------------------------------

def _wav_samples(data: bytes) -> tuple[array, int, int]:
    with wave.open(io.BytesIO(data)) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        return array("h", wav.readframes(wav.getnframes())), wav.getframerate(), wav.getnframes()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_shipped_voice_pack_is_complete_and_small(lang):
    pack = ClipVoice([voice_dir(lang)])
    assert pack.missing(all_tokens(lang)) == []
    for token in all_tokens(lang):
        with wave.open(str(voice_dir(lang) / f"{token}.wav")) as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
            assert 0.1 < wav.getnframes() / RATE < 1.2, token
    assert chime_path().is_file()


def test_stitched_call_has_chime_then_clips_in_order():
    voice = ClipVoice([voice_dir("id")])
    ann = build_announcement("A-012", 2)
    chime = read_wav(chime_path())
    utt = compose(ann, voice, chime=chime, repeat=1, volume=100)
    samples, rate, frames = _wav_samples(utt.wav)
    assert rate == RATE and utt.speech
    assert utt.spoken_labels() == list(ann.words)
    assert utt.parts[0][0] == "chime"
    # Each token's clip sits exactly where the parts say, sample for sample.
    for label, start, end in utt.parts:
        a, b = round(start * RATE), round(end * RATE)
        if label == "chime":
            assert samples[a:b] == chime
        elif label in ann.words:
            assert samples[a:b] == voice.clip(label), label
        else:
            assert not any(samples[a:b]), label  # silences are silent
    clip_total = sum(len(voice.clip(t)) for t in ann.words)
    assert frames == len(chime) + clip_total + RATE * 250 // 1000 + RATE * (
        7 * 40 + 260) // 1000
    assert math.isclose(utt.duration_s, frames / RATE)


def test_repeat_and_volume():
    voice = ClipVoice([voice_dir("id")])
    ann = build_announcement("C-101", 3)
    once = compose(ann, voice, chime=synth_chime(), repeat=1, volume=100)
    twice = compose(ann, voice, chime=synth_chime(), repeat=2, volume=100)
    assert twice.spoken_labels() == list(ann.words) * 2
    speech = once.duration_s - once.parts[2][1]
    assert math.isclose(twice.duration_s, once.duration_s + 0.9 + speech, abs_tol=1e-3)
    quiet = compose(ann, voice, chime=synth_chime(), repeat=1, volume=30)
    loud_peak = max(map(abs, _wav_samples(once.wav)[0]))
    quiet_peak = max(map(abs, _wav_samples(quiet.wav)[0]))
    assert 0 < quiet_peak < loud_peak * 0.2


def test_office_recording_overrides_one_clip(tmp_path):
    office = tmp_path / "voice" / "id"
    office.mkdir(parents=True)
    # A recording as an office makes it: 44.1 kHz stereo, file name in capitals.
    rec = tone(440, 500, rate=44_100)
    stereo = array("h", (s for v in rec for s in (v, v)))
    with wave.open(str(office / "LOKET.WAV"), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(44_100)
        wav.writeframes(stereo.tobytes())
    voice = select_voice("default", "id", base_dir=tmp_path, tts=False)
    utt = compose(build_announcement("A-001", 1), voice, chime=synth_chime())
    loket = [(s, e) for label, s, e in utt.parts if label == "loket"]
    assert len(loket) == 1 and math.isclose(loket[0][1] - loket[0][0], 0.5, abs_tol=0.002)
    shipped = ClipVoice([voice_dir("id")])
    assert voice.clip("loket") != shipped.clip("loket")
    assert voice.clip("nomor") == shipped.clip("nomor")  # the rest comes from the pack


def test_chime_plays_when_speech_is_unavailable(tmp_path, caplog):
    empty = ClipVoice([tmp_path])
    utt = compose(build_announcement("A-012", 2), empty, chime=synth_chime())
    assert not utt.speech and [p[0] for p in utt.parts] == ["chime", "lead"]
    assert utt.duration_s > 1.5
    assert "chime only" in caplog.text
    samples, _, _ = _wav_samples(utt.wav)
    assert max(samples) > 5000  # the chime is audible
    broken = tmp_path / "chime.wav"
    broken.write_bytes(b"not a wav")
    a = Announcer(voice_pack="clips", tts=False, chime_file=broken)
    assert a.prepare(CallRequest(1, "A-1", 1)).speech  # built-in chime, shipped voice


def test_announcer_reads_office_settings():
    a = Announcer.from_settings({"voice_pack": "clips", "announce_language": "en",
                                 "announce_repeat": 2, "announce_volume": 50}, tts=False)
    utt = a.prepare(CallRequest(5, "B-020", 4))
    assert utt.spoken_labels() == list(build_announcement("B-020", 4, "en").words) * 2
    bad = a.prepare(CallRequest(6, "???", 4))
    assert not bad.speech


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_system_tts_speaks_indonesian():
    tts = find_tts("id")
    assert tts is not None
    voice = select_voice("tts", "id", tts=tts)
    utt = compose(build_announcement("A-012", 2), voice, chime=synth_chime())
    assert utt.speech and utt.spoken_labels() == ["tts"]
    assert utt.duration_s > 1.7 + 1.5


def test_written_clip_reads_back(tmp_path):
    write_wav(tmp_path / "x.wav", tone(300, 100))
    assert len(read_wav(tmp_path / "x.wav")) == RATE // 10


# --- the announcement queue ----------------------------------------------------------------

class RecordingPlayer:
    """Plays nothing; finishes each utterance after a short delay on another thread."""

    def __init__(self, delay: float = 0.003) -> None:
        self.delay = delay
        self.log: list[tuple[str, str]] = []
        self.playing = 0
        self.overlaps = 0
        self.lock = threading.Lock()

    def __call__(self, utt, done):
        with self.lock:
            self.playing += 1
            self.overlaps += self.playing > 1
            self.log.append(("start", utt.announcement.number))

        def finish():
            time.sleep(self.delay)
            with self.lock:
                self.playing -= 1
                self.log.append(("end", utt.announcement.number))
            done()
        threading.Thread(target=finish).start()


def test_queue_plays_a_burst_of_calls_and_recalls_in_event_order():
    announcer = Announcer(voice_pack="clips", tts=False)
    player = RecordingPlayer()
    q = AnnouncementQueue(announcer.prepare, player)
    requests = [CallRequest(event_id=i, number=f"{'ABC'[i % 3]}-{i:03d}", counter=1 + i % 4,
                            kind="recalled" if i % 5 == 0 else "called") for i in range(1, 61)]
    for r in requests:
        assert q.submit(r)
    assert not q.submit(requests[3])  # the same event seen twice is announced once
    assert q.wait_idle(30)
    q.close()
    assert list(q.played) == requests
    assert player.overlaps == 0
    starts = [n for what, n in player.log if what == "start"]
    assert starts == [r.number for r in requests]
    # Strictly alternating start/end: each call ends before the next one starts.
    assert [w for w, _ in player.log] == ["start", "end"] * len(requests)


def test_queue_survives_a_dead_player_and_a_failing_compose(caplog):
    announcer = Announcer(voice_pack="clips", tts=False)

    def compose_or_fail(req):
        if req.number == "X-002":
            raise RuntimeError("boom")
        return announcer.prepare(req)

    calls: list[str] = []

    def silent_player(utt, done):  # never reports back, like a hung sound device
        calls.append(utt.announcement.number)

    q = AnnouncementQueue(compose_or_fail, silent_player, margin_s=-utt_len(announcer) + 0.05)
    for i in (1, 2, 3):
        q.submit(CallRequest(i, f"X-{i:03d}", 1))
    assert q.wait_idle(10)
    q.close()
    assert calls == ["X-001", "X-003"]
    assert "did not finish" in caplog.text and "could not prepare" in caplog.text


def utt_len(announcer: Announcer) -> float:
    return announcer.prepare(CallRequest(0, "X-001", 1)).duration_s


# --- spoken screens (the kiosk's and the survey's spoken mode) -------------------------------
def test_a_written_sentence_becomes_clip_tokens_with_pauses():
    from ult_desktop.core.spoken import prompt_words, speakable

    assert prompt_words("Nomor antrean Anda P-003, silakan menuju loket 3.") == (
        ("nomor", "antrean", "anda", "P", "tiga", "silakan", "menuju", "loket", "tiga"), (5,))
    assert prompt_words("2, Tunjangan Profesi & PAK.")[0] == ("dua", "tunjangan", "profesi",
                                                             "pak")
    assert speakable("Nomor A-012, tekan B.") == "Nomor a dua belas, tekan be."


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_fixed_word_the_spoken_screens_say_is_a_shipped_clip(lang):
    """A changed spoken text needs its new words recorded: scripts/make_voice_pack.py."""
    from ult_desktop.core.spoken import prompt_tokens

    assert len(prompt_tokens(lang)) > 80
    assert ClipVoice([voice_dir(lang)]).missing(prompt_tokens(lang)) == []


def test_a_spoken_screen_is_the_office_clips_and_an_engine_only_for_the_names():
    from ult_desktop.devices.audio.compose import compose_prompt

    clips = ClipVoice([voice_dir("id")])
    text = "Selamat datang. Tekan angka pilihan Anda. 2, Layanan Zonasi."
    alone = compose_prompt(text, "id", clips)
    assert alone.unsaid == ()  # no engine: the one unknown word is spelt, never dropped
    assert alone.spoken_labels()[:3] == ["selamat", "datang", "tekan"]
    assert alone.spoken_labels()[-2:] == ["layanan", "spell:zonasi"]
    assert alone.duration_s > 2
    espeak = find_tts("id")
    if espeak is None:
        pytest.skip("espeak-ng with an Indonesian voice is not installed")
    mixed = compose_prompt(text, "id", clips, espeak)
    assert mixed.unsaid == () and "tts:zonasi" in mixed.spoken_labels()
    assert [w for w in mixed.spoken_labels() if not w.startswith("tts:")] == \
        [w for w in alone.spoken_labels() if not w.startswith("spell:")]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.integers(VOLUME_FLOOR - 30, VOLUME_MAX + 30), st.lists(st.booleans(), max_size=40))
def test_volume_keys_never_leave_the_audible_range(start, presses):
    """Any presses of louder/softer from any level: one fixed step at a time, never
    below the audible floor nor above the top, and the level said is 1..levels."""
    from ult_desktop.core.spoken import VOLUME_STEP, volume_level, volume_step

    volume = max(VOLUME_FLOOR, min(VOLUME_MAX, start))
    for louder in presses:
        after = volume_step(volume, louder)
        assert VOLUME_FLOOR <= after <= VOLUME_MAX
        bound = VOLUME_MAX if louder else VOLUME_FLOOR
        assert after == (volume + VOLUME_STEP if louder else volume - VOLUME_STEP) or \
            after == bound
        level, levels = volume_level(after)
        assert 1 <= level <= levels and (level == levels) == (after == VOLUME_MAX)
        volume = after


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_word_of_the_standard_service_names_is_a_shipped_clip(lang):
    """The demo office's names (and the standard ULT vocabulary) are said whole by a
    kiosk with no voice of its language: scripts/make_voice_pack.py records them."""
    from ult_desktop.core.spoken import prompt_words, service_tokens
    from ult_desktop.db.house.setup import DEMO_SERVICES

    clips = ClipVoice([voice_dir(lang)])
    assert clips.missing(service_tokens(lang)) == []
    for service in DEMO_SERVICES:
        name = service["name_en"] if lang == "en" else service["name"]
        assert clips.missing(prompt_words(name, lang)[0]) == [], name


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        " &-"), min_size=1, max_size=40))
def test_no_word_of_letters_is_ever_dropped(name):
    """Whatever an office names a service (letters), with the shipped clips and no
    engine, every word is said: from its clip, or spelt by its letters."""
    from ult_desktop.devices.audio.compose import compose_prompt

    said = compose_prompt(f"Layanan {name}.", "id", ClipVoice([voice_dir("id")]))
    assert said.unsaid == ()
