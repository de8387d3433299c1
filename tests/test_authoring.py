"""Teachers make packs in the browser: from an article to published questions of every type,
previewed as a learner, shared through the library; bad input refused at its field."""

import html
import io
import re

import pytest
from pages import page_html

from quizapp.extensions import db
from quizapp.models import Attempt, Learner, PackVersion, StoredPack
from quizapp.packs import published_pack

ARTICLE = """Lakes of the North

About 9.2 million people live in the region, and most of them live near one of its 1,000 lakes.

The largest lake is 76 kilometres long. “It is a place of calm,” says Anna Berg, a guide.

The water is cold even in summer, and the lake freezes in December."""


def create_pack(teacher, text=ARTICLE, **fields) -> int:
    data = {
        "title": "Lakes of the North",
        "publisher": "Example Times",
        "author": "Kim Lee",
        "language": "en",
        "languages": ["en", "de"],
        "licence": "CC BY 4.0",
        "text": text,
        **fields,
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 303, page_html(response)[-2000:]
    return int(re.search(r"/packs/(\d+)$", response.headers["Location"]).group(1))


def stored(app, stored_pack_id) -> StoredPack:
    with app.app_context():
        row = db.session.get(StoredPack, stored_pack_id)
        db.session.expunge(row)
        return row


def revision(app, stored_pack_id) -> str:
    return str(stored(app, stored_pack_id).revision)


def texts(name, en, de):
    return {f"{name}.en": en, f"{name}.de": de}


def common(question_id, paragraph="p2", quote="About 9.2 million people live in the region"):
    return {
        "id": question_id,
        **texts("prompt", f"Prompt of {question_id}?", f"Frage {question_id}?"),
        **texts("explanation", "Because the article says so.", "Weil es im Artikel steht."),
        **texts("feedback", "Read the paragraph again.", "Lies den Absatz noch einmal."),
        "quotes.0.paragraph": paragraph,
        "quotes.0.text": quote,
        **texts("quotes.0.translation", "", "Etwa 9,2 Millionen Menschen leben in der Region"),
    }


QUESTION_FORMS = {
    "numeric": {"answer": "9.2 million", "tolerance": "100000"},
    "true_false": {"answer": "1"},
    "short_text": texts("accepted", "Anna Berg\nBerg", "Anna Berg"),
    "single_choice": {
        **texts("options.0.text", "9.2 million", "9,2 Millionen"),
        "options.0.id": "right",
        "options.0.correct": "1",
        **texts("options.1.text", "1,000", "1000"),
        "options.1.id": "lakes",
        **texts("options.1.feedback", "That is the lakes.", "Das sind die Seen."),
    },
    "multiple_response": {
        **texts("options.0.text", "people", "Menschen"),
        "options.0.id": "people",
        "options.0.correct": "1",
        **texts("options.1.text", "lakes", "Seen"),
        "options.1.id": "lakes",
        "options.1.correct": "1",
        **texts("options.2.text", "mountains", "Berge"),
        "options.2.id": "mountains",
        **texts("options.2.feedback", "No mountains.", "Keine Berge."),
    },
    "matching": {
        "items.0.id": "people",
        **texts("items.0.text", "People", "Menschen"),
        "items.0.match": "million",
        "items.1.id": "lakes",
        **texts("items.1.text", "Lakes", "Seen"),
        "items.1.match": "thousand",
        "choices.0.id": "million",
        **texts("choices.0.text", "9.2 million", "9,2 Millionen"),
        "choices.1.id": "thousand",
        **texts("choices.1.text", "1,000", "1000"),
    },
    "ordering": {
        "items.0.id": "people",
        **texts("items.0.text", "People", "Menschen"),
        "items.1.id": "lakes",
        **texts("items.1.text", "Lakes", "Seen"),
        "items.2.id": "long",
        **texts("items.2.text", "Kilometres", "Kilometer"),
    },
}


def add_question(teacher, app, stored_pack_id, type_name, data, expect=303):
    url = f"/instructor/packs/{stored_pack_id}/questions/new?type={type_name}"
    assert teacher.get(url).status_code == 200
    response = teacher.post(url, {**data, "revision": revision(app, stored_pack_id)})
    assert response.status_code == expect, page_html(response)[-3000:]
    return response


def test_a_pasted_article_becomes_a_draft_with_paragraph_ids(app, teacher):
    pack_id = create_pack(teacher)
    draft = stored(app, pack_id).draft
    assert [p["id"] for p in draft["source"]["paragraphs"]] == ["p1", "p2", "p3", "p4"]
    assert draft["source"]["attribution"] == "Kim Lee; CC BY 4.0"
    assert draft["languages"] == ["en", "de"]
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "About 9.2 million people live in the region" in body


def test_a_question_of_every_type_is_written_in_the_form_and_the_pack_published(app, teacher):
    pack_id = create_pack(teacher)
    for type_name, fields in QUESTION_FORMS.items():
        add_question(teacher, app, pack_id, type_name, {**common(type_name), **fields})
    response = teacher.post(f"/instructor/packs/{pack_id}/publish")
    assert response.status_code == 303
    with app.app_context():
        pack = published_pack(stored(app, pack_id).slug)
        assert [q.type for q in pack.questions] == list(QUESTION_FORMS)
        numeric = pack.question("numeric")
        assert (numeric.answer, numeric.tolerance) == (9_200_000, 100_000)
        assert pack.question("short_text").accepted["en"] == ("Anna Berg", "Berg")
        assert pack.question("single_choice").options[1].feedback["de"] == "Das sind die Seen."
        assert pack.question("ordering").quotes[0].translation == {
            "de": "Etwa 9,2 Millionen Menschen leben in der Region"
        }


def test_the_editor_refuses_what_the_checker_refuses_in_the_teachers_words(app, teacher):
    pack_id = create_pack(teacher)
    data = {**common("q1", quote="About 9.3 million people live"), "answer": "1"}
    response = add_question(teacher, app, pack_id, "true_false", data, expect=422)
    body = page_html(response)
    assert "The quote is not in the article word for word. Closest passage (p2):" in body
    assert stored(app, pack_id).draft["questions"] == []
    # The same in German for a German teacher.
    teacher.post("/language", {"language": "de", "next": "/"})
    body = page_html(add_question(teacher, app, pack_id, "true_false", data, expect=422))
    assert "Das Zitat steht nicht wörtlich im Artikel. Nächste Stelle (p2):" in body


def test_a_missing_translation_is_shown_at_its_field(app, teacher):
    pack_id = create_pack(teacher)
    data = {**common("q1"), "answer": "1", "prompt.de": ""}
    body = page_html(add_question(teacher, app, pack_id, "true_false", data, expect=422))
    assert re.search(r'id="prompt-de-error"[^>]*>.*Write “Prompt” in German.', body, re.S)


def test_unknown_paragraph_and_a_quote_longer_than_its_paragraph_are_refused(app, teacher):
    pack_id = create_pack(teacher)
    unknown = {**common("q1", paragraph="p99"), "answer": "1"}
    body = page_html(add_question(teacher, app, pack_id, "true_false", unknown, expect=422))
    assert "The article has no paragraph p99: choose one of its paragraphs" in body
    longer = ARTICLE.split("\n\n")[1] + " And then some more words that the paragraph lacks."
    body = page_html(
        add_question(
            teacher, app, pack_id, "true_false", {**common("q1", quote=longer), "answer": "1"}, 422
        )
    )
    assert 'id="quotes-0-text-error"' in body and "Closest passage (p2)" in body
    assert stored(app, pack_id).draft["questions"] == []


def test_duplicate_reorder_and_delete(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    url = f"/instructor/packs/{pack_id}/questions/1/arrange"
    teacher.post(url, {"action": "duplicate", "revision": revision(app, pack_id)})
    assert [q["id"] for q in stored(app, pack_id).draft["questions"]] == ["q1", "q1-2"]
    teacher.post(url, {"action": "down", "revision": revision(app, pack_id)})
    assert [q["id"] for q in stored(app, pack_id).draft["questions"]] == ["q1-2", "q1"]
    asked = teacher.post(url, {"action": "delete", "revision": revision(app, pack_id)})
    assert "Prompt of q1?" in page_html(asked)
    assert [q["id"] for q in stored(app, pack_id).draft["questions"]] == ["q1-2", "q1"]
    confirmed = {"action": "delete", "confirmed": "1", "revision": revision(app, pack_id)}
    teacher.post(url, confirmed)
    assert [q["id"] for q in stored(app, pack_id).draft["questions"]] == ["q1"]


def test_the_second_of_two_saves_from_the_same_page_is_refused_saying_what_changed(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    shown = revision(app, pack_id)
    base = teacher.get(f"/instructor/packs/{pack_id}/questions/1").get_data(as_text=True)
    base_value = re.search(r'name="base" value="([^"]*)"', base).group(1)
    base_value = html.unescape(base_value)
    first = {**common("q1"), "answer": "1", "prompt.en": "First teacher's prompt?"}
    second = {**common("q1"), "answer": "", "prompt.en": "Second teacher's prompt?"}
    url = f"/instructor/packs/{pack_id}/questions/1"
    assert teacher.post(url, {**first, "revision": shown, "base": base_value}).status_code == 303
    refused = teacher.post(url, {**second, "revision": shown, "base": base_value})
    assert refused.status_code == 409
    body = page_html(refused)
    assert "Someone else saved this pack" in body
    assert "They changed: Prompt." in body
    assert stored(app, pack_id).draft["questions"][0]["prompt"]["en"] == "First teacher's prompt?"


def test_paragraphs_are_marked_merged_and_split_unless_a_quote_depends_on_them(app, teacher):
    pack_id = create_pack(teacher, text=ARTICLE + "\n\nPhoto: the lake at dawn.")
    url = f"/instructor/packs/{pack_id}/paragraphs"

    def change(**data):
        return teacher.post(url, {**data, "revision": revision(app, pack_id)})

    assert change(paragraph="p1", action="heading").status_code == 303
    assert change(paragraph="p5", action="caption").status_code == 303
    paragraphs = stored(app, pack_id).draft["source"]["paragraphs"]
    assert [p.get("kind") for p in paragraphs] == ["heading", None, None, None, "caption"]
    assert change(paragraph="p3", action="split", start="“It is a place").status_code == 303
    paragraphs = stored(app, pack_id).draft["source"]["paragraphs"]
    assert [p["id"] for p in paragraphs] == ["p1", "p2", "p3", "p6", "p4", "p5"]
    assert paragraphs[3]["text"].startswith("“It is a place of calm,”")
    assert change(paragraph="p3", action="merge").status_code == 303
    assert len(stored(app, pack_id).draft["source"]["paragraphs"]) == 5
    quote = "About 9.2 million people live in the region"
    add_question(teacher, app, pack_id, "true_false", {**common("q1", "p2", quote), "answer": "1"})
    refused = change(paragraph="p2", action="merge")
    assert refused.status_code == 422
    assert "A question quotes paragraph p2" in page_html(refused)
    unknown = change(paragraph="p42", action="heading")
    assert unknown.status_code == 422 and "There is no paragraph p42" in page_html(unknown)


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("article.pdf", b"%PDF-1.7", "This kind of file cannot be read"),
        ("article.docx", b"not a zip at all", "is not a Word document"),
        (
            "menu.html",
            b"<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav></body></html>",
            "No article text was found in this web page",
        ),
        ("empty.txt", b"   \n\n  ", "The article is empty"),
    ],
)
def test_a_bad_upload_is_refused_at_its_field_and_nothing_is_stored(
    app, teacher, filename, content, message
):
    data = {
        "title": "T",
        "publisher": "P",
        "language": "en",
        "languages": ["en"],
        "upload": (io.BytesIO(content), filename),
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 422
    assert re.search(r'id="upload-error"[^>]*>.*' + re.escape(message), page_html(response), re.S)
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count(StoredPack.id)).where(StoredPack.owner_id.isnot(None))
            )
            == 0
        )


