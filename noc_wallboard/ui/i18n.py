"""Loads the board's Qt translation (`noc_wallboard/translations/*.qm`) and installs
`QCoreApplication.translate` as the presentation layer's translation hook.

The `.qm` files are compiled from the `.ts` sources by `packaging/update_translations.py`
and committed with them, so a plain `pip install` (editable or not) has them; a test
checks they match their sources.
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from noc_wallboard.presentation import i18n

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return Path(str(resources.files("noc_wallboard") / "translations"))


def system_locale() -> str:
    """The locale messages follow: LC_ALL, LC_MESSAGES, LANG (as gettext reads them),
    else Qt's idea of the system locale (Windows, macOS)."""
    return i18n.locale_from_environ(os.environ) or QLocale.system().name()


def _qt_translate(context: str, text: str, disambiguation: str | None, n: int) -> str:
    return QCoreApplication.translate(context, text, disambiguation, n)


def install_language(language: str) -> bool:
    """Translate the board into `language` from now on ("en": the source texts). Needs a
    QCoreApplication. False (and English) when the translation cannot be loaded."""
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    uninstall_language()
    if language == i18n.DEFAULT_LANGUAGE:
        return True
    board = QTranslator(app)
    path = translations_dir() / f"noc_wallboard_{language}.qm"
    if not board.load(str(path)):
        log.warning("no %s translation at %s: the board stays in English", language, path)
        return False
    app.installTranslator(board)
    _installed.append(board)
    # Qt's own texts (standard buttons, context menus), when Qt ships them.
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    i18n.install(_qt_translate, language)
    return True


def uninstall_language() -> None:
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    i18n.reset()
