"""No create form answers 500 to a double submit (issue 16, point 5): simultaneous posts against
a real server on 127.0.0.1, and the same form sent twice in a row. The second identical
submission gets the first one's result, or a clear message."""

import io

from factories import SEED_PACK, TEACHER_PASSWORD, make_pack, make_pack_version, set_teacher_sign_up
from live_server import SocketBrowser, live_server, simultaneously
from security_world import NEW_PASSWORD
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Classroom, Instructor, Learner, PackVersion, StoredPack
from quizapp.packs import save_draft

TIMES = 6


def count(app, query) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_six_simultaneous_joins_with_one_name_from_one_browser(app, teacher):
    _classroom_id, code = teacher.create_classroom()
    with live_server(app) as address:
        browser = SocketBrowser(address)
        assert browser.get(f"/join/{code}").status == 200
        form = {"display_name": "Mia K.", "pin": "2468", "pin_confirm": "2468"}
        clicks = [browser.copy() for _ in range(TIMES)]  # one browser: the same cookies and token
        replies = simultaneously([lambda b=b: b.post(f"/join/{code}", form) for b in clicks])
    statuses = sorted(reply.status for reply in replies)
    assert 500 not in statuses and set(statuses) <= {303, 422}, statuses
    assert statuses.count(303) >= 1
    for reply in replies:
        if reply.status == 422:
            assert "already uses this name" in reply.body
    assert count(app, select(Learner).filter_by(display_name="Mia K.")) == 1


def test_six_browsers_joining_with_one_name_at_once(app, teacher):
    _classroom_id, code = teacher.create_classroom()
    with live_server(app) as address:
        browsers = [SocketBrowser(address) for _ in range(TIMES)]
        for browser in browsers:
            browser.get(f"/join/{code}")
        form = {"display_name": "Ana B.", "pin": "1357", "pin_confirm": "1357"}
        replies = simultaneously([lambda b=b: b.post(f"/join/{code}", form) for b in browsers])
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [303] + [422] * (TIMES - 1), statuses
    assert count(app, select(Learner).filter_by(display_name="Ana B.")) == 1


