"""The one sentence splitter (engine/sentences.py) and the grading of a marked sentence against a
question's quotes, in English and German."""

import pytest

from quizapp.engine.sentences import (
    proves,
    quote_span,
    sentence_id,
    sentences_of,
)


def texts(paragraph: str, language: str) -> list[str]:
    return [s.text for s in sentences_of("p1", paragraph, language)]


@pytest.mark.parametrize(
    "paragraph,language,expected",
    [
        (
            "Dr. Smith met Mr. Jones in the U.S. capital. They talked.",
            "en",
            ["Dr. Smith met Mr. Jones in the U.S. capital.", "They talked."],
        ),
        (
            "Prices rose 4.5 percent to 1.000 units. Then they fell.",
            "en",
            ["Prices rose 4.5 percent to 1.000 units.", "Then they fell."],
        ),
        (
            "He said: “We will not go.” The crowd cheered.",
            "en",
            ["He said: “We will not go.”", "The crowd cheered."],
        ),
        (
            'She wrote "It is over." Nobody answered.',
            "en",
            ['She wrote "It is over."', "Nobody answered."],
        ),
        (
            "Das gilt z. B. für Lehrer, d. h. für alle. Sie stimmten zu.",
            "de",
            ["Das gilt z. B. für Lehrer, d. h. für alle.", "Sie stimmten zu."],
        ),
        (
            "Die Wahl findet am 3. Mai statt. Es kamen ca. 4,5 Mio. Menschen bzw. mehr.",
            "de",
            ["Die Wahl findet am 3. Mai statt.", "Es kamen ca. 4,5 Mio. Menschen bzw. mehr."],
        ),
        (
            "„Wir gehen nicht“, sagte Dr. Müller. »Nie.« Nr. 5 folgt.",
            "de",
            ["„Wir gehen nicht“, sagte Dr. Müller.", "»Nie.«", "Nr. 5 folgt."],
        ),
        (
            "Der Preis stieg um 1.000 Euro auf 4.5 Prozent. Danach fiel er.",
            "de",
            ["Der Preis stieg um 1.000 Euro auf 4.5 Prozent.", "Danach fiel er."],
        ),
    ],
)
def test_sentences_end_where_the_text_does(paragraph, language, expected):
    assert texts(paragraph, language) == expected


def test_a_sentence_keeps_its_place_and_a_stable_id():
    paragraph = "Erstens. Zweitens kommt dann. Drittens."
    found = sentences_of("p4", paragraph, "de")
    assert [s.id for s in found] == ["p4:0", "p4:1", "p4:2"]
    for sentence in found:
        assert paragraph[sentence.start : sentence.end] == sentence.text
    assert sentence_id("p4", 1) == "p4:1"


PARAGRAPH = (
    "Lukashenko met Putin in Sochi. He said Belarus would not send troops. "
    "Analysts doubted it, e.g. Dr. Karbalevich."
)


def marked(index: int, paragraph: str = PARAGRAPH, language: str = "en"):
    return sentences_of("p2", paragraph, language)[index]


def test_a_sentence_holding_the_quote_proves_the_answer_and_its_neighbours_do_not():
    span = quote_span("p2", PARAGRAPH, "Belarus would not send troops")
    assert proves(marked(1), [span])
    assert not proves(marked(0), [span])
    assert not proves(marked(2), [span])


def test_a_sentence_within_a_longer_quote_proves_it():
    span = quote_span("p2", PARAGRAPH, "in Sochi. He said Belarus would not send troops.")
    assert proves(marked(0), [span]) and proves(marked(1), [span])
    assert not proves(marked(2), [span])


def test_the_quote_is_found_as_the_text_reads_and_only_in_its_paragraph():
    paragraph = "„Wir schicken keine Truppen“, sagte er. Die Analysten zweifelten."
    span = quote_span("p2", paragraph, '"Wir schicken keine Truppen"')
    assert span is not None
    assert proves(marked(0, paragraph, "de"), [span])
    assert not proves(marked(1, paragraph, "de"), [span])
    other_paragraph = ("p3", span[1], span[2])
    assert not proves(marked(0, paragraph, "de"), [other_paragraph])
    assert quote_span("p2", paragraph, "nicht im Text") is None
