"""URLs of the instructor's side. Every URL with an id checks ownership and answers 404 otherwise."""

import secrets
from functools import wraps
from types import SimpleNamespace

import segno
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, to_user_timezone, to_utc
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from .. import accounts
from ..accounts import AccountError
from ..attempts import get_pack, review_rows
from ..auth.forms import ChangePasswordForm
from ..errors import fail
from ..extensions import db, login_manager
from ..i18n import active_language, collation_key, language_name
from ..links import public_url_for
from ..models import Assignment, Attempt, Classroom, Instructor, Learner, utcnow
from ..packs import newest_version_id, packs_for, pinned_pack
from ..versions import (
    NO_SUCH_VERSION,
    MoveRefused,
    current_and_newest,
    move_assignment,
    preview_move,
)
from ..views import localised, page_texts
from . import bp
from .exports import csv_conventions, export_response, read_settings
from .forms import AssignmentForm, ClassroomForm, RenameLearnerForm
from .operations import (
    archive_assignment,
    archive_classroom,
    assignment_loss,
    classroom_loss,
    delete_assignment,
    delete_classroom,
    learner_loss,
    restore_assignment,
    restore_classroom,
    update_assignment,
)
from .reports import (
    SORT_KEYS,
    analyse,
    assignment_attempts,
    dashboard_charts,
    live_rows,
    paragraph_shades,
    progress,
    sort_progress,
)

JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B look-alikes
JOIN_CODE_LENGTH = 6


def current_instructor() -> Instructor:
    return current_user._get_current_object()