def test_six_simultaneous_sign_ups_with_one_address(app):
    set_teacher_sign_up(app, "open")
    with live_server(app) as address:
        browser = SocketBrowser(address)
        browser.get("/instructor/sign-up")
        form = {"email": "new@example.org", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        clicks = [browser.copy() for _ in range(TIMES)]
        replies = simultaneously([lambda b=b: b.post("/instructor/sign-up", form) for b in clicks])
    statuses = [reply.status for reply in replies]
    assert 500 not in statuses and set(statuses) <= {303, 422}, statuses
    assert statuses.count(303) >= 1
    for reply in replies:
        if reply.status == 422:
            assert "already an account" in reply.body
    assert count(app, select(Instructor).filter_by(email="new@example.org")) == 1


def test_a_second_identical_sign_up_gets_the_first_ones_account(app):
    from pages import Browser

    set_teacher_sign_up(app, "open")
    browser = Browser(app.test_client())
    browser.get("/instructor/sign-up")
    form = {"email": "twice@example.org", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    first = browser.post("/instructor/sign-up", form)
    second = Browser(app.test_client()).post("/instructor/sign-up", form)
    assert first.status_code == second.status_code == 303
    other_password = Browser(app.test_client()).post(
        "/instructor/sign-up", {**form, "password": TEACHER_PASSWORD, "confirm": TEACHER_PASSWORD}
    )
    assert other_password.status_code == 422  # not the same submission: the address is taken


def test_a_class_and_an_assignment_sent_twice_are_made_once(app, teacher):
    first = teacher.post("/instructor/classrooms", {"name": "10a History"})
    second = teacher.post("/instructor/classrooms", {"name": "10a History"})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(app, select(Classroom).filter_by(name="10a History")) == 1
    classroom_id = int(first.headers["Location"].rsplit("/", 1)[1])
    form = {"pack_slug": SEED_PACK, "attempts_allowed": "2", "feedback_mode": "immediate"}
    url = f"/instructor/classrooms/{classroom_id}/assignments/new"
    made = [teacher.post(url, form) for _ in range(2)]
    assert [r.status_code for r in made] == [303, 303]
    assert made[0].headers["Location"] == made[1].headers["Location"]
    assert count(app, select(Assignment).filter_by(classroom_id=classroom_id)) == 1
    other = teacher.post(url, {**form, "attempts_allowed": "3"})  # different settings: a new one
    assert other.status_code == 303 and other.headers["Location"] != made[0].headers["Location"]


def test_simultaneous_classes_and_assignments_never_answer_500(app, teacher):
    with live_server(app) as address:
        browser = SocketBrowser(
            address, cookies={"session": teacher.client.get_cookie("session").value}
        )
        browser.get("/instructor/")
        replies = simultaneously(
            [
                lambda b=b: b.post("/instructor/classrooms", {"name": "7c"})
                for b in [browser.copy() for _ in range(TIMES)]
            ]
        )
        assert {reply.status for reply in replies} == {303}
        classroom_url = replies[0].headers["Location"]
        classroom_id = int(classroom_url.rsplit("/", 1)[1])
        form = {"pack_slug": SEED_PACK, "attempts_allowed": "1", "feedback_mode": "after_attempt"}
        url = f"/instructor/classrooms/{classroom_id}/assignments/new"
        replies = simultaneously(
            [lambda b=b: b.post(url, form) for b in [browser.copy() for _ in range(TIMES)]]
        )
        assert 500 not in {reply.status for reply in replies}


# -- the authoring forms (issue 25, point 4) ---------------------------------------------------

ARTICLE = """Lakes of the North

About 9.2 million people live in the region, and most of them live near one of its 1,000 lakes.

The largest lake is 76 kilometres long. “It is a place of calm,” says Anna Berg, a guide.

The water is cold even in summer, and the lake freezes in December."""
NEW_PACK = {
    "title": "Lakes of the North",
    "publisher": "Example Times",
    "language": "en",
    "languages": "en",
    "text": ARTICLE,
}
GIFT = "::q1:: Is the lake cold in December? {T}\n\n::q2:: Is the lake 76 km long? {T}"


def packs(app) -> int:
    """The stored packs, once the first request has stored the packs of the app's folder."""
    app.test_client().get("/")
    return count(app, select(StoredPack))


def versions(app, stored_pack_id: int) -> int:
    return count(app, select(PackVersion).filter_by(stored_pack_id=stored_pack_id))


def test_a_new_pack_sent_twice_is_made_once(app, teacher):
    before = packs(app)
    made = [teacher.post("/instructor/packs/new", NEW_PACK) for _ in range(3)]
    assert [r.status_code for r in made] == [303] * 3
    assert len({r.headers["Location"] for r in made}) == 1
    assert packs(app) == before + 1
    other = teacher.post("/instructor/packs/new", {**NEW_PACK, "publisher": "Other Times"})
    assert other.status_code == 303 and other.headers["Location"] != made[0].headers["Location"]
    assert packs(app) == before + 2  # another article under the same headline is a new pack


def test_a_pack_changed_since_is_no_twin_of_a_new_one(app, teacher):
    first = teacher.post("/instructor/packs/new", NEW_PACK)
    stored_pack_id = int(first.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        stored = db.session.get(StoredPack, stored_pack_id)
        save_draft(stored, {**stored.draft, "questions": []}, stored.revision)
    again = teacher.post("/instructor/packs/new", NEW_PACK)
    assert again.status_code == 303 and again.headers["Location"] != first.headers["Location"]


def test_a_copy_sent_twice_is_made_once(app, teacher, teacher_id):
    stored_pack_id = make_pack(app, teacher_id, "lakes")
    make_pack_version(app, stored_pack_id)
    before = packs(app)
    made = [teacher.post(f"/instructor/packs/{stored_pack_id}/copy") for _ in range(11)]
    assert {r.status_code for r in made} == {303}
    assert len({r.headers["Location"] for r in made}) == 1
    assert packs(app) == before + 1


def test_a_question_file_imported_twice_is_made_once(app, teacher):
    before = packs(app)
    pasted = [teacher.post("/instructor/packs/import", {"language": "en", "text": GIFT})]
    for _ in range(2):
        upload = {"language": "en", "upload": (io.BytesIO(GIFT.encode()), "moodle.gift")}
        pasted.append(
            teacher.post("/instructor/packs/import", upload, content_type="multipart/form-data")
        )
    assert [r.status_code for r in pasted] == [303] * 3
    assert len({r.headers["Location"] for r in pasted}) == 1
    assert packs(app) == before + 1


def test_publishing_twice_makes_one_version(app, teacher, teacher_id):
    stored_pack_id = make_pack(app, teacher_id, "lakes")
    url = f"/instructor/packs/{stored_pack_id}/publish"
    replies = [teacher.post(url) for _ in range(3)]
    assert {r.status_code for r in replies} == {303}
    assert versions(app, stored_pack_id) == 1
    page = teacher.get(replies[-1].headers["Location"]).get_data(as_text=True)
    assert "This pack is published as it is already." in page


def test_a_new_question_sent_twice_is_saved_once(app, teacher, teacher_id):
    stored_pack_id = make_pack(app, teacher_id, "lakes")
    with app.app_context():
        stored = db.session.get(StoredPack, stored_pack_id)
        revision, questions = stored.revision, len(stored.draft["questions"])
    url = f"/instructor/packs/{stored_pack_id}/questions/new?type=numeric"
    teacher.get(url)
    form = {
        "id": "population-2",
        "prompt.en": "How many?",
        "prompt.de": "Wie viele?",
        "explanation.en": "So many.",
        "explanation.de": "So viele.",
        "answer": "9200000",
        "quotes.0.paragraph": "p2",
        "quotes.0.text": "A little over nine million People live in the Eastern European country.",
        "revision": str(revision),
    }
    first, second = teacher.post(url, form), teacher.post(url, form)
    assert (first.status_code, second.status_code) == (303, 409)
    assert "Someone else saved this pack" in second.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(StoredPack, stored_pack_id).draft["questions"]) == questions + 1


def _teachers_browser(app, teacher, address) -> SocketBrowser:
    browser = SocketBrowser(
        address, cookies={"session": teacher.client.get_cookie("session").value}
    )
    browser.get("/instructor/packs")
    return browser


def test_simultaneous_new_packs_copies_and_imports_are_made_once(app, teacher, teacher_id):
    stored_pack_id = make_pack(app, teacher_id, "lakes")
    make_pack_version(app, stored_pack_id)
    before = packs(app)
    posts = [
        ("/instructor/packs/new", NEW_PACK),
        (f"/instructor/packs/{stored_pack_id}/copy", {}),
        ("/instructor/packs/import", {"language": "en", "text": GIFT}),
    ]
    with live_server(app) as address:
        browser = _teachers_browser(app, teacher, address)
        for url, form in posts:
            clicks = [browser.copy() for _ in range(TIMES)]
            replies = simultaneously([lambda b=b, u=url, f=form: b.post(u, f) for b in clicks])
            assert all(not isinstance(reply, Exception) for reply in replies), replies
            assert {reply.status for reply in replies} == {303}, (url, replies)
            assert len({reply.headers["Location"] for reply in replies}) == 1, url
    assert packs(app) == before + len(posts)


def test_simultaneous_publishes_make_one_version(app, teacher, teacher_id):
    stored_pack_id = make_pack(app, teacher_id, "lakes")
    with live_server(app) as address:
        browser = _teachers_browser(app, teacher, address)
        url = f"/instructor/packs/{stored_pack_id}/publish"
        clicks = [browser.copy() for _ in range(TIMES)]
        replies = simultaneously([lambda b=b: b.post(url, {}) for b in clicks])
    assert all(not isinstance(reply, Exception) for reply in replies), replies
    assert {reply.status for reply in replies} == {303}, replies
    assert versions(app, stored_pack_id) == 1
