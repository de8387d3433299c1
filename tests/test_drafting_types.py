"""The drafts that give an article with numbers and a quoted person five types (issue 24, point 1):
figures matched to what they count, "which statements does the article make", a name's gap as a
short answer; in English and German, and on the stored articles in tests/articles/."""

from pathlib import Path

import pytest
from test_drafting import ARTICLES, drafted, load_article, source

from quizapp.authoring.drafting import drafts_for, quote_holds
from quizapp.authoring.drafting.article import cut_at_clause, read_article
from quizapp.authoring.drafting.matching import figures_to_what_they_count

QUAKE = {
    "en": source(
        "en",
        "At least 400 people have been killed and a further 10,000 injured after a magnitude 6.9"
        " earthquake struck the county. The epicentre lay 240 kilometres north of the capital.",
        "Around 85% of the buildings in the town were destroyed. Soldiers have been sent there.",
    ),
    "de": source(
        "de",
        "Mindestens 400 Menschen kamen ums Leben, weitere 10.000 Verletzte wurden gezählt. Das"
        " Beben hatte eine Stärke von 6,9 auf der Richterskala. Das Epizentrum lag 240 Kilometer"
        " nördlich der Hauptstadt.",
        "Rund 85 Prozent der Gebäude in der Stadt wurden zerstört. Soldaten wurden geschickt.",
    ),
}
FIGURES_PROMPT = {
    "en": "Match each gap to the figure the article gives there.",
    "de": "Ordne jeder Lücke die Zahl zu, die der Artikel dort nennt.",
}
STATEMENTS_PROMPT = {
    "en": "Which statements does the article make? Tick every one.",
    "de": "Welche Aussagen macht der Artikel? Kreuze alle an.",
}
TOWN = {
    "en": source(
        "en",
        "The bridge over the river was opened on May 3, 2001. The town hall burned down on June"
        " 9, 1998.",
        "Most people in the town work at the harbour. The school has a new library. Tourists"
        " visit the old castle every summer.",
    ),
    "de": source(
        "de",
        "Die Brücke über den Fluss wurde am 3. Mai 2001 eröffnet. Das Rathaus brannte am 9. Juni"
        " 1998 ab.",
        "Die meisten Menschen der Stadt arbeiten am Hafen. Die Schule hat eine neue Bibliothek."
        " Touristen besuchen jeden Sommer die alte Burg.",
    ),
}


def paragraphs(src: dict) -> dict:
    return {p["id"]: p["text"] for p in src["paragraphs"]}


# -- figures to what they count -------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, figures, item",
    [
        ("en", {"10,000", "6.9"}, "a further ___ injured"),
        ("de", {"10.000", "6,9"}, "weitere ___ Verletzte wurden gezählt"),
    ],
)
def test_figures_are_matched_to_the_clause_that_says_what_they_count(language, figures, item):
    src = QUAKE[language]
    draft = figures_to_what_they_count(read_article(src))
    question = draft.question(language)
    items = [i["text"][language] for i in question["items"]]
    choices = [c["text"][language] for c in question["choices"]]
    assert question["prompt"][language] == FIGURES_PROMPT[language]
    assert figures <= set(choices)  # as the article writes them: 10,000 / 10.000, 6.9 / 6,9
    assert item in items
    assert 3 <= len(items) <= 5 and len(set(choices)) == len(choices)
    assert all("___" in text and not any(c in text for c in choices) for text in items)
    quoted = " ".join(q.reads for q in draft.quotes)
    for text in items:  # built from its own sentence
        assert all(word in quoted for word in text.split() if word not in ("___", "…"))
    assert len({q.index for q in draft.quotes}) == len(draft.quotes)
    assert all(quote_holds(paragraphs(src)[q.paragraph], q.text) for q in draft.quotes)


