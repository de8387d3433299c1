"""GIFT, Moodle's plain-text question format: a pack's questions out in one language (texts in
Moodle's [html] format), and a file's questions in (docs/moodle-formats.md).

Each neutral interaction is one form of GIFT's answer block ({=right ~wrong}, {TRUE}, {#number},
{=item -> match}, and the ordering plugin's {>...}); GIFT has no question-wide feedback for a
choice, a match or an order, and no units.
"""

import re
from collections.abc import Callable

from ..bank.pack import Pack
from ..engine import Question, finite_float
from ..engine.interactions import (
    Answer,
    ChoiceInteraction,
    Interaction,
    MatchInteraction,
    NumericAnswer,
    NumericInteraction,
    OrderInteraction,
    TextEntryInteraction,
    TrueFalseInteraction,
    plain_number,
)
from ..terminal import gettext as _
from .moodle_xml import (
    ANY_OTHER,
    NUMBERING_STYLE,
    ORDER_GRADING,
    allowed_fractions,
    fraction_text,
    moodle_answer_text,
    pattern_answer,
    share_changes,
    split_note,
)
from .questions import (
    Imported,
    QuestionFile,
    QuestionReader,
    ReadQuestion,
    category_name,
    category_path,
    general_feedback,
    held_questions,
    to_html,
)
from .registry import InterchangeFormat, register
from .texts import without_format_prefix

_ESCAPES = {
    "\\\\": "\x00",
    "\\~": "\x01",
    "\\=": "\x02",
    "\\#": "\x03",
    "\\{": "\x04",
    "\\}": "\x05",
    "\\:": "\x06",
    "\\n": "\x07",
}
_RESTORED = {placeholder: escape[1] for escape, placeholder in _ESCAPES.items()}
_RESTORED["\x07"] = "\n"
TRUE_FALSE_WORDS = {"T": True, "TRUE": True, "F": False, "FALSE": False}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def gift_escape(text: str) -> str:
    """GIFT's reserved characters escaped as Moodle's own writer does (repchar)."""
    for char in ("\\", "~", "=", "#", "{", "}", ":"):
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n").replace("\r", "")


def gift_text(text: str) -> str:
    """A text for a GIFT file in the [html] format the file's questions are written in."""
    return gift_escape(to_html(text))


def gift_protect(text: str) -> str:
    """Escaped characters hidden from the parser (Moodle's escapedchar_pre)."""
    for escape, placeholder in _ESCAPES.items():
        text = text.replace(escape, placeholder)
    return text


def gift_unescape(text: str) -> str:
    """A protected text with its escaped characters back."""
    for placeholder, char in _RESTORED.items():
        text = text.replace(placeholder, char)
    return text


# -- out -------------------------------------------------------------------------------------------


def with_feedback(text: str, feedback: str) -> str:
    return text + (f"#{gift_text(feedback)}" if feedback else "")


def write_choice(interaction: ChoiceInteraction) -> str:
    """One line per option: =right, ~wrong (single), ~%share% (multiple), each share from
    Moodle's list (a split noted in a comment line)."""
    lines = []
    fractions = [option.fraction for option in interaction.options]
    written = allowed_fractions(fractions)
    for option, fraction in zip(interaction.options, written, strict=True):
        if interaction.single and fraction in (0.0, 1.0):
            marker = "=" if fraction == 1.0 else "~"
        else:
            marker = f"~%{fraction_text(fraction)}%"
        lines.append(with_feedback(f"\t{marker}{gift_text(option.text)}", option.feedback))
    if written != fractions:
        lines.insert(0, f"// {split_note(written)}")
    return "\n" + "\n".join(lines) + "\n"


def write_true_false(interaction: TrueFalseInteraction) -> str:
    return with_feedback("TRUE" if interaction.answer else "FALSE", interaction.feedback)


def write_text_entry(interaction: TextEntryInteraction) -> str:
    lines = [
        f"\t=%{fraction_text(a.fraction)}%{gift_escape(moodle_answer_text(a.text))}"
        f"#{gift_text(a.feedback)}"
        for a in interaction.answers
    ]
    if interaction.feedback:
        lines.append(f"\t=%0%{ANY_OTHER}#{gift_text(interaction.feedback)}")
    return "\n" + "\n".join(lines) + "\n"


