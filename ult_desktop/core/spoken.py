"""Spoken queue calls: numbers as words and the call phrase as clip tokens.

"Nomor antrean A dua belas, silakan menuju loket dua": each word is a *token*, one
recording per token in a voice pack, so one token list drives the clips and the sentence.

    >>> number_words(12)
    ['dua', 'belas']
    >>> list(build_announcement("A-012", 2).words)
    ['nomor', 'antrean', 'A', 'dua', 'belas', 'silakan', 'menuju', 'loket', 'dua']"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from ult_desktop.core.numbering import parse_number

SPOKEN_LANGUAGES = ("id", "en")

_ID_UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]

_EN_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

#: How the letters are read, used when a clip is generated or sent to TTS.
LETTER_NAMES: dict[str, dict[str, str]] = {
    "id": dict(zip(string.ascii_uppercase, [
        "a", "be", "ce", "de", "e", "ef", "ge", "ha", "i", "je", "ka", "el", "em", "en", "o",
        "pe", "ki", "er", "es", "te", "u", "ve", "we", "eks", "ye", "zet"], strict=True)),
    # English engines read a capital letter by its name, except "A" (read as the article).
    "en": {c: ("eh" if c == "A" else c) for c in string.ascii_uppercase},
}

# Fixed words of the call phrase, before the letters, between number and counter, after.
_PHRASE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "id": (("nomor", "antrean"), ("silakan", "menuju", "loket")),
    "en": (("queue", "number"), ("please", "proceed", "to", "counter")),
}

#: A visitor waiting seated to be fetched (``core.priority.SEAT``): an officer comes.
_FETCH: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "id": (("silakan", "tetap", "duduk"), ("petugas", "akan", "datang", "ke", "kursi", "anda")),
    "en": (("please", "stay", "seated"), ("an", "officer", "is", "coming", "to", "your",
                                          "seat")),
}

MAX_SPOKEN = 999_999


def _check_lang(lang: str) -> None:
    if lang not in SPOKEN_LANGUAGES:
        raise ValueError(f"unknown spoken language {lang!r}; use one of {SPOKEN_LANGUAGES}")


def _id_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [_ID_UNITS[hundreds], "ratus"]
    if rest == 0:
        return words
    tens, units = divmod(rest, 10)
    if rest < 10:
        words.append(_ID_UNITS[rest])
    elif rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif rest < 20:
        words += [_ID_UNITS[units], "belas"]
    else:
        words += [_ID_UNITS[tens], "puluh"]
        if units:
            words.append(_ID_UNITS[units])
    return words


def _en_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_EN_SMALL[hundreds], "hundred"]
    if rest == 0:
        return words
    if rest < 20:
        words.append(_EN_SMALL[rest])
    else:
        tens, units = divmod(rest, 10)
        words.append(_EN_TENS[tens])
        if units:
            words.append(_EN_SMALL[units])
    return words


def number_words(n: int, lang: str = "id") -> list[str]:
    """Word tokens for the whole number *n* (0 … 999 999; else ValueError), standard usage
    (``sebelas``, ``seratus``, ``seribu``; ``one hundred twelve``, no "and")."""
    _check_lang(lang)
    if not 0 <= n <= MAX_SPOKEN:
        raise ValueError(f"cannot speak {n}; numbers 0 to {MAX_SPOKEN} only")
    if n == 0:
        return ["nol" if lang == "id" else "zero"]
    below = _id_below_thousand if lang == "id" else _en_below_thousand
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        if lang == "id" and thousands == 1:
            words.append("seribu")
        else:
            words += below(thousands) + ["ribu" if lang == "id" else "thousand"]
    return words + below(rest)


def number_text(n: int, lang: str = "id") -> str:
    """``number_text(21) == "dua puluh satu"``; English tens are hyphenated ("twenty-one")."""
    words = number_words(n, lang)
    if lang == "en":
        joined: list[str] = []
        for word in words:
            if joined and joined[-1] in _EN_TENS[2:] and word in _EN_SMALL[1:10]:
                joined[-1] += "-" + word
            else:
                joined.append(word)
        words = joined
    return " ".join(words)


@dataclass(frozen=True)
class Announcement:
    """One spoken call: clip ``words`` (upper-case: letters), ``breaks`` (indexes of words
    after a pause), the written ``text``, and ``tts_text`` with letters spelled out."""

    number: str
    counter: int
    lang: str
    words: tuple[str, ...]
    breaks: tuple[int, ...]
    text: str
    tts_text: str


def build_announcement(number: str, counter: int, lang: str = "id", *,
                       fetch: bool = False) -> Announcement:
    """The call for ticket *number* (``"A-012"``) at *counter* in *lang* (ValueError if not
    valid); *fetch*: its visitor waits seated and an officer comes."""
    _check_lang(lang)
    prefix, seq = parse_number(number)
    if counter < 0:
        raise ValueError(f"counter number must not be negative: {counter}")
    before, after = _PHRASE[lang]
    letters = list(prefix)
    seq_words = number_words(seq, lang)
    counter_words = number_words(counter, lang)
    words = [*before, *letters, *seq_words]
    breaks: tuple[int, ...] = (len(words),)
    said = number_text(seq, lang)
    if fetch:
        stay, coming = _FETCH[lang]
        breaks += (len(words) + len(stay),)
        words += [*stay, *coming]
        text = (f"Nomor antrean {prefix} {said}, silakan tetap duduk, petugas akan datang ke "
                f"kursi Anda." if lang == "id" else f"Queue number {prefix} {said}, please "
                f"stay seated, an officer is coming to your seat.")
    else:
        words += [*after, *counter_words]
        text = (f"Nomor antrean {prefix} {said}, silakan menuju loket "
                f"{number_text(counter, lang)}." if lang == "id" else
                f"Queue number {prefix} {said}, please proceed to counter "
                f"{number_text(counter, lang)}.")
    names = " ".join(LETTER_NAMES[lang][c] for c in letters)
    tts_text = text.replace(f" {prefix} ", f" {names} ", 1)
    return Announcement(number=f"{prefix}-{seq:03d}", counter=counter, lang=lang,
                        words=tuple(words), breaks=breaks, text=text, tts_text=tts_text)


def all_tokens(lang: str = "id") -> list[str]:
    """Every token a call in *lang* can use: what a complete voice pack must contain."""
    _check_lang(lang)
    tokens: set[str] = set(string.ascii_uppercase)
    before, after = _PHRASE[lang]
    tokens.update(before, after)
    for n in (*range(0, 1000), 1000, 2000, 11_000, 100_000):
        tokens.update(number_words(n, lang))
    return sorted(tokens, key=lambda t: (len(t) == 1 and t.isupper(), t))


# -- spoken screens (the kiosk's and the survey's spoken mode) ------------------------------
_NUMBER = re.compile(r"^([A-Z]{1,3})-?(\d{1,6})$")


def prompt_words(text: str, lang: str = "id") -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Clip tokens of a written sentence, and the indexes of words after a pause.

    Numerals become words, queue numbers and lone capitals letters; ``.,:;?`` pause.

    >>> prompt_words("Tekan 1: Layanan A.")
    (('tekan', 'satu', 'layanan', 'A'), (2,))
    >>> prompt_words("Nomor A-012")[0]
    ('nomor', 'A', 'dua', 'belas')"""
    _check_lang(lang)
    words: list[str] = []
    breaks: list[int] = []
    pause = False
    for raw in text.split():
        core = raw.strip("\"'()[]«»“”‘’")
        tail = core[-1:] if core[-1:] in ".,:;?!" else ""
        core = core.rstrip(".,:;?!")
        if pause and words and core:
            breaks.append(len(words))
        number = _NUMBER.match(core)
        if number:
            words += [*number.group(1), *number_words(int(number.group(2)), lang)]
        elif core.isdigit() and int(core) <= MAX_SPOKEN:
            words += number_words(int(core), lang)
        elif len(core) == 1 and core.isupper():
            words.append(core)
        else:
            for part in re.split(r"[^\w]+", core.lower()):
                if part and not part.isdigit():
                    words.append(part)
                elif part:
                    words += number_words(min(int(part), MAX_SPOKEN), lang)
        pause = bool(tail)
    return tuple(words), tuple(breaks)


