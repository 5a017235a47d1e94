"""Logging in to the register: login and password, refused with a readable reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import Role
from app.gui import colours, settings
from app.gui.register_opening import OpeningRegister
from app.i18n.messages import _
from app.services.addresses import shown_url
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.services.register import Register
    from app.services.users import UserInfo


def _service(register: Register | OpeningRegister) -> Register:
    """The register service; at start it may still be loading (the dialog shows meanwhile)."""
    return register.register() if isinstance(register, OpeningRegister) else register


class LoginDialog(QDialog):
    """Asks for a login and password; `user` is set once the register accepts them."""

    def __init__(self, register: Register | OpeningRegister, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.register = register
        self.user: UserInfo | None = None
        self.setWindowTitle(_("Log in to Verbale"))
        self.setMinimumWidth(380)  # the title and the register's address whole, not wrapped

        self.login_name = QLineEdit(self)
        self.login_name.setObjectName("login_name")
        self.login_name.setText(settings.text_value(settings.LAST_LOGIN_KEY))
        self.login_password = QLineEdit(self)
        self.login_password.setObjectName("login_password")
        self.login_password.setEchoMode(QLineEdit.EchoMode.Password)

        self.message = QLabel(self)
        self.message.setObjectName("login_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
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
        intro = QLabel(_("Register: {url}").format(url=shown_url(register.url)), self)
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {colours.MUTED}")
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
        from app.services.users import authenticate

        try:
            self.user = authenticate(_service(self.register), login, password)
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


class FirstAdministratorDialog(QDialog):
    """A register without users: create its first administrator (the roles they also hold are
    ticked), then log in as them. `user` is set on success."""

    def __init__(self, register: Register | OpeningRegister, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_administrator_dialog")
        self.register = register
        self.user: UserInfo | None = None
        self.setWindowTitle(_("Create the first administrator"))
        intro = QLabel(
            _(
                "This register has no users yet. Create its first administrator; they add "
                "the other officers later (or use “verbale users add”)."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.admin_login = QLineEdit(self)
        self.admin_login.setObjectName("admin_login")
        self.admin_name = QLineEdit(self)
        self.admin_name.setObjectName("admin_name")
        self.admin_password = QLineEdit(self)
        self.admin_password.setObjectName("admin_password")
        self.admin_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_repeat = QLineEdit(self)
        self.admin_repeat.setObjectName("admin_repeat")
        self.admin_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.role_boxes: dict[Role, QCheckBox] = {}
        form = QFormLayout()
        form.addRow(_("&Login:"), self.admin_login)
        form.addRow(_("&Name:"), self.admin_name)
        form.addRow(_("&Password:"), self.admin_password)
        form.addRow(_("&Repeat password:"), self.admin_repeat)
        for role, label in (
            (Role.DRAFTER, _("also drafts notes")),
            (Role.APPROVER, _("also approves notes")),
            (Role.REGISTRAR, _("also issues notes (registrar)")),
        ):
            box = QCheckBox(label, self)
            box.setObjectName(f"admin_role_{role.value}")
            self.role_boxes[role] = box
            form.addRow("", box)
        self.message = QLabel(self)
        self.message.setObjectName("admin_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.create_administrator)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def create_administrator(self) -> None:
        """Add the administrator and log in as them; or say what is wrong and stay open."""
        password = self.admin_password.text()
        if password != self.admin_repeat.text():
            self._refuse(_("The two passwords differ."))
            return
        roles = [Role.ADMINISTRATOR, *(r for r, box in self.role_boxes.items() if box.isChecked())]
        login = self.admin_login.text().strip()
        from app.services.users import add_user, authenticate

        try:
            register = _service(self.register)
            add_user(register, login, password, roles, self.admin_name.text(), by=None)
            self.user = authenticate(register, login, password)
        except RegisterError as error:
            self._refuse(str(error))
            return
        settings.set_value(settings.LAST_LOGIN_KEY, login)
        self.accept()

    def _refuse(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
