"""What the question types share to write and read Moodle XML and GIFT (docs/moodle-formats.md).

Each type writes and reads its own answers (QuestionType.to_moodle_xml, to_gift, from_moodle_xml,
from_gift); the helpers here are the formats' common pieces: a text in the chosen language as
Moodle's HTML, an <answer> element, GIFT's escapes, and a reader that reports `file:line: message`.
The file as a whole (names, prompts, points, general feedback) is quizapp/bank/moodle.py's.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..model import LocalText

HTML = "html"


def to_html(text: str) -> str:
    """A plain pack text as Moodle's HTML text: escaped, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def to_plain(text: str | None) -> str:
    """Moodle's HTML (or plain) text as one plain text: tags dropped, entities read, spaces folded."""
    if not text:
        return ""
    text = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return "\n".join(" ".join(line.split()) for line in html.unescape(text).split("\n")).strip()


def fraction_text(percent: float) -> str:
    """A fraction as Moodle writes it: 100, 50, 33.33333, -50."""
    return format(round(percent, 5), "g") if abs(percent) < 1e6 else str(percent)


@dataclass
class MoodleOut:
    """How a type writes itself: its texts in the chosen language, into its <question> element."""

    language: str
    question: etree._Element

    def text(self, value: LocalText | None) -> str:
        return (value or {}).get(self.language, "")

    def element(self, parent: etree._Element, tag: str, value: Any = None, **attributes):
        child = etree.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
        if value is not None:
            child.text = str(value)
        return child

    def html(self, parent: etree._Element, tag: str, text: str, **attributes):
        """<tag format="html"><text><![CDATA[...]]></text></tag>, as Moodle writes texts."""
        child = self.element(parent, tag, format=HTML, **attributes)
        inner = etree.SubElement(child, "text")
        inner.text = etree.CDATA(to_html(text)) if text else None
        return child

    def answer(self, fraction: float, text: str, feedback: str = "") -> etree._Element:
        answer = self.html(self.question, "answer", text, fraction=fraction_text(fraction))
        self.html(answer, "feedback", feedback)
        return answer


@dataclass
class MoodleIn:
    """How a type reads itself from a <question> element (or a GIFT answer block): every
    problem as `file:line: message`, the texts as one language's plain text."""

    language: str
    report: Callable[[int, str], None]
    gettext: Callable[..., str]
    line: int = 1
    problems: int = field(default=0)

    def _(self, message: str, **values: Any) -> str:
        return self.gettext(message, **values)

    def error(self, line: int | None, message: str) -> None:
        self.problems += 1
        self.report(line or self.line, message)

    def local(self, text: str) -> dict[str, str]:
        return {self.language: text} if text else {}

    def text(self, node: etree._Element | None, tag: str = "text") -> str:
        """The plain text of `node`'s <text> (or of `node` itself when it has none)."""
        if node is None:
            return ""
        inner = node.find(tag)
        return to_plain((inner if inner is not None else node).text)

    def answers(self, node: etree._Element) -> list[tuple[float, str, str, int]]:
        """(fraction in percent, text, feedback, line) of each <answer>; a bad fraction is 0."""
        found = []
        for answer in node.findall("answer"):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError:
                self.error(answer.sourceline, self._("the answer's fraction must be a number"))
                fraction = 0.0
            feedback = self.text(answer.find("feedback"))
            found.append((fraction, self.text(answer), feedback, answer.sourceline))
        return found

    def number(self, node: etree._Element, tag: str, default: float | None = None):
        child = node.find(tag)
        raw = (child.text or "").strip() if child is not None else ""
        if not raw:
            return default
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            self.error(
                child.sourceline,
                self._("%(tag)s must be a number, not %(value)s", tag=f"<{tag}>", value=repr(raw)),
            )
            return None


# -- GIFT -----------------------------------------------------------------------------------------

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


def gift_restore(text: str) -> str:
    """A protected text back as plain text: escapes undone, HTML read."""
    return to_plain(gift_unescape(text))


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


GIFT_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def gift_weight(text: str, default: float) -> tuple[float, str]:
    """An entry's %weight% (percent) and the rest of it."""
    match = GIFT_WEIGHT.match(text)
    if not match:
        return default, text
    return float(match.group(1)), text[match.end() :]


def write_combined_feedback(out: MoodleOut, question: Any) -> None:
    """Moodle's combined feedback: the question's feedback for a wrong (or partly wrong) answer."""
    wrong = out.text(question.feedback)
    out.html(out.question, "correctfeedback", "")
    out.html(out.question, "partiallycorrectfeedback", wrong)
    out.html(out.question, "incorrectfeedback", wrong)


def read_combined_feedback(node: etree._Element, into: MoodleIn) -> dict[str, Any]:
    wrong = into.text(node.find("incorrectfeedback"))
    return {"feedback": into.local(wrong)} if wrong else {}
