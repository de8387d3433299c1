"""A quiz from the suggested drafts in a few clicks (issue 24, point 2): tick and add in one
submit, dismiss and take back, fix a draft in place, drafts once added or dismissed stay gone,
the same form sent twice adds nothing twice, and a published pack offers its assignment."""

import re
from pathlib import Path

import pytest
from factories import make_classroom
from hypothesis import given, settings
from hypothesis import strategies as st
from pages import page_html
from werkzeug.datastructures import MultiDict

from quizapp.authoring.draft_list import fix_fields, fixable_fields, fixed_question
from quizapp.authoring.suggestions import Offer
from quizapp.engine import QUESTION_TYPES
from quizapp.extensions import db
from quizapp.models import StoredPack

ARTICLE_FOLDER = Path(__file__).parent / "articles"
ARTICLE = (ARTICLE_FOLDER / "en-italy-earthquake.txt").read_text()


def article_body(text: str) -> str:
    """The article's text below its metadata header."""
    return text.split("\n---\n", 1)[1]


def new_pack(teacher, text: str = ARTICLE, language: str = "en") -> int:
    data = {
        "title": "Earthquake in Italy",
        "publisher": "Wikinews",
        "language": language,
        "languages": [language],
        "licence": "CC BY 2.5",
        "text": article_body(text),
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 303, page_html(response)[-2000:]
    return int(re.search(r"/packs/(\d+)$", response.headers["Location"]).group(1))


def stored(app, pack_id: int) -> StoredPack:
    with app.app_context():
        row = db.session.get(StoredPack, pack_id)
        db.session.expunge(row)
        return row


def listed_keys(teacher, pack_id: int) -> list[str]:
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    return re.findall(r'form="drafts-form" name="draft" value="([0-9a-f]+)"', body)


def take(teacher, pack_id: int, action: str, keys: list[str]):
    return teacher.post(
        f"/instructor/packs/{pack_id}/suggestions", {"action": action, "draft": keys}
    )


def test_ticked_drafts_are_added_in_one_submit_in_the_lists_order_and_leave_it(app, teacher):
    from quizapp.authoring.suggestions import offers

    pack_id = new_pack(teacher)
    keys = listed_keys(teacher, pack_id)
    assert len(keys) >= 10
    with app.app_context():
        offered = [o.question for o in offers(db.session.get(StoredPack, pack_id))]
    ticked = [keys[4], keys[0], keys[2]]
    response = take(teacher, pack_id, "add", ticked)
    assert response.status_code == 303
    questions = stored(app, pack_id).draft["questions"]
    assert [q["prompt"] for q in questions] == [offered[n]["prompt"] for n in (0, 2, 4)]
    assert [q["id"] for q in questions] == ["q1", "q2", "q3"]
    assert all(q["quotes"] for q in questions)
    assert stored(app, pack_id).drafts_set_aside["added"] == [keys[0], keys[2], keys[4]]
    left = listed_keys(teacher, pack_id)
    assert not set(ticked) & set(left) and len(left) == len(keys) - 3
    editor = page_html(teacher.get(f"/instructor/packs/{pack_id}/questions/2"))
    assert "Save" in editor  # an added draft is a normal question, edited in the editor


def test_the_same_add_sent_twice_adds_the_questions_once(app, teacher):
    pack_id = new_pack(teacher)
    ticked = listed_keys(teacher, pack_id)[:2]
    assert take(teacher, pack_id, "add", ticked).status_code == 303
    again = take(teacher, pack_id, "add", ticked)
    assert again.status_code == 303
    assert len(stored(app, pack_id).draft["questions"]) == 2
    body = page_html(teacher.get(again.headers["Location"]))
    assert "Nothing to add" in body


def test_dismissed_drafts_leave_the_list_and_can_be_taken_back(app, teacher):
    pack_id = new_pack(teacher)
    keys = listed_keys(teacher, pack_id)
    assert take(teacher, pack_id, "dismiss", keys[:2]).status_code == 303
    assert listed_keys(teacher, pack_id) == keys[2:]
    assert stored(app, pack_id).draft.get("questions") == []
    assert take(teacher, pack_id, "take_back", []).status_code == 303
    assert listed_keys(teacher, pack_id) == keys


def test_added_and_dismissed_drafts_stay_gone_when_the_drafts_are_made_again(app, teacher):
    from quizapp.authoring import suggestions

    pack_id = new_pack(teacher)
    keys = listed_keys(teacher, pack_id)
    take(teacher, pack_id, "add", keys[:1])
    take(teacher, pack_id, "dismiss", keys[1:2])
    suggestions._DRAFTED.clear()  # noqa: SLF001  drafted afresh, as in a new process
    assert listed_keys(teacher, pack_id) == keys[2:]


def test_a_changed_article_gets_new_drafts(app, teacher):
    from quizapp.authoring.suggestions import suggestions

    pack_id = new_pack(teacher)
    draft = stored(app, pack_id).draft
    before = suggestions(draft)
    changed = {
        **draft,
        "source": {**draft["source"], "paragraphs": draft["source"]["paragraphs"][:1]},
    }
    after = suggestions(changed)
    assert after != before and len(after) < len(before)
    assert suggestions(draft) == before


def test_a_draft_is_fixed_in_place_and_added_with_the_changes(app, teacher):
    from quizapp.authoring.suggestions import offers

    pack_id = new_pack(teacher)
    with app.app_context():
        offer = next(
            o
            for o in offers(db.session.get(StoredPack, pack_id))
            if o.question["type"] == "numeric"
        )
    url = f"/instructor/packs/{pack_id}/suggestions/{offer.key}"
    rev = str(stored(app, pack_id).revision)
    bad = teacher.post(url, {"prompt": "", "answer": "many", "revision": rev})
    assert bad.status_code == 422
    body = page_html(bad)
    assert 'value="many"' in body  # nothing the teacher typed is lost
    assert re.search(r'id="fix-[0-9a-f]+-answer-error">[^<]*number', body)
    assert re.search(r'id="fix-[0-9a-f]+-prompt-error">', body)
    assert stored(app, pack_id).draft.get("questions") == []
    good = {"prompt": "How many?", "answer": "42", "revision": rev}
    assert teacher.post(url, good).status_code == 303
    question = stored(app, pack_id).draft["questions"][0]
    assert question["prompt"] == {"en": "How many?"} and question["answer"] == 42
    assert question["quotes"] == offer.question["quotes"]
    assert offer.key not in listed_keys(teacher, pack_id)


def first_offer(app, pack_id: int, kind: str):
    from quizapp.authoring.suggestions import offers

    with app.app_context():
        found = offers(db.session.get(StoredPack, pack_id))
        return next(offer for offer in found if offer.question["type"] == kind)


def test_a_matching_draft_is_fixed_in_place_its_items_choices_and_pairs(app, teacher):
    text = (ARTICLE_FOLDER / "de-tuerkei-wahl.txt").read_text()
    pack_id = new_pack(teacher, text, "de")
    offer = first_offer(app, pack_id, "matching")
    items, choices = offer.question["items"], offer.question["choices"]
    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    field = f"fix-{offer.key}-items-0-match"
    assert re.search(rf'<label for="{field}">Its matching choice 1</label>', page)
    assert f'<option value="{items[0]["match"]}" selected>' in page
    url = f"/instructor/packs/{pack_id}/suggestions/{offer.key}"
    sent = {
        "prompt": "Welche Partei bekam wie viel?",
        "items.0": "",
        "items.1": "MHP (Nationalisten)",
        "items.0.match": items[1]["match"],
        "items.1.match": items[0]["match"],
        "choices.0": "rund 13 Prozent",
        "revision": str(stored(app, pack_id).revision),
    }
    sent |= {f"items.{n}": row["text"]["de"] for n, row in enumerate(items) if n > 1}
    sent |= {f"items.{n}.match": row["match"] for n, row in enumerate(items) if n > 1}
    sent |= {f"choices.{n}": row["text"]["de"] for n, row in enumerate(choices) if n > 0}
    bad = teacher.post(url, sent)
    assert bad.status_code == 422
    body = page_html(bad)
    assert re.search(rf'id="fix-{offer.key}-items-0-error"', body)
    assert 'value="MHP (Nationalisten)"' in body  # nothing the teacher typed is lost
    assert f'<option value="{items[0]["match"]}" selected>rund 13 Prozent</option>' in body
    assert stored(app, pack_id).draft.get("questions") == []
    assert teacher.post(url, sent | {"items.0": "HDP (prokurdisch)"}).status_code == 303
    question = stored(app, pack_id).draft["questions"][0]
    assert [item["text"]["de"] for item in question["items"][:2]] == [
        "HDP (prokurdisch)",
        "MHP (Nationalisten)",
    ]
    assert [item["match"] for item in question["items"][:2]] == [
        items[1]["match"],
        items[0]["match"],
    ]
    assert question["choices"][0]["text"]["de"] == "rund 13 Prozent"
    assert question["quotes"] == offer.question["quotes"]
    assert offer.key not in listed_keys(teacher, pack_id)


def test_a_draft_s_row_labels_are_in_the_teacher_s_language(app, teacher):
    """The rows of a matching draft fixed in the list are labelled in the teacher's language, as
    in the editor (the type's labels are translated where they are shown)."""
    text = (ARTICLE_FOLDER / "de-tuerkei-wahl.txt").read_text()
    pack_id = new_pack(teacher, text, "de")
    offer = first_offer(app, pack_id, "matching")
    teacher.post("/language", {"language": "de", "next": "/"})
    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    field = f"fix-{offer.key}-items-0-match"
    assert re.search(rf'<label for="{field}">Die passende Auswahl 1</label>', page)
    assert "Item text" not in page and "Its matching choice" not in page


def test_an_ordering_draft_is_fixed_in_place_its_items_in_their_order(app, teacher):
    text = (ARTICLE_FOLDER / "en-wikinews-peres-interview.txt").read_text()
    pack_id = new_pack(teacher, text)
    offer = first_offer(app, pack_id, "ordering")
    items = offer.question["items"]
    assert f'name="items.{len(items) - 1}"' in page_html(
        teacher.get(f"/instructor/packs/{pack_id}")
    )
    shorter = [f"Event {n}: {row['text']['en'][:40].strip()}" for n, row in enumerate(items)]
    sent = {"prompt": "Which came first?", "revision": str(stored(app, pack_id).revision)}
    sent |= {f"items.{n}": text for n, text in enumerate(shorter)}
    response = teacher.post(f"/instructor/packs/{pack_id}/suggestions/{offer.key}", sent)
    assert response.status_code == 303
    question = stored(app, pack_id).draft["questions"][0]
    assert [item["text"]["en"] for item in question["items"]] == shorter
    assert [item["id"] for item in question["items"]] == [item["id"] for item in items]


def test_publishing_offers_to_assign_the_quiz_to_the_class(app, teacher, teacher_id):
    classroom_id = make_classroom(app, teacher_id)
    pack_id = new_pack(teacher)
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "Assign to a class" not in body  # not published yet
    take(teacher, pack_id, "add", listed_keys(teacher, pack_id)[:3])
    published = teacher.post(f"/instructor/packs/{pack_id}/publish", {})
    assert published.status_code == 303
    body = page_html(teacher.get(published.headers["Location"]))
    slug = stored(app, pack_id).slug
    link = f"/instructor/classrooms/{classroom_id}/assignments/new?pack={slug}"
    assert "Assign to a class" in body and link in body
    form = page_html(teacher.get(link))
    assert re.search(rf'<option selected value="{slug}"|<option value="{slug}" selected', form)


def test_a_form_no_page_sent_is_refused(app, teacher):
    pack_id = new_pack(teacher)
    assert take(teacher, pack_id, "publish", []).status_code == 400


def test_the_best_drafts_come_ticked_up_to_ten_questions(app, teacher):
    pack_id = new_pack(teacher)
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert (
        len(re.findall(r'name="draft" value="[0-9a-f]+" id="tick-[0-9a-f]+" checked', body)) == 10
    )
    take(teacher, pack_id, "add", listed_keys(teacher, pack_id)[:7])
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert len(re.findall(r'id="tick-[0-9a-f]+" checked', body)) == 3


def test_a_draft_accepted_in_the_editor_leaves_the_list(app, teacher):
    from quizapp.authoring.suggestions import offers

    pack_id = new_pack(teacher)
    keys = listed_keys(teacher, pack_id)
    with app.app_context():
        first = offers(db.session.get(StoredPack, pack_id))[0]
    draft = first.question
    assert draft["type"] == "numeric"
    url = f"/instructor/packs/{pack_id}/questions/new?type=numeric&suggestion={first.number}"
    assert 'name="answer"' in page_html(teacher.get(url))
    data = {
        "id": "q1",
        "prompt.en": draft["prompt"]["en"],
        "explanation.en": draft["explanation"]["en"],
        "answer": str(draft["answer"]),
        "tolerance": str(draft.get("tolerance", 0)),
        "unit.en": draft.get("unit", {}).get("en", ""),
        "quotes.0.paragraph": draft["quotes"][0]["paragraph"],
        "quotes.0.text": draft["quotes"][0]["text"],
        "revision": str(stored(app, pack_id).revision),
    }
    assert teacher.post(url, data).status_code == 303
    assert listed_keys(teacher, pack_id) == keys[1:]


def test_a_fixed_draft_sent_twice_is_added_once_and_a_decimal_stays_as_shown(app, teacher):
    from quizapp.authoring.suggestions import offers

    pack_id = new_pack(teacher)
    with app.app_context():
        offer = next(
            o
            for o in offers(db.session.get(StoredPack, pack_id))
            if o.question["type"] == "numeric" and not float(o.question["answer"]).is_integer()
        )
    url = f"/instructor/packs/{pack_id}/suggestions/{offer.key}"
    teacher.post("/language", {"language": "de", "next": "/"})
    data = {
        "prompt": "Wie stark?",
        "answer": str(offer.question["answer"]),
        "revision": str(stored(app, pack_id).revision),
    }
    assert teacher.post(url, data).status_code == 303
    assert teacher.post(url, data).status_code == 303
    questions = stored(app, pack_id).draft["questions"]
    assert len(questions) == 1 and questions[0]["answer"] == offer.question["answer"]


def fixable_numbers() -> list[tuple[str, str]]:
    """(type, key) of every number the draft list lets a teacher fix."""
    return [
        (type_name, found.key)
        for type_name in sorted(QUESTION_TYPES)
        for found in fixable_fields(type_name)
        if found.kind == "number"
    ]


NUMBERS = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("type_name, key", fixable_numbers())
@pytest.mark.parametrize("locale", ["en", "de"])
@settings(max_examples=80, deadline=None)
@given(value=NUMBERS)
def test_every_number_the_draft_list_shows_saves_unchanged(type_name, key, locale, value):
    offer = Offer("k", {"type": type_name, "prompt": {"en": "How many?"}, key: value})
    shown = {
        fixed.name: ("1" if fixed.value else "") if fixed.kind == "flag" else str(fixed.value)
        for fixed in fix_fields(offer, None, locale)
    }
    assert fixed_question(offer, MultiDict(shown), locale)[key] == value


def test_the_draft_list_shows_a_number_in_the_teachers_language():
    assert fixable_numbers() == [("numeric", "answer")]
    offer = Offer("k", {"type": "numeric", "prompt": {"de": "Wie viel?"}, "answer": 1.125})
    assert [f.value for f in fix_fields(offer, None, "de") if f.name == "answer"] == ["1,125"]
    assert [f.value for f in fix_fields(offer, None, "en") if f.name == "answer"] == ["1.125"]
