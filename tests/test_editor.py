"""The question editor asks only what it needs: row ids are made by the app, rows are added and
removed without JavaScript keeping what was typed, optional fields are optional, numbers are shown
and read back in the teacher's language, deleting asks first, the article's language comes first."""

import re

import pytest
from factories import SEED_PACK, make_pack
from hypothesis import given, settings
from hypothesis import strategies as st
from pages import page_html
from test_authoring import (
    QUESTION_FORMS,
    add_question,
    common,
    create_pack,
    revision,
    stored,
    texts,
)
from werkzeug.datastructures import MultiDict

from quizapp.authoring.editor import editor_fields, form_values, read_question_form, row_counts
from quizapp.engine import QUESTION_TYPES
from quizapp.packs import pack_data

LANGUAGES = ["en", "de"]


def input_names(body: str, prefix: str) -> list[str]:
    return re.findall(rf'name="({re.escape(prefix)}[^"]*)"', body)


def shown_values(body: str) -> MultiDict:
    """What the page's form sends unchanged: its text inputs, hidden inputs, textareas, ticked
    boxes and chosen menu entries (a small reader for the editor's own markup)."""
    form = MultiDict()
    for tag in re.findall(r"<input [^>]*>", body):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and ('type="checkbox"' not in tag or " checked" in tag):
            form.add(name.group(1), value.group(1) if value else "")
    for name, text in re.findall(r'<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', body):
        form.add(name, text)
    for name, options in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        form.add(name, chosen.group(1) if chosen else "")
    return MultiDict(
        (k, v.replace("&#39;", "'").replace("&amp;", "&")) for k, v in form.items(True)
    )


# -- ids made by the app ----------------------------------------------------------------------


def test_option_ids_are_made_by_the_app_and_kept_when_a_row_is_removed(app, teacher):
    pack_id = create_pack(teacher)
    form = {
        **common("q1"),
        **texts("options.0.text", "Lakes", "Seen"),
        **texts("options.1.text", "People", "Menschen"),
        "options.1.correct": "1",
        **texts("options.2.text", "Hills", "Hügel"),
    }
    add_question(teacher, app, pack_id, "single_choice", form)
    options = stored(app, pack_id).draft["questions"][0]["options"]
    ids = [o["id"] for o in options]
    assert all(re.fullmatch(r"o[0-9a-f]{6}", made) for made in ids) and len(set(ids)) == 3
    by_text = {o["text"]["en"]: o["id"] for o in options}

    url = f"/instructor/packs/{pack_id}/questions/1"
    body = page_html(teacher.get(url))
    assert f'<input type="hidden" name="options.0.id" value="{ids[0]}"' in body
    blank = re.search(r'name="options.3.id" value="(o[0-9a-f]{6})"', body)  # the blank row's
    assert blank and blank.group(1) not in ids
    assert "Option id" not in body
    shown = shown_values(body)
    shown.setlist("remove_row", ["options.0"])
    again = teacher.post(url, shown)
    assert again.status_code == 200
    shown = shown_values(page_html(again))
    assert teacher.post(url, shown).status_code == 303
    options = stored(app, pack_id).draft["questions"][0]["options"]
    assert [(o["id"], o["text"]["en"]) for o in options] == [
        (by_text["People"], "People"),
        (by_text["Hills"], "Hills"),
    ]


def test_hand_typed_ids_of_old_packs_are_kept(app, teacher):
    pack_id = create_pack(teacher)
    form = {
        **common("q1"),
        **texts("options.0.text", "Lakes", "Seen"),
        "options.0.id": "lakes",
        **texts("options.1.text", "People", "Menschen"),
        "options.1.correct": "1",
    }
    add_question(teacher, app, pack_id, "multiple_response", form)
    options = stored(app, pack_id).draft["questions"][0]["options"]
    assert options[0]["id"] == "lakes" and re.fullmatch(r"o[0-9a-f]{6}", options[1]["id"])


