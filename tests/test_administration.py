"""The school administrator (issue 25, point 1): made on the command line; chooses how teachers
get an account (invitation, sign-up by domain with a confirmed address, approval, open); invites,
approves, declines, suspends and restores teachers; sees the library and previews a withheld quiz.
"""

import datetime as dt
import re

import pytest
from factories import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    OTHER_EMAIL,
    OTHER_PASSWORD,
    SEED_PACK,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    make_assignment,
    make_classroom,
    make_instructor,
    make_learner,
    make_pack,
    set_teacher_sign_up,
)
from flask_migrate import upgrade
from pages import Browser, TeacherBrowser, page_text
from sqlalchemy import select, text
from test_migrations import drop_alembic_version

from quizapp import accounts
from quizapp.extensions import db
from quizapp.models import Classroom, Instructor, Invitation, TeacherStatus, utcnow
from quizapp.packs import published_pack, stored_pack

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def mailbox(app, monkeypatch) -> list[tuple[str, str, str]]:
    """The messages the app sends, with a mail server configured."""
    app.config["MAIL_SERVER"] = "mail.school.example"
    sent: list[tuple[str, str, str]] = []
    monkeypatch.setattr(accounts, "send_mail", lambda *message: sent.append(message))
    return sent


def link_in(body: str) -> str:
    """The path of the link in a message (or a page)."""
    return re.search(r"https?://[^/\s\"]+(/\S+?)(?=[\s\"<]|$)", body).group(1)


def status_of(app, email: str) -> str | None:
    with app.app_context():
        instructor = accounts.instructor_by_email(email)
        return instructor.status if instructor else None


def sign_in(app, email: str, password: str):
    browser = TeacherBrowser(app.test_client())
    return browser, browser.sign_in(email, password)


# -- the command line ----------------------------------------------------------------------------


