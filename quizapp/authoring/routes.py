"""The teacher's packs: a new pack from an article, its paragraphs, the question editor, preview,
publishing, the school's library and copies. The URLs live under /instructor (teachers only);
each answers 404 to anyone but the pack's owner (a library pack: to any teacher, read-only).
Each route reads the request, calls one function of operations.py and renders a page of pages.py.
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..engine import QUESTION_TYPES
from ..errors import MESSAGES, render_error
from ..guards import editable_pack, readable_pack, unwithheld, visible_pack, withheld_own_packs
from ..i18n import active_language
from ..models import StoredPack
from ..packs import unreadable_packs
from ..security import accepts_file, oversized
from . import articles, bp, draft_list, editor, operations
from .forms import ArticleForm
from .operations import ARTICLE_UPLOAD_LIMIT
from .pages import (
    article_form,
    article_too_large,
    deletion_page,
    import_page,
    language_removal_page,
    new_pack_page,
    pack_page,
    question_file_form,
    question_file_too_large,
    question_page,
)
from .preview import preview_answer, previewed_pack


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A body over an upload form's hard cap (security.UPLOAD_BODY_CAP) is refused unread, so its
    fields cannot be kept: the form comes back empty with the limit named; a file over its own
    limit but under the cap is read (spooled to disk) and refused by the route, beside the
    fields the teacher typed."""
    if request.endpoint == "authoring.new_pack":
        page = new_pack_page(article_form(formdata=None), upload_error=article_too_large())
        return page[0], 413
    if request.endpoint == "authoring.import_questions":
        form = question_file_form(formdata=None)
        return import_page(form, upload_error=question_file_too_large())[0], 413
    return render_error(413)


@bp.errorhandler(operations.FormNotUnderstood)
def not_understood(error: operations.FormNotUnderstood):
    """A form no page of ours sent (an unknown action, a revision never shown): 400."""
    return render_error(400)


@bp.errorhandler(operations.NoFreeSlug)
def no_free_slug(error: operations.NoFreeSlug):
    """Other packs took every id tried for a new one at the same moment: try again, no 500."""
    return render_error(409, MESSAGES[400][1])


def _question_index(stored: StoredPack, question_number: int) -> int:
    if not 1 <= question_number <= len(stored.draft.get("questions", [])):
        abort(404)
    return question_number - 1


def _to_pack(stored: StoredPack, anchor: str | None = None):
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id, _anchor=anchor), code=303)


# -- the list and a new pack -------------------------------------------------------------------


@bp.get("/packs")
def packs():
    mine, library = operations.packs_of(current_user.id)
    return render_template(
        "authoring/packs.html",
        mine=mine,
        library=library,
        withheld=withheld_own_packs(mine),
        unreadable=unreadable_packs(mine + library, active_language()),
    )


@bp.route("/packs/new", methods=["GET", "POST"])
@accepts_file(ARTICLE_UPLOAD_LIMIT)
def new_pack():
    form = article_form()
    if request.method == "GET":
        form.language.data = form.language.data or active_language()
        form.languages.data = form.languages.data or [form.language.data]
        return new_pack_page(form)
    if oversized(form.upload.data, ARTICLE_UPLOAD_LIMIT):
        return new_pack_page(form, upload_error=article_too_large(), status=413)
    if not form.validate():
        return new_pack_page(form, status=422)
    metadata = {name: getattr(form, name).data for name in ArticleForm.metadata_fields}
    try:
        stored = operations.create_pack_from_article(
            current_user.id, metadata, form.languages.data, form.upload.data, form.text.data
        )
    except articles.ArticleError as error:
        field = "upload" if form.upload.data and form.upload.data.filename else "text"
        return new_pack_page(form, **{f"{field}_error": str(error.message)}, status=422)
    flash(_("The article is in. Now check its paragraphs and write the questions."))
    return _to_pack(stored)


# -- a pack ---------------------------------------------------------------------------------


@bp.get("/packs/<int:stored_pack_id>")
def edit_pack(stored_pack_id: int):
    return pack_page(readable_pack(stored_pack_id))


@bp.post("/packs/<int:stored_pack_id>/paragraphs")
def change_paragraph(stored_pack_id: int):
    stored = editable_pack(stored_pack_id)
    paragraph_id = request.form.get("paragraph", "")
    try:
        conflict = operations.change_paragraph(
            stored,
            request.form.get("action", ""),
            paragraph_id,
            request.form.get("revision"),
            start=request.form.get("start") or request.form.get("sentence", ""),
            text=request.form.get("text", ""),
        )
    except articles.ArticleError as error:
        return pack_page(stored, str(error.message), paragraph_id, status=422)
    if conflict:
        return pack_page(stored, conflict, paragraph_id, status=409)
    return _to_pack(stored, paragraph_id)