def speakable(text: str, lang: str = "id") -> str:
    """*text* for a speech engine: letters spelt by name (``A-012`` -> ``a dua belas``)."""
    def letters(m: re.Match) -> str:
        names = " ".join(LETTER_NAMES[lang][c] for c in m.group(1))
        return f"{names} {number_text(int(m.group(2)), lang)}" if m.group(2) else names

    return re.sub(r"\b([A-Z]{1,3})(?:-(\d{1,6}))?\b(?![a-z])",
                  lambda m: letters(m) if m.group(2) or len(m.group(1)) == 1 else m.group(0),
                  text)


#: The texts the spoken screens say: clips of the shipped voice set (the TV's voice).
PROMPT_KEYS = re.compile(r"^(speak|kiosk\.group|skm\.answer|kiosk\.ticket)\.|"
                         r"^kiosk\.(closed|quota_full|service_hours)")


def prompt_tokens(lang: str = "id") -> list[str]:
    """The spoken screens' words that are no call token: what ``make_voice_pack`` adds."""
    from ult_desktop.core.i18n import keys, tr

    calls = set(all_tokens(lang))
    found: set[str] = set()
    for key in keys():
        if PROMPT_KEYS.match(key):
            text = re.sub(r"\{[^}]*\}", " ", tr(key, lang))
            found.update(w for w in prompt_words(text, lang)[0] if w not in calls)
    return sorted(found)


