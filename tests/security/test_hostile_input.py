"""Input that once ended in a server error, each kept here as a fixed example beside the fuzzing:
redirect targets with control characters, NUL characters (PostgreSQL cannot store them) and text
that grows when it is folded or lower-cased beyond its database column."""

import pytest
from factories import (
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    answer_questions,
    make_pack,
    set_teacher_sign_up,
)
from pages import Browser
from security_world import snapshot

from quizapp.extensions import db
from quizapp.models import Learner, StoredPack

REDIRECT_TARGETS = [
    "/\r\nSet-Cookie: planted=1",
    "/\nLocation: https://evil.example",
    "/\\evil.example",
    "/\\\\evil.example",
    "/\t/evil.example",
    "//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%0d%0aSet-Cookie:planted=1",
]


def assert_stays_on_site(response, target):
    assert response.status_code == 303, (target, response.status_code)
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), (target, location)
    assert "\r" not in location and "\n" not in location and "\t" not in location
    assert "planted" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_redirect_targets_stay_on_this_site(app, teacher, target):
    assert_stays_on_site(Browser(app.test_client()).post("/language", {"next": target}), target)
    chosen = Browser(app.test_client()).post("/language", {"language": "de", "next": target})
    assert_stays_on_site(chosen, target)
    browser = Browser(app.test_client())
    signed_in = browser.post(
        "/instructor/sign-in",
        {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD, "next": target},
    )
    assert_stays_on_site(signed_in, target)


def test_nul_characters_are_refused_everywhere(app, teacher, new_learner_browser, seed_pack):
    set_teacher_sign_up(app, "open")
    classroom_id, code = teacher.create_classroom()
    learner = new_learner_browser()
    learner.join(code, "Ana")
    attempt_id = learner.start_assignment(teacher.assign(classroom_id))
    short = next(i for i, q in enumerate(seed_pack.questions, 1) if q.type == "short_text")
    requests = [
        (
            new_learner_browser(),
            f"/join/{code}",
            {"display_name": "A\x00", "pin": "4711", "pin_confirm": "4711"},
        ),
        (
            new_learner_browser(),
            "/sign-in",
            {"code": code, "display_name": "Ana\x00", "pin": "4711"},
        ),
        (new_learner_browser(), "/join", {"code": code + "\x00"}),
        (
            new_learner_browser(),
            f"/packs/{seed_pack.id}/attempts",
            {"display_name": "\x00", "feedback_mode": "immediate"},
        ),
        (
            Browser(app.test_client()),
            "/instructor/sign-in",
            {"email": "a\x00@b.org", "password": "x"},
        ),
        (
            Browser(app.test_client()),
            "/instructor/sign-up",
            {"email": "a\x00@b.org", "password": "x" * 12, "confirm": "x" * 12},
        ),
        (teacher, "/instructor/classrooms", {"name": "9b\x00"}),
        (
            teacher,
            f"/instructor/classrooms/{classroom_id}/assignments/new",
            {"pack_slug": seed_pack.id + "\x00"},
        ),
    ]
    before = snapshot(app)
    for browser, url, form in requests:
        response = browser.post(url, form)
        assert response.status_code == 400, (url, response.status_code)
    assert snapshot(app) == before
    answer_questions(app, attempt_id, range(1, short))
    before = snapshot(app)
    typed = learner.answer(attempt_id, short, answer="Kasach\x00stan")
    assert typed.status_code == 400
    assert new_learner_browser().get(f"/join/{code}%00").status_code == 400
    assert new_learner_browser().get("/join?code=%00").status_code == 400
    assert snapshot(app) == before


def test_a_form_body_with_a_nul_character_is_refused_whatever_the_method(app):
    """The check reads a form only where a Content-Type announces one (a plain GET has none): a
    GET with a form body, or a form sent with any other method, is still read and refused."""
    client = app.test_client()
    assert client.get("/join", data={"code": "A\x00"}).status_code == 400
    assert client.put("/join", data={"code": "A\x00"}).status_code == 400
    assert (
        client.post("/join", data={"code": "A\x00"}, content_type="multipart/form-data").status_code
        == 400
    )
    assert client.get("/join").status_code == 200


def test_names_that_grow_when_folded_fit_their_columns(app, teacher, new_learner_browser, in_app):
    _classroom_id, code = teacher.create_classroom()
    grows = "ß" * 80  # folds to "ss" * 80: 160 characters
    explodes = "ﷺ" * 80  # each folds to 18 characters
    for name in (grows, explodes):
        assert new_learner_browser().join(code, name).status_code == 303, name[:1]
    taken = new_learner_browser().join(code, "ss" * 40)  # the same folded name as grows, cut to 80
    assert taken.status_code == 422
    device = new_learner_browser()
    signed_in = device.post("/sign-in", {"code": code, "display_name": grows, "pin": "4711"})
    assert signed_in.status_code == 303
    for attempt in range(6):  # failures are counted under a key longer than its column
        wrong = new_learner_browser().post(
            "/sign-in", {"code": code, "display_name": explodes, "pin": f"99{attempt}9"}
        )
        assert wrong.status_code == 401
    blocked = new_learner_browser().post(
        "/sign-in", {"code": code, "display_name": explodes, "pin": "4711"}
    )
    assert blocked.status_code == 429
    with in_app():
        assert {len(le.name_key) for le in db.session.query(Learner)} == {80}


def test_addresses_that_grow_when_lower_cased_fit_their_columns(app):
    local = "İ" * 64  # lower() makes each of them two characters
    domain = ".".join(["d" * 60, "e" * 60, "f" * 60, "org"])
    address = f"{local}@{domain}"
    set_teacher_sign_up(app, "open")
    assert len(address) <= 254 < len(address.lower())
    browser = Browser(app.test_client())
    signed_up = browser.post(
        "/instructor/sign-up",
        {"email": address, "password": "long enough pw", "confirm": "long enough pw"},
    )
    assert signed_up.status_code == 422
    for attempt in range(6):
        response = Browser(app.test_client()).post(
            "/instructor/sign-in", {"email": "İ" * 254, "password": f"wrong {attempt}"}
        )
        assert response.status_code in (401, 429)


@pytest.mark.parametrize("digit", ["²", "٣", "①"])
def test_a_digit_that_is_no_number_reaches_no_500(app, teacher, teacher_id, digit):
    """Unicode has digits int() cannot read ("²" is a digit to str.isdigit): a suggestion number
    or a row number made of one is ignored, never a 500, and nothing is saved."""
    stored_pack_id = make_pack(app, teacher_id, "digits")
    new = f"/instructor/packs/{stored_pack_id}/questions/new?type=true_false"
    assert teacher.get(f"{new}&suggestion={digit}").status_code == 200
    with app.app_context():
        revision = db.session.get(StoredPack, stored_pack_id).revision
    reply = teacher.post(
        new, {f"quotes.{digit}.text": "x", f"prompt.{digit}": "x", "revision": str(revision)}
    )
    assert reply.status_code < 500
    with app.app_context():
        assert db.session.get(StoredPack, stored_pack_id).revision == revision