def instructor_required(view):
    """Teachers only: someone signed out is sent to sign in; a learner gets 404."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not isinstance(current_user._get_current_object(), Instructor):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


@bp.before_request
@instructor_required
def _only_instructors():
    return None


def owned_classroom(classroom_id: int) -> Classroom:
    classroom = db.session.get(Classroom, classroom_id)
    if classroom is None or classroom.instructor_id != current_instructor().id:
        abort(404)
    return classroom


def owned_assignment(assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.classroom.instructor_id != current_instructor().id:
        abort(404)
    return assignment


def owned_learner(classroom: Classroom, learner_id: int) -> Learner:
    learner = db.session.get(Learner, learner_id)
    if learner is None or learner.classroom_id != classroom.id:
        abort(404)
    return learner


def _just_created(query):
    """The newest row the query finds made within the double-submit window, or None: a form
    sent twice (a double click) answers with what the first made."""
    since = utcnow() - accounts.DOUBLE_SUBMIT_WINDOW
    model = query.column_descriptions[0]["entity"]
    return db.session.scalar(
        query.filter(model.created_at >= since).order_by(model.id.desc()).limit(1)
    )


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Classroom).filter_by(join_code=code)) is None:
            return code


@bp.get("/")
def home():
    return render_template(
        "instructor/home.html", classrooms=current_instructor().classrooms, form=ClassroomForm()
    )


@bp.post("/classrooms")
def create_classroom():
    form = ClassroomForm()
    if not form.validate():
        html = render_template(
            "instructor/home.html", classrooms=current_instructor().classrooms, form=form
        )
        return html, 422
    name = form.name.data.strip()
    classroom = _just_created(
        select(Classroom).filter_by(instructor_id=current_instructor().id, name=name)
    )
    if classroom is not None:  # the same form sent twice: the class the first one made
        return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)
    for _attempt in range(3):  # a join code drawn at the same moment by another class: redraw
        classroom = Classroom(instructor=current_instructor(), name=name, join_code=new_join_code())
        db.session.add(classroom)
        try:
            db.session.commit()
            break
        except IntegrityError:
            db.session.rollback()
    else:
        fail(
            409,
            _("The class could not be created just now. Please try again."),
            _("The class was not created"),
        )
    flash(_("Class created. Its join code is %(code)s.", code=classroom.join_code))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.get("/classrooms/<int:classroom_id>")
def classroom(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    return render_template(
        "instructor/classroom.html",
        classroom=classroom,
        join_url=public_url_for("auth.join", code=classroom.join_code),
        rename_form=RenameLearnerForm(),
        learners=sorted(classroom.learners, key=lambda le: collation_key(le.display_name)),
        export_defaults=csv_conventions(active_language()),
    )


@bp.post("/classrooms/<int:classroom_id>/joining")
def set_joining(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    classroom.joining_open = request.form.get("open") == "1"
    db.session.commit()
    flash(_("Joining is open.") if classroom.joining_open else _("Joining is closed."))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.post("/classrooms/<int:classroom_id>/learners/<int:learner_id>/rename")
def rename_learner(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    form = RenameLearnerForm()
    if not form.validate():
        fail(422, _("Please enter a name of at most 80 characters."))
    try:
        display_name = accounts.rename_learner(learner, form.display_name.data)
    except AccountError as error:
        message = error.text(_)
        if error.message == accounts.NAME_TAKEN:
            message = _("Someone in this class already uses this name.")
        fail(
            409,
            message,
            title=_("The name was not changed"),
            link=url_for(".classroom", classroom_id=classroom.id),
            link_text=_("Back to the class"),
        )
    flash(_("Renamed to %(name)s.", name=display_name))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


def _confirm_page(title, losses, action, button, back, intro=None):
    """A page that asks before a destructive action and says what will be lost; works without JS."""
    return render_template(
        "instructor/confirm.html",
        title=title,
        losses=losses,
        action=action,
        button=button,
        back=back,
        intro=intro or _("This cannot be undone. It deletes:"),
    )


@bp.get("/classrooms/<int:classroom_id>/learners/<int:learner_id>/remove")
def confirm_remove_learner(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    loss = learner_loss(learner)
    return _confirm_page(
        _(
            "Remove %(name)s from %(class)s?",
            name=learner.display_name,
            **{"class": classroom.name},
        ),
        [
            ngettext(
                "%(num)s attempt is deleted with them, with its answers.",
                "%(num)s attempts are deleted with them, with their answers.",
                loss.attempts,
            ),
            _("They can no longer sign in with their PIN; they may join again as someone new."),
        ],
        url_for(".remove_learner", classroom_id=classroom.id, learner_id=learner.id),
        _("Remove %(name)s", name=learner.display_name),
        url_for(".classroom", classroom_id=classroom.id),
    )


@bp.post("/classrooms/<int:classroom_id>/learners/<int:learner_id>/remove")
def remove_learner(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    name = learner.display_name
    accounts.remove_learner(learner)
    flash(_("%(name)s was removed from the class, with their attempts.", name=name))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.get("/classrooms/<int:classroom_id>/delete")
def confirm_delete_classroom(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    loss = classroom_loss(classroom)
    return _confirm_page(
        _("Delete the class %(name)s?", name=classroom.name),
        [
            ngettext(
                "%(num)s learner and their PIN", "%(num)s learners and their PINs", loss.learners
            ),
            ngettext("%(num)s assigned quiz", "%(num)s assigned quizzes", loss.assignments),
            ngettext(
                "%(num)s attempt with its answers (%(running)s still running)",
                "%(num)s attempts with their answers (%(running)s still running)",
                loss.attempts,
                running=loss.running,
            ),
        ],
        url_for(".delete_classroom_now", classroom_id=classroom.id),
        _("Delete the class"),
        url_for(".classroom", classroom_id=classroom.id),
    )


@bp.get("/classrooms/<int:classroom_id>/archive")
def confirm_archive_classroom(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    running = classroom_loss(classroom).running
    return _confirm_page(
        _("Archive the class %(name)s?", name=classroom.name),
        [
            _("Joining closes, and every quiz of the class closes and is hidden from learners."),
            ngettext(
                "%(num)s running attempt ends now, with the answers given.",
                "%(num)s running attempts end now, with the answers given.",
                running,
            ),
            _("The class is listed apart under “Archived classes”; you can restore it later."),
        ],
        url_for(".archive_classroom_now", classroom_id=classroom.id),
        _("Archive the class"),
        url_for(".classroom", classroom_id=classroom.id),
        intro=_("Archiving keeps every learner, answer and score. It means:"),
    )


@bp.post("/classrooms/<int:classroom_id>/archive")
def archive_classroom_now(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    archive_classroom(classroom)
    flash(_("The class is archived."))
    return redirect(url_for(".classroom", classroom_id=classroom_id), code=303)


@bp.post("/classrooms/<int:classroom_id>/restore")
def restore_classroom_now(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    restore_classroom(classroom)
    flash(_("The class is listed among your current classes again."))
    return redirect(url_for(".classroom", classroom_id=classroom_id), code=303)


@bp.post("/classrooms/<int:classroom_id>/delete")
def delete_classroom_now(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    name = classroom.name
    delete_classroom(classroom)
    flash(_("The class %(name)s was deleted.", name=name))
    return redirect(url_for(".home"), code=303)


@bp.post("/classrooms/<int:classroom_id>/learners/<int:learner_id>/reset-pin")
def reset_pin(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    pin = accounts.reset_pin(learner)
    flash(
        _(
            "New PIN for %(name)s: %(pin)s. Tell it to them; it is shown only now.",
            name=learner.display_name,
            pin=pin,
        )
    )
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """The teacher changes their own password, giving the current one; other devices sign out."""
    instructor = current_instructor()
    form = ChangePasswordForm()
    form.email = instructor.email
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("instructor/password.html", form=form), status
    try:
        accounts.change_password(instructor, form.current.data, form.password.data)
    except AccountError as error:
        form.current.errors.append(error.text(_))
        return render_template("instructor/password.html", form=form), 422
    flash(_("Your password is changed. You are signed out on every other device."))
    return redirect(url_for(".home"), code=303)


def _assignment_form(obj: Assignment | None = None) -> AssignmentForm:
    form = AssignmentForm(obj=_local_settings(obj) if obj is not None else None)
    packs = packs_for(current_user.id)
    form.pack_id.choices = [SelectChoice(p.id, localised(p.title)) for p in packs.values()]
    languages = sorted({lang for pack in packs.values() for lang in pack.languages})
    form.languages.choices = [SelectChoice(lang, language_name(lang)) for lang in languages]
    return form


@bp.route("/classrooms/<int:classroom_id>/assignments/new", methods=["GET", "POST"])
def new_assignment(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    form = _assignment_form()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        html = render_template("instructor/assignment_form.html", classroom=classroom, form=form)
        return html, status
    pack = get_pack(form.pack_id.data)
    settings = {
        "pack_id": pack.id,
        "opens_at": to_utc(form.opens_at.data) if form.opens_at.data else None,
        "closes_at": to_utc(form.closes_at.data) if form.closes_at.data else None,
        "time_limit_minutes": form.time_limit_minutes.data,
        "attempts_allowed": form.attempts_allowed.data,
        "shuffle_questions": form.shuffle_questions.data,
        "shuffle_options": form.shuffle_options.data,
        "feedback_mode": form.feedback_mode.data,
    }
    languages = [lang for lang in form.languages.data if lang in pack.languages]
    twin = _just_created(select(Assignment).filter_by(classroom_id=classroom.id, **settings))
    if twin is not None and twin.languages == languages:  # the same form sent twice
        return redirect(url_for(".assignment", assignment_id=twin.id), code=303)
    assignment = Assignment(
        classroom=classroom,
        languages=languages,
        pack_version_id=newest_version_id(pack.id),
        **settings,
    )
    db.session.add(assignment)
    db.session.commit()
    flash(_("The quiz is assigned to %(name)s.", name=classroom.name))
    return redirect(url_for(".assignment", assignment_id=assignment.id), code=303)


def _local_settings(assignment: Assignment) -> SimpleNamespace:
    """An assignment's settings as its form shows them: times in the teacher's time zone."""

    def local(value):
        return to_user_timezone(value).replace(tzinfo=None) if value else None

    names = ("time_limit_minutes", "attempts_allowed", "shuffle_questions", "shuffle_options")
    return SimpleNamespace(
        opens_at=local(assignment.opens_at),
        closes_at=local(assignment.closes_at),
        feedback_mode=assignment.feedback_mode,
        languages=list(assignment.languages or []),
        **{name: getattr(assignment, name) for name in names},
    )


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
def edit_assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    form = _assignment_form(assignment if request.method == "GET" else None)
    del form.pack_id
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        page = render_template(
            "instructor/assignment_form.html",
            classroom=assignment.classroom,
            form=form,
            assignment=assignment,
        )
        return page, status
    pack = pinned_pack(assignment)
    adjusted = update_assignment(assignment, **_settings(form, pack))
    flash(
        ngettext(
            "The settings are saved; %(num)s running attempt follows them.",
            "The settings are saved; %(num)s running attempts follow them.",
            adjusted,
        )
    )
    return redirect(url_for(".assignment", assignment_id=assignment.id), code=303)


def _settings(form: AssignmentForm, pack) -> dict:
    """The assignment settings a valid form holds, times in UTC."""
    languages = pack.languages if pack else []
    return {
        "opens_at": to_utc(form.opens_at.data) if form.opens_at.data else None,
        "closes_at": to_utc(form.closes_at.data) if form.closes_at.data else None,
        "time_limit_minutes": form.time_limit_minutes.data,
        "attempts_allowed": form.attempts_allowed.data,
        "shuffle_questions": form.shuffle_questions.data,
        "shuffle_options": form.shuffle_options.data,
        "feedback_mode": form.feedback_mode.data,
        "languages": [lang for lang in form.languages.data if lang in languages],
    }


@bp.get("/assignments/<int:assignment_id>/delete")
def confirm_delete_assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    loss = assignment_loss(assignment)
    pack = pinned_pack(assignment)
    title = localised(pack.title) if pack else assignment.pack_id
    return _confirm_page(
        _(
            "Delete the quiz %(title)s from %(class)s?",
            title=title,
            **{"class": assignment.classroom.name},
        ),
        [
            ngettext(
                "%(num)s attempt with its answers and score (%(running)s still running)",
                "%(num)s attempts with their answers and scores (%(running)s still running)",
                loss.attempts,
                running=loss.running,
            ),
            ngettext(
                "the results of %(num)s learner, in the dashboard and the exports",
                "the results of %(num)s learners, in the dashboard and the exports",
                loss.learners,
            ),
            _("The learners stay in the class; the quiz itself stays available to assign again."),
        ],
        url_for(".delete_assignment_now", assignment_id=assignment.id),
        _("Delete the assigned quiz"),
        url_for(".assignment", assignment_id=assignment.id),
    )


@bp.post("/assignments/<int:assignment_id>/delete")
def delete_assignment_now(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    classroom_id = assignment.classroom_id
    delete_assignment(assignment)
    flash(_("The assigned quiz was deleted, with its attempts."))
    return redirect(url_for(".classroom", classroom_id=classroom_id), code=303)


@bp.get("/assignments/<int:assignment_id>/archive")
def confirm_archive_assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    running = assignment_loss(assignment).running
    return _confirm_page(
        _("Archive this quiz?"),
        [
            _("It closes now and your learners no longer see it on their start page."),
            ngettext(
                "%(num)s running attempt ends now, with the answers given.",
                "%(num)s running attempts end now, with the answers given.",
                running,
            ),
            _("Its results stay here and in the exports; you can restore it later."),
        ],
        url_for(".archive_assignment_now", assignment_id=assignment.id),
        _("Archive the quiz"),
        url_for(".assignment", assignment_id=assignment.id),
        intro=_("Archiving keeps every answer and score. It means:"),
    )


@bp.post("/assignments/<int:assignment_id>/archive")
def archive_assignment_now(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    archive_assignment(assignment)
    flash(_("The quiz is archived: closed and hidden from your learners."))
    return redirect(url_for(".assignment", assignment_id=assignment_id), code=303)


@bp.post("/assignments/<int:assignment_id>/restore")
def restore_assignment_now(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    restore_assignment(assignment)
    flash(
        _(
            "The quiz is back on your learners' start page. It stays closed until you change its closing time."
        )
    )
    return redirect(url_for(".assignment", assignment_id=assignment_id), code=303)


@bp.get("/assignments/<int:assignment_id>")
def assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    pack = pinned_pack(assignment)
    if pack is None:
        fail(404, _("The quiz of this assignment is no longer available."))
    attempts = assignment_attempts(assignment)
    sort = request.args.get("sort", "name")
    descending = request.args.get("order") == "desc"
    rows = sort_progress(progress(assignment, attempts), sort, descending)
    analysis = analyse(pack, attempts, page_texts)
    distribution_chart, facility_chart, bins = dashboard_charts(analysis)
    version, newest = current_and_newest(assignment)
    return render_template(
        "instructor/assignment.html",
        assignment=assignment,
        classroom=assignment.classroom,
        pack=pack,
        version=version,
        newer=newest if newest and version and newest.number > version.number else None,
        rows=rows,
        analysis=analysis,
        bins=bins,
        distribution_chart=distribution_chart,
        facility_chart=facility_chart,
        sort=sort if sort in SORT_KEYS else "name",
        descending=descending,
        export_defaults=csv_conventions(active_language()),
        attempt_labels=[
            _("Attempt %(number)s", number=number)
            for number in range(1, max([len(row.attempts) for row in rows], default=0) + 1)
        ],
    )


@bp.get("/assignments/<int:assignment_id>/versions/<int:number>")
def move_preview(assignment_id: int, number: int):
    """Before moving an assignment to version `number`: every attempt whose score would change."""
    assignment = owned_assignment(assignment_id)
    try:
        preview = preview_move(assignment, number)
    except MoveRefused as refused:
        return _move_refused(assignment, refused)
    return render_template(
        "instructor/move_version.html",
        assignment=assignment,
        pack=pinned_pack(assignment),
        preview=preview,
    )


@bp.post("/assignments/<int:assignment_id>/versions/<int:number>")
def move_to_version(assignment_id: int, number: int):
    """Move the assignment and its attempts to version `number` and regrade them, unless it was
    moved or a newer version was published since the preview was shown."""
    assignment = owned_assignment(assignment_id)
    moved_from = request.form.get("from", type=int)
    if moved_from is None:
        fail(400, _("The form was incomplete. Please go back, reload the page and try again."))
    try:
        preview = move_assignment(assignment, number, moved_from=moved_from, newest_only=True)
    except MoveRefused as refused:
        return _move_refused(assignment, refused)
    flash(preview.moved_text(ngettext))
    return redirect(url_for(".assignment", assignment_id=assignment.id), code=303)


def _move_refused(assignment: Assignment, refused: MoveRefused):
    """A version that does not exist is not found; any other refusal is said on the quiz's page."""
    if refused.message == NO_SUCH_VERSION:
        fail(404, refused.text(_))
    flash(refused.text(_))
    return redirect(url_for(".assignment", assignment_id=assignment.id), code=303)


