"""Qt's own dialogs (file, message, colour) in the office's language.

Qt ships no Indonesian qtbase translation with PySide6 today, so ULT Desktop carries its
own for the dialogs it opens (``resources/translations/qtbase_id.qm``, built from the
``.ts`` beside it); a ``qtbase_id.qm`` in PySide6's translations folder
(``QLibraryInfo.TranslationsPath``) is loaded first when a newer PySide6 has one.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from ult_desktop.devices.audio.resources import resources_dir

log = logging.getLogger(__name__)


def qt_translation_dirs() -> list[str]:
    """Where ``qtbase_<lang>.qm`` is looked for, in order."""
    return [QLibraryInfo.path(QLibraryInfo.TranslationsPath),
            str(resources_dir() / "translations")]


def install_qt_translations(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install Qt's translation for *lang* (``"id"``; English needs none) on *app*.
    Returns the translators installed (kept by *app*; remove them to undo)."""
    if lang == "en":
        return []
    installed = []
    for folder in qt_translation_dirs():
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            installed.append(translator)
            break
        translator.deleteLater()
    if not installed:
        log.info("no Qt translation for %s in %s", lang, qt_translation_dirs())
    return installed
