"""Issue 13, point 5: the login dialog and the About box of a register on a PostgreSQL server
show its address without the password."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.gui.login_dialog import LoginDialog
from app.gui.register_window import MainWindow
from app.services.register import Register
from tests.gui.conftest import idle_workers
from tests.postgresql_server import SUPERUSER_PASSWORD, PostgreSQLServer
from tests.workflow.conftest import fill_people


@pytest.fixture
def server_register(postgresql_server: PostgreSQLServer) -> Iterator[Register]:
    with postgresql_server.database("people", fill_people) as url:
        register = Register.open(url)
        yield register
        idle_workers()
        register.close()


def test_login_and_about_hide_the_password(qtbot: QtBot, server_register: Register) -> None:
    assert SUPERUSER_PASSWORD in server_register.url
    dialog = LoginDialog(server_register)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "postgresql+psycopg://postgres:***@127.0.0.1" in shown
    assert SUPERUSER_PASSWORD not in shown
    dialog.reject()
    window = MainWindow(server_register)
    qtbot.addWidget(window)
    about = window.about_text()
    assert "postgres:***@127.0.0.1" in about and SUPERUSER_PASSWORD not in about
    window.close()
