"""Soft hyphens, zero-width characters and other invisible format characters (Unicode category
Cf) stay in the article as the publisher wrote it, but never stand between a teacher and a quote:
quotes match as the text reads, are highlighted where they stand, and messages show the text as
it reads."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from pages import page_html
from test_authoring import add_question, common, create_pack, revision

from quizapp.authoring.drafting import quote_holds
from quizapp.engine import locate
from quizapp.engine.text import readable, repeats_headline

SOFT = "\u00ad"
ARTICLE = (
    "Lakes of the North\n\n"
    "About 9.2 million people live in the region, and most of them live near one of its lakes.\n\n"
    f"The plan is unpro{SOFT}blematisch, says the mayor. The lake is 76 kilo\u200bmetres long.\n\n"
    "The water is cold even in summer, and the lake freezes in December."
)
PARAGRAPH = (
    "About 9.2 million people live in the region, and most of them live near one of its "
    "1,000 lakes. “It is a place of calm,” says Anna Berg, a guide."
)
INVISIBLE = st.characters(categories=["Cf"])


def test_a_quote_typed_as_it_reads_matches_and_maps_back_to_the_original_text():
    text = f"Das ist unpro{SOFT}blematisch, sagt sie."
    start, end = locate(text, "ist unproblematisch")
    assert text[start:end] == f"ist unpro{SOFT}blematisch"
    assert locate("\ufeffA\u2060B\u200c C\u200d", "AB C") == (1, 7)
    assert locate(text, f"unpro{SOFT}{SOFT}blematisch\u200b") is not None  # either side
    assert quote_holds(text, "ist unproblematisch")
    assert readable(text) == "Das ist unproblematisch, sagt sie."


@given(
    st.lists(st.tuples(st.integers(0, len(PARAGRAPH)), INVISIBLE), max_size=12),
    st.integers(0, 20),
    st.integers(1, 12),
)
def test_invisible_characters_anywhere_never_break_a_quote(insertions, first, length):
    words = PARAGRAPH.split()
    quote = " ".join(words[first : first + length])
    text = PARAGRAPH
    for position, char in sorted(insertions, reverse=True):
        text = text[:position] + char + text[position:]
    span = locate(text, quote)
    assert span is not None
    assert " ".join(readable(text[span[0] : span[1]]).split()) == quote
    assert all(unicodedata.category(c) == "Cf" for c in text if c not in PARAGRAPH)


def test_the_editor_takes_the_quote_and_the_feedback_highlights_it_where_it_stands(app, teacher):
    pack_id = create_pack(teacher, text=ARTICLE)
    quoted = common("q1", paragraph="p3", quote="The plan is unproblematisch")
    add_question(teacher, app, pack_id, "true_false", {**quoted, "answer": "1"})
    url = f"/instructor/packs/{pack_id}/preview/1?answered=1&answer=true"
    body = page_html(teacher.get(url))
    assert f"<mark>The plan is unpro{SOFT}blematisch</mark>, says the mayor." in body
    assert teacher.post(f"/instructor/packs/{pack_id}/publish").status_code == 303


def test_a_message_quoting_the_article_shows_it_as_it_reads(app, teacher):
    pack_id = create_pack(teacher, text=ARTICLE)
    quoted = common("q1", paragraph="p3", quote="The plan is unproblematic, the mayor says")
    refused = add_question(
        teacher, app, pack_id, "true_false", {**quoted, "answer": "1"}, expect=422
    )
    body = page_html(refused)
    assert "The plan is unproblematisch, says the mayor." in body
    assert "\\xad" not in body and "\\u200b" not in body

    fine = common("q1", paragraph="p3", quote="The lake is 76 kilometres long")
    add_question(teacher, app, pack_id, "true_false", {**fine, "answer": "1"})
    changed = teacher.post(
        f"/instructor/packs/{pack_id}/paragraphs",
        {
            "paragraph": "p3",
            "action": "text",
            "text": f"The plan is unpro{SOFT}blematisch. The lake is 67 kilometres long.",
            "revision": revision(app, pack_id),
        },
    )
    assert changed.status_code == 303
    page = page_html(teacher.get(f"/instructor/packs/{pack_id}"))
    assert "Closest passage (p3): “The lake is 67 kilometres long.”" in page


@given(st.lists(st.tuples(st.integers(0, 18), INVISIBLE), max_size=6))
def test_invisible_characters_do_not_hide_a_repeated_headline(insertions):
    line = "Lakes of the North"
    for position, char in sorted(insertions, reverse=True):
        line = line[:position] + char + line[position:]
    assert repeats_headline(line, "LAKES OF THE NORTH.")
    assert repeats_headline("Seen im Norden:", "Seen im Norden") and not repeats_headline(
        "Seen", ""
    )
