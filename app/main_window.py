"""The main window: queue, item, rubric and guidelines; every disk access through the lanes."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QWidget,
)

from app.account_controller import AccountController
from app.active_time import ActiveTimeTracker
from app.annotation import AnnotationController
from app.desktop import edit_settings, show_cheat_sheet
from app.import_flow import ImportFlow
from app.item_session import ItemSession
from app.lead_desk import LeadDesk
from app.pack_updates import PackUpdate, import_guideline_pack
from app.profile_menu import ProfileMenu
from app.settings import UiPrefs, open_settings, save_prefs
from app.shortcuts import Shortcuts
from app.tasks import TaskLanes
from app.workspace import Workspace
from storage import ImportReport, JudgmentState
from storage.workspace_state import Tally
from widgets.guideline_panel import GuidelinePage, GuidelinePanel
from widgets.item_view import ItemView
from widgets.link_confirm import confirm_link
from widgets.queue_panel import QueuePanel
from widgets.rubric_panel import RubricPanel
from widgets.view_models import QueueBatch, QueueItem

if TYPE_CHECKING:
    from app.credentials import KeyringLike

SPLITTER_KEY = "window/splitter"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartupTimings:
    """Milliseconds from process start; reported by ``--smoke``."""

    ready_ms: float
    store_open_ms: float
    items: int
    batches: int
    first_item: str


class MainWindow(QMainWindow):
    """Shows a profile's work; all disk access goes through the ``TaskLanes`` it is given.

    Signals (facts): ``sig_first_item_shown(StartupTimings)``, ``sig_item_shown(ItemSession)``,
    ``sig_open_failed(str)``.
    """

    sig_first_item_shown = Signal(object)
    sig_item_shown = Signal(object)
    sig_open_failed = Signal(str)

    def __init__(
        self,
        lanes: TaskLanes,
        started: float,
        lang: str = "en",
        tracker: ActiveTimeTracker | None = None,
        shortcuts: Shortcuts | None = None,
        prefs: UiPrefs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lanes = lanes
        self.started = started
        # Packs name languages "en", "zh"; the app's translators use "zh_CN".
        self.lang = lang.replace("_", "-").split("-")[0]
        self.shortcuts = shortcuts or Shortcuts({})
        self.prefs = prefs or UiPrefs()
        self.data_dir: Path | None = None
        self.workspace: Workspace | None = None
        self._store_open_ms = 0.0
        self._item_total = 0
        self._batch_total = 0
        self._first_item_reported = False
        self._wanted_item: str | None = None
        self._prefetched: dict[str, ItemSession] = {}
        self._restore: dict[str, Any] = {}
        self.setWindowTitle(self.tr("Prefdesk"))
        self.resize(1440, 900)
        self.queue_panel = QueuePanel()
        self.queue = self.queue_panel.queue
        self.item_view = ItemView()
        self.rubric_panel = RubricPanel()
        self.guideline_panel = GuidelinePanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("work_splitter")
        self.splitter.addWidget(self.item_view)
        self.splitter.addWidget(self.rubric_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 520])
        self.setCentralWidget(self.splitter)
        self.queue_dock = self._dock(self.tr("Queue"), "queue_dock", self.queue_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.queue_dock)
        self.guideline_dock = self._dock(
            self.tr("Guidelines"), "guideline_dock", self.guideline_panel
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guideline_dock)
        self.guideline_dock.hide()
        if tracker is None:
            tracker = ActiveTimeTracker(parent=self)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                tracker.watch(app)
        self.tracker = tracker
        self.controller = AnnotationController(
            lanes, self.item_view, self.rubric_panel, self.tracker, self.lang, self
        )
        self.item_view.set_synced_scrolling(self.prefs.synced_scrolling)
        self.status = QLabel(self.tr("Opening…"))
        self.tally_label = QLabel()
        self.tally_label.setAccessibleName(self.tr("Today's tally"))
        self.statusBar().addWidget(self.status, 1)
        self.account = AccountController(lanes, self)
        self.lead_desk = LeadDesk(
            lanes, self.account.signed_in_session, self, lang=lambda: self.lang
        )
        self.account.sig_signed_in_changed.connect(self.lead_desk.set_signed_in)
        self.statusBar().addPermanentWidget(self.account.status_widget)
        self.statusBar().addPermanentWidget(self.tally_label)
        self.import_flow = ImportFlow(lanes, self)
        self.import_flow.sig_imported.connect(self._on_imported)
        self.profile_menu = ProfileMenu(
            lanes,
            lambda: self.data_dir,
            lambda: self.workspace,
            self,
            keyring_backend=lambda: self.account.keyring_backend,
        )
        self.actions_by_id: dict[str, QAction] = {}
        self._build_menus()
        self.queue.sig_batch_opened.connect(self._load_items)
        self.queue.sig_item_selected.connect(self._load_item)
        self.queue.sig_more_requested.connect(self._load_more)
        self.queue_panel.sig_filter_changed.connect(self._filter_changed)
        self.controller.sig_judgment_submitted.connect(self._on_submitted)
        self.controller.sig_draft_saved.connect(self._on_draft_saved)
        self.controller.sig_message.connect(self._flash)
        self.item_view.sig_link_requested.connect(self._open_link)
        self.guideline_panel.sig_link_requested.connect(self._open_link)
        lanes.sig_task_failed.connect(self._show_error)
        self.account.sig_work_changed.connect(self._on_work_changed)
        self.account.sig_pack_arrived.connect(self._on_guidelines_imported)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    # -- actions -------------------------------------------------------------------------

    def _action(self, action_id: str, text: str, slot: Any) -> QAction:
        action = QAction(text, self)
        self.shortcuts.bind(action_id, action)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions_by_id[action_id] = action
        return action

    def _build_menus(self) -> None:
        a = self._action
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = a("import", self.tr("&Import task pack…"), self._choose_import)
        self.import_action.setEnabled(False)
        file_menu.addAction(self.import_action)
        file_menu.addAction(
            a("import_guidelines", self.tr("Import &guideline pack…"), self._choose_guidelines)
        )
        file_menu.addSeparator()
        self.profile_menu.add_file_actions(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(a("settings", self.tr("&Settings…"), self._edit_settings))
        file_menu.addAction(a("quit", self.tr("&Quit"), self.close))
        item_menu = self.menuBar().addMenu(self.tr("&Item"))
        item_menu.addAction(a("submit", self.tr("&Submit"), self.controller.submit))
        item_menu.addAction(a("skip", self.tr("S&kip…"), self.controller.skip))
        item_menu.addAction(a("amend", self.tr("&Amend"), self.controller.amend))
        item_menu.addSeparator()
        item_menu.addAction(a("next_item", self.tr("&Next item"), self.next_item))
        item_menu.addAction(a("previous_item", self.tr("&Previous item"), self.previous_item))
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(a("focus_queue", self.tr("Go to the &queue"), self._focus_queue))
        view_menu.addAction(
            a("focus_responses", self.tr("Go to the &responses"), self._focus_responses)
        )
        view_menu.addAction(
            a("focus_rubric", self.tr("Go to the r&ubric"), self.controller.focus_form)
        )
        view_menu.addAction(a("search_queue", self.tr("&Search the queue"), self._focus_search))
        view_menu.addSeparator()
        synced = a(
            "toggle_synced_scrolling", self.tr("S&ynchronized scrolling"), self._toggle_synced
        )
        synced.setCheckable(True)
        synced.setChecked(self.prefs.synced_scrolling)
        view_menu.addAction(synced)
        view_menu.addAction(a("toggle_raw_view", self.tr("Raw &text"), self._toggle_raw))
        view_menu.addAction(a("guidelines", self.tr("&Guidelines"), self._toggle_guidelines))
        self.account.build_menu(self.menuBar().addMenu(self.tr("&Account")), a)
        self.lead_desk.build_menu(self.menuBar().addMenu(self.tr("&Lead")), a)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a("cheat_sheet", self.tr("&Keyboard shortcuts"), self.show_cheat_sheet))
        self.profile_menu.add_help_actions(help_menu)

    def show_cheat_sheet(self) -> None:
        show_cheat_sheet(self.shortcuts, self)

    def _edit_settings(self) -> None:
        app = QApplication.instance()
        if self.data_dir is None or not isinstance(app, QApplication):
            return
        profile, prepare = self.profile_menu.settings_profile(self.account)
        changed = edit_settings(
            app, self.data_dir, self.prefs, self.shortcuts, self, profile, prepare
        )
        if changed is None:
            return
        self.prefs, self.shortcuts = changed
        for action_id, action in self.actions_by_id.items():
            self.shortcuts.bind(action_id, action)
        self.item_view.set_synced_scrolling(self.prefs.synced_scrolling)
        self.actions_by_id["toggle_synced_scrolling"].setChecked(self.prefs.synced_scrolling)

    def _toggle_synced(self, on: bool) -> None:
        self.item_view.set_synced_scrolling(on)
        self.prefs = replace(self.prefs, synced_scrolling=on)

    def _toggle_raw(self) -> None:
        views = self.item_view.responses.views
        focus = QApplication.focusWidget()
        focused = [v for v in views if focus is not None and (v is focus or v.isAncestorOf(focus))]
        for view in focused or views:
            view.set_raw(view.mode() != "raw")

    def _focus_responses(self) -> None:
        self.item_view.focus_response(0)

    def _focus_queue(self) -> None:
        self.queue_dock.show()
        self.queue.setFocus()

    def _focus_search(self) -> None:
        self.queue_dock.show()
        self.queue_panel.search.setFocus()
        self.queue_panel.search.selectAll()

    def _toggle_guidelines(self) -> None:
        visible = not self.guideline_dock.isVisible()
        self.guideline_dock.setVisible(visible)
        if visible:
            self.guideline_panel.setFocus()

    def _flash(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _open_link(self, url: QUrl) -> None:
        # Links in model output open only after the annotator has seen the whole address.
        if confirm_link(self, url):
            QDesktopServices.openUrl(url)

    # -- importing -----------------------------------------------------------------------

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
        self._refresh_queue()

    def _refresh_queue(self) -> None:
        if self.workspace is not None:
            self.lanes.run_read(self.workspace.batches, on_done=self._show_batches)

    def _on_work_changed(self) -> None:
        """Sync brought changes: the queue, and the item on screen if a lead reviewed it."""
        self._refresh_queue()
        workspace, session = self.workspace, self.controller.session
        if workspace is None or session is None or session.judgment is None:
            return
        judgment_id = session.judgment.id

        def reviewed(reviews: object) -> None:
            # Reloading resets the scroll, so it happens only when the review changed,
            # and only if the annotator is still on that judgment.
            current = self.controller.session
            if current is session and reviews != session.reviews:
                self.controller.save_now()
                self._reload_item(session.content.id)

        self.lanes.run_read(lambda: workspace.reviews(judgment_id), on_done=reviewed)

    def _choose_guidelines(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import guideline pack"),
            "",
            self.tr("Guideline packs (*.zip);;All files (*)"),
        )
        if path:
            self.import_guidelines(Path(path))

    def import_guidelines(self, path: Path) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self.lanes.run_write(
            lambda: import_guideline_pack(workspace, path),
            on_done=self._on_guidelines_imported,
            on_error=lambda e: self._flash(self.tr("Guideline pack refused: {e}").format(e=e)),
        )

    def _on_guidelines_imported(self, update: PackUpdate) -> None:
        self._flash(
            self.tr(
                "{title} {version}: {moved} drafts moved, {attention} need your attention"
            ).format(
                title=update.pack.title.get(self.lang),
                version=update.pack.version,
                moved=update.drafts_moved,
                attention=update.drafts_needing_attention,
            )
        )
        self._prefetched.clear()
        session = self.controller.session
        if session is not None:
            self.controller.save_now()
            self._reload_item(session.content.id)

    # -- opening -------------------------------------------------------------------------

    def open_profile(self, data_dir: Path, seed_demo: bool = False) -> None:
        self.status.setText(self.tr("Opening {path}…").format(path=data_dir))
        self._restore_layout(data_dir)
        backend = self.account.keyring_backend
        self.lanes.run_write(
            lambda: _open(data_dir, seed_demo, backend),
            on_done=self._on_opened,
            on_error=self._on_open_failed,
        )

    def _on_opened(self, opened: tuple[Workspace, dict[str, Any]]) -> None:
        workspace, place = opened
        self.workspace = workspace
        self.controller.workspace = workspace
        self._restore = place
        self.import_action.setEnabled(True)
        self._store_open_ms = (time.perf_counter() - self.started) * 1000
        self.lanes.run_read(workspace.batches, on_done=self._show_batches)
        self._refresh_tally()
        if self.data_dir is not None:
            self.account.workspace_opened(workspace, self.data_dir)

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
        text = self.tr("{items} items in {batches} batches · {path}").format(
            items=self._item_total, batches=self._batch_total, path=store
        )
        returned = sum(b.returned for b in batches)
        if returned:  # first, where a long store path cannot push it out of sight
            text = self.tr("{n} returned to you").format(n=returned) + " · " + text
        self.status.setText(text)
        if not batches:
            self.item_view.show_placeholder(
                self.tr("No work yet: import a task pack with “prefdesk import PACK”.")
            )
            return
        wanted = self._restore.get("item_id")
        if isinstance(wanted, str) and self.controller.session is None:
            self._load_item(wanted, place=self._restore)
        elif self.controller.session is None:
            self.queue.open_batch(batches[0].id)
        current = self.controller.session
        if current is not None:
            self._reveal_in_queue(current.content.id)

    def _filter_changed(self, status: str, search: str) -> None:
        for batch_id in self.queue.expanded_batches():
            self._load_items(batch_id)

    def _load_items(self, batch_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        status, search = self.queue_panel.filter()
        self.lanes.run_read(
            lambda: workspace.items(batch_id, status, search),
            on_done=lambda page: self._show_items(batch_id, page),
        )

    def _load_more(self, batch_id: str, shown: int) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        status, search = self.queue_panel.filter()
        self.lanes.run_read(
            lambda: workspace.items(batch_id, status, search, offset=shown),
            on_done=lambda page: self._show_items(batch_id, page, append=True),
        )

    def _show_items(
        self, batch_id: str, page: tuple[list[QueueItem], bool], append: bool = False
    ) -> None:
        items, more = page
        self.queue.blockSignals(True)
        self.queue.set_items(batch_id, items, more, append)
        current = self.controller.session
        if current is not None:
            self.queue.select_item(current.content.id)
        self.queue.blockSignals(False)
        if current is None and self._wanted_item is None:
            self.queue.select_first_item(batch_id)

    def _reveal_in_queue(self, item_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self.queue.blockSignals(True)
        found = self.queue.select_item(item_id)
        self.queue.blockSignals(False)
        if not found:
            self.lanes.run_read(
                lambda: _batch_of(workspace, item_id),
                on_done=lambda batch_id: batch_id and self.queue.open_batch(batch_id),
            )

    # -- items ---------------------------------------------------------------------------

    def _load_item(self, item_id: str, place: dict[str, Any] | None = None) -> None:
        workspace = self.workspace
        current = self.controller.session
        if workspace is None or (current is not None and current.content.id == item_id):
            return
        self._wanted_item = item_id
        cached = self._prefetched.pop(item_id, None)
        if cached is not None:
            self._show_session(cached, place)
            return
        self.lanes.run_read(
            lambda: workspace.item_session(item_id),
            on_done=lambda session: self._show_session(session, place),
            on_error=lambda e: self._flash(str(e)),
        )

    def _reload_item(self, item_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self._wanted_item = item_id
        self.lanes.run_write(
            lambda: workspace.item_session(item_id),
            on_done=lambda session: self._show_session(session, None, force=True),
        )

    def _show_session(
        self, session: ItemSession, place: dict[str, Any] | None = None, force: bool = False
    ) -> None:
        if session.content.id != self._wanted_item and not force:
            return  # the annotator has already moved on; a late answer must not flash by
        self.controller.show(session, place)
        self._show_guidelines(session)
        self._reveal_in_queue(session.content.id)
        self.sig_item_shown.emit(session)
        self._prefetch_after(session.content.id)
        if not self._first_item_reported:
            self._first_item_reported = True
            self.sig_first_item_shown.emit(
                StartupTimings(
                    ready_ms=round((time.perf_counter() - self.started) * 1000, 1),
                    store_open_ms=round(self._store_open_ms, 1),
                    items=self._item_total,
                    batches=self._batch_total,
                    first_item=session.content.id,
                )
            )

    def _show_guidelines(self, session: ItemSession) -> None:
        pack = session.pack
        if pack is None:
            self.guideline_panel.set_pages("", [], {})
            return
        lang = self.lang.split("_")[0]
        pages = [p for p in pack.pages if p.lang == lang] or [
            p for p in pack.pages if p.lang == pack.languages[0]
        ]
        self.guideline_panel.set_pages(
            f"{pack.title.get(lang)} · {pack.version}",
            [GuidelinePage(p.title, p.path, p.markdown) for p in pages],
            pack.assets,
        )

    def _prefetch_after(self, item_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return

        def prepare() -> ItemSession | None:
            following = workspace.next_item(item_id)
            return workspace.item_session(following) if following else None

        def keep(session: ItemSession | None) -> None:
            self._prefetched = {session.content.id: session} if session is not None else {}
            if session is not None:
                QTimer.singleShot(0, lambda: self.controller.prepare(session))

        self.lanes.run_read(prepare, on_done=keep, on_error=lambda _e: None)

    def next_item(self) -> None:
        session = self.controller.session
        if self._prefetched:
            self._load_item(next(iter(self._prefetched)))
        elif session is not None and self.workspace is not None:
            workspace = self.workspace
            self.lanes.run_read(
                lambda: workspace.next_item(session.content.id),
                on_done=lambda item_id: item_id and self._load_item(item_id),
            )

    def previous_item(self) -> None:
        current = self.queue.currentItem()
        if current is None:
            return
        above = self.queue.itemAbove(current)
        if above is not None and above.parent() is not None:
            self.queue.setCurrentItem(above)

    # -- judgments -----------------------------------------------------------------------

    def _on_draft_saved(self, state: JudgmentState) -> None:
        self.queue.set_item_status(state.item_id, "draft")

    def _on_submitted(self, state: JudgmentState) -> None:
        self.queue.set_item_status(state.item_id, state.status)
        self._flash(self.tr("Submitted.") if state.status == "submitted" else self.tr("Skipped."))
        self._refresh_tally()
        self.account.judgment_submitted()
        workspace = self.workspace
        if workspace is not None:
            self.lanes.run_read(workspace.batches, on_done=self._update_progress)
        if self._prefetched:
            self._load_item(next(iter(self._prefetched)))
        else:
            self.next_item()

    def _update_progress(self, batches: list[QueueBatch]) -> None:
        for batch in batches:
            self.queue.update_batch(batch)

    def _refresh_tally(self) -> None:
        workspace = self.workspace
        if workspace is not None:
            self.lanes.run_read(workspace.tally_today, on_done=self._show_tally)

    def _show_tally(self, tally: Tally) -> None:
        self.tally_label.setText(
            self.tr("Today: {done} done · {rate:.0f}/h").format(
                done=tally.done, rate=tally.per_hour
            )
        )

    def _show_error(self, error: BaseException) -> None:
        self.status.setText(self.tr("Something went wrong: {error}").format(error=error))

    # -- layout --------------------------------------------------------------------------

    def _restore_layout(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        if self.prefs.window_geometry:
            self.restoreGeometry(QByteArray(self.prefs.window_geometry))
        if self.prefs.window_state:
            self.restoreState(QByteArray(self.prefs.window_state))
        splitter = open_settings(data_dir).value(SPLITTER_KEY)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _save_layout(self) -> None:
        data_dir = self.data_dir
        if data_dir is None or not data_dir.exists():
            return
        self.prefs = replace(
            self.prefs,
            window_geometry=bytes(self.saveGeometry().data()),
            window_state=bytes(self.saveState().data()),
        )
        try:
            save_prefs(data_dir, self.prefs)
            settings = open_settings(data_dir)
            settings.setValue(SPLITTER_KEY, self.splitter.saveState())
            settings.sync()
        except OSError as error:
            log.warning("layout not saved: %s", error)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The lead's windows need the lanes that are about to stop: they go with this one.
        self.lead_desk.close_windows()
        self.controller.save_now()
        if self.workspace is not None and self.controller.session is not None:
            place = self.controller.place()
            workspace = self.workspace
            self.lanes.run_write(lambda: workspace.save_place(place))
        self._save_layout()
        self.lanes.shutdown()
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        super().closeEvent(event)


def _open(
    data_dir: Path, seed_demo: bool, keyring_backend: KeyringLike | None
) -> tuple[Workspace, dict[str, Any]]:
    workspace = Workspace.open(data_dir, seed_demo=seed_demo, keyring_backend=keyring_backend)
    return workspace, workspace.load_place()


def _batch_of(workspace: Workspace, item_id: str) -> str | None:
    from storage import get_item

    try:
        return get_item(workspace.store, item_id).batch_id
    except Exception:
        return None


def focus_widget() -> QWidget | None:
    return QApplication.focusWidget()