def test_a_matching_pair_is_picked_by_the_choices_text(app, teacher):
    pack_id = create_pack(teacher)
    form = {
        **common("q1"),
        **texts("choices.0.text", "9.2 million", "9,2 Millionen"),
        **texts("choices.1.text", "1,000", "1000"),
        **texts("items.0.text", "People", "Menschen"),
        **texts("items.1.text", "Lakes", "Seen"),
        "add_row": "items",
    }
    url = f"/instructor/packs/{pack_id}/questions/new?type=matching"
    body = page_html(teacher.post(url, {**form, "revision": revision(app, pack_id)}))
    menu = re.search(
        r'<select id="f-items-0-match" name="items.0.match"[^>]*>(.*?)</select>', body, re.S
    )
    assert menu, body[-3000:]
    offered = re.findall(r'<option value="(c[0-9a-f]{6})">([^<]*)</option>', menu.group(1))
    assert [text for _id, text in offered[:2]] == ["9.2 million", "1,000"]
    (first, _), (second, _) = offered[:2]
    shown = shown_values(body)
    shown.setlist("items.0.match", [first])
    shown.setlist("items.1.match", [second])
    shown.pop("add_row", None)
    assert teacher.post(url, shown).status_code == 303
    question = stored(app, pack_id).draft["questions"][0]
    assert [i["match"] for i in question["items"]] == [first, second]
    assert all(re.fullmatch(r"i[0-9a-f]{6}", i["id"]) for i in question["items"])
    assert [c["id"] for c in question["choices"]] == [first, second]


def test_an_ordering_questions_ids_do_not_give_its_order_away(app, teacher):
    """The items are typed in the right order and their ids stand in the learner's page: the ids
    the app makes must not follow that order."""
    pack_id = create_pack(teacher)
    form = {**common("q1")}
    for n, (en, de) in enumerate([("First", "Erst"), ("Then", "Dann"), ("Last", "Zuletzt")]):
        form.update(texts(f"items.{n}.text", en, de))
    add_question(teacher, app, pack_id, "ordering", form)
    ids = [item["id"] for item in stored(app, pack_id).draft["questions"][0]["items"]]
    assert all(re.fullmatch(r"i[0-9a-f]{6}", made) for made in ids) and len(set(ids)) == 3
    assert not any(re.fullmatch(r"i\d{1,5}", made) for made in ids)  # not numbered in order


# -- rows without JavaScript ------------------------------------------------------------------


def test_a_new_question_starts_with_one_blank_row(app, teacher):
    pack_id = create_pack(teacher)
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}/questions/new?type=single_choice"))
    assert input_names(body, "options.") == input_names(body, "options.0.")
    assert 'name="add_row" value="options"' in body
    assert 'src="/static/editor_rows.js"' in body


def test_add_a_row_keeps_what_was_typed_and_saves_nothing(app, teacher):
    pack_id = create_pack(teacher)
    before = revision(app, pack_id)
    url = f"/instructor/packs/{pack_id}/questions/new?type=ordering"
    typed = {
        **common("q1"),
        **texts("items.0.text", "People", "Menschen"),
        **texts("items.1.text", "Lakes", "Seen"),
        "add_row": "items",
        "revision": before,
    }
    response = teacher.post(url, typed)
    body = page_html(response)
    assert response.status_code == 200
    assert "The question is not saved" not in body and "field-error" not in body
    assert ">Menschen</textarea>" in body and ">Prompt of q1?</textarea>" in body
    assert 'name="items.3.text.en"' in body and 'name="items.4.text.en"' not in body
    assert revision(app, pack_id) == before
    assert stored(app, pack_id).draft.get("questions", []) == []


# -- optional fields --------------------------------------------------------------------------


def test_a_wrong_option_without_feedback_saves(app, teacher):
    pack_id = create_pack(teacher)
    form = {
        **common("q1"),
        **texts("options.0.text", "Lakes", "Seen"),
        **texts("options.1.text", "People", "Menschen"),
        "options.1.correct": "1",
    }
    add_question(teacher, app, pack_id, "single_choice", form)
    assert "feedback" not in stored(app, pack_id).draft["questions"][0]["options"][0]


def test_a_true_false_question_without_feedback_saves(app, teacher):
    pack_id = create_pack(teacher)
    form = {k: v for k, v in common("q1").items() if not k.startswith("feedback")}
    add_question(teacher, app, pack_id, "true_false", {**form, "answer": "1"})
    assert "feedback" not in stored(app, pack_id).draft["questions"][0]


def optional_input(type_name: str, name: str) -> bool:
    """Whether the input `name` belongs to a field the editor labels optional."""
    parts = name.split(".")
    for field in editor_fields(type_name):
        if field.key == parts[0]:
            sub = next((e for e in field.entries if len(parts) > 2 and e.key == parts[2]), None)
            return field.optional or bool(sub and sub.optional)
    return False