def test_an_upload_over_the_limit_is_refused_with_413(app, teacher):
    data = {
        "title": "T",
        "publisher": "P",
        "language": "en",
        "languages": ["en"],
        "upload": (io.BytesIO(b"x" * (3 * 1024 * 1024)), "big.txt"),
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 413
    assert "larger than 2 MB" in page_html(response)


def test_an_empty_pasted_article_is_refused_at_the_text(app, teacher):
    response = teacher.post(
        "/instructor/packs/new",
        {"title": "T", "publisher": "P", "language": "en", "languages": ["en"], "text": " "},
    )
    assert response.status_code == 422
    assert re.search(r'id="text-error"[^>]*>.*The article is empty', page_html(response), re.S)


def test_html_keeps_the_main_text_and_drops_scripts_styles_and_markup(app, teacher):
    article = (
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav><article><h1>Lakes</h1>"
        + "".join(
            f"<p>Paragraph {n} tells of <b>lakes</b> and <a href='#'>rivers</a> in the north, "
            "where people fish and swim in summer.</p>"
            for n in range(1, 4)
        )
        + "</article><footer>Copyright</footer></body></html>"
    )
    data = {
        "title": "Lakes",
        "publisher": "P",
        "language": "en",
        "languages": ["en"],
        "upload": (io.BytesIO(article.encode()), "lakes.html"),
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 303, page_html(response)[-2000:]
    pack_id = int(response.headers["Location"].rsplit("/", 1)[1])
    paragraphs = stored(app, pack_id).draft["source"]["paragraphs"]
    text = " ".join(p["text"] for p in paragraphs)
    assert "Paragraph 1 tells of lakes and rivers in the north" in text
    assert not re.search(r"alert|color:red|<|Copyright|Home", text)
    assert paragraphs[0] == {"id": "h1", "text": "Lakes", "kind": "heading"}


def test_a_word_document_keeps_its_headings_and_captions(app, teacher):
    import docx

    document = docx.Document()
    document.add_heading("Lakes of the North", level=1)
    document.add_paragraph("About 9.2 million people live in the region.")
    document.add_paragraph("A lake at dawn.", style="Caption")
    buffer = io.BytesIO()
    document.save(buffer)
    data = {
        "title": "Lakes",
        "publisher": "P",
        "language": "en",
        "languages": ["en"],
        "upload": (io.BytesIO(buffer.getvalue()), "lakes.docx"),
    }
    response = teacher.post("/instructor/packs/new", data)
    assert response.status_code == 303, page_html(response)[-2000:]
    pack_id = int(response.headers["Location"].rsplit("/", 1)[1])
    kinds = [(p["id"], p.get("kind")) for p in stored(app, pack_id).draft["source"]["paragraphs"]]
    assert kinds == [("h1", "heading"), ("p1", None), ("c1", "caption")]


def test_markdown_headings_and_markup(app, teacher):
    text = "# Lakes\n\nAbout **9.2 million** people live [here](https://example.org).\n"
    data = {
        "title": "Lakes",
        "publisher": "P",
        "language": "en",
        "languages": ["en"],
        "upload": (io.BytesIO(text.encode()), "lakes.md"),
    }
    response = teacher.post("/instructor/packs/new", data)
    pack_id = int(response.headers["Location"].rsplit("/", 1)[1])
    paragraphs = stored(app, pack_id).draft["source"]["paragraphs"]
    assert paragraphs == [
        {"id": "h1", "text": "Lakes", "kind": "heading"},
        {"id": "p1", "text": "About 9.2 million people live here."},
    ]


def test_preview_in_german_keeps_the_teacher_signed_in_and_counts_nowhere(app, teacher):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    url = f"/instructor/packs/{pack_id}/preview/1?language=de"
    question = page_html(teacher.get(url))
    assert '<html lang="de">' in question and "Frage q1?" in question
    answered = teacher.get(url + "&answered=1&answer=false")
    assert answered.status_code == 200
    body = page_html(answered)
    assert "Nicht richtig" in body and "Weil es im Artikel steht." in body
    assert teacher.get("/instructor/").status_code == 200  # still signed in
    slug = stored(app, pack_id).slug
    assert teacher.get(f"/packs/{slug}/source").status_code == 200  # the draft's article
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 0
        assert db.session.scalar(db.select(db.func.count(Learner.id))) == 0


def test_a_pack_is_its_teachers_until_shared_then_others_see_and_copy_it(
    app, teacher, other_teacher
):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    urls = [
        f"/instructor/packs/{pack_id}",
        f"/instructor/packs/{pack_id}/questions/1",
        f"/instructor/packs/{pack_id}/preview/1",
    ]
    for url in urls:
        assert other_teacher.get(url).status_code == 404, url
    assert other_teacher.post(f"/instructor/packs/{pack_id}/copy").status_code == 404
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303
    assert other_teacher.get(urls[0]).status_code == 404  # published, but not shared
    slug = stored(app, pack_id).slug
    assert slug not in page_html(teacher.get("/"))  # not on the public start page
    teacher.post(f"/instructor/packs/{pack_id}/library", {"in_library": "1"})
    assert other_teacher.get(urls[0]).status_code == 200
    assert other_teacher.get(urls[1]).status_code == 404  # others cannot edit
    copied = other_teacher.post(f"/instructor/packs/{pack_id}/copy")
    assert copied.status_code == 303
    copy_id = int(copied.headers["Location"].rsplit("/", 1)[1])
    copy = stored(app, copy_id)
    assert copy.draft["questions"] == stored(app, pack_id).draft["questions"]
    assert teacher.get(f"/instructor/packs/{copy_id}").status_code == 404


def test_a_published_pack_is_assigned_and_taken(app, teacher, new_learner_browser):
    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    teacher.post(f"/instructor/packs/{pack_id}/publish")
    slug = stored(app, pack_id).slug
    classroom_id, code = teacher.create_classroom()
    assignment_id = teacher.assign(classroom_id, pack_slug=slug)
    learner = new_learner_browser()
    learner.join(code, "Ana")
    attempt_id = learner.start_assignment(assignment_id)
    assert learner.answer(attempt_id, 1, answer="true").status_code == 303
    assert learner.post(f"/attempts/{attempt_id}/submit").status_code == 303  # "Submit all"
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).score == 1.0
    assert learner.get(f"/packs/{slug}/source").status_code == 200  # its assigned article
    assert new_learner_browser().get(f"/packs/{slug}/source").status_code == 404


def test_an_edit_published_through_one_server_is_served_by_the_other(app, teacher, tmp_path):
    from quizapp import create_app

    pack_id = create_pack(teacher)
    add_question(teacher, app, pack_id, "true_false", {**common("q1"), "answer": "1"})
    teacher.post(f"/instructor/packs/{pack_id}/publish")
    other = create_app(
        {**app.config, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    slug = stored(app, pack_id).slug
    changed = {**common("q1"), "answer": "1", "prompt.en": "Is the region home to 9.2 million?"}
    url = f"/instructor/packs/{pack_id}/questions/1"
    assert teacher.post(url, {**changed, "revision": revision(app, pack_id)}).status_code == 303
    teacher.post(f"/instructor/packs/{pack_id}/publish")
    with other.app_context():
        assert (
            published_pack(slug).questions[0].prompt["en"] == "Is the region home to 9.2 million?"
        )
        assert (
            db.session.scalar(
                db.select(db.func.count(PackVersion.id))
                .join(StoredPack)
                .where(StoredPack.slug == slug)
            )
            == 2
        )
        db.engine.dispose()


def test_suggestions_from_the_articles_facts_are_grounded_and_accepted_into_the_editor(
    app, teacher
):
    from quizapp.authoring.suggestions import suggestions

    pack_id = create_pack(teacher)
    offered = suggestions(stored(app, pack_id).draft)
    numbers = {q["answer"]: q["quotes"][0]["text"] for q in offered if q["type"] == "numeric"}
    assert numbers[9.2] == (
        "About 9.2 million people live in the region, and most of them live near one of its"
        " 1,000 lakes."
    )
    scaled = next(q for q in offered if q["type"] == "numeric" and q["answer"] == 9.2)
    assert scaled["unit"] == {"en": "million people"}  # the scale kept: 9.2 million
    assert 1000 in numbers and 76 in numbers
    speakers = [q["accepted"]["any"] for q in offered if q["type"] == "short_text"]
    assert ["Anna Berg", "Berg"] in speakers  # who said "It is a place of calm"
    body = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "Suggested questions from the article" in body
    first = next(i for i, q in enumerate(offered) if q["type"] == "numeric")
    url = f"/instructor/packs/{pack_id}/questions/new?type=numeric&suggestion={first}"
    form = page_html(teacher.get(url))
    assert 'name="answer" value="9.2"' in form
    assert "About 9.2 million people live in the region" in form
    data = {
        **texts("prompt", "How many people live in the region?", "Wie viele Menschen?"),
        **texts("explanation", "About 9.2 million.", "Etwa 9,2 Millionen."),
        "id": "people",
        "answer": "9200000",
        "quotes.0.paragraph": "p2",
        "quotes.0.text": numbers[9.2],
        "revision": revision(app, pack_id),
    }
    assert teacher.post(url, data).status_code == 303
    assert stored(app, pack_id).draft["questions"][0]["answer"] == 9_200_000


def test_a_german_article_is_read_with_german_numbers():
    from quizapp.engine.numbers import read_written_number as read_number

    assert read_number("9,2 Millionen", "de") == 9_200_000
    assert read_number("neun Millionen", "de") == 9_000_000
    assert read_number("$1.13bn", "en") == 1_130_000_000
    assert read_number("76%", "en") == 76
