"""Whatever a client sends to any form or page, the app answers without a server error (< 500).

Hypothesis mutates a valid form for each form URL of app.url_map (fields dropped, repeated, replaced
by unicode, control characters and texts of a few KB, unknown fields added, raw bytes as the body),
always with a valid CSRF token so that the request reaches the view; and it sends arbitrary ids,
path parts and query strings to every page.
"""

import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from answers import right_form
from factories import SEED_PACK, TEACHER_EMAIL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from security_world import (
    OTHER_EMAIL,
    PIN,
    actor_for,
    build_world,
    fill,
    form_rules,
    get_rules,
    int_args,
    owners,
    probe_app,
)
from werkzeug.datastructures import MultiDict

from quizapp.attempts import question_key
from quizapp.bank.loader import read_pack_data
from quizapp.cli import questions_cli
from quizapp.constants import FEEDBACK_MODES
from quizapp.engine import QUESTION_TYPES
from quizapp.extensions import db
from quizapp.models import Attempt, StoredPack
from quizapp.packs import pack_data, save_draft

pytestmark = pytest.mark.once

PROBE = probe_app()
REFUSED = "The form has expired or was not sent from this site"
FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,  # nothing written to .hypothesis/; a failure prints its example
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
FIELD_NAMES = [
    "display_name",
    "pin",
    "pin_confirm",
    "code",
    "email",
    "password",
    "confirm",
    "language",
    "next",
    "feedback_mode",
    "name",
    "open",
    "question",
    "answer",
    "pack_slug",
    "opens_at",
    "closes_at",
    "time_limit_minutes",
    "attempts_allowed",
    "shuffle_questions",
    "shuffle_options",
    "languages",
]
SPECIAL = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "-inf",
    "9" * 40,
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202e\u200b\ufeff",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "2026-02-30T25:61",
    "2026-01-01T10:00",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "true",
    "on",
    "ß" * 80,  # folds to 160 characters
    "ﷺ" * 80,  # one character that folds to 18
    "İ" * 240 + "@example.org",  # lower() makes it longer
    "/\r\nSet-Cookie: x=1",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
]


