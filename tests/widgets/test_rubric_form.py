"""The rubric form on every shipped template: keyboard answers, round trips, problems."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QScrollArea,
)
from pytestqt.qtbot import QtBot

from guidelines import (
    AnswerProblem,
    ChoiceQuestion,
    PairwiseQuestion,
    RankingQuestion,
    RatingQuestion,
    ReplyQuestion,
    RewriteQuestion,
    Rubric,
    validate_answers,
)
from tests.widgets.rubric_support import (
    TEMPLATE_NAMES,
    answer_by_keyboard,
    focused,
    make_form,
    press,
    responses,
    template_rubric,
    text,
)
from widgets.rubric.form import RubricForm
from widgets.rubric.pairwise import PairwiseEditor

CASES = [(name, n) for name in TEMPLATE_NAMES for n in (2, 4)]


def _ids(case: tuple[str, int]) -> str:
    return f"{case[0]}-{case[1]}"


@pytest.fixture(params=CASES, ids=_ids)
def case(request: pytest.FixtureRequest) -> tuple[str, int]:
    return request.param  # type: ignore[no-any-return]


def test_every_template_shows_each_question_that_applies_to_the_item(
    qtbot: QtBot, case: tuple[str, int]
) -> None:
    name, n = case
    rubric = template_rubric(name)
    form = make_form(qtbot, rubric, responses(n))
    expected = [q.id for q in rubric.questions if q.applies != "pair" or n == 2]
    assert form.question_ids() == expected
    assert form.answers() == {}
    for qid in expected:
        assert form.editor(qid).question is rubric.question(qid)


def test_every_template_answered_by_keyboard_gives_the_exact_json_the_validator_accepts(
    qtbot: QtBot, case: tuple[str, int]
) -> None:
    name, n = case
    rubric, refs = template_rubric(name), responses(n)
    form = make_form(qtbot, rubric, refs)
    expected = answer_by_keyboard(qtbot, form, rubric, refs)
    assert form.answers() == expected
    assert validate_answers(rubric, form.answers(), [r.id for r in refs]) == []


def test_set_answers_round_trips_a_full_answer_without_signalling_a_change(
    qtbot: QtBot, case: tuple[str, int]
) -> None:
    name, n = case
    rubric, refs = template_rubric(name), responses(n)
    typed = make_form(qtbot, rubric, refs)
    answers = answer_by_keyboard(qtbot, typed, rubric, refs)
    shown = make_form(qtbot, rubric, refs)
    with qtbot.assertNotEmitted(shown.sig_answers_changed):
        shown.set_answers(answers)
    assert shown.answers() == answers
    with qtbot.assertNotEmitted(shown.sig_answers_changed):
        shown.set_answers({})
    assert shown.answers() == {}


def test_set_answers_ignores_answers_it_cannot_show_and_unknown_questions(qtbot: QtBot) -> None:
    refs = responses(2)
    form = make_form(qtbot, template_rubric("helpsteer2"), refs)
    form.set_answers(
        {
            "helpfulness": {refs[0].id: 3, refs[1].id: 99},
            "correctness": "not a mapping",
            "gone": 1,
        }
    )
    assert form.answers() == {"helpfulness": {refs[0].id: 3}}


def test_every_user_edit_signals_that_the_answers_changed(qtbot: QtBot) -> None:
    refs = responses(2)
    form = make_form(qtbot, template_rubric("ultrafeedback"), refs)
    form.focus_question("task_kind")
    with qtbot.waitSignal(form.sig_answers_changed, timeout=500):
        press(qtbot, form, "2")
    form.focus_question("helpfulness")
    with qtbot.waitSignal(form.sig_answers_changed, timeout=500):
        press(qtbot, form, "4")
    form.focus_question("helpfulness_rationale")
    with qtbot.waitSignal(form.sig_answers_changed, timeout=500):
        qtbot.keyClicks(focused(form), "x")
    box = form.editor("truthfulness_issues").findChildren(QAbstractButton)[0]
    with qtbot.waitSignal(form.sig_answers_changed, timeout=500):
        box.click()
    assert form.answers()["task_kind"] == "creative"


def test_a_problem_is_shown_beside_its_own_question(qtbot: QtBot) -> None:
    rubric, refs = template_rubric("helpsteer2"), responses(2)
    form = make_form(qtbot, rubric, refs)
    form.set_problems([AnswerProblem("coherence", "Coherence is off.")])
    assert form.box("coherence").problems.isVisible()
    assert form.box("coherence").problems.text() == "Coherence is off."
    assert not form.box("helpfulness").problems.isVisible()
    assert not form.form_problems.isVisible()
    form.clear_problems()
    assert not form.box("coherence").problems.isVisible()


def test_validator_problems_name_responses_by_label_never_by_stored_id(qtbot: QtBot) -> None:
    rubric, refs = template_rubric("helpsteer2"), responses(2, prefix="stored-id-")
    form = make_form(qtbot, rubric, refs)
    form.set_answers({"helpfulness": {refs[0].id: 2}})
    form.set_problems(validate_answers(rubric, form.answers(), [r.id for r in refs]))
    shown = form.box("helpfulness").problems.text()
    assert shown == "“Helpfulness” needs an answer for response B."
    for qid in form.question_ids():
        assert "stored-id" not in form.box(qid).problems.text()


def test_a_problem_that_does_not_name_its_response_is_prefixed_with_the_label(
    qtbot: QtBot,
) -> None:
    refs = responses(2)
    form = make_form(qtbot, template_rubric("helpsteer2"), refs)
    form.set_problems([AnswerProblem("verbosity", "Too generous.", refs[1].id, "rule")])
    assert form.box("verbosity").problems.text() == "Response B: Too generous."


def test_problems_of_questions_the_form_lacks_are_shown_above_the_questions(
    qtbot: QtBot,
) -> None:
    form = make_form(qtbot, template_rubric("llama2"), responses(4))
    problem = AnswerProblem("preference", "Compares two responses.")
    form.set_problems([problem, AnswerProblem("nope", "There is no question 'nope'.")])
    assert form.form_problems.isVisible()
    assert form.form_problems.text() == "Compares two responses.\nThere is no question 'nope'."
    form.clear_problems()
    assert not form.form_problems.isVisible()


def test_pair_questions_are_left_out_with_a_notice_unless_there_are_two_responses(
    qtbot: QtBot,
) -> None:
    form = make_form(qtbot, template_rubric("llama2"), responses(3))
    assert form.question_ids() == []
    notices = [w for w in form.findChildren(QLabel) if w.accessibleName() == "Questions left out"]
    assert len(notices) == 1
    assert "2 question(s)" in notices[0].text()
    assert "has 3" in notices[0].text()


def test_required_questions_are_marked_for_the_eye_and_for_screen_readers(
    qtbot: QtBot,
) -> None:
    form = make_form(qtbot, template_rubric("instructgpt"), responses(2))
    assert "*" in form.box("overall").title.text()
    assert form.box("overall").title.accessibleName() == "Overall quality (required)"
    assert "*" not in form.box("skip").title.text()


def test_help_is_rendered_markdown_with_raw_html_shown_as_text_and_no_images(
    qtbot: QtBot,
) -> None:
    question = ChoiceQuestion(
        id="q",
        label=text("Q"),
        help=text(
            "Use **tie** <img src='file:///etc/passwd'> ![x](/etc/passwd) [doc](https://x.org)"
        ),
        options=(),
    )
    form = make_form(qtbot, Rubric((question,)), responses(2))
    help_label = form.box("q").help
    assert help_label is not None
    html = help_label.text()
    assert "<strong>tie</strong>" in html
    assert "&lt;img" in html
    assert "<img" not in html
    assert '<a href="https://x.org">' in html
    with qtbot.waitSignal(form.sig_link_requested) as blocker:
        help_label.linkActivated.emit("https://x.org")
    assert blocker.args[0].toString() == "https://x.org"


def test_focus_question_scrolls_to_it_and_focuses_its_first_control(qtbot: QtBot) -> None:
    rubric, refs = template_rubric("ultrafeedback"), responses(4)
    form = RubricForm(rubric, refs, "en")
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(form)
    qtbot.addWidget(scroll)
    scroll.resize(480, 400)
    scroll.show()
    scroll.activateWindow()
    qtbot.waitExposed(scroll)
    form.focus_question("truthfulness_issues")
    editor = form.editor("truthfulness_issues")
    assert editor.isAncestorOf(focused(form))
    assert scroll.verticalScrollBar().value() > 0
    top = form.box("truthfulness_issues").mapTo(scroll.viewport(), form.rect().topLeft())
    assert 0 <= top.y() < scroll.viewport().height()


def test_answering_the_last_row_by_key_moves_on_to_the_next_question(qtbot: QtBot) -> None:
    refs = responses(2)
    form = make_form(qtbot, template_rubric("helpsteer2"), refs)
    form.focus_question("helpfulness")
    press(qtbot, form, "3", "1")
    assert form.editor("correctness").isAncestorOf(focused(form))
    press(qtbot, form, "4", "4")
    assert form.editor("coherence").isAncestorOf(focused(form))
    assert form.answers() == {
        "helpfulness": {refs[0].id: 3, refs[1].id: 1},
        "correctness": {refs[0].id: 4, refs[1].id: 4},
    }


def test_completing_a_pairwise_answer_by_key_moves_on_to_the_next_question(
    qtbot: QtBot,
) -> None:
    refs = responses(2)
    form = make_form(qtbot, template_rubric("llama2"), refs)
    form.focus_question("preference")
    press(qtbot, form, "a")
    editor = form.editor("preference")
    assert isinstance(editor, PairwiseEditor)
    assert editor.strength_host.isAncestorOf(focused(form))
    press(qtbot, form, "2", "2")
    assert form.answers() == {
        "preference": {"winner": refs[0].id, "strength": "better"},
        "safety": "both_safe",
    }


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_control_of_every_template_has_an_accessible_name(qtbot: QtBot, name: str) -> None:
    form = make_form(qtbot, template_rubric(name), responses(2))
    controls = [
        *form.findChildren(QAbstractButton),
        *form.findChildren(QAbstractScrollArea),
        *form.findChildren(QComboBox),
    ]
    assert controls
    unnamed = [c for c in controls if not c.accessibleName().strip()]
    assert unnamed == []


def test_rating_chips_show_value_and_label_and_name_their_response(qtbot: QtBot) -> None:
    rubric = template_rubric("helpsteer2")
    question = rubric.question("helpfulness")
    assert isinstance(question, RatingQuestion)
    form = make_form(qtbot, rubric, responses(2))
    chips = form.editor("helpfulness").findChildren(QAbstractButton)
    assert [c.text().split("\n")[0] for c in chips[:5]] == ["0", "1", "2", "3", "4"]
    assert "Useless" in chips[0].text()
    assert chips[0].accessibleName() == "Response A: 0 Useless"


def _rewrite_rubric() -> Rubric:
    return Rubric(
        (
            PairwiseQuestion(id="pref", label=text("Preference")),
            RewriteQuestion(id="ideal", label=text("Rewrite the better one")),
            RankingQuestion(id="order", label=text("Rank")),
            ReplyQuestion(id="reply", label=text("Your own reply")),
        )
    )


def test_a_rewrite_ranked_as_a_candidate_round_trips_with_the_ranking(qtbot: QtBot) -> None:
    rubric, refs = _rewrite_rubric(), responses(2)
    answers = {
        "pref": {"winner": refs[1].id},
        "ideal": {"source": refs[1].id, "text": "Better text.", "candidate": True},
        "order": [["ideal"], [refs[1].id], [refs[0].id]],
        "reply": "My reply.",
    }
    assert validate_answers(rubric, answers, [r.id for r in refs]) == []
    form = make_form(qtbot, rubric, refs)
    with qtbot.assertNotEmitted(form.sig_answers_changed):
        form.set_answers(answers)
    assert form.answers() == answers


def test_the_preferred_response_is_where_an_untouched_rewrite_starts(qtbot: QtBot) -> None:
    rubric, refs = _rewrite_rubric(), responses(2)
    form = make_form(qtbot, rubric, refs)
    form.focus_question("pref")
    press(qtbot, form, "b")
    rewrite = form.editor("ideal")
    assert rewrite.source_id() == refs[1].id  # type: ignore[attr-defined]
    assert rewrite.value() is None