@bp.get("/assignments/<int:assignment_id>/reading")
def reading(assignment_id: int):
    """The article, each paragraph shaded by how well the class answered the questions quoting it."""
    assignment = owned_assignment(assignment_id)
    pack = pinned_pack(assignment)
    if pack is None:
        fail(404, _("The quiz of this assignment is no longer available."))
    analysis = analyse(pack, assignment_attempts(assignment), page_texts)
    return render_template(
        "instructor/reading.html",
        assignment=assignment,
        pack=pack,
        analysis=analysis,
        shades=paragraph_shades(analysis),
    )


@bp.get("/assignments/<int:assignment_id>/live")
def live(assignment_id: int):
    """Who joined, who is on which question, how many answered, the score so far. live.js reloads
    the table (?part=table) every few seconds; without JavaScript the page is reloaded by hand."""
    assignment = owned_assignment(assignment_id)
    pack = pinned_pack(assignment)
    rows = live_rows(assignment, assignment_attempts(assignment))
    template = (
        "instructor/_live_table.html"
        if request.args.get("part") == "table"
        else "instructor/live.html"
    )
    return render_template(
        template, assignment=assignment, classroom=assignment.classroom, pack=pack, rows=rows
    )


@bp.get("/classrooms/<int:classroom_id>/projector")
def projector(classroom_id: int):
    """The join code in large type, the join address and its QR code, and how many have joined."""
    classroom = owned_classroom(classroom_id)
    join_url = url_for("auth.join", code=classroom.join_code, _external=True)
    if request.args.get("part") == "count":
        return render_template("instructor/_joined.html", classroom=classroom)
    return render_template(
        "instructor/projector.html",
        classroom=classroom,
        join_url=join_url,
        qr_code=qr_svg(join_url),
    )


