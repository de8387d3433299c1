"""Loading and validating packs. Every problem is reported as `path:line: message`."""

import dataclasses
import datetime as dt
import difflib
import hashlib
import math
import re
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from quizapp.engine import (
    QUESTION_TYPES,
    Question,
    Quote,
    locate,
    normalise_quotes_and_space,
    question_type,
)
from quizapp.engine.sentences import sentences_of
from quizapp.engine.text import readable

from ..caches import cache_value, cached_value
from ..engine.control_characters import without_control_characters
from ..terminal import gettext as _
from ..terminal import ngettext
from .pack import Pack, Paragraph, Rendering, Source, rendered_quote_span
from .yamlfile import LineDict, LineList, YamlSyntaxError, read_yaml, scalar_text

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$", re.IGNORECASE)
PACK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARAGRAPH_KINDS = ("heading", "caption")
PARAGRAPH_KEYS = {"id", "text", "kind", "original"}

SOURCE_KEYS = {"title", "publisher", "attribution", "date", "language", "url", "paragraphs"}
PACK_KEYS = {"languages", "title", "questions"}
RENDERING_KEYS = {"language", "title", "note", "paragraphs"}
RENDERING_FILE = re.compile(r"^rendering\.(?P<language>[A-Za-z_-]+)\.ya?ml$")
COMMON_KEYS = {"id", "type", "points", "prompt", "explanation", "quotes", "feedback"}
# A draft question's notes that it needs the teacher's attention before publishing (an image a
# Moodle file referred to and quizapp did not import): a draft may hold them, a version never.
ATTENTION = "attention"
# Keys teachers write for another one: suggested where spelling alone would not find it.
KEY_SYNONYMS = {"answers": "accepted", "accept": "accepted", "variants": "accepted"}
ID_CHARACTERS = "letters a-z, digits, '-' and '_', starting with a letter or digit"


class PackError(click.ClickException):
    """One or more packs are invalid; `problems` holds one `path:line: message` each."""

    exit_code = 1

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))

    def show(self, file: Any = None) -> None:
        for problem in self.problems:
            click.echo(problem, err=True)
        count = len(self.problems)
        click.echo(
            ngettext(
                "%(num)s problem in the question packs.",
                "%(num)s problems in the question packs.",
                count,
            ),
            err=True,
        )


def display_path(path: Path) -> str:
    """The path as a teacher types it: relative to the current folder when inside it."""
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _id_example(value: str) -> str:
    """A valid id close to `value`: other characters become '-'."""
    example = re.sub(r"[^a-z0-9_-]+", "-", value.casefold()).strip("-_")
    return example or "item-1"


def _closest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.5)
    return _("; did you mean %(word)s?", word=repr(match[0])) if match else ""


