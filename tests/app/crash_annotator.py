"""An annotator that never stops: the real app, typing and submitting until it is killed.

Run as ``python crash_annotator.py PROFILE SEED``. It opens the real main window on the
demo workspace in PROFILE, types into the rationale of the item on screen, and now and
then fills in the rest and submits. Every draft save and submission the writer lane has
made durable is printed as one JSON line, flushed at once, so the parent that kills this
process with SIGKILL knows exactly what the store must still hold.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from app.main_window import MainWindow
from app.tasks import TaskLanes
from storage import JudgmentState

WORDS = ["clear", "wrong", "safer", "shorter", "complete", "misleading", "更好", "错误"]


def emit(kind: str, state: JudgmentState) -> None:
    line = {"event": kind, "id": state.id, "item": state.item_id, "answers": state.answers}
    print(json.dumps(line, ensure_ascii=False, sort_keys=True), flush=True)


def main() -> int:
    profile, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    app = QApplication(sys.argv[:1])
    lanes = TaskLanes()
    window = MainWindow(lanes, started=time.perf_counter())
    window.controller.sig_draft_saved.connect(lambda s: emit("saved", s))
    window.controller.sig_judgment_submitted.connect(lambda s: emit("submitted", s))
    window.show()

    words_before_submit = [rng.randint(10, 40)]

    def tick() -> None:
        controller = window.controller
        form, session = controller.form, controller.session
        if session is not None and not session.editable:
            window.next_item()  # reopened on a finished item: move on, as an annotator would
            return
        if form is None or session is None:
            return
        typed = form.answers().get("rationale", "") or ""
        if len(typed.split()) >= words_before_submit[0]:
            words_before_submit[0] = rng.randint(10, 40)
            order = session.display_order
            form.set_answers(
                {
                    "helpfulness": {rid: rng.randint(1, 5) for rid in order},
                    "issues": {rid: [] for rid in order},
                    "ranking": [[rid] for rid in order],
                    "rationale": typed + " because it is clear",
                }
            )
            controller.submit()
            return
        box = form.editor("rationale").findChild(QPlainTextEdit)
        if box is not None:
            box.setFocus()
            word = rng.choice(WORDS) + " "
            if word.isascii():
                QTest.keyClicks(box, word)
            else:  # QTest synthesises ASCII keys only; CJK arrives through the input method
                box.insertPlainText(word)

    window.sig_first_item_shown.connect(lambda _t: print('{"event": "ready"}', flush=True))
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(30)
    window.open_profile(profile, seed_demo=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
