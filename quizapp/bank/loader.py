"""Loading and validating packs. Every problem is reported as `path:line: message`."""

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from quizapp.engine import (
    QUESTION_TYPES,
    Choice,
    MatchItem,
    Option,
    Question,
    Quote,
    locate,
    normalise_quotes_and_space,
)

from ..terminal import _, ngettext
from .pack import Pack, Paragraph, Source
from .yamlfile import LineDict, LineList, YamlSyntaxError, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$", re.IGNORECASE)
PACK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARAGRAPH_KINDS = ("heading", "caption")

SOURCE_KEYS = {"title", "publisher", "attribution", "date", "language", "url", "paragraphs"}
PACK_KEYS = {"languages", "title", "questions"}
COMMON_KEYS = {"id", "type", "points", "prompt", "explanation", "quotes", "feedback"}
TYPE_KEYS = {
    "single_choice": {"options"},
    "multiple_response": {"options"},
    "true_false": {"answer"},
    "numeric": {"answer", "tolerance", "unit"},
    "short_text": {"accepted"},
    "matching": {"items", "choices"},
}


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


def _display(path: Path) -> str:
    """The path as a teacher types it: relative to the current folder when inside it."""
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _closest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.5)
    return _("; did you mean %(word)s?", word=repr(match[0])) if match else ""


