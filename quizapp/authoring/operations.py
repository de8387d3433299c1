"""What the authoring pages do with the stored packs: a new pack from an article or a question
file, its paragraphs and questions, copies, the school's library and publishing (and the lists
and starting questions those pages offer). Each function takes what the teacher sent as plain
values, so it is tested without HTTP; the routes only read the request and render. Every save of a
draft names the revision the teacher's page showed, so two editors never overwrite each other
unnoticed (packs.save_draft checks it in the database).
"""

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from ..accounts import DOUBLE_SUBMIT_WINDOW
from ..bank.loader import read_pack_data
from ..bank.pack import Pack
from ..engine.control_characters import cleaned, without_control_characters
from ..extensions import db
from ..guards import newest_version
from ..interchange import (
    FORMATS,
    Imported,
    export_notes,
    read_question_file,
)
from ..models import PackVersion, StoredPack, utcnow
from ..packs import LIBRARY, DraftConflict, content_digest, parsed_version, publish, save_draft
from ..terminal import messages_in
from . import articles, editor, languages, messages, suggestions

ARTICLE_UPLOAD_LIMIT = 2 * 1024 * 1024  # bytes: a long article as .docx with its pictures
SLUG_TRIES = 3  # a new pack's id taken by another pack made at the same moment: try the next
PARAGRAPH_ACTIONS = ("merge", "split", "text", "paragraph", "heading", "caption")
TIDY_ACTIONS = ("heading", "paragraph", "delete")  # for all ticked paragraphs at once
# The editor's checkbox: the teacher has replaced what a question lacked (the attention note goes).
ATTENTION_CLEARED = "attention_cleared"
LANGUAGE_ACTIONS = ("add", "remove")


class FormNotUnderstood(ValueError):
    """The form asks for something no page offers (a revision or action it never showed)."""


class NoFreeSlug(Exception):
    """Other packs took every id tried for a new pack at the same moment."""


class PackHasProblems(ValueError):
    """The draft cannot be published until the problems its page lists are fixed."""


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name without any folder, and its bytes."""

    filename: str
    data: bytes


@dataclass
class QuestionSave:
    """The question as the editor read it; problems or a conflict mean it was not saved."""

    question: dict[str, Any]
    position: int
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    conflict: str | None = None

    @property
    def saved(self) -> bool:
        return not (self.errors or self.general or self.conflict)


@dataclass
class QuestionImport:
    """A question file read into a new draft (`stored`), or the problems that kept it out."""

    stored: StoredPack | None = None
    count: int = 0
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def report(self) -> list[str]:
        """One line per question skipped or changed at import, for the teacher."""
        return [*self.skipped, *self.notes]


# -- reading what the teacher sent -----------------------------------------------------------


def read_upload(upload: FileStorage | None) -> Upload | None:
    """The file of an upload field, or None when none was chosen; the route has refused a file
    over its form's limit (security.accepts_file, security.oversized) before this reads it."""
    if upload is None or not upload.filename:
        return None
    filename = upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
    return Upload(filename, upload.read())


def read_revision(raw: str | None) -> int:
    """The draft revision a page showed, as its form sends it back."""
    try:
        revision = int(raw or "")
    except ValueError as error:
        raise FormNotUnderstood("revision") from error
    if not 1 <= revision < 2**31:  # no page ever showed it; and the database keeps it in 32 bits
        raise FormNotUnderstood("revision")
    return revision


def read_base(raw: str | None) -> dict[str, Any] | None:
    """The question as the editor page showed it (to say what someone else changed), or None
    when the form's value is not a question's object (forged, nested beyond what json reads)."""
    try:
        base = json.loads(raw or "null")
    except (ValueError, RecursionError):
        return None
    return base if isinstance(base, dict) else None


def article_blocks(upload: FileStorage | None, text: str | None) -> list[articles.Block]:
    """The article in the uploaded file, else in the pasted text, without control characters;
    ArticleError when there is none or it cannot be read."""
    file = read_upload(upload)
    if file is not None:
        blocks = articles.blocks_from_upload(file.filename, file.data)
    else:
        blocks = articles.blocks_from_text(text or "")
    blocks = [(without_control_characters(block), kind) for block, kind in blocks]
    blocks = [(block, kind) for block, kind in blocks if block.strip()]
    articles.check_article(blocks)
    return blocks


def packs_of(instructor_id: int) -> tuple[list[StoredPack], list[StoredPack]]:
    """The teacher's own packs (last changed first) and the other published packs of the school's
    library (by id)."""
    mine = db.session.scalars(
        select(StoredPack).filter_by(owner_id=instructor_id).order_by(StoredPack.updated_at.desc())
    ).all()
    library = [
        stored
        for stored in db.session.scalars(
            select(StoredPack).where(LIBRARY).order_by(StoredPack.slug)
        )
        if stored.owner_id != instructor_id and stored.versions
    ]
    return list(mine), library