def write_numeric(interaction: NumericInteraction) -> str:
    answers = [
        f"=%{fraction_text(a.fraction)}%{a.value}:{plain_number(a.tolerance)}"
        f"#{gift_text(a.feedback)}"
        for a in interaction.answers
    ]
    wrong = f"\n\t~#{gift_text(interaction.feedback)}" if interaction.feedback else ""
    return "#\n\t" + "\n\t".join(answers) + wrong + "\n"


def write_match(interaction: MatchInteraction) -> str:
    """=item -> match: the item in the [html] format, the match as plain text (Moodle stores
    it as written)."""
    lines = [f"\t={gift_text(item)} -> {gift_escape(choice)}" for item, choice in interaction.pairs]
    return "\n" + "\n".join(lines) + "\n"


def write_order(interaction: OrderInteraction) -> str:
    """The ordering plugin's head with every setting, numbering style last (else a first item
    starting with 123, abc or none loses that word), then the items one a line as written:
    the plugin stores them unescaped. Only `}`, which would end the block, is escaped; a line
    break becomes a space."""
    head = f">{len(interaction.items)} ALL VERTICAL {ORDER_GRADING} SHOW {NUMBERING_STYLE}"
    items = [" ".join(text.replace("}", "\\}").split()) for text in interaction.items]
    return "\n".join([head, *items]) + "\n"


WRITERS: dict[type[Interaction], Callable[..., str]] = {
    ChoiceInteraction: write_choice,
    TrueFalseInteraction: write_true_false,
    TextEntryInteraction: write_text_entry,
    NumericInteraction: write_numeric,
    MatchInteraction: write_match,
    OrderInteraction: write_order,
}


def pack_to_gift(pack: Pack, language: str) -> str:
    """The pack's questions as a GIFT file in `language` (texts in Moodle's [html] format)."""
    title = category_name(pack, language)
    # The category line is read unescaped: written as Moodle's category path, not escaped.
    path = category_path(pack, language)
    lines = [f"// {title} — quizapp", f"$CATEGORY: $course$/top/{path}", ""]
    kept, _left = held_questions(pack, language, tuple(WRITERS))
    for question, interaction in kept:
        body = WRITERS[type(interaction)](interaction)
        feedback = gift_escape(general_feedback(pack, question, language))
        lines.append(f"// question: {question.id}  points: {format(question.points, 'g')}")
        lines.append(
            f"::{gift_escape(question.id)}::[html]{gift_text(question.prompt.get(language, ''))}"
            f"{{{body}####{feedback}}}"
        )
        lines.append("")
    return "\n".join(lines)


def gift_changes(question: Question, interaction: Interaction) -> list[str]:
    """What a question loses or changes in a GIFT file: its shares split to fit Moodle's list,
    and what GIFT has no place for (points, a unit, the feedback of a choice, a match or an
    order, a line break inside an ordering item)."""
    changes = share_changes(interaction) if isinstance(interaction, ChoiceInteraction) else []
    if question.points != 1:
        changes.append(
            _(
                "its points (%(points)s) are not written: GIFT has none, Moodle gives 1",
                points=format(question.points, "g"),
            )
        )
    if isinstance(interaction, NumericInteraction) and interaction.unit:
        changes.append(
            _("its unit %(unit)s is not written: GIFT has no units", unit=repr(interaction.unit))
        )
    if interaction.feedback and isinstance(
        interaction, ChoiceInteraction | MatchInteraction | OrderInteraction
    ):
        changes.append(
            _("its feedback after a wrong answer is not written: GIFT has no place for it")
        )
    if isinstance(interaction, OrderInteraction) and any(
        "\n" in item for item in interaction.items
    ):
        changes.append(_("a line break inside an item is written as a space"))
    return changes


# -- in --------------------------------------------------------------------------------------------


def gift_entries(body: str, markers: str) -> list[tuple[str, str]]:
    """The entries of a protected answer block, each (its marker, its text) as GIFT splits
    them: every `markers` character (`~`, `=`) starts one."""
    entries: list[tuple[str, str]] = []
    for part in re.split(f"([{re.escape(markers)}])", body):
        if part in markers and part:
            entries.append((part, ""))
        elif entries:
            entries[-1] = (entries[-1][0], entries[-1][1] + part)
    return [(marker, text.strip()) for marker, text in entries]


def gift_comment(text: str) -> tuple[str, str]:
    """An entry's text and its #feedback."""
    value, _sep, feedback = text.partition("#")
    return value.strip(), feedback.strip()


def gift_weight(text: str, default: float) -> tuple[float, str]:
    """An entry's %weight% (as a fraction) and the rest of it."""
    match = WEIGHT.match(text)
    if not match:
        return default, text
    return finite_float(match.group(1)) / 100, text[match.end() :]


