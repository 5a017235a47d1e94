"""File › Verify a document…: a PDF dropped on the dialog, or a printout's code typed, held
against the register; the verdict shown in the interface language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from pytestqt.qtbot import QtBot

from app.gui.register_window import MainWindow
from app.gui.verify_dialog import VerifyDocumentDialog
from app.i18n.messages import set_ui_language
from app.services.register import Register


def issued_copy(register: Register, folder: Path) -> tuple[Path, str]:
    """The demo's №PAR/1453 in English as stored, and its verification code."""
    (summary,) = register.find_by_number("PAR/1453")
    record = register.load(summary.id)
    path = folder / "PAR-1453_en.pdf"
    path.write_bytes(register.document(summary.id, "PAR-1453_en.pdf"))
    return path, str(record.verification_code)


def drop(dialog: VerifyDocumentDialog, paths: list[Path]) -> bool:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(
        QPoint(20, 20), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.dropEvent(event)
    return True


def open_dialog(qtbot: QtBot, register: Register) -> VerifyDocumentDialog:
    window = MainWindow(register)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.verify_document_action in file_menu.actions()
    window.verify_document_action.trigger()
    dialog = window.findChild(VerifyDocumentDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_dropped_pdf_is_told_issued_and_identical(
    qtbot: QtBot, demo_register: Register, tmp_path: Path
) -> None:
    path, _code = issued_copy(demo_register, tmp_path)
    dialog = open_dialog(qtbot, demo_register)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("no PDF")
    assert not drop(dialog, [text_file])
    with qtbot.waitSignal(dialog.task_done, timeout=20_000):
        assert drop(dialog, [path])
    shown = dialog.text()
    assert "issued by Verbale as №PAR/1453 on 29 November 2023" in shown
    assert "identical to the stored copy, byte for byte" in shown
    assert dialog.verdicts[-1][0] is True


def test_a_changed_copy_and_a_typed_code_in_russian(
    qtbot: QtBot, demo_register: Register, tmp_path: Path
) -> None:
    set_ui_language("ru")
    path, code = issued_copy(demo_register, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x20
    path.write_bytes(bytes(data))
    dialog = open_dialog(qtbot, demo_register)
    assert dialog.windowTitle() == "Проверка документа"
    with qtbot.waitSignal(dialog.task_done, timeout=20_000):
        dialog.check_files([path])
    assert "итог: это НЕ тот документ, который выпустил Verbale" in dialog.text()
    assert dialog.verdicts[-1][0] is False
    qtbot.keyClicks(dialog.code_field, code.lower())
    with qtbot.waitSignal(dialog.task_done, timeout=20_000):
        qtbot.mouseClick(dialog.code_button, Qt.MouseButton.LeftButton)
    assert f"код {code}: №PAR/1453, выпущена Verbale 29 ноября 2023 года" in dialog.text()
    # The newest verdict first.
    assert dialog.text().index("код ") < dialog.text().index("итог:")
