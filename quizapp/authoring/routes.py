"""The teacher's packs: a new pack from an article, its paragraphs, the question editor, preview,
publishing, the school's library and copies. The URLs live under /instructor (teachers only);
each answers 404 to anyone but the pack's owner (a library pack: to any teacher, read-only).
"""

import json
import random
from types import SimpleNamespace

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.fields.choices import SelectChoice

from ..attempts import QuestionControls
from ..bank.loader import read_pack_data
from ..engine import QUESTION_TYPES, ResponseError, grade_answer, question_type, read_response
from ..errors import render_error
from ..extensions import db
from ..i18n import active_language, language_name
from ..instructor import bp
from ..models import PackVersion, StoredPack
from ..packs import DraftConflict, content_digest, parsed_version, publish, save_draft
from ..views import page_texts
from . import articles, editor, suggestions
from .forms import ArticleForm

ARTICLE_UPLOAD_LIMIT = 2 * 1024 * 1024  # bytes: a long article as .docx with its pictures


def _me() -> int:
    return current_user.id


def _newest(stored: StoredPack) -> PackVersion | None:
    return stored.versions[-1] if stored.versions else None


def owned_pack(stored_pack_id: int) -> StoredPack:
    """The signed-in teacher's own pack; 404 for any other."""
    stored = db.session.get(StoredPack, stored_pack_id)
    if stored is None or stored.owner_id is None or stored.owner_id != _me():
        abort(404)
    return stored


def visible_pack(stored_pack_id: int) -> StoredPack:
    """The teacher's own pack or a published pack of the school's library; 404 otherwise."""
    stored = db.session.get(StoredPack, stored_pack_id)
    if stored is None:
        abort(404)
    mine = stored.owner_id is not None and stored.owner_id == _me()
    library = (stored.owner_id is None or stored.in_library) and _newest(stored) is not None
    if not (mine or library):
        abort(404)
    return stored


def _question_index(stored: StoredPack, question_number: int) -> int:
    if not 1 <= question_number <= len(stored.draft.get("questions", [])):
        abort(404)
    return question_number - 1


def _save(stored: StoredPack, draft: dict, base_question: dict | None = None, index=None):
    """Save the draft from the page that showed `revision`; on a conflict, say what changed."""
    try:
        revision = int(request.form.get("revision", ""))
    except ValueError:
        abort(400)
    if not 1 <= revision < 2**31:  # no page ever showed it; and the database keeps it in 32 bits
        abort(400)
    try:
        save_draft(stored, draft, revision)
    except DraftConflict as conflict:
        changed = editor.what_changed(base_question, conflict.stored.draft, index)
        message = _(
            "Someone else saved this pack while you were editing it (it is now at revision "
            "%(revision)s). Your changes are not saved.",
            revision=conflict.stored.revision,
        )
        if changed:
            message += " " + _(
                "They changed: %(fields)s. Look at their version, then make your changes again.",
                fields=", ".join(_(label) for label in changed),
            )
        return message
    return None


# -- the list and a new pack -------------------------------------------------------------------


@bp.get("/packs")
def packs():
    mine = db.session.scalars(
        select(StoredPack).filter_by(owner_id=_me()).order_by(StoredPack.updated_at.desc())
    ).all()
    library = [
        stored
        for stored in db.session.scalars(
            select(StoredPack)
            .where((StoredPack.owner_id.is_(None)) | (StoredPack.in_library.is_(True)))
            .order_by(StoredPack.slug)
        )
        if stored.owner_id != _me() and stored.versions
    ]
    return render_template("authoring/packs.html", mine=mine, library=library)


def _article_form(**options) -> ArticleForm:
    form = ArticleForm(**options)
    languages = [SelectChoice(code, language_name(code)) for code in _languages()]
    form.language.choices = languages
    form.languages.choices = languages
    return form


def _languages() -> list[str]:
    from flask import current_app

    return list(current_app.config["LANGUAGES"])


