"""Importing task packs from the window: a file dialog, a progress dialog, cancel = nothing kept.

The import runs on the writer lane. Its progress callback runs on that thread and reaches the
GUI through a queued signal; Cancel sets a flag that the callback turns into an exception,
which rolls the import's single transaction back, so a cancelled import leaves no trace.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.tasks import TaskLanes
from app.workspace import Workspace
from storage import ImportProgress, ImportReport
from taskpack import TaskPackError

FILE_FILTER = "Task packs (*.jsonl *.jsonl.gz *.json *.parquet);;All files (*)"


class ImportCancelledError(Exception):
    """The annotator pressed Cancel; the import's transaction rolls back."""


class ImportFlow(QObject):
    """Runs one import at a time for a window; ``sig_imported`` fires after a success."""

    sig_imported = Signal(object)
    _sig_progress = Signal(object)

    def __init__(self, lanes: TaskLanes, parent: QWidget) -> None:
        super().__init__(parent)
        self._lanes = lanes
        self._parent = parent
        self._dialog: QProgressDialog | None = None
        self._cancelled = threading.Event()
        self._sig_progress.connect(self._show_progress)

    def choose_and_import(self, workspace: Workspace) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._parent, self.tr("Import task pack"), "", self.tr(FILE_FILTER)
        )
        if path:
            self.start(workspace, Path(path))

    def start(self, workspace: Workspace, path: Path) -> None:
        if self._dialog is not None:
            return
        self._cancelled.clear()
        dialog = QProgressDialog(
            self.tr("Importing {name}…").format(name=path.name),
            self.tr("Cancel"),
            0,
            1000,
            self._parent,
        )
        dialog.setWindowTitle(self.tr("Import"))
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self._cancelled.set)
        self._dialog = dialog

        def progress(update: ImportProgress) -> None:
            if self._cancelled.is_set():
                raise ImportCancelledError
            self._sig_progress.emit(update)

        self._lanes.run_write(
            lambda: workspace.import_pack(path, progress),
            on_done=self._finished,
            on_error=self._failed,
        )

    def _show_progress(self, update: ImportProgress) -> None:
        if self._dialog is None or not update.total_bytes:
            return
        self._dialog.setValue(int(1000 * update.bytes_read / update.total_bytes))
        self._dialog.setLabelText(
            self.tr("Importing… {rows} items read").format(rows=f"{update.rows:,}")
        )

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None

    def _finished(self, report: ImportReport) -> None:
        self._close_dialog()
        self.sig_imported.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._close_dialog()
        if isinstance(error, ImportCancelledError):
            return
        detail = str(error) if isinstance(error, TaskPackError) else repr(error)
        QMessageBox.warning(
            self._parent,
            self.tr("Import failed"),
            self.tr("Nothing was imported.\n\n{detail}").format(detail=detail),
        )