def exportable_pack(stored: StoredPack) -> Pack | None:
    """The pack as a question file shows it: the draft when it reads as a pack, else the newest
    published version (None when neither does)."""
    pack, _problems, _missing = read_pack_data(stored.draft)
    newest = newest_version(stored)
    if pack is None and newest is not None:
        pack = parsed_version(newest.id, newest.digest)
    return pack


def export_notes_of(stored: StoredPack, interface_language: str) -> list[tuple[str, list[str]]]:
    """What each format's file of the pack leaves out or changes, in any of its languages
    (format label, one line per question, in the teacher's language): shown beside the download
    links."""
    pack = exportable_pack(stored)
    if pack is None:
        return []
    found = []
    for name, chosen in FORMATS.items():
        with messages_in(interface_language):
            lines = [line for lang in pack.languages for line in export_notes(pack, name, lang)]
        if lines:
            found.append((chosen.label or name, list(dict.fromkeys(lines))))
    return found


# -- new packs -------------------------------------------------------------------------------


def free_slug(wanted: str) -> str:
    """A pack id made from `wanted` that no stored pack has yet."""
    return articles.slug_for(wanted, set(db.session.scalars(select(StoredPack.slug))))


def _just_made(
    owner_id: int, draft: dict[str, Any], copied_from_id: int | None
) -> StoredPack | None:
    """The teacher's pack made within the double-submit window with this very draft (its id
    aside) and origin, still unchanged: what a form sent twice made the first time."""
    since = utcnow() - DOUBLE_SUBMIT_WINDOW
    made = db.session.scalars(
        select(StoredPack)
        .filter_by(owner_id=owner_id, copied_from_id=copied_from_id, revision=1)
        .where(StoredPack.created_at >= since)
        .order_by(StoredPack.id)
    )
    wanted = content_digest({**draft, "id": None})
    return next((s for s in made if content_digest({**s.draft, "id": None}) == wanted), None)


def _add_pack(
    owner_id: int, draft: dict[str, Any], copied_from_id: int | None = None
) -> StoredPack:
    """A new pack holding `draft` under a free id made from the draft's (a title or a slug).
    The same form sent twice (a double click, two at once) gives the first one's pack: the
    unique slug turns the second of two simultaneous ones away, and it then finds the first."""
    wanted = draft["id"]
    for _try in range(SLUG_TRIES):
        # The slug before the twin: a twin committed after this look-up has taken the slug, so
        # the insert below fails and the next try finds it.
        draft = {**draft, "id": free_slug(wanted)}
        twin = _just_made(owner_id, draft, copied_from_id)
        if twin is not None:
            return twin
        stored = StoredPack(
            slug=draft["id"], owner_id=owner_id, draft=draft, copied_from_id=copied_from_id
        )
        db.session.add(stored)
        try:
            db.session.commit()
            return stored
        except IntegrityError:
            db.session.rollback()
    raise NoFreeSlug(draft["id"])


def create_pack_from_article(
    owner_id: int,
    metadata: dict[str, Any],
    languages: list[str],
    upload: FileStorage | None,
    text: str | None,
) -> StoredPack:
    """A new draft pack of the teacher's holding the article (no questions yet); ArticleError
    when the article cannot be read."""
    blocks = article_blocks(upload, text)
    metadata = articles.with_headline(metadata, blocks)
    draft = articles.new_draft(metadata["title"], metadata, blocks, languages)
    return _add_pack(owner_id, draft)


def import_question_file(
    owner_id: int,
    upload: FileStorage | None,
    pasted: str | None,
    language: str,
    interface_language: str,
) -> QuestionImport:
    """A Moodle XML or GIFT file (uploaded or pasted) as a new draft pack with no article yet;
    the problems (in the teacher's `interface_language`) when it cannot be read."""
    file = read_upload(upload)
    if file is None and (pasted or "").strip():
        text = pasted.strip()
        file = Upload("moodle.xml" if text.startswith("<") else "moodle.gift", text.encode())
    if file is None:
        return QuestionImport(problems=[_("Please choose a .xml or .gift file.")])
    with messages_in(interface_language):
        imported = read_question_file(
            file.data, file.filename, language, current_app.config["LANGUAGES"]
        )
    if imported.problems:
        return QuestionImport(
            problems=imported.problems, skipped=imported.skipped, notes=imported.notes
        )
    title = file.filename.rsplit(".", 1)[0] or _("Questions from Moodle")
    stored = new_imported_draft(owner_id, title, language, imported)
    count = len(imported.questions)
    return QuestionImport(stored, count, skipped=imported.skipped, notes=imported.notes)


