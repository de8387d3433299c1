"""Uploads built to hang a worker or crash a view (issue 25, point 4; issue 24, point 5), each
sent through the real form: Markdown and GIFT whose old parsers took quadratic time, a .docx that
inflates to 270 MB, is cut off or declares a billion laughs, Moodle XML with entities, archives
of 100,000 entries, and bodies over each form's limit. Every one ends in a good result or a 4xx
with a message, never a 500, and nothing is saved on a refusal. The timings before and after
are in docs/security.md; no test here measures time."""

import io
import os
import re
import struct
import tracemalloc
import zipfile
import zlib

import docx
import pytest
from pages import page_html
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quizapp.authoring.articles import MAX_MARKDOWN_BYTES
from quizapp.authoring.operations import ARTICLE_UPLOAD_LIMIT
from quizapp.cli import questions_cli
from quizapp.extensions import db
from quizapp.interchange import MAX_IMPORT_BYTES
from quizapp.models import StoredPack
from quizapp.security import UPLOAD_BODY_CAP
from quizapp.uploads import DOCX_LIMITS, MEGABYTE, PACK_LIMITS

ARTICLE_FIELDS = {
    "title": "Lakes of the North",
    "publisher": "Example Times",
    "language": "en",
    "languages": ["en"],
}
PARAGRAPH = "About 9.2 million people live in the region, near one of its 1,000 lakes. "


def teachers_packs(app) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count(StoredPack.id)).where(StoredPack.owner_id.isnot(None))
        )


def new_pack(teacher, filename: str, content: bytes, **fields):
    data = {**ARTICLE_FIELDS, **fields, "upload": (io.BytesIO(content), filename)}
    return teacher.post("/instructor/packs/new", data)


def import_questions(teacher, filename: str, content: bytes):
    data = {"language": "en", "upload": (io.BytesIO(content), filename)}
    return teacher.post("/instructor/packs/import", data)


def word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph(PARAGRAPH * 3)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_document_xml(data: bytes, document_xml: bytes, padding_mb: int = 0) -> bytes:
    """The Word document with its word/document.xml replaced; `padding_mb` megabytes of spaces
    in an XML comment before its end make it a zip bomb (deflate packs them a thousandfold)."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in source.infolist():
            if not member.filename.endswith("document.xml"):
                target.writestr(member.filename, source.read(member))
                continue
            head, _sep, tail = document_xml.rpartition(b"</w:body>")
            with target.open(member.filename, "w", force_zip64=True) as part:
                part.write(head + (b"<!--" if padding_mb else b""))
                for _megabyte in range(padding_mb):
                    part.write(b" " * (1024 * 1024))
                part.write((b"-->" if padding_mb else b"") + _sep + tail)
    return buffer.getvalue()


def document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def billion_laughs(root_start: bytes, root: bytes) -> bytes:
    """XML whose DTD declares entities each ten times the last, used once in the document."""
    entities = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10)
    )
    return b'<?xml version="1.0"?><!DOCTYPE ' + root_start + b" [" + entities + b"]>" + root


def many_entries(count: int, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"{prefix}{number:x}", b"")
    return buffer.getvalue()


# -- Markdown and GIFT: parsing linear in the input ---------------------------------------------


def test_a_markdown_paragraph_of_63_kb_of_emphasis_marks_becomes_an_article(app, teacher):
    """`*a ` repeated took 27 s under the emphasis regular expression; markdown-it-py reads it
    as one paragraph of text."""
    attack = PARAGRAPH + "*a " * 21_000
    response = new_pack(teacher, "attack.md", attack.encode())
    assert response.status_code == 303, page_html(response)[-1000:]
    assert teachers_packs(app) == 1


def test_a_markdown_file_of_brackets_over_the_markdown_limit_is_refused_with_a_message(
    app, teacher
):
    """Brackets cost markdown-it-py the most; a Markdown file is kept to MAX_MARKDOWN_BYTES."""
    attack = PARAGRAPH + "![a" * (MAX_MARKDOWN_BYTES // 3 + 1)
    response = new_pack(teacher, "attack.md", attack.encode())
    assert response.status_code == 422
    assert "A Markdown file of more than 128 KB is not read" in page_html(response)
    assert teachers_packs(app) == 0


@pytest.mark.parametrize(
    "gift",
    [
        "::q:: " + "<" * 60_000 + " {=a ~b}",
        "::q:: [html]" + "<span class=multilang " * 2_700 + " {=a ~b}",
        "::q:: q {=a ~b ####" + "{mlang en}" * 6_000 + "}",
        "::q:: q {=" + "{=" * 30_000 + " ~b}",
        "::q:: q {" + "=x->" * 15_000 + " ~b}",
        "".join(f"::q:: Is {number} a number? {{TRUE}}\n\n" for number in range(2_000)),
        "::q:: q {" + "\\" * 60_000 + "}",
        "::q:: q {#" + ":" * 60_000 + "}",
    ],
    ids=["less-than", "multilang-spans", "unclosed-mlang", "braces", "arrows", "ids", "\\", ":"],
)
def test_a_hostile_gift_file_of_60_kb_is_read_or_refused_with_a_message(app, teacher, gift):
    """Each of these took seconds to minutes where a parser step was quadratic."""
    response = import_questions(teacher, "attack.gift", gift.encode())
    assert response.status_code in (303, 422), page_html(response)[-1000:]
    if response.status_code == 422:
        assert "attack.gift:" in page_html(response)
        assert teachers_packs(app) == 0


# -- .docx: a zip bomb, cut-off XML, entities, and too many entries ---------------------------


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(app, teacher):
    """270 MB of XML in a file of a few hundred KB: refused from the zip's table of contents."""
    original = word_document()
    bomb = with_document_xml(original, document_xml(original), padding_mb=270)
    assert len(bomb) < 1024 * 1024
    response = new_pack(teacher, "bomb.docx", bomb)
    assert response.status_code == 422
    limit = DOCX_LIMITS.unpacked_bytes // (1024 * 1024)
    assert re.search(
        rf'id="upload-error".*unpacks to more than {limit} MB', page_html(response), re.S
    )
    assert teachers_packs(app) == 0


