"""Anyone could become a teacher (issue 25, point 1: sign-up was open, and a teacher account
reads the key of a running graded quiz). Teacher accounts now come by an administrator's
invitation unless the school chooses otherwise; each test is named after the attack it stops."""

import datetime as dt

import pytest
from factories import (
    ADMIN_EMAIL,
    CLASS_CODE,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    make_classroom,
    make_instructor,
    set_teacher_sign_up,
)
from pages import Browser, TeacherBrowser, page_text
from security_world import NEW_PASSWORD, probe_app
from sqlalchemy import func, select

from quizapp import accounts
from quizapp.extensions import db
from quizapp.models import Instructor, Invitation, TeacherStatus, utcnow

PROBE = probe_app()
ADMIN_RULES = sorted(
    (rule for rule in PROBE.url_map.iter_rules() if rule.endpoint.startswith("admin.")),
    key=lambda rule: rule.rule,
)
SIGN_UP = {"email": "mallory@example.org", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}


def teachers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Instructor))


def invitation_link(app, email: str = "invited@school.example") -> tuple[str, int]:
    with app.app_context():
        administrator = accounts.instructor_by_email(ADMIN_EMAIL)
        token = accounts.new_invitation(email, "en", administrator)
        invitation_id = db.session.scalar(select(Invitation.id).filter_by(email=email))
    return f"/instructor/invitation/{token}", invitation_id


def test_signing_up_as_a_teacher_is_refused_by_default(app):
    before = teachers(app)
    visitor = Browser(app.test_client())
    page = visitor.get("/instructor/sign-up")
    assert page.status_code == 403 and "by invitation" in page_text(page)
    visitor.get("/instructor/sign-in")
    refused = visitor.post("/instructor/sign-up", SIGN_UP)
    assert refused.status_code == 403
    assert teachers(app) == before
    assert visitor.get("/instructor/").status_code == 302  # not signed in


def test_a_used_expired_withdrawn_or_forged_invitation_opens_no_account(app, administrator):
    used, _ = invitation_link(app, "used@school.example")
    first = Browser(app.test_client())
    first.get(used)
    assert first.post(used, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303
    expired, expired_id = invitation_link(app, "late@school.example")
    with app.app_context():
        db.session.get(Invitation, expired_id).expires_at = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    withdrawn, withdrawn_id = invitation_link(app, "gone@school.example")
    administrator.post(f"/admin/invitations/{withdrawn_id}/withdraw")
    before = teachers(app)
    cases = {
        used: 410,
        expired: 410,
        withdrawn: 404,
        "/instructor/invitation/forged-token": 404,
        used[:-1] + ("A" if not used.endswith("A") else "B"): 404,
    }
    for link, status in cases.items():
        attacker = Browser(app.test_client())
        assert attacker.get(link).status_code == status, link
        form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        assert attacker.post(link, form).status_code == status, link
        assert attacker.get("/instructor/").status_code == 302
    assert teachers(app) == before


def test_a_suspended_teachers_old_cookies_are_rejected_at_once(app, administrator, teacher_id):
    teacher = TeacherBrowser(app.test_client())
    teacher.sign_in()
    assert teacher.get("/instructor/").status_code == 200
    copied = {cookie.key: cookie.value for cookie in teacher.client._cookies.values()}
    administrator.post(f"/admin/teachers/{teacher_id}", {"action": "suspend"})
    for cookies in (copied, {"remember_token": copied["remember_token"]}):
        thief = app.test_client()
        for name, value in cookies.items():
            thief.set_cookie(name, value)
        response = thief.get("/instructor/")
        assert response.status_code == 302 and "/instructor/sign-in" in response.headers["Location"]
    again = TeacherBrowser(app.test_client()).sign_in()
    assert again.status_code == 403 and "suspended" in page_text(again)


@pytest.mark.parametrize("rule", ADMIN_RULES, ids=lambda rule: rule.endpoint)
def test_a_teacher_or_learner_reaching_for_the_administrators_pages_gets_404(
    app, rule, teacher, teacher_id, new_learner_browser
):
    make_classroom(app, teacher_id)
    learner = new_learner_browser()
    learner.join(CLASS_CODE, "Ana")
    values = {"invitation_id": 1, "instructor_id": teacher_id}
    url = rule.rule
    for name, value in values.items():
        url = url.replace(f"<int:{name}>", str(value))
    form = {"teacher_sign_up": "open", "email": "x@example.org", "action": "suspend"}
    for browser in (teacher, learner):
        response = browser.post(url, form) if "POST" in rule.methods else browser.get(url)
        assert response.status_code == 404, (url, response.status_code)
    signed_out = Browser(app.test_client())
    response = signed_out.post(url, form) if "POST" in rule.methods else signed_out.get(url)
    assert response.status_code == 302 and "/instructor/sign-in" in response.headers["Location"]
    with app.app_context():
        assert accounts.teacher_sign_up_rule().teacher_sign_up == "invitation"
        assert db.session.get(Instructor, teacher_id).status == TeacherStatus.ACTIVE


@pytest.mark.parametrize(
    "email",
    [
        "mallory@evil.example",
        "mallory@school.example.evil.example",
        "mallory@evil-school.example",
        "mallory@sub.school.example",
        "mallory@school.example@evil.example",
    ],
)
def test_signing_up_with_an_address_at_another_domain_is_refused(app, email):
    app.config["MAIL_SERVER"] = "mail.school.example"
    set_teacher_sign_up(app, "domains", "school.example")
    before = teachers(app)
    visitor = Browser(app.test_client())
    visitor.get("/instructor/sign-up")
    refused = visitor.post("/instructor/sign-up", {**SIGN_UP, "email": email})
    assert refused.status_code == 422
    assert teachers(app) == before


def test_an_unconfirmed_or_pending_teacher_cannot_sign_in(app):
    for status in (TeacherStatus.UNCONFIRMED, TeacherStatus.PENDING):
        email = f"{status}@example.org"
        make_instructor(app, email, TEACHER_PASSWORD, status=status)
        browser = TeacherBrowser(app.test_client())
        assert browser.sign_in(email, TEACHER_PASSWORD).status_code == 403
        assert browser.get("/instructor/").status_code == 302


def test_a_forged_or_used_confirmation_link_confirms_nothing(app):
    instructor_id = make_instructor(app, status=TeacherStatus.UNCONFIRMED)
    with app.app_context():
        token = accounts.confirmation_token(db.session.get(Instructor, instructor_id))
    visitor = Browser(app.test_client())
    assert visitor.get(f"/instructor/confirm/{token}x").status_code == 404
    assert visitor.post(f"/instructor/confirm/{token}x").status_code == 404
    with app.app_context():
        assert db.session.get(Instructor, instructor_id).status == TeacherStatus.UNCONFIRMED
    assert visitor.post(f"/instructor/confirm/{token}").status_code == 303
    assert visitor.post(f"/instructor/confirm/{token}").status_code == 410
    assert TeacherBrowser(app.test_client()).sign_in(TEACHER_EMAIL).status_code == 303
