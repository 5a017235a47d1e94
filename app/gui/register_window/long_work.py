"""The register window's long work — export, back-up, verification — each on a worker behind a
progress dialog with Cancel, its result told in the status bar or a dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.gui.operations import (
    CancelFlag,
    Operation,
    OperationCancelled,
    ProgressCallback,
    run_with_progress,
)
from app.i18n.messages import _, ngettext, ui_language
from app.i18n.numbers import grouped

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow


def export_register(window: MainWindow, path: Path | None = None) -> Operation | None:
    """Export what the window lists now (view and search) to CSV or XLSX, with progress."""
    if path is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            window,
            _("Export register"),
            str(Path.home() / "register.xlsx"),
            _("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
    from app.services.register_export import export_register

    # The list is all an export reads: it need not wait for the register service.
    reading = window.opening.reading
    query, filters, total = window.model.query, window.model.filters, window.model.known_total()

    def work(progress: ProgressCallback, cancel: CancelFlag) -> int:
        def counted(done: int) -> None:
            if cancel.is_set():
                raise OperationCancelled
            progress(done, total or 0)

        try:
            return export_register(
                reading, path, query_text=query, filters=filters, progress=counted
            )
        except OperationCancelled:
            path.unlink(missing_ok=True)  # no half-written file left behind
            raise

    task = run_with_progress(
        work, window, _("Export register"), _("Writing {name}…").format(name=path.name)
    )
    task.finished.connect(
        lambda count: window.statusBar().showMessage(
            ngettext(
                "{count} note written to {path}", "{count} notes written to {path}", count
            ).format(count=grouped(count, ui_language()), path=path),
            10000,
        )
    )
    return task


def backup_register(window: MainWindow, path: Path | None = None) -> Operation | None:
    """Copy the register file (SQLite online backup) to a file the officer chooses."""
    if path is None:
        stamp = dt.date.today().isoformat()
        chosen, _filter = QFileDialog.getSaveFileName(
            window,
            _("Back up register"),
            str(Path.home() / f"verbale-backup-{stamp}.sqlite3"),
            _("Register backup (*.sqlite3)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
    from app.services.backup import backup_register

    url = window.opening.url

    def work(_progress: ProgressCallback, cancel: CancelFlag) -> Path:
        # One SQLite backup step: it cannot stop halfway, so Cancel removes the copy made.
        target = backup_register(url, path)
        if cancel.is_set():
            target.unlink(missing_ok=True)
            raise OperationCancelled
        return target

    task = run_with_progress(work, window, _("Back up register"), _("Copying the register…"))
    task.finished.connect(
        lambda target: window.statusBar().showMessage(
            _("Register copied to {path}").format(path=target), 10000
        )
    )
    return task


def verify_register(window: MainWindow) -> Operation:
    """Re-hash every issued PDF, with progress and Cancel; the result in a dialog."""
    opening = window.opening

    def work(progress: ProgressCallback, cancel: CancelFlag) -> object:
        register = opening.register()  # on the worker: waits there if still loading

        def step(done: int, total: int) -> None:
            if cancel.is_set():
                raise OperationCancelled
            if done % 20 == 0 or done == total:
                progress(done, total)

        from app.services.register_verify import verify_register as verify

        return verify(register, step)

    task = run_with_progress(
        work, window, _("Verify issued documents"), _("Checking every issued PDF…")
    )
    task.finished.connect(lambda verdict: show_verify_report(window, verdict))
    return task


def show_verify_report(window: QWidget, verdict: Any) -> None:
    """The documents' verdict and the audit log's (app.services.register_verify)."""
    report = verdict.documents
    problems = [*report.problems, *verdict.problems]
    if not problems:
        text = ngettext(
            "The {count} issued document is intact.",
            "All {count} issued documents are intact.",
            report.documents_checked,
        ).format(count=grouped(report.documents_checked, ui_language()))
        text += "\n" + ngettext(
            "The audit log is whole: {count} entry.",
            "The audit log is whole: {count} entries.",
            verdict.audit_entries,
        ).format(count=grouped(verdict.audit_entries, ui_language()))
        QMessageBox.information(window, _("Verify issued documents"), text)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, _("Verify issued documents"), "", parent=window)
    box.setText(
        ngettext(
            "{count} problem found in the issued documents and the audit log.",
            "{count} problems found in the issued documents and the audit log.",
            len(problems),
        ).format(count=len(problems))
    )
    box.setDetailedText("\n".join(str(problem) for problem in [*problems, *verdict.notices]))
    box.exec()