@pytest.mark.parametrize("language", ["en", "de"])
def test_figures_leave_one_figure_to_the_numeric_drafts_and_need_three_units(language):
    src = QUAKE[language]
    draft = figures_to_what_they_count(read_article(src))
    counted = {fact for fact in draft.facts}
    amounts = {
        (a.kind, a.value) for read in read_article(src).reads for a in read.amounts
    } - counted
    assert amounts  # a figure is left for a numeric draft
    two = source(language, src["paragraphs"][0]["text"].split(". ")[0] + ".")
    assert figures_to_what_they_count(read_article(two)) is None


@pytest.mark.parametrize("name", ["en-yushu-earthquake", "de-tuerkei-wahl"])
def test_a_figure_matched_is_asked_by_no_other_draft_and_numeric_drafts_stay(name):
    src = load_article(Path(__file__).parent / "articles" / f"{name}.txt")
    drafts = drafts_for(src)
    (figures,) = [d for d in drafts if d.prompt == FIGURES_PROMPT[src["language"]]]
    assert not any(figures.facts & other.facts for other in drafts if other is not figures)
    assert sum(d.type == "numeric" for d in drafts) >= 4
    assert drafts.index(figures) < 10  # near the top, its type's turn


# -- which statements does the article make --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
def test_which_statements_shows_sentences_as_they_stand_and_one_with_a_swap(language):
    src = TOWN[language]
    questions = drafted(src)
    (question,) = [q for q in questions if q["prompt"][language] == STATEMENTS_PROMPT[language]]
    options = question["options"]
    right = [o for o in options if o["correct"]]
    wrong = [o for o in options if not o["correct"]]
    assert 2 <= len(right) <= 3 and 1 <= len(wrong) <= 2
    quotes = [q["text"] for q in question["quotes"]]
    assert len(quotes) == len(options) and len(set(quotes)) == len(quotes)
    for option in right:
        assert option["text"][language] in quotes  # as it stands
    for option in wrong:
        assert option["text"][language] not in quotes
    for option, quote in zip(options, quotes, strict=True):  # each feedback quotes its sentence
        assert quote in option["feedback"][language]
    text = paragraphs(src)
    assert all(quote_holds(text[q["paragraph"]], q["text"]) for q in question["quotes"])


@pytest.mark.parametrize("language", ["en", "de"])
def test_which_statements_takes_sentences_no_other_draft_uses(language):
    drafts = drafts_for(TOWN[language])
    (statements,) = [d for d in drafts if d.prompt == STATEMENTS_PROMPT[language]]
    used = {q.index for d in drafts if d is not statements for q in d.quotes}
    assert not used & {q.index for q in statements.quotes}


@pytest.mark.parametrize(
    "text, keep, cut",
    [
        (
            "The main affected area was Puerto Rico, where at least four people have died and"
            " most of the island remained without power for days.",
            0,
            "The main affected area was Puerto Rico, where at least four people have died …",
        ),
        (
            "Die EU-Kommission hat Sri Lanka bereits im Jahr 2012 förmlich verwarnt, da das Land"
            " illegale Fischerei nach Auffassung der Kommission nicht genug bekämpft.",
            50,
            "Die EU-Kommission hat Sri Lanka bereits im Jahr 2012 förmlich verwarnt …",
        ),
        ("A short statement stays whole.", 0, "A short statement stays whole."),
    ],
)
def test_a_long_option_is_cut_after_the_clause_that_holds_its_fact(text, keep, cut):
    assert cut_at_clause(text, keep) == cut


# -- a name's gap as a short answer -------------------------------------------------------------


NAMES = {
    "en": source(
        "en",
        "Staff of the National Health Service earn more than before. The NHS board in Glasgow"
        " employs 893 staff.",
        "Finance minister Evangelos Venizelos asked for a new government. The parliament met"
        " the party leaders.",
    ),
    "de": source(
        "de",
        "Finanzminister Evangelos Venizelos verlangte eine Übergangsregierung. Das Parlament traf"
        " die Parteichefs.",
        "Die Hilfsgüter kamen aus Thessaloniki. Die Regierung tagte bis in die Nacht.",
    ),
}


