"""Draft questions from an article's facts, each grounded in its sentence (rule-based, offline).

- every number in the text (read with the engine's number reading in the article's language:
  "nine million", "1,000", "76%", "$1.13bn") becomes a numeric draft;
- every phrase the article puts in quotation marks becomes a short-text draft;
- the people named with a verb of saying ("says", "according to", "sagt", "laut") become one
  matching draft: who said what.

The teacher accepts a draft into the editor (and edits it there) or ignores it.
"""

import re
from typing import Any

from ..engine.errors import ResponseError
from ..engine.numbers import parse_number
from ..engine.types.base import _l
from ..terminal import _translations

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "ein": 1, "eine": 1, "zwei": 2, "drei": 3,
    "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12,
}  # fmt: skip
SCALES = r"million|millions|billion|bn|thousand|Millionen|Million|Milliarden|Mio\.?|Mrd\.?|Tausend"
NUMBER = re.compile(
    r"(?<![\w.,])(?:[$€£]\s?)?\d[\d.,]*\d(?:\s?(?:" + SCALES + r"))?(?:\s?(?:%|percent|Prozent))?"
    r"|(?<![\w.,])(?:[$€£]\s?)?\d(?:\s?(?:" + SCALES + r"))?(?:\s?(?:%|percent|Prozent))?"
    r"|\b(?:" + "|".join(NUMBER_WORDS) + r")\s+(?:" + SCALES + r")\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"“([^”]{2,80})”|„([^“]{2,80})“|\"([^\"]{2,80})\"")
NAME = r"((?:[A-ZÄÖÜ][\w’'-]+)(?:\s+[A-ZÄÖÜ][\w’'-]+){0,2})"
FULL_NAME = r"((?:[A-ZÄÖÜ][\w’'-]+)(?:\s+[A-ZÄÖÜ][\w’'-]+){1,2})"
SAYING = [
    re.compile(r"\b(?:says|said|sagt|sagte)\s+(?:the\s+|die\s+|der\s+)?(?:[a-zäöü][\w-]*\s+){0,3}" + NAME),
    re.compile(FULL_NAME + r"\s+(?:says|said|sagt|sagte)\b"),
    re.compile(r"\b(?:[Aa]ccording to|[Ll]aut)\s+(?:the\s+|die\s+|der\s+)?(?:[a-zäöü][\w-]*\s+){0,3}" + NAME),
]  # fmt: skip
NOT_PEOPLE = {"Russian", "Ukrainian", "Belarusian", "German", "American", "US", "It", "He", "She"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[“„\"A-ZÄÖÜ])|(?<=[.!?][”\"])\s+")


def _sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each a verbatim span of it (a decimal point ends none)."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def read_number(text: str, language: str) -> float | None:
    """The value a number as the article writes it stands for, or None."""
    core = re.sub(r"[$€£%]|percent|Prozent", "", text, flags=re.IGNORECASE).strip()
    word = core.split()[0].casefold() if core.split() else ""
    if word in NUMBER_WORDS:
        core = f"{NUMBER_WORDS[word]} {' '.join(core.split()[1:])}"
    try:
        return parse_number(core, language)
    except (ResponseError, ValueError):
        return None


def _texts(message: str, languages, **values) -> dict[str, str]:
    """`message` in each of the pack's languages (the app's catalogs)."""
    result = {}
    for lang in languages:
        translated = _translations(lang).gettext(message)
        result[lang] = translated % values if values else translated
    return result


def _grounded(paragraph_id: str, sentence: str, languages) -> dict[str, Any]:
    return {
        "explanation": {lang: sentence for lang in languages},
        "quotes": [{"paragraph": paragraph_id, "text": sentence}],
    }


def suggestions(draft: dict) -> list[dict[str, Any]]:
    """Draft questions for the draft's article, in the pack's JSON shape (not yet in the pack)."""
    source = draft.get("source") or {}
    language = source.get("language") or "en"
    languages = draft.get("languages") or [language]
    found: list[dict[str, Any]] = []
    sayings: list[tuple[str, str, str]] = []  # (person, paragraph id, sentence)
    phrases: set[str] = set()
    for paragraph in source.get("paragraphs", []):
        if paragraph.get("kind") in ("heading", "caption"):
            continue
        for sentence in _sentences(paragraph.get("text", "")):
            for match in NUMBER.finditer(sentence):
                value = read_number(match.group(0), language)
                if value is None:
                    continue
                blanked = sentence.replace(match.group(0), "___", 1)
                found.append(
                    {
                        "type": "numeric",
                        "prompt": _texts(
                            _l("What number does the article give here? %(sentence)s"),
                            languages,
                            sentence=blanked,
                        ),
                        "answer": int(value) if float(value).is_integer() else value,
                        "tolerance": 0,
                        **_grounded(paragraph["id"], sentence, languages),
                    }
                )
            for match in QUOTED.finditer(sentence):
                phrase = next(group for group in match.groups() if group).strip(" ,.")
                if not 1 <= len(phrase.split()) <= 8 or phrase.casefold() in phrases:
                    continue
                phrases.add(phrase.casefold())
                blanked = sentence.replace(phrase, "___", 1)
                found.append(
                    {
                        "type": "short_text",
                        "prompt": _texts(
                            _l(
                                "Which words does the article put in quotation marks here? "
                                "%(sentence)s"
                            ),
                            languages,
                            sentence=blanked,
                        ),
                        "accepted": {lang: [phrase] for lang in languages},
                        **_grounded(paragraph["id"], sentence, languages),
                    }
                )
            for pattern in SAYING:
                match = pattern.search(sentence)
                person = re.sub(r"[’']s$", "", match.group(1)) if match else ""
                if person and not person.isupper() and person.split()[0] not in NOT_PEOPLE:
                    sayings.append((person, paragraph["id"], sentence))
                    break
    people: dict[str, tuple[str, str]] = {}  # the fullest name -> its first saying
    by_surname: dict[str, str] = {}
    for person, paragraph_id, sentence in sayings:
        surname = person.split()[-1]
        known = by_surname.get(surname)
        if known is None:
            by_surname[surname] = person
            people[person] = (paragraph_id, sentence)
        elif len(person) > len(known):
            by_surname[surname] = person
            people[person] = people.pop(known)
    if len(people) >= 2:
        chosen = list(people.items())[:4]
        found.append(
            {
                "type": "matching",
                "prompt": _texts(_l("Who said what, according to the article?"), languages),
                "items": [
                    {
                        "id": f"s{number}",
                        "text": {lang: sentence for lang in languages},
                        "match": f"person{number}",
                    }
                    for number, (_person, (_pid, sentence)) in enumerate(chosen, 1)
                ],
                "choices": [
                    {"id": f"person{number}", "text": {lang: person for lang in languages}}
                    for number, (person, _where) in enumerate(chosen, 1)
                ],
                "explanation": _texts(_l("The article names who said each of these."), languages),
                "quotes": [{"paragraph": pid, "text": s} for _p, (pid, s) in chosen],
            }
        )
    return found
