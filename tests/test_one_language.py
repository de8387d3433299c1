"""One language, the article's, is the normal case: a new pack asks for it alone, a second one is
added and removed on the pack page, the quiz has a title per language, and a learner whose own
language the quiz is not in is told so in theirs."""

import re

from pages import LearnerBrowser, page_html, page_text
from test_authoring import add_question, revision, stored

GERMAN_ARTICLE = """Die Seen des Nordens

In der Region leben etwa 9,2 Millionen Menschen, die meisten nahe einem ihrer 1000 Seen.

Der größte See ist 76 Kilometer lang. „Es ist ein Ort der Ruhe“, sagt Anna Berg.

Das Wasser ist selbst im Sommer kalt, und der See friert im Dezember zu."""
QUOTE = "In der Region leben etwa 9,2 Millionen Menschen"


def german_pack(teacher, languages=("de",)) -> int:
    data = {
        "title": "Die Seen des Nordens",
        "publisher": "Beispielzeitung",
        "language": "de",
        "languages": list(languages),
        "text": GERMAN_ARTICLE,
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 303, page_html(response)[-2000:]
    return int(re.search(r"/packs/(\d+)$", response.headers["Location"]).group(1))


def german_question(question_id="q1") -> dict[str, str]:
    return {
        "id": question_id,
        "prompt.de": "Leben in der Region etwa 9,2 Millionen Menschen?",
        "explanation.de": "So steht es im Artikel.",
        "feedback.de": "Lies den zweiten Absatz noch einmal.",
        "quotes.0.paragraph": "p2",
        "quotes.0.text": QUOTE,
        "answer": "1",
    }


def change_languages(teacher, app, pack_id, action, language, confirmed="1"):
    url = f"/instructor/packs/{pack_id}/languages"
    data = {"action": action, "language": language, "revision": revision(app, pack_id)}
    return teacher.post(url, data | ({"confirmed": confirmed} if confirmed else {}))


def test_the_new_pack_form_ticks_the_articles_language_alone(app, teacher):
    teacher.post("/language", {"language": "de", "next": "/"})
    body = page_html(teacher.get("/instructor/packs/new"))
    ticked = re.findall(r'name="languages" value="(\w+)" checked', body)
    assert ticked == ["de"]
    assert re.search(r'<option selected value="de">|<option value="de" selected>', body)
    assert "Die Sprache des Artikels genügt." in body


def test_a_one_language_pack_is_edited_and_published_in_that_language_alone(app, teacher):
    pack_id = german_pack(teacher)
    draft = stored(app, pack_id).draft
    assert draft["languages"] == ["de"] and draft["title"] == {"de": "Die Seen des Nordens"}
    editor = page_html(teacher.get(f"/instructor/packs/{pack_id}/questions/new?type=true_false"))
    assert 'name="prompt.de"' in editor and 'name="prompt.en"' not in editor
    add_question(teacher, app, pack_id, "true_false", german_question())
    published = teacher.post(f"/instructor/packs/{pack_id}/publish")
    assert published.status_code == 303
    assert stored(app, pack_id).draft["questions"][0]["prompt"] == {
        "de": "Leben in der Region etwa 9,2 Millionen Menschen?"
    }


def test_a_second_language_is_added_asked_for_and_removed_with_its_texts(app, teacher):
    pack_id = german_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", german_question())
    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "Add a second language (English)" in page
    assert "Remove the second language" not in page

    assert change_languages(teacher, app, pack_id, "add", "en").status_code == 303
    assert stored(app, pack_id).draft["languages"] == ["de", "en"]
    editor = page_html(teacher.get(f"/instructor/packs/{pack_id}/questions/1"))
    assert re.search(r'<textarea id="f-prompt-en" name="prompt.en"[^>]*></textarea>', editor)
    refused = teacher.post(f"/instructor/packs/{pack_id}/publish")
    assert refused.status_code == 422
    body = page_html(refused)
    assert "Write the quiz's title in English" in body
    assert "Question 1: Write “Prompt” in English." in body
    assert "Remove the second language (English)" in body and "Add a second language" not in body

    titles = {"title.de": "Seen im Norden", "title.en": "Lakes of the North"}
    renamed = teacher.post(
        f"/instructor/packs/{pack_id}/title", {**titles, "revision": revision(app, pack_id)}
    )
    assert renamed.status_code == 303
    assert stored(app, pack_id).draft["title"] == {
        "de": "Seen im Norden",
        "en": "Lakes of the North",
    }

    english = {
        "prompt.en": "Do 9.2 million people live there?",
        "explanation.en": "It says so.",
        "feedback.en": "Read it again.",
    }
    add_question(teacher, app, pack_id, "true_false", german_question("q2") | english)
    asked = change_languages(teacher, app, pack_id, "remove", "en", confirmed="")
    assert asked.status_code == 200
    body = page_text(asked)
    assert "These texts written in English are deleted with it:" in body
    assert "Title of the quiz in English" in body
    assert (
        "Question 2: Prompt, Feedback after a wrong answer, Explanation, shown with the result"
        in body
    )
    assert "Question 1:" not in body  # nothing of question 1 is written in English
    assert re.search(r'name="confirmed" value="1"', page_html(asked))
    assert stored(app, pack_id).draft["languages"] == ["de", "en"]  # asking changed nothing
    assert change_languages(teacher, app, pack_id, "remove", "en").status_code == 303
    draft = stored(app, pack_id).draft
    assert draft["languages"] == ["de"] and draft["title"] == {"de": "Seen im Norden"}
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303


def test_only_the_offered_language_changes_are_understood(app, teacher):
    pack_id = german_pack(teacher)
    assert change_languages(teacher, app, pack_id, "remove", "de").status_code == 400
    assert change_languages(teacher, app, pack_id, "remove", "de", confirmed="").status_code == 400
    assert change_languages(teacher, app, pack_id, "add", "de").status_code == 400
    assert change_languages(teacher, app, pack_id, "add", "xx").status_code == 400
    assert change_languages(teacher, app, pack_id, "rename", "en").status_code == 400
    assert stored(app, pack_id).draft["languages"] == ["de"]


def published_german_quiz(app, teacher, languages=("de",), titles=None) -> tuple[str, int, str]:
    pack_id = german_pack(teacher, languages)
    question = german_question()
    if "en" in languages:
        question |= {
            "prompt.en": "Do about 9.2 million people live in the region?",
            "explanation.en": "The article says so.",
            "feedback.en": "Read the second paragraph again.",
        }
    add_question(teacher, app, pack_id, "true_false", question)
    if titles:
        data = {**titles, "revision": revision(app, pack_id)}
        assert teacher.post(f"/instructor/packs/{pack_id}/title", data).status_code == 303
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303
    slug = stored(app, pack_id).slug
    classroom_id, code = teacher.create_classroom()
    return slug, teacher.assign(classroom_id, pack_slug=slug), code


def test_a_learner_of_another_language_is_told_the_quizs_language(app, teacher):
    slug, assignment_id, code = published_german_quiz(app, teacher)
    ana = LearnerBrowser(app.test_client())
    ana.post("/language", {"language": "en", "next": "/"})
    ana.join(code, "Ana")
    start = page_html(ana.get("/"))
    assert "This quiz is in German." in start
    attempt_id = ana.start_assignment(assignment_id)
    body = page_html(ana.get(f"/attempts/{attempt_id}/questions/1"))
    assert '<html lang="de">' in body
    assert '<p class="notice quiz-language" lang="en">This quiz is in German.</p>' in body
    assert "Leben in der Region etwa 9,2 Millionen Menschen?" in body

    ben = LearnerBrowser(app.test_client())
    ben.post("/language", {"language": "de", "next": "/"})
    ben.join(code, "Ben")
    attempt_id = ben.start_assignment(assignment_id)
    assert "quiz-language" not in page_html(ben.get(f"/attempts/{attempt_id}/questions/1"))
    assert "quiz-language" not in page_html(ben.get("/"))


def test_learners_see_the_title_in_their_language(app, teacher):
    titles = {"title.de": "Seen im Norden", "title.en": "Lakes up north"}
    _slug, assignment_id, code = published_german_quiz(app, teacher, ("de", "en"), titles)
    for language, title in (("en", "Lakes up north"), ("de", "Seen im Norden")):
        learner = LearnerBrowser(app.test_client())
        learner.post("/language", {"language": language, "next": "/"})
        learner.join(code, f"Learner {language}")
        assert title in page_html(learner.get("/"))
        attempt_id = learner.start_assignment(assignment_id)
        body = page_html(learner.get(f"/attempts/{attempt_id}/questions/1"))
        assert f'<p class="quiz-title">{title}' in body and "quiz-language" not in body


def test_a_title_that_is_still_the_articles_headline_is_pointed_out(app, teacher):
    pack_id = german_pack(teacher, ("de", "en"))
    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "This is still the article's headline: write the title in English." in page
    data = {"title.de": "Seen im Norden", "title.en": "Lakes up north"}
    url = f"/instructor/packs/{pack_id}/title"
    assert teacher.post(url, {**data, "revision": revision(app, pack_id)}).status_code == 303
    assert "still the article's headline" not in page_html(
        teacher.get(f"/instructor/packs/{pack_id}")
    )


def test_the_editor_of_a_one_language_pack_still_offers_every_interface_language(app, teacher):
    """The pack's languages are the editor's fields; the language switcher is the teacher's and
    offers every language of the app (the editor's own `languages` once hid German from it)."""
    pack_id = german_pack(teacher, languages=("de",))
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}/questions/new?type=true_false"))
    switcher = re.search(r'<form class="language-switcher".*?</form>', body, re.S).group(0)
    assert re.findall(r'name="language" value="(\w+)"', switcher) == ["en", "de"]


def test_removing_a_language_nothing_is_written_in_asks_and_says_no_text_is_lost(app, teacher):
    teacher.post("/language", {"language": "de", "next": "/"})
    pack_id = german_pack(teacher)
    assert change_languages(teacher, app, pack_id, "add", "en").status_code == 303
    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "Die zweite Sprache entfernen (English)" in page
    asked = change_languages(teacher, app, pack_id, "remove", "en", confirmed="")
    assert asked.status_code == 200
    assert "Auf Englisch ist noch nichts geschrieben: Kein Text geht verloren." in page_text(asked)
    assert "Englisch entfernen" in page_text(asked)
    assert stored(app, pack_id).draft["languages"] == ["de", "en"]
