"""The authoring operations without HTTP: a pack from an article or a question file, its
paragraphs and questions saved against the revision a page showed, copies, the library and
publishing (quizapp/authoring/operations.py), and the preview's reading of an answer."""

import io
import json
from types import SimpleNamespace

import pytest
from factories import make_instructor
from werkzeug.datastructures import FileStorage, MultiDict

from quizapp.attempts import present_question
from quizapp.authoring import operations
from quizapp.authoring.articles import ArticleError
from quizapp.authoring.operations import FormNotUnderstood, PackHasProblems
from quizapp.authoring.preview import preview_answer, previewed_pack
from quizapp.extensions import db
from quizapp.models import StoredPack

ARTICLE = """Lakes of the North

About 9.2 million people live in the region, and most of them live near one of its 1,000 lakes.

The largest lake is 76 kilometres long. “It is a place of calm,” says Anna Berg, a guide.

The water is cold even in summer, and the lake freezes in December."""

METADATA = {
    "title": "Lakes of the North",
    "publisher": "Example Times",
    "author": "Kim Lee",
    "date": None,
    "language": "en",
    "url": None,
    "licence": "CC BY 4.0",
}

NUMERIC_FORM = {
    "id": "population",
    "prompt.en": "How many people live in the region?",
    "prompt.de": "Wie viele Menschen leben in der Region?",
    "explanation.en": "Because the article says so.",
    "explanation.de": "Weil es im Artikel steht.",
    "quotes.0.paragraph": "p2",
    "quotes.0.text": "About 9.2 million people live in the region",
    "quotes.0.translation.de": "Etwa 9,2 Millionen Menschen leben in der Region",
    "answer": "9.2 million",
    "tolerance": "100000",
}


@pytest.fixture
def context(app):
    """An app context for the operations, as a request would have one."""
    with app.app_context():
        yield


@pytest.fixture
def teacher_id(app) -> int:
    return make_instructor(app)


@pytest.fixture
def other_teacher_id(app) -> int:
    return make_instructor(app, "other@example.org", "another long password")


def new_pack(owner_id: int, text: str = ARTICLE) -> StoredPack:
    return operations.create_pack_from_article(owner_id, METADATA, ["en", "de"], None, text)


def editor_form(revision: int, **fields: str) -> MultiDict:
    return MultiDict({**NUMERIC_FORM, **fields, "revision": str(revision)})


def with_question(stored: StoredPack) -> StoredPack:
    saved = operations.save_question(stored, None, "numeric", editor_form(stored.revision), "en")
    assert saved.saved, (saved.errors, saved.general)
    return stored


def upload(name: str, data: bytes) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


# -- reading what the teacher sent -----------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "abc", "0", "-3", str(2**31)])
def test_a_revision_no_page_showed_is_not_understood(raw):
    with pytest.raises(FormNotUnderstood):
        operations.read_revision(raw)


def test_a_revision_is_read_as_the_page_sent_it():
    assert operations.read_revision("7") == 7


def test_the_question_a_page_showed_is_read_back_or_forgotten():
    assert operations.read_base('{"id": "q1"}') == {"id": "q1"}
    assert operations.read_base("not json") is None
    assert operations.read_base("[1, 2]") is None
    assert operations.read_base(None) is None


def test_an_upload_keeps_its_name_without_folders_and_no_file_is_none():
    file = operations.read_upload(upload("C:\\Users\\kim\\lakes.txt", b"text"))
    assert file == operations.Upload("lakes.txt", b"text")
    assert operations.read_upload(upload("", b"")) is None
    assert operations.read_upload(None) is None


def test_the_article_is_read_from_the_file_before_the_pasted_text():
    blocks = operations.article_blocks(upload("lakes.md", b"# Lakes\n\nThe lakes are cold."), "x")
    assert blocks == [("Lakes", "heading"), ("The lakes are cold.", "paragraph")]
    with pytest.raises(ArticleError):
        operations.article_blocks(None, "   ")


# -- new packs -------------------------------------------------------------------------------


def test_an_article_becomes_a_draft_with_a_free_slug(context, teacher_id):
    first = new_pack(teacher_id)
    second = new_pack(teacher_id, ARTICLE + "\n\nA second article under the same headline.")
    assert (first.slug, second.slug) == ("lakes-of-the-north", "lakes-of-the-north-2")
    assert first.owner_id == teacher_id and first.revision == 1
    paragraphs = first.draft["source"]["paragraphs"]
    assert [p["id"] for p in paragraphs] == ["p1", "p2", "p3", "p4"]
    assert first.draft["source"]["attribution"] == "Kim Lee; CC BY 4.0"
    assert first.draft["languages"] == ["en", "de"] and first.draft["questions"] == []


