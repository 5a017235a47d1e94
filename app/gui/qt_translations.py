"""Qt's own words (the Cancel of a button box, the file dialog) in the interface language.

Our strings come from gettext catalogs (app.i18n.messages); the texts Qt draws itself come
from Qt's `qtbase_<lang>.qm`, shipped with PySide6 and copied into the frozen app.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from app.i18n import messages

#: Object name of the translators installed here, so a later call finds and removes them.
TRANSLATOR_NAME = "verbale-qt-translation"
#: Qt catalogs loaded per language; qtbase covers the widgets and dialogs the app uses.
QT_CATALOGS = ("qtbase",)


def qt_translations_dirs() -> list[Path]:
    """Where Qt's .qm files may be: Qt's own translations path, then PySide6's copy
    (a frozen app without qt.conf may report a path that does not exist)."""
    import PySide6

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    dirs.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    return [directory for directory in dict.fromkeys(dirs) if directory.is_dir()]


def install_qt_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Qt's catalogs for `language` on `app`, removing those installed before.

    English (Qt's source language) or a language Qt has no catalog for installs nothing.
    Returns the translators now installed.
    """
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setParent(None)
        old.deleteLater()
    if language == "en":
        return []
    installed = []
    for catalog in QT_CATALOGS:
        for directory in qt_translations_dirs():
            translator = QTranslator(app)
            if translator.load(f"{catalog}_{language}", str(directory)):
                translator.setObjectName(TRANSLATOR_NAME)
                app.installTranslator(translator)
                installed.append(translator)
                break
            translator.setParent(None)
    return installed


def apply_ui_language(language: str) -> None:
    """Switch our catalogs and Qt's to `language` (windows built afterwards use it)."""
    messages.set_ui_language(language)
    qt_app = QCoreApplication.instance()
    if qt_app is not None:
        install_qt_translations(qt_app, language)