class _PackReader:
    """Reads one pack folder, collecting every problem instead of stopping at the first."""

    def __init__(self, folder: Path, gettext=_):
        self.folder = folder
        self._ = gettext  # the question types' messages go through the reader's language
        self.problems: list[str] = []
        self.missing_texts: list[str] = []
        self.incomplete: set[str] = set()  # languages some text is missing in
        self.languages: list[str] = []
        self.path = folder / "source.yaml"
        self._suggested: set[tuple[int, str]] = set()  # (mapping, key) an unknown key pointed to
        self.quote_lines: dict[int, int] = {}  # id(Quote) -> its line, for later reports

    def error(self, line: int, message: str, path: Path | None = None) -> None:
        problem = f"{display_path(path or self.path)}:{line}: {message}"
        if problem not in self.problems:
            self.problems.append(problem)

    def missing(self, line: int, lang: str, message: str) -> None:
        self.incomplete.add(lang)
        self.missing_texts.append(f"{display_path(self.path)}:{line}: {message}")

    closest = staticmethod(lambda word, candidates: _closest(word, candidates))
    scalar_text = staticmethod(scalar_text)

    def reported(self) -> tuple[list, list]:
        """The problems and the missing translations found so far, as this reader reports them."""
        return self.problems, self.missing_texts

    def reported_missing_key(self, node: LineDict, key: str) -> bool:
        """Whether an unknown key of `node` was reported as a misspelling of `key` already."""
        return (id(node), key) in self._suggested

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.error(line, _("%(what)s must be a mapping of keys to values", what=what))
        return None

    def _check_keys(self, node: LineDict, allowed: set[str], required: Iterable[str], what: str):
        for key in node:
            if key not in allowed:
                message = _("unknown key %(key)s in %(what)s", key=repr(key), what=what)
                synonym = KEY_SYNONYMS.get(str(key).casefold())
                if synonym in allowed:
                    hint = _("; did you mean %(word)s?", word=repr(synonym))
                else:
                    hint = _closest(key, allowed)
                    match = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.5)
                    synonym = match[0] if match else None
                if synonym:
                    self._suggested.add((id(node), synonym))
                self.error(node.line_of(key), message + hint)
        for key in required:
            if key not in node and not self.reported_missing_key(node, key):
                self.error(node.line, _("%(what)s has no %(key)s", what=what, key=repr(key)))

    def string(self, node: LineDict, key: str, what: str, required: bool = True) -> str | None:
        value = node.get(key)
        if value is None:
            if required and key in node:
                self.error(
                    node.line_of(key), _("%(what)s: %(key)s is empty", what=what, key=repr(key))
                )
            return None
        if isinstance(value, bool):
            self.error(node.line_of(key), self._quote_hint(what, key, value))
            return None
        if not isinstance(value, str | int | float) or not scalar_text(value).strip():
            self.error(
                node.line_of(key), _("%(what)s: %(key)s must be text", what=what, key=repr(key))
            )
            return None
        return scalar_text(value).strip()

    def _quote_hint(self, what: str, key: str, value: bool) -> str:
        """YAML read true/false where text belongs: tell the teacher to put the text in quotes."""
        word = "true" if value else "false"
        return _(
            "%(what)s: %(key)s must be text, but YAML reads %(word)s as a yes/no value; put the "
            'text in double quotes, e.g. %(key)s: "%(word)s"',
            what=what,
            key=key,
            word=word,
        )

    def identifier(self, node: LineDict, what: str, seen: dict[str, int]) -> str | None:
        value = self.string(node, "id", what)
        if value is None:
            return None
        line = node.line_of("id")
        if not ID_PATTERN.match(value):
            self.error(
                line,
                _(
                    "id %(id)s may hold only %(allowed)s; for example %(example)s",
                    id=repr(value),
                    allowed=ID_CHARACTERS,
                    example=repr(_id_example(value)),
                ),
            )
            return None
        if value in seen:
            self.error(
                line,
                _(
                    "duplicate %(what)s id %(id)s (first on line %(line)s)",
                    what=what,
                    id=repr(value),
                    line=seen[value],
                ),
            )
            return None
        seen[value] = line
        return value

    # -- source.yaml -----------------------------------------------------------------------

    def read_source(self) -> Source | None:
        self.path = self.folder / "source.yaml"
        document = self.document()
        if document is None:
            return None
        self._check_keys(
            document,
            SOURCE_KEYS,
            ("title", "publisher", "attribution", "language", "paragraphs"),
            _("the source"),
        )
        paragraphs = self._paragraphs(document.get("paragraphs"), document.line_of("paragraphs"))
        date = document.get("date")
        if date is not None and not isinstance(date, dt.date):
            self.error(document.line_of("date"), _("date must be written YYYY-MM-DD, or null"))
            date = None
        fields = {
            k: self.string(document, k, _("the source"))
            for k in ("title", "publisher", "attribution", "language")
        }
        url = self.string(document, "url", _("the source"), required=False)
        if url is not None and urlsplit(url).scheme.lower() not in ("http", "https"):
            # The reading view links to it: a javascript: address would run in the learner's page.
            self.error(
                document.line_of("url"),
                _("the source: 'url' must be a web address starting with https:// or http://"),
            )
            url = None
        if None in fields.values() or not paragraphs:
            return None
        return Source(paragraphs=paragraphs, date=date, url=url, **fields)

    def _paragraphs(self, value: Any, line: int) -> tuple[Paragraph, ...]:
        if not isinstance(value, LineList) or not value:
            if value is not None:
                self.error(line, _("paragraphs must be a list of {id, text}"))
            return ()
        seen: dict[str, int] = {}
        paragraphs = []
        for entry in value:
            node = self.mapping(entry, value.line, _("a paragraph"))
            if node is None:
                continue
            self._check_keys(node, PARAGRAPH_KEYS, ("id", "text"), _("a paragraph"))
            paragraph_id = self.identifier(node, _("paragraph"), seen)
            text = self.string(node, "text", _("paragraph"))
            original = self.string(node, "original", _("paragraph"))
            kind = node.get("kind", "paragraph")
            if kind not in ("paragraph", *PARAGRAPH_KINDS):
                self.error(
                    node.line_of("kind"),
                    _("unknown paragraph kind %(kind)s", kind=repr(kind))
                    + _closest(kind, PARAGRAPH_KINDS)
                    + _(" (use heading or caption)"),
                )
                continue
            if paragraph_id and text:
                original = original if original != text else None
                paragraphs.append(Paragraph(paragraph_id, text, kind, original))
        return tuple(paragraphs)

    def document(self) -> LineDict | None:
        """The current file's document (YAML of a folder, a draft's JSON data alike), every text in
        it without control characters: the one place they are removed from what packs hold."""
        return _without_control_characters(self._document())

    def _document(self) -> LineDict | None:
        if not self.path.is_file():
            misnamed = self.path.with_suffix(".yml")
            if misnamed.is_file():
                self.error(
                    1,
                    _("the file must be named %(name)s: rename it", name=self.path.name),
                    path=misnamed,
                )
            else:
                self.error(1, _("file is missing"))
            return None
        try:
            document = read_yaml(self.path)
        except YamlSyntaxError as error:
            hint = ""
            if error.quoting:
                hint = _(
                    " (where a line holds text with %(marks)s, put the whole text in double "
                    'quotes, e.g. prompt: "Was it 76%% or more?"; inside double quotes write a '
                    'quote mark as \\" or use typographic quotes “ ”)',
                    marks="% : # \" '",
                )
            self.error(error.line, error.message + hint)
            return None
        return self.mapping(document, 1, _("the file"))

    # -- rendering.<lang>.yaml ---------------------------------------------------------------

    def read_renderings(self, source: Source | None) -> dict[str, Rendering]:
        """Every rendering.<lang>.yaml of the pack, by language; problems reported as usual.

        A paragraph a rendering lacks is reported as a missing text (the reading view shows it in
        the original); an id the source does not have is an error.
        """
        renderings: dict[str, Rendering] = {}
        for path in sorted(self.folder.glob("rendering.*")):
            match = RENDERING_FILE.match(path.name)
            if match is None or not path.is_file():
                continue
            if path.suffix == ".yml":
                self.error(
                    1,
                    _("the file must be named %(name)s: rename it", name=path.stem + ".yaml"),
                    path=path,
                )
                continue
            self.path = path
            rendering = self._rendering(match["language"], source)
            if rendering is not None:
                renderings[rendering.language] = rendering
        return renderings

    def _rendering(self, file_language: str, source: Source | None) -> Rendering | None:
        """The rendering in the current file: its language (the one its name says), title, note
        and the text of each paragraph of the source; None when it cannot be read."""
        document = self.document()
        if document is None:
            return None
        what = _("the rendering")
        self._check_keys(document, RENDERING_KEYS, ("language", "title", "paragraphs"), what)
        language = self.string(document, "language", what)
        title = self.string(document, "title", what)
        # The export writes an empty note for a rendering without one: no note, not a problem.
        blank = isinstance(document.get("note"), str) and not document["note"].strip()
        note = "" if blank else self.string(document, "note", what, required=False) or ""
        if not self._rendering_language_fits(document, language, file_language):
            return None
        paragraphs = document.get("paragraphs")
        if not isinstance(paragraphs, LineDict) or not paragraphs:
            self.error(
                document.line_of("paragraphs"),
                _("the rendering's paragraphs must map paragraph ids to texts, e.g. p1: ..."),
            )
            return None
        texts = self._rendered_paragraphs(paragraphs, source)
        self._report_unrendered_paragraphs(document, paragraphs, source, language)
        if language is None or title is None:
            return None
        return Rendering(language=language, title=title, paragraphs=texts, note=note)

    def _rendering_language_fits(
        self, document: LineDict, language: str | None, file_language: str
    ) -> bool:
        """Whether the rendering's language is the one in its file name and one of the pack's;
        reports it when not."""
        if language is not None and language != file_language:
            self.error(
                document.line_of("language"),
                _(
                    "the rendering says language %(language)s, but the file name says %(name)s; "
                    "name the file rendering.%(language)s.yaml or correct the language",
                    language=language,
                    name=repr(file_language),
                ),
            )
            return False
        if language is not None and self.languages and language not in self.languages:
            self.error(
                document.line_of("language"),
                _(
                    "the rendering's language %(language)s is not one of the pack's languages "
                    "(%(languages)s)",
                    language=repr(language),
                    languages=", ".join(self.languages),
                ),
            )
            return False
        return True

    def _rendered_paragraphs(self, paragraphs: LineDict, source: Source | None) -> dict[str, str]:
        """The rendering's text of each paragraph, by id; an id the source lacks is reported."""
        texts: dict[str, str] = {}
        known = [p.id for p in source.paragraphs] if source else []
        for paragraph_id in paragraphs:
            text = self.string(
                paragraphs, paragraph_id, _("paragraph %(id)s", id=repr(paragraph_id))
            )
            if source is not None and paragraph_id not in known:
                self.error(
                    paragraphs.line_of(paragraph_id),
                    _("no paragraph %(id)s in the source", id=repr(paragraph_id))
                    + _closest(paragraph_id, known),
                )
                continue
            if text is not None:
                texts[str(paragraph_id)] = text
        return texts

    def _report_unrendered_paragraphs(
        self,
        document: LineDict,
        paragraphs: LineDict,
        source: Source | None,
        language: str | None,
    ) -> None:
        """Note each paragraph of the source the rendering leaves out: a missing translation,
        reported apart from the problems."""
        for paragraph in source.paragraphs if source else []:
            if paragraph.id not in paragraphs:
                self.missing_texts.append(
                    f"{display_path(self.path)}:{document.line_of('paragraphs')}: "
                    + _(
                        "paragraph %(id)s of the source has no %(language)s rendering",
                        id=repr(paragraph.id),
                        language=repr(language),
                    )
                )

    def check_rendered_quotes(self, pack: Pack) -> None:
        """Report each quote whose translation is not found in its paragraph's rendering."""
        self.path = self.folder / "questions.yaml"
        for question in pack.questions:
            for quote in question.quotes:
                for language, rendering in pack.renderings.items():
                    if quote.paragraph not in rendering.paragraphs:
                        continue
                    if not quote.translation.get(language):
                        continue
                    if rendered_quote_span(pack, quote, language) is None:
                        self.missing_texts.append(
                            f"{display_path(self.path)}:{self.quote_lines.get(id(quote), 1)}: "
                            + _(
                                "the %(language)s translation of a quote of question %(id)s is "
                                "not in the %(language)s rendering of paragraph %(paragraph)s; "
                                "copy it from rendering.%(language)s.yaml",
                                language=language,
                                id=repr(question.id),
                                paragraph=repr(quote.paragraph),
                            )
                        )

    # -- questions.yaml --------------------------------------------------------------------

    def read_questions(self, source: Source | None) -> tuple[LineDict, list[str], list[Question]]:
        self.path = self.folder / "questions.yaml"
        document = self.document()
        if document is None:
            return LineDict(), [], []
        self._check_keys(document, PACK_KEYS, ("languages", "title", "questions"), _("the pack"))
        languages = document.get("languages")
        if not (
            isinstance(languages, list)
            and languages
            and all(isinstance(lang, str) and lang.strip() for lang in languages)
        ):
            if "languages" in document:
                self.error(
                    document.line_of("languages"), "languages must be a list such as [en, de]"
                )
            languages = []
        self.languages = [lang.strip() for lang in languages]
        self.local_text(document, "title", _("the pack"))
        questions = []
        entries = document.get("questions")
        if not isinstance(entries, LineList) or not entries:
            if "questions" in document:
                self.error(document.line_of("questions"), _("questions must be a non-empty list"))
            return document, self.languages, []
        seen: dict[str, int] = {}
        for entry in entries:
            node = self.mapping(entry, entries.line, _("a question"))
            if node is not None:
                question = self._question(node, seen, source)
                if question is not None:
                    questions.append(question)
        return document, self.languages, questions

    def local_text(self, node: LineDict, key: str, what: str, required: bool = True):
        value = node.get(key)
        if value is None:
            if required and (key in node or not self.reported_missing_key(node, key)):
                self.error(
                    node.line_of(key),
                    _("%(what)s has no %(key)s", what=what, key=repr(key))
                    if key not in node
                    else _("%(what)s: %(key)s is empty", what=what, key=repr(key)),
                )
            return None
        if not isinstance(value, LineDict):
            self.error(
                node.line_of(key),
                _(
                    "%(key)s of %(what)s must give one text per language, e.g. {en: ..., de: ...}",
                    key=key,
                    what=what,
                ),
            )
            return None
        texts = {}
        for lang in self.languages:
            text = value.get(lang)
            if isinstance(text, bool):
                self.error(value.line_of(lang), self._quote_hint(f"{what}, {key}", lang, text))
                texts[lang] = str(text)
            elif isinstance(text, str | int | float) and scalar_text(text).strip():
                texts[lang] = scalar_text(text).strip()
            else:
                message = _(
                    "%(key)s of %(what)s has no %(lang)s text", key=key, what=what, lang=repr(lang)
                )
                self.missing(value.line_of(lang), lang, message)
        return texts

    def _question(self, node: LineDict, seen: dict[str, int], source: Source | None):
        question_id = self.identifier(node, _("question"), seen)
        what = _("question %(id)s", id=repr(question_id)) if question_id else _("a question")
        type_name = node.get("type")
        if not isinstance(type_name, str) or type_name not in QUESTION_TYPES:
            if "type" not in node:
                self.error(node.line, _("%(what)s has no %(key)s", what=what, key="'type'"))
            else:
                self.error(
                    node.line_of("type"),
                    _("unknown question type %(type)s", type=repr(scalar_text(type_name)))
                    + _closest(scalar_text(type_name), QUESTION_TYPES)
                    + _(" (types: %(types)s)", types=", ".join(sorted(QUESTION_TYPES))),
                )
            return None
        qtype = question_type(type_name)
        self._check_keys(node, COMMON_KEYS | qtype.keys | {ATTENTION}, (), what)
        self.attention(node, what)
        fields: dict[str, Any] = {
            "prompt": self.local_text(node, "prompt", what),
            "explanation": self.local_text(node, "explanation", what),
            "quotes": self._quotes(node, what, source),
            "feedback": self.local_text(node, "feedback", what, required=qtype.requires_feedback),
            "points": self.number(node, "points", what, default=1.0, positive=True),
        }
        own = qtype.read_fields(self, node, what)
        if own is None or question_id is None:
            return None
        if any(fields[k] is None for k in ("prompt", "explanation", "quotes", "points")):
            return None
        return Question(id=question_id, type=type_name, **fields, **own)

    def attention(self, node: LineDict, what: str) -> None:
        """A pack folder is published as it is read: a question that still needs attention is
        a problem there (a draft's reader only checks the notes' shape)."""
        if ATTENTION in node:
            for note in attention_notes(node) or [scalar_text(node[ATTENTION])]:
                self.error(node.line_of(ATTENTION), attention_problem(what, note))

    def number(self, node: LineDict, key: str, what: str, default=None, positive=False):
        """A number at `key` (or `default` when absent); None after reporting what is wrong."""
        value = node.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not is_finite_number(value)
        ):
            self.error(
                node.line_of(key),
                _("%(key)s of %(what)s must be a number", key=key, what=what)
                if key in node
                else _("%(what)s has no %(key)s", what=what, key=repr(key)),
            )
            return None
        if (positive and value <= 0) or value < 0:
            self.error(
                node.line_of(key),
                _("%(key)s of %(what)s must be greater than 0", key=key, what=what)
                if positive
                else _("%(key)s of %(what)s must be 0 or more", key=key, what=what),
            )
            return None
        return float(value)

    def entries(
        self,
        node: LineDict,
        key: str,
        what: str,
        keys: tuple[str, ...],
        *,
        minimum: int = 2,
        maximum: int | None = None,
        optional: tuple[str, ...] = (),
    ) -> list[LineDict] | None:
        """The list of mappings at `key`, each with `keys` (and maybe `optional`), in size bounds."""
        entries = node.get(key)
        count_ok = isinstance(entries, LineList) and (
            minimum <= len(entries) <= (maximum or len(entries))
        )
        if not count_ok:
            if maximum is not None:
                message = _(
                    "%(what)s needs a list of %(min)s to %(max)s %(key)s",
                    what=what,
                    min=minimum,
                    max=maximum,
                    key=key,
                )
            else:
                message = _("%(what)s needs a list of at least two %(key)s", what=what, key=key)
            if isinstance(entries, LineList):
                message += _(" (it has %(count)s)", count=len(entries))
            if key in node or not self.reported_missing_key(node, key):
                self.error(node.line_of(key), message)
            return None
        result = []
        for entry in entries:
            mapping = self.mapping(entry, entries.line, _("an entry of %(key)s", key=key))
            if mapping is None:
                return None
            self._check_keys(
                mapping, set(keys) | set(optional), keys, _("an entry of %(key)s", key=key)
            )
            result.append(mapping)
        return result

    def _quotes(self, node: LineDict, what: str, source: Source | None):
        entries = node.get("quotes")
        if not isinstance(entries, LineList) or not entries:
            self.error(
                node.line_of("quotes"),
                _("%(what)s needs at least one quote {paragraph, text} from the source", what=what),
            )
            return None
        quotes = []
        for entry in entries:
            quote = self.mapping(entry, entries.line, _("a quote"))
            if quote is None:
                continue
            self._check_keys(
                quote,
                {"paragraph", "text", "translation"},
                ("paragraph", "text"),
                _("a quote of %(what)s", what=what),
            )
            paragraph_id = self.string(quote, "paragraph", _("quote"))
            text = self.string(quote, "text", _("quote"))
            translation = quote.get("translation") or {}
            if not isinstance(translation, dict):
                self.error(
                    quote.line_of("translation"),
                    _("translation must give one text per language, e.g. {de: ...}"),
                )
                translation = {}
            if paragraph_id is None or text is None:
                continue
            if source is not None:
                self._verify_quote(quote, paragraph_id, text, source)
            made = Quote(paragraph_id, text, {k: scalar_text(v) for k, v in translation.items()})
            self.quote_lines[id(made)] = quote.line_of("translation")
            quotes.append(made)
        return tuple(quotes) if quotes else None

    def _verify_quote(self, quote: LineDict, paragraph_id: str, text: str, source: Source) -> None:
        paragraph = source.paragraph(paragraph_id)
        if paragraph is None:
            ids = [p.id for p in source.paragraphs]
            self.error(
                quote.line_of("paragraph"),
                _("no paragraph %(id)s in the source", id=repr(paragraph_id))
                + _closest(paragraph_id, ids),
            )
            return
        if locate(paragraph.text, text):
            return
        elsewhere = next((p.id for p in source.paragraphs if locate(p.text, text)), None)
        if elsewhere:
            self.error(
                quote.line_of("text"),
                _(
                    "quote is in paragraph %(found)s, not %(named)s",
                    found=repr(elsewhere),
                    named=repr(paragraph_id),
                ),
            )
            return
        closest_id, closest = closest_passage(source, text)
        self.error(
            quote.line_of("text"),
            _(
                "quote is not in the source; closest passage (%(id)s): %(passage)s",
                id=closest_id,
                passage=repr(closest),
            ),
        )


