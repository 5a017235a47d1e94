"""Distribution lists: each group addressee of the directory and its members (the ministry or
embassy, its name in en/ru/kk, working language and e-mail), as a note to the group is sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n.messages import _, ngettext

if TYPE_CHECKING:
    from app.services.register import Register


class MembersDialog(QDialog):
    """A group chosen at the top, its members below in the order they are sent to."""

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.services.distribution import directory, listed_name

        self.setObjectName("members_dialog")
        self.setWindowTitle(_("Distribution lists"))
        self.register = register
        self.groups = QComboBox(self)
        self.groups.setObjectName("members_group")
        for key, addressee in sorted(directory(register).items()):
            if addressee.members:
                self.groups.addItem(listed_name(addressee), key)
        self.count = QLabel(self)
        self.count.setObjectName("members_count")
        self.members = QTreeWidget(self)
        self.members.setObjectName("members_list")
        self.members.setRootIsDecorated(False)
        self.members.setHeaderLabels(
            [_("No."), _("Recipient"), "ru", "kk", _("Language"), _("E-mail")]
        )
        self.members.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.groups)
        layout.addWidget(self.count)
        layout.addWidget(self.members, 1)
        layout.addWidget(buttons)
        self.groups.currentIndexChanged.connect(lambda _index: self.show_group())
        self.resize(1000, 560)
        self.show_group()

    def choose(self, key: str) -> None:
        self.groups.setCurrentIndex(self.groups.findData(key))

    def show_group(self) -> None:
        from app.services.distribution import directory, recipients

        self.members.clear()
        key = self.groups.currentData()
        if key is None:
            return
        known = directory(self.register)
        found = recipients(self.register, str(key))
        for number, member in enumerate(found, start=1):
            forms = known[member.key].forms if member.key in known else {}
            self.members.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        str(number),
                        member.name,
                        forms["ru"].nominative if "ru" in forms else "",
                        forms["kk"].nominative if "kk" in forms else "",
                        member.working_language,
                        member.email,
                    ]
                )
            )
        self.count.setText(
            ngettext("{count} member", "{count} members", len(found)).format(count=len(found))
        )
