"""A forged Host (or X-Forwarded-Host) reflected into links that leave the page (issue 25,
point 7): with the default settings (no QUIZAPP_PUBLIC_URL, no QUIZAPP_TRUSTED_HOSTS), no join
link on the class page, no join address or QR code on the projector page and no reset e-mail
carries a host the client chose, with QUIZAPP_PROXIES off and on. Links are built on the public
address when it is set, and on an allowed host otherwise (here "localhost", the machine's own)."""

import re

import pytest
from factories import TEACHER_EMAIL, TEACHER_PASSWORD, make_classroom, make_instructor
from pages import Browser, TeacherBrowser
from security_world import separate_app
from test_passwords import smtp_server

from quizapp.links import own_host_names

EVIL = "evil.example"
PUBLIC = "https://quiz.school.example"


# The ways a client names another host: the Host header (with a port or not), and
# X-Forwarded-Host (which counts only behind a proxy, QUIZAPP_PROXIES).
FORGED = [{"Host": EVIL}, {"Host": f"{EVIL}:80"}, {"X-Forwarded-Host": EVIL}]


def teacher_pages(app, headers: dict) -> tuple[str, str]:
    """The class page and the projector page as the teacher gets them with these headers (every
    request of the visit sends them, the sign-in too: the cookies belong to that host)."""
    teacher = TeacherBrowser(app.test_client())
    teacher.get("/instructor/sign-in", headers=headers)
    form = {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
    assert teacher.post("/instructor/sign-in", form, headers=headers).status_code == 303
    base = "/instructor/classrooms/1"
    pages = [teacher.get(url, headers=headers) for url in (base, f"{base}/projector")]
    assert [page.status_code for page in pages] == [200, 200]
    return pages[0].get_data(as_text=True), pages[1].get_data(as_text=True)


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_host_is_in_no_join_link_or_qr_code(tmp_path, proxies):
    with separate_app(tmp_path, PROXIES=proxies) as app:
        make_classroom(app, make_instructor(app))
        assert app.config["TRUSTED_HOSTS"] is None and not app.config["PUBLIC_URL"]
        honest_class, honest_projector = teacher_pages(app, {})
        assert "http://localhost/join/TESTC9" in honest_class
        assert "http://localhost/join/TESTC9" in honest_projector and "<svg" in honest_projector
        for headers in FORGED:
            class_page, projector = teacher_pages(app, headers)
            assert EVIL not in class_page and EVIL not in projector, headers
            if "Host" in headers or proxies:  # the app sees the forged host: no full link
                assert "<svg" not in projector and "/join/TESTC9" not in projector, headers
                assert 'href="/join/TESTC9"' in class_page
                assert "QUIZAPP_PUBLIC_URL" in class_page
            else:  # X-Forwarded-Host without a proxy is ignored: the honest page's links
                assert "http://localhost/join/TESTC9" in class_page
                assert same_qr_code(projector, honest_projector), headers


def same_qr_code(page: str, other: str) -> bool:
    svg = re.compile(r"<svg.*?</svg>", re.S)
    return svg.search(page).group(0) == svg.search(other).group(0)


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_host_is_in_no_reset_e_mail(tmp_path, proxies):
    with (
        smtp_server() as (mailbox, port),
        separate_app(tmp_path, PROXIES=proxies, MAIL_SERVER="127.0.0.1", MAIL_PORT=port) as app,
    ):
        make_instructor(app)
        for headers in [*FORGED, {}]:
            browser = Browser(app.test_client())
            browser.get("/instructor/reset-password", headers=headers)
            asked = browser.post(
                "/instructor/reset-password", {"email": TEACHER_EMAIL}, headers=headers
            )
            assert asked.status_code == 303  # the same answer, mail or not
        bodies = [m.get_payload(decode=True).decode() for m in mailbox.messages]
        assert bodies and all(EVIL not in body for body in bodies), bodies
        links = [re.search(r"http\S+", body).group(0) for body in bodies]
        assert all(link.startswith("http://localhost/instructor/reset-password/") for link in links)
        # Sent for the honest request (and, without a proxy, the ignored X-Forwarded-Host) only.
        assert len(links) == (1 if proxies else 2)


def test_with_a_public_address_every_link_is_on_it_whatever_the_host(tmp_path):
    with (
        smtp_server() as (mailbox, port),
        separate_app(
            tmp_path,
            PUBLIC_URL=PUBLIC,
            TRUSTED_HOSTS=["localhost", "quiz.school.example"],
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
        ) as app,
    ):
        make_classroom(app, make_instructor(app))
        class_page, projector = teacher_pages(app, {})
        assert f"{PUBLIC}/join/TESTC9" in class_page and f"{PUBLIC}/join/TESTC9" in projector
        assert "<svg" in projector
        browser = Browser(app.test_client())
        browser.get("/instructor/reset-password")
        browser.post("/instructor/reset-password", {"email": TEACHER_EMAIL})
        body = mailbox.messages[0].get_payload(decode=True).decode()
        assert f"{PUBLIC}/instructor/reset-password/" in body


def test_the_allowed_hosts_are_the_machine_s_own():
    names = own_host_names()
    assert {"localhost", "127.0.0.1", "::1"} <= names
    assert EVIL not in names
