"""A text of a Moodle file as a pack text: its format read as Moodle reads it (html, moodle,
plain, markdown), HTML turned into plain text that keeps its meaning (2<sup>10</sup> is 2^10, a
list one item a line, an image its description), Moodle's multilang content split into the
pack's languages, and the media a question refers to named for the teacher.

HTML is read by lxml's HTML parser (forgiving, like a browser), never by regular expressions;
multilang content of both of Moodle's filters is kept through the conversion as
`{mlang xx}...{mlang}` blocks (filter_multilang2's syntax) and split by `split_languages`.
"""

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

# Moodle's text formats (FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN) by the names
# GIFT writes in [brackets] and Moodle XML in format="...".
PLAIN_FORMATS = frozenset({"plain", "plain_text", "markdown"})
# Moodle's own format: HTML whose line breaks are kept (Moodle's text_to_html).
MOODLE_FORMATS = frozenset({"moodle", "moodle_auto_format"})
GIFT_FORMAT_PREFIX = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]")
BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "table",
        "dl",
        "dt",
        "dd",
        "section",
    ]
)
SKIPPED = frozenset({"script", "style", "head", "title", "template"})
# Every pattern below runs in time linear in the text: no part of a match may scan past the next
# `{`, `<` or `>`, so no two attempted matches read the same characters (an unclosed {mlang xx}
# repeated 6,000 times took seconds when a block was one pattern with a lazy body).
MLANG_TAG = re.compile(r"\{mlang(\s[^{}]{0,200})?\}", re.I)  # group 1: an opening tag's codes
MLANG_CODES = re.compile(r"[\w\s,-]+")
SPAN_TAG = re.compile(r"<span\b[^<>]*>", re.I)
SPAN_LANG = re.compile(r"\blang=[\"']?([\w-]+)", re.I)
MULTILANG_SPAN = re.compile(r"\bclass=[\"'][^\"']*\bmultilang\b", re.I)
# What a question may refer to that quizapp does not import, by where it stands in the HTML.
MEDIA_TAGS = {"img": "image", "audio": "sound", "video": "video", "object": "file"}
MEDIA_TAGS |= {"embed": "file", "iframe": "embedded page", "image_base64": "image"}
SOUND_ENDINGS = (".mp3", ".ogg", ".wav", ".m4a", ".oga", ".opus", ".aac", ".flac")
IMAGE_ENDINGS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp")
VIDEO_ENDINGS = (".mp4", ".webm", ".ogv", ".mov", ".avi")
PLUGINFILE = "@@PLUGINFILE@@"
# No file or address is fetched, and a tree deeper or a text longer than libxml2's safe limits
# is an error rather than a worker's memory.
HTML_PARSER = lxml.html.HTMLParser(no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Media:
    """One image, sound, video or file a text refers to (by `name`, its file or address)."""

    kind: str
    name: str


def without_format_prefix(text: str) -> tuple[str | None, str]:
    """GIFT's [html]/[moodle]/[plain]/[markdown] prefix of a text (None: none), and the text
    without it, as Moodle's parse_text_with_format strips it."""
    match = GIFT_FORMAT_PREFIX.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def kind_of(address: str, default: str = "file") -> str:
    """What a linked file is, by its ending: an image, a sound, a video or a file."""
    path = address.split("?", 1)[0].casefold()
    for kind, endings in (("image", IMAGE_ENDINGS), ("sound", SOUND_ENDINGS)):
        if path.endswith(endings):
            return kind
    return "video" if path.endswith(VIDEO_ENDINGS) else default


def file_name(address: str) -> str:
    """A referred file's name as a teacher knows it: @@PLUGINFILE@@/map%20a.png is "map a.png"."""
    from urllib.parse import unquote

    name = address.replace(PLUGINFILE, "").strip("/")
    return unquote(name.rsplit("/", 1)[-1] if address.startswith(PLUGINFILE) else name) or address


class _TextWriter:
    """Walks an HTML tree and writes its text: blocks and <br> as line breaks, <sup>/<sub> as ^
    and _, media as [kind: name], multilang spans as {mlang xx} blocks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.media: list[Media] = []

    def write(self, node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in SKIPPED:
            self.parts.append(node.tail or "")
            return
        if tag == "br" or tag in BLOCKS:
            self.parts.append("\n")
        if tag in MEDIA_TAGS:
            self.write_media(node, MEDIA_TAGS[tag])
        elif tag in ("sup", "sub"):
            inner = self.inner(node)
            mark = "^" if tag == "sup" else "_"
            self.parts.append(
                mark + (inner if len(inner) <= 1 or inner.isalnum() else f"({inner})")
            )
        elif tag == "span" and node.get("lang") and "multilang" in (node.get("class") or ""):
            language = node.get("lang", "")
            self.parts.append(f"{{mlang {language}}}{self.inner(node)}{{mlang}}")
        elif tag == "a" and node.get("href"):
            self.write_link(node)
        else:
            self.parts.append(node.text or "")
            for child in node:
                self.write(child)
        if tag == "li" or tag in BLOCKS:
            self.parts.append("\n")
        self.parts.append(node.tail or "")

    def inner(self, node: etree._Element) -> str:
        writer = _TextWriter()
        writer.parts.append(node.text or "")
        for child in node:
            writer.write(child)
        self.media.extend(writer.media)
        return " ".join("".join(writer.parts).split())

    def write_media(self, node: etree._Element, kind: str) -> None:
        source = node.get("src") or node.get("data") or ""
        if not source:
            inner = node.find(".//source")
            source = inner.get("src", "") if inner is not None else ""
        name = file_name(source) if source else ""
        if kind == "image" and node.tag == "img" and source:
            kind = kind_of(source, "image")
        self.media.append(Media(kind, name or kind))
        described = node.get("alt") or node.get("title") or self.inner(node) or name
        self.parts.append(f"[{kind}: {described}]" if described else f"[{kind}]")

    def write_link(self, node: etree._Element) -> None:
        address = node.get("href", "")
        shown = self.inner(node)
        if address.startswith(PLUGINFILE) or kind_of(address) != "file":
            kind = kind_of(address)
            self.media.append(Media(kind, file_name(address)))
            self.parts.append(f"{shown} [{kind}: {file_name(address)}]".strip())
        elif address.startswith(("http://", "https://")) and address != shown:
            self.parts.append(f"{shown} ({address})" if shown else address)
        else:
            self.parts.append(shown)

    def text(self) -> str:
        lines = "".join(self.parts).replace("\xa0", " ").split("\n")
        return "\n".join(line for line in (" ".join(line.split()) for line in lines) if line)


def html_to_text(html: str) -> tuple[str, list[Media]]:
    """An HTML text as plain text that keeps its meaning, and the media it refers to."""
    if not html or not html.strip():
        return "", []
    if "<" not in html and "&" not in html:
        return "\n".join(" ".join(line.split()) for line in html.splitlines() if line.strip()), []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div", parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        return " ".join(html.split()), []
    writer = _TextWriter()
    writer.write(root)
    return writer.text(), writer.media


def read_text(text: str | None, text_format: str | None = "html") -> tuple[str, list[Media]]:
    """A text of a file in its Moodle format as plain text: plain and markdown kept as written
    (`3 < 5` stays), html read as HTML, moodle as HTML whose line breaks count."""
    if not text:
        return "", []
    text_format = (text_format or "html").casefold()
    if text_format in PLAIN_FORMATS:
        return text.strip(), []
    if text_format in MOODLE_FORMATS:
        text = text.replace("\r\n", "\n").replace("\n", "<br>")
    return html_to_text(text)


def mlang_blocks(text: str) -> list[tuple[int, int, str, str]]:
    """The {mlang xx}...{mlang} blocks of a text as (start, end, codes, body), each opening tag
    closed by the next {mlang}; read in one pass over the tags."""
    blocks, opening = [], None
    for tag in MLANG_TAG.finditer(text):
        if tag.group(1) is not None:
            opening = opening or tag
        elif opening is not None:
            body = text[opening.end() : tag.start()]
            blocks.append((opening.start(), tag.end(), opening.group(1).strip(), body))
            opening = None
    return blocks


def split_languages(text: str, languages: list[str]) -> dict[str, str]:
    """A text with {mlang xx} blocks as one text per language of `languages` (the first is the
    file's): text outside the blocks is every language's; a language no block of a text with
    blocks names gets nothing (`other` blocks excepted), so the draft asks for it."""
    blocks = mlang_blocks(text)
    if not blocks:
        return dict.fromkeys(languages, text) if text else {}
    named = {language_code(code) for _s, _e, codes, _body in blocks for code in codes.split(",")}
    result = {}
    for language in languages:
        if language not in named and "other" not in named:
            continue
        parts, position = [], 0
        for start, end, codes, body in blocks:
            shown = {language_code(code) for code in codes.split(",")}
            other = "other" in shown and language not in named
            parts += [text[position:start], body if language in shown or other else ""]
            position = end
        parts.append(text[position:])
        value = "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n"))
        if value.strip():
            result[language] = value.strip()
    return result


def language_code(code: str) -> str:
    """A Moodle language code as a pack language: de_du and DE are de."""
    return code.strip().casefold().replace("-", "_").split("_", 1)[0]


def file_languages(text: str) -> list[str]:
    """The languages a file's multilang content is written in, in the order they first appear."""
    found = [
        code
        for tag in MLANG_TAG.finditer(text)
        if tag.group(1) is not None and MLANG_CODES.fullmatch(tag.group(1).strip())
        for code in tag.group(1).split(",")
    ]
    for tag in SPAN_TAG.finditer(text):
        language = SPAN_LANG.search(tag.group(0))
        if language and MULTILANG_SPAN.search(tag.group(0)):
            found.append(language.group(1))
    return list(dict.fromkeys(c for c in map(language_code, found) if c and c != "other"))
