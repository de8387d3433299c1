"""The authoring pages as the routes render them: a pack, the question editor, the article and
question-file forms. Each returns (html, status), so a route answers a problem with the same page
and a 4xx status; the forms come with the languages the app offers as their choices."""

import json
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..engine import QUESTION_TYPES
from ..extensions import db
from ..guards import newest_version
from ..i18n import active_language, language_name
from ..interchange import MAX_IMPORT_BYTES
from ..models import Classroom, StoredPack
from ..packs import content_digest
from . import articles, draft_list, editor, languages, messages, suggestions
from .forms import ArticleForm, AttachArticleForm, QuestionFileForm
from .operations import ARTICLE_UPLOAD_LIMIT, ATTENTION_CLEARED, export_notes_of

Page = tuple[str, int]
MEGABYTE = 1024 * 1024


def app_languages() -> list[str]:
    """The languages the app offers (a pack's questions may be written in any of them)."""
    return list(current_app.config["LANGUAGES"])


def _language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, language_name(code)) for code in app_languages()]


def article_form(**options: Any) -> ArticleForm:
    """The form a new pack starts with, its language choices filled."""
    form = ArticleForm(**options)
    form.language.choices = form.languages.choices = _language_choices()
    return form


def attach_article_form() -> AttachArticleForm:
    """The form of the article a draft's questions come from, its language choices filled."""
    form = AttachArticleForm()
    form.language.choices = _language_choices()
    return form


def question_file_form(**options: Any) -> QuestionFileForm:
    """The form of a Moodle XML or GIFT file, its language choices filled."""
    form = QuestionFileForm(**options)
    form.language.choices = _language_choices()
    return form


def article_too_large() -> str:
    """What a teacher reads beside an article file over the limit."""
    return _(
        "The file is larger than %(limit)s MB. Save the article as plain text, or paste it.",
        limit=ARTICLE_UPLOAD_LIMIT // MEGABYTE,
    )


def question_file_too_large() -> str:
    """What a teacher reads beside the field when a question file is over the limit."""
    return _(
        "The file is larger than %(limit)s MB. Split it into smaller files.",
        limit=MAX_IMPORT_BYTES // MEGABYTE,
    )


def pack_page(
    stored: StoredPack,
    paragraph_error: str | None = None,
    paragraph_id: str | None = None,
    status: int = 200,
    **extra: Any,
) -> Page:
    """A pack's page: the owner's draft with what is left to do, or (for another teacher) the
    newest published version, read-only."""
    mine = stored.owner_id == current_user.id
    newest = newest_version(stored)
    draft = stored.draft if mine else (newest.content if newest else stored.draft)
    problems = messages.pack_problems(draft) if mine else []
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
        attention=editor.questions_needing_attention(draft) if mine else {},
        export_notes=export_notes_of(stored, active_language())
        if mine and draft.get("questions")
        else [],
        suggestions=suggestions.offers(stored) if mine else [],
        dismissed=suggestions.set_aside(stored)["dismissed"] if mine else [],
        fix_fields=draft_list.fix_fields,
        classrooms=classrooms_to_assign(current_user.id) if mine and newest else [],
        paragraph_error=paragraph_error,
        paragraph_id=paragraph_id,
        split_points=_split_points(draft) if mine else {},
        addable=languages.addable_languages(draft, app_languages()) if mine else [],
        removable=languages.removable_languages(draft) if mine else [],
        **extra,
    )
    return html, status


def classrooms_to_assign(instructor_id: int) -> list[Classroom]:
    """The teacher's classes a published pack can be assigned to (not those put away), by name."""
    return list(
        db.session.scalars(
            select(Classroom)
            .filter_by(instructor_id=instructor_id, archived_at=None)
            .order_by(Classroom.name)
        )
    )


def deletion_page(stored: StoredPack, paragraphs: list[dict[str, str]]) -> Page:
    """The question before ticked paragraphs leave the article: which ones, delete or keep."""
    html = render_template("authoring/delete_paragraphs.html", stored=stored, paragraphs=paragraphs)
    return html, 200


