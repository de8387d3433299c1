"""The authoring pages say what is wrong with a draft in the teacher's words: every problem a
broken draft can have, in English and German, without a key or a path of the pack format (those
stay for `questions check` and file imports)."""

import copy
import re

import pytest
from test_authoring import ARTICLE, QUESTION_FORMS, common
from werkzeug.datastructures import MultiDict

from quizapp.authoring import articles, editor, messages

LANGUAGES = ["en", "de"]
# A key of the pack format in quotes, a bare key a teacher never typed, or a dotted path.
FORMAT_WORDS = re.compile(
    r"'[a-z_]+'|\b(?:questions|feedback|explanation|quotes|accepted|tolerance|correct: true)\b"
    r"|\b[a-z_]+\.(?:\d+|[a-z_]{2,})\b"
)
BROKEN_VALUES = ("", "x", -1, [], {"x": "y"}, True)


def good_draft() -> dict:
    metadata = {"title": "Lakes of the North", "publisher": "Example Times", "language": "en"}
    draft = articles.new_draft("lakes", metadata, articles.blocks_from_text(ARTICLE), LANGUAGES)
    for type_name, fields in QUESTION_FORMS.items():
        form = MultiDict({**common(type_name), **fields})
        draft["questions"].append(editor.read_question_form(form, type_name, LANGUAGES, "en"))
    return draft


def paths(value, path=()):
    """Every key and index path inside a question's data."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        yield (*path, key)
        if isinstance(item, dict | list):
            yield from paths(item, (*path, key))


def changed(draft, index, path, value):
    broken = copy.deepcopy(draft)
    *parents, last = path
    node = broken["questions"][index]
    for key in parents:
        node = node[key]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return broken


def broken_drafts():
    draft = good_draft()
    yield {**draft, "questions": []}
    yield {k: v for k, v in draft.items() if k != "title"}
    yield {**draft, "title": {"en": "Lakes"}}
    yield {**draft, "title": "Lakes"}
    yield {**draft, "questions": ["x", *draft["questions"][:1]]}
    twin = copy.deepcopy(draft)
    twin["questions"].append(copy.deepcopy(twin["questions"][0]))
    yield twin
    for index, question in enumerate(draft["questions"]):
        for path in paths(question):
            if path[0] == "type":
                continue
            for value in (None, *BROKEN_VALUES):
                yield changed(draft, index, path, value)
    quoted = copy.deepcopy(draft)
    quoted["questions"][0]["quotes"][0]["paragraph"] = "p3"
    yield quoted


@pytest.fixture(scope="module")
def drafts():
    return list(broken_drafts())


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_problem_shown_on_the_authoring_pages_speaks_the_pack_format(app, drafts, language):
    told = set()
    with app.test_request_context(headers={"Accept-Language": language}):
        for draft in drafts:
            told.update(message for _field, message in messages.pack_problems(draft))
            at, general = messages.question_problems(draft, 0, language)
            told.update(general, *at.values())
    assert len(told) > 40  # most kinds of problem came up
    leaking = sorted(message for message in told if FORMAT_WORDS.search(message))
    assert leaking == []


def test_a_problem_is_said_as_what_to_do_at_its_field(app):
    draft = good_draft()
    del draft["questions"][0]["prompt"]["de"]
    draft["questions"][0]["points"] = "many"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        at, general = messages.question_problems(draft, 0, "en")
        assert at == {
            "prompt.de": ["Write “Prompt” in German."],
            "points": ["Write a number in “Points”."],
        }
        assert messages.pack_problems({**draft, "questions": []}) == [
            ("questions", "Add at least one question before publishing.")
        ]
    with app.test_request_context(headers={"Accept-Language": "de"}):
        at, _general = messages.question_problems(draft, 0, "de")
        assert at["prompt.de"] == ["Schreib „Fragetext“ auf Deutsch."]