def test_an_unreadable_article_stores_nothing(context, teacher_id):
    with pytest.raises(ArticleError):
        operations.create_pack_from_article(
            teacher_id, METADATA, ["en"], upload("lakes.pdf", b"%PDF"), ARTICLE
        )
    assert db.session.query(StoredPack).filter_by(owner_id=teacher_id).count() == 0


def test_a_question_file_becomes_a_draft_without_an_article(context, teacher_id):
    pasted = "::q1:: The lakes freeze in December. {T}\n\n::q2:: The lake is 76 km long. {T}"
    imported = operations.import_question_file(teacher_id, None, pasted, "en", "en")
    assert imported.problems == [] and imported.count == 2
    draft = imported.stored.draft
    assert imported.stored.slug == draft["id"] == "moodle"
    assert draft["title"] == {"en": "moodle"} and draft["languages"] == ["en"]
    assert draft["source"] == {
        "title": "moodle",
        "publisher": "",
        "attribution": "",
        "date": None,
        "language": "en",
        "url": None,
        "paragraphs": [],
    }
    assert [q["id"] for q in draft["questions"]] == ["q1", "q2"]


def test_a_question_file_is_named_after_its_upload(context, teacher_id):
    file = upload("folder/bank.gift", b"::q1:: Is it? {T}")
    imported = operations.import_question_file(teacher_id, file, "", "en", "en")
    assert imported.stored.slug == "bank" and imported.stored.draft["source"]["title"] == "bank"


def test_no_question_file_or_a_broken_one_makes_no_draft(context, teacher_id):
    nothing = operations.import_question_file(teacher_id, None, "  ", "en", "en")
    assert nothing.stored is None and nothing.problems == ["Please choose a .xml or .gift file."]
    broken = operations.import_question_file(teacher_id, None, "<quiz><question", "en", "en")
    assert broken.stored is None and broken.problems
    assert db.session.query(StoredPack).filter_by(owner_id=teacher_id).count() == 0


def test_the_article_is_attached_to_an_imported_draft_keeping_its_questions(context, teacher_id):
    stored = operations.import_question_file(teacher_id, None, "::q1:: Is it? {T}", "en", "en")
    stored = stored.stored
    assert operations.attach_article(stored, METADATA, None, ARTICLE, str(stored.revision))
    assert stored.revision == 2
    assert len(stored.draft["source"]["paragraphs"]) == 4
    assert stored.draft["title"] == {"en": "Lakes of the North"}
    assert [q["id"] for q in stored.draft["questions"]] == ["q1"]
    assert not operations.attach_article(stored, METADATA, None, ARTICLE, "1")
    with pytest.raises(FormNotUnderstood):
        operations.attach_article(stored, METADATA, None, ARTICLE, "")


# -- changing a draft ------------------------------------------------------------------------


def test_a_question_is_saved_and_a_stale_page_is_told_what_changed(context, teacher_id):
    stored = with_question(new_pack(teacher_id))
    assert stored.revision == 2 and stored.draft["questions"][0]["id"] == "population"
    shown = {**stored.draft["questions"][0], "prompt": {"en": "Before?", "de": "Vorher?"}}
    form = editor_form(1, base=json.dumps(shown))
    saved = operations.save_question(stored, 0, "numeric", form, "en")
    assert not saved.saved and saved.position == 0
    assert "They changed: Prompt." in saved.conflict
    assert stored.revision == 2


def test_a_question_with_problems_is_not_saved(context, teacher_id):
    stored = new_pack(teacher_id)
    form = editor_form(1, **{"quotes.0.text": "words the article does not have"})
    saved = operations.save_question(stored, None, "numeric", form, "en")
    assert not saved.saved and (saved.errors or saved.general)
    assert stored.revision == 1 and stored.draft["questions"] == []


def test_questions_are_duplicated_moved_and_deleted(context, teacher_id):
    stored = with_question(new_pack(teacher_id))
    assert operations.arrange_question(stored, 0, "duplicate", "2") is None
    ids = [q["id"] for q in stored.draft["questions"]]
    assert len(ids) == 2 and ids[0] == "population"
    assert operations.arrange_question(stored, 0, "down", "3") is None
    assert [q["id"] for q in stored.draft["questions"]] == ids[::-1]
    assert operations.arrange_question(stored, 1, "delete", "4") is None
    assert [q["id"] for q in stored.draft["questions"]] == [ids[1]]
    assert operations.arrange_question(stored, 0, "up", "4") is not None  # stale page
    with pytest.raises(FormNotUnderstood):
        operations.arrange_question(stored, 0, "shuffle", "5")


