"""A new pack's article: text pasted or uploaded (plain text, Markdown, HTML, .docx) split into
paragraphs with stable ids, headings and captions kept apart.

HTML goes through trafilatura, which finds the article's main text and drops navigation, scripts,
styles and markup. PDF is not read: text extraction from PDF (pypdf and the like) loses paragraph
boundaries and reading order often enough that quotes would not match what the teacher sees.
"""

import copy
import io
import re
import unicodedata
import zipfile
from typing import Any

from flask_babel import lazy_gettext as _l

from ..engine.text import locate, readable, repeats_headline
from ..uploads import DOCX_LIMITS, MEGABYTE, ArchiveRefused, open_archive

MIN_ARTICLE_WORDS = 20
# markdown-it-py is linear, but brackets and emphasis marks cost it up to about 30 µs a character:
# a long article is 10 to 50 KB of Markdown, and this keeps the worst file to a few seconds.
MAX_MARKDOWN_BYTES = 128 * 1024
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


class ArticleError(ValueError):
    """Text that is no article; `message` says why, in the teacher's language."""

    def __init__(self, message: Any):
        super().__init__(str(message))
        self.message = message


Block = tuple[str, str]  # (text, kind): kind is "paragraph", "heading" or "caption"


def _clean(text: str) -> str:
    return " ".join(text.split())


def blocks_from_text(text: str, markdown: bool = False) -> list[Block]:
    """Paragraphs separated by blank lines (each line one when there is no blank line at all);
    Markdown is read by markdown_blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if markdown:
        return markdown_blocks(text)
    chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [(cleaned, "paragraph") for cleaned in map(_clean, chunks) if cleaned]


def markdown_blocks(text: str) -> list[Block]:
    """A Markdown article read by markdown-it-py (CommonMark, linear in the text, where regular
    expressions over emphasis took quadratic time): headings stay headings, paragraphs, list
    items and quoted paragraphs are paragraphs, and the markup is dropped (a link keeps its
    words, an image and raw HTML go). A text without a blank line has one paragraph a line."""
    from markdown_it import MarkdownIt

    line_per_paragraph = re.search(r"\n\s*\n", text) is None
    blocks: list[Block] = []
    kind = "paragraph"
    for token in MarkdownIt("commonmark").parse(text):
        match token.type:
            case "heading_open":
                kind = "heading"
            case "heading_close" | "paragraph_close":
                kind = "paragraph"
            case "inline":
                blocks.extend((line, kind) for line in _inline_lines(token, line_per_paragraph))
            case "fence" | "code_block":
                blocks.extend((line, "paragraph") for line in _lines(token.content, True))
    return blocks


def _inline_lines(token, line_per_paragraph: bool) -> list[str]:
    """The words of a Markdown paragraph or heading without their markup, one text per line
    when each line is a paragraph."""
    parts = []
    for child in token.children or []:
        match child.type:
            case "text" | "code_inline":
                parts.append(child.content)
            case "softbreak" | "hardbreak":
                parts.append("\n")
    return _lines("".join(parts), line_per_paragraph)


def _lines(text: str, line_per_paragraph: bool) -> list[str]:
    chunks = text.split("\n") if line_per_paragraph else [text]
    return [cleaned for cleaned in map(_clean, chunks) if cleaned]


def blocks_from_html(html: str) -> list[Block]:
    import trafilatura
    from lxml import etree

    extracted = trafilatura.extract(
        html, output_format="xml", include_comments=False, include_tables=False, favor_recall=True
    )
    if not extracted:
        return []
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    document = etree.fromstring(extracted.encode(), parser)
    blocks = []
    for element in document.iter("head", "p", "item", "quote"):
        text = _clean("".join(element.itertext()))
        if text:
            blocks.append((text, "heading" if element.tag == "head" else "paragraph"))
    return blocks


def blocks_from_docx(data: bytes) -> list[Block]:
    """The paragraphs of a Word document, its zip checked against uploads.DOCX_LIMITS before
    python-docx reads it; a document that is cut off, not XML or full of entities (python-docx's
    parser does not expand them) is an ArticleError, as is one over the limits."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        open_archive(data, DOCX_LIMITS).close()
        document = docx.Document(io.BytesIO(data))
    except ArchiveRefused as error:
        raise ArticleError(docx_refusal(error)) from error
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ArticleError(_l("This .docx file could not be read as a Word document.")) from error
    except etree.LxmlError as error:
        raise ArticleError(
            _l(
                "This Word document cannot be read: its XML is cut off, damaged or declares entities."
            )
        ) from error
    blocks = []
    for paragraph in document.paragraphs:
        text = _clean(paragraph.text)
        style = (paragraph.style.name if paragraph.style is not None else "").casefold()
        if not text:
            continue
        kind = "paragraph"
        if style.startswith(("heading", "title", "überschrift", "titel")):
            kind = "heading"
        elif style.startswith(("caption", "beschriftung")):
            kind = "caption"
        blocks.append((text, kind))
    return blocks


