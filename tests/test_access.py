"""Nobody sees what is not theirs: every URL with an id answers 404 to other users."""

import factories
import pytest
from pages import class_member, signed_in_learner


@pytest.fixture
def two_teachers(app, teacher, teacher_id, other_teacher, other_teacher_id):
    """Teacher A's classroom with a learner who made an attempt; teacher B and a learner of B.
    The rows come from the factories; each user's browser signs in through the pages."""
    classroom_id = factories.make_classroom(app, teacher_id)
    assignment_id = factories.make_assignment(app, classroom_id)
    ana_id = factories.make_learner(app, classroom_id, "Ana")
    ana = signed_in_learner(app, "Ana")
    attempt_id = factories.make_attempt(app, ana_id, assignment_id, answers=[])  # started
    other_classroom = factories.make_classroom(app, other_teacher_id, "Other class", code="OTHER7")
    ben = class_member(app, other_classroom, "Ben", "OTHER7")
    return {
        "classroom": classroom_id,
        "assignment": assignment_id,
        "attempt": attempt_id,
        "learner": ana_id,
        "other": other_teacher,
        "ana": ana,
        "ben": ben,
    }


def instructor_urls(ids):
    c, a, t, le = ids["classroom"], ids["assignment"], ids["attempt"], ids["learner"]
    gets = [
        f"/instructor/classrooms/{c}",
        f"/instructor/classrooms/{c}/assignments/new",
        f"/instructor/assignments/{a}",
        f"/instructor/attempts/{t}",
        f"/instructor/classrooms/{c}/export?what=scores&format=csv",
        f"/instructor/classrooms/{c}/export?what=responses&format=xlsx",
    ]
    posts = [
        f"/instructor/classrooms/{c}/joining",
        f"/instructor/classrooms/{c}/learners/{le}/rename",
        f"/instructor/classrooms/{c}/learners/{le}/remove",
        f"/instructor/classrooms/{c}/learners/{le}/reset-pin",
        f"/instructor/classrooms/{c}/assignments/new",
    ]
    return gets, posts


def test_another_instructor_gets_404_everywhere(teacher, two_teachers):
    gets, posts = instructor_urls(two_teachers)
    other = two_teachers["other"]
    for url in gets:
        assert other.get(url).status_code == 404, url
    for url in posts:
        assert other.post(url, {"display_name": "Hacked", "open": "0"}).status_code == 404, url
    # ...and nothing changed for the owner.
    page = teacher.get(f"/instructor/classrooms/{two_teachers['classroom']}").get_data(as_text=True)
    assert "Ana" in page and "Hacked" not in page and "Joining is open." in page


def test_learners_get_404_on_instructor_urls_and_on_other_learners_attempts(two_teachers):
    gets, posts = instructor_urls(two_teachers)
    for learner in (two_teachers["ana"], two_teachers["ben"]):
        for url in gets:
            assert learner.get(url).status_code == 404, url
        for url in posts:
            assert learner.post(url, {"display_name": "x"}).status_code == 404, url
    ben, attempt = two_teachers["ben"], two_teachers["attempt"]
    for url in (
        f"/attempts/{attempt}",
        f"/attempts/{attempt}/questions/1",
        f"/attempts/{attempt}/results",
    ):
        assert ben.get(url).status_code == 404, url
    assert ben.post(f"/assignments/{two_teachers['assignment']}/attempts").status_code == 404


def test_someone_signed_out_is_sent_to_sign_in(app, two_teachers):
    gets, _posts = instructor_urls(two_teachers)
    client = app.test_client()
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/instructor/sign-in" in response.headers["Location"]


def test_an_instructor_is_not_a_learner(teacher, two_teachers):
    attempt = two_teachers["attempt"]
    assert teacher.get(f"/attempts/{attempt}/questions/1").status_code == 404
    assert teacher.post(f"/assignments/{two_teachers['assignment']}/attempts").status_code == 404
