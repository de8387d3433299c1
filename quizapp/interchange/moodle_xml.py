"""Moodle XML: a pack's questions out in one language, and a file's questions in as a draft
pack's questions (docs/moodle-formats.md).

Each neutral interaction is one of Moodle's question types (a choice is multichoice, a text entry
shortanswer, ...); this module writes and reads those, and what every question shares (name,
prompt, points, the general feedback with the explanation and the quotes).

Untrusted XML is parsed by lxml with entities left unresolved, no DTD and no network, and a
document type declaration is refused outright: no entity expansion, no external files.
"""

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from ..bank.pack import Pack
from ..engine import finite_float
from ..engine.control_characters import without_control_characters
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
from .questions import (
    Imported,
    QuestionFile,
    QuestionReader,
    ReadQuestion,
    category_path,
    general_feedback,
    held_questions,
    to_html,
)
from .registry import InterchangeFormat, register
from .texts import Media, kind_of

HTML = "html"
# Moodle's ordering plugin (qtype_ordering) names quizapp's rule for an order this way.
ORDER_GRADING = "RELATIVE_ALL_PREVIOUS_AND_NEXT"
NUMBERING_STYLE = "none"  # the ordering items shown unnumbered
# The text of the answer that stands for any other answer (its feedback: a wrong answer's).
ANY_OTHER = "*"
# The fractions Moodle's import accepts (question_bank::fraction_options_full), and their
# negatives; a file with any other is refused whole.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333)
MOODLE_FRACTIONS += (0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
# Moodle's own value for a text written as the teacher typed it (a short answer).
AUTO_FORMAT = "moodle_auto_format"
# Moodle's short answer wildcard: a `*` not escaped as `\\*` matches any characters.
UNESCAPED_STAR = re.compile(r"(?<!\\)\*")


def fraction_text(fraction: float) -> str:
    """A fraction as Moodle writes it, in percent: 100, 50, 33.3333, -50."""
    percent = fraction * 100
    return format(round(percent, 5), "g") if abs(percent) < 1e6 else str(percent)


def nearest_allowed(fraction: float) -> float:
    """The fraction of Moodle's list nearest to `fraction` (its sign kept)."""
    nearest = min(MOODLE_FRACTIONS, key=lambda allowed: abs(allowed - abs(fraction)))
    return -nearest if fraction < 0 else nearest


def allowed(fraction: float) -> bool:
    """Whether Moodle's import takes the fraction (it matches its list within 0.00001)."""
    return abs(abs(fraction) - nearest_allowed(abs(fraction))) < 0.00001


def allowed_fractions(fractions: list[float]) -> list[float]:
    """The fractions as Moodle's list allows them: unchanged when each is on the list; else
    right options sharing the points equally get the nearest split of the list that adds up
    to 100 % (11 right options: nine of 10 % and two of 5 %), the others the nearest value."""
    if all(allowed(fraction) for fraction in fractions):
        return list(fractions)
    right = [fraction for fraction in fractions if fraction > 0]
    shares = iter(moodle_split(len(right)) if len(set(right)) == 1 else [])
    return [
        next(shares, nearest_allowed(fraction)) if fraction > 0 else nearest_allowed(fraction)
        for fraction in fractions
    ]


def moodle_split(count: int) -> list[float]:
    """`count` fractions of Moodle's list, as equal as the list allows, adding up to 1; for
    more than 20, twenty of 5 % and the others 0 % (Moodle's smallest share is 5 %, and the
    right options' shares may not add up to more than 100 %)."""
    base = max(value for value in MOODLE_FRACTIONS if value <= 1 / count + 1e-9)
    higher = min((value for value in MOODLE_FRACTIONS if value > base), default=base)
    raised = min(count, max(0, round((1 - base * count) / (higher - base)))) if higher > base else 0
    return [higher] * raised + [base] * (count - raised)


# -- out -------------------------------------------------------------------------------------------


def xml_text(value: Any) -> str:
    """A value as XML 1.0 text, which cannot hold control characters: lxml refuses them, so a
    version stored before they were removed on input is still exported."""
    return without_control_characters(str(value))


def element(parent: etree._Element, tag: str, value: Any = None, **attributes) -> etree._Element:
    child = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if value is not None:
        child.text = xml_text(value)
    return child


def html_element(parent: etree._Element, tag: str, text: str, **attributes) -> etree._Element:
    """<tag format="html"><text><![CDATA[...]]></text></tag>, as Moodle writes texts."""
    child = element(parent, tag, format=HTML, **attributes)
    inner = etree.SubElement(child, "text")
    inner.text = etree.CDATA(xml_text(to_html(text))) if text else None
    return child


def write_answer(node: etree._Element, fraction: float, text: str, feedback: str = ""):
    answer = html_element(node, "answer", text, fraction=fraction_text(fraction))
    html_element(answer, "feedback", feedback)
    return answer


def write_combined_feedback(node: etree._Element, interaction: Interaction) -> None:
    """Moodle's combined feedback: the feedback for a wrong (or partly wrong) answer."""
    html_element(node, "correctfeedback", "")
    html_element(node, "partiallycorrectfeedback", interaction.feedback)
    html_element(node, "incorrectfeedback", interaction.feedback)


def write_choice(node: etree._Element, interaction: ChoiceInteraction) -> None:
    """Each option with its fraction from Moodle's list (a split noted in a comment)."""
    element(node, "single", "true" if interaction.single else "false")
    element(node, "shuffleanswers", "true")
    element(node, "answernumbering", "abc")
    write_combined_feedback(node, interaction)
    fractions = [option.fraction for option in interaction.options]
    written = allowed_fractions(fractions)
    if written != fractions:  # before the question, where Moodle writes its own comments
        node.addprevious(etree.Comment(" " + xml_text(split_note(written)) + " "))
    for option, fraction in zip(interaction.options, written, strict=True):
        write_answer(node, fraction, option.text, option.feedback)


def split_note(fractions: list[float]) -> str:
    """Says in the file how the points were split to fit Moodle's list of fractions."""
    return (
        "quizapp: the options' shares written as Moodle allows them ("
        + ", ".join(f"{fraction_text(f)} %" for f in fractions)
        + "); quizapp gives each right option an equal share"
    )


def share_changes(interaction: ChoiceInteraction) -> list[str]:
    """What the teacher is told of a choice whose shares were split to fit Moodle's list (none
    when they fit): the shares written, and the right options worth nothing in Moodle."""
    fractions = [option.fraction for option in interaction.options]
    written = allowed_fractions(fractions)
    if written == fractions:
        return []
    counts = dict.fromkeys(written, 0)
    for fraction in written:
        counts[fraction] += 1
    shares = ", ".join(f"{count} × {fraction_text(f)} %" for f, count in counts.items())
    changes = [
        _(
            "its options' shares are written as Moodle's list of fractions allows them "
            "(%(shares)s); quizapp gives each right option an equal share",
            shares=shares,
        )
    ]
    right = [w for f, w in zip(fractions, written, strict=True) if f > 0]
    if 0.0 in right:
        changes.append(
            _(
                "%(zero)s of its %(right)s right options are worth 0 %% in Moodle: Moodle's "
                "smallest share is 5 %% and the shares may not add up to more than 100 %%",
                zero=right.count(0.0),
                right=len(right),
            )
        )
    return changes


def moodle_answer_text(text: str) -> str:
    """A short answer as Moodle compares it: a star escaped, as it is no wildcard here."""
    return text.replace("*", "\\*")


def write_true_false(node: etree._Element, interaction: TrueFalseInteraction) -> None:
    """One <answer> for true, one for false; the wrong one's feedback is the question's."""
    for value in (True, False):
        right = value == interaction.answer
        feedback = "" if right else interaction.feedback
        write_answer(node, 1.0 if right else 0.0, "true" if value else "false", feedback)


def write_text_entry(node: etree._Element, interaction: TextEntryInteraction) -> None:
    """Each answer as plain text (Moodle stores short answers as written), a star escaped."""
    element(node, "usecase", "1" if interaction.case_sensitive else "0")
    for answer in interaction.answers:
        written = element(node, "answer", fraction=fraction_text(answer.fraction))
        written.set("format", AUTO_FORMAT)
        element(written, "text", moodle_answer_text(answer.text))
        html_element(written, "feedback", answer.feedback)
    if interaction.feedback:
        write_answer(node, 0.0, ANY_OTHER, interaction.feedback)


def write_numeric(node: etree._Element, interaction: NumericInteraction) -> None:
    """The answers with their tolerance, and the unit as a unit of multiplier 1."""
    for answer in interaction.answers:
        written = write_answer(node, answer.fraction, answer.value, answer.feedback)
        element(written, "tolerance", plain_number(answer.tolerance))
    if interaction.feedback:
        element(write_answer(node, 0.0, ANY_OTHER, interaction.feedback), "tolerance", "0")
    if interaction.unit:
        row = element(element(node, "units"), "unit")
        element(row, "multiplier", "1")
        element(row, "unit_name", interaction.unit)
    element(node, "unitgradingtype", "0")
    element(node, "unitpenalty", "0.1000000")
    element(node, "showunits", "3")
    element(node, "unitsleft", "0")


def write_match(node: etree._Element, interaction: MatchInteraction) -> None:
    """One <subquestion> per pair; one with no text offers a choice that matches nothing."""
    element(node, "shuffleanswers", "true")
    write_combined_feedback(node, interaction)
    for item, choice in interaction.pairs:
        sub = html_element(node, "subquestion", item)
        element(element(sub, "answer"), "text", choice)


def write_order(node: etree._Element, interaction: OrderInteraction) -> None:
    """The items as <answer>s whose fraction is their place (qtype_ordering)."""
    element(node, "layouttype", "VERTICAL")
    element(node, "selecttype", "ALL")
    element(node, "selectcount", str(len(interaction.items)))
    element(node, "gradingtype", ORDER_GRADING)
    element(node, "showgrading", "SHOW")
    element(node, "numberingstyle", NUMBERING_STYLE)
    write_combined_feedback(node, interaction)
    for place, text in enumerate(interaction.items, start=1):
        html_element(node, "answer", text, fraction=f"{place}")


# Each interaction as one of Moodle's question type plugins (qtype_<name>, <question type="name">).
WRITERS: dict[type[Interaction], tuple[str, Callable[[etree._Element, Any], None]]] = {
    ChoiceInteraction: ("qtype_multichoice", write_choice),
    TrueFalseInteraction: ("qtype_truefalse", write_true_false),
    TextEntryInteraction: ("qtype_shortanswer", write_text_entry),
    NumericInteraction: ("qtype_numerical", write_numeric),
    MatchInteraction: ("qtype_matching", write_match),
    OrderInteraction: ("qtype_ordering", write_order),
}


def moodle_type(plugin: str) -> str:
    """The <question type="..."> of a Moodle question type plugin: qtype_matching is matching."""
    return plugin.removeprefix("qtype_")


def pack_to_moodle_xml(pack: Pack, language: str) -> bytes:
    """The pack's questions as a Moodle XML file in `language`, in a category named by the pack."""
    quiz = etree.Element("quiz")
    category = etree.SubElement(quiz, "question", type="category")
    text = etree.SubElement(etree.SubElement(category, "category"), "text")
    text.text = xml_text(f"$course$/top/{category_path(pack, language)}")
    kept, _left = held_questions(pack, language, tuple(WRITERS))
    for question, interaction in kept:
        plugin, write = WRITERS[type(interaction)]
        node = etree.SubElement(quiz, "question", type=moodle_type(plugin))
        element(element(node, "name"), "text", question.id)
        html_element(node, "questiontext", question.prompt.get(language, ""))
        feedback = element(node, "generalfeedback", format="html")
        shown = xml_text(general_feedback(pack, question, language))
        element(feedback, "text").text = etree.CDATA(shown)
        element(node, "defaultgrade", format(question.points, "g"))
        element(node, "penalty", "0")
        element(node, "hidden", "0")
        element(node, "idnumber", question.id)
        write(node, interaction)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- in --------------------------------------------------------------------------------------------


def node_text(node: etree._Element | None, reader: QuestionReader, tag: str = "text") -> str:
    """The plain text of `node`'s <text> (or of `node` itself when it has none), read in the
    node's format (html unless it says plain_text or markdown)."""
    if node is None:
        return ""
    inner = node.find(tag)
    return reader.text((inner if inner is not None else node).text, node.get("format"))


def raw_text(node: etree._Element | None) -> str:
    """A text Moodle stores as written, with no format: a short answer, a matching answer."""
    return ((node.findtext("text") if node is not None else "") or "").strip()


def fraction_of(answer: etree._Element, reader: QuestionReader) -> float:
    try:
        return finite_float(answer.get("fraction", "0")) / 100
    except ValueError:
        reader.error(_("the answer's fraction must be a number"), answer.sourceline)
        return 0.0


def read_answers(node: etree._Element, reader: QuestionReader) -> list[tuple[float, str, str]]:
    """(fraction, text, feedback) of each <answer>; a bad fraction is reported and is 0."""
    return [
        (fraction_of(answer, reader), node_text(answer, reader), feedback_of(answer, reader))
        for answer in node.findall("answer")
    ]


def feedback_of(answer: etree._Element, reader: QuestionReader) -> str:
    return node_text(answer.find("feedback"), reader)


def read_number(node: etree._Element, tag: str, reader: QuestionReader, default=None):
    """The number in `node`'s <tag>, `default` when empty, None after reporting a non-number."""
    child = node.find(tag)
    raw = (child.text or "").strip() if child is not None else ""
    if not raw:
        return default
    try:
        return finite_float(raw.replace(",", "."))
    except ValueError:
        reader.error(
            _("%(tag)s must be a number, not %(value)s", tag=f"<{tag}>", value=repr(raw)),
            child.sourceline,
        )
        return None


def combined_feedback(node: etree._Element, reader: QuestionReader) -> str:
    return node_text(node.find("incorrectfeedback"), reader)


def any_other_feedback(rows: list[tuple[float, str, str]]) -> str:
    """The feedback of the first "*" answer that has one: for any answer not listed."""
    return next((feedback for _f, text, feedback in rows if text == ANY_OTHER and feedback), "")


def read_choice(node: etree._Element, reader: QuestionReader) -> ChoiceInteraction:
    single = (node.findtext("single") or "true").strip().lower() in ("true", "1")
    options = tuple(Answer(text, fraction, fb) for fraction, text, fb in read_answers(node, reader))
    return ChoiceInteraction(options, single=single, feedback=combined_feedback(node, reader))


def read_true_false(node: etree._Element, reader: QuestionReader) -> TrueFalseInteraction | None:
    answers = read_answers(node, reader)
    right = [text.strip().lower() for fraction, text, _fb in answers if fraction > 0]
    if len(answers) != 2 or right not in (["true"], ["false"]):
        reader.error(_("a true/false question needs a right answer true or false"))
        return None
    wrong = next((fb for fraction, _text, fb in answers if fraction <= 0), "")
    if any(fb for fraction, _text, fb in answers if fraction > 0):
        reader.note(_("the feedback for the right answer is not imported"))
    return TrueFalseInteraction(right == ["true"], feedback=wrong)


def pattern_answer(text: str, fraction: float, feedback: str) -> Answer:
    """A short answer as Moodle reads it: `*` matches any characters, `\\*` is a star."""
    wildcard = bool(UNESCAPED_STAR.search(text))
    return Answer(text if wildcard else text.replace("\\*", "*"), fraction, feedback, wildcard)


def read_text_entry(node: etree._Element, reader: QuestionReader) -> TextEntryInteraction:
    """Each <answer> as written (Moodle stores short answers as plain text, whatever the
    format says); `*` alone is any other answer; <usecase>1</usecase> tells case apart."""
    rows = [
        (fraction_of(answer, reader), raw_text(answer), feedback_of(answer, reader))
        for answer in node.findall("answer")
    ]
    answers = tuple(pattern_answer(t, f, fb) for f, t, fb in rows if t != ANY_OTHER)
    case_sensitive = (node.findtext("usecase") or "0").strip() == "1"
    return TextEntryInteraction(
        answers, case_sensitive=case_sensitive, feedback=any_other_feedback(rows)
    )


def read_numeric(node: etree._Element, reader: QuestionReader) -> NumericInteraction:
    rows, answers = [], []
    for answer in node.findall("answer"):
        fraction, text, feedback = fraction_of(answer, reader), raw_text(answer), ""
        feedback = feedback_of(answer, reader)
        tolerance = read_number(answer, "tolerance", reader, 0.0) or 0.0
        rows.append((fraction, text, feedback))
        if text != ANY_OTHER:
            answers.append(NumericAnswer(text, tolerance, fraction, feedback))
    units = [
        ((row.findtext("unit_name") or "").strip(), (row.findtext("multiplier") or "1").strip())
        for row in node.iterfind("units/unit")
    ]
    unit = next((name for name, multiplier in units if multiplier in ("1", "1.0")), "")
    if any(multiplier not in ("1", "1.0") for _name, multiplier in units):
        reader.note(_("units other than the first (with their multipliers) are not imported"))
    return NumericInteraction(tuple(answers), unit=unit, feedback=any_other_feedback(rows))


def read_match(node: etree._Element, reader: QuestionReader) -> MatchInteraction:
    """Each <subquestion>: its text in its format, its answer as written (plain text)."""
    pairs = tuple(
        (node_text(sub, reader), raw_text(sub.find("answer")))
        for sub in node.findall("subquestion")
    )
    return MatchInteraction(pairs, feedback=combined_feedback(node, reader))


def read_order(node: etree._Element, reader: QuestionReader) -> OrderInteraction:
    """The <answer>s in the order of their fractions (their places), ties in the file's order."""
    rows = [
        (fraction, index, text)
        for index, (fraction, text, _fb) in enumerate(read_answers(node, reader))
    ]
    items = tuple(text for _fraction, _index, text in sorted(rows))
    grading = (node.findtext("gradingtype") or ORDER_GRADING).strip()
    if grading != ORDER_GRADING:
        reader.note(
            _(
                "Moodle grades it by %(rule)s; quizapp gives partial credit for each pair of "
                "items in the right order",
                rule=grading,
            )
        )
    if (node.findtext("selecttype") or "ALL").strip() != "ALL":
        reader.note(_("every item is shown, not a selection of them"))
    return OrderInteraction(items, feedback=combined_feedback(node, reader))


READERS: dict[str, Callable[[etree._Element, QuestionReader], Interaction | None]] = {
    moodle_type(plugin): read
    for plugin, read in (
        ("qtype_multichoice", read_choice),
        ("qtype_truefalse", read_true_false),
        ("qtype_shortanswer", read_text_entry),
        ("qtype_numerical", read_numeric),
        ("qtype_matching", read_match),
        ("qtype_ordering", read_order),
    )
}


def quiz_element(data: bytes, question_file: QuestionFile) -> etree._Element | None:
    """The file's <quiz>, or None after reporting why it is not one (or not safe to read)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        question_file.report(line, _("not well-formed XML: %(problem)s", problem=error.msg))
        return None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        question_file.report(1, _("a DOCTYPE is not allowed in a question file"))
        return None
    if root.tag != "quiz":
        question_file.report(
            root.sourceline or 1,
            _("a Moodle XML file starts with <quiz>, not <%(tag)s>", tag=str(root.tag)),
        )
        return None
    return root


def read_question(node: etree._Element, question_file: QuestionFile) -> None:
    """One <question>: a category is passed over, a type quizapp has no interaction for skipped."""
    kind = node.get("type", "")
    reader = question_file.reader(node.sourceline or 1)
    name = " ".join((node.findtext("name/text") or "").split())
    if kind == "category":
        return
    read_interaction = READERS.get(kind)
    if read_interaction is None:
        question_file.skip(reader.line, kind, name)
        return
    feedback_node = node.find("generalfeedback")
    found = ReadQuestion(
        name=name,
        prompt=node_text(node.find("questiontext"), reader) + attached_images(node, reader),
        feedback=(feedback_node.findtext("text") if feedback_node is not None else "") or "",
        points=read_number(node, "defaultgrade", reader, 1.0),
        feedback_format=(feedback_node.get("format") if feedback_node is not None else None)
        or "html",
    )
    interaction = read_interaction(node, reader)
    if any((hint.findtext("text") or "").strip() for hint in node.iterfind("hint")):
        reader.note(_("its hints are not imported"))
    for attached in node.iter("file"):
        filename = attached.get("name") or "file"
        reader.media.append(Media(kind_of(filename), filename))
    question_file.add(reader, kind, found, interaction)


def attached_images(node: etree._Element, reader: QuestionReader) -> str:
    """Moodle 1.9's image beside the question text (<image>, <image_base64>), said in the text
    as an image quizapp did not import."""
    names = [
        (child.text or "").strip() or "image"
        for child in node
        if child.tag == "image" and (child.text or "").strip()
    ]
    if not names and node.find("image_base64") is not None:
        names = ["image"]
    for name in names:
        reader.media.append(Media("image", name))
    return "".join(f"\n[image: {name}]" for name in names)


def read_moodle_xml(data: bytes, filename: str, language: str) -> Imported:
    """The questions of a Moodle XML file (as Moodle 4.x writes it)."""
    question_file = QuestionFile(filename, language)
    root = quiz_element(data, question_file)
    if root is None:
        return question_file.result
    question_file.find_languages(data.decode("utf-8", "replace"))
    for node in root.iterfind("question"):
        read_question(node, question_file)
    return question_file.finish()


@register
class MoodleXml(InterchangeFormat):
    """Moodle's own question bank format (Moodle 4.x), every interaction quizapp has."""

    name = "moodle-xml"
    media_type = "application/xml"
    extension = ".xml"
    holds = tuple(WRITERS)
    label = "Moodle XML"

    def export(self, pack: Pack, language: str) -> bytes:
        return pack_to_moodle_xml(pack, language)

    def export_changes(self, pack: Pack, language: str) -> dict[str, list[str]]:
        """A choice's shares split to fit Moodle's list of fractions."""
        kept, _left = held_questions(pack, language, self.holds)
        return {
            question.id: share_changes(interaction)
            for question, interaction in kept
            if isinstance(interaction, ChoiceInteraction)
        }

    def read(self, data: bytes, filename: str, language: str) -> Imported:
        return read_moodle_xml(data, filename, language)
