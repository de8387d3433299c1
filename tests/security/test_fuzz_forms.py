"""Whatever a client sends to any form or page, the app answers without a server error (< 500).

Hypothesis mutates a valid form for each form URL of app.url_map (fields dropped, repeated, replaced
by unicode, control characters and texts of a few KB, unknown fields added, raw bytes as the body),
always with a valid CSRF token so that the request reaches the view; and it sends arbitrary ids,
path parts and query strings to every page.
"""

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
from quizapp.constants import FEEDBACK_MODES
from quizapp.extensions import db
from quizapp.models import Attempt

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
