"""Qt's own dialogs in the office's language: PySide6 ships no Indonesian qtbase, so ours
(``resources/translations/qtbase_id.qm``) is loaded unless PySide6's own has one."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from ult_desktop.core.localpaths import resources_dir

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