_WORD = re.compile(r"\w+|[%$€£]")
_WORD_FORMS = {"percent": "%", "prozent": "%", "dollars": "$", "dollar": "$", "euro": "€"}


def is_finite_number(value: float) -> bool:
    """Whether a number read from a pack is finite as a float: an integer of 400 digits is not
    (float() of it overflows)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _without_control_characters(node: Any) -> Any:
    """`node` with every text in it without control characters, its mappings and sequences
    changed in place so that they keep their lines."""
    if isinstance(node, str):
        return without_control_characters(node)
    if isinstance(node, dict):
        for key, value in node.items():
            node[key] = _without_control_characters(value)
    elif isinstance(node, list):
        node[:] = [_without_control_characters(item) for item in node]
    return node


def _words(text: str) -> list[str]:
    """The words and signs of a text, case-folded, with "percent" and "%" alike."""
    words = _WORD.findall(normalise_quotes_and_space(text).casefold())
    return [_WORD_FORMS.get(word, word) for word in words]


def closest_passage(source: Source, text: str) -> tuple[str, str]:
    """The sentence of the source that holds most of `text`'s words, with its paragraph id.

    Words are weighed by how rare they are in the article, so a quote's distinctive words
    ("jumped", "76") count for more than the signs and short words many sentences share ("$",
    "to"); the likeness of the letters decides between sentences that hold the same words.
    """
    target = normalise_quotes_and_space(text)
    target_words = set(_words(text))
    sentences = [
        (paragraph.id, sentence.text)
        for paragraph in source.paragraphs
        for sentence in sentences_of(paragraph.id, paragraph.text, source.language)
    ] or [(paragraph.id, paragraph.text) for paragraph in source.paragraphs[:1]]
    words_of = [set(_words(sentence)) for _id, sentence in sentences]
    document_count = {word: sum(word in words for words in words_of) for word in target_words}
    weight = {word: 1.0 / (1 + document_count[word]) for word in target_words}
    total = sum(weight.values()) or 1.0
    best = (-1.0, -1.0, sentences[0][0], sentences[0][1])
    for (paragraph_id, sentence), words in zip(sentences, words_of, strict=True):
        coverage = sum(weight[word] for word in target_words & words) / total
        likeness = difflib.SequenceMatcher(None, target, normalise_quotes_and_space(sentence))
        score = (round(coverage, 6), likeness.ratio())
        if score > best[:2]:
            best = (*score, paragraph_id, sentence)
    return best[2], readable(best[3])


def read_pack(folder: Path) -> tuple[Pack | None, list[str], list[str]]:
    """Read one pack folder: (the pack or None, errors, missing translations)."""
    reader = _PackReader(folder)
    if not PACK_ID_PATTERN.match(folder.name):
        reader.error(
            1,
            _(
                "pack folder name %(name)s may hold only lower-case letters, digits and '-'",
                name=repr(folder.name),
            ),
            path=folder,
        )
    source = reader.read_source()
    return _built_pack(reader, folder.name, folder, source)


def _built_pack(reader: "_PackReader", pack_id: str, path: Path | None, source: Source | None):
    """Read the questions and renderings, then (the pack or None, errors, missing translations)
    in the reader's own form of a problem (a `path:line` line, or a field and its message)."""
    document, languages, questions = reader.read_questions(source)
    renderings = reader.read_renderings(source)
    problems, missing = reader.reported()
    if reader.problems or source is None or not languages:
        return None, problems, missing
    complete = tuple(lang for lang in languages if lang not in reader.incomplete)
    if not complete:
        return None, missing, missing
    pack = Pack(
        id=pack_id,
        path=path,
        title=document.get("title") or {},
        languages=complete,
        declared_languages=tuple(languages),
        source=source,
        questions=tuple(questions),
        renderings=renderings,
    )
    reader.check_rendered_quotes(pack)
    pack = dataclasses.replace(pack, missing=tuple(reader.missing_texts))
    return pack, [], reader.reported()[1]


