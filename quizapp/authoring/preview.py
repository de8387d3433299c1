"""The preview of a pack: its questions as a learner meets them, answered with immediate feedback
and nothing stored. The owner previews the draft, another teacher the newest published version."""

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from werkzeug.datastructures import MultiDict

from ..attempts import QuestionControls, present_question
from ..bank.loader import read_pack_data
from ..bank.pack import Pack
from ..engine import Grade, Question, ResponseError, grade_answer, question_type, read_response
from ..guards import newest_version
from ..models import StoredPack
from ..packs import parsed_version
from ..views import page_texts


@dataclass
class PreviewedQuestion:
    """One question of the preview as its page shows it, with the answer's grade or problem."""

    question: Question
    attempt: SimpleNamespace
    view: QuestionControls
    response: SimpleNamespace | None = None
    grade: Grade | None = None
    error: str | None = None

    def template_values(self) -> dict[str, Any]:
        """The values authoring/preview.html reads, by the names it reads them."""
        return {
            "question": self.question,
            "attempt": self.attempt,
            "view": self.view,
            "response": self.response,
            "grade": self.grade,
            "error": self.error,
        }


def previewed_pack(stored: StoredPack, viewer_id: int) -> Pack | None:
    """The pack the viewer previews: the owner's draft (None while it does not read as a pack),
    else the newest published version."""
    if stored.owner_id == viewer_id:
        pack, _problems, _missing = read_pack_data(stored.draft)
        return pack
    newest = newest_version(stored)
    return parsed_version(newest.id, newest.digest)


def preview_answer(
    stored: StoredPack,
    pack: Pack,
    question_number: int,
    language: str,
    answered: MultiDict | None = None,
) -> PreviewedQuestion:
    """Question `question_number` of `pack` presented as an attempt presents it (shuffled by the
    pack's id, the same on every visit), and the `answered` form (None: not answered yet) read
    and graded as an attempt would."""
    question = pack.questions[question_number - 1]
    attempt = SimpleNamespace(id=0, seed=stored.id, shuffle_options=False)
    shown = PreviewedQuestion(question, attempt, QuestionControls([], [], []))
    form = answered if answered is not None else MultiDict()
    if answered is not None:
        qtype = question_type(question.type)
        try:
            answer = read_response(question, qtype.form_response(question, form), language)
        except ResponseError as problem:
            shown.error = qtype.problem_message(question, problem, page_texts)
        else:
            shown.grade = grade_answer(question, answer)
            shown.response = SimpleNamespace(answer=answer)
    shown.view = present_question(question, stored.id, form=form, error=shown.error is not None)
    return shown