# A refused sign-in is counted on purpose (throttling): the one change a refusal makes.
COUNTED_ON_REFUSAL = {"sign_in_failure"}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def saved_rows(app) -> dict[str, list[tuple]]:
    """Every row of the tables a refusal must leave alone, as the database returns them (no JSON
    decoding, so that it is cheap enough to take before each example)."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: connection.exec_driver_sql(f"SELECT * FROM {table.name} ORDER BY 1").all()
            for table in db.metadata.sorted_tables
            if table.name not in COUNTED_ON_REFUSAL
        }


def assert_unchanged_on_refusal(app, response, before, example) -> None:
    """A request answered 4xx changed nothing that is saved."""
    if 400 <= response.status_code < 500:
        assert saved_rows(app) == before, ("a refusal changed what is saved", example)


def _vocabulary(world) -> list[str]:
    """Values the app knows, so that mutated forms are often nearly valid."""
    pack = world.app.extensions["quizapp.packs"][SEED_PACK]
    words = [world.ids["code"], SEED_PACK, TEACHER_EMAIL, OTHER_EMAIL, "Ana", "Cleo", PIN, "de"]
    words += [*FEEDBACK_MODES, "en", *_question_keys(world)[:3]]
    for question in pack.questions:
        words += [o.id for o in question.options] + [c.id for c in question.choices]
    return words


def _question_keys(world) -> list[str]:
    pack = world.app.extensions["quizapp.packs"][SEED_PACK]
    with world.app.app_context():
        attempt = db.session.get(Attempt, world.ids["attempt_id"])
        return [question_key(attempt, pack.question(qid)) for qid in attempt.question_order]


def _texts(vocabulary):
    return st.one_of(
        st.text(max_size=40),
        st.text(min_size=200, max_size=4000),
        st.sampled_from(SPECIAL),
        st.sampled_from(vocabulary),
    )


@st.composite
def _mutated(draw, base: dict, names: list[str], values) -> list[tuple[str, str]]:
    """The valid form with each field kept, dropped, replaced or repeated, plus extra fields."""
    pairs = []
    for name, value in base.items():
        kept = value if isinstance(value, list) else [value]
        action = draw(st.sampled_from(["keep", "keep", "drop", "replace", "repeat"]))
        if action in ("keep", "repeat"):
            pairs += [(name, v) for v in kept]
        if action in ("replace", "repeat"):
            pairs.append((name, draw(values)))
    field_names = st.one_of(st.sampled_from(names), st.text(max_size=20))
    extra = draw(st.lists(st.tuples(field_names, values), max_size=4))
    pairs += [(name, value) for name, value in extra if name != "csrf_token"]
    return draw(st.permutations(pairs))


def _form_requests(world, rule):
    """(url, valid form) pairs for a form URL: the question number varies for answers."""
    if rule.endpoint == "learner.answer":
        pack = world.app.extensions["quizapp.packs"][SEED_PACK]
        keys = _question_keys(world)

        def at(position):
            values = {**world.ids, "position": position}
            question = pack.questions[(position - 1) % len(pack.questions)]
            key = keys[(position - 1) % len(keys)]
            return fill(rule, values), {"question": key, **right_form(question)}

        return st.integers(0, len(keys) + 2).map(at)
    if rule.endpoint == "auth.join":
        codes = st.one_of(
            st.sampled_from([world.ids["code"], world.ids["code"].lower()]),
            st.text(min_size=1, max_size=30),
        )
        return codes.map(
            lambda code: (
                fill(rule, {"code": quote(code, safe="")}),
                world.valid_form(rule.endpoint),
            )
        )
    return st.just((world.url(rule), world.valid_form(rule.endpoint)))


@pytest.mark.parametrize("endpoint", [rule.endpoint for rule in form_rules(PROBE)])
def test_any_form_input_is_answered_without_a_server_error(app, endpoint):
    app.logger.disabled = True  # a failure shows the example; the traceback is noise
    world = build_world(app)
    rule = next(r for r in form_rules(app) if r.endpoint == endpoint)
    actor = world[actor_for(rule)]
    vocabulary = _vocabulary(world)
    values = _texts(vocabulary)
    names = FIELD_NAMES + [f"match-{v}" for v in vocabulary]
    requests = _form_requests(world, rule).flatmap(
        lambda request: st.tuples(st.just(request[0]), _mutated(request[1], names, values))
    )

    @FUZZ
    @given(request=requests, raw=st.one_of(st.none(), st.none(), st.none(), st.binary()))
    def post(request, raw):
        url, fields = request
        actor.get("/")  # a fresh token: an example may have signed the actor in or out
        token = actor.token()
        before = saved_rows(app)
        if raw is None:
            response = actor.client.post(url, data=MultiDict([("csrf_token", token), *fields]))
        else:
            response = actor.client.post(
                url,
                data=f"csrf_token={token}&".encode() + raw,
                content_type="application/x-www-form-urlencoded",
            )
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (url, fields, raw)
        assert_unchanged_on_refusal(app, response, before, (url, fields, raw))
        if raw is None and response.status_code != 413:  # undecodable bytes may hide the token
            assert REFUSED not in body, "the token was refused: the form never reached the view"

    post()


def test_any_url_and_query_string_is_answered_without_a_server_error(app):
    """Every page of the URL map with arbitrary ids, path parts and query strings."""
    app.logger.disabled = True
    world = build_world(app)
    values = _texts(_vocabulary(world))
    query = st.lists(
        st.tuples(
            st.one_of(
                st.sampled_from(["format", "what", "delimiter", "code", "next"]),
                st.text(max_size=10),
            ),
            values,
        ),
        max_size=4,
    )
    for rule in get_rules(app):
        _fuzz_page(world, rule, query)


def _fuzz_page(world, rule, query):
    if rule.endpoint.startswith("admin."):
        actor = world["administrator"]
    elif int_args(rule):
        actor = world["teacher" if "teacher" in owners(rule) else "ana"]
    else:
        actor = world[
            "teacher" if rule.endpoint.startswith(("instructor.", "authoring.")) else "anonymous"
        ]
    arguments = {}
    for name in sorted(rule.arguments):
        if name in int_args(rule):
            arguments[name] = st.one_of(
                st.sampled_from([world.ids.get(name, 1), 1, 2]), st.integers(0, 10**30)
            )
        else:
            arguments[name] = st.one_of(
                st.sampled_from([world.ids[name]]), st.text(min_size=1, max_size=60)
            ).map(lambda text: quote(text, safe=""))

    @settings(FUZZ, max_examples=20)
    @given(path=st.fixed_dictionaries(arguments), query=query)
    def get(path, query):
        url = fill(rule, path)
        response = actor.client.get(url, query_string=MultiDict(query))
        response.get_data()
        assert response.status_code < 500, (url, query)

    get()


# -- the question editor, question files, articles and packs (issue 25, point 4) -----------------

MOODLE_FILES = Path(__file__).parent.parent / "moodle"
HOSTILE = [
    "\x01\x0b\x1b",
    "\x85\x9f\x7f",
    "9" * 400,
    "1e999",
    "-1e309",
    "nan",
    "inf",
    "٣",
    "²",
    "",
    "]]>",
    "&#1;&#x1b;",
    "<![CDATA[",
    "{" * 300,
    "\\",
]
ROW_INDEXES = ["0", "1", "²", "٣", "-1", "", "99999999999999999999", "0x1", " 1"]
FIELD_STEMS = [
    "id", "points", "prompt", "feedback", "explanation", "answer", "tolerance", "unit", "accepted",
    "quotes", "options", "items", "choices", "alternatives", "slips",
]  # fmt: skip
ROW_KEYS = ["text", "id", "correct", "feedback", "paragraph", "translation", "match", "_remove"]
LANGUAGES = ["en", "de", "xx", ""]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
BASES = st.one_of(
    st.sampled_from(
        [
            "",
            "5",
            "null",
            '"text"',
            "[]",
            "{",
            "NaN",
            "1e999",
            "[" * 5000 + "]" * 5000,
            '{"a":' * 3000 + "1" + "}" * 3000,
            '{"id": "q1", "prompt": ' + "[" * 900 + "]" * 900 + "}",
        ]
    ),
    json_values.map(json.dumps),
)


def _hostile_texts():
    """Texts of any character but NUL (refused with 400 before any view: security.py) and
    surrogates (no browser can send one)."""
    characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    return st.one_of(
        st.text(characters, max_size=40),
        st.sampled_from(HOSTILE),
        st.text(characters, min_size=200, max_size=2000),
    )


def _editor_names():
    """Input names as the editor makes them, with odd row numbers and languages."""
    return st.builds(
        lambda stem, index, key, language: ".".join(p for p in (stem, index, key, language) if p),
        st.sampled_from(FIELD_STEMS),
        st.sampled_from(["", *ROW_INDEXES]),
        st.sampled_from(["", *ROW_KEYS]),
        st.sampled_from(LANGUAGES),
    )


def _assert_clean_when_saved(app, response, stored_pack_id: int) -> None:
    """A question saved (303) holds no control character."""
    if response.status_code == 303:
        with app.app_context():
            draft = db.session.get(StoredPack, stored_pack_id).draft
            text = json.dumps(draft, ensure_ascii=False)
        assert not CONTROL_CHARACTERS.search(text.replace("\\n", "").replace("\\t", ""))


@pytest.mark.parametrize("question", ["new", "edit"])
def test_the_question_editor_takes_any_base_rows_and_field_names(app, question):
    app.logger.disabled = True
    world = build_world(app)
    teacher, stored_pack_id = world["teacher"], world.ids["stored_pack_id"]
    with app.app_context():  # a few saves made, so that an older page's revision exists
        stored = db.session.get(StoredPack, stored_pack_id)
        save_draft(stored, stored.draft, stored.revision)
    valid = world.authoring_forms()["authoring.edit_question"]

    @settings(FUZZ, max_examples=25)
    @given(
        type_name=st.sampled_from([*QUESTION_TYPES, "numeric", "no_such_type"]),
        base=BASES,
        stale=st.booleans(),
        fields=_mutated(valid, FIELD_STEMS, _hostile_texts()),
        extra=st.lists(st.tuples(_editor_names(), _hostile_texts()), max_size=8),
    )
    def save(type_name, base, stale, fields, extra):
        with app.app_context():
            revision = db.session.get(StoredPack, stored_pack_id).revision
        url = f"/instructor/packs/{stored_pack_id}/questions/"
        url += f"new?type={type_name}" if question == "new" else "1"
        teacher.get("/")
        before = saved_rows(app)
        data = MultiDict([("csrf_token", teacher.token()), ("base", base), *fields, *extra])
        data.setlist("revision", [str(revision - 1 if stale else revision)])
        response = teacher.client.post(url, data=data)
        example = (url, base[:200], data)
        assert response.status_code < 500, example
        assert_unchanged_on_refusal(app, response, before, example)
        _assert_clean_when_saved(app, response, stored_pack_id)

    save()


def _question_files():
    xml = (MOODLE_FILES / "moodle4-export.xml").read_bytes()
    gift = (MOODLE_FILES / "moodle4-export.gift").read_bytes()

    @st.composite
    def changed(draw, data: bytes) -> bytes:
        """A real Moodle file cut short, or with hostile text put in at some place."""
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            return data[:at]
        return data[:at] + draw(st.sampled_from(HOSTILE)).encode() + data[at:]

    return st.one_of(
        changed(xml),
        changed(gift),
        st.binary(max_size=2000),
        _hostile_texts().map(str.encode),
        st.just(b"<quiz>" + b"<question>" * 5000),
        st.just(b"\xff\xfe<\x00q\x00u\x00i\x00z\x00>\x00"),  # UTF-16 without its end
        st.just(_zip_of({"questions.yaml": b"questions: [" * 50})),
    )


def _zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_any_question_file_is_imported_or_refused_without_a_server_error(app):
    app.logger.disabled = True
    world = build_world(app)
    teacher = world["teacher"]

    @settings(FUZZ, max_examples=40)
    @given(
        data=_question_files(),
        suffix=st.sampled_from([".xml", ".gift", ".json", ".yaml", ".zip", ".XML", ""]),
        pasted=st.booleans(),
        language=st.sampled_from(["en", "de", "xx"]),
    )
    def upload(data, suffix, pasted, language):
        teacher.get("/")
        before = saved_rows(app)
        form = {"csrf_token": teacher.token(), "language": language}
        if pasted:
            form["text"] = data.decode("utf-8", "replace").replace("\x00", "")
        else:
            form["upload"] = (io.BytesIO(data), f"bank{suffix}")
        response = teacher.client.post(
            "/instructor/packs/import", data=form, content_type="multipart/form-data"
        )
        example = (suffix, pasted, data[:300])
        assert response.status_code < 500, example
        assert_unchanged_on_refusal(app, response, before, example)
        if response.status_code == 303:
            stored_pack_id = int(re.search(r"/packs/(\d+)/", response.headers["Location"])[1])
            _assert_clean_when_saved(app, response, stored_pack_id)

    upload()


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(text[:40] or "Title", level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _articles():
    xml_text = st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
        max_size=300,
    )
    words = "People live near the lakes and fish in summer. " * 6
    return st.one_of(
        st.tuples(st.sampled_from([".txt", ".md"]), _hostile_texts().map(str.encode)),
        st.tuples(st.just(".html"), _hostile_texts().map(lambda t: f"<p>{t}</p>".encode())),
        st.tuples(st.just(".html"), st.just(b"<div>" * 3000 + words.encode())),
        st.tuples(st.just(".docx"), xml_text.map(lambda t: _docx(words + t))),
        st.tuples(st.just(".docx"), st.binary(max_size=500)),
        st.tuples(st.just(".docx"), st.just(_docx(words)[:700])),  # cut short
        st.tuples(st.sampled_from([".pdf", ".txt", ".htm", ""]), st.binary(max_size=500)),
    )


def test_any_article_upload_is_read_or_refused_without_a_server_error(app):
    app.logger.disabled = True
    world = build_world(app)
    teacher = world["teacher"]

    @settings(FUZZ, max_examples=30)
    @given(article=_articles(), title=_hostile_texts())
    def upload(article, title):
        suffix, data = article
        teacher.get("/")
        before = saved_rows(app)
        form = {
            "csrf_token": teacher.token(),
            "title": title,
            "publisher": "Example Times",
            "language": "en",
            "languages": "en",
            "upload": (io.BytesIO(data), f"article{suffix}"),
        }
        response = teacher.client.post(
            "/instructor/packs/new", data=form, content_type="multipart/form-data"
        )
        example = (suffix, title, data[:300])
        assert response.status_code < 500, example
        assert_unchanged_on_refusal(app, response, before, example)
        if response.status_code == 303:
            stored_pack_id = int(re.search(r"/packs/(\d+)$", response.headers["Location"])[1])
            _assert_clean_when_saved(app, response, stored_pack_id)

    upload()


YAML_VALUES = [
    ".nan",
    ".inf",
    "-.inf",
    "1e999",
    "9" * 400,
    "٣",
    '"\\x01\\e\\N"',
    "[" * 200 + "]" * 200,
    "{a: " * 100 + "1" + "}" * 100,
    "&a [*a]",
    "!!python/object/apply:os.system ['true']",
    "''",
    "~",
    "- x",
]


def test_any_pack_folder_or_zip_is_imported_or_refused_by_the_command(app, tmp_path, seed_pack):
    """`flask questions import` on a pack folder (YAML) or a .zip of one with hostile values: a
    clear refusal (exit code 1) or an import, never a traceback; a refusal stores nothing."""
    from quizapp.bank.export import write_pack_folder

    folder = write_pack_folder(pack_data(seed_pack), tmp_path / "original" / "lakes")
    originals = {path.name: path.read_text("utf-8") for path in folder.iterdir()}
    runner = app.test_cli_runner()
    app.test_client().get("/")  # the folder's packs are stored before the first snapshot

    @settings(FUZZ, max_examples=20)
    @given(data=st.data(), zipped=st.booleans())
    def run(data, zipped):
        name = data.draw(st.sampled_from(sorted(originals)))
        lines = originals[name].splitlines()
        number = data.draw(st.integers(0, len(lines) - 1))
        key, colon, _value = lines[number].partition(": ")
        value = data.draw(st.sampled_from(YAML_VALUES))
        lines[number] = f"{key}{colon}{value}" if colon else lines[number] + value
        files = {**originals, name: "\n".join(lines)}
        target = tmp_path / "fuzz"
        shutil.rmtree(target, ignore_errors=True)
        (target / "lakes").mkdir(parents=True)
        for file_name, text in files.items():
            (target / "lakes" / file_name).write_text(text, "utf-8")
        path = target / "lakes"
        if zipped:
            path = target / "lakes.zip"
            path.write_bytes(_zip_of({f"lakes/{n}": t.encode() for n, t in files.items()}))
        before = saved_rows(app)
        result = runner.invoke(questions_cli, ["import", str(path)])
        example = (name, lines[number], zipped, result.output[-500:])
        assert result.exit_code in (0, 1), example
        assert result.exception is None or isinstance(result.exception, SystemExit), example
        if result.exit_code:
            assert saved_rows(app) == before, example

    run()


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_any_pack_data_is_read_or_refused_without_an_exception(seed_pack, data):
    """A draft's JSON data (the editor's, a copy's, a stored version's) with any value replaced
    by hostile JSON: read_pack_data answers with problems, never an exception."""
    pack = pack_data(seed_pack)
    node = pack
    while isinstance(node, dict | list) and node:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = data.draw(st.sampled_from(keys))
        if data.draw(st.integers(0, 3)) == 0 or not isinstance(node[key], dict | list):
            node[key] = data.draw(
                st.one_of(
                    json_values,
                    st.sampled_from([float("nan"), float("inf"), 10**400, "\x01\x1b", "٣"]),
                    st.just(_nested(200)),
                )
            )
            break
        node = node[key]
    read_pack_data(pack)


def _nested(depth: int) -> list:
    nested: list = []
    for _level in range(depth):
        nested = [nested]
    return nested