@pytest.mark.parametrize(
    "language, gap, accepted",
    [
        (
            "en",
            "Which name belongs in the gap? Finance minister ___ asked for a new government.",
            ["Evangelos Venizelos", "Venizelos"],
        ),
        (
            "en",
            "Which name belongs in the gap? Staff of the ___ earn more than before.",
            ["National Health Service", "NHS"],
        ),
        (
            "de",
            "Welcher Name gehört in die Lücke? Finanzminister ___ verlangte eine"
            " Übergangsregierung.",
            ["Evangelos Venizelos", "Venizelos"],
        ),
        (
            "de",
            "Welcher Name gehört in die Lücke? Die Hilfsgüter kamen aus ___.",
            ["Thessaloniki"],
        ),
    ],
)
def test_a_name_without_distractors_of_its_kind_is_a_short_answer_gap(language, gap, accepted):
    asked = {
        q["prompt"][language]: q["accepted"]["any"]
        for q in drafted(NAMES[language])
        if q["type"] == "short_text"
    }
    assert asked[gap] == accepted


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_name_a_single_choice_can_ask_is_no_short_answer_gap(language):
    people = {
        "en": "Mayor Anna Berg opened the school. Governor Tom Hale closed the road. Professor"
        " Eva Roth opened the museum. Senator Jan Holt closed the bank.",
        "de": "Bürgermeisterin Anna Berg eröffnete die Schule. Präsident Tom Hale sperrte die"
        " Straße. Professorin Eva Roth eröffnete das Museum. Ministerin Jana Holt schloss die"
        " Bank.",
    }[language]
    questions = drafted(source(language, people))
    assert any(q["type"] == "single_choice" for q in questions)
    assert not [q for q in questions if q["type"] == "short_text"]


# -- the stored articles --------------------------------------------------------------------------


def numbers_and_a_quoted_person(path: Path) -> bool:
    """An article whose text has an amount and a person it quotes, by the drafting's reading."""
    reads = read_article(load_article(path)).reads
    return any(r.amounts for r in reads) and any(r.speaker and r.speech for r in reads)


QUOTING = [path for path in ARTICLES if numbers_and_a_quoted_person(path)]


def test_the_stored_articles_with_numbers_and_a_quoted_person_are_the_four_measured():
    assert sorted(p.stem for p in QUOTING) == [
        "de-papandreou-vertrauen",
        "en-nhs-scotland-salaries",
        "en-sydney-mardi-gras",
        "en-yushu-earthquake",
    ]


@pytest.mark.parametrize("path", QUOTING, ids=[p.stem for p in QUOTING])
def test_a_stored_article_with_numbers_and_a_quoted_person_gets_five_types(path):
    src = load_article(path)
    questions = drafted(src)
    text = paragraphs(src)
    assert all(quote_holds(text[q["paragraph"]], q["text"]) for d in questions for q in d["quotes"])
    assert len({q["type"] for q in questions}) >= 5


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_every_type_offered_takes_a_turn_among_the_first_ten(path):
    questions = drafted(load_article(path))
    assert {q["type"] for q in questions} == {q["type"] for q in questions[:10]}


# -- small numbers in words, counted nouns, one of two figures, works' names ----------------------


def amounts_in(language: str, text: str) -> list[tuple]:
    return [(a.text, a.number, a.unit) for r in read_article(source(language, text)).reads
            for a in r.amounts]  # fmt: skip


