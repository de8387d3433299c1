"""`questions check` turns every mistake a teacher makes in a pack into `path:line: message`."""

import pytest
from click.testing import CliRunner
from test_bank import QUESTIONS, SOURCE, edit, line_of

from quizapp.bank.loader import closest_passage
from quizapp.bank.pack import Paragraph, Source
from quizapp.cli import questions_cli

TRUE_FALSE = """\
  - id: friendly
    type: true_false
    prompt: {en: "Belarus is a close friend of Russia.", de: "Belarus ist ein enger Freund Russlands."}
    answer: true
    feedback: {en: It is., de: Ist es.}
    explanation: {en: It is a close friend., de: Ein enger Freund.}
    quotes:
      - paragraph: p1
        text: a "close friend" of Russia
"""

SHORT_TEXT = """\
  - id: country
    type: short_text
    prompt: {en: "Which country?", de: "Welches Land?"}
    accepted:
      en: [Belarus]
      de: [Belarus, Weißrussland]
    explanation: {en: Belarus., de: Belarus.}
    quotes:
      - paragraph: p1
        text: live in Belarus
"""

MATCHING = """\
  - id: pairs
    type: matching
    prompt: {en: "Match", de: "Ordne zu"}
    items:
      - {id: who, text: {en: Who, de: Wer}, match: people}
      - {id: when, text: {en: When, de: Wann}, match: year}
    choices:
      - {id: people, text: {en: 9.2 million people, de: 9,2 Millionen Menschen}}
      - {id: year, text: {en: "2019", de: "2019"}}
    explanation: {en: See the article., de: Siehe Artikel.}
    quotes:
      - paragraph: p2
        text: The company was registered in 2019.
"""


@pytest.fixture
def pack(tmp_path):
    """A valid pack folder with one question of several types, to break in each test."""
    folder = tmp_path / "questions" / "tiny"
    folder.mkdir(parents=True)
    (folder / "source.yaml").write_text(SOURCE, encoding="utf-8")
    (folder / "questions.yaml").write_text(
        QUESTIONS + TRUE_FALSE + SHORT_TEXT + MATCHING, encoding="utf-8"
    )
    return folder


