"""The rules behind the sign-in pages, called without HTTP (quizapp/accounts.py): which join
codes lead to a join form, the length of a new teacher's address, and mailing a reset link."""

import pytest
from factories import TEACHER_EMAIL, make_classroom, make_instructor

from quizapp import accounts
from quizapp.accounts import AccountError
from quizapp.extensions import db
from quizapp.models import Classroom

ADDRESS = "192.0.2.7"


def _(message: str, **values) -> str:
    """English, as flask_babel.gettext gives it."""
    return message % values if values else message


def test_a_join_code_leads_to_its_class_whatever_its_case_and_spaces(app):
    classroom_id = make_classroom(app, make_instructor(app), code="K7QX4M")
    with app.app_context():
        assert accounts.classroom_to_join(" k7qx 4m", ADDRESS).id == classroom_id


def test_an_unknown_code_and_a_class_closed_for_joining_are_refused(app):
    classroom_id = make_classroom(app, make_instructor(app), code="K7QX4M")
    with app.app_context():
        with pytest.raises(AccountError) as unknown:
            accounts.classroom_to_join("NOPE42", ADDRESS)
        assert unknown.value.message == accounts.NO_SUCH_CLASS and not unknown.value.wait
        db.session.get(Classroom, classroom_id).joining_open = False
        db.session.commit()
        with pytest.raises(AccountError) as closed:
            accounts.classroom_to_join("K7QX4M", ADDRESS)
        assert closed.value.message == accounts.JOINING_CLOSED


def test_guessing_join_codes_is_throttled_per_address(app):
    make_classroom(app, make_instructor(app), code="K7QX4M")
    with app.app_context():
        refused = None
        for guess in range(100):
            try:
                accounts.classroom_to_join(f"GUESS{guess}", ADDRESS)
            except AccountError as error:
                if error.wait:
                    refused = error
                    break
        assert refused is not None and refused.message == accounts.TOO_MANY
        assert accounts.classroom_to_join("K7QX4M", "198.51.100.1").join_code == "K7QX4M"


def test_an_address_that_lowercasing_makes_too_long_is_refused(app):
    local_part = "İ" * 64  # one character each, two once lowercased
    with app.app_context():
        with pytest.raises(AccountError) as refused:
            accounts.create_instructor(f"{local_part}@{'a' * 150}.org", "x" * 12, "en")
        assert refused.value.message == accounts.EMAIL_INVALID


def test_a_reset_link_is_mailed_only_to_an_address_with_an_account(app, monkeypatch):
    make_instructor(app)
    sent = []
    monkeypatch.setattr(accounts, "send_mail", lambda *message: sent.append(message))
    with app.test_request_context():
        accounts.mail_reset_link("nobody@example.org", lambda token: f"/r/{token}", _)
        assert sent == []
        accounts.mail_reset_link(f" {TEACHER_EMAIL.upper()}", lambda token: f"/r/{token}", _)
    ((to, subject, body),) = sent
    assert to == TEACHER_EMAIL and subject == "Your new quizapp password"
    token = body.split("/r/")[1].split()[0]
    with app.app_context():
        assert accounts.instructor_for_reset_token(token).email == TEACHER_EMAIL
    minutes = int(app.config["RESET_LINK_LIFETIME"].total_seconds() // 60)
    assert f"within {minutes} minutes" in body
