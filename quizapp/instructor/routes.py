"""URLs of the instructor's side. Every URL with an id checks ownership and answers 404 otherwise."""

import secrets
from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_utc
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from .. import accounts
from ..accounts import AccountError
from ..auth.forms import ChangePasswordForm
from ..charts import bar_chart_svg
from ..errors import fail
from ..extensions import db, login_manager
from ..i18n import active_language, collation_key, language_name
from ..links import public_url_for
from ..models import Assignment, Attempt, Classroom, Instructor, Learner, utcnow
from ..packs import packs_for
from ..quiz import get_pack, review_rows
from ..statistics import score_distribution
from ..views import localised, page_texts
from . import bp
from .exports import csv_conventions, export_response, read_settings
from .forms import AssignmentForm, ClassroomForm, RenameLearnerForm
from .reports import analyse, assignment_attempts, progress

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
        fail(409, _("The class could not be created just now. Please try again."))
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
        packs=packs_for(current_user.id),
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
            link=url_for(".classroom", classroom_id=classroom.id),
            link_text=_("Back to the class"),
        )
    flash(_("Renamed to %(name)s.", name=display_name))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.post("/classrooms/<int:classroom_id>/learners/<int:learner_id>/remove")
def remove_learner(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    name = learner.display_name
    accounts.remove_learner(learner)
    flash(_("%(name)s was removed from the class, with their attempts.", name=name))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


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


def _assignment_form() -> AssignmentForm:
    form = AssignmentForm()
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
    assignment = Assignment(classroom=classroom, languages=languages, **settings)
    db.session.add(assignment)
    db.session.commit()
    flash(_("The quiz is assigned to %(name)s.", name=classroom.name))
    return redirect(url_for(".assignment", assignment_id=assignment.id), code=303)


@bp.get("/assignments/<int:assignment_id>")
def assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    pack = get_pack(assignment.pack_id)
    if pack is None:
        fail(404, _("The quiz of this assignment is no longer available."))
    attempts = assignment_attempts(assignment)
    rows = progress(assignment, attempts)
    analysis = analyse(pack, attempts, page_texts)
    percents = [100 * a.percent for a in analysis.attempts if a.percent is not None]
    bins = score_distribution(percents)
    distribution_chart = bar_chart_svg(
        title=_("Score distribution"),
        description=_("How many learners scored in each range of percent, first attempts only."),
        labels=[f"{low}–{high} %" for low, high, _count in bins],
        values=[count for _low, _high, count in bins],
        max_value=max([1, *(count for *_, count in bins)]),
        value_labels=[str(count) for *_, count in bins],
        x_label=_("Score in percent"),
        y_label=_("Learners"),
        chart_id="distribution",
    )
    facility_chart = bar_chart_svg(
        title=_("Facility of each question"),
        description=_("The share of the marks learners earned on each question, in percent."),
        labels=[str(item.position) for item in analysis.items],
        values=[100 * (item.stats.facility or 0) for item in analysis.items],
        max_value=100,
        value_labels=[
            f"{100 * item.stats.facility:.0f}" if item.stats.facility is not None else "–"
            for item in analysis.items
        ],
        x_label=_("Question"),
        y_label=_("Facility in percent"),
        chart_id="facility",
    )
    return render_template(
        "instructor/assignment.html",
        assignment=assignment,
        classroom=assignment.classroom,
        pack=pack,
        rows=rows,
        analysis=analysis,
        bins=bins,
        distribution_chart=distribution_chart,
        facility_chart=facility_chart,
        export_defaults=csv_conventions(active_language()),
        attempt_labels=[
            _("Attempt %(number)s", number=number)
            for number in range(1, max([len(row.attempts) for row in rows], default=0) + 1)
        ],
    )


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):
    attempt = db.session.get(Attempt, attempt_id)
    if (
        attempt is None
        or attempt.assignment is None
        or attempt.assignment.classroom.instructor_id != current_instructor().id
    ):
        abort(404)
    pack = get_pack(attempt.pack_id)
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
