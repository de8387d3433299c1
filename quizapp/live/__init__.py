"""The live lesson: a teacher-paced quiz on the projector, every phone answering the question the
class is on, the class's answers and the evidence revealed, a second vote after discussion.
The rules are in operations.py, the pages' contents in pages.py; the feedback mode of the
learners' attempts is behaviours/live.py (docs/live-lesson.md)."""

from flask import Blueprint

bp = Blueprint("live", __name__)

from ..attempts import present_question  # noqa: E402
from . import operations, pages, routes  # noqa: E402,F401  (routes attach themselves to bp)

bp.add_app_template_global(present_question, "present_question")
bp.add_app_template_global(pages.answered_text, "answered_text")
bp.add_app_template_global(pages.running_for_learner, "running_live_lessons")
bp.add_app_template_global(operations.lessons_of, "live_lessons_of")
bp.add_app_template_global(pages.class_start_form_shown, "live_class_start_form")
