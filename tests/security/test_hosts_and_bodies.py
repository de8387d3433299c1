"""Trusted hosts and the public address; bodies over the limit (issue 16, point 10).

A request's Host header is the client's to choose: the app answers only to the configured hosts,
and every link meant to leave the page (join links, e-mails) is built on the configured public
address. Any body over MAX_CONTENT_LENGTH is refused with 413, chunked or not, against a real
server on 127.0.0.1."""

import re

from factories import TEACHER_EMAIL, TEACHER_PASSWORD, make_instructor
from live_server import SocketBrowser, live_server
from pages import Browser, TeacherBrowser
from security_world import separate_app

PUBLIC = "https://quiz.school.example"


def _teacher_on(app, host: str) -> TeacherBrowser:
    make_instructor(app)
    teacher = TeacherBrowser(app.test_client())
    teacher.get("/instructor/sign-in", base_url=f"http://{host}")
    signed_in = teacher.post(
        "/instructor/sign-in",
        {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
        base_url=f"http://{host}",
    )
    assert signed_in.status_code == 303
    return teacher


def test_only_the_trusted_hosts_are_answered_and_join_links_use_the_public_address(tmp_path):
    with separate_app(
        tmp_path, PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["quiz.school.example", "localhost"]
    ) as app:
        teacher = _teacher_on(app, "localhost")
        created = teacher.post("/instructor/classrooms", {"name": "9b"})
        url = created.headers["Location"]
        evil = teacher.get(url, headers={"Host": "evil.example"})
        assert evil.status_code == 400
        assert "evil.example" not in evil.get_data(as_text=True)
        page = teacher.get(url).get_data(as_text=True)  # on "localhost", a trusted name
        links = re.findall(r'href="([^"]*/join/[^"]*)"', page)
        assert links and all(link.startswith(f"{PUBLIC}/join/") for link in links), links


def test_a_public_address_alone_makes_its_host_the_trusted_one(tmp_path):
    with separate_app(tmp_path, PUBLIC_URL=PUBLIC) as app:
        assert app.config["TRUSTED_HOSTS"] == ["quiz.school.example"]
        assert (
            Browser(app.test_client()).get("/", headers={"Host": "evil.example"}).status_code == 400
        )
        on_public = app.test_client().get("/", base_url=PUBLIC)
        assert on_public.status_code == 200


def test_without_a_public_address_links_follow_the_request(app, teacher):
    classroom_id, code = teacher.create_classroom()
    page = teacher.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
    assert f"http://localhost/join/{code}" in page
    assert app.config["TRUSTED_HOSTS"] is None


def _chunks(size: int, piece: int = 8192):
    body = b"display_name=" + b"x" * (size - 13)
    for start in range(0, len(body), piece):
        yield body[start : start + piece]


def test_a_body_over_the_limit_is_refused_chunked_or_not(app, teacher):
    _classroom_id, code = teacher.create_classroom()
    limit = app.config["MAX_CONTENT_LENGTH"]
    with live_server(app) as address:
        browser = SocketBrowser(address)
        browser.get(f"/join/{code}")
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        chunked = browser.request(
            "POST", f"/join/{code}", _chunks(160 * 1024), form, encode_chunked=True
        )
        assert chunked.status == 413
        assert "too large" in chunked.body
        plain = browser.request("POST", f"/join/{code}", b"x" * (limit + 1), form)
        assert plain.status == 413
        # Just under the limit, chunked, is an ordinary form: the view reads it and answers.
        small = browser.request(
            "POST",
            "/join",
            iter([f"csrf_token={browser.token}&".encode(), f"code={code}".encode()]),
            form,
            encode_chunked=True,
        )
        assert small.status == 303 and small.headers["Location"].endswith(f"/join/{code}")
        # A body where none is expected is refused the same way.
        assert browser.request("POST", "/sign-out", b"y" * (limit + 1), form).status == 413
        assert (
            browser.request("GET", "/", _chunks(limit + 1024), form, encode_chunked=True).status
            == 413
        )
