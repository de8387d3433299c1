"""URLs of the instructor's side. Every URL with an id checks ownership and answers 404 otherwise."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import accounts
from ..accounts import AccountError
from ..attempts import review_rows
from ..auth.forms import ChangePasswordForm
from ..errors import fail
from ..evidence import misreadings
from ..guards import current_instructor, owned_assignment, owned_classroom, owned_learner
from ..i18n import active_language, collation_key
from ..links import public_url_for
from ..live.operations import attempt_first_votes
from ..models import Assignment
from ..packs import packs_for, pinned_pack
from ..qr import qr_svg
from ..versions import (
    NO_SUCH_VERSION,
    MoveRefused,
    current_and_newest,
    move_assignment,
    preview_move,
)
from ..views import date_time, form_page, page_texts, quiz_title
from . import bp, operations
from .exports import csv_conventions, export_response, read_settings
from .forms import ClassroomForm, RenameLearnerForm, assignment_form
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


def _to_classroom(classroom_id: int):
    return redirect(url_for(".classroom", classroom_id=classroom_id), code=303)


def _to_assignment(assignment_id: int):
    return redirect(url_for(".assignment", assignment_id=assignment_id), code=303)


@bp.get("/")
def home():
    return render_template(
        "instructor/home.html", classrooms=current_instructor().classrooms, form=ClassroomForm()
    )


@bp.post("/classrooms")
def create_classroom():
    form = ClassroomForm()
    if not form.validate():
        classrooms = current_instructor().classrooms
        return form_page("instructor/home.html", classrooms=classrooms, form=form)
    try:
        classroom, created = operations.create_classroom(current_instructor(), form.name.data)
    except operations.NoFreeJoinCode:
        fail(
            409,
            _("The class could not be created just now. Please try again."),
            _("The class was not created"),
        )
    if created:  # not the same form sent twice, which gets the class the first one made
        flash(_("Class created. Its join code is %(code)s.", code=classroom.join_code))
    return _to_classroom(classroom.id)


@bp.get("/classrooms/<int:classroom_id>")
def classroom(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    return render_template(
        "instructor/classroom.html",
        classroom=classroom,
        join_url=public_url_for("auth.join", code=classroom.join_code),
        rename_form=RenameLearnerForm(),
        learners=sorted(classroom.learners, key=lambda le: collation_key(le.display_name)),
        failed_sign_ins=operations.failed_sign_ins(classroom),
        export_defaults=csv_conventions(active_language()),
    )


@bp.post("/classrooms/<int:classroom_id>/joining")
def set_joining(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    operations.set_joining(classroom, request.form.get("open") == "1")
    flash(_("Joining is open.") if classroom.joining_open else _("Joining is closed."))
    return _to_classroom(classroom.id)


@bp.post("/classrooms/<int:classroom_id>/review")
def set_review(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    operations.set_review(classroom, request.form.get("enabled") == "1")
    flash(
        _("Practising missed questions is on.")
        if classroom.review_enabled
        else _("Practising missed questions is off.")
    )
    return _to_classroom(classroom.id)


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
    return _to_classroom(classroom.id)


def _confirm_page(title: str, losses: list[str], button: str, back: str, intro: str = ""):
    """The page that asks before a destructive action and says what will be lost. The action
    answers POST at this page's own URL, so the page's form posts back to it (no JavaScript)."""
    return render_template(
        "instructor/confirm.html",
        title=title,
        losses=losses,
        action=url_for(request.endpoint, **request.view_args),
        button=button,
        back=back,
        intro=intro or _("This cannot be undone. It deletes:"),
    )


def _running_attempts_end(running: int) -> str:
    return ngettext(
        "%(num)s running attempt ends now, with the answers given.",
        "%(num)s running attempts end now, with the answers given.",
        running,
    )


@bp.get("/classrooms/<int:classroom_id>/learners/<int:learner_id>/remove")
def confirm_remove_learner(classroom_id: int, learner_id: int):
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    loss = operations.learner_loss(learner)
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
    return _to_classroom(classroom.id)


@bp.get("/classrooms/<int:classroom_id>/delete")
def confirm_delete_classroom(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    loss = operations.classroom_loss(classroom)
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
        _("Delete the class"),
        url_for(".classroom", classroom_id=classroom.id),
    )


@bp.get("/classrooms/<int:classroom_id>/archive")
def confirm_archive_classroom(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    running = operations.classroom_loss(classroom).running
    return _confirm_page(
        _("Archive the class %(name)s?", name=classroom.name),
        [
            _("Joining closes, and every quiz of the class closes and is hidden from learners."),
            _running_attempts_end(running),
            _("The class is listed apart under “Archived classes”; you can restore it later."),
        ],
        _("Archive the class"),
        url_for(".classroom", classroom_id=classroom.id),
        intro=_("Archiving keeps every learner, answer and score. It means:"),
    )


@bp.post("/classrooms/<int:classroom_id>/archive")
def archive_classroom_now(classroom_id: int):
    operations.archive_classroom(owned_classroom(classroom_id))
    flash(_("The class is archived."))
    return _to_classroom(classroom_id)


@bp.post("/classrooms/<int:classroom_id>/restore")
def restore_classroom_now(classroom_id: int):
    operations.restore_classroom(owned_classroom(classroom_id))
    flash(_("The class is listed among your current classes again."))
    return _to_classroom(classroom_id)


@bp.post("/classrooms/<int:classroom_id>/delete")
def delete_classroom_now(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    name = classroom.name
    operations.delete_classroom(classroom)
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
    return _to_classroom(classroom.id)


@bp.post("/classrooms/<int:classroom_id>/learners/<int:learner_id>/clear-failed-sign-ins")
def clear_failed_sign_ins(classroom_id: int, learner_id: int):
    """The teacher forgets a learner's failed PIN sign-ins: the delay they caused ends now."""
    classroom = owned_classroom(classroom_id)
    learner = owned_learner(classroom, learner_id)
    operations.clear_failed_sign_ins(learner)
    flash(_("The failed sign-ins of %(name)s are cleared.", name=learner.display_name))
    return _to_classroom(classroom.id)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """The teacher changes their own password, giving the current one; other devices sign out."""
    instructor = current_instructor()
    form = ChangePasswordForm()
    form.email = instructor.email
    if not form.validate_on_submit():
        return form_page("instructor/password.html", form=form)
    try:
        accounts.change_password(instructor, form.current.data, form.password.data)
    except AccountError as error:
        form.current.errors.append(error.text(_))
        return render_template("instructor/password.html", form=form), 422
    flash(_("Your password is changed. You are signed out on every other device."))
    return redirect(url_for(".home"), code=303)


