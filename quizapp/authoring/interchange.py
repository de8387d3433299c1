"""Moodle XML and GIFT in the browser: a pack's questions as a download, a question file as a new
draft pack, and the article attached to such a draft. Each URL answers 404 to anyone but the
pack's owner; the formats themselves are quizapp/bank/moodle.py's."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..bank.loader import read_pack_data
from ..i18n import active_language, language_name
from ..instructor import bp
from ..interchange import EXTENSIONS as FORMATS
from ..interchange import MAX_IMPORT_BYTES, export_pack, read_question_file
from ..packs import DraftConflict, new_imported_draft, parsed_version, save_draft
from ..terminal import messages_in
from . import articles
from .forms import AttachArticleForm, QuestionFileForm
from .routes import ARTICLE_UPLOAD_LIMIT, _newest, _pack_page, owned_pack

MEDIA_TYPES = {"moodle-xml": "application/xml", "gift": "text/plain; charset=utf-8"}


@bp.get("/packs/<int:stored_pack_id>/moodle")
def export_for_moodle(stored_pack_id: int):
    """The pack's questions as a Moodle XML or GIFT file, in the language the teacher chose:
    the draft as the teacher sees it when it is valid, else the newest published version."""
    stored = owned_pack(stored_pack_id)
    fmt = request.args.get("format", "moodle-xml")
    if fmt not in FORMATS:
        abort(404)
    pack, _problems, _missing = read_pack_data(stored.draft)
    newest = _newest(stored)
    if pack is None and newest is not None:
        pack = parsed_version(newest.id, newest.digest)
    if pack is None or not pack.questions:
        message = _("Only a pack without problems can be exported; see what is left to do above.")
        return _pack_page(stored, status=422, conflict=message)
    language = request.args.get("language", "")
    if language not in pack.languages:
        language = active_language() if active_language() in pack.languages else pack.languages[0]
    content, _left = export_pack(pack, fmt, language)
    filename = f"{pack.id}-{language}{FORMATS[fmt]}"
    return Response(
        content,
        mimetype=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _file_form(**options) -> QuestionFileForm:
    form = QuestionFileForm(**options)
    form.language.choices = [
        (code, language_name(code)) for code in current_app.config["LANGUAGES"]
    ]
    return form


def _import_limit() -> None:
    """A question bank or an article may be larger than an answer: raise the limit for these
    uploads only (before the CSRF check reads the body)."""
    limit = {
        "instructor.import_questions": MAX_IMPORT_BYTES + 64 * 1024,
        "instructor.attach_article": ARTICLE_UPLOAD_LIMIT,
    }.get(request.endpoint)
    if limit:
        request.max_content_length = limit
        request.max_form_memory_size = limit


bp.record_once(
    lambda state: state.app.before_request_funcs.setdefault(None, []).insert(0, _import_limit)
)


@bp.route("/packs/import", methods=["GET", "POST"])
def import_questions():
    form = _file_form()
    if request.method == "GET":
        form.language.data = active_language()
        return _import_page(form)
    if not form.validate():
        return _import_page(form, status=422)
    upload = form.upload.data
    if upload and upload.filename:
        filename = upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
        data = upload.read()
    elif (form.text.data or "").strip():
        pasted = form.text.data.strip()
        filename = "moodle.xml" if pasted.startswith("<") else "moodle.gift"
        data = pasted.encode("utf-8")
    else:
        return _import_page(form, problems=[_("Please choose a .xml or .gift file.")], status=422)
    with messages_in(active_language()):
        imported = read_question_file(data, filename, form.language.data)
    if imported.problems:
        return _import_page(form, problems=imported.problems, skipped=imported.skipped, status=422)
    title = filename.rsplit(".", 1)[0] or _("Questions from Moodle")
    stored = new_imported_draft(current_user.id, title, form.language.data, imported.questions)
    flash(
        ngettext(
            "%(num)s question is in the new draft. Attach the article it comes from, then quote "
            "it in the question.",
            "%(num)s questions are in the new draft. Attach the article they come from, then "
            "quote it in each question.",
            len(imported.questions),
        )
    )
    for line in imported.skipped:
        flash(line)
    return redirect(url_for(".attach_article", stored_pack_id=stored.id), code=303)


def _import_page(form, problems=(), skipped=(), status=200):
    html = render_template(
        "authoring/import.html",
        form=form,
        problems=problems,
        skipped=skipped,
        limit=MAX_IMPORT_BYTES // (1024 * 1024),
    )
    return html, status


@bp.route("/packs/<int:stored_pack_id>/article", methods=["GET", "POST"])
def attach_article(stored_pack_id: int):
    """The article a draft's questions come from (questions imported from Moodle have none).
    Replacing an article that questions quote already marks each quote the new one lacks, and
    the pack cannot be published until those are fixed (articles.unquoted_questions)."""
    stored = owned_pack(stored_pack_id)
    form = AttachArticleForm()
    form.language.choices = [
        (code, language_name(code)) for code in current_app.config["LANGUAGES"]
    ]
    source = stored.draft.get("source") or {}
    quoted = articles.quoted_paragraphs(stored.draft)
    if request.method == "GET":
        form.language.data = source.get("language") or active_language()
        form.title.data = form.title.data or source.get("title")
        return _article_page(stored, form, quoted)
    if not form.validate():
        return _article_page(stored, form, quoted, status=422)
    upload = form.upload.data
    try:
        if upload and upload.filename:
            blocks = articles.blocks_from_upload(upload.filename, upload.read())
        else:
            blocks = articles.blocks_from_text(form.text.data or "")
        articles.check_article(blocks)
    except articles.ArticleError as error:
        return _article_page(stored, form, quoted, error=str(error.message), status=422)
    metadata = {name: getattr(form, name).data for name in AttachArticleForm.metadata_fields}
    languages = stored.draft.get("languages") or [metadata["language"]]
    attached = articles.new_draft(stored.slug, metadata, blocks, languages)
    draft = {**stored.draft, "source": attached["source"], "title": attached["title"]}
    try:
        revision = int(request.form.get("revision", ""))
    except ValueError:
        abort(400)
    if not 1 <= revision < 2**31:
        abort(400)
    try:
        save_draft(stored, draft, revision)
    except DraftConflict:
        return _article_page(stored, form, quoted, status=409)
    flash(_("The article is attached. Now quote it in each question."))
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id, _anchor="questions"), 303)


def _article_page(stored, form, quoted, error=None, status=200):
    html = render_template(
        "authoring/article.html",
        stored=stored,
        form=form,
        quoted=bool(quoted),
        error=error,
        limit=ARTICLE_UPLOAD_LIMIT // (1024 * 1024),
    )
    return html, status
