"""Self-test areas that need Qt: screens, sound outputs, speech voices.

They run on the thread that owns the Qt application (the CLI's main thread, or the GUI
thread of a settings page: none of them touches the file or the printer). A Linux PC
without a graphical session gets a SKIP for screens instead of a Qt abort."""

from __future__ import annotations

import logging
import os
import sys

from ult_desktop.app.selftest import Check, Options, failed, passed, skipped, warned

log = logging.getLogger(__name__)

#: Modes that announce calls aloud: a missing sound output is a FAIL there only.
SPEAKING_MODES = ("display",)


def has_session() -> bool:
    """True where Qt can open a GUI: Windows, macOS, an X/Wayland session, or a platform
    named in ``QT_QPA_PLATFORM`` (offscreen for tests)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _core_app():
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is None:
        if has_session():
            from ult_desktop.ui.common.app import ensure_app

            return ensure_app()
        app = QCoreApplication(sys.argv[:1])
    return app


def screens(options: Options) -> list[Check]:
    if not has_session():
        return [skipped("screens.list", "selftest.screens.no_session")]
    _core_app()
    from PySide6.QtGui import QGuiApplication

    found = QGuiApplication.screens()
    if not found:
        return [failed("screens.list", "selftest.screens.none")]
    out = []
    for i, screen in enumerate(found):
        g = screen.geometry()
        data = {"name": screen.name(), "x": g.x(), "y": g.y(), "width": g.width(),
                "height": g.height(), "scale": screen.devicePixelRatio(),
                "logical_dpi": screen.logicalDotsPerInch(),
                "primary": screen is QGuiApplication.primaryScreen()}
        out.append(passed(f"screens.{i}", "selftest.screens.one", data, name=data["name"] or i,
                          width=g.width(), height=g.height(), x=g.x(), y=g.y(),
                          scale=round(data["scale"], 2)))
    if options.mode == "display":  # which screen the lobby display will take (N5)
        out.append(_display_screen(options.screen))
    scheme = QGuiApplication.styleHints().colorScheme()
    name = getattr(scheme, "name", str(scheme))
    out.append(passed("screens.scheme", "selftest.screens.scheme", {"scheme": name},
                      scheme=name))
    return out


def _display_screen(name: str) -> Check:
    from ult_desktop.ui.common.fit import named_screen, pick_screen

    chosen = pick_screen(name)
    g = chosen.geometry() if chosen is not None else None
    data = {"setting": name, "chosen": chosen.name() if chosen is not None else None}
    if name and named_screen(name) is None:
        return failed("screens.display", "selftest.screens.display_missing", data,
                      setting=name, name=data["chosen"] or "-")
    return passed("screens.display", "selftest.screens.display", data,
                  name=data["chosen"] or "-", width=g.width() if g else 0,
                  height=g.height() if g else 0)


def _device_name(device) -> str:
    if device is None or device.isNull():
        return "-"
    describe = getattr(device, "description", None)
    return describe() if describe is not None else bytes(device.id()).decode(errors="replace")


def sound(options: Options, *, player=None) -> list[Check]:
    _core_app()
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return [failed("sound.outputs", "selftest.sound.no_multimedia")]
    outputs = QMediaDevices.audioOutputs()
    default = QMediaDevices.defaultAudioOutput()
    data = {"outputs": [d.description() for d in outputs], "default": _device_name(default)}
    needed = options.mode in SPEAKING_MODES or options.do_sound
    if not outputs or default.isNull():
        maker, key = (failed, "selftest.sound.none") if needed else \
            (skipped, "selftest.sound.none_not_needed")
        out = [maker("sound.outputs", key, data)]
    else:
        out = [passed("sound.outputs", "selftest.sound.outputs", data, count=len(outputs),
                      default=data["default"])]
    if not options.do_sound:
        return out + [skipped("sound.play", "selftest.sound.not_asked")]
    return out + play_sounds(options, player=player)


def play_sounds(options: Options, *, player=None) -> list[Check]:
    """Play the chime, then one call (the office's default clips), each on the default
    output, and record the device each went to."""
    from PySide6.QtCore import QEventLoop, QTimer

    from ult_desktop.devices.audio.announcer import Announcer
    from ult_desktop.devices.audio.compose import compose
    from ult_desktop.devices.audio.queue import CallRequest
    from ult_desktop.ui.common.voice.sound import QtSoundPlayer

    player = player or QtSoundPlayer()
    announcer = Announcer(voice_pack="default", lang="id", volume=80)
    items = [("chime", compose(None, None, chime=announcer.chime)),
             ("call", announcer.prepare(CallRequest(event_id=0, number="A-001", counter=1)))]
    out = []
    for what, utterance in items:
        loop = QEventLoop()
        finished = []
        player(utterance, lambda f=finished, q=loop.quit: (f.append(True),
                                                           QTimer.singleShot(0, q)))
        QTimer.singleShot(int((utterance.duration_s + options.sound_wait_s) * 1000), loop.quit)
        if not finished:
            loop.exec()
        device = _device_name(player.default_device())
        data = {"device": device, "seconds": round(utterance.duration_s, 2),
                "finished": bool(finished), "available": player.available,
                "rebuilds": player.rebuilds}
        log.info("selftest sound %s -> %s %s", what, device, data)
        ok = bool(finished) and player.available is not False
        out.append((passed if ok else failed)(f"sound.{what}", "selftest.sound.played" if ok
                                              else "selftest.sound.not_played", data,
                                              what=what, device=device))
    return out


def speech(options: Options) -> list[Check]:
    _core_app()
    out = []
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        engines, voices = [], {}
    else:
        from ult_desktop.ui.common.voice.speech import PREFERRED_ENGINES

        engines = list(QTextToSpeech.availableEngines())
        voices = {}
        for name in (e for e in PREFERRED_ENGINES if e in engines):
            tts = QTextToSpeech(name)
            voices[name] = [(v.name(), v.locale().name()) for v in tts.allVoices(None)]
            tts.deleteLater()
    indonesian = [f"{e}:{n}" for e, vs in voices.items() for n, loc in vs
                  if loc.lower().startswith("id")]
    data = {"engines": engines, "voices": voices, "indonesian": indonesian}
    found = None
    if not indonesian and sys.platform not in ("win32", "darwin"):
        from ult_desktop.devices.audio.voice import find_tts

        found = find_tts("id")
    if indonesian:
        out.append(passed("speech.voices", "selftest.speech.engines", data,
                          engines=", ".join(engines) or "-", voice=indonesian[0]))
    elif found is not None:
        data["espeak"] = found.name
        out.append(passed("speech.voices", "selftest.speech.espeak", data, voice=found.name))
    else:  # the kiosk and the TV say the shipped clips, and a service by its letter
        out.append(warned("speech.voices", "selftest.speech.no_indonesian", data,
                          engines=", ".join(engines) or "-"))
    return out


def qt_areas() -> dict:
    return {"screens": screens, "sound": sound, "speech": speech}