def gift_read(text: str, reader: QuestionReader) -> str:
    """A protected text as Moodle's parse_text_with_format reads it: its [format] prefix
    stripped, escapes undone, then read in that format (by default the question text's)."""
    text_format, rest = without_format_prefix(gift_unescape(text).strip())
    return reader.text(rest.strip(), text_format)


def gift_raw(text: str) -> str:
    """A protected text Moodle stores as written (a match, an ordering item): escapes undone,
    nothing else."""
    return gift_unescape(text).strip()


def gift_answer(text: str) -> str:
    """A short or numerical answer: Moodle strips its [format] prefix, then keeps it as written."""
    return without_format_prefix(gift_raw(text))[1].strip()


def weighted_answers(body: str, markers: str, reader: QuestionReader) -> list[Answer]:
    """Each entry as an answer: = is right unless weighted, ~ wrong; its #feedback."""
    found = []
    for marker, text in gift_entries(body, markers):
        fraction, rest = gift_weight(text, 1.0 if marker == "=" else 0.0)
        value, feedback = gift_comment(rest)
        found.append(Answer(gift_read(value, reader), fraction, gift_read(feedback, reader)))
    return found


def read_choice(body: str, reader: QuestionReader) -> ChoiceInteraction:
    """Moodle's rule: a block with ~ is multichoice; one with = in it too is single."""
    return ChoiceInteraction(tuple(weighted_answers(body, "~=", reader)), single="=" in body)


def read_true_false(body: str, reader: QuestionReader) -> TrueFalseInteraction:
    """{TRUE#feedback for a wrong answer#feedback for a right one}."""
    head, feedbacks = gift_comment(body)
    wrong, _sep, right = feedbacks.partition("#")
    if right.strip():
        reader.note(_("the feedback for the right answer is not imported"))
    return TrueFalseInteraction(TRUE_FALSE_WORDS[head], feedback=gift_read(wrong, reader))


def read_text_entry(body: str, reader: QuestionReader) -> TextEntryInteraction:
    """Each =answer as written (Moodle stores short answers as plain text): `*` in one is
    Moodle's wildcard, `\\*` a star; `*` alone stands for any other answer."""
    answers, wrong = [], ""
    for _marker, text in gift_entries(body, "="):
        fraction, rest = gift_weight(text, 1.0)
        value, feedback = gift_comment(rest)
        if gift_answer(value) == ANY_OTHER:
            wrong = wrong or gift_read(feedback, reader)
            continue
        answers.append(pattern_answer(gift_answer(value), fraction, gift_read(feedback, reader)))
    return TextEntryInteraction(tuple(answers), feedback=wrong)


def numeric_answer(text: str, reader: QuestionReader) -> NumericAnswer | None:
    """One entry: %weight%value:margin or %weight%low..high, with its #feedback."""
    fraction, rest = gift_weight(text, 1.0)
    value, feedback = gift_comment(rest)
    value = gift_answer(value)
    if ".." in value:
        low, _sep, high = value.partition("..")
        try:
            low_, high_ = finite_float(low), finite_float(high)
        except ValueError:
            reader.error(_("%(value)s is not a number", value=repr(value)))
            return None
        value, tolerance = format((low_ + high_) / 2, "g"), (high_ - low_) / 2
    else:
        value, _sep, margin = value.partition(":")
        try:
            tolerance = finite_float(margin) if margin.strip() else 0.0
        except ValueError:
            reader.error(_("%(value)s is not a number", value=repr(margin)))
            return None
    return NumericAnswer(value.strip(), tolerance, fraction, gift_read(feedback, reader))


def read_numeric(body: str, reader: QuestionReader) -> NumericInteraction | None:
    """{#answers ~#feedback for any other number}."""
    body = body[1:]
    wrong = ""
    if "~" in body:
        body, _sep, rest = body.partition("~")
        wrong = gift_read(gift_comment(rest)[1], reader)
    found = []
    for _marker, text in gift_entries(body, "=") or [("=", body)]:
        answer = numeric_answer(text, reader)
        if answer is None:
            return None
        found.append(answer)
    others = [a.feedback for a in found if a.value == ANY_OTHER and a.feedback]
    return NumericInteraction(
        tuple(a for a in found if a.value != ANY_OTHER), feedback=next(iter(others), wrong)
    )