class _FieldDict(LineDict):
    """A mapping of a pack's data whose absent keys have a field of their own: "has no 'de' text"
    stands beside the German input, not beside the whole prompt."""

    fields: "_Fields"
    name: str

    def line_of(self, key: str) -> int:
        if key in self.key_lines:
            return self.key_lines[key]
        return self.fields.number(f"{self.name}.{key}" if self.name else str(key))


class _Fields:
    """Turns a pack's JSON data into the reader's LineDict/LineList, numbering each field.

    A problem the reader reports at a "line" is then a problem of the field with that number: the
    editor shows it beside the field, with the same words `questions check` prints for a file.
    """

    def __init__(self):
        self.numbers: dict[str, int] = {"": 1}
        self.names: list[str] = ["", ""]

    def number(self, name: str) -> int:
        if name not in self.numbers:
            self.numbers[name] = len(self.names)
            self.names.append(name)
        return self.numbers[name]

    def name(self, line: int) -> str:
        return self.names[line] if 0 <= line < len(self.names) else ""

    def convert(self, value: Any, name: str) -> Any:
        if isinstance(value, dict):
            mapping = _FieldDict()
            mapping.fields, mapping.name = self, name
            mapping.line = self.number(name)
            mapping.key_lines = {}
            for key, item in value.items():
                child = f"{name}.{key}" if name else str(key)
                mapping.key_lines[key] = self.number(child)
                mapping[key] = self.convert(item, child)
            return mapping
        if isinstance(value, list):
            sequence = LineList(
                self.convert(item, f"{name}.{index}") for index, item in enumerate(value)
            )
            sequence.line = self.number(name)
            return sequence
        return value


