"""URLs of the instructor's side. Every URL with an id checks ownership and answers 404 otherwise."""

import secrets
from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_utc
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..attempts import all_packs, get_pack, review_rows
from ..auth.routes import hash_secret, name_key
from ..charts import bar_chart_svg
from ..errors import fail
from ..extensions import db, login_manager
from ..i18n import language_name
from ..models import Assignment, Attempt, Classroom, Instructor, Learner
from ..statistics import score_distribution
from ..views import localised, page_texts
from . import bp
from .exports import EXPORT_FORMATS, export_response
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
    classroom = Classroom(
        instructor=current_instructor(), name=form.name.data.strip(), join_code=new_join_code()
    )
    db.session.add(classroom)
    db.session.commit()
    flash(_("Class created. Its join code is %(code)s.", code=classroom.join_code))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.get("/classrooms/<int:classroom_id>")
def classroom(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    return render_template(
        "instructor/classroom.html",
        classroom=classroom,
        join_url=url_for("auth.join", code=classroom.join_code, _external=True),
        rename_form=RenameLearnerForm(),
        packs=all_packs(),
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
    display_name = " ".join(form.display_name.data.split())
    key = name_key(display_name)
    taken = db.session.scalar(select(Learner).filter_by(classroom_id=classroom.id, name_key=key))
    if not key or (taken is not None and taken.id != learner.id):
        fail(
            409,
            _("Someone in this class already uses this name."),
            link=url_for(".classroom", classroom_id=classroom.id),
            link_text=_("Back to the class"),
        )
    learner.display_name, learner.name_key = display_name, key
    db.session.commit()
    flash(_("Renamed to %(name)s.", name=display_name))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.post("/classrooms/<int:classroom_id>/learners/<int:learner_id>/remove")
def remove_learner(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    name = learner.display_name
    db.session.delete(learner)
    db.session.commit()
    flash(_("%(name)s was removed from the class, with their attempts.", name=name))
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


@bp.post("/classrooms/<int:classroom_id>/learners/<int:learner_id>/reset-pin")
def reset_pin(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    pin = "".join(secrets.choice("0123456789") for _ in range(4))
    learner.pin_hash = hash_secret(pin)
    db.session.commit()
    flash(
        _(
            "New PIN for %(name)s: %(pin)s. Tell it to them; it is shown only now.",
            name=learner.display_name,
            pin=pin,
        )
    )
    return redirect(url_for(".classroom", classroom_id=classroom.id), code=303)


def _assignment_form() -> AssignmentForm:
    form = AssignmentForm()
    form.pack_id.choices = [SelectChoice(p.id, localised(p.title)) for p in all_packs().values()]
    languages = sorted({lang for pack in all_packs().values() for lang in pack.languages})
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
    assignment = Assignment(
        classroom=classroom,
        pack_id=pack.id,
        opens_at=to_utc(form.opens_at.data) if form.opens_at.data else None,
        closes_at=to_utc(form.closes_at.data) if form.closes_at.data else None,
        time_limit_minutes=form.time_limit_minutes.data,
        attempts_allowed=form.attempts_allowed.data,
        shuffle_questions=form.shuffle_questions.data,
        shuffle_options=form.shuffle_options.data,
        feedback_mode=form.feedback_mode.data,
        languages=[lang for lang in form.languages.data if lang in pack.languages],
    )
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


@bp.get("/classrooms/<int:classroom_id>/export")
def export(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    fmt = request.args.get("format", "csv")
    what = request.args.get("what", "scores")
    delimiter = {"comma": ",", "semicolon": ";"}.get(request.args.get("delimiter", "comma"))
    if fmt not in EXPORT_FORMATS or what not in ("scores", "responses") or delimiter is None:
        fail(400, _("Unknown export. Choose scores or responses, as CSV or XLSX."))
    return export_response(classroom, what, fmt, delimiter)
