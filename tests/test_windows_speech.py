"""Qt's Windows speech engines (``winrt``, ``sapi``) as the TV and the self-test meet them:
each built in a child process of its own, with only that engine's plugin visible, and
asked for its voices by the TV's speaker (ui/common/voice/speech.py) and the self-test's speech
line (ui/selftest_checks.py). A PC with no engine at all gets the self-test's sentence for
no Indonesian voice, and the TV no voice to speak with (it says the shipped clips).

The Windows lane sets Qt's speech plugins aside for its other tests (Wine's WinRT
speech crashes, its SAPI hangs: docs/windows.md); these tests copy them back into a
folder of their own, so the lane still tries both and its skip line says what Wine did.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.wine import UNDER_WINE
from ult_desktop.app.selftest import PASS, WARN
from ult_desktop.core.i18n import tr

pytestmark = [pytest.mark.windows,
              pytest.mark.skipif(sys.platform != "win32",
                                 reason="Qt's winrt and sapi engines exist only on Windows")]

#: The child: only the plugins in argv[1]; the TV's speaker and the self-test's line.
CHILD = r"""
import json, sys
from PySide6.QtCore import QCoreApplication
QCoreApplication.setLibraryPaths([sys.argv[1]])
app = QCoreApplication(sys.argv[:1])
from PySide6.QtTextToSpeech import QTextToSpeech
from ult_desktop.app.selftest import Options
from ult_desktop.ui import selftest_checks
from ult_desktop.ui.common.voice.speech import QtSpeaker
print("engines", json.dumps(list(QTextToSpeech.availableEngines())), flush=True)
speaker = QtSpeaker()
id_voice = speaker.voice_for("id")
line = selftest_checks.speech(Options())[0]
print("result", json.dumps({"engine": speaker.engine_name,
                            "id_voice": id_voice.name if id_voice else None,
                            "status": line.status, "sentence": line.sentence("id"),
                            "data": line.data}), flush=True)
"""
#: Building an engine and listing its voices takes a second or two on Windows.
CHILD_S = 20


def plugin_folder(tmp_path: Path, engine: str | None) -> Path:
    """A plugin folder holding only *engine*'s speech plugin (none: no engine)."""
    import PySide6

    folder = tmp_path / "plugins"
    (folder / "texttospeech").mkdir(parents=True)
    if engine:
        shipped = Path(PySide6.__file__).parent / "plugins" / "texttospeech"
        name = f"qtexttospeech_{engine}.dll"
        found = [p for p in (shipped / name, shipped / (name + ".off")) if p.is_file()]
        assert found, f"PySide6 ships no {name}"
        shutil.copyfile(found[0], folder / "texttospeech" / name)
    return folder


def speak_child(tmp_path: Path, engine: str | None) -> tuple[dict | None, str]:
    """The child's result (None when it crashed or did not answer) and its output."""
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(plugin_folder(tmp_path, engine))],
                              capture_output=True, text=True, cwd=ROOT, timeout=CHILD_S)
    except subprocess.TimeoutExpired:  # the child is killed (TerminateProcess)
        return None, f"did not answer in {CHILD_S} s"
    results = [line.split(" ", 1)[1] for line in proc.stdout.splitlines()
               if line.startswith("result ")]
    if proc.returncode != 0 or not results:
        return None, (f"ended with code {proc.returncode & 0xFFFFFFFF:#x}: "
                      + (proc.stderr.strip().splitlines() or ["no output"])[-1][:200])
    return json.loads(results[-1]), proc.stdout


@pytest.mark.parametrize("engine", ["winrt", "sapi"])
def test_each_windows_engine_is_built_and_asked_for_its_voices(tmp_path, engine):
    result, said = speak_child(tmp_path, engine)
    if result is None and UNDER_WINE:
        pytest.skip(f"Wine limit, speech: Qt's {engine} engine {said} (built in a child; "
                    "a Windows PC builds it and lists its voices)")
    assert result is not None, f"the {engine} engine {said}"
    assert result["data"]["engines"] == [engine] and engine in result["data"]["voices"]
    indonesian = result["data"]["indonesian"]
    if result["id_voice"]:  # the TV speaks with the voice the self-test names
        assert result["engine"] == engine and result["status"] == PASS
        assert result["id_voice"] == f"qt-{indonesian[0]}"
    else:
        assert not indonesian and result["status"] == WARN
        assert result["sentence"] == tr("selftest.speech.no_indonesian", "id", engines=engine)


def test_a_pc_with_no_speech_engine_is_told_what_the_kiosk_and_tv_do(tmp_path):
    """No engine (as under Wine, or a Windows edition without speech): the TV gets no
    voice and says the shipped clips; the self-test warns in one sentence with what to
    add, never crashes."""
    result, said = speak_child(tmp_path, None)
    assert result is not None, said
    assert result["engine"] == "" and result["id_voice"] is None
    assert result["status"] == WARN and result["data"]["engines"] == []
    assert result["sentence"] == tr("selftest.speech.no_indonesian", "id", engines="-")
    assert "rekaman bawaan" in result["sentence"]