class _PackReader:
    """Reads one pack folder, collecting every problem instead of stopping at the first."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[str] = []
        self.missing: list[str] = []
        self.incomplete: set[str] = set()  # languages some text is missing in
        self.path = folder / "source.yaml"

    def error(self, line: int, message: str, path: Path | None = None) -> None:
        self.problems.append(f"{_display(path or self.path)}:{line}: {message}")

    def _missing(self, line: int, lang: str, message: str) -> None:
        self.incomplete.add(lang)
        self.missing.append(f"{_display(self.path)}:{line}: {message}")

    def _mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.error(line, _("%(what)s must be a mapping of keys to values", what=what))
        return None

    def _check_keys(self, node: LineDict, allowed: set[str], required: Iterable[str], what: str):
        for key in node:
            if key not in allowed:
                message = _("unknown key %(key)s in %(what)s", key=repr(key), what=what)
                self.error(node.line_of(key), message + _closest(key, allowed))
        for key in required:
            if key not in node:
                self.error(node.line, _("%(what)s has no %(key)s", what=what, key=repr(key)))

    def _string(self, node: LineDict, key: str, what: str, required: bool = True) -> str | None:
        value = node.get(key)
        if value is None:
            if required and key in node:
                self.error(
                    node.line_of(key), _("%(what)s: %(key)s is empty", what=what, key=repr(key))
                )
            return None
        if (
            not isinstance(value, str | int | float)
            or isinstance(value, bool)
            or not str(value).strip()
        ):
            self.error(
                node.line_of(key), _("%(what)s: %(key)s must be text", what=what, key=repr(key))
            )
            return None
        return str(value).strip()

    def _identifier(self, node: LineDict, what: str, seen: dict[str, int]) -> str | None:
        value = self._string(node, "id", what)
        if value is None:
            return None
        line = node.line_of("id")
        if not ID_PATTERN.match(value):
            self.error(
                line, _("id %(id)s may hold only letters, digits, '-' and '_'", id=repr(value))
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
        document = self._document()
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
            k: self._string(document, k, _("the source"))
            for k in ("title", "publisher", "attribution", "language")
        }
        url = self._string(document, "url", _("the source"), required=False)
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
            node = self._mapping(entry, value.line, _("a paragraph"))
            if node is None:
                continue
            self._check_keys(node, {"id", "text", "kind"}, ("id", "text"), _("a paragraph"))
            paragraph_id = self._identifier(node, _("paragraph"), seen)
            text = self._string(node, "text", _("paragraph"))
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
                paragraphs.append(Paragraph(paragraph_id, text, kind))
        return tuple(paragraphs)

    def _document(self) -> LineDict | None:
        if not self.path.is_file():
            self.error(1, _("file is missing"))
            return None
        try:
            document = read_yaml(self.path)
        except YamlSyntaxError as error:
            self.error(error.line, error.message)
            return None
        return self._mapping(document, 1, _("the file"))

    # -- questions.yaml --------------------------------------------------------------------

    def read_questions(self, source: Source | None) -> tuple[LineDict, list[str], list[Question]]:
        self.path = self.folder / "questions.yaml"
        document = self._document()
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
        self._local_text(document, "title", _("the pack"))
        questions = []
        entries = document.get("questions")
        if not isinstance(entries, LineList) or not entries:
            if "questions" in document:
                self.error(document.line_of("questions"), _("questions must be a non-empty list"))
            return document, self.languages, []
        seen: dict[str, int] = {}
        for entry in entries:
            node = self._mapping(entry, entries.line, _("a question"))
            if node is not None:
                question = self._question(node, seen, source)
                if question is not None:
                    questions.append(question)
        return document, self.languages, questions

    def _local_text(self, node: LineDict, key: str, what: str, required: bool = True):
        value = node.get(key)
        if value is None:
            if required:
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
            if isinstance(text, str) and text.strip():
                texts[lang] = text.strip()
            else:
                message = _(
                    "%(key)s of %(what)s has no %(lang)s text", key=key, what=what, lang=repr(lang)
                )
                self._missing(value.line_of(lang), lang, message)
        return texts

    def _question(self, node: LineDict, seen: dict[str, int], source: Source | None):
        question_id = self._identifier(node, _("question"), seen)
        what = _("question %(id)s", id=repr(question_id)) if question_id else _("a question")
        qtype = node.get("type")
        if qtype not in QUESTION_TYPES:
            if "type" not in node:
                self.error(node.line, _("%(what)s has no %(key)s", what=what, key="'type'"))
            else:
                self.error(
                    node.line_of("type"),
                    _("unknown question type %(type)s", type=repr(qtype))
                    + _closest(qtype, QUESTION_TYPES),
                )
            return None
        self._check_keys(node, COMMON_KEYS | TYPE_KEYS[qtype], (), what)
        fields: dict[str, Any] = {
            "prompt": self._local_text(node, "prompt", what),
            "explanation": self._local_text(node, "explanation", what),
            "quotes": self._quotes(node, what, source),
            "feedback": self._local_text(node, "feedback", what, required=qtype == "true_false"),
            "points": self._number(node, "points", what, default=1.0, positive=True),
        }
        fields.update(getattr(self, f"_{qtype}")(node, what))
        if question_id is None or any(
            fields[k] is None for k in ("prompt", "explanation", "quotes", "points")
        ):
            return None
        if any(value is _INVALID for value in fields.values()):
            return None
        return Question(id=question_id, type=qtype, **fields)

    def _number(self, node: LineDict, key: str, what: str, default=None, positive=False):
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(
                node.line_of(key),
                _("%(key)s of %(what)s must be a number", key=key, what=what)
                if key in node
                else _("%(what)s has no %(key)s", what=what, key=repr(key)),
            )
            return _INVALID
        if (positive and value <= 0) or value < 0:
            self.error(
                node.line_of(key),
                _("%(key)s of %(what)s must be greater than 0", key=key, what=what)
                if positive
                else _("%(key)s of %(what)s must be 0 or more", key=key, what=what),
            )
            return _INVALID
        return float(value)

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
            quote = self._mapping(entry, entries.line, _("a quote"))
            if quote is None:
                continue
            self._check_keys(
                quote,
                {"paragraph", "text", "translation"},
                ("paragraph", "text"),
                _("a quote of %(what)s", what=what),
            )
            paragraph_id = self._string(quote, "paragraph", _("quote"))
            text = self._string(quote, "text", _("quote"))
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
            quotes.append(Quote(paragraph_id, text, {k: str(v) for k, v in translation.items()}))
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
        closest_id, closest = _closest_passage(source, text)
        self.error(
            quote.line_of("text"),
            _(
                "quote is not in the source; closest passage (%(id)s): %(passage)s",
                id=closest_id,
                passage=repr(closest),
            ),
        )

    def _options(self, node: LineDict, what: str, single: bool):
        entries = node.get("options")
        if not isinstance(entries, LineList) or len(entries) < 2:
            self.error(
                node.line_of("options"),
                _("%(what)s needs a list of at least two options", what=what),
            )
            return _INVALID
        seen: dict[str, int] = {}
        options = []
        for entry in entries:
            option = self._mapping(entry, entries.line, _("an option"))
            if option is None:
                return _INVALID
            self._check_keys(
                option,
                {"id", "text", "correct", "feedback"},
                ("id", "text"),
                _("an option of %(what)s", what=what),
            )
            option_id = self._identifier(option, _("option"), seen)
            correct = option.get("correct", False)
            if not isinstance(correct, bool):
                self.error(option.line_of("correct"), _("correct must be true or false"))
                return _INVALID
            text = self._local_text(option, "text", _("option %(id)s", id=repr(option_id)))
            feedback = self._local_text(
                option, "feedback", _("option %(id)s", id=repr(option_id)), required=not correct
            )
            if option_id is None or text is None:
                return _INVALID
            options.append(Option(option_id, text, correct, feedback))
        correct_count = sum(o.correct for o in options)
        if single and correct_count != 1:
            self.error(
                node.line_of("options"),
                _(
                    "%(what)s must have exactly one option with 'correct: true' (it has "
                    "%(count)s); for several use type multiple_response",
                    what=what,
                    count=correct_count,
                ),
            )
            return _INVALID
        if not single and correct_count == 0:
            self.error(
                node.line_of("options"),
                _("%(what)s needs at least one option with 'correct: true'", what=what),
            )
            return _INVALID
        return {"options": tuple(options)}

    def _single_choice(self, node: LineDict, what: str):
        return self._options(node, what, single=True)

    def _multiple_response(self, node: LineDict, what: str):
        return self._options(node, what, single=False)

    def _true_false(self, node: LineDict, what: str):
        answer = node.get("answer")
        if not isinstance(answer, bool):
            self.error(
                node.line_of("answer"),
                _("%(what)s needs 'answer: true' or 'answer: false'", what=what),
            )
            return _INVALID
        return {"answer": answer}

    def _numeric(self, node: LineDict, what: str):
        answer = self._number_any(node, "answer", what)
        tolerance = self._number(node, "tolerance", what, default=0)
        unit = self._local_text(node, "unit", what, required=False)
        return {"answer": answer, "tolerance": tolerance, "unit": unit}

    def _number_any(self, node: LineDict, key: str, what: str):
        value = node.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(
                node.line_of(key), _("%(what)s needs a number as %(key)s", what=what, key=repr(key))
            )
            return _INVALID
        return float(value)

    def _short_text(self, node: LineDict, what: str):
        accepted = node.get("accepted")
        if not isinstance(accepted, LineDict) or not accepted:
            self.error(
                node.line_of("accepted"),
                _(
                    "%(what)s needs 'accepted', a list of answers per language, e.g. "
                    "{en: [Belarus], de: [Belarus, Weißrussland]}",
                    what=what,
                ),
            )
            return _INVALID
        variants = {}
        for lang, answers in accepted.items():
            if isinstance(answers, str):
                answers = [answers]
            if not isinstance(answers, list) or not all(
                isinstance(a, str | int | float) and str(a).strip() for a in answers
            ):
                self.error(
                    accepted.line_of(lang),
                    _("accepted answers for %(lang)s must be a list of texts", lang=repr(lang)),
                )
                return _INVALID
            variants[lang] = tuple(str(a).strip() for a in answers)
        for lang in self.languages:
            if not variants.get(lang):
                message = _(
                    "accepted of %(what)s has no %(lang)s answers", what=what, lang=repr(lang)
                )
                self._missing(accepted.line, lang, message)
        return {"accepted": variants}

    def _matching(self, node: LineDict, what: str):
        choices = self._list_of(node, "choices", what, ("id", "text"))
        items = self._list_of(node, "items", what, ("id", "text", "match"))
        if choices is _INVALID or items is _INVALID:
            return _INVALID
        choice_seen: dict[str, int] = {}
        built_choices = []
        for entry in choices:
            choice_id = self._identifier(entry, _("choice"), choice_seen)
            text = self._local_text(entry, "text", _("choice %(id)s", id=repr(choice_id)))
            if choice_id is None or text is None:
                return _INVALID
            built_choices.append(Choice(choice_id, text))
        item_seen: dict[str, int] = {}
        built_items = []
        for entry in items:
            item_id = self._identifier(entry, _("item"), item_seen)
            text = self._local_text(entry, "text", _("item %(id)s", id=repr(item_id)))
            match = self._string(entry, "match", _("item"))
            if match is not None and match not in choice_seen:
                self.error(
                    entry.line_of("match"),
                    _(
                        "item %(id)s matches %(match)s, which is not a choice",
                        id=repr(item_id),
                        match=repr(match),
                    )
                    + _closest(match, choice_seen),
                )
                return _INVALID
            if item_id is None or text is None or match is None:
                return _INVALID
            built_items.append(MatchItem(item_id, text, match))
        return {"items": tuple(built_items), "choices": tuple(built_choices)}

    def _list_of(self, node: LineDict, key: str, what: str, keys: tuple[str, ...]):
        entries = node.get(key)
        if not isinstance(entries, LineList) or len(entries) < 2:
            self.error(
                node.line_of(key),
                _("%(what)s needs a list of at least two %(key)s", what=what, key=key),
            )
            return _INVALID
        result = []
        for entry in entries:
            mapping = self._mapping(entry, entries.line, _("an entry of %(key)s", key=key))
            if mapping is None:
                return _INVALID
            self._check_keys(mapping, set(keys), keys, _("an entry of %(key)s", key=key))
            result.append(mapping)
        return result


_INVALID = object()


def _closest_passage(source: Source, text: str) -> tuple[str, str]:
    """The sentence of the source that looks most like `text`, with its paragraph id."""
    target = normalise_quotes_and_space(text)
    best = (0.0, source.paragraphs[0].id, source.paragraphs[0].text)
    for paragraph in source.paragraphs:
        sentences = re.split(r"(?<=[.!?”\"])\s+", paragraph.text)
        for sentence in [*sentences, paragraph.text]:
            ratio = difflib.SequenceMatcher(
                None, target, normalise_quotes_and_space(sentence)
            ).ratio()
            if ratio > best[0]:
                best = (ratio, paragraph.id, sentence)
    return best[1], best[2]


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
    document, languages, questions = reader.read_questions(source)
    if reader.problems or source is None or not languages:
        return None, reader.problems, reader.missing
    complete = tuple(lang for lang in languages if lang not in reader.incomplete)
    if not complete:
        return None, reader.missing, reader.missing
    pack = Pack(
        id=folder.name,
        path=folder,
        title=document.get("title") or {},
        languages=complete,
        declared_languages=tuple(languages),
        source=source,
        questions=tuple(questions),
        missing=tuple(reader.missing),
    )
    return pack, [], reader.missing


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
        raise PackError([f"{_display(questions_dir)}:1: " + _("no question packs in this folder")])
    for folder in folders:
        pack, errors, _missing = read_pack(folder)
        problems.extend(errors)
        if pack is not None:
            packs[pack.id] = pack
    if problems:
        raise PackError(problems)
    return packs


def check_packs(questions_dir: Path) -> list[str]:
    """Every problem of every pack, missing translations included, as `path:line: message`."""
    folders = pack_folders(questions_dir)
    if not folders:
        return [f"{_display(questions_dir)}:1: " + _("no question packs in this folder")]
    problems: list[str] = []
    for folder in folders:
        _pack, errors, missing = read_pack(folder)
        problems.extend(errors)
        problems.extend(m for m in missing if m not in errors)
    return problems