def new_imported_draft(owner_id: int, title: str, language: str, imported: Imported) -> StoredPack:
    """A new draft pack holding the questions a Moodle XML or GIFT file held (the upload and
    `flask questions import` alike). It has no article yet and its questions no quotes: the
    teacher attaches the article and quotes it in each question before it can be published.
    Control characters the file held are left out here, for every format at once."""
    title = without_control_characters(title)
    metadata = {"title": title, "publisher": "", "language": language}
    draft = articles.new_draft(title, metadata, [], imported.languages or [language])
    draft["questions"] = cleaned(imported.questions)
    return _add_pack(owner_id, draft)


def copy_pack(stored: StoredPack, owner_id: int) -> StoredPack:
    """The teacher's own draft copy of a pack: its newest version, else its draft. The copy
    remembers its origin, so the answers are withheld in both while either's are."""
    newest = newest_version(stored)
    content = copy.deepcopy(newest.content if newest else stored.draft)
    content["id"] = f"{stored.slug}-copy"
    return _add_pack(owner_id, content, copied_from_id=stored.id)


# -- changing a draft ------------------------------------------------------------------------


def save_from_page(
    stored: StoredPack,
    draft: dict[str, Any],
    revision: str | None,
    base_question: dict[str, Any] | None = None,
    index: int | None = None,
) -> str | None:
    """Save the draft from the page that showed `revision`; on a conflict, what to tell the
    teacher (with what the other editor changed in the question at `index`), else None."""
    try:
        save_draft(stored, draft, read_revision(revision))
    except DraftConflict as conflict:
        return conflict_message(conflict.stored, base_question, index)
    return None


def conflict_message(
    stored: StoredPack, base_question: dict[str, Any] | None, index: int | None
) -> str:
    """What to tell a teacher whose page is older than the stored draft: someone saved first,
    and what they changed in the question at `index` since `base_question` was shown."""
    changed = editor.what_changed(base_question, stored.draft, index)
    message = _(
        "Someone else saved this pack while you were editing it (it is now at revision "
        "%(revision)s). Your changes are not saved.",
        revision=stored.revision,
    )
    if changed:
        message += " " + _(
            "They changed: %(fields)s. Look at their version, then make your changes again.",
            fields=", ".join(str(_(label)) for label in changed),
        )
    return message


def change_paragraph(
    stored: StoredPack,
    action: str,
    paragraph_id: str,
    revision: str | None,
    start: str = "",
    text: str = "",
) -> str | None:
    """Merge a paragraph with the next, split it at `start`, give it a new `text` or kind, and
    save; ArticleError when that cannot be done, a conflict message when someone saved first."""
    if action not in PARAGRAPH_ACTIONS:
        raise FormNotUnderstood(action)
    start, text = without_control_characters(start), without_control_characters(text)
    if action == "merge":
        draft = articles.merged_with_next(stored.draft, paragraph_id)
    elif action == "split":
        draft = articles.split_at(stored.draft, paragraph_id, start)
    elif action == "text":
        draft = articles.with_text(stored.draft, paragraph_id, text)
    else:
        draft = articles.with_kind(stored.draft, paragraph_id, action)
    return save_from_page(stored, draft, revision)


def tidy_article(
    stored: StoredPack, action: str, paragraph_ids: list[str], revision: str | None
) -> str | None:
    """Mark every ticked paragraph as a heading or as body text, or delete them (the page asked
    first), in one save; ArticleError when that cannot be done, a conflict message when someone
    saved first."""
    if action not in TIDY_ACTIONS:
        raise FormNotUnderstood(action)
    if action == "delete":
        draft = articles.without(stored.draft, paragraph_ids)
    else:
        draft = articles.with_kinds(stored.draft, paragraph_ids, action)
    return save_from_page(stored, draft, revision)


def change_languages(
    stored: StoredPack, action: str, language: str, revision: str | None
) -> str | None:
    """Add a second language to the pack or remove one (with its texts), and save; a conflict
    message when someone saved first. A language the pack page did not offer is not understood."""
    if action == "add" and language in languages.addable_languages(
        stored.draft, current_app.config["LANGUAGES"]
    ):
        draft = languages.with_language(stored.draft, language)
    elif action == "remove" and language in languages.removable_languages(stored.draft):
        draft = languages.without_language(stored.draft, language)
    else:
        raise FormNotUnderstood(action)
    return save_from_page(stored, draft, revision)


def texts_to_drop(stored: StoredPack, language: str) -> list[tuple[int | None, list[str]]]:
    """What removing `language` from the pack drops (languages.texts_written_in), asked before
    it is removed; a language the pack page did not offer to remove is not understood."""
    if language not in languages.removable_languages(stored.draft):
        raise FormNotUnderstood(language)
    return languages.texts_written_in(stored.draft, language)


