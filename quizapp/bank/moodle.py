"""Moodle XML and GIFT: a pack's questions out, in one language, and a file's questions in, as
a draft pack's questions (docs/moodle-formats.md).

This module writes and reads what every question shares (name, prompt, points, the general
feedback with the explanation and the quotes); each question type writes and reads its own answers
(QuestionType.to_moodle_xml, to_gift, from_moodle_xml, from_gift). Imported questions have no
quotes: Moodle has none, so they arrive ungrounded and the draft cannot be published until each
has a verified quote.

Untrusted XML is parsed by lxml with entities left unresolved, no DTD and no network, and a
document type declaration is refused outright: no entity expansion, no external files.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from quizapp.engine import QUESTION_TYPES, Question, QuestionType, question_type
from quizapp.engine.types.interchange import (
    MoodleIn,
    MoodleOut,
    gift_escape,
    gift_protect,
    gift_restore,
    gift_text,
    gift_unescape,
    to_html,
    to_plain,
)

from ..terminal import _
from .pack import Pack

FORMATS = {"moodle-xml": ".xml", "gift": ".gift"}
MAX_IMPORT_BYTES = 5 * 1024 * 1024


# -- out -------------------------------------------------------------------------------------------


def general_feedback(pack: Pack, question: Question, language: str) -> str:
    """The explanation, then each quote from the article with the article's title, as HTML."""
    parts = [f"<p>{to_html(question.explanation.get(language, ''))}</p>"]
    for quote in question.quotes:
        translation = quote.translation.get(language)
        shown = to_html(quote.text)
        if translation and language != pack.source.language:
            shown += f" ({to_html(translation)})"
        parts.append(f"<blockquote>{shown}</blockquote>")
    if question.quotes:
        parts.append(f"<p>— {to_html(pack.source.title)}</p>")
    return "".join(parts)


def exported_questions(pack: Pack, fmt: str) -> tuple[list[Question], list[Question]]:
    """(the questions the format can hold, those it cannot)."""
    kept, left = [], []
    for question in pack.questions:
        qtype = question_type(question.type)
        holds = qtype.moodle_type is not None
        if fmt == "gift":
            holds = holds and type(qtype).to_gift is not QuestionType.to_gift
        (kept if holds else left).append(question)
    return kept, left


def pack_to_moodle_xml(pack: Pack, language: str) -> bytes:
    """The pack's questions as a Moodle XML file in `language`, in a category named by the pack."""
    quiz = etree.Element("quiz")
    category = etree.SubElement(quiz, "question", type="category")
    text = etree.SubElement(etree.SubElement(category, "category"), "text")
    text.text = f"$course$/top/{pack.title.get(language) or pack.id}"
    kept, _left = exported_questions(pack, "moodle-xml")
    for question in kept:
        qtype = question_type(question.type)
        node = etree.SubElement(quiz, "question", type=qtype.moodle_type)
        out = MoodleOut(language, node)
        name = out.element(node, "name")
        out.element(name, "text", question.id)
        out.html(node, "questiontext", question.prompt.get(language, ""))
        feedback = out.element(node, "generalfeedback", format="html")
        out.element(feedback, "text").text = etree.CDATA(general_feedback(pack, question, language))
        out.element(node, "defaultgrade", format(question.points, "g"))
        out.element(node, "penalty", "0")
        out.element(node, "hidden", "0")
        out.element(node, "idnumber", question.id)
        qtype.to_moodle_xml(question, out)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def pack_to_gift(pack: Pack, language: str) -> str:
    """The pack's questions as a GIFT file in `language` (texts in Moodle's [html] format)."""
    title = pack.title.get(language) or pack.id
    lines = [f"// {title} — quizapp", f"$CATEGORY: $course$/top/{gift_escape(title)}", ""]
    kept, _left = exported_questions(pack, "gift")
    for question in kept:
        qtype = question_type(question.type)
        out = MoodleOut(language, etree.Element("question"))
        body = qtype.to_gift(question, out)
        feedback = gift_escape(general_feedback(pack, question, language))
        lines.append(f"// question: {question.id}  points: {format(question.points, 'g')}")
        lines.append(
            f"::{gift_escape(question.id)}::[html]{gift_text(question.prompt.get(language, ''))}"
            f"{{{body}####{feedback}}}"
        )
        lines.append("")
    return "\n".join(lines)


def export_pack(pack: Pack, fmt: str, language: str) -> tuple[bytes, list[Question]]:
    """The file's bytes, and the questions the format could not hold (listed for the teacher)."""
    _kept, left = exported_questions(pack, fmt)
    if fmt == "gift":
        return pack_to_gift(pack, language).encode("utf-8"), left
    return pack_to_moodle_xml(pack, language), left


# -- in --------------------------------------------------------------------------------------------