#: The words offices name their services with (the standard ULT services, the demo's
#: among them): shipped as clips, so a kiosk with no voice of its language says a
#: service's whole name; a word not here is spelt out by its letters (devices.audio.compose).
SERVICE_WORDS = {
    "id": ("layanan", "pelayanan", "informasi", "umum", "tunjangan", "profesi", "pak",
           "dapodik", "helpdesk", "pengaduan", "konsultasi", "legalisir", "legalisasi",
           "ijazah", "perizinan", "izin", "data", "sertifikasi", "guru", "pendidik", "tenaga",
           "kependidikan", "pendidikan", "sekolah", "satuan", "administrasi", "surat",
           "permohonan", "rekomendasi", "beasiswa", "bantuan", "pengambilan", "penyerahan",
           "berkas", "dokumen", "penilaian", "angka", "kredit", "kepegawaian", "keuangan",
           "terpadu", "pintu", "kerja", "sama", "kemitraan", "mutu", "penjaminan",
           "akreditasi", "verifikasi", "validasi", "pendaftaran", "pengajuan", "kunjungan",
           "tamu", "perpustakaan", "publikasi", "humas", "ppid", "arsip", "penyetaraan",
           "program", "kurikulum", "pelatihan", "bimbingan", "teknis", "dan", "atau",
           "lainnya", "publik", "operator", "akun", "perbaikan", "pengaduan", "satu"),
    "en": ("service", "services", "information", "general", "teacher", "teachers",
           "allowance", "pak", "dapodik", "helpdesk", "complaint", "complaints",
           "consultation", "legalization", "certificate", "certificates", "licensing",
           "permit", "data", "certification", "education", "school", "administration",
           "letter", "request", "recommendation", "scholarship", "assistance", "pickup",
           "documents", "assessment", "credit", "staffing", "finance", "one", "stop",
           "partnership", "quality", "assurance", "accreditation", "verification",
           "registration", "visit", "guest", "library", "and", "or", "other", "public",
           "account", "repair"),
}


def service_tokens(lang: str = "id") -> list[str]:
    """The service-name words shipped as clips (:data:`SERVICE_WORDS`)."""
    _check_lang(lang)
    return sorted(set(SERVICE_WORDS[lang]))


# -- the spoken mode's volume (the visitor's keys; the next visitor starts at the default) ----
VOLUME_DEFAULT = 80   # percent (devices.audio.pcm.scale: the clips' amplitude x 0.64, -4 dB)
VOLUME_STEP = 10
VOLUME_FLOOR = 40     # never softer (x 0.16, -16 dB): still heard in a headset and the hall
VOLUME_MAX = 100


def volume_step(volume: int, louder: bool) -> int:
    """The volume one step louder or softer, kept within ``VOLUME_FLOOR``..``VOLUME_MAX``.

    >>> volume_step(VOLUME_DEFAULT, True), volume_step(VOLUME_FLOOR, False)
    (90, 40)"""
    step = VOLUME_STEP if louder else -VOLUME_STEP
    return max(VOLUME_FLOOR, min(VOLUME_MAX, int(volume) + step))


def volume_level(volume: int) -> tuple[int, int]:
    """The volume as the visitor hears it: (level, of levels), 1 the softest.

    >>> volume_level(VOLUME_FLOOR), volume_level(VOLUME_MAX)
    ((1, 7), (7, 7))"""
    levels = (VOLUME_MAX - VOLUME_FLOOR) // VOLUME_STEP + 1
    clamped = max(VOLUME_FLOOR, min(VOLUME_MAX, int(volume)))
    return (clamped - VOLUME_FLOOR) // VOLUME_STEP + 1, levels