def qr_svg(text: str) -> Markup:
    """A QR code of `text` as inline SVG, made by segno (no colours of its own: CSS sets them)."""
    code = segno.make(text, error="m")
    return Markup(code.svg_inline(scale=8, omitsize=True, title=_("QR code of the join address")))


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):
    attempt = db.session.get(Attempt, attempt_id)
    if (
        attempt is None
        or attempt.assignment is None
        or attempt.assignment.classroom.instructor_id != current_instructor().id
    ):
        abort(404)
    pack = pinned_pack(attempt)
    if pack is None:
        fail(404, _("The quiz of this attempt is no longer available."))
    rows = review_rows(attempt, pack)
    return render_template("instructor/attempt.html", attempt=attempt, pack=pack, rows=rows)


def _export_settings():
    settings = read_settings(request.args, active_language())
    if settings is None:
        fail(
            400,
            _(
                "Unknown export. Choose scores or responses, as CSV or XLSX, with commas or "
                "semicolons, a decimal point or comma, and the first, best or last attempt."
            ),
        )
    return settings


@bp.get("/classrooms/<int:classroom_id>/export")
def export(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    return export_response(classroom, _export_settings())


@bp.get("/assignments/<int:assignment_id>/export")
def export_assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    return export_response(assignment.classroom, _export_settings(), assignment)