def docx_refusal(error: ArchiveRefused) -> Any:
    """Why a .docx the archive limits refuse is not read, in the teacher's language."""
    if error.reason == "not a zip":
        return _l("This .docx file is not a Word document (it is not a zip archive).")
    if error.reason == "size":
        return _l(
            "This Word document unpacks to more than %(limit)s MB, more than any article needs.",
            limit=error.limit // MEGABYTE,
        )
    return _l("This Word document holds more parts than a Word document has.")


def blocks_from_upload(filename: str, data: bytes) -> list[Block]:
    """The article in an uploaded file; ArticleError for a file of another kind."""
    suffix = "." + filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        raise ArticleError(
            _l(
                "This kind of file cannot be read. Upload plain text (.txt), Markdown (.md), "
                "a web page (.html) or a Word document (.docx)."
            )
        )
    if kind == "docx":
        return blocks_from_docx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(_l("The file is not UTF-8 text.")) from error
    if kind == "html":
        blocks = blocks_from_html(text)
        if _words(blocks) < MIN_ARTICLE_WORDS:
            raise ArticleError(
                _l(
                    "No article text was found in this web page, only navigation or a few words. "
                    "Save the article's own page, or paste its text."
                )
            )
        return blocks
    if kind == "markdown" and len(data) > MAX_MARKDOWN_BYTES:
        raise ArticleError(
            _l(
                "A Markdown file of more than %(limit)s KB is not read. Save the article as "
                "plain text (.txt), or paste it.",
                limit=MAX_MARKDOWN_BYTES // 1024,
            )
        )
    return blocks_from_text(text, markdown=kind == "markdown")


def _words(blocks: list[Block]) -> int:
    return sum(len(text.split()) for text, _kind in blocks)


def check_article(blocks: list[Block]) -> None:
    if not blocks or not any(kind == "paragraph" for _text, kind in blocks):
        raise ArticleError(_l("The article is empty: paste its text or upload a file."))


def paragraphs(blocks: list[Block]) -> list[dict[str, str]]:
    """The blocks as the source's paragraphs: ids p1, p2 … (headings h1 …, captions c1 …)."""
    counters = {"paragraph": 0, "heading": 0, "caption": 0}
    letters = {"paragraph": "p", "heading": "h", "caption": "c"}
    result = []
    for text, kind in blocks:
        counters[kind] += 1
        entry = {"id": f"{letters[kind]}{counters[kind]}", "text": text}
        if kind != "paragraph":
            entry["kind"] = kind
        result.append(entry)
    return result


# -- the headline ------------------------------------------------------------------------------

HEADLINE_WORDS = 20
HEADLINE_CHARACTERS = 200


def proposed_headline(blocks: list[Block]) -> str | None:
    """The first block when it reads like a headline, for an article whose title was not typed:
    short, and a heading (a web page's <h1>, a Markdown #) or a line without a sentence's final
    punctuation; else None."""
    if len(blocks) < 2:
        return None
    text, kind = readable(blocks[0][0]).strip(), blocks[0][1]
    too_long = len(text.split()) > HEADLINE_WORDS or len(text) > HEADLINE_CHARACTERS
    if not text or too_long or (kind != "heading" and text[-1] in ".,;:!?…"):
        return None
    return text


def with_headline(metadata: dict[str, Any], blocks: list[Block]) -> dict[str, Any]:
    """The article's metadata with its headline: the typed title, else the first block when it
    reads like one; ArticleError when there is neither."""
    if (metadata.get("title") or "").strip():
        return metadata
    headline = proposed_headline(blocks)
    if headline is None:
        raise ArticleError(_l("Please enter the headline."))
    return {**metadata, "title": headline}


def with_headline_marked(paragraphs_: list[dict[str, str]], title: str) -> list[dict[str, str]]:
    """The paragraphs with a first one that repeats the headline marked as a heading (its id
    kept, as when the teacher marks it; not when it is the only body text): it is no body text,
    and the reading view, which shows the headline above the article, leaves it out."""
    body_follows = any(not p.get("kind") for p in paragraphs_[1:])
    if body_follows and repeats_headline(paragraphs_[0]["text"], title):
        paragraphs_[0]["kind"] = "heading"
    return paragraphs_


