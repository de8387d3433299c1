"""URLs of the live lesson (docs/live-lesson.md). The teacher's pages answer 404 to anyone but
the teacher of the class; a learner's pages answer 404 to anyone outside the lesson's class.
Both pages answer a poll (?part=main) with 304 when their ETag, computed from one query before
anything is rendered, has not changed."""

from flask import (
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import accounts
from ..constants import AnswerRefusal
from ..engine import question_type
from ..errors import fail
from ..extensions import db
from ..guards import current_instructor, instructor_required, owned_assignment, owned_classroom
from ..i18n import active_language
from ..models import LiveLesson
from ..packs import packs_for
from ..views import page_texts
from . import bp, operations, pages
from .forms import ClassStartForm, StartForm, StepForm, class_start_form
from .operations import LiveRefused


def _teacher_lesson(lesson_id: int) -> LiveLesson:
    """The signed-in teacher's own lesson; 404 for any other."""
    lesson = db.session.get(LiveLesson, lesson_id)
    if lesson is None or lesson.assignment.classroom.instructor_id != current_instructor().id:
        abort(404)
    g.allowed_languages = lesson.languages
    return lesson


def _signed_in_learner() -> accounts.SignedInLearner:
    """The signed-in learner; someone signed out is sent to sign in, a teacher gets 404."""
    user = current_user._get_current_object()
    if not current_user.is_authenticated:
        abort(redirect(url_for("auth.learner_sign_in")))
    if not isinstance(user, accounts.SignedInLearner):
        abort(404)
    return user


def _refused(refused: LiveRefused, link: str, link_text: str):
    fail(refused.status, refused.text(), _("Not done"), link=link, link_text=link_text)


def _conditional(state: operations.PageState, render) -> Response:
    """304 when the client holds the page as it is now (If-None-Match), else the page drawn by
    `render`, in one of the lesson's languages. Like every signed-in page it is not stored
    (security.py's no-store): live.js keeps the last ETag itself and sends it."""
    g.allowed_languages = state.languages
    etag = state.etag(active_language())
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = make_response(render())
    response.set_etag(etag)
    return response


def _part(full: str, fragment: str) -> str:
    return fragment if request.args.get("part") == "main" else full


@bp.post("/assignments/<int:assignment_id>/live")
@instructor_required
def start(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    form = StartForm()
    if not form.validate():
        fail(400, _("The form was incomplete. Please go back, reload the page and try again."))
    try:
        lesson = operations.start_lesson(assignment, current_instructor(), **form.settings())
    except LiveRefused as refused:
        _refused(refused, url_for("instructor.assignment", assignment_id=assignment_id), _("Back"))
    return redirect(url_for(".teach", lesson_id=lesson.id), code=303)


@bp.post("/classrooms/<int:classroom_id>/live")
@instructor_required
def start_for_classroom(classroom_id: int):
    """A live lesson of a quiz chosen on the class's page, assigned to the class as it starts."""
    classroom = owned_classroom(classroom_id)
    form = class_start_form(packs_for(current_instructor().id).values())
    if not form.validate():
        return _class_page_again(classroom_id, form)
    try:
        lesson = operations.start_class_lesson(
            classroom, current_instructor(), form.pack_slug.data, **form.settings()
        )
    except LiveRefused as refused:
        _refused(refused, url_for("instructor.classroom", classroom_id=classroom_id), _("Back"))
    return redirect(url_for(".teach", lesson_id=lesson.id), code=303)


def _class_page_again(classroom_id: int, form: ClassStartForm) -> Response:
    """The class's page as the instructor's own view draws it, with the form sent back showing
    its problem (live/_start_class.html reads it from `g`), and 422."""
    g.live_class_start_form = form
    page = current_app.view_functions["instructor.classroom"](classroom_id=classroom_id)
    response = make_response(page)
    response.status_code = 422
    return response


@bp.get("/live/<int:lesson_id>/teach")
@instructor_required
def teach(lesson_id: int):
    state = operations.teacher_state(lesson_id)
    if state is None or state.owner_id != current_instructor().id:
        abort(404)
    template = _part("live/teach.html", "live/_teach_main.html")

    def render() -> str:
        lesson = _teacher_lesson(lesson_id)
        article_url = pages.teacher_article_url(lesson.assignment_id)
        return render_template(template, page=pages.teacher_page(lesson), article_url=article_url)

    return _conditional(state, render)


@bp.post("/live/<int:lesson_id>/step")
@instructor_required
def step(lesson_id: int):
    _teacher_lesson(lesson_id)
    form = StepForm()
    back = url_for(".teach", lesson_id=lesson_id)
    if not form.validate():
        fail(400, _("The form was incomplete. Please go back, reload the page and try again."))
    try:
        operations.step(lesson_id, form.action.data, form.revision.data)
    except LiveRefused as refused:
        _refused(refused, back, _("Back to the lesson"))
    return redirect(back, code=303)


def _learner_seat(lesson_id: int):
    """The lesson of the signed-in learner's class and their seat in it (joining it now: a
    late joiner, a reload and a phone back online all land on the current question)."""
    learner = _signed_in_learner()
    lesson = db.session.get(LiveLesson, lesson_id)
    if lesson is None or lesson.assignment.classroom_id != learner.classroom_id:
        fail(404, _("There is no such live lesson in your class."))
    g.allowed_languages = lesson.languages
    try:
        return lesson, operations.join(lesson, learner.stored())
    except LiveRefused as refused:
        _refused(refused, url_for("learner.index"), _("Back to the start page"))


@bp.get("/live/<int:lesson_id>")
def follow(lesson_id: int):
    learner = _signed_in_learner()
    state = operations.learner_state(lesson_id, learner.id)
    if state is None or state.owner_id != learner.classroom_id:
        fail(404, _("There is no such live lesson in your class."))
    if not state.joined:  # joining changes what the page shows
        _learner_seat(lesson_id)
        state = operations.learner_state(lesson_id, learner.id)
    template = _part("live/follow.html", "live/_follow_main.html")
    return _conditional(
        state, lambda: render_template(template, page=pages.learner_page(*_learner_seat(lesson_id)))
    )


@bp.post("/live/<int:lesson_id>/answer")
def answer(lesson_id: int):
    lesson, seat = _learner_seat(lesson_id)
    back = url_for(".follow", lesson_id=lesson_id)
    try:
        outcome = operations.record_answer(lesson_id, seat, request.form, active_language())
    except LiveRefused as refused:
        _refused(refused, back, _("Back to the lesson"))
    if outcome.recorded:
        return redirect(back, code=303)
    return _unrecorded(lesson, seat, outcome, back)


def _unrecorded(lesson: LiveLesson, seat, outcome, back: str):
    """The page for an answer that was not recorded: asked again (422, with what was sent), or
    refused as the quiz's own pages refuse it."""
    if outcome.refusal is AnswerRefusal.ASK_AGAIN:
        question = operations.current_question(lesson, pages.lesson_pack(lesson))
        message = question_type(question.type).problem_message(
            question, outcome.problem, page_texts
        )
        page = pages.learner_page(lesson, seat, submitted=request.form, error=message)
        return render_template("live/follow.html", page=page), 422
    if outcome.refusal is AnswerRefusal.ATTEMPT_OVER:
        message = _(
            "This attempt is finished, so no more answers can be added. Your answers are saved."
        )
        fail(409, message, _("Not done"), link=back, link_text=_("Back to the lesson"))
    message = _("The form was incomplete. Please go back and answer again.")
    fail(400, message, link=back, link_text=_("Back to the lesson"))