def rename_pack(stored: StoredPack, titles: dict[str, str], revision: str | None) -> str | None:
    """Give the pack its title in each of its languages, and save; a conflict message when
    someone saved first."""
    return save_from_page(stored, languages.with_titles(stored.draft, titles), revision)


def starting_question(stored: StoredPack, type_name: str, suggestion: str = "") -> dict[str, Any]:
    """A new question of the type for the editor: blank, or the suggestion numbered `suggestion`
    (as the pack page offered it) when it is of that type."""
    question = editor.blank_question(type_name, stored.draft)
    offered = suggestions.suggestions(stored.draft)
    chosen = (
        offered[int(suggestion)]
        if suggestion.isdecimal() and int(suggestion) < len(offered)
        else {}
    )
    if chosen.get("type") == type_name:
        question = {"id": question["id"], **chosen}
    return question


def save_question(
    stored: StoredPack,
    index: int | None,
    type_name: str,
    form: Any,
    language: str,
) -> QuestionSave:
    """Read the editor's form (a MultiDict) into a question at `index` (None: a new one at the end),
    check it as the pack checker would, and save the draft when it has no problems."""
    languages = stored.draft.get("languages") or []
    question = editor.read_question_form(form, type_name, languages, language)
    previous = stored.draft["questions"][index] if index is not None else None
    editor.carry_attention(question, previous, form.get(ATTENTION_CLEARED) == "1")
    draft = editor.with_question(stored.draft, index, question)
    position = len(draft["questions"]) - 1 if index is None else index
    base = read_base(form.get("base"))
    if read_revision(form.get("revision")) != stored.revision:  # a form sent twice, an old page
        return QuestionSave(question, position, conflict=conflict_message(stored, base, index))
    errors, general = messages.question_problems(draft, position, language)
    if errors or general:
        return QuestionSave(question, position, errors, general)
    conflict = save_from_page(stored, draft, form.get("revision"), base, index)
    return QuestionSave(question, position, conflict=conflict)


def arrange_question(
    stored: StoredPack, index: int, action: str, revision: str | None
) -> str | None:
    """Duplicate, move up or down, or delete the question at `index`, and save; a conflict
    message when someone saved first."""
    if action == "duplicate":
        draft = editor.duplicated(stored.draft, index)
    elif action == "up":
        draft = editor.moved(stored.draft, index, -1)
    elif action == "down":
        draft = editor.moved(stored.draft, index, 1)
    elif action == "delete":
        draft = editor.deleted(stored.draft, index)
    else:
        raise FormNotUnderstood(action)
    return save_from_page(stored, draft, revision)


def attach_article(
    stored: StoredPack,
    metadata: dict[str, Any],
    upload: FileStorage | None,
    text: str | None,
    revision: str | None,
) -> bool:
    """Give a draft (questions from Moodle have none) its article, keeping its questions and
    languages; ArticleError when the article cannot be read, False when someone saved first."""
    blocks = article_blocks(upload, text)
    metadata = articles.with_headline(metadata, blocks)
    languages = stored.draft.get("languages") or [metadata["language"]]
    attached = articles.new_draft(stored.slug, metadata, blocks, languages)
    draft = {**stored.draft, "source": attached["source"], "title": attached["title"]}
    try:
        save_draft(stored, draft, read_revision(revision))
    except DraftConflict:
        return False
    return True


# -- publishing and sharing ------------------------------------------------------------------


def publish_draft(stored: StoredPack, language: str) -> PackVersion | None:
    """Publish the draft as the pack's newest version (None: it is that already);
    PackHasProblems while the checker finds any (named in `language`)."""
    if editor.pack_problems(stored.draft, language):
        raise PackHasProblems(stored.slug)
    _hold_for_publishing(stored)
    try:
        return publish(stored)
    except IntegrityError:  # the same click published it at the same moment: its number is taken
        db.session.rollback()
        return publish(stored)


def _hold_for_publishing(stored: StoredPack) -> None:
    """Write-lock the pack's row until the publish commits (a no-op UPDATE), so two publishes of
    one pack at once run one after the other and the second finds the first's version: two
    identical versions were made when both looked for the newest before either had added it."""
    db.session.execute(
        update(StoredPack)
        .where(StoredPack.id == stored.id)
        .values(revision=StoredPack.revision)
        .execution_options(synchronize_session=False)
    )


def share_to_library(stored: StoredPack, in_library: bool) -> None:
    """Put the pack into the school's library (every teacher sees its published versions) or
    take it out again."""
    stored.in_library = in_library
    db.session.commit()