@dataclass
class Imported:
    """What a file held: its questions in the pack's JSON shape, the questions of types quizapp
    does not know (skipped), and the problems that keep the file from being imported."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Collector:
    def __init__(self, filename: str):
        self.filename = filename
        self.result = Imported()
        self.ids: set[str] = set()

    def report(self, line: int, message: str) -> None:
        self.result.problems.append(f"{self.filename}:{line}: {message}")

    def skip(self, line: int, kind: str, name: str) -> None:
        self.result.skipped.append(
            f"{self.filename}:{line}: "
            + _(
                "question %(name)s: Moodle's question type %(type)s is not one of quizapp's; "
                "skipped",
                name=repr(name),
                type=repr(kind),
            )
        )

    def question_id(self, name: str) -> str:
        base = re.sub(r"[^a-z0-9_-]+", "-", name.casefold()).strip("-_")[:40].strip("-_") or "q"
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.ids.add(candidate)
        return candidate


def _explanation(feedback: str) -> str:
    """The explanation part of a general feedback: what stands before the first quote."""
    return to_plain(re.split(r"<blockquote", feedback or "", maxsplit=1)[0])


def _question(
    collector: _Collector,
    into: MoodleIn,
    type_name: str,
    own: dict | None,
    name: str,
    prompt: str,
    feedback: str,
    points: float | None,
) -> None:
    before = into.problems
    if not prompt:
        into.error(None, _("question %(name)s has no question text", name=repr(name)))
    if own is None or into.problems > before:
        return
    question: dict[str, Any] = {"id": collector.question_id(name or prompt[:30]), "type": type_name}
    if points is not None and points > 0 and points != 1:
        question["points"] = int(points) if float(points).is_integer() else points
    question["prompt"] = into.local(prompt)
    explanation = _explanation(feedback)
    if explanation:
        question["explanation"] = into.local(explanation)
    question.update(own)
    collector.result.questions.append(question)


def _chosen_type(check) -> str | None:
    return next((name for name, qtype in QUESTION_TYPES.items() if check(qtype)), None)


def read_moodle_xml(data: bytes, filename: str, language: str) -> Imported:
    """The questions of a Moodle XML file (as Moodle 4.x writes it)."""
    collector = _Collector(filename)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        collector.report(line, _("not well-formed XML: %(problem)s", problem=error.msg))
        return collector.result
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        collector.report(1, _("a DOCTYPE is not allowed in a question file"))
        return collector.result
    if root.tag != "quiz":
        collector.report(
            root.sourceline or 1,
            _("a Moodle XML file starts with <quiz>, not <%(tag)s>", tag=str(root.tag)),
        )
        return collector.result
    for node in root.iterfind("question"):
        kind = node.get("type", "")
        line = node.sourceline or 1
        into = MoodleIn(language, collector.report, _, line=line)
        name = into.text(node.find("name"))
        if kind == "category":
            continue
        type_name = _chosen_type(lambda qtype, node=node: qtype.reads_moodle_xml(node))
        if type_name is None:
            collector.skip(line, kind, name)
            continue
        prompt = into.text(node.find("questiontext"))
        feedback_node = node.find("generalfeedback")
        feedback = feedback_node.findtext("text") if feedback_node is not None else ""
        points = into.number(node, "defaultgrade", 1.0)
        own = question_type(type_name).from_moodle_xml(node, into)
        _question(collector, into, type_name, own, name, prompt, feedback or "", points)
    if not collector.result.questions and not collector.result.problems:
        collector.report(1, _("the file holds no question quizapp can read"))
    return collector.result


def _gift_blocks(text: str) -> list[tuple[int, str]]:
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


def _without_format(text: str) -> str:
    return re.sub(r"^\s*\[(html|moodle|plain|markdown)\]", "", text)


def read_gift(data: bytes, filename: str, language: str) -> Imported:
    """The questions of a GIFT file (as Moodle 4.x writes it)."""
    collector = _Collector(filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        collector.report(1, _("the file is not UTF-8 text"))
        return collector.result
    for line, block in _gift_blocks(text):
        into = MoodleIn(language, collector.report, _, line=line)
        protected = gift_protect(block)
        name = ""
        match = re.match(r"\s*::(.*?)::", protected, re.S)
        if match:
            name = gift_restore(match.group(1))
            protected = protected[match.end() :]
        start, end = protected.find("{"), protected.rfind("}")
        if start < 0 and end < 0:
            collector.skip(line, "description", name)
            continue
        if start < 0 or end < start:
            into.error(line, _("a question's answers must stand between { and }"))
            continue
        body = protected[start + 1 : end].strip()
        after = protected[end + 1 :]
        # Text after the answers: Moodle's "missing word" form, the answers' place a blank.
        prompt_text = protected[:start] + ("_____" if after.strip() else "") + after
        prompt = gift_restore(_without_format(prompt_text))
        feedback = ""
        if "####" in body:
            body, _sep, feedback = body.rpartition("####")
            body = body.strip()
            feedback = gift_unescape(_without_format(feedback))
        if not body:
            collector.skip(line, "essay", name)
            continue
        type_name = _chosen_type(lambda qtype, body=body: qtype.reads_gift(body))
        if type_name is None:
            collector.skip(line, "?", name)
            continue
        own = question_type(type_name).from_gift(body, into)
        _question(collector, into, type_name, own, name, prompt, feedback, None)
    if not collector.result.questions and not collector.result.problems:
        collector.report(1, _("the file holds no question quizapp can read"))
    return collector.result


def read_question_file(data: bytes, filename: str, language: str) -> Imported:
    """A .xml or .gift file's questions; any other file is one problem."""
    suffix = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if len(data) > MAX_IMPORT_BYTES:
        result = Imported()
        result.problems.append(
            f"{filename}:1: "
            + _("the file is larger than %(limit)s MB", limit=MAX_IMPORT_BYTES // (1024 * 1024))
        )
        return result
    if suffix == "xml":
        return read_moodle_xml(data, filename, language)
    if suffix in ("gift", "txt"):
        return read_gift(data, filename, language)
    result = Imported()
    result.problems.append(
        f"{filename}:1: " + _("a question file ends in .xml (Moodle XML) or .gift (GIFT)")
    )
    return result
