"""Moodle XML and GIFT in the browser: a pack's questions as a download, a question file as a new
draft pack, and the article attached to such a draft. Each URL answers 404 to anyone but the
pack's owner; the formats themselves are quizapp/interchange/'s plugins."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..guards import editable_pack
from ..i18n import active_language
from ..interchange import FORMATS, MAX_IMPORT_BYTES, export_pack
from ..security import accepts_file, oversized
from . import articles, bp, operations
from .forms import AttachArticleForm
from .operations import ARTICLE_UPLOAD_LIMIT
from .pages import (
    article_too_large,
    attach_article_form,
    attach_article_page,
    import_page,
    pack_page,
    question_file_form,
    question_file_too_large,
)


@bp.get("/packs/<int:stored_pack_id>/moodle")
def export_for_moodle(stored_pack_id: int):
    """The pack's questions as a Moodle XML or GIFT file, in the language the teacher chose:
    the draft as the teacher sees it when it is valid, else the newest published version; a copy
    whose answers a class's running quiz withholds is not downloaded (guards.editable_pack)."""
    stored = editable_pack(stored_pack_id)
    fmt = request.args.get("format", "moodle-xml")
    if fmt not in FORMATS:
        abort(404)
    pack = operations.exportable_pack(stored)
    if pack is None or not pack.questions:
        message = _("Only a pack without problems can be exported; see what is left to do above.")
        return pack_page(stored, status=422, conflict=message)
    language = request.args.get("language", "")
    if language not in pack.languages:
        language = active_language() if active_language() in pack.languages else pack.languages[0]
    content, _left = export_pack(pack, fmt, language)
    filename = f"{pack.id}-{language}{FORMATS[fmt].extension}"
    return Response(
        content,
        mimetype=FORMATS[fmt].media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/packs/import", methods=["GET", "POST"])
@accepts_file(MAX_IMPORT_BYTES)
def import_questions():
    form = question_file_form()
    if request.method == "GET":
        form.language.data = active_language()
        return import_page(form)
    if oversized(form.upload.data, MAX_IMPORT_BYTES):
        return import_page(form, status=413, upload_error=question_file_too_large())
    if not form.validate():
        return import_page(form, status=422)
    imported = operations.import_question_file(
        current_user.id, form.upload.data, form.text.data, form.language.data, active_language()
    )
    if imported.stored is None:
        return import_page(form, problems=imported.problems, skipped=imported.skipped, status=422)
    flash(
        ngettext(
            "%(num)s question is in the new draft. Attach the article it comes from, then quote "
            "it in the question.",
            "%(num)s questions are in the new draft. Attach the article they come from, then "
            "quote it in each question.",
            imported.count,
        )
    )
    for line in imported.report:
        flash(line)
    return redirect(url_for(".attach_article", stored_pack_id=imported.stored.id), code=303)


@bp.route("/packs/<int:stored_pack_id>/article", methods=["GET", "POST"])
@accepts_file(ARTICLE_UPLOAD_LIMIT)
def attach_article(stored_pack_id: int):
    """The article a draft's questions come from (questions imported from Moodle have none).
    Replacing an article that questions quote already marks each quote the new one lacks, and
    the pack cannot be published until those are fixed (articles.unquoted_questions)."""
    stored = editable_pack(stored_pack_id)
    form = attach_article_form()
    if request.method == "GET":
        source = stored.draft.get("source") or {}
        form.language.data = source.get("language") or active_language()
        form.title.data = form.title.data or source.get("title")
        return attach_article_page(stored, form)
    if oversized(form.upload.data, ARTICLE_UPLOAD_LIMIT):
        return attach_article_page(stored, form, article_too_large(), status=413)
    if not form.validate():
        return attach_article_page(stored, form, status=422)
    metadata = {name: getattr(form, name).data for name in AttachArticleForm.metadata_fields}
    revision = request.form.get("revision")
    try:
        attached = operations.attach_article(
            stored, metadata, form.upload.data, form.text.data, revision
        )
    except articles.ArticleError as error:
        return attach_article_page(stored, form, error=str(error.message), status=422)
    if not attached:
        return attach_article_page(stored, form, status=409)
    flash(_("The article is attached. Now quote it in each question."))
    return redirect(url_for(".edit_pack", stored_pack_id=stored.id, _anchor="questions"), 303)