def test_paragraphs_are_merged_and_unknown_actions_not_understood(context, teacher_id):
    stored = new_pack(teacher_id)
    assert operations.change_paragraph(stored, "merge", "p3", "1") is None
    assert [p["id"] for p in stored.draft["source"]["paragraphs"]] == ["p1", "p2", "p3"]
    assert operations.change_paragraph(stored, "heading", "p1", "2") is None
    assert stored.draft["source"]["paragraphs"][0]["kind"] == "heading"
    assert operations.change_paragraph(stored, "text", "p2", "1", text="Changed.") is not None
    with pytest.raises(FormNotUnderstood):
        operations.change_paragraph(stored, "explode", "p1", "3")
    with pytest.raises(ArticleError):
        operations.change_paragraph(stored, "merge", "nowhere", "3")


def test_a_new_question_starts_blank_or_from_a_suggestion_of_its_type(context, teacher_id):
    stored = new_pack(teacher_id)
    blank = operations.starting_question(stored, "numeric")
    assert blank["type"] == "numeric"
    suggested = operations.starting_question(stored, "numeric", "0")
    assert suggested["id"] == blank["id"] and suggested.get("quotes")
    assert operations.starting_question(stored, "numeric", "999") == blank


# -- publishing, the library and copies ------------------------------------------------------


def test_only_a_draft_without_problems_is_published_and_only_once(context, teacher_id):
    stored = new_pack(teacher_id)
    with pytest.raises(PackHasProblems):
        operations.publish_draft(stored, "en")
    with_question(stored)
    assert operations.publish_draft(stored, "en").number == 1
    assert operations.publish_draft(stored, "en") is None


def test_a_shared_published_pack_is_in_the_library_and_copied_from_its_version(
    context, teacher_id, other_teacher_id
):
    stored = with_question(new_pack(teacher_id))
    operations.publish_draft(stored, "en")
    assert operations.packs_of(other_teacher_id) == ([], [])
    operations.share_to_library(stored, True)
    mine, library = operations.packs_of(other_teacher_id)
    assert mine == [] and stored in library
    operations.arrange_question(stored, 0, "delete", str(stored.revision))
    copy = operations.copy_pack(stored, other_teacher_id)
    assert copy.owner_id == other_teacher_id and copy.slug == "lakes-of-the-north-copy"
    assert copy.draft["id"] == copy.slug and len(copy.draft["questions"]) == 1
    assert operations.packs_of(other_teacher_id)[0] == [copy]
    operations.share_to_library(stored, False)
    assert stored not in operations.packs_of(other_teacher_id)[1]


# -- the preview -----------------------------------------------------------------------------


def test_the_preview_grades_an_answer_and_names_a_problem_without_storing(context, teacher_id):
    stored = with_question(new_pack(teacher_id))
    pack = previewed_pack(stored, teacher_id)
    unanswered = preview_answer(stored, pack, 1, "en")
    assert unanswered.grade is None and unanswered.error is None
    right = preview_answer(stored, pack, 1, "en", MultiDict({"answer": "9.2 million"}))
    assert right.grade.correct and right.error is None
    wrong = preview_answer(stored, pack, 1, "en", MultiDict({"answer": "many"}))
    assert wrong.grade is None and wrong.error and wrong.view.error
    assert stored.revision == 2 and not stored.versions


def test_another_teacher_previews_the_newest_version_not_the_draft(
    context, teacher_id, other_teacher_id
):
    stored = with_question(new_pack(teacher_id))
    operations.publish_draft(stored, "en")
    operations.arrange_question(stored, 0, "duplicate", str(stored.revision))
    assert len(previewed_pack(stored, teacher_id).questions) == 2
    assert len(previewed_pack(stored, other_teacher_id).questions) == 1


def test_a_question_file_shows_the_valid_draft_else_the_newest_version(context, teacher_id):
    stored = new_pack(teacher_id)
    assert operations.exportable_pack(stored) is None  # no questions: not a pack yet
    with_question(stored)
    operations.publish_draft(stored, "en")
    operations.arrange_question(stored, 0, "duplicate", str(stored.revision))
    assert len(operations.exportable_pack(stored).questions) == 2
    broken = {**stored.draft, "questions": [{"id": "broken"}]}
    assert operations.save_from_page(stored, broken, str(stored.revision)) is None
    assert [q.id for q in operations.exportable_pack(stored).questions] == ["population"]


def test_the_preview_presents_an_ordering_question_as_an_attempt_does(context, seed_pack):
    """The preview and an attempt share one presentation: the same items for the same seed, and
    an ordering question never starts in its right order (the preview's own copy had lost that)."""
    number, question = next(
        (n, q) for n, q in enumerate(seed_pack.questions, 1) if q.type == "ordering"
    )
    for pack_id in range(1, 60):
        shown = preview_answer(SimpleNamespace(id=pack_id), seed_pack, number, "en").view
        assert shown.items != list(question.sequence)
        assert shown.items == present_question(question, pack_id).items
