"""The main window: the queue on the left, the current item on the right."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from app.import_flow import ImportFlow
from app.tasks import TaskLanes
from app.workspace import Workspace
from storage import ImportReport
from widgets.item_view import ItemView
from widgets.queue_view import QueueView
from widgets.view_models import ItemContent, QueueBatch, QueueItem


@dataclass(frozen=True)
class StartupTimings:
    """Milliseconds from process start; reported by ``--smoke``."""

    ready_ms: float
    store_open_ms: float
    items: int
    batches: int
    first_item: str


class MainWindow(QMainWindow):
    """Shows a profile's work; all disk access goes through the ``TaskLanes`` it is given."""

    sig_first_item_shown = Signal(object)
    sig_open_failed = Signal(str)

    def __init__(self, lanes: TaskLanes, started: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lanes = lanes
        self.started = started
        self.workspace: Workspace | None = None
        self._store_open_ms = 0.0
        self._item_total = 0
        self._batch_total = 0
        self._first_item_reported = False
        self._wanted_item: str | None = None
        self.setWindowTitle(self.tr("Prefdesk"))
        self.resize(1280, 800)
        self.queue = QueueView()
        self.item_view = ItemView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.item_view)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 940])
        self.setCentralWidget(splitter)
        self.status = QLabel(self.tr("Opening…"))
        self.statusBar().addWidget(self.status, 1)
        self.import_flow = ImportFlow(lanes, self)
        self.import_flow.sig_imported.connect(self._on_imported)
        self._build_menus()
        self.queue.sig_batch_opened.connect(self._load_items)
        self.queue.sig_item_selected.connect(self._load_item)
        lanes.sig_task_failed.connect(self._show_error)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = QAction(self.tr("&Import task pack…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setEnabled(False)
        self.import_action.triggered.connect(self._choose_import)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def _choose_import(self) -> None:
        if self.workspace is not None:
            self.import_flow.choose_and_import(self.workspace)

    def _on_imported(self, report: ImportReport) -> None:
        self.statusBar().showMessage(
            self.tr("{name}: {added} items added, {unchanged} already present").format(
                name=Path(report.source).name, added=report.added, unchanged=report.unchanged
            ),
            10_000,
        )
        if self.workspace is not None:
            self.lanes.run_read(self.workspace.batches, on_done=self._show_batches)

    # -- opening -------------------------------------------------------------------------

    def open_profile(self, data_dir: Path, seed_demo: bool = False) -> None:
        self.status.setText(self.tr("Opening {path}…").format(path=data_dir))
        self.lanes.run_write(
            lambda: Workspace.open(data_dir, seed_demo=seed_demo),
            on_done=self._on_opened,
            on_error=self._on_open_failed,
        )

    def _on_opened(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.import_action.setEnabled(True)
        self._store_open_ms = (time.perf_counter() - self.started) * 1000
        self.lanes.run_read(workspace.batches, on_done=self._show_batches)

    def _on_open_failed(self, error: BaseException) -> None:
        message = self.tr("Could not open the store: {error}").format(error=error)
        self.status.setText(message)
        self.item_view.show_placeholder(message)
        self.sig_open_failed.emit(str(error))

    # -- queue ---------------------------------------------------------------------------

    def _show_batches(self, batches: list[QueueBatch]) -> None:
        self.queue.set_batches(batches)
        self._batch_total = len(batches)
        self._item_total = sum(b.total for b in batches)
        store = self.workspace.store.path if self.workspace else ""
        self.status.setText(
            self.tr("{items} items in {batches} batches · {path}").format(
                items=self._item_total, batches=self._batch_total, path=store
            )
        )
        if batches:
            self.queue.open_batch(batches[0].id)
        else:
            self.item_view.show_placeholder(
                self.tr("No work yet: import a task pack with “prefdesk import PACK”.")
            )

    def _load_items(self, batch_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self.lanes.run_read(
            lambda: workspace.items(batch_id),
            on_done=lambda items: self._show_items(batch_id, items),
        )

    def _show_items(self, batch_id: str, items: list[QueueItem]) -> None:
        self.queue.set_items(batch_id, items)
        if not self._first_item_reported and self.item_view.current_item_id is None:
            self.queue.select_first_item(batch_id)

    # -- item ----------------------------------------------------------------------------

    def _load_item(self, item_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self._wanted_item = item_id
        self.lanes.run_read(lambda: workspace.item_content(item_id), on_done=self._show_item)

    def _show_item(self, content: ItemContent) -> None:
        if content.id != self._wanted_item:
            return  # the annotator has already moved on; a late answer must not flash by
        self.item_view.show_item(content)
        if not self._first_item_reported:
            self._first_item_reported = True
            self.sig_first_item_shown.emit(
                StartupTimings(
                    ready_ms=round((time.perf_counter() - self.started) * 1000, 1),
                    store_open_ms=round(self._store_open_ms, 1),
                    items=self._item_total,
                    batches=self._batch_total,
                    first_item=content.id,
                )
            )

    def _show_error(self, error: BaseException) -> None:
        self.status.setText(self.tr("Something went wrong: {error}").format(error=error))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lanes.shutdown()
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        super().closeEvent(event)