@bp.route("/classrooms/<int:classroom_id>/assignments/new", methods=["GET", "POST"])
def new_assignment(classroom_id: int):
    classroom = owned_classroom(classroom_id)
    form = assignment_form(packs_for(current_instructor().id).values())
    form.pack_slug.data = form.pack_slug.data or request.args.get("pack")  # from a pack's page
    if form.validate_on_submit():
        try:
            assignment, created = operations.assign_pack(
                classroom, form.pack_slug.data, form.settings()
            )
        except operations.PackWithheld as withheld:
            _say_withheld(form, withheld)
        else:
            if created:  # not the same form sent twice, which gets the first one's assignment
                flash(_("The quiz is assigned to %(name)s.", name=classroom.name))
            return _to_assignment(assignment.id)
    return form_page("instructor/assignment_form.html", classroom=classroom, form=form)


def _say_withheld(form, withheld) -> None:
    """Another class's running quiz withholds the pack's answers: the feedback field says until
    when, and what the teacher may choose meanwhile."""
    message = _(
        "Another class is taking this quiz and sees its answers only after %(date)s. Until "
        "then, choose feedback after the closing time, with a closing time no earlier.",
        date=date_time(withheld.until),
    )
    form.feedback_mode.errors = [*form.feedback_mode.errors, message]


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
def edit_assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    shown = operations.AssignmentSettings.of(assignment) if request.method == "GET" else None
    form = assignment_form(packs_for(current_instructor().id).values(), shown, choose_pack=False)
    if form.validate_on_submit():
        try:
            adjusted = operations.change_assignment(assignment, form.settings())
        except operations.PackWithheld as withheld:
            _say_withheld(form, withheld)
        else:
            flash(_saved_settings(adjusted))
            return _to_assignment(assignment.id)
    return form_page(
        "instructor/assignment_form.html",
        classroom=assignment.classroom,
        form=form,
        assignment=assignment,
    )