def test_a_docx_whose_xml_is_cut_off_is_refused_with_a_message(app, teacher):
    original = word_document()
    xml = document_xml(original)
    response = new_pack(teacher, "cut.docx", with_document_xml(original, xml[: len(xml) // 2]))
    assert response.status_code == 422
    assert "its XML is cut off, damaged or declares entities" in page_html(response)
    assert teachers_packs(app) == 0


def test_a_docx_with_a_billion_laughs_is_refused_with_a_message(app, teacher):
    original = word_document()
    xml = document_xml(original)
    root = xml[xml.index(b"<w:document") :].replace(b"About", b"&l9;", 1)
    response = new_pack(
        teacher, "laughs.docx", with_document_xml(original, billion_laughs(b"w:document", root))
    )
    assert response.status_code == 422
    assert "declares entities" in page_html(response)
    assert teachers_packs(app) == 0


def test_a_docx_of_more_entries_than_a_word_document_has_is_refused(app, teacher):
    response = new_pack(teacher, "many.docx", many_entries(DOCX_LIMITS.entries + 1))
    assert response.status_code == 422
    assert "holds more parts than a Word document has" in page_html(response)
    assert teachers_packs(app) == 0


def test_a_zip_of_100000_entries_as_a_docx_is_refused_by_the_body_limit(app, teacher):
    archive = many_entries(100_000)
    response = new_pack(teacher, "many.docx", archive)
    assert response.status_code == 413
    assert teachers_packs(app) == 0


def test_a_pack_zip_of_100000_entries_or_a_bomb_is_refused_by_the_command(app, tmp_path):
    crowded = tmp_path / "crowded.zip"
    crowded.write_bytes(many_entries(100_000, "pack/"))
    result = app.test_cli_runner().invoke(questions_cli, ["import", str(crowded)])
    assert result.exit_code == 1
    assert f"the .zip holds more than {PACK_LIMITS.entries} files" in result.output
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack/source.yaml", b" " * (PACK_LIMITS.unpacked_bytes + 1))
    result = app.test_cli_runner().invoke(questions_cli, ["import", str(bomb)])
    assert result.exit_code == 1
    assert "the .zip unpacks to more than 20 MB" in result.output


# -- Moodle XML: every parser error a 422 with its line --------------------------------------


@pytest.mark.parametrize(
    "xml, message",
    [
        (billion_laughs(b"quiz", b"<quiz><question type='truefalse'>&l9;</question></quiz>"), ""),
        (
            b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<quiz><question type='truefalse'><name><text>&x;</text></name></question></quiz>",
            "",
        ),
        (b"<?xml version='1.0'?><quiz><question type='truefalse'><name><text>cut", ""),
        (b"<quiz>" + b"<a>" * 300 + b"</quiz>", "not well-formed XML"),
    ],
    ids=["billion-laughs", "external-entity", "cut-off", "mismatched"],
)
def test_moodle_xml_that_no_parser_should_expand_is_refused_with_422(app, teacher, xml, message):
    response = import_questions(teacher, "attack.xml", xml)
    assert response.status_code == 422
    html = page_html(response)
    assert "attack.xml:" in html and message in html
    assert "root:" not in html
    assert teachers_packs(app) == 0


# -- each form's body limit --------------------------------------------------------------------


def test_a_saved_newspaper_page_of_600_kb_becomes_an_article(app, teacher):
    scripts = "<script>var tracking = '" + "x" * 280_000 + "';</script>"
    styles = "<style>.teaser{color:red}" + " " * 280_000 + "</style>"
    body = "".join(f"<p>{PARAGRAPH} Paragraph {number}.</p>" for number in range(60))
    page = f"<html><head>{scripts}{styles}<title>Lakes</title></head><body><article><h1>Lakes</h1>{body}</article></body></html>"
    content = page.encode()
    assert 550_000 < len(content) < 650_000
    response = new_pack(teacher, "lakes.html", content)
    assert response.status_code == 303, page_html(response)[-1000:]
    assert teachers_packs(app) == 1


def png_photo(width: int, height: int) -> bytes:
    """A PNG of random pixels (incompressible: as large as a photograph of its size)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + os.urandom(width * 3) for _row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_word_document_with_a_photograph_becomes_an_article(app, teacher):
    document = docx.Document()
    document.add_paragraph(PARAGRAPH * 3)
    document.add_picture(io.BytesIO(png_photo(480, 400)))
    document.add_paragraph("The lakes freeze in December.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert 500_000 < len(buffer.getvalue()) < ARTICLE_UPLOAD_LIMIT
    response = new_pack(teacher, "lakes.docx", buffer.getvalue())
    assert response.status_code == 303, page_html(response)[-1000:]
    with app.app_context():
        source = db.session.scalar(
            db.select(StoredPack).where(StoredPack.owner_id.isnot(None))
        ).draft["source"]
    assert [p["text"] for p in source["paragraphs"]][-1] == "The lakes freeze in December."


def test_an_article_file_over_2_mb_is_refused_beside_the_fields_typed(app, teacher):
    response = new_pack(
        teacher,
        "big.txt",
        b"x" * (5 * 1024 * 1024 // 2),
        title="Seen again",
        language="de",
        text="Pasted words stay here.",
    )
    assert response.status_code == 413
    html = page_html(response)
    assert re.search(r'id="upload-error".*larger than 2 MB', html, re.S)
    assert 'value="Seen again"' in html
    assert "Pasted words stay here." in html
    assert re.search(
        r'<option[^>]*selected[^>]*value="de"|<option[^>]*value="de"[^>]*selected', html
    )
    assert teachers_packs(app) == 0


def test_a_question_file_over_5_mb_is_refused_on_the_form(app, teacher):
    response = teacher.post(
        "/instructor/packs/import",
        {"language": "de", "upload": (io.BytesIO(b"x" * (5 * 1024 * 1024 + 1)), "big.gift")},
    )
    assert response.status_code == 413
    html = page_html(response)
    assert "larger than 5 MB" in html
    assert re.search(
        r'<option[^>]*selected[^>]*value="de"|<option[^>]*value="de"[^>]*selected', html
    )
    assert teachers_packs(app) == 0


def test_an_article_file_far_over_its_limit_is_read_and_refused_beside_the_fields(app, teacher):
    # 6 MB: over what the form read before (twice the limit), far under the body's hard cap.
    teacher.post("/language", {"language": "de", "next": "/"})
    response = new_pack(
        teacher,
        "scan.pdf",
        b"%PDF" + b"x" * (6 * MEGABYTE),
        title="Seen again",
        author="Ana Autorin",
        language="de",
        text="Pasted words stay here.",
    )
    assert response.status_code == 413
    html = page_html(response)
    assert re.search(r'id="upload-error".*Die Datei ist größer als 2 MB', html, re.S)
    assert 'value="Seen again"' in html and 'value="Ana Autorin"' in html
    assert "Pasted words stay here." in html
    assert teachers_packs(app) == 0


def test_a_question_file_far_over_its_limit_keeps_the_language_and_the_pasted_text(app, teacher):
    response = teacher.post(
        "/instructor/packs/import",
        {
            "language": "de",
            "text": "::Typed:: Kept? {T}",
            "upload": (io.BytesIO(b"x" * (12 * MEGABYTE)), "big.gift"),
        },
    )
    assert response.status_code == 413
    html = page_html(response)
    assert re.search(r'id="upload-error".*The file is larger than 5 MB', html, re.S)
    assert "::Typed:: Kept? {T}" in html
    assert re.search(
        r'<option[^>]*selected[^>]*value="de"|<option[^>]*value="de"[^>]*selected', html
    )
    assert teachers_packs(app) == 0


class UnreadBody(io.RawIOBase):
    """A request body of `size` bytes that fails the test if anything reads it."""

    def __init__(self, size: int):
        super().__init__()
        self.size, self.position = size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[
            whence
        ] + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        raise AssertionError("the body over the hard cap was read")


@pytest.mark.parametrize("url", ["/instructor/packs/new", "/instructor/packs/import"])
def test_a_body_over_the_hard_cap_is_refused_unread_with_the_form_and_the_limit(app, teacher, url):
    response = teacher.client.post(
        url,
        input_stream=UnreadBody(UPLOAD_BODY_CAP + 1),
        content_type="multipart/form-data; boundary=quizapp",
    )
    assert response.status_code == 413
    assert re.search(r"larger than [25] MB", page_html(response))
    assert teachers_packs(app) == 0


def test_an_upload_under_the_hard_cap_is_spooled_to_disk_not_held_in_memory(app, teacher):
    # The body is built before measuring: what the request itself takes is measured.
    boundary, body = encode_multipart(
        {
            "csrf_token": teacher.token(),
            **ARTICLE_FIELDS,
            "upload": FileStorage(io.BytesIO(b"x" * (24 * MEGABYTE)), "big.txt"),
        }
    )
    tracemalloc.start()
    try:
        response = teacher.client.post(
            "/instructor/packs/new",
            input_stream=io.BytesIO(body),
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert peak < 4 * MEGABYTE, peak


def test_a_chunked_upload_is_spooled_and_refused_beside_the_fields_typed(app, teacher):
    boundary, body = encode_multipart(
        {
            "csrf_token": teacher.token(),
            **ARTICLE_FIELDS,
            "title": "Sent in chunks",
            "upload": FileStorage(io.BytesIO(b"x" * (3 * MEGABYTE)), "big.txt"),
        }
    )
    tracemalloc.start()
    try:
        response = teacher.client.post(
            "/instructor/packs/new",
            input_stream=io.BytesIO(body),
            environ_overrides={"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked"},
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert 'value="Sent in chunks"' in page_html(response)
    assert peak < 2 * MEGABYTE, peak


def test_each_file_field_states_its_limit_for_the_size_check_in_the_browser(app, teacher):
    for url, limit in [
        ("/instructor/packs/new", ARTICLE_UPLOAD_LIMIT),
        ("/instructor/packs/import", MAX_IMPORT_BYTES),
    ]:
        html = page_html(teacher.get(url))
        assert f'data-max-bytes="{limit}"' in html
        assert re.search(r'data-too-large="The file is larger than \d MB\.', html)
        assert "upload_size.js" in html


def test_a_70_kb_post_to_a_small_form_is_still_refused(app, teacher):
    response = teacher.post("/instructor/classrooms", {"name": "x" * (70 * 1024)})
    assert response.status_code == 413
    assert "too large" in page_html(response)
