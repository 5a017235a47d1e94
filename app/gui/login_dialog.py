"""Logging in to the register: login and password, refused with a readable reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui import settings
from app.i18n.messages import _
from app.services.register import Register, RegisterError
from app.services.users import UserInfo, authenticate


class LoginDialog(QDialog):
    """Asks for a login and password; `user` is set once the register accepts them."""

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginDialog")
        self.register = register
        self.user: UserInfo | None = None
        self.setWindowTitle(_("Log in to Verbale"))

        self.login_name = QLineEdit(self)
        self.login_name.setObjectName("login_name")
        self.login_name.setText(settings.text_value(settings.LAST_LOGIN_KEY))
        self.login_password = QLineEdit(self)
        self.login_password.setObjectName("login_password")
        self.login_password.setEchoMode(QLineEdit.EchoMode.Password)

        self.message = QLabel(self)
        self.message.setObjectName("login_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()

        form = QFormLayout()
        form.addRow(_("&Login:"), self.login_name)
        form.addRow(_("&Password:"), self.login_password)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("login_buttons")
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        intro = QLabel(_("Register: {url}").format(url=register.url), self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555")
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.login_password if self.login_name.text() else self.login_name).setFocus()

    def try_login(self) -> None:
        """Check the login and password; accept, or say why not and stay open."""
        login = self.login_name.text().strip()
        password = self.login_password.text()
        if not login:
            self._refuse(_("Type your login."))
            self.login_name.setFocus()
            return
        try:
            self.user = authenticate(self.register, login, password)
        except RegisterError as error:
            # LoginRefused (wrong password, unknown login, locked out) says why in its text.
            self.login_password.clear()
            self._refuse(str(error))
            self.login_password.setFocus()
            return
        settings.set_value(settings.LAST_LOGIN_KEY, login)
        self.accept()

    def _refuse(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
