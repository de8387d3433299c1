"""An article "corrected" by the teacher, questions quoting the invented words (issue 25, point 6):
learners see each changed paragraph marked "Changed by your teacher" with the published text one
click away, in the reading view, the feedback and the results, and the pack says "text changed
by the teacher" beside the publisher's name. A quote in the learner's language is labelled the
teacher's translation, the original quote within reach."""

import html
import re

import pytest
from answers import right_form
from pages import page_html
from test_authoring import add_question, common, create_pack, revision, stored
from test_i18n import visible

from quizapp.bank import pack_to_dict, read_pack
from quizapp.bank.export import write_pack_folder
from quizapp.bank.loader import read_pack_data
from quizapp.packs import pack_data

PUBLISHED = "About 9.2 million people live in the region, and most of them live near one of its 1,000 lakes."
INVENTED = (
    "About 5,000 people live in the region, and most of them live near one of its 1,000 lakes."
)
INVENTED_QUOTE = "About 5,000 people live in the region"
GERMAN_QUOTE = "Etwa 5.000 Menschen leben in der Region"

WORDS = {
    "en": {
        "changed": "Changed by your teacher",
        "original": "The original paragraph",
        "byline": "(text changed by the teacher)",
        "translation": "Translation by your teacher:",
    },
    "de": {
        "changed": "Von deiner Lehrkraft geändert",
        "original": "Der ursprüngliche Absatz",
        "byline": "(Text von der Lehrkraft geändert)",
        "translation": "Übersetzung von deiner Lehrkraft:",
    },
}


def corrected_pack(app, teacher) -> tuple[int, str]:
    """The teacher's pack with p2 'corrected' to invented words and its question quoting them,
    published: (its id, its slug)."""
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    changed = teacher.post(
        f"/instructor/packs/{pack_id}/paragraphs",
        {"paragraph": "p2", "action": "text", "text": INVENTED, "revision": revision(app, pack_id)},
    )
    assert changed.status_code == 303
    quoted = {**common("q1", quote=INVENTED_QUOTE), "quotes.0.translation.de": GERMAN_QUOTE}
    edited = teacher.post(
        f"/instructor/packs/{pack_id}/questions/1",
        {**quoted, "answer": "1", "revision": revision(app, pack_id)},
    )
    assert edited.status_code == 303, page_html(edited)[-2000:]
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303
    return pack_id, stored(app, pack_id).slug


def learner_of(teacher, new_learner_browser, slug: str, language: str):
    """A class member working in `language`, with the pack assigned to the class (immediate
    feedback): (their browser, the assignment's id)."""
    classroom_id, code = teacher.create_classroom()
    assignment_id = teacher.assign(classroom_id, pack_slug=slug, feedback_mode="immediate")
    learner = new_learner_browser()
    learner.post("/language", {"language": language, "next": "/"})
    assert learner.join(code, "Lena").status_code == 303
    return learner, assignment_id