@pytest.mark.parametrize(
    "language, text, amount",
    [
        ("en", "At least nine aftershocks have shaken the area.", ("nine", 9, "aftershocks")),
        ("de", "Zwei Abgeordnete blieben der Abstimmung fern.", ("Zwei", 2, "Abgeordnete")),
        ("en", "Turnout stayed under ten percent in the north.", ("ten percent", 10, "percent")),
        ("de", "Festerling blieb unter zehn Prozent.", ("zehn Prozent", 10, "Prozent")),
        ("en", "About nine million people live there.", ("nine million", 9, "million people")),
        (
            "de",
            "Rund neun Millionen Menschen leben dort.",
            ("neun Millionen", 9, "Millionen Menschen"),
        ),
    ],
)
def test_a_small_number_in_words_is_an_amount_where_its_noun_follows(language, text, amount):
    assert amounts_in(language, text) == [amount]


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "One man watched Channel Four News with two of his friends and one woman."),
        (
            "de",
            "Ein Mann sah die Sendung Drei Engel, drei stehen auf und zwei seiner Freunde gehen.",
        ),
    ],
)
def test_no_amount_from_one_a_name_or_a_number_word_without_its_noun(language, text):
    assert amounts_in(language, text) == []


@pytest.mark.parametrize(
    "language, prompt",
    [
        ("en", "At least how many aftershocks have shaken the area since Monday?"),
        (
            "de",
            "Setze die Zahl aus dem Artikel ein: Gestern wurden am Bahnhof ___ Verletzte gezählt.",
        ),
    ],
)
def test_a_number_in_words_is_asked_like_digits(language, prompt):
    text = {
        "en": "At least nine aftershocks have shaken the area since Monday.",
        "de": "Gestern wurden am Bahnhof zwei Verletzte gezählt.",
    }[language]
    (question,) = drafted(source(language, text))
    assert question["prompt"][language] == prompt
    assert question["answer"] == {"en": 9, "de": 2}[language]


VOTE = {
    "en": source(
        "en",
        "The government was backed by 153 members in the vote. 145 members voted against it, and"
        " two members stayed away.",
    ),
    "de": source(
        "de",
        "Dabei stimmten 153 Parlamentsabgeordneten für die Regierung. 145 Abgeordnete stimmten mit"
        " Nein, zwei Abgeordnete blieben der Abstimmung fern.",
    ),
}


@pytest.mark.parametrize("language, options", [("en", ["153", "145", "two"]),
                                               ("de", ["153", "145", "zwei"])])  # fmt: skip
def test_a_single_choice_offers_other_amounts_of_the_same_counted_noun(language, options):
    """German counts "Parlamentsabgeordneten" and "Abgeordnete" as one noun; the question for
    145 ranks above the gap for 153, which is left to the single choice."""
    questions = drafted(VOTE[language])
    (choice,) = [q for q in questions if q["type"] == "single_choice"]
    assert [o["text"][language] for o in choice["options"]] == options
    assert [o["correct"] for o in choice["options"]] == [True, False, False]
    assert 153 not in [q.get("answer") for q in questions if q["type"] == "numeric"]


def test_a_german_counted_noun_is_one_kind_whatever_its_ending_but_not_another_measure():
    kinds = {
        a.text: a.kind
        for r in read_article(
            source(
                "de",
                "Dafür stimmten 153 Parlamentsabgeordneten. Dagegen stimmten 145 Abgeordnete. Der"
                " See ist 12 Kilometer lang und 40 Quadratkilometer groß.",
            )
        ).reads
        for a in r.amounts
    }
    assert kinds["153"] == kinds["145"]
    assert kinds["12"] != kinds["40"]


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "They cheered the 6,000 participants and 120 floats on the route."),
        ("de", "Sie bejubelten die 6.000 Teilnehmer und 120 Festwagen auf der Strecke."),
    ],
)
def test_two_gaps_that_show_each_others_figure_are_offered_once(language, text):
    numeric = [q for q in drafted(source(language, text)) if q["type"] == "numeric"]
    assert [q["answer"] for q in numeric] == [6000]