def test_the_first_administrator_is_made_on_the_command_line(app, in_app):
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=["users", "create-instructor", ADMIN_EMAIL, "--administrator"],
        input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
    )
    assert made.exit_code == 0, made.output
    assert f"Created administrator {ADMIN_EMAIL}." in made.output
    make_instructor(app)
    promoted = runner.invoke(args=["users", "make-administrator", TEACHER_EMAIL.upper()])
    assert promoted.exit_code == 0 and "is an administrator now" in promoted.output
    unknown = runner.invoke(args=["users", "make-administrator", "nobody@example.org"])
    assert unknown.exit_code == 2 and "no instructor" in unknown.output
    with in_app():
        flags = dict(
            db.session.execute(select(Instructor.email, Instructor.is_administrator)).all()
        )
    assert flags == {ADMIN_EMAIL: True, TEACHER_EMAIL: True}
    browser, signed_in = sign_in(app, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert signed_in.status_code == 303
    home = browser.get("/instructor/")
    assert 'href="/admin/"' in home.get_data(as_text=True)
    assert browser.get("/admin/").status_code == 200


def test_the_demo_teacher_is_an_administrator(app, in_app):
    from quizapp.demo import DEMO_EMAIL, DEMO_PASSWORD, create_demo

    with in_app():
        create_demo(published_pack(SEED_PACK))
    browser, signed_in = sign_in(app, DEMO_EMAIL, DEMO_PASSWORD)
    assert signed_in.status_code == 303
    assert browser.get("/admin/").status_code == 200


def test_a_teacher_sees_no_administration_link(app, teacher):
    assert "/admin/" not in teacher.get("/instructor/").get_data(as_text=True)
    assert teacher.get("/admin/").status_code == 404


# -- the school's rule -----------------------------------------------------------------------------


def test_the_rule_is_invitation_only_until_an_administrator_changes_it(app, administrator):
    page = administrator.get("/admin/")
    assert re.search(r'value="invitation"\s+checked', page.get_data(as_text=True))
    assert Browser(app.test_client()).get("/instructor/sign-up").status_code == 403
    saved = administrator.post("/admin/sign-up-rule", {"teacher_sign_up": "approval"})
    assert saved.status_code == 303
    assert re.search(r'value="approval"\s+checked', administrator.get("/admin/").text)
    assert Browser(app.test_client()).get("/instructor/sign-up").status_code == 200


def test_sign_up_by_domain_needs_a_domain_and_outgoing_mail(app, administrator):
    no_mail = administrator.post(
        "/admin/sign-up-rule", {"teacher_sign_up": "domains", "domains": "school.example"}
    )
    assert no_mail.status_code == 422 and "cannot send e-mail" in page_text(no_mail)
    app.config["MAIL_SERVER"] = "mail.school.example"
    no_domain = administrator.post("/admin/sign-up-rule", {"teacher_sign_up": "domains"})
    assert no_domain.status_code == 422 and "at least one e-mail domain" in page_text(no_domain)
    saved = administrator.post(
        "/admin/sign-up-rule",
        {"teacher_sign_up": "domains", "domains": "@School.example, staff.school.example"},
    )
    assert saved.status_code == 303
    field = administrator.get("/admin/").get_data(as_text=True)
    assert 'value="school.example staff.school.example"' in field


def test_the_configured_rule_applies_until_one_is_saved(tmp_path):
    from apps import test_app

    with test_app(tmp_path, TEACHER_SIGN_UP="approval") as app:
        assert Browser(app.test_client()).get("/instructor/sign-up").status_code == 200
        with app.app_context():
            assert accounts.teacher_sign_up_rule().teacher_sign_up == "approval"


# -- invitations -----------------------------------------------------------------------------------


def test_an_invited_teacher_chooses_a_password_and_is_signed_in(app, administrator, mailbox):
    made = administrator.post(
        "/admin/invitations", {"email": "New.Teacher@School.example", "locale": "de"}
    )
    assert made.status_code == 303
    page = administrator.get("/admin/").get_data(as_text=True)
    assert "new.teacher@school.example" in page and 'id="invitation-link"' in page
    ((to, subject, body),) = mailbox
    assert to == "new.teacher@school.example"
    assert subject == "Deine Einladung zu quizapp" and "14 Tagen" in body  # the chosen language
    link = link_in(body)
    assert link in page  # the same link, to copy
    with app.app_context():
        stored = db.session.scalar(select(Invitation))
        assert link.rsplit("/", 1)[1] not in (stored.token_hash, stored.email)  # only a digest

    invited = Browser(app.test_client())
    form = invited.get(link)
    assert form.status_code == 200 and "new.teacher@school.example" in page_text(form)
    weak = invited.post(link, {"password": "short", "confirm": "short"})
    assert weak.status_code == 422
    accepted = invited.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.status_code == 303 and accepted.headers["Location"] == "/instructor/"
    assert invited.get("/instructor/").status_code == 200
    assert status_of(app, "new.teacher@school.example") == TeacherStatus.ACTIVE
    again = Browser(app.test_client()).get(link)
    assert again.status_code == 410 and "used already" in page_text(again)
    assert "Open invitations" not in page_text(administrator.get("/admin/"))  # used up


def test_without_mail_the_link_is_shown_to_copy(app, administrator):
    administrator.post("/admin/invitations", {"email": "copy@school.example", "locale": "en"})
    page = administrator.get("/admin/").get_data(as_text=True)
    assert "copy the link and send it to the teacher yourself" in page
    link = re.search(r'id="invitation-link" value="http://localhost(/[^"]+)"', page).group(1)
    assert Browser(app.test_client()).get(link).status_code == 200
    assert 'id="invitation-link"' not in administrator.get("/admin/").text  # shown once


def test_a_new_invitation_replaces_the_open_one_and_expired_ones_are_not_listed(
    app, administrator, in_app
):
    def invite():
        administrator.post("/admin/invitations", {"email": "twice@school.example", "locale": "en"})
        page = administrator.get("/admin/").get_data(as_text=True)
        return re.search(r'id="invitation-link" value="http://localhost(/[^"]+)"', page)[1]

    first, second = invite(), invite()
    visitor = Browser(app.test_client())
    assert visitor.get(first).status_code == 404 and visitor.get(second).status_code == 200
    with in_app():
        db.session.scalar(select(Invitation)).expires_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()
    assert "twice@school.example" not in administrator.get("/admin/").text
    assert visitor.get(second).status_code == 410


def test_an_address_with_an_account_is_not_invited(app, administrator, teacher_id):
    taken = administrator.post("/admin/invitations", {"email": TEACHER_EMAIL, "locale": "en"})
    assert taken.status_code == 422 and "already an account" in page_text(taken)


def test_a_withdrawn_invitation_opens_nothing(app, administrator, in_app):
    administrator.post("/admin/invitations", {"email": "late@school.example", "locale": "en"})
    link = re.search(r'value="http://localhost(/[^"]+)"', administrator.get("/admin/").text)[1]
    with in_app():
        invitation_id = db.session.scalar(select(Invitation.id))
    withdrawn = administrator.post(f"/admin/invitations/{invitation_id}/withdraw")
    assert withdrawn.status_code == 303
    assert "is withdrawn" in page_text(administrator.get("/admin/"))
    assert "late@school.example" not in administrator.get("/admin/").text
    assert Browser(app.test_client()).get(link).status_code == 404
    assert administrator.post(f"/admin/invitations/{invitation_id}/withdraw").status_code == 404


# -- sign-up by domain -----------------------------------------------------------------------------


def test_a_teacher_at_the_schools_domain_confirms_the_address_then_signs_in(app, mailbox):
    set_teacher_sign_up(app, "domains", "school.example")
    visitor = Browser(app.test_client())
    assert "school.example" in page_text(visitor.get("/instructor/sign-up"))
    form = {"email": "ada@School.example", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    signed_up = visitor.post("/instructor/sign-up", form)
    assert signed_up.status_code == 303
    assert status_of(app, "ada@school.example") == TeacherStatus.UNCONFIRMED
    ((to, _subject, body),) = mailbox
    assert to == "ada@school.example"
    link = link_in(body)

    _browser, refused = sign_in(app, "ada@school.example", NEW_PASSWORD)
    assert refused.status_code == 403 and "confirm your e-mail address" in page_text(refused)
    resent = _browser.post("/instructor/confirm/again")
    assert resent.status_code == 303 and len(mailbox) == 2
    assert _browser.post("/instructor/confirm/again").status_code == 303
    assert len(mailbox) == 2  # once per sign-in with the password

    page = visitor.get(link)
    assert page.status_code == 200 and "ada@school.example" in page_text(page)
    assert status_of(app, "ada@school.example") == TeacherStatus.UNCONFIRMED  # GET changes nothing
    assert visitor.post(link).status_code == 303
    assert status_of(app, "ada@school.example") == TeacherStatus.ACTIVE
    assert visitor.get(link).status_code == 410
    assert sign_in(app, "ada@school.example", NEW_PASSWORD)[1].status_code == 303


def test_a_wrong_password_reveals_nothing_of_an_unconfirmed_account(app):
    make_instructor(app, "ada@school.example", NEW_PASSWORD, status=TeacherStatus.UNCONFIRMED)
    _browser, refused = sign_in(app, "ada@school.example", "not the password")
    assert refused.status_code == 401 and "confirm" not in page_text(refused)


# -- approval ----------------------------------------------------------------------------------------


def test_a_pending_teacher_signs_in_once_approved(app, administrator, in_app, mailbox):
    set_teacher_sign_up(app, "approval")
    for email in ("bea@example.org", "cid@example.org"):
        form = {"email": email, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        assert Browser(app.test_client()).post("/instructor/sign-up", form).status_code == 303
    _browser, refused = sign_in(app, "bea@example.org", NEW_PASSWORD)
    assert refused.status_code == 403 and "waiting for the approval" in page_text(refused)
    page = administrator.get("/admin/")
    assert "Waiting for approval" in page_text(page)
    with in_app():
        ids = dict(db.session.execute(select(Instructor.email, Instructor.id)).all())
    approve = administrator.post(f"/admin/teachers/{ids['bea@example.org']}", {"action": "approve"})
    assert approve.status_code == 303
    decline = administrator.post(f"/admin/teachers/{ids['cid@example.org']}", {"action": "decline"})
    assert decline.status_code == 303
    assert sign_in(app, "bea@example.org", NEW_PASSWORD)[1].status_code == 303
    ((to, subject, body),) = mailbox  # the approved one is told; the declined one is not
    assert to == "bea@example.org" and subject == "Your quizapp teacher account is ready"
    assert link_in(body) == "/instructor/sign-in"
    assert status_of(app, "cid@example.org") is None
    again = administrator.post(f"/admin/teachers/{ids['bea@example.org']}", {"action": "approve"})
    assert again.status_code == 409


# -- suspending --------------------------------------------------------------------------------------


def test_a_suspended_teacher_is_signed_out_at_once_and_their_classes_stay(
    app, administrator, teacher, teacher_id, in_app
):
    classroom_id = make_classroom(app, teacher_id)
    make_learner(app, classroom_id, "Ana")
    assert teacher.get("/instructor/").status_code == 200
    suspended = administrator.post(f"/admin/teachers/{teacher_id}", {"action": "suspend"})
    assert suspended.status_code == 303
    gone = teacher.get("/instructor/")
    assert gone.status_code == 302 and "/instructor/sign-in" in gone.headers["Location"]
    _browser, refused = sign_in(app, TEACHER_EMAIL, TEACHER_PASSWORD)
    assert refused.status_code == 403 and "suspended" in page_text(refused)
    with in_app():
        assert [
            learner.display_name for learner in db.session.get(Classroom, classroom_id).learners
        ] == ["Ana"]
    page = administrator.get("/admin/")
    assert "Suspended" in page_text(page)
    assert (
        administrator.post(f"/admin/teachers/{teacher_id}", {"action": "restore"}).status_code
        == 303
    )
    assert sign_in(app, TEACHER_EMAIL, TEACHER_PASSWORD)[1].status_code == 303


def test_a_suspended_teacher_gets_no_reset_link(app, mailbox):
    make_instructor(app, status=TeacherStatus.SUSPENDED)
    Browser(app.test_client()).post("/instructor/reset-password", {"email": TEACHER_EMAIL})
    assert mailbox == []


def test_an_administrator_cannot_suspend_themselves_or_the_last_administrator(
    app, administrator, in_app
):
    with in_app():
        admin_id = accounts.instructor_by_email(ADMIN_EMAIL).id
    itself = administrator.post(f"/admin/teachers/{admin_id}", {"action": "suspend"})
    assert itself.status_code == 409 and "your own account" in page_text(itself)
    assert administrator.get("/admin/").status_code == 200  # still signed in
    second_id = make_instructor(app, OTHER_EMAIL, OTHER_PASSWORD, administrator=True)
    second = TeacherBrowser(app.test_client())
    second.sign_in(OTHER_EMAIL, OTHER_PASSWORD)
    with in_app():  # the first administrator is suspended by someone with database access
        db.session.get(Instructor, admin_id).status = TeacherStatus.SUSPENDED
        db.session.commit()
    third_id = make_instructor(app, "third@example.org", OTHER_PASSWORD, administrator=True)
    with in_app():
        db.session.get(Instructor, third_id).status = TeacherStatus.SUSPENDED
        db.session.commit()
    restored = second.post(f"/admin/teachers/{third_id}", {"action": "restore"})
    assert restored.status_code == 303
    third = TeacherBrowser(app.test_client())
    third.sign_in("third@example.org", OTHER_PASSWORD)
    assert third.post(f"/admin/teachers/{second_id}", {"action": "suspend"}).status_code == 303
    last = third.post(f"/admin/teachers/{third_id}", {"action": "suspend"})
    assert last.status_code == 409


# -- the library -------------------------------------------------------------------------------------


def test_the_administrator_sees_the_library_and_every_teachers_pack_titles(
    app, administrator, teacher_id
):
    make_pack(app, teacher_id, "teachers-draft")
    classroom_id = make_classroom(app, teacher_id)
    make_learner(app, classroom_id, "Ana Learner")
    with app.app_context():
        published_pack(SEED_PACK)  # the packs folder is in the database
    page = page_text(administrator.get("/admin/library"))
    with app.app_context():
        seed_title = stored_pack(SEED_PACK).draft["title"]["en"]
    assert seed_title in page
    assert TEACHER_EMAIL in page and "(draft)" in page
    assert "Ana Learner" not in page


def test_an_administrator_previews_a_withheld_quiz_with_its_answers(
    app, administrator, teacher, teacher_id, seed_pack, other_teacher
):
    with app.app_context():
        published_pack(SEED_PACK)
        seed_id = stored_pack(SEED_PACK).id
    make_assignment(
        app,
        make_classroom(app, teacher_id),
        feedback_mode="after_close",
        closes_at=utcnow() + dt.timedelta(days=1),
    )
    url = f"/instructor/packs/{seed_id}/preview/1"
    assert other_teacher.get(url).status_code == 409
    assert administrator.get(url).status_code == 200


# -- the pages in German -----------------------------------------------------------------------------


def test_the_administration_pages_are_in_german(app, administrator, teacher_id):
    from test_languages import english_only_msgids, visible_strings

    set_teacher_sign_up(app, "approval")
    Browser(app.test_client()).post(
        "/instructor/sign-up",
        {"email": "bea@example.org", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    administrator.post("/admin/invitations", {"email": "new@school.example", "locale": "de"})
    administrator.post("/language", {"language": "de", "next": "/"})
    english = english_only_msgids()
    for url in ("/admin/", "/admin/library"):
        body = administrator.get(url).get_data(as_text=True)
        assert '<html lang="de">' in body, url
        assert visible_strings(body) & english == set(), url


# -- existing teachers after the upgrade -------------------------------------------------------------


def test_a_teacher_from_before_the_upgrade_signs_in_as_before(app):
    with app.app_context():
        db.drop_all()
        drop_alembic_version()
        upgrade(revision="e5a1c7f3b9d2")
        db.session.execute(
            text(
                "INSERT INTO instructor (email, password_hash, session_token, created_at)"
                " VALUES (:email, :hash, 'token', :at)"
            ),
            {
                "email": TEACHER_EMAIL,
                "hash": accounts.hash_secret(TEACHER_PASSWORD),
                "at": dt.datetime(2026, 3, 2, 8, 0),
            },
        )
        db.session.commit()
        upgrade()
        teacher = accounts.instructor_by_email(TEACHER_EMAIL)
        assert teacher.status == TeacherStatus.ACTIVE and teacher.is_administrator is False
        assert accounts.teacher_sign_up_rule().teacher_sign_up == "invitation"
    browser, signed_in = sign_in(app, TEACHER_EMAIL, TEACHER_PASSWORD)
    assert signed_in.status_code == 303
    assert browser.get("/instructor/").status_code == 200
    assert browser.get("/admin/").status_code == 404