def slug_for(title: str, taken) -> str:
    """A pack id from the title: lower-case ASCII letters, digits and '-', not yet taken."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.casefold()).strip("-")[:50].strip("-") or "pack"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def new_draft(slug: str, metadata: dict[str, Any], blocks: list[Block], languages) -> dict:
    """A new pack's draft: the article (a first line repeating the headline marked as a heading)
    and no questions yet."""
    attribution = (
        "; ".join(part for part in (metadata.get("author"), metadata.get("licence")) if part)
        or metadata["publisher"]
    )
    date = metadata.get("date")
    return {
        "id": slug,
        "title": {lang: metadata["title"] for lang in languages},
        "languages": list(languages),
        "source": {
            "title": metadata["title"],
            "publisher": metadata["publisher"],
            "attribution": attribution,
            "date": date.isoformat() if date else None,
            "language": metadata["language"],
            "url": metadata.get("url") or None,
            "paragraphs": with_headline_marked(paragraphs(blocks), metadata["title"]),
        },
        "questions": [],
    }


# -- paragraphs of a draft -------------------------------------------------------------------


def quoted_paragraphs(draft: dict) -> set[str]:
    return {
        quote.get("paragraph")
        for question in draft.get("questions", [])
        for quote in question.get("quotes", []) or []
        if isinstance(quote, dict)
    }


def _index(draft: dict, paragraph_id: str) -> int:
    for index, paragraph in enumerate(draft["source"]["paragraphs"]):
        if paragraph.get("id") == paragraph_id:
            return index
    raise ArticleError(_l("There is no paragraph %(id)s in this article.", id=paragraph_id))


def with_kind(draft: dict, paragraph_id: str, kind: str) -> dict:
    changed = copy.deepcopy(draft)
    paragraph = changed["source"]["paragraphs"][_index(changed, paragraph_id)]
    paragraph.pop("kind", None)
    if kind in ("heading", "caption"):
        paragraph["kind"] = kind
    return changed


def with_kinds(draft: dict, paragraph_ids: list[str], kind: str) -> dict:
    """The draft with each of the ticked paragraphs made a heading, caption or body text."""
    changed = draft
    for paragraph_id in _ticked(draft, paragraph_ids):
        changed = with_kind(changed, paragraph_id, kind)
    return changed


def _ticked(draft: dict, paragraph_ids: list[str]) -> list[str]:
    ticked = list(dict.fromkeys(paragraph_ids))
    if not ticked:
        raise ArticleError(_l("Tick the paragraphs to change first."))
    for paragraph_id in ticked:
        _index(draft, paragraph_id)
    return ticked


def deletable(draft: dict, paragraph_ids: list[str]) -> list[dict]:
    """The ticked paragraphs, when they may be deleted: ArticleError naming the questions that
    quote one of them, or when no body paragraph would be left."""
    ticked = set(_ticked(draft, paragraph_ids))
    quoting = [
        str(number)
        for number, question in enumerate(draft.get("questions") or [], start=1)
        if quoted_paragraphs({"questions": [question]}) & ticked
    ]
    if quoting:
        raise ArticleError(
            _l(
                "Questions %(numbers)s quote these paragraphs: change their quotes before "
                "deleting them.",
                numbers=", ".join(quoting),
            )
        )
    paragraphs_ = draft["source"]["paragraphs"]
    if not any(p.get("id") not in ticked and not p.get("kind") for p in paragraphs_):
        raise ArticleError(_l("The article needs at least one paragraph of body text."))
    return [p for p in paragraphs_ if p.get("id") in ticked]


def without(draft: dict, paragraph_ids: list[str]) -> dict:
    """The draft without the ticked paragraphs (see deletable for when that is refused)."""
    gone = {p["id"] for p in deletable(draft, paragraph_ids)}
    changed = copy.deepcopy(draft)
    source = changed["source"]
    source["paragraphs"] = [p for p in source["paragraphs"] if p.get("id") not in gone]
    return changed


def merged_with_next(draft: dict, paragraph_id: str) -> dict:
    changed = copy.deepcopy(draft)
    paragraphs_ = changed["source"]["paragraphs"]
    index = _index(changed, paragraph_id)
    if index + 1 >= len(paragraphs_):
        raise ArticleError(_l("The last paragraph has no next one to merge with."))
    following = paragraphs_[index + 1]
    quoted = quoted_paragraphs(changed) & {paragraph_id, following.get("id")}
    if quoted:
        raise ArticleError(
            _l(
                "A question quotes paragraph %(id)s: merging would move its quote.",
                id=", ".join(sorted(quoted)),
            )
        )
    first = paragraphs_[index]
    if "original" in first or "original" in following:
        first["original"] = f"{first.get('original', first['text'])} " + following.get(
            "original", following["text"]
        )
    first["text"] = f"{first['text']} {following['text']}"
    del paragraphs_[index + 1]
    return changed


def split_at(draft: dict, paragraph_id: str, start: str) -> dict:
    """The draft with the paragraph split before the words `start` (found as the text reads);
    the new part gets a new id."""
    changed = copy.deepcopy(draft)
    paragraphs_ = changed["source"]["paragraphs"]
    index = _index(changed, paragraph_id)
    if paragraph_id in quoted_paragraphs(changed):
        raise ArticleError(
            _l(
                "A question quotes paragraph %(id)s: splitting would move its quote.",
                id=paragraph_id,
            )
        )
    text = paragraphs_[index]["text"]
    found = locate(text, start) if start.strip() else None
    at = found[0] if found else -1
    if at <= 0:
        raise ArticleError(
            _l("Type the first words of the new paragraph exactly as they stand in this one.")
        )
    taken = {p.get("id") for p in paragraphs_}
    number = len(paragraphs_) + 1
    while f"p{number}" in taken:
        number += 1
    paragraph = paragraphs_[index]
    paragraph["text"] = text[:at].strip()
    paragraphs_.insert(index + 1, {"id": f"p{number}", "text": text[at:].strip()})
    if "original" in paragraph:
        _split_original(paragraph, paragraphs_[index + 1], start)
    return changed


def split_points(text: str, language: str) -> list[tuple[str, str]]:
    """Where a paragraph can be split: each sentence after the first, verbatim (what split_at
    is given) and as it reads (what the teacher is shown)."""
    from .drafting import sentences_of

    return [(sentence.text, sentence.reads) for sentence in sentences_of("", text, language)[1:]]


def _split_original(first: dict, second: dict, start: str) -> None:
    """The original of a changed paragraph split with it: at the same words when the original
    has them, else each part keeps the whole original (its text came from there)."""
    original = first["original"]
    found = locate(original, start)
    at = found[0] if found else -1
    if at > 0:
        first["original"], second["original"] = original[:at].strip(), original[at:].strip()
    else:
        second["original"] = original
    for part in (first, second):
        if part["original"] == part["text"]:
            del part["original"]


def with_text(draft: dict, paragraph_id: str, text: str) -> dict:
    """The draft with the paragraph's text corrected (a typo fixed); its id and kind stay, and
    it keeps the text as first imported in `original`, which learners are shown beside it.

    A question whose quote no longer stands in it verbatim is then marked (unquoted_questions)
    and the pack cannot be published until its quote is fixed."""
    cleaned = _clean(text)
    if not cleaned:
        raise ArticleError(
            _l("A paragraph cannot be empty. To drop its text, merge it with the next one.")
        )
    changed = copy.deepcopy(draft)
    paragraph = changed["source"]["paragraphs"][_index(changed, paragraph_id)]
    original = paragraph.get("original", paragraph["text"])
    paragraph["text"] = cleaned
    if cleaned == original:
        paragraph.pop("original", None)
    else:
        paragraph["original"] = original
    return changed


def unquoted_questions(draft: dict) -> dict[int, list[dict[str, str]]]:
    """The questions whose quotes no longer stand verbatim in the article, by question number:
    each such quote with the closest passage of the article (paragraph id and sentence)."""
    from ..bank.loader import closest_passage
    from ..bank.pack import Paragraph, Source

    paragraphs = [
        p
        for p in (draft.get("source") or {}).get("paragraphs") or []
        if isinstance(p, dict) and isinstance(p.get("text"), str) and p.get("id")
    ]
    if not paragraphs:
        return {}
    source = Source(
        title="",
        publisher="",
        attribution="",
        language="",
        paragraphs=tuple(Paragraph(str(p["id"]), p["text"]) for p in paragraphs),
    )
    by_id = {p["id"]: p["text"] for p in paragraphs}
    marked: dict[int, list[dict[str, str]]] = {}
    for number, question in enumerate(draft.get("questions") or [], start=1):
        for quote in question.get("quotes") or [] if isinstance(question, dict) else []:
            text = quote.get("text") if isinstance(quote, dict) else None
            if not isinstance(text, str) or not text.strip():
                continue
            if locate(by_id.get(quote.get("paragraph"), ""), text):
                continue
            paragraph_id, passage = closest_passage(source, text)
            marked.setdefault(number, []).append(
                {"quote": text, "paragraph": paragraph_id, "passage": passage}
            )
    return marked