@bp.post("/packs/<int:stored_pack_id>/paragraphs/tidy")
def tidy_article(stored_pack_id: int):
    """Every ticked paragraph marked or deleted in one submit; a deletion is asked first."""
    stored = editable_pack(stored_pack_id)
    action = request.form.get("action", "")
    ticked = request.form.getlist("paragraph")
    try:
        if action == "delete" and request.form.get("confirmed") != "1":
            return deletion_page(stored, articles.deletable(stored.draft, ticked))
        conflict = operations.tidy_article(stored, action, ticked, request.form.get("revision"))
    except articles.ArticleError as error:
        return pack_page(stored, str(error.message), status=422)
    if conflict:
        return pack_page(stored, conflict, status=409)
    return _to_pack(stored, "article")


@bp.post("/packs/<int:stored_pack_id>/languages")
def change_languages(stored_pack_id: int):
    """Add a second language to the pack, or remove one with its texts once the teacher has
    seen which texts go (as a question's delete asks first)."""
    stored = editable_pack(stored_pack_id)
    if request.form.get("action") == "remove" and request.form.get("confirmed") != "1":
        language = request.form.get("language", "")
        return language_removal_page(stored, language, operations.texts_to_drop(stored, language))
    conflict = operations.change_languages(
        stored,
        request.form.get("action", ""),
        request.form.get("language", ""),
        request.form.get("revision"),
    )
    if conflict:
        return pack_page(stored, status=409, conflict=conflict)
    return _to_pack(stored, "languages")


@bp.post("/packs/<int:stored_pack_id>/title")
def rename_pack(stored_pack_id: int):
    """The pack's title in each of its languages, as typed on the pack page."""
    stored = editable_pack(stored_pack_id)
    titles = {
        lang: request.form.get(f"title.{lang}", "") for lang in stored.draft.get("languages") or []
    }
    conflict = operations.rename_pack(stored, titles, request.form.get("revision"))
    if conflict:
        return pack_page(stored, status=409, conflict=conflict)
    flash(_("The title is saved."))
    return _to_pack(stored, "languages")


@bp.post("/packs/<int:stored_pack_id>/publish")
def publish_pack(stored_pack_id: int):
    stored = editable_pack(stored_pack_id)
    try:
        version = operations.publish_draft(stored, active_language())
    except operations.PackHasProblems:
        return pack_page(stored, status=422)
    if version is None:
        flash(_("This pack is published as it is already."))
    else:
        flash(_("Published as version %(number)s.", number=version.number))
    return _to_pack(stored)


@bp.post("/packs/<int:stored_pack_id>/library")
def share_pack(stored_pack_id: int):
    stored = editable_pack(stored_pack_id)
    operations.share_to_library(stored, request.form.get("in_library") == "1")
    flash(
        _("The pack is in the school's library once published.")
        if stored.in_library
        else _("The pack is only yours now.")
    )
    return _to_pack(stored)


@bp.post("/packs/<int:stored_pack_id>/copy")
def copy_pack(stored_pack_id: int):
    copy = operations.copy_pack(unwithheld(visible_pack(stored_pack_id)), current_user.id)
    flash(_("This is your own copy: change it as you like."))
    return _to_pack(copy)


# -- the suggested drafts --------------------------------------------------------------------


@bp.post("/packs/<int:stored_pack_id>/suggestions")
def take_suggestions(stored_pack_id: int):
    """Add the ticked drafts in one submit, dismiss them, or take the dismissed ones back."""
    stored = editable_pack(stored_pack_id)
    action, keys = request.form.get("action", ""), request.form.getlist("draft")
    if action == "add":
        added, conflict = draft_list.add_ticked(stored, keys)
        flash(conflict or _added_message(added))
        return _to_pack(stored, "questions" if added else "suggestions")
    if action == "dismiss":
        dismissed = draft_list.dismiss(stored, keys)
        flash(ngettext("%(num)s draft dismissed.", "%(num)s drafts dismissed.", dismissed))
    elif action == "take_back":
        draft_list.take_back_dismissed(stored)
        flash(_("The dismissed drafts are back in the list."))
    else:
        raise operations.FormNotUnderstood(action)
    return _to_pack(stored, "suggestions")


def _added_message(added: int) -> str:
    if not added:
        return _("Nothing to add: tick drafts that are still in the list.")
    return ngettext(
        "%(num)s question added from the drafts.", "%(num)s questions added from the drafts.", added
    )


