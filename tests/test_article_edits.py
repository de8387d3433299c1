"""A typo fixed in the article can break the quotes that ground the answers: the editor marks each
question whose quote no longer stands verbatim, with its closest passage, and refuses to publish
until the quote is fixed."""

from pages import page_html
from test_authoring import add_question, common, create_pack, revision, stored

from quizapp.extensions import db
from quizapp.models import PackVersion


def change_text(teacher, app, pack_id, paragraph_id, text):
    return teacher.post(
        f"/instructor/packs/{pack_id}/paragraphs",
        {
            "paragraph": paragraph_id,
            "action": "text",
            "text": text,
            "revision": revision(app, pack_id),
        },
    )


def test_an_edited_paragraph_marks_the_questions_it_no_longer_grounds(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303

    changed = change_text(
        teacher, app, pack_id, "p2", "About 9.3 million people live in the region, near lakes."
    )
    assert changed.status_code == 303
    assert stored(app, pack_id).draft["source"]["paragraphs"][1]["text"] == (
        "About 9.3 million people live in the region, near lakes."
    )
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert (
        "Its quote is no longer in the article word for word: “About 9.2 million people live "
        "in the region”. Closest passage (p2): “About 9.3 million people live in the region, "
        "near lakes.”"
    ) in body
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 422

    quoted = {**common("q1", quote="About 9.3 million people live in the region"), "answer": "1"}
    edited = teacher.post(
        f"/instructor/packs/{pack_id}/questions/1",
        {**quoted, "revision": revision(app, pack_id)},
    )
    assert edited.status_code == 303, page_html(edited)[-2000:]
    assert "no longer in the article" not in page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303
    with app.app_context():
        versions = db.session.scalars(
            db.select(PackVersion).filter_by(stored_pack_id=pack_id)
        ).all()
        assert [v.number for v in versions] == [1, 2]


def test_a_paragraph_cannot_be_emptied(app, teacher):
    pack_id = create_pack(teacher)
    refused = change_text(teacher, app, pack_id, "p3", "   ")
    assert refused.status_code == 422
    assert "A paragraph cannot be empty" in page_html(refused)
    assert stored(app, pack_id).draft["source"]["paragraphs"][2]["text"].startswith("The largest")


def test_the_marks_are_in_german_for_a_german_teacher(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    change_text(teacher, app, pack_id, "p2", "About nine million people live in the region.")
    teacher.post("/language", {"language": "de", "next": "/"})
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "Ihr Zitat steht nicht mehr wörtlich im Artikel: „About 9.2 million" in body


def test_a_replaced_article_marks_the_quotes_it_lacks(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    url = f"/instructor/packs/{pack_id}/article"
    assert "Questions quote this quiz's article already" in page_html(teacher.get(url))
    replaced = teacher.post(
        url,
        {
            "title": "Lakes of the North",
            "publisher": "Example Times",
            "language": "en",
            "text": "Headline\n\nAbout nine million people live in the region.",
            "revision": revision(app, pack_id),
        },
    )
    assert replaced.status_code == 303
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "Closest passage (p2): “About nine million people live in the region.”" in body
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 422


# -- the headline ---------------------------------------------------------------------------

GERMAN = (
    "SEEN IM NORDEN.\n\n"
    "Etwa 9,2 Millionen Menschen leben in der Region, die meisten an einem ihrer Seen.\n\n"
    "Das Wasser ist auch im Sommer kalt, und der See friert im Dezember zu."
)


def test_a_first_line_repeating_the_headline_is_the_headline_not_body_text(app, teacher):
    pack_id = create_pack(teacher)
    first = stored(app, pack_id).draft["source"]["paragraphs"][0]
    assert first == {"id": "p1", "text": "Lakes of the North", "kind": "heading"}
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    slug = stored(app, pack_id).slug
    reading = page_html(teacher.get(f"/packs/{slug}/source"))
    assert "<h1>Lakes of the North</h1>" in reading
    assert 'id="p1"' not in reading  # the headline shows once
    assert 'id="p2"' in reading


def test_the_headline_is_found_in_german_case_and_punctuation_aside(app, teacher):
    pack_id = create_pack(teacher, text=GERMAN, title="Seen im Norden", language="de")
    paragraphs = stored(app, pack_id).draft["source"]["paragraphs"]
    assert paragraphs[0] == {"id": "p1", "text": "SEEN IM NORDEN.", "kind": "heading"}
    assert [p.get("kind") for p in paragraphs[1:]] == [None, None]


def test_without_a_typed_title_a_short_first_line_is_proposed_as_the_headline(app, teacher):
    pack_id = create_pack(teacher, title="", text=GERMAN.replace("SEEN IM NORDEN.", "Seen"))
    draft = stored(app, pack_id).draft
    assert draft["source"]["title"] == "Seen"
    assert draft["source"]["paragraphs"][0]["kind"] == "heading"

    refused = teacher.post(
        "/instructor/packs/new",
        {"title": "", "publisher": "P", "language": "de", "languages": ["de"], "text": GERMAN},
    )
    assert refused.status_code == 422  # a first line ending in a full stop is no headline
    assert "Please enter the headline." in page_html(refused)