def changed_paragraph_shown(body: str, words: dict[str, str]) -> None:
    """The changed paragraph is marked in words and its published text is in a <details>."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    assert words["changed"] in text
    details = re.search(r'<details class="original-text"[^>]*>(.*?)</details>', body, re.S)
    assert details, "no disclosure with the original paragraph"
    assert f"<summary>{words['original']}</summary>" in details.group(1)
    assert PUBLISHED in html.unescape(details.group(1))


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_corrected_paragraph_is_marked_with_its_original_on_every_learner_page(
    app, teacher, new_learner_browser, language
):
    _pack_id, slug = corrected_pack(app, teacher)
    learner, assignment_id = learner_of(teacher, new_learner_browser, slug, language)
    words = WORDS[language]

    reading = learner.get(f"/packs/{slug}/source?assignment={assignment_id}")
    body = page_html(reading)
    changed_paragraph_shown(body, words)
    assert re.search(r'<p id="p2" class="changed">.*?changed-label', body, re.S)
    assert 'id="p3"><a' in body  # an unchanged paragraph is not marked
    assert body.count('class="changed-label"') == 2  # p2, and the byline
    assert f'Example Times <span class="changed-label">{words["byline"]}</span>' in body
    assert words["byline"] in visible(learner.get("/"))

    attempt_id = learner.start_assignment(assignment_id)
    assert learner.answer(attempt_id, 1, answer="true").status_code == 303
    feedback = page_html(learner.get(f"/attempts/{attempt_id}/questions/1"))
    changed_paragraph_shown(feedback, words)
    assert learner.post(f"/attempts/{attempt_id}/submit").status_code == 303
    changed_paragraph_shown(page_html(learner.get(f"/attempts/{attempt_id}/results")), words)


def test_an_article_nobody_changed_carries_no_mark(app, teacher, new_learner_browser):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303
    slug = stored(app, pack_id).slug
    learner, assignment_id = learner_of(teacher, new_learner_browser, slug, "en")
    body = page_html(learner.get(f"/packs/{slug}/source?assignment={assignment_id}"))
    assert "changed-label" not in body and "original-text" not in body


def test_the_teacher_sees_the_mark_in_the_preview_and_on_the_pack_page(app, teacher):
    pack_id, _slug = corrected_pack(app, teacher)
    preview = teacher.get(f"/instructor/packs/{pack_id}/preview/1?answered=1&answer=true")
    changed_paragraph_shown(page_html(preview), WORDS["en"])
    pack_page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "learners see this paragraph marked as changed by you, with the original" in pack_page
    assert PUBLISHED in html.unescape(pack_page)


def test_a_changed_text_changed_back_is_no_longer_marked(app, teacher):
    pack_id = create_pack(teacher)
    url = f"/instructor/packs/{pack_id}/paragraphs"
    for text in (INVENTED, "A third text.", PUBLISHED):
        form = {"paragraph": "p2", "action": "text", "text": text}
        assert teacher.post(url, {**form, "revision": revision(app, pack_id)}).status_code == 303
        paragraph = stored(app, pack_id).draft["source"]["paragraphs"][1]
        assert paragraph.get("original") == (None if text == PUBLISHED else PUBLISHED)


def test_merging_and_splitting_keep_the_original_text(app, teacher):
    pack_id = create_pack(teacher)
    url = f"/instructor/packs/{pack_id}/paragraphs"

    def change(**form):
        reply = teacher.post(url, {**form, "revision": revision(app, pack_id)})
        assert reply.status_code == 303, page_html(reply)[-2000:]
        return {p["id"]: p for p in stored(app, pack_id).draft["source"]["paragraphs"]}

    change(paragraph="p2", action="text", text=INVENTED)
    merged = change(paragraph="p2", action="merge")
    third = "The largest lake is 76 kilometres long."
    assert merged["p2"]["original"].startswith(PUBLISHED + " " + third)
    split = change(paragraph="p2", action="split", start=third)
    assert split["p2"]["original"] == PUBLISHED
    assert "original" not in split["p5"]  # the words split off are as published


def test_a_translated_quote_is_labelled_the_teachers_with_the_original_at_hand(
    app, teacher, new_learner_browser
):
    """Without a rendering: the original paragraph with the quote highlighted, the translation
    under it labelled the teacher's (a German 5.000 is read against the English 5,000)."""
    _pack_id, slug = corrected_pack(app, teacher)
    learner, assignment_id = learner_of(teacher, new_learner_browser, slug, "de")
    attempt_id = learner.start_assignment(assignment_id)
    learner.answer(attempt_id, 1, answer="true")
    body = html.unescape(page_html(learner.get(f"/attempts/{attempt_id}/questions/1")))
    assert '<blockquote lang="en"' in body and f"<mark>{INVENTED_QUOTE}</mark>" in body
    assert re.search(
        rf'<span class="label">{WORDS["de"]["translation"]}</span> {GERMAN_QUOTE}', body
    )


def test_a_quote_in_the_rendering_is_labelled_the_teachers_with_the_original_one_click_away(
    browser, seed_pack
):
    browser.post("/language", {"language": "de", "next": "/"})
    attempt_id = browser.start()
    question = seed_pack.questions[0]
    assert browser.answer(attempt_id, 1, question.id, **right_form(question)).status_code == 303
    body = html.unescape(page_html(browser.get(f"/attempts/{attempt_id}/questions/1")))
    label = body.index(WORDS["de"]["translation"])
    details = re.search(
        r'<details class="original">\s*<summary>([^<]+)</summary>(.*?)</details>', body, re.S
    )
    assert details and label < details.start()
    assert "<mark>" in details.group(2) and f'lang="{seed_pack.source.language}"' in details.group(
        2
    )


# -- the pack format keeps the original ------------------------------------------------------


def changed_seed_data(seed_pack) -> dict:
    data = pack_data(seed_pack)
    paragraph = next(p for p in data["source"]["paragraphs"] if p["id"] == "p1")
    paragraph["original"], paragraph["text"] = paragraph["text"], paragraph["text"] + " Corrected."
    return data


def test_the_original_survives_the_json_data_a_folder_and_the_checker(seed_pack, tmp_path):
    data = changed_seed_data(seed_pack)
    pack, problems, _missing = read_pack_data(data)
    assert pack is not None and not problems
    assert (
        pack.source.changed
        and pack.source.paragraph("p1").original == seed_pack.source.paragraph("p1").text
    )
    assert not pack.source.paragraph("p2").changed
    assert pack_data(pack) == data
    folder = write_pack_folder(pack_to_dict(pack), tmp_path / seed_pack.id)
    assert "original:" in (folder / "source.yaml").read_text(encoding="utf-8")
    again, errors, _missing = read_pack(folder)
    assert not errors and again.source == pack.source


def test_an_empty_original_is_reported_at_its_field(seed_pack):
    data = changed_seed_data(seed_pack)
    index = next(i for i, p in enumerate(data["source"]["paragraphs"]) if p["id"] == "p1")
    data["source"]["paragraphs"][index]["original"] = None
    _pack, problems, _missing = read_pack_data(data)
    field = f"source.paragraphs.{index}.original"
    assert any(name == field for name, _message in problems), problems