def read_match(body: str, reader: QuestionReader) -> MatchInteraction | None:
    """Each =item -> match: the item in its format, the match as written (Moodle's rule)."""
    pairs = []
    for _marker, text in gift_entries(body, "="):
        item, arrow, choice = text.partition("->")
        if not arrow:
            reader.error(_("each entry of a matching question is item -> match"))
            return None
        pairs.append((gift_read(item, reader), gift_raw(choice)))
    return MatchInteraction(tuple(pairs))


def read_order(body: str, reader: QuestionReader) -> OrderInteraction:
    """The ordering plugin's head line, then one item a line as written (it stores them raw);
    an item escaped as other GIFT texts are is read back as well."""
    lines = [gift_raw(line) for line in body.split("\n")[1:]]
    return OrderInteraction(tuple(line for line in lines if line))


def interaction_reader(body: str) -> Callable[[str, QuestionReader], Interaction | None] | None:
    """How to read a protected answer block, by Moodle's own rules and order; None: no
    interaction quizapp has."""
    if body.startswith("#"):
        return read_numeric
    if body.startswith(">"):
        return read_order
    if "~" in body:
        return read_choice
    if "=" in body and "->" in body:
        return read_match
    if body.split("#", 1)[0].strip() in TRUE_FALSE_WORDS:
        return read_true_false
    if "->" not in body:
        return read_text_entry
    return None


def gift_blocks(text: str) -> list[tuple[int, str]]:
    """Each question of a GIFT file with the line it starts on: blank lines separate them;
    // comments and $CATEGORY lines are dropped."""
    blocks, current, start = [], [], 1
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
            continue
        if not stripped:
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def read_block(line: int, block: str, question_file: QuestionFile) -> None:
    """One question: ::name:: prompt {answers####general feedback}; a block without answers is
    a description, one with an empty answer block an essay (both skipped)."""
    reader = question_file.reader(line)
    protected = gift_protect(block)
    name = ""
    match = re.match(r"\s*::(.*?)::", protected, re.S)
    if match:
        name = " ".join(gift_unescape(match.group(1)).split())
        protected = protected[match.end() :]
    start, end = protected.find("{"), protected.rfind("}")
    if start < 0 and end < 0:
        question_file.skip(line, "description", name)
        return
    if start < 0 or end < start:
        reader.error(_("a question's answers must stand between { and }"), line)
        return
    body = protected[start + 1 : end].strip()
    after = protected[end + 1 :]
    # Text after the answers: Moodle's "missing word" form, the answers' place a blank.
    prompt_text = protected[:start] + ("_____" if after.strip() else "") + after
    text_format, prompt_text = without_format_prefix(gift_unescape(prompt_text).strip())
    reader.text_format = text_format or "moodle"
    found = ReadQuestion(name=name, prompt=reader.text(prompt_text.strip()))
    if "####" in body:
        body, _sep, feedback = body.rpartition("####")
        body = body.strip()
        feedback_format, feedback = without_format_prefix(gift_unescape(feedback).strip())
        found.feedback, found.feedback_format = feedback, feedback_format or reader.text_format
    if not body:
        question_file.skip(line, "essay", name)
        return
    read_interaction = interaction_reader(body)
    if read_interaction is None:
        question_file.skip(line, "?", name)
        return
    question_file.add(reader, "?", found, read_interaction(body, reader))


def read_gift(data: bytes, filename: str, language: str) -> Imported:
    """The questions of a GIFT file (as Moodle 4.x writes it)."""
    question_file = QuestionFile(filename, language)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        question_file.report(1, _("the file is not UTF-8 text"))
        return question_file.result
    question_file.find_languages(text.replace("\\{", "{").replace("\\}", "}"))
    for line, block in gift_blocks(text):
        read_block(line, block, question_file)
    return question_file.finish()


@register
class Gift(InterchangeFormat):
    """Moodle's plain-text format; a .txt file is read as GIFT too."""

    name = "gift"
    media_type = "text/plain; charset=utf-8"
    extension = ".gift"
    read_extensions = (".txt",)
    holds = tuple(WRITERS)
    label = "GIFT"

    def export(self, pack: Pack, language: str) -> bytes:
        return pack_to_gift(pack, language).encode("utf-8")

    def export_changes(self, pack: Pack, language: str) -> dict[str, list[str]]:
        kept, _left = held_questions(pack, language, self.holds)
        return {question.id: gift_changes(question, interaction) for question, interaction in kept}

    def read(self, data: bytes, filename: str, language: str) -> Imported:
        return read_gift(data, filename, language)
