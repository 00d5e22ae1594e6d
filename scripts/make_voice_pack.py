#!/usr/bin/env python3
"""Regenerate the default voice packs and the chime under ``resources/``.

    apt-get install -y espeak-ng sox
    python scripts/make_voice_pack.py            # both languages + chime
    python scripts/make_voice_pack.py --lang id  # Indonesian only
    python scripts/make_voice_pack.py --missing  # only the words without a clip yet

One clip per token of ``ult_desktop.core.spoken.all_tokens(lang)`` (the calls),
``prompt_tokens(lang)`` (the spoken screens of the kiosk and the survey) and
``service_tokens(lang)`` (the words offices name their services with): espeak-ng speaks the
word (letters by their names), sox trims the silence around it, converts to mono 16 kHz
16-bit and normalises the level, so stitched calls sound even. The chime is synthesised
in pure Python. An office replaces any clip by recording a file with the same name.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ult_desktop.core.spoken import (  # noqa: E402
    LETTER_NAMES,
    SPOKEN_LANGUAGES,
    all_tokens,
    prompt_tokens,
    service_tokens,
)
from ult_desktop.devices.audio.chime import synth_chime  # noqa: E402
from ult_desktop.devices.audio.pcm import write_wav  # noqa: E402

SPEED = {"id": "165", "en": "170"}
# Trim below 1% for 20 ms at both ends; leave 30 ms of air so words do not click.
SOX_EFFECTS = ["silence", "1", "0.02", "1%", "reverse", "silence", "1", "0.02", "1%", "reverse",
               "pad", "0.03", "0.03", "norm", "-3"]


def spoken_text(token: str, lang: str) -> str:
    if len(token) == 1 and token.isupper():
        return token if lang == "en" else LETTER_NAMES[lang][token]
    return token


def make_clip(token: str, lang: str, out: Path, tmp: Path) -> None:
    raw = tmp / "raw.wav"
    subprocess.run(["espeak-ng", "-v", lang, "-s", SPEED[lang], "-w", str(raw),
                    spoken_text(token, lang)], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out),
                    *SOX_EFFECTS], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=SPOKEN_LANGUAGES, action="append")
    parser.add_argument("--out", type=Path, default=ROOT / "resources")
    parser.add_argument("--missing", action="store_true",
                        help="keep the clips there are, make only the missing ones")
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing; install it with: apt-get install -y espeak-ng sox")
            return 1
    sounds = args.out / "sounds"
    sounds.mkdir(parents=True, exist_ok=True)
    if not args.missing:
        write_wav(sounds / "chime.wav", synth_chime())
    for lang in args.lang or SPOKEN_LANGUAGES:
        folder = args.out / "voice" / lang
        folder.mkdir(parents=True, exist_ok=True)
        kept = {p.stem.lower() for p in folder.glob("*.wav")} if args.missing else set()
        for old in () if args.missing else folder.glob("*.wav"):
            old.unlink()
        with tempfile.TemporaryDirectory() as tmp:
            tokens = [t for t in dict.fromkeys((*all_tokens(lang), *prompt_tokens(lang),
                                                 *service_tokens(lang)))
                      if t.lower() not in kept]
            for token in tokens:
                make_clip(token, lang, folder / f"{token}.wav", Path(tmp))
        print(f"{lang}: {len(tokens)} clips in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