def _source_document(source: Any) -> Any:
    """The source as source.yaml reads: its date a date when written YYYY-MM-DD."""
    if isinstance(source, dict) and isinstance(source.get("date"), str):
        try:
            return {**source, "date": dt.date.fromisoformat(source["date"])}
        except ValueError:
            pass
    return source


class _DataPackReader(_PackReader):
    """Reads a pack from its JSON data (the `questions export --format json` shape) by the same
    rules as a folder; each problem is (field, message), the field named like `questions.0.prompt.de`.
    """

    def __init__(self, data: dict[str, Any], gettext=_):
        super().__init__(Path(str(data.get("id") or "pack")), gettext)
        self.fields = _Fields()
        pack_part = {k: data[k] for k in ("languages", "title", "questions") if k in data}
        self.documents = {
            "source.yaml": self.fields.convert(_source_document(data.get("source")), "source"),
            "questions.yaml": self.fields.convert(pack_part, ""),
        }
        renderings = data.get("renderings")
        renderings = renderings if isinstance(renderings, dict) else {}  # the only shape written
        self.rendering_languages = [str(lang) for lang in renderings]
        for language, rendering in renderings.items():
            self.documents[f"rendering.{language}.yaml"] = self.fields.convert(
                rendering, f"renderings.{language}"
            )
        self.field_problems: list[tuple[str, str]] = []
        self.field_missing: list[tuple[str, str]] = []

    def error(self, line: int, message: str, path: Path | None = None) -> None:
        problem = (self.fields.name(line), message)
        if problem not in self.field_problems:
            self.field_problems.append(problem)
            self.problems.append(f"{problem[0]}: {message}")

    def missing(self, line: int, lang: str, message: str) -> None:
        self.incomplete.add(lang)
        self.field_missing.append((self.fields.name(line), message))
        self.missing_texts.append(f"{self.fields.name(line)}: {message}")

    def reported(self) -> tuple[list, list]:
        return self.field_problems, self.field_missing

    def attention(self, node: LineDict, what: str) -> None:
        """A draft may hold notes that a question needs attention (publishing refuses them, see
        needing_attention); only their shape is checked, and the pack read never carries them."""
        notes = node.get(ATTENTION)
        if ATTENTION in node and not (
            isinstance(notes, list) and all(isinstance(n, str) and n.strip() for n in notes)
        ):
            self.error(
                node.line_of(ATTENTION),
                _("%(key)s of %(what)s must be a list of notes", key=ATTENTION, what=what),
            )

    def read_renderings(self, source: Source | None) -> dict[str, Rendering]:
        """The renderings the data carries, by language, read as rendering.<lang>.yaml is."""
        renderings: dict[str, Rendering] = {}
        for language in self.rendering_languages:
            self.path = self.folder / f"rendering.{language}.yaml"
            rendering = self._rendering(language, source)
            if rendering is not None:
                renderings[rendering.language] = rendering
        return renderings

    def _document(self) -> LineDict | None:
        document = self.documents[self.path.name]
        if document is None:
            what = _("the source") if self.path.name == "source.yaml" else _("the pack")
            self.error(1, _("%(what)s is missing", what=what))
            return None
        return self.mapping(document, 1, _("the file"))


