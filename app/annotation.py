"""The annotation of the item on screen: autosave, submit, skip, amend.

Every edit marks the draft dirty and arms a short timer; when it fires, the answers, the
active time and the annotator's place go to the writer lane as one draft revision. So a
change is durable well within a second, typing never waits on disk, and a killed process
loses at most the keystrokes of that last interval.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QWidget

from app.active_time import ActiveTimeTracker
from app.item_session import DraftRef, ItemSession
from app.pack_updates import acknowledge
from app.tasks import TaskLanes
from app.workspace import Workspace
from guidelines import AnswerProblem, diff_packs, validate_answers
from guidelines.rubric import ChoiceQuestion
from storage import JudgmentState
from storage.reviews import ReviewNote
from widgets.item_view import ItemView
from widgets.pack_change_dialog import PackChangeDialog
from widgets.rubric.base import ResponseRef
from widgets.rubric.form import RubricForm
from widgets.rubric_panel import RubricPanel
from widgets.skip_dialog import SkipDialog

AUTOSAVE_MS = 400


class AnnotationController(QObject):
    """Owns the draft of the item shown in ``item_view`` and ``panel``.

    Signals (facts): ``sig_draft_saved(JudgmentState)``, ``sig_judgment_submitted``
    (JudgmentState, also for a skip), ``sig_amendment_opened(ItemSession)``,
    ``sig_message(str)`` for the status bar.
    """

    sig_draft_saved = Signal(object)
    sig_judgment_submitted = Signal(object)
    sig_amendment_opened = Signal(object)
    sig_message = Signal(str)

    def __init__(
        self,
        lanes: TaskLanes,
        item_view: ItemView,
        panel: RubricPanel,
        tracker: ActiveTimeTracker,
        lang: str = "en",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.lanes = lanes
        self.item_view = item_view
        self.panel = panel
        self.tracker = tracker
        self.lang = lang
        self.workspace: Workspace | None = None
        self.session: ItemSession | None = None
        self.form: RubricForm | None = None
        self.ref: DraftRef | None = None
        self.skip_dialog: SkipDialog | None = None
        self.change_dialog: PackChangeDialog | None = None
        self._prepared: dict[str, tuple[ItemSession, RubricForm]] = {}
        self._dirty = False
        self._submitting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_now)
        panel.sig_submit_requested.connect(self.submit)
        panel.sig_skip_requested.connect(self.skip)
        panel.sig_amend_requested.connect(self.amend)

    # -- showing -------------------------------------------------------------------------

    def show(self, session: ItemSession, place: dict[str, Any] | None = None) -> None:
        """Put ``session`` on screen, first saving what was typed on the previous item."""
        self.save_now()
        self.session = session
        self._submitting = False
        self.item_view.show_item(session.content)
        judgment = session.judgment
        pack = session.pack
        if pack is None:
            self.form = None
            self.ref = None
            self.panel.set_form(
                None,
                self.tr(
                    "No guideline pack for this project yet: import one with "
                    "File → Import guideline pack…"
                ),
            )
            self.panel.set_state(False, False)
            self.panel.set_banner("")
            self.panel.set_review("")
            return
        self.form = self._take_prepared(session) or self._build_form(session)
        if judgment is not None:
            self.form.set_answers(judgment.answers)
        self.form.sig_answers_changed.connect(self._changed)
        self.panel.set_form(self.form)
        self.ref = DraftRef(
            item_id=session.content.id,
            pack_id=pack.id,
            pack_version=pack.version,
            display_order=session.display_order,
            judgment_id=judgment.id if judgment is not None and judgment.is_draft else None,
            supersedes_id=judgment.supersedes_id if judgment is not None else None,
        )
        self.panel.set_state(session.editable, session.amendable)
        self.tracker.start(judgment.active_ms if judgment is not None and judgment.is_draft else 0)
        self._show_banner(session)
        if session.attention and session.editable:
            note = self.tr("The guidelines changed what this means: answer it again.")
            self.form.set_problems(
                [AnswerProblem(q, note, None, "needs_annotator") for q in session.attention]
            )
        if place:
            self._restore_place(place)
        elif session.editable:
            ids = self.form.question_ids()
            if ids:
                self.form.focus_question(ids[0])

    def prepare(self, session: ItemSession) -> None:
        """Build the next item's form now, while the annotator works on this one.

        Widgets can only be made on the GUI thread, so this runs when the event loop is
        idle; switching to that item then only swaps the finished form in.
        """
        if session.pack is None or session.content.id in self._prepared:
            return
        form = self._build_form(session)
        form.ensurePolished()
        self._prepared = {session.content.id: (session, form)}

    def _build_form(self, session: ItemSession) -> RubricForm:
        assert session.pack is not None
        responses = [ResponseRef(r.id, r.label, r.text) for r in session.content.responses]
        return RubricForm(session.pack.rubric, responses, self.lang)

    def _take_prepared(self, session: ItemSession) -> RubricForm | None:
        prepared = self._prepared.pop(session.content.id, None)
        if prepared is None:
            return None
        old, form = prepared
        same = (
            old.pack is not None
            and session.pack is not None
            and old.pack.sha256 == session.pack.sha256
            and old.content.responses == session.content.responses
        )
        if not same:
            form.deleteLater()
            return None
        return form

    def _show_banner(self, session: ItemSession) -> None:
        self._show_review(session)
        judgment = session.judgment
        if judgment is not None and judgment.status == "submitted":
            text = self.tr("Submitted {when}.").format(when=judgment.submitted_at)
            if session.amendable and not session.returned:
                text += " " + self.tr("Not synced yet: Amend (Ctrl+E) to correct it.")
            self.panel.set_banner(text, "done")
        elif judgment is not None and judgment.status == "skipped":
            self.panel.set_banner(
                self.tr("Skipped: {reason}").format(reason=judgment.skip_reason), "done"
            )
        elif session.attention:
            self.panel.set_banner(
                self.tr("The guidelines changed: answer these again: {questions}").format(
                    questions=", ".join(self._label(q) for q in session.attention)
                ),
                "warning",
            )
        elif session.unacknowledged_from is not None and session.pack is not None:
            self.panel.set_banner(
                self.tr(
                    "The guidelines changed ({old} → {new}); you will review the changes "
                    "before your next submit."
                ).format(old=session.unacknowledged_from.version, new=session.pack.version),
                "warning",
            )
        elif judgment is not None and judgment.supersedes_id:
            self.panel.set_banner(self.tr("Amending a submitted judgment."), "info")
        else:
            self.panel.set_banner("")

    def _show_review(self, session: ItemSession) -> None:
        """The lead's decision on the judgment on screen, or on the one it amends."""
        reviews, judgment = session.reviews, session.judgment
        if reviews is None or judgment is None:
            self.panel.set_review("")
            return
        own = reviews.own
        if own is not None:
            hint = ""
            if own.returned and session.amendable:
                hint = self.tr("Amend (Ctrl+E) to revise and resubmit.")
            elif own.outcome == "fixed":
                hint = self.tr("Your lead corrected the answers and accepted the judgment.")
            self.panel.set_review(
                self._review_heading(own), own.comment, hint, own.outcome, self._reviewed_at(own)
            )
            return
        answered = reviews.answered_return
        if answered is None:
            self.panel.set_review("")
        elif judgment.is_draft:
            self.panel.set_review(
                self._review_heading(answered),
                answered.comment,
                self.tr("Your revision goes back to your lead when you submit it."),
                "returned",
                self._reviewed_at(answered),
            )
        else:
            self.panel.set_review(
                self._review_heading(answered),
                answered.comment,
                self.tr("You revised it; your lead will review the revision."),
                "answered",
                self._reviewed_at(answered),
            )

    def _review_heading(self, note: ReviewNote) -> str:
        said = bool(note.comment.strip())
        if note.outcome == "returned":
            return self.tr("Returned by your lead:")
        if note.outcome == "fixed":
            return self.tr("Corrected by your lead:") if said else self.tr("Corrected by your lead")
        return self.tr("Accepted by your lead:") if said else self.tr("Accepted by your lead")

    def _reviewed_at(self, note: ReviewNote) -> str:
        try:
            when = datetime.fromisoformat(note.reviewed_at).astimezone()
            shown = when.strftime("%Y-%m-%d %H:%M")
        except ValueError:  # the server's text, kept as sent when it is not a timestamp
            shown = note.reviewed_at
        return self.tr("Reviewed {when}").format(when=shown)

    def _label(self, question_id: str) -> str:
        if self.session is None or self.session.pack is None:
            return question_id
        question = self.session.pack.rubric.question(question_id)
        return question.label.get(self.lang) if question is not None else question_id

    # -- saving --------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._submitting:
            return
        self._dirty = True
        if self.form is not None:
            self.form.clear_problems()
        if not self._timer.isActive():
            self._timer.start()

    def save_now(self) -> None:
        """Send the current answers to the writer lane if anything changed since the last save."""
        self._timer.stop()
        workspace, ref, form = self.workspace, self.ref, self.form
        if not self._dirty or workspace is None or ref is None or form is None:
            return
        self._dirty = False
        answers = form.answers()
        active = self.tracker.elapsed_ms()
        place = self.place()
        self.lanes.run_write(
            lambda: workspace.save_draft(ref, answers, active, place),
            on_done=self.sig_draft_saved.emit,
            on_error=self._save_failed,
        )

    def _save_failed(self, error: BaseException) -> None:
        self._dirty = True  # keep the answers on screen marked unsaved; the next edit retries
        self.sig_message.emit(self.tr("Could not save the draft: {error}").format(error=error))

    def place(self) -> dict[str, Any]:
        """Where the annotator is: item, scroll positions, the question and cursor in focus."""
        place: dict[str, Any] = {}
        if self.session is None:
            return place
        place["item_id"] = self.session.content.id
        place["scroll"] = self.item_view.scroll_state()
        place["form_scroll"] = self.panel.scroll.verticalScrollBar().value()
        focus = QApplication.focusWidget()
        if self.form is not None and focus is not None:
            for qid in self.form.question_ids():
                if self.form.editor(qid).isAncestorOf(focus):
                    place["question"] = qid
                    if isinstance(focus, QPlainTextEdit | QTextEdit):
                        place["cursor"] = focus.textCursor().position()
                    break
        return place

    def _restore_place(self, place: dict[str, Any]) -> None:
        scroll = place.get("scroll")
        if isinstance(scroll, dict):
            QTimer.singleShot(0, lambda: self.item_view.restore_scroll_state(scroll))
        form_scroll = place.get("form_scroll")
        if isinstance(form_scroll, int):
            bar = self.panel.scroll.verticalScrollBar()
            QTimer.singleShot(0, lambda: bar.setValue(form_scroll))
        question = place.get("question")
        form = self.form
        if form is not None and isinstance(question, str) and question in form.question_ids():
            form.focus_question(question)
            cursor_at = place.get("cursor")
            focus = QApplication.focusWidget()
            if isinstance(cursor_at, int) and isinstance(focus, QPlainTextEdit | QTextEdit):
                cursor = focus.textCursor()
                cursor.setPosition(min(cursor_at, len(focus.toPlainText())))
                focus.setTextCursor(cursor)

    # -- submitting ----------------------------------------------------------------------

    def submit(self) -> None:
        session, form, ref, workspace = self.session, self.form, self.ref, self.workspace
        if session is None or form is None or ref is None or workspace is None:
            return
        if not session.editable or self._submitting:
            if session.amendable:
                self.sig_message.emit(self.tr("Already submitted: Amend (Ctrl+E) to correct it."))
            return
        assert session.pack is not None
        answers = form.answers()
        problems = validate_answers(
            session.pack.rubric, answers, list(session.display_order), lang=self.lang
        )
        if problems:
            form.set_problems(problems)
            if problems[0].question_id in form.question_ids():
                form.focus_question(problems[0].question_id)
            self.sig_message.emit(
                self.tr("Not submitted: {n} answer(s) need attention.").format(n=len(problems))
            )
            return
        if session.unacknowledged_from is not None:
            self._ask_acknowledgement(session)
            return
        self._submitting = True
        self._timer.stop()
        self._dirty = False
        active = self.tracker.elapsed_ms()
        self.lanes.run_write(
            lambda: workspace.submit(ref, answers, active),
            on_done=self._finished,
            on_error=self._submit_failed,
        )

    def _finished(self, state: JudgmentState) -> None:
        self._submitting = False
        if self.session is not None and self.session.content.id == state.item_id:
            self.session = ItemSession(
                self.session.content,
                self.session.display_order,
                self.session.project_id,
                self.session.pack,
                state,
                # Read for the draft, whose id the submission keeps: the return it answers.
                reviews=self.session.reviews,
            )
            self.panel.set_state(False, self.session.amendable)
            self._show_banner(self.session)
        self.sig_judgment_submitted.emit(state)

    def _submit_failed(self, error: BaseException) -> None:
        self._submitting = False
        self._dirty = True
        self.sig_message.emit(self.tr("Not submitted: {error}").format(error=error))

    def _ask_acknowledgement(self, session: ItemSession) -> None:
        old, new = session.unacknowledged_from, session.pack
        assert old is not None
        assert new is not None
        diff = diff_packs(old, new)
        dialog = PackChangeDialog(
            self.tr("{title}: {old} → {new}").format(
                title=new.title.get(self.lang), old=old.version, new=new.version
            ),
            self.tr("Read what changed, then confirm to go on submitting."),
            diff.to_html(self.lang),
            self.panel.window(),
        )
        self.change_dialog = dialog
        dialog.accepted.connect(lambda: self._acknowledged(session))
        dialog.open()

    def _acknowledged(self, session: ItemSession) -> None:
        workspace, pack = self.workspace, session.pack
        if workspace is None or pack is None:
            return
        self.change_dialog = None

        def record() -> str:
            return acknowledge(workspace, pack)

        def done(_when: str) -> None:
            if self.session is session:
                self.session = replace(session, unacknowledged_from=None)
                self._show_banner(self.session)
                self.submit()

        self.lanes.run_write(record, on_done=done)

    # -- skipping and amending -----------------------------------------------------------

    def skip(self) -> None:
        session, form = self.session, self.form
        if session is None or form is None or session.pack is None or not session.editable:
            return
        reasons: list[tuple[str, str]] = []
        skip_question: ChoiceQuestion | None = None
        for question in session.pack.rubric.questions:
            if isinstance(question, ChoiceQuestion) and question.skip_reason:
                skip_question = question
                reasons = [(o.id, o.label.get(self.lang)) for o in question.options]
                break
        dialog = SkipDialog(reasons, self.panel.window())
        self.skip_dialog = dialog
        dialog.accepted.connect(lambda: self._skip_with(dialog, skip_question))
        dialog.open()

    def _skip_with(self, dialog: SkipDialog, question: ChoiceQuestion | None) -> None:
        workspace, ref, form = self.workspace, self.ref, self.form
        self.skip_dialog = None
        if workspace is None or ref is None or form is None:
            return
        answers = form.answers()
        option = dialog.reason_id()
        if question is not None and option is not None:
            answers[question.id] = option
        reason = dialog.reason_text()
        self._submitting = True
        self._timer.stop()
        self._dirty = False
        active = self.tracker.elapsed_ms()
        self.lanes.run_write(
            lambda: workspace.skip(ref, answers, reason, active),
            on_done=self._finished,
            on_error=self._submit_failed,
        )

    def amend(self) -> None:
        session, workspace = self.session, self.workspace
        if session is None or workspace is None or not session.amendable:
            return
        judgment = session.judgment
        assert judgment is not None
        item_id = session.content.id

        def reopen() -> ItemSession:
            workspace.amend(judgment.id)
            return workspace.item_session(item_id)

        def opened(new_session: ItemSession) -> None:
            self.show(new_session)
            self.sig_amendment_opened.emit(new_session)

        self.lanes.run_write(reopen, on_done=opened)

    def focus_form(self) -> None:
        if self.form is not None:
            ids = self.form.question_ids()
            if ids:
                self.form.focus_question(ids[0])

    def current_widget(self) -> QWidget | None:
        return self.form