def _article_upload_limit() -> None:
    """An article may be larger than an answer: raise the limit for the new-pack form only
    (before the CSRF check reads the body)."""
    if request.endpoint == "instructor.new_pack":
        request.max_content_length = ARTICLE_UPLOAD_LIMIT
        request.max_form_memory_size = ARTICLE_UPLOAD_LIMIT


bp.record_once(
    lambda state: state.app.before_request_funcs.setdefault(None, []).insert(
        0, _article_upload_limit
    )
)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    if request.endpoint != "instructor.new_pack":
        return render_error(413)
    upload_error = _(
        "The file is larger than %(limit)s MB. Save the article as plain text, or paste it.",
        limit=ARTICLE_UPLOAD_LIMIT // (1024 * 1024),
    )
    return _article_page(_article_form(formdata=None), upload_error=upload_error, status=413)


@bp.route("/packs/new", methods=["GET", "POST"])
def new_pack():
    form = _article_form()
    if request.method == "GET":
        form.language.data = form.language.data or active_language()
        form.languages.data = form.languages.data or _languages()
        return _article_page(form)
    if not form.validate():
        return _article_page(form, status=422)
    upload = form.upload.data
    try:
        if upload and upload.filename:
            blocks = articles.blocks_from_upload(upload.filename, upload.read())
        else:
            blocks = articles.blocks_from_text(form.text.data or "")
        articles.check_article(blocks)
    except articles.ArticleError as error:
        field = "upload" if upload and upload.filename else "text"
        return _article_page(form, **{f"{field}_error": str(error.message)}, status=422)
    taken = set(db.session.scalars(select(StoredPack.slug)))
    slug = articles.slug_for(form.title.data, taken)
    metadata = {name: getattr(form, name).data for name in ArticleForm.metadata_fields}
    draft = articles.new_draft(slug, metadata, blocks, form.languages.data)
    stored = StoredPack(slug=slug, owner_id=_me(), draft=draft)
    db.session.add(stored)
    db.session.commit()
    flash(_("The article is in. Now check its paragraphs and write the questions."))
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id), code=303)


def _article_page(form, upload_error=None, text_error=None, status=200):
    html = render_template(
        "authoring/new_pack.html",
        form=form,
        upload_error=upload_error,
        text_error=text_error,
        limit=ARTICLE_UPLOAD_LIMIT // (1024 * 1024),
    )
    return html, status


# -- a pack ---------------------------------------------------------------------------------


@bp.get("/packs/<int:stored_pack_id>")
def edit_pack(stored_pack_id: int):
    stored = visible_pack(stored_pack_id)
    return _pack_page(stored)


def _pack_page(stored: StoredPack, paragraph_error=None, paragraph_id=None, status=200, **extra):
    mine = stored.owner_id == _me()
    newest = _newest(stored)
    draft = stored.draft if mine else (newest.content if newest else stored.draft)
    problems = editor.pack_problems(draft, active_language()) if mine else []
    published = newest is not None and newest.digest == content_digest(stored.draft)
    html = render_template(
        "authoring/pack.html",
        stored=stored,
        draft=draft,
        mine=mine,
        newest=newest,
        published=published,
        problems=problems,
        question_types=sorted(QUESTION_TYPES),
        quoted=articles.quoted_paragraphs(draft),
        unquoted=articles.unquoted_questions(draft) if mine else {},
        suggestions=suggestions.suggestions(draft) if mine else [],
        paragraph_error=paragraph_error,
        paragraph_id=paragraph_id,
        **extra,
    )
    return html, status