def _saved_settings(adjusted: int) -> str:
    return ngettext(
        "The settings are saved; %(num)s running attempt follows them.",
        "The settings are saved; %(num)s running attempts follow them.",
        adjusted,
    )


@bp.get("/assignments/<int:assignment_id>/delete")
def confirm_delete_assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    loss = operations.assignment_loss(assignment)
    return _confirm_page(
        _(
            "Delete the quiz %(title)s from %(class)s?",
            title=quiz_title(assignment),
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
        _("Delete the assigned quiz"),
        url_for(".assignment", assignment_id=assignment.id),
    )


@bp.post("/assignments/<int:assignment_id>/delete")
def delete_assignment_now(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    classroom_id = assignment.classroom_id
    operations.delete_assignment(assignment)
    flash(_("The assigned quiz was deleted, with its attempts."))
    return _to_classroom(classroom_id)


@bp.get("/assignments/<int:assignment_id>/archive")
def confirm_archive_assignment(assignment_id: int):
    assignment = owned_assignment(assignment_id)
    running = operations.assignment_loss(assignment).running
    return _confirm_page(
        _("Archive this quiz?"),
        [
            _("It closes now and your learners no longer see it on their start page."),
            _running_attempts_end(running),
            _("Its results stay here and in the exports; you can restore it later."),
        ],
        _("Archive the quiz"),
        url_for(".assignment", assignment_id=assignment.id),
        intro=_("Archiving keeps every answer and score. It means:"),
    )


@bp.post("/assignments/<int:assignment_id>/archive")
def archive_assignment_now(assignment_id: int):
    operations.archive_assignment(owned_assignment(assignment_id))
    flash(_("The quiz is archived: closed and hidden from your learners."))
    return _to_assignment(assignment_id)


@bp.post("/assignments/<int:assignment_id>/restore")
def restore_assignment_now(assignment_id: int):
    operations.restore_assignment(owned_assignment(assignment_id))
    flash(
        _(
            "The quiz is back on your learners' start page. It stays closed until you change its closing time."
        )
    )
    return _to_assignment(assignment_id)


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
        attempt_labels=_attempt_labels(rows),
    )


def _attempt_labels(rows) -> list[str]:
    """The dashboard's column heads for the attempts, as many as the learner with most has."""
    most = max((len(row.attempts) for row in rows), default=0)
    return [_("Attempt %(number)s", number=number) for number in range(1, most + 1)]


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
    return _to_assignment(assignment.id)


def _move_refused(assignment: Assignment, refused: MoveRefused):
    """A version that does not exist is not found; any other refusal is said on the quiz's page."""
    if refused.message == NO_SUCH_VERSION:
        fail(404, refused.text(_))
    flash(refused.text(_))
    return _to_assignment(assignment.id)


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
        misreadings=misreadings(pack, analysis.evidence),
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
    """The join code in large type, the join address and its QR code (on the public address:
    links.public_url_for), and how many have joined."""
    classroom = owned_classroom(classroom_id)
    if request.args.get("part") == "count":
        return render_template("instructor/_joined.html", classroom=classroom)
    join_url = public_url_for("auth.join", code=classroom.join_code)
    return render_template(
        "instructor/projector.html",
        classroom=classroom,
        join_url=join_url,
        qr_code=qr_svg(join_url) if join_url else None,
    )


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):
    attempt = operations.attempt_to_review(current_instructor(), attempt_id)
    if attempt is None:
        abort(404)
    pack = pinned_pack(attempt)
    if pack is None:
        fail(404, _("The quiz of this attempt is no longer available."))
    rows = review_rows(attempt, pack)
    first_votes = attempt_first_votes(attempt.id)
    return render_template(
        "instructor/attempt.html", attempt=attempt, pack=pack, rows=rows, first_votes=first_votes
    )


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