def without_derived_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The pack's data without what the JSON export adds that a type derives (the `answer` of
    the options marked correct or the items' order, a numeric unit's `scale`): reading it again
    must not call it an unknown key."""
    questions = data.get("questions")
    if not isinstance(questions, list):
        return data
    kept = []
    for question in questions:
        type_name = question.get("type") if isinstance(question, dict) else None
        if isinstance(type_name, str) and type_name in QUESTION_TYPES:
            qtype = question_type(type_name)
            derived = qtype.derived_keys | ({"answer"} - qtype.keys)
            question = {k: v for k, v in question.items() if k not in derived}
        kept.append(question)
    return {**data, "questions": kept}


def attention_notes(question: Any) -> list[str]:
    """The notes of a question (in a pack's data) saying why it needs attention: none when it
    needs none or they are not a list of texts."""
    notes = question.get(ATTENTION) if isinstance(question, dict) else None
    if not isinstance(notes, list):
        return []
    return [note.strip() for note in notes if isinstance(note, str) and note.strip()]


def attention_problem(what: str, note: str) -> str:
    return _("%(what)s needs attention: %(note)s", what=what, note=note)


def needing_attention(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Each note of a draft's questions that keeps it from being published, as (field,
    message) like read_pack_data's problems (`questions.2.attention`)."""
    questions = data.get("questions") if isinstance(data, dict) else None
    found = []
    for index, question in enumerate(questions if isinstance(questions, list) else []):
        question_id = question.get("id") if isinstance(question, dict) else None
        what = _("question %(id)s", id=repr(question_id))
        for note in attention_notes(question):
            found.append((f"questions.{index}.{ATTENTION}", attention_problem(what, note)))
    return found


def read_pack_data(
    data: dict[str, Any], gettext=_
) -> tuple[Pack | None, list[tuple[str, str]], list[tuple[str, str]]]:
    """Read a pack from its JSON data: (the pack or None, errors, missing translations), each
    problem a (field, message) pair, by the same rules and in the same words as read_pack."""
    reader = _DataPackReader(without_derived_answers(data), gettext)
    pack_id = data.get("id")
    if not isinstance(pack_id, str) or not PACK_ID_PATTERN.match(pack_id):
        reader.error(
            reader.fields.number("id"),
            _(
                "pack folder name %(name)s may hold only lower-case letters, digits and '-'",
                name=repr(pack_id),
            ),
        )
    return _built_pack(reader, pack_id, None, reader.read_source())


def pack_folders(questions_dir: Path) -> list[Path]:
    """Every pack folder under `questions_dir`, in name order."""
    if not questions_dir.is_dir():
        return []
    return sorted(
        p for p in questions_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def load_packs(questions_dir: Path) -> dict[str, Pack]:
    """Every pack in `questions_dir` by id; raises PackError listing every problem if any is invalid.

    A pack whose translation is incomplete in some language is not an error here: it is offered in
    the languages it is complete in (`flask questions check` still reports what is missing).
    """
    packs: dict[str, Pack] = {}
    problems: list[str] = []
    folders = pack_folders(questions_dir)
    if not folders:
        raise PackError(
            [f"{display_path(questions_dir)}:1: " + _("no question packs in this folder")]
        )
    for folder in folders:
        contents = _folder_contents(folder)
        pack = cached_value(_read_packs, contents)
        if pack is None:
            pack, errors, _missing = read_pack(folder)
            problems.extend(errors)
            # Not cached if a file changed while it was read.
            if pack is not None and not errors and _folder_contents(folder) == contents:
                cache_value(_read_packs, contents, pack, _READ_PACKS_LIMIT)
        if pack is not None:
            packs[pack.id] = pack
    if problems:
        raise PackError(problems)
    return packs


# The packs read from folders in this process, by each folder's path and files' contents: an app
# made again in the same process (every test makes one) does not parse an unchanged folder again.
# A Pack is immutable, so one read serves them all; a changed file is a new key.
_read_packs: "OrderedDict[tuple, Pack]" = OrderedDict()
_READ_PACKS_LIMIT = 64


def _folder_contents(folder: Path) -> tuple:
    """The folder's path as given (its name is the pack's id), and each of its files' name and
    SHA-256."""
    files = sorted(path for path in folder.iterdir() if path.is_file())
    return (
        str(folder.absolute()),
        *((path.name, hashlib.sha256(path.read_bytes()).digest()) for path in files),
    )


def check_packs(questions_dir: Path) -> list[str]:
    """Every problem of every pack, missing translations included, as `path:line: message`."""
    folders = pack_folders(questions_dir)
    if not folders:
        return [f"{display_path(questions_dir)}:1: " + _("no question packs in this folder")]
    problems: list[str] = []
    for folder in folders:
        _pack, errors, missing = read_pack(folder)
        problems.extend(errors)
        problems.extend(m for m in missing if m not in errors)
    return problems
