"""Interchange formats as plugins: a pack's questions out to a file and a file's questions in, over
neutral interactions (quizapp/engine/interactions.py). See docs/moodle-formats.md.

Each format is one module that registers one InterchangeFormat (Moodle XML, GIFT; QTI later) and
reads and writes interactions only; each question type describes its questions as interactions
once (QuestionType.to_interaction, from_interaction), so every type gets every format.
"""

from collections.abc import Iterable

from ..bank.pack import Pack
from ..engine import Question
from ..engine.control_characters import without_control_characters
from ..terminal import gettext as _
from . import gift, moodle_xml  # noqa: F401 - importing a format's module registers it
from .questions import MAX_IMPORT_BYTES, PACK_LANGUAGES, Imported, held_questions
from .registry import FORMATS, InterchangeFormat, get_format, register


def export_pack(pack: Pack, fmt: str, language: str) -> tuple[bytes, list[Question]]:
    """The file's bytes, and the questions the format could not hold (listed for the teacher)."""
    chosen = get_format(fmt)
    _kept, left = held_questions(pack, language, chosen.holds)
    return chosen.export(pack, language), left


def export_notes(pack: Pack, fmt: str, language: str) -> list[str]:
    """One line per question that the file in `language` leaves out or changes (a share split
    to fit Moodle's list, something the format has no place for), in the pack's order: what the
    command line and the pack page tell the teacher beside the file."""
    chosen = get_format(fmt)
    _kept, left = held_questions(pack, language, chosen.holds)
    left_out = {question.id for question in left}
    changes = chosen.export_changes(pack, language)
    lines = []
    for question in pack.questions:
        if question.id in left_out:
            lines.append(
                _(
                    "question %(id)s left out: %(format)s cannot hold its type",
                    id=repr(question.id),
                    format=chosen.label or fmt,
                )
            )
        elif changes.get(question.id):
            lines.append(
                _(
                    "question %(name)s: %(changes)s",
                    name=repr(question.id),
                    changes="; ".join(changes[question.id]),
                )
            )
    return lines


def read_question_file(
    data: bytes, filename: str, language: str, languages: Iterable[str] = ()
) -> Imported:
    """A question file's questions, read by the format its name ends in; any other file, or one
    over MAX_IMPORT_BYTES, is one problem. Multilang texts are split into `language` and those
    of `languages` (the pack languages there are) the file is written in."""
    token = PACK_LANGUAGES.set(tuple(languages))
    try:
        return read_by_format(data, filename, language)
    finally:
        PACK_LANGUAGES.reset(token)


def _without_control_characters(data: bytes) -> bytes:
    """A UTF-8 file without control characters, before any format reads it: GIFT's reader
    stands for its escapes with them, so one in the file would read as an escaped `~` or `=`.
    A file in another encoding (UTF-16 XML) is left to its reader, which refuses them."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return without_control_characters(text).encode("utf-8")


def read_by_format(data: bytes, filename: str, language: str) -> Imported:
    """The file read by the format its name ends in."""
    result = Imported()
    if len(data) > MAX_IMPORT_BYTES:
        result.problems.append(
            f"{filename}:1: "
            + _("the file is larger than %(limit)s MB", limit=MAX_IMPORT_BYTES // (1024 * 1024))
        )
        return result
    for candidate in FORMATS.values():
        if candidate.reads(filename):
            return candidate.read(_without_control_characters(data), filename, language)
    result.problems.append(
        f"{filename}:1: " + _("a question file ends in .xml (Moodle XML) or .gift (GIFT)")
    )
    return result


__all__ = [
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "Imported",
    "InterchangeFormat",
    "export_notes",
    "export_pack",
    "get_format",
    "read_question_file",
    "register",
]