def check(folder):
    result = CliRunner().invoke(questions_cli, ["--dir", str(folder.parent), "check"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def problems(folder) -> list[str]:
    result = check(folder)
    assert result.exit_code == 1, result.output
    return [line for line in result.output.splitlines() if ".yaml:" in line or ".yml:" in line]


def only(folder, needle_line: str) -> str:
    """The one problem reported, which must be on the line holding `needle_line`."""
    found = problems(folder)
    assert len(found) == 1, found
    line = line_of(folder, needle_line)
    assert f"questions.yaml:{line}: " in found[0], (line, found)
    return found[0]


def test_the_pack_as_written_is_valid(pack):
    result = check(pack)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["yes", "wahr", '"true"', "1"])
def test_a_true_false_answer_that_is_not_true_or_false(pack, value):
    edit(pack, "    answer: true\n", f"    answer: {value}\n")
    message = only(pack, f"answer: {value}")
    assert "answer must be true or false" in message
    assert "without quotes" in message


@pytest.mark.parametrize(("count", "expected"), [(0, "it has 0"), (2, "it has 2")])
def test_a_single_choice_with_no_right_option_or_two(pack, count, expected):
    if count == 0:
        edit(pack, "        correct: true\n", "        feedback: {en: Yes., de: Ja.}\n")
    else:
        edit(pack, "        feedback: {en: No., de: Nein.}\n", "        correct: true\n")
    message = only(pack, "    options:")
    assert "exactly one option with 'correct: true'" in message
    assert expected in message


def test_a_matching_item_whose_match_is_no_choice(pack):
    edit(pack, "match: year}", "match: yaer}")
    message = only(pack, "match: yaer")
    assert "matches 'yaer', which is not a choice; did you mean 'year'?" in message


def test_a_matching_question_with_one_item(pack):
    edit(pack, "      - {id: when, text: {en: When, de: Wann}, match: year}\n", "")
    message = only(pack, "    items:")
    assert "needs a list of at least two items (it has 1)" in message


def test_an_option_id_with_a_character_ids_may_not_hold(pack):
    edit(pack, "      - id: enemy\n", "      - id: enemy!\n")
    message = only(pack, "id: enemy!")
    assert "may hold only letters a-z, digits, '-' and '_'" in message
    assert "for example 'enemy'" in message


def test_accepted_written_as_a_plain_list(pack):
    edit(
        pack,
        "    accepted:\n      en: [Belarus]\n      de: [Belarus, Weißrussland]\n",
        "    accepted: [Belarus, Weißrussland]\n",
    )
    message = only(pack, "accepted: [Belarus")
    assert "not one list" in message
    assert "{en: [Belarus], de: [Belarus, Weißrussland]}" in message


def test_accepted_misspelt_is_reported_once_with_the_right_key(pack):
    edit(pack, "    accepted:\n      en: [Belarus]", "    answers:\n      en: [Belarus]")
    message = only(pack, "    answers:")
    assert "unknown key 'answers'" in message
    assert "did you mean 'accepted'?" in message


@pytest.mark.parametrize("value", ["No", "on", "yes", "Off"])
def test_words_yaml_would_read_as_yes_or_no_stay_the_text_written(pack, value):
    edit(pack, "text: {en: an enemy, de: ein Feind}", f"text: {{en: {value}, de: ein Feind}}")
    result = check(pack)
    assert result.exit_code == 0, result.output
    exported = CliRunner().invoke(questions_cli, ["--dir", str(pack.parent), "export", "tiny"])
    assert f'"en": "{value}"' in exported.output


def test_numbers_where_text_belongs_keep_the_digits_written(pack):
    edit(pack, 'text: {en: "2019", de: "2019"}', "text: {en: 1.10, de: 1.0}")
    assert check(pack).exit_code == 0
    exported = CliRunner().invoke(questions_cli, ["--dir", str(pack.parent), "export", "tiny"])
    assert '"en": "1.10"' in exported.output
    assert '"de": "1.0"' in exported.output


def test_true_where_text_belongs_is_flagged_with_a_hint_to_quote_it(pack):
    edit(pack, "text: {en: an enemy, de: ein Feind}", "text: {en: true, de: ein Feind}")
    message = only(pack, "text: {en: true")
    assert 'put the text in double quotes, e.g. en: "true"' in message


@pytest.mark.parametrize(
    "broken",
    [
        '    prompt: {en: %76 or more, de: "76 % oder mehr?"}\n',  # % starts no plain text
        "    prompt:\n      en: Note: this is wrong\n      de: Hinweis\n",  # a second ': '
        '    prompt: {en: "He said "no" to it", de: "Er sagte nein"}\n',  # an unescaped "
    ],
)
def test_a_yaml_syntax_error_from_text_gets_a_hint_to_quote_it(pack, broken):
    edit(pack, '    prompt: {en: "When?", de: "Wann?"}\n', broken)
    found = problems(pack)
    assert len(found) == 1, found
    assert "put the whole text in double quotes" in found[0]
    assert 'write a quote mark as \\"' in found[0]


def test_a_file_named_questions_yml_is_told_to_be_renamed(pack):
    (pack / "questions.yaml").rename(pack / "questions.yml")
    found = problems(pack)
    assert len(found) == 1, found
    assert "questions.yml:1: the file must be named questions.yaml: rename it" in found[0]


def test_the_app_refuses_to_start_with_the_same_messages_and_no_traceback(pack):
    from quizapp import create_app
    from quizapp.bank import PackError

    edit(pack, "    answer: true\n", "    answer: wahr\n")
    with pytest.raises(PackError) as refused:
        create_app({"QUESTIONS_DIR": pack.parent, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert any("answer must be true or false" in p for p in refused.value.problems)


def test_many_mistakes_at_once_are_each_reported_once(pack):
    edit(pack, "    answer: true\n", "    answer: yes\n")
    edit(pack, "match: year}", "match: nowhere}")
    edit(pack, "      - id: enemy\n", "      - id: en emy\n")
    found = problems(pack)
    assert len(found) == 3, found
    assert len(set(found)) == 3


def test_the_closest_passage_is_the_one_that_holds_the_quotes_words():
    source = Source(
        title="Quarterly report",
        publisher="Example",
        attribution="Example",
        language="en",
        paragraphs=(
            Paragraph("p1", "The group sold its US unit for $2bn last year."),
            Paragraph("p2", "Revenue jumped 76% to $1.13bn in the third quarter, the firm said."),
            Paragraph("p3", "Analysts expect costs near $1bn."),
        ),
    )
    assert closest_passage(source, "jumped 76 percent to $1.13bn")[0] == "p2"
    assert closest_passage(source, "sold its unit for two billion dollars")[0] == "p1"


# -- answers per language, slips, units with a scale, renderings (issue 11) -----------------------

RENDERING = """\
language: de
title: "Ein winziger Artikel"
note: "Übersetzt für die Tests"
paragraphs:
  p1: "Etwa 9,2 Millionen Menschen leben in Belarus, einem „engen Freund“ Russlands."
  c1: "Eine Bootsfahrt. Bild: example"
  p2: "Die Firma wurde 2019 registriert."
"""


def test_answers_under_any_are_valid_and_count_for_a_language_without_its_own(pack):
    edit(pack, "      en: [Belarus]\n      de: [Belarus, Weißrussland]\n", "      any: [Belarus]\n")
    result = check(pack)
    assert result.exit_code == 0, result.output


def test_an_accepted_key_that_is_no_language_names_the_languages_and_any(pack):
    edit(pack, "      en: [Belarus]\n", "      eng: [Belarus]\n")
    found = problems(pack)
    assert any(
        f"questions.yaml:{line_of(pack, 'eng: [Belarus]')}: " in p
        and "'eng' is not a language of the pack" in p
        and "'any'" in p
        and "did you mean 'en'?" in p
        for p in found
    ), found


@pytest.mark.parametrize("value", ["-1", "3", "yes", "one"])
def test_slips_must_be_0_1_or_2(pack, value):
    edit(
        pack,
        "    accepted:\n      en: [Belarus]",
        f"    slips: {value}\n    accepted:\n      en: [Belarus]",
    )
    message = only(pack, f"slips: {value}")
    assert "slips of question 'country' must be 0, 1 or 2" in message


def test_slips_zero_is_valid(pack):
    edit(
        pack,
        "    accepted:\n      en: [Belarus]",
        "    slips: 0\n    accepted:\n      en: [Belarus]",
    )
    assert check(pack).exit_code == 0


def test_a_unit_whose_languages_give_different_scales(pack):
    edit(
        pack,
        "    answer: 2019\n",
        "    answer: 1.13\n    unit: {en: billion US dollars, de: Millionen US-Dollar}\n",
    )
    message = only(pack, "    unit: {en: billion")
    assert "different scales" in message and "en: 1,000,000,000" in message


def test_a_complete_rendering_is_valid(pack):
    (pack / "rendering.de.yaml").write_text(RENDERING, encoding="utf-8")
    assert check(pack).exit_code == 0


def test_a_rendering_reports_missing_paragraphs_and_ids_the_source_lacks(pack):
    text = RENDERING.replace('  c1: "Eine Bootsfahrt. Bild: example"\n', "").replace(
        "  p2:", "  p3:"
    )
    (pack / "rendering.de.yaml").write_text(text, encoding="utf-8")
    found = problems(pack)
    paragraphs_line = line_of(pack, "paragraphs:", "rendering.de.yaml")
    assert any(
        f"rendering.de.yaml:{line_of(pack, '  p3:', 'rendering.de.yaml')}: " in p
        and "no paragraph 'p3' in the source" in p
        for p in found
    ), found
    (pack / "rendering.de.yaml").write_text(text.replace("  p3:", "  p2:"), encoding="utf-8")
    found = problems(pack)
    assert len(found) == 1, found
    assert found[0].endswith(
        f"rendering.de.yaml:{paragraphs_line}: paragraph 'c1' of the source has no 'de' rendering"
    )


def test_a_rendering_in_a_language_the_file_name_does_not_say(pack):
    (pack / "rendering.fr.yaml").write_text(RENDERING, encoding="utf-8")
    found = problems(pack)
    assert len(found) == 1 and "rendering.fr.yaml:1: " in found[0], found
    assert "name the file rendering.de.yaml" in found[0]


def test_a_quote_translation_not_in_the_rendering_is_reported(pack):
    (pack / "rendering.de.yaml").write_text(RENDERING, encoding="utf-8")
    edit(
        pack,
        '        text: a "close friend" of Russia\n',
        '        text: a "close friend" of Russia\n        translation: {de: ein guter Freund}\n',
    )
    message = only(pack, "translation: {de: ein guter Freund}")
    assert "not in the de rendering of paragraph 'p1'" in message
