"""Actions declared as data: a table of `ActionSpec`s (name, text, the owner's method it calls,
shortcuts) that `build_actions` turns into QActions, and `place` lays out in a menu or toolbar.

The register window and the plan editor both declare their actions this way, so which key
does what is read from one table per window, not from a page of widget code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from app.i18n.messages import _

Key = QKeySequence.StandardKey | str
Owner = TypeVar("Owner", bound=QWidget)


@dataclass(frozen=True)
class ActionSpec(Generic[Owner]):
    """One action: its object name, its text (a msgid marked with N_), the owner's method it
    calls (`PlanEditor.add_row`), and its shortcuts (the first one shown in the tooltip when
    `tooltip_keys`)."""

    name: str
    text: str
    slot: Callable[[Owner], object]
    keys: tuple[Key, ...] = ()
    context: Qt.ShortcutContext | None = None
    role: QAction.MenuRole | None = None
    tooltip_keys: bool = False


#: In a layout given to `place`: a separator.
SEPARATOR = None


def build_actions(
    owner: Owner,
    specs: Sequence[ActionSpec[Owner]],
    context: Qt.ShortcutContext | None = None,
) -> dict[str, QAction]:
    """QActions for the specs, each connected to its method of `owner` and added to it (so
    its shortcuts work with or without a menu), by name."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        text = _(spec.text)
        action = QAction(text, owner)
        action.setObjectName(spec.name)
        if spec.keys:
            action.setShortcuts([QKeySequence(key) for key in spec.keys])
            if spec.tooltip_keys:
                action.setToolTip(f"{text} ({QKeySequence(spec.keys[0]).toString()})")
        chosen_context = spec.context if spec.context is not None else context
        if chosen_context is not None:
            action.setShortcutContext(chosen_context)
        if spec.role is not None:
            action.setMenuRole(spec.role)
        action.triggered.connect(lambda _checked=False, call=spec.slot: call(owner))
        owner.addAction(action)
        actions[spec.name] = action
    return actions


def place(
    container: QMenu | QToolBar, actions: dict[str, QAction], layout: Sequence[str | None]
) -> None:
    """Add the named actions to a menu or toolbar in order; SEPARATOR between groups."""
    for name in layout:
        if name is SEPARATOR:
            container.addSeparator()
        else:
            container.addAction(actions[name])
