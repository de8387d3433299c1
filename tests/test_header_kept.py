"""The header's account links and language switcher are drawn once per language, root URL, kind
of account and languages offered and kept (views.kept_layout, issue 29); each page still shows
its own account name, CSRF token and path. Each test changes one thing the kept header depends on
and sees the page change."""

import re

import factories
from factories import ADMIN_EMAIL, ADMIN_PASSWORD
from pages import Browser, TeacherBrowser, signed_in_learner

HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)
TOKENS = re.compile(r'name="csrf_token" value="([^"]*)"')


def header(page) -> str:
    return HEADER.search(page.get_data(as_text=True)).group(0)


def test_the_language_changes_the_header(app):
    visitor = Browser(app.test_client())
    english = header(visitor.get("/"))
    visitor.post("/language", {"language": "de", "next": "/"})
    german = header(visitor.get("/"))
    assert "Join a class" in english and "Join a class" not in german
    assert 'value="de" lang="de"\n          aria-current="true"' in german
    assert 'value="en" lang="en"\n          aria-current="true"' in english


def test_each_kind_of_account_and_each_name_gets_its_own_header(app):
    teacher_id = factories.make_instructor(app)
    factories.make_instructor(app, ADMIN_EMAIL, ADMIN_PASSWORD, administrator=True)
    classroom_id = factories.make_classroom(app, teacher_id)
    for name in ("Ana <i>", "Ben"):
        factories.make_learner(app, classroom_id, name)
    teacher = TeacherBrowser(app.test_client())
    teacher.sign_in()
    admin = TeacherBrowser(app.test_client())
    admin.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    seen = {
        "visitor": header(Browser(app.test_client()).get("/")),
        "ana": header(signed_in_learner(app, "Ana <i>").get("/")),
        "ben": header(signed_in_learner(app, "Ben").get("/")),
        "teacher": header(teacher.get("/instructor/")),
        "admin": header(admin.get("/instructor/")),
    }
    assert "Sign out" not in seen["visitor"] and "Learner sign-in" in seen["visitor"]
    assert '<span class="who">Ana &lt;i&gt;</span>' in seen["ana"]
    assert '<span class="who">Ben</span>' in seen["ben"]
    assert "My classes" not in seen["ana"] and "Learner sign-in" not in seen["ana"]
    assert f'<span class="who">{factories.TEACHER_EMAIL}</span>' in seen["teacher"]
    assert "My classes" in seen["teacher"] and "School administration" not in seen["teacher"]
    assert f'<span class="who">{ADMIN_EMAIL}</span>' in seen["admin"]
    assert "School administration" in seen["admin"]


def test_each_session_gets_its_token_and_each_page_its_path(app):
    first, second = Browser(app.test_client()), Browser(app.test_client())
    tokens = [set(TOKENS.findall(header(browser.get("/join")))) for browser in (first, second)]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]
    assert 'name="next" value="/join"' in header(first.get("/join"))
    assert 'name="next" value="/?a=1&amp;b=%3C"' in header(first.get("/?a=1&b=%3C"))
    [token] = tokens[1]
    reply = second.client.post(
        "/language", data={"language": "de", "next": "/", "csrf_token": token}
    )
    assert reply.status_code == 303


def test_the_languages_offered_and_the_root_url_change_the_switcher(app, teacher_id):
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id, languages=["de"])
    factories.make_learner(app, classroom_id, "Ana")
    ana = signed_in_learner(app, "Ana")
    attempt_id = ana.start_assignment(assignment_id)
    ana.post("/language", {"language": "de", "next": "/"})  # both pages in German
    home = header(ana.get("/"))
    question = header(ana.get(f"/attempts/{attempt_id}/questions/1"))
    assert 'value="en"' in home and 'value="de"' in home
    assert 'value="en"' not in question and 'value="de"' in question
    elsewhere = header(ana.client.get("/", base_url="http://localhost/school/"))
    assert 'action="/school/language"' in elsewhere and 'action="/language"' in home