@pytest.mark.parametrize(
    "language, text, conversion",
    [
        (
            "en",
            "The quake struck at a depth of 10 kilometres (6.2 miles). The epicentre lay 95"
            " kilometres north of Rome. A second quake struck 40 kilometres south of Rome.",
            "kilometres (6.2 miles)",
        ),
        (
            "de",
            "Das Beben ereignete sich in 10 Kilometern (6,2 Meilen) Tiefe. Das Epizentrum lag 95"
            " Kilometer nördlich von Rom. Ein zweites Beben lag 40 Kilometer südlich von Rom.",
            "Kilometern (6,2 Meilen)",
        ),
    ],
)
def test_no_swap_of_a_figure_its_conversion_follows(language, text, conversion):
    questions = drafted(source(language, text))
    shown = [q["prompt"][language] for q in questions if q["type"] == "true_false"] + [
        o["text"][language] for q in questions if q["type"] == "multiple_response"
        for o in q["options"]
    ]  # fmt: skip
    assert not [s for s in shown if conversion in s and f"10 {conversion}" not in s]
    asked = [q["prompt"][language] for q in questions if q["type"] == "numeric"]
    assert not [p for p in asked if p.endswith("(6?")]  # no question cut in the conversion


@pytest.mark.parametrize(
    "language, text, prompt",
    [
        (
            "en",
            'Jay Lynch, who met his partner at the event two years ago, said: "It has become a'
            ' meeting ground for people from around the world."',
            "Fill in the number from the article: Jay Lynch, who met his partner at the event ___"
            " years ago, said: …",
        ),
        (
            "de",
            "Anna Berg, die seit zwölf Jahren im Dorf lebt, sagte: „Das Dorf ist für uns alle eine"
            " große Familie geworden.“",
            "Setze die Zahl aus dem Artikel ein: Anna Berg, die seit ___ Jahren im Dorf lebt,"
            " sagte: …",
        ),
    ],
)
def test_a_gap_before_someones_quoted_words_leaves_the_words_out(language, text, prompt):
    (numeric,) = [q for q in drafted(source(language, text)) if q["type"] == "numeric"]
    assert numeric["prompt"][language] == prompt


@pytest.mark.parametrize(
    "language, text, gap, name",
    [
        (
            "en",
            "Many parade participants adopted the theme of the film Brokeback Mountain.",
            "Which name belongs in the gap? Many parade participants adopted the theme of the film"
            " ___.",
            "Brokeback Mountain",
        ),
        (
            "de",
            "Viele Gäste kamen verkleidet als Figuren aus dem Film „Das Boot“ zur Feier.",
            "Welcher Name gehört in die Lücke? Viele Gäste kamen verkleidet als Figuren aus dem"
            " Film „___“ zur Feier.",
            "Das Boot",
        ),
    ],
)
def test_a_works_name_after_what_it_is_is_a_short_answer_gap(language, text, gap, name):
    (question,) = [q for q in drafted(source(language, text)) if q["type"] == "short_text"]
    assert question["prompt"][language] == gap
    assert question["accepted"]["any"] == [name]


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_a_figures_matching_shows_no_name_another_draft_of_its_sentence_asks(path):
    src = load_article(path)
    language = src["language"]
    questions = drafted(src)
    asked = {}  # sentence -> the names single choices and short answers ask there
    for q in questions:
        names = [o["text"][language] for o in q.get("options", []) if o["correct"]]
        names += q.get("accepted", {}).get("any", [])[:1]
        if q["type"] in ("single_choice", "short_text") and len(q["quotes"]) == 1:
            asked.setdefault(q["quotes"][0]["text"], []).extend(names)
    for q in questions:
        if q["prompt"][language] != FIGURES_PROMPT[language]:
            continue
        for item in q["items"]:
            text = item["text"][language]
            words = [w for w in text.split() if w not in ("___", "…") and "___" not in w]
            own = [quote["text"] for quote in q["quotes"] if all(w in quote["text"] for w in words)]
            assert not [n for quote in own for n in asked.get(quote, []) if n in text]