@bp.post("/packs/<int:stored_pack_id>/paragraphs")
def change_paragraph(stored_pack_id: int):
    stored = owned_pack(stored_pack_id)
    paragraph_id = request.form.get("paragraph", "")
    action = request.form.get("action", "")
    try:
        if action == "merge":
            draft = articles.merged_with_next(stored.draft, paragraph_id)
        elif action == "split":
            draft = articles.split_at(stored.draft, paragraph_id, request.form.get("start", ""))
        elif action == "text":
            draft = articles.with_text(stored.draft, paragraph_id, request.form.get("text", ""))
        elif action in ("paragraph", "heading", "caption"):
            draft = articles.with_kind(stored.draft, paragraph_id, action)
        else:
            abort(400)
    except articles.ArticleError as error:
        return _pack_page(stored, str(error.message), paragraph_id, status=422)
    conflict = _save(stored, draft)
    if conflict:
        return _pack_page(stored, conflict, paragraph_id, status=409)
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id, _anchor=paragraph_id), 303)


@bp.post("/packs/<int:stored_pack_id>/publish")
def publish_pack(stored_pack_id: int):
    stored = owned_pack(stored_pack_id)
    if editor.pack_problems(stored.draft, active_language()):
        return _pack_page(stored, status=422)
    version = publish(stored)
    if version is None:
        flash(_("This pack is published as it is already."))
    else:
        flash(_("Published as version %(number)s.", number=version.number))
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id), code=303)


@bp.post("/packs/<int:stored_pack_id>/library")
def share_pack(stored_pack_id: int):
    stored = owned_pack(stored_pack_id)
    stored.in_library = request.form.get("in_library") == "1"
    db.session.commit()
    flash(
        _("The pack is in the school's library once published.")
        if stored.in_library
        else _("The pack is only yours now.")
    )
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id), code=303)


@bp.post("/packs/<int:stored_pack_id>/copy")
def copy_pack(stored_pack_id: int):
    stored = visible_pack(stored_pack_id)
    newest = _newest(stored)
    content = json.loads(json.dumps(newest.content if newest else stored.draft))
    taken = set(db.session.scalars(select(StoredPack.slug)))
    content["id"] = articles.slug_for(f"{stored.slug}-copy", taken)
    copy = StoredPack(slug=content["id"], owner_id=_me(), draft=content)
    db.session.add(copy)
    db.session.commit()
    flash(_("This is your own copy: change it as you like."))
    return redirect(url_for(".edit_pack", stored_pack_id=copy.id), code=303)


# -- the question editor ----------------------------------------------------------------------


@bp.route("/packs/<int:stored_pack_id>/questions/new", methods=["GET", "POST"])
def new_question(stored_pack_id: int):
    stored = owned_pack(stored_pack_id)
    type_name = request.values.get("type", "")
    if request.method == "GET" and not type_name:
        return redirect(url_for(".edit_pack", stored_pack_id=stored.id, _anchor="questions"))
    if type_name not in QUESTION_TYPES:
        return _pack_page(stored, status=422, type_error=_("Please choose a question type."))
    if request.method == "GET":
        question = editor.blank_question(type_name, stored.draft)
        offered = suggestions.suggestions(stored.draft)
        number = request.args.get("suggestion", "")
        chosen = offered[int(number)] if number.isdigit() and int(number) < len(offered) else {}
        if chosen.get("type") == type_name:
            question = {"id": question["id"], **chosen}
        return _question_page(stored, None, question, extra_rows=3)
    return _save_question(stored, None, type_name)


@bp.route("/packs/<int:stored_pack_id>/questions/<int:question_number>", methods=["GET", "POST"])
def edit_question(stored_pack_id: int, question_number: int):
    stored = owned_pack(stored_pack_id)
    index = _question_index(stored, question_number)
    question = stored.draft["questions"][index]
    if request.method == "GET":
        return _question_page(stored, index, question)
    type_name = question.get("type")
    if type_name not in QUESTION_TYPES:
        abort(404)
    return _save_question(stored, index, type_name)


