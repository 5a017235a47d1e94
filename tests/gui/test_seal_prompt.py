"""Issuing in the window with a sealed sender: the key's password asked for when the keyring
has none; a wrong one said, and nothing issued."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.gui.seal_prompt import issue_seal
from app.services.demo import reference_note
from app.services.register import Register
from app.services.workflow import WorkflowService
from tests.gui.conftest import People, answer_modal
from tests.trusted.seal_authority import make_test_ca, write_profile


@pytest.fixture
def draft_id(office: Register, people: People) -> int:
    return WorkflowService(office).save_draft(people.drafter, reference_note())


def type_password(password: str, then: Callable[[QWidget], None] | None = None) -> None:
    """Answer the password dialog; then, if given, deal with the next dialog."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        assert "Password of the signing key" in dialog.labelText()
        dialog.setTextValue(password)
        dialog.accept()
        if then is not None:
            answer_modal(then, timeout_ms=10_000)

    answer_modal(handle)


def test_the_password_is_asked_and_the_seal_opened(
    qtbot: QtBot, office: Register, draft_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = make_test_ca(tmp_path / "ca")
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("VERBALE_SECRET_SIGNING_KEY", raising=False)
    write_profile(tmp_path / "config", ca)
    parent = QWidget()
    qtbot.addWidget(parent)
    type_password(ca.password)
    go_on, seal = issue_seal(parent, office, draft_id)
    assert go_on and seal is not None and seal.common_name == "CICA Secretariat Seal (test)"

    said: list[str] = []

    def read_warning(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        said.append(dialog.text())
        dialog.accept()

    type_password("wrong", then=read_warning)
    assert issue_seal(parent, office, draft_id) == (False, None)
    assert said and "does not open with this password" in said[0]


def test_a_sender_without_a_key_issues_unsigned(
    qtbot: QtBot, office: Register, draft_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(tmp_path / "config"))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert issue_seal(parent, office, draft_id) == (True, None)