def language_removal_page(
    stored: StoredPack, language: str, texts: list[tuple[int | None, list[str]]]
) -> Page:
    """The question before a language leaves the pack: which texts written in it go (the
    title, and each question's fields by the editor's labels), remove or keep."""
    draft = stored.draft
    questions: dict[int, list[str]] = {}
    for index, path in texts:
        if index is not None:
            label, _language = messages.field_label(draft, index, [*path, language])
            questions.setdefault(index, []).append(label)
    html = render_template(
        "authoring/remove_language.html",
        stored=stored,
        language=language,
        title=any(index is None for index, _path in texts),
        questions=questions,
    )
    return html, 200


def _split_points(draft: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    language = (draft.get("source") or {}).get("language") or "en"
    return {
        p["id"]: articles.split_points(p["text"], language)
        for p in (draft.get("source") or {}).get("paragraphs") or []
        if p.get("id") not in articles.quoted_paragraphs(draft)
    }


def new_pack_page(
    form: ArticleForm,
    upload_error: str | None = None,
    text_error: str | None = None,
    status: int = 200,
) -> Page:
    """The form a new pack starts with, a problem beside the upload or the pasted text."""
    html = render_template(
        "authoring/new_pack.html",
        form=form,
        upload_error=upload_error,
        text_error=text_error,
        limit=ARTICLE_UPLOAD_LIMIT // MEGABYTE,
        max_bytes=ARTICLE_UPLOAD_LIMIT,
        too_large=article_too_large(),
    )
    return html, status


def question_page(
    stored: StoredPack,
    index: int | None,
    question: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    general: list[str] | None = None,
    extra_rows: int | dict[str, int] = 1,
    status: int = 200,
) -> Page:
    """The question editor for the question at `index` (None: a new one), problems at their
    fields; the question as the page showed it goes along to tell a conflict's changes, and
    the saved question's notes that it needs attention, with the box that clears them."""
    draft = stored.draft
    base = draft["questions"][index] if index is not None else None
    attention = (
        editor.questions_needing_attention(draft).get(index + 1) if base is not None else None
    )
    rows = editor.row_counts(question, extra_rows)
    html = render_template(
        "authoring/question.html",
        stored=stored,
        index=index,
        question=question,
        base=json.dumps(base, ensure_ascii=False),
        fields=editor.editor_fields(question["type"]),
        values=editor.form_values(question, active_language(), rows),
        rows=rows,
        errors=errors or {},
        general=general or [],
        languages=editor.article_first(draft),
        paragraphs=draft.get("source", {}).get("paragraphs", []),
        attention=attention or [],
        attention_cleared=ATTENTION_CLEARED,
        row_choices=editor.row_choices,
    )
    return html, status


def import_page(
    form: QuestionFileForm,
    problems: Any = (),
    skipped: Any = (),
    status: int = 200,
    upload_error: str | None = None,
) -> Page:
    """The form of a Moodle XML or GIFT file, with what kept it from being read (a file over
    the limit: beside the field)."""
    html = render_template(
        "authoring/import.html",
        form=form,
        problems=problems,
        skipped=skipped,
        upload_error=upload_error,
        limit=MAX_IMPORT_BYTES // MEGABYTE,
        max_bytes=MAX_IMPORT_BYTES,
        too_large=question_file_too_large(),
    )
    return html, status


def attach_article_page(
    stored: StoredPack,
    form: AttachArticleForm,
    error: str | None = None,
    status: int = 200,
) -> Page:
    """The form of the article a draft's questions come from (a warning when questions quote the
    article it replaces)."""
    html = render_template(
        "authoring/article.html",
        stored=stored,
        form=form,
        quoted=bool(articles.quoted_paragraphs(stored.draft)),
        error=error,
        limit=ARTICLE_UPLOAD_LIMIT // MEGABYTE,
        max_bytes=ARTICLE_UPLOAD_LIMIT,
        too_large=article_too_large(),
    )
    return html, status
