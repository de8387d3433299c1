"""Tidying the article: a typo fixed can break the quotes that ground the answers (the editor marks
each question whose quote no longer stands verbatim, with its closest passage, and refuses to
publish until the quote is fixed); a first line repeating the headline is the headline; several
paragraphs are marked or deleted in one submit; a paragraph is split and joined again."""

import io

from pages import page_html
from test_authoring import add_question, common, create_pack, revision, stored

from quizapp.authoring import articles
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


def test_a_lone_line_repeating_the_headline_stays_body_text():
    metadata = {"title": "Lakes", "publisher": "P", "language": "en"}
    alone = articles.new_draft("lakes", metadata, [("LAKES", "paragraph")], ["en"])
    assert alone["source"]["paragraphs"] == [{"id": "p1", "text": "LAKES"}]


def test_a_web_page_without_a_typed_title_gives_its_h1_as_the_headline(app, teacher):
    page = (
        "<html><head><title>Lakes – Example Times</title></head><body><article>"
        "<h1>Are the lakes of the north warming?</h1>"
        + "".join(
            f"<p>Paragraph {n} tells of lakes and rivers in the north, where people fish and "
            "swim in summer.</p>"
            for n in range(1, 4)
        )
        + "</article></body></html>"
    )
    data = {"title": "", "publisher": "P", "language": "en", "languages": ["en"]}
    upload = {"upload": (io.BytesIO(page.encode()), "lakes.html")}
    response = teacher.post("/instructor/packs/new", {**data, **upload})
    assert response.status_code == 303, page_html(response)[-2000:]
    pack_id = int(response.headers["Location"].rsplit("/", 1)[1])
    source = stored(app, pack_id).draft["source"]
    assert source["title"] == "Are the lakes of the north warming?"
    assert source["paragraphs"][0]["kind"] == "heading"


# -- marking and deleting several paragraphs in one submit -------------------------------------


def tidy(teacher, app, pack_id, action, paragraph_ids, **more):
    return teacher.post(
        f"/instructor/packs/{pack_id}/paragraphs/tidy",
        {"action": action, "paragraph": paragraph_ids, "revision": revision(app, pack_id), **more},
    )


def kinds(app, pack_id):
    return [(p["id"], p.get("kind")) for p in stored(app, pack_id).draft["source"]["paragraphs"]]


def test_the_article_is_one_form_of_ticks_before_the_suggestions(app, teacher):
    body = page_html(teacher.get(f"/instructor/packs/{create_pack(teacher)}"))
    assert body.index('id="article"') < body.index('id="suggestions"')
    assert '<form method="post" action="/instructor/packs/' in body and 'id="article-tidy"' in body
    assert body.count('type="checkbox" name="paragraph"') == 4  # a checkbox a paragraph
    assert body.count('form="article-tidy"') == 4 + 3  # and the buttons again below them
    assert body.count('<details class="paragraph-menu">') == 4  # split, merge, text: one menu


def test_several_paragraphs_are_marked_in_one_submit(app, teacher):
    pack_id = create_pack(teacher)
    marked = tidy(teacher, app, pack_id, "heading", ["p3", "p4"])
    assert marked.status_code == 303 and marked.headers["Location"].endswith("#article")
    assert kinds(app, pack_id) == [
        ("p1", "heading"),
        ("p2", None),
        ("p3", "heading"),
        ("p4", "heading"),
    ]
    assert tidy(teacher, app, pack_id, "paragraph", ["p1", "p3", "p4"]).status_code == 303
    assert kinds(app, pack_id) == [("p1", None), ("p2", None), ("p3", None), ("p4", None)]
    nothing = tidy(teacher, app, pack_id, "heading", [])
    assert nothing.status_code == 422 and "Tick the paragraphs" in page_html(nothing)
    assert tidy(teacher, app, pack_id, "explode", ["p1"]).status_code == 400


def test_deleting_paragraphs_is_asked_first_then_done_in_one_submit(app, teacher):
    pack_id = create_pack(teacher)
    asked = tidy(teacher, app, pack_id, "delete", ["p1", "p4"])
    assert asked.status_code == 200
    question = page_html(asked)
    assert "Delete paragraphs" in question and "The water is cold even in summer" in question
    assert '<input type="hidden" name="confirmed" value="1">' in question
    assert len(kinds(app, pack_id)) == 4  # nothing deleted yet
    done = tidy(teacher, app, pack_id, "delete", ["p1", "p4"], confirmed="1")
    assert done.status_code == 303
    assert kinds(app, pack_id) == [("p2", None), ("p3", None)]


def test_a_quoted_paragraph_is_not_deleted_and_the_message_names_the_questions(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    add_question(teacher, app, pack_id, "true_false", {**common("q2"), "answer": "0"})
    refused = tidy(teacher, app, pack_id, "delete", ["p2", "p3"])
    assert refused.status_code == 422
    assert "Questions 1, 2 quote these paragraphs" in page_html(refused)
    again = tidy(teacher, app, pack_id, "delete", ["p2", "p3"], confirmed="1")
    assert again.status_code == 422 and len(kinds(app, pack_id)) == 4
    every = tidy(teacher, app, pack_id, "delete", ["p3", "p4"], confirmed="1")
    assert every.status_code == 303
    last = tidy(teacher, app, pack_id, "delete", ["p1"])
    assert last.status_code == 200  # p2 is body text still
    assert tidy(teacher, app, pack_id, "heading", ["p2"]).status_code == 303
    empty = tidy(teacher, app, pack_id, "delete", ["p1"])
    assert empty.status_code == 422
    assert "at least one paragraph of body text" in page_html(empty)


def test_a_paragraph_is_split_at_a_sentence_and_joined_with_the_next_again(app, teacher):
    pack_id = create_pack(teacher)
    menu = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    sentence = "“It is a place of calm,” says Anna Berg, a guide."
    assert f'<option value="{sentence}">' in menu.replace("&#34;", '"')
    url = f"/instructor/packs/{pack_id}/paragraphs"
    split = {"paragraph": "p3", "action": "split", "sentence": sentence, "start": ""}
    assert teacher.post(url, {**split, "revision": revision(app, pack_id)}).status_code == 303
    texts = [p["text"] for p in stored(app, pack_id).draft["source"]["paragraphs"]]
    assert texts[2:4] == [
        "The largest lake is 76 kilometres long.",
        "“It is a place of calm,” says Anna Berg, a guide.",
    ]
    merge = {"paragraph": "p3", "action": "merge", "revision": revision(app, pack_id)}
    assert teacher.post(url, merge).status_code == 303
    assert stored(app, pack_id).draft["source"]["paragraphs"][2]["text"] == (
        "The largest lake is 76 kilometres long. “It is a place of calm,” says Anna Berg, a guide."
    )


def test_the_words_to_split_before_are_typed_as_they_read(app, teacher):
    soft = "\u00ad"
    text = f"Lakes of the North\n\nDer Plan sei gut unpro{soft}blematisch sagt der Bürgermeister"
    pack_id = create_pack(teacher, text=text)
    split = {"paragraph": "p2", "action": "split", "start": "unproblematisch sagt"}
    response = teacher.post(
        f"/instructor/packs/{pack_id}/paragraphs", {**split, "revision": revision(app, pack_id)}
    )
    assert response.status_code == 303
    texts = [p["text"] for p in stored(app, pack_id).draft["source"]["paragraphs"]]
    assert texts[1:] == ["Der Plan sei gut", f"unpro{soft}blematisch sagt der Bürgermeister"]