def _save_question(stored: StoredPack, index: int | None, type_name: str):
    languages = stored.draft.get("languages") or []
    question = editor.read_question_form(request.form, type_name, languages, active_language())
    draft = editor.with_question(stored.draft, index, question)
    position = len(draft["questions"]) - 1 if index is None else index
    errors, general = editor.question_problems(draft, position, active_language())
    if errors or general:
        return _question_page(stored, index, question, errors, general, status=422)
    try:
        base = json.loads(request.form.get("base") or "null")
    except ValueError:
        base = None
    conflict = _save(stored, draft, base, index)
    if conflict:
        return _question_page(stored, index, question, general=[conflict], status=409)
    flash(_("Question saved."))
    return redirect(
        url_for(".edit_pack", stored_pack_id=stored.id, _anchor=f"question-{position + 1}"), 303
    )


def _question_page(stored, index, question, errors=None, general=None, extra_rows=1, status=200):
    draft = stored.draft
    languages = draft.get("languages") or []
    html = render_template(
        "authoring/question.html",
        stored=stored,
        index=index,
        question=question,
        base=json.dumps(
            draft["questions"][index] if index is not None else None, ensure_ascii=False
        ),
        fields=editor.editor_fields(question["type"]),
        values=editor.form_values(question),
        rows=editor.row_counts(question, extra_rows),
        errors=errors or {},
        general=general or [],
        languages=languages,
        paragraphs=draft.get("source", {}).get("paragraphs", []),
    )
    return html, status


@bp.post("/packs/<int:stored_pack_id>/questions/<int:question_number>/arrange")
def arrange_question(stored_pack_id: int, question_number: int):
    stored = owned_pack(stored_pack_id)
    index = _question_index(stored, question_number)
    action = request.form.get("action")
    operations = {
        "duplicate": lambda d: editor.duplicated(d, index),
        "up": lambda d: editor.moved(d, index, -1),
        "down": lambda d: editor.moved(d, index, 1),
        "delete": lambda d: editor.deleted(d, index),
    }
    if action not in operations:
        abort(400)
    conflict = _save(stored, operations[action](stored.draft))
    if conflict:
        return _pack_page(stored, status=409, conflict=conflict)
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id, _anchor="questions"), 303)


# -- preview --------------------------------------------------------------------------------


@bp.get("/packs/<int:stored_pack_id>/preview/<int:question_number>")
def preview(stored_pack_id: int, question_number: int):
    """The pack as a learner takes it, with immediate feedback. Nothing is stored, so the answer
    form is sent with GET (no CSRF token needed, and Back works as in any page)."""
    stored = visible_pack(stored_pack_id)
    if stored.owner_id == _me():
        pack, _problems, _missing = read_pack_data(stored.draft)
    else:
        newest = _newest(stored)
        pack = parsed_version(newest.id, newest.digest)
    if pack is None or not pack.questions:
        return _pack_page(stored, status=422)
    language = request.values.get("language")
    if language not in pack.languages:
        language = pack.languages[0]
    g.allowed_languages = [language]
    if not 1 <= question_number <= len(pack.questions):
        abort(404)
    question = pack.questions[question_number - 1]
    attempt = SimpleNamespace(id=0, seed=stored.id, shuffle_options=False)
    choices = list(question.choices)
    random.Random(f"{stored.id}:{question.id}").shuffle(choices)
    items = list(question.sequence)
    random.Random(f"{stored.id}:{question.id}:items").shuffle(items)
    response = grade = error = None
    form = MultiDict()
    if request.args.get("answered"):
        form = request.args
        qtype = question_type(question.type)
        try:
            answer = read_response(question, qtype.form_response(question, form), language)
        except ResponseError as problem:
            error = qtype.problem_message(question, problem, page_texts)
        else:
            grade = grade_answer(question, answer)
            response = SimpleNamespace(answer=answer)
    view = QuestionControls(list(question.options), choices, items, form, error is not None)
    html = render_template(
        "authoring/preview.html",
        stored=stored,
        pack=pack,
        attempt=attempt,
        question=question,
        position=question_number,
        total=len(pack.questions),
        view=view,
        response=response,
        grade=grade,
        error=error,
        language=language,
    )
    return html, 422 if error else 200