@pytest.mark.parametrize("type_name", sorted(QUESTION_FORMS))
def test_every_field_labelled_optional_may_stay_empty(app, teacher, type_name):
    pack_id = create_pack(teacher)
    form = {**common("q1"), **QUESTION_FORMS[type_name]}
    needed = {name: value for name, value in form.items() if not optional_input(type_name, name)}
    assert "feedback.en" not in needed and "points" not in needed
    add_question(teacher, app, pack_id, type_name, needed)


# -- numbers in the teacher's language --------------------------------------------------------


def number_fields() -> list[tuple[str, str]]:
    """(type, input name) of every numeric field of every type, a row's in its first row."""
    found = []
    for type_name in QUESTION_TYPES:
        for field in editor_fields(type_name):
            if field.kind == "number":
                found.append((type_name, field.key))
            for sub in field.entries:
                if sub.kind == "number":
                    found.append((type_name, f"{field.key}.0.{sub.key}"))
    return found


def with_value(type_name: str, name: str, value) -> dict:
    """A question of the type holding `value` at the input `name` ("answer", "alternatives.0.answer")."""
    question: dict = {"id": "q1", "type": type_name}
    field, _row, key = name.partition(".0.")
    if key:
        question[field] = [{key: value}]
    else:
        question[field] = value
    return question


def value_at(question: dict, name: str):
    node = question
    for part in name.split("."):
        node = node[int(part)] if part.isdecimal() else node[part]
    return node


NUMBERS = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("type_name, name", number_fields())
@pytest.mark.parametrize("locale", LANGUAGES)
@settings(max_examples=60, deadline=None)
@given(value=NUMBERS)
def test_every_number_the_form_shows_reads_back_the_same(type_name, name, locale, value):
    question = with_value(type_name, name, value)
    shown = form_values(question, locale, row_counts(question))
    read = read_question_form(MultiDict(shown), type_name, LANGUAGES, locale)
    assert value_at(read, name) == value


def test_every_type_has_its_numbers_checked():
    assert {("numeric", "answer"), ("numeric", "alternatives.0.tolerance")} <= set(number_fields())
    assert ("single_choice", "points") in number_fields()


@pytest.mark.parametrize(
    "locale, shown, typed",
    [("de", "1,8", "4.5"), ("de", "1,8", "10.000,5"), ("en", "1.8", "1,000")],
)
def test_a_saved_number_shows_in_the_teachers_language_and_saves_unchanged(
    app, teacher, locale, shown, typed
):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "numeric", {**common("q1"), "answer": "1.8"})
    teacher.post("/language", {"language": locale, "next": "/"})
    url = f"/instructor/packs/{pack_id}/questions/1"
    body = page_html(teacher.get(url))
    assert f'name="answer" value="{shown}"' in body
    assert teacher.post(url, shown_values(body)).status_code == 303
    assert stored(app, pack_id).draft["questions"][0]["answer"] == 1.8
    form = shown_values(page_html(teacher.get(url)))
    form.setlist("answer", [typed])
    assert teacher.post(url, form).status_code == 303
    expected = {"4.5": 4.5, "10.000,5": 10000.5, "1,000": 1000}[typed]
    assert stored(app, pack_id).draft["questions"][0]["answer"] == expected


# -- deleting asks ----------------------------------------------------------------------------


def test_delete_asks_first_naming_the_question(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    url = f"/instructor/packs/{pack_id}/questions/1/arrange"
    asked = teacher.post(url, {"action": "delete", "revision": revision(app, pack_id)})
    body = page_html(asked)
    assert asked.status_code == 200
    assert "Delete question 1" in body and "Prompt of q1?" in body
    assert 'name="confirmed" value="1"' in body and "Keep it" in body
    assert len(stored(app, pack_id).draft["questions"]) == 1
    shown = shown_values(body)
    shown["action"] = "delete"
    teacher.post(url, shown)
    assert stored(app, pack_id).draft["questions"] == []


# -- the article's language first -------------------------------------------------------------


def test_the_articles_language_comes_first(app, teacher, teacher_id):
    with app.app_context():
        seed = pack_data(app.extensions["quizapp.packs"][SEED_PACK])
    seed["source"]["language"] = "de"
    seed["languages"] = ["en", "de"]
    pack_id = make_pack(app, teacher_id, draft=seed)
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}/questions/1"))
    assert body.index('name="prompt.de"') < body.index('name="prompt.en"')
    body = page_html(
        teacher.get(f"/instructor/packs/{create_pack(teacher)}/questions/new?type=numeric")
    )
    assert body.index('name="prompt.en"') < body.index('name="prompt.de"')
