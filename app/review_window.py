"""The lead's review window: queue and filters on the left, the judgment on the right,
batches and their states in a second tab, and delivery export.

Every server call runs on the network lane (``TaskLanes.run_network``) through one
``LeadClient``; results come back on the GUI thread. A decision carries a fresh
``review_id`` so a retried request is recorded once.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)

from app.review_batches import BatchesPanel
from app.review_content import history_lines, item_content
from app.tasks import TaskLanes
from guidelines import pack_from_canonical
from protocol import DeliveryRequest, JudgmentDetail, ReviewDecision, ReviewQueue
from sync.lead_client import LeadClient, LeadError, QueueQuery
from widgets.delivery_dialog import DeliveryDialog
from widgets.review_detail import ReviewDetail
from widgets.review_queue_view import ReviewFilters, ReviewQueueView

PAGE = 200


def queue_query(f: ReviewFilters, after: int = 0) -> QueueQuery:
    flagged = {"flagged": True, "clean": False}.get(f.flag)
    rule = None if f.flag in ("any", "flagged", "clean") else f.flag
    return QueueQuery(
        rule=rule,
        flagged=flagged,
        batch=f.batch,
        user=f.user,
        review=f.review,
        sample=f.sample_percent / 100,
        seed=f.seed,
        after=after,
        limit=PAGE,
    )


class ReviewWindow(QMainWindow):
    """Review for the projects where ``client``'s account is a lead or admin.

    ``client`` is owned by the window and closed with it. ``lang`` picks the rubric's
    language. ``on_report(project_id)`` (optional) opens the dashboard for a project.
    """

    def __init__(
        self,
        client: LeadClient,
        lanes: TaskLanes,
        lang: str | None = None,
        on_report: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review — Prefdesk"))
        self.setAccessibleName(self.tr("Review"))
        self.client = client
        self.lanes = lanes
        self._closed = False
        self.lang = lang
        self.project: str | None = None
        self._next_after: int | None = None
        self._annotators: dict[str, str] = {}
        self._rules: set[str] = set()
        self._batches: list[tuple[str, str]] = []
        self._shown: str | None = None
        self.projects = QComboBox()
        self.projects.setAccessibleName(self.tr("Project"))
        self.projects.currentIndexChanged.connect(self._project_chosen)
        bar = QToolBar(self.tr("Review"))
        bar.setObjectName("review_toolbar")
        bar.addWidget(QLabel(self.tr("Project ")))
        bar.addWidget(self.projects)
        bar.addAction(self.tr("Refresh"), self.refresh)
        self.export_action = bar.addAction(self.tr("Export delivery…"), self.export_delivery)
        if on_report is not None:
            bar.addAction(self.tr("Dashboard"), lambda: self.project and on_report(self.project))
        self.addToolBar(bar)
        self.queue = ReviewQueueView()
        self.detail = ReviewDetail()
        self.batches = BatchesPanel(self)
        self.batches.sig_accept_requested.connect(self._accept_batch)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Queue and batches"))
        self.tabs.addTab(self.queue, self.tr("&Queue"))
        self.tabs.addTab(self.batches, self.tr("&Batches"))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(self.detail)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 960])
        self.setCentralWidget(split)
        self.queue.sig_filters_changed.connect(lambda _f: self.reload_queue())
        self.queue.sig_entry_chosen.connect(self._open)
        self.queue.sig_more_requested.connect(self._more)
        self.detail.sig_decided.connect(self._decide)
        self.resize(1400, 860)
        self._say(self.tr("Asking the server for your projects…"))
        self._call(self.client.lead_projects, self._projects_read, self._failed)

    # -- loading -----------------------------------------------------------------------

    def _call(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run ``fn`` on the network lane; its answer is dropped once the window is closed,
        since by then the window may be deleted (and its client closed under the call)."""

        def done(value: Any) -> None:
            if not self._closed:
                on_done(value)

        def failed(error: BaseException) -> None:
            if not self._closed:
                on_error(error)

        self.lanes.run_network(fn, done, failed)

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text)

    def _failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, LeadError) else str(error)
        self._say(message)
        self.detail.show_problem(message)

    def _projects_read(self, projects: list[str]) -> None:
        if not projects:
            self._say(self.tr("This account is not a lead or admin of any project."))
            return
        self.projects.blockSignals(True)
        self.projects.clear()
        self.projects.addItems(projects)
        self.projects.blockSignals(False)
        self._project_chosen()

    def _project_chosen(self, *_args: object) -> None:
        self.project = self.projects.currentText() or None
        self._annotators.clear()
        self._rules.clear()
        self.refresh()

    def refresh(self) -> None:
        if self.project is None:
            return
        project = self.project
        self._call(lambda: self.client.batches(project), self._batches_read, self._failed)
        self.reload_queue()

    def _batches_read(self, batches: list[Any]) -> None:
        self._batches = [(b.batch_id, b.name) for b in batches]
        self.batches.show_batches(batches)
        self._refresh_options()

    def reload_queue(self) -> None:
        if self.project is None:
            return
        project, query = self.project, queue_query(self.queue.filters())
        self._say(self.tr("Loading the queue…"))
        self._call(
            lambda: self.client.queue(project, query),
            lambda q: self._queue_read(q, append=False),
            self._failed,
        )

    def _more(self) -> None:
        if self.project is None or self._next_after is None:
            return
        project, query = self.project, queue_query(self.queue.filters(), self._next_after)
        self._call(
            lambda: self.client.queue(project, query),
            lambda q: self._queue_read(q, append=True),
            self._failed,
        )

    def _queue_read(self, queue: ReviewQueue, append: bool) -> None:
        self._next_after = queue.next_after
        for entry in queue.entries:
            self._annotators[entry.user_id] = entry.annotator
            self._rules.update(entry.qc_rules)
        self.queue.set_entries(queue.entries, queue.total, queue.next_after is not None, append)
        self._refresh_options()
        self._say(self.tr("{0} judgments match").format(queue.total))
        if self.queue.current_judgment_id() is None and queue.entries:
            self.queue.choose(queue.entries[0].judgment_id)
        elif not queue.entries:
            self.detail.clear(self.tr("Nothing to review with these filters."))

    def _refresh_options(self) -> None:
        self.queue.blockSignals(True)
        annotators = sorted(self._annotators.items(), key=lambda kv: kv[1])
        self.queue.set_options(self._batches, annotators, sorted(self._rules))
        self.queue.blockSignals(False)

    def _open(self, judgment_id: str) -> None:
        if self.project is None:
            return
        project = self.project
        self._shown = judgment_id
        self.detail.set_busy(True, self.tr("Loading the judgment…"))
        self._call(lambda: self.client.judgment(project, judgment_id), self._show, self._failed)

    def _show(self, detail: JudgmentDetail) -> None:
        if detail.entry.judgment_id != self._shown:
            return  # the lead moved on while it loaded
        rubric = None
        if detail.pack_canonical_b64:
            rubric = pack_from_canonical(base64.b64decode(detail.pack_canonical_b64)).rubric
        e = detail.entry
        header = self.tr("{0} · by {1} · pack {2} {3}").format(
            e.item_id, e.annotator, detail.pack_id, detail.pack_version
        )
        content = item_content(detail)
        # QC findings name responses by id; the lead sees the annotator's blind labels.
        legend = ", ".join(f"{r.label} = {r.id}" for r in content.responses)
        header += "\n" + self.tr("Responses as the annotator saw them: {0}").format(legend)
        answers = detail.payload.get("answers", {})
        self.detail.show_judgment(
            header,
            content,
            rubric,
            answers if isinstance(answers, dict) else {},
            detail.findings,
            history_lines(detail),
            self.lang,
        )

    # -- decisions ---------------------------------------------------------------------

    def _decide(self, outcome: str, comment: str, fixed: dict[str, Any] | None) -> None:
        judgment_id = self.queue.current_judgment_id()
        if self.project is None or judgment_id is None:
            return
        decision = ReviewDecision(
            outcome=outcome,  # type: ignore[arg-type]
            comment=comment,
            fixed_answers=fixed,
            review_id=str(uuid.uuid4()),
        )
        project = self.project
        self.detail.set_busy(True, self.tr("Sending…"))
        self._call(
            lambda: self.client.decide(project, judgment_id, decision),
            self._decided,
            self._failed,
        )

    def _decided(self, detail: JudgmentDetail) -> None:
        self.queue.model.replace(detail.entry)
        self._say(self.tr("Recorded: {0}").format(detail.entry.review or ""))
        if not self.queue.choose_next():
            self._show(detail)
        self.refresh_batches()

    def refresh_batches(self) -> None:
        if self.project is not None:
            project = self.project
            self._call(lambda: self.client.batches(project), self._batches_read, self._failed)

    def _accept_batch(self, batch_id: str) -> None:
        if self.project is None:
            return
        project = self.project
        self._call(
            lambda: self.client.accept_batch(project, batch_id),
            lambda _b: self.refresh(),
            lambda error: self.batches.show_problem(
                error.message if isinstance(error, LeadError) else str(error)
            ),
        )

    # -- delivery ----------------------------------------------------------------------

    def export_delivery(self, target: Path | None = None) -> None:
        """Ask for formats and a file, then fetch the delivery zip and save it."""
        if self.project is None:
            return
        dialog = DeliveryDialog(self.project, self)
        if target is None:
            if dialog.exec() != DeliveryDialog.DialogCode.Accepted:
                return
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save delivery"), f"{self.project}-delivery.zip", "Zip (*.zip)"
            )
            if not name:
                return
            target = Path(name)
        choice = dialog.choice()
        request = DeliveryRequest(
            formats=list(choice.formats),
            accepted_only=choice.accepted_only,
            exclude_stale=choice.exclude_stale,
            keep_ties=choice.keep_ties,
            min_agreement=choice.min_agreement,
        )
        project, path = self.project, target
        self._say(self.tr("Building the delivery…"))

        def fetch_and_save() -> Path:
            content = self.client.delivery(project, request)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(content)
            os.replace(partial, path)  # a crash never leaves half a zip under the real name
            return path

        self._call(
            fetch_and_save,
            lambda saved: self._say(self.tr("Delivery saved to {0}").format(saved)),
            self._failed,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # Calls still running finish on their lane, their answers dropped (see _call).
        self._closed = True
        self.lanes.close_after_network(self.client.close)
        super().closeEvent(event)