@bp.post("/packs/<int:stored_pack_id>/suggestions/<key>")
def fix_suggestion(stored_pack_id: int, key: str):
    """Add one draft with its prompt or answer fixed in the list; problems beside its fields."""
    stored = editable_pack(stored_pack_id)
    fixing = draft_list.fix_and_add(stored, key, request.form, active_language())
    if fixing.offer is None:
        flash(_added_message(0))
        return _to_pack(stored, "suggestions")
    if fixing.errors:
        return pack_page(stored, status=422, fixing=fixing, fix_form=request.form)
    if fixing.conflict:
        return pack_page(stored, status=409, conflict=fixing.conflict)
    flash(_added_message(1))
    return _to_pack(stored, "questions")


# -- the question editor ----------------------------------------------------------------------


@bp.route("/packs/<int:stored_pack_id>/questions/new", methods=["GET", "POST"])
def new_question(stored_pack_id: int):
    stored = editable_pack(stored_pack_id)
    type_name = request.values.get("type", "")
    if request.method == "GET" and not type_name:
        return redirect(url_for(".edit_pack", stored_pack_id=stored.id, _anchor="questions"))
    if type_name not in QUESTION_TYPES:
        return pack_page(stored, status=422, type_error=_("Please choose a question type."))
    if request.method == "GET":
        suggestion = request.args.get("suggestion", "")
        question = operations.starting_question(stored, type_name, suggestion)
        return question_page(stored, None, question)
    return _save_question(stored, None, type_name)


@bp.route("/packs/<int:stored_pack_id>/questions/<int:question_number>", methods=["GET", "POST"])
def edit_question(stored_pack_id: int, question_number: int):
    stored = editable_pack(stored_pack_id)
    index = _question_index(stored, question_number)
    question = stored.draft["questions"][index]
    if request.method == "GET":
        return question_page(stored, index, question)
    type_name = question.get("type")
    if type_name not in QUESTION_TYPES:
        abort(404)
    return _save_question(stored, index, type_name)


def _save_question(stored: StoredPack, index: int | None, type_name: str):
    if request.form.get("add_row") or request.form.get("remove_row"):
        languages = stored.draft.get("languages") or []
        question, extra_rows = editor.with_rows_changed(
            request.form, type_name, languages, active_language()
        )
        return question_page(stored, index, question, extra_rows=extra_rows)
    saved = operations.save_question(stored, index, type_name, request.form, active_language())
    if saved.errors or saved.general:
        return question_page(stored, index, saved.question, saved.errors, saved.general, status=422)
    if saved.conflict:
        return question_page(stored, index, saved.question, general=[saved.conflict], status=409)
    flash(_("Question saved."))
    return _to_pack(stored, f"question-{saved.position + 1}")


@bp.post("/packs/<int:stored_pack_id>/questions/<int:question_number>/arrange")
def arrange_question(stored_pack_id: int, question_number: int):
    stored = editable_pack(stored_pack_id)
    index = _question_index(stored, question_number)
    if request.form.get("action") == "delete" and request.form.get("confirmed") != "1":
        question = stored.draft["questions"][index]
        return render_template(
            "authoring/delete_question.html", stored=stored, number=index + 1, question=question
        )
    conflict = operations.arrange_question(
        stored, index, request.form.get("action", ""), request.form.get("revision")
    )
    if conflict:
        return pack_page(stored, status=409, conflict=conflict)
    return _to_pack(stored, "questions")


# -- preview --------------------------------------------------------------------------------


@bp.get("/packs/<int:stored_pack_id>/preview/<int:question_number>")
def preview(stored_pack_id: int, question_number: int):
    """The pack as a learner takes it, with immediate feedback. Nothing is stored, so the answer
    form is sent with GET (no CSRF token needed, and Back works as in any page). While a class's
    running quiz withholds the answers, only those who may see them preview it (it grades)."""
    stored = unwithheld(visible_pack(stored_pack_id))
    pack = previewed_pack(stored, current_user.id)
    if pack is None or not pack.questions:
        return pack_page(stored, status=422)
    language = request.values.get("language")
    if language not in pack.languages:
        language = pack.languages[0]
    g.allowed_languages = [language]
    if not 1 <= question_number <= len(pack.questions):
        abort(404)
    answered = request.args if request.args.get("answered") else None
    shown = preview_answer(stored, pack, question_number, language, answered)
    html = render_template(
        "authoring/preview.html",
        stored=stored,
        pack=pack,
        position=question_number,
        total=len(pack.questions),
        language=language,
        **shown.template_values(),
    )
    return html, 422 if shown.error else 200
