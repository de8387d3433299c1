"""README.md describes the seed pack as it is: the sentence is checked against the pack itself."""

import re
from pathlib import Path

from quizapp.bank import load_packs
from quizapp.engine import QUESTION_TYPES

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEED_PACK = "belarus-ukraine-war"
NUMBER_WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def in_words(count: int) -> str:
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)


def seed_pack_sentence() -> str:
    """What the README should say of the seed pack: its questions and the types they are of."""
    pack = load_packs(PROJECT_ROOT / "questions")[SEED_PACK]
    used = {question.type for question in pack.questions}
    built_in = {
        name for name, kind in QUESTION_TYPES.items() if kind.__module__.startswith("quizapp.")
    }
    kinds = f"all {in_words(len(used))}" if used >= built_in else in_words(len(used))
    return f"({len(pack.questions)} questions of {kinds} types)"


def test_the_readme_describes_the_seed_pack_as_it_is():
    readme = " ".join((PROJECT_ROOT / "README.md").read_text().split())
    said = re.search(rf"`questions/{SEED_PACK}/`[^(]*(\([^)]*questions[^)]*\))", readme)
    assert said, f"README.md no longer describes questions/{SEED_PACK}/"
    assert said.group(1) == seed_pack_sentence()
