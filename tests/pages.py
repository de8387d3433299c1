"""Page objects for the test client: a browser that keeps cookies and sends each form's CSRF
token, the steps a teacher and a learner take through the pages, and the page text tests read."""

import html
import re

from factories import (
    CLASS_CODE,
    DEFAULT_PIN,
    SEED_PACK,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    make_learner,
)

QUESTION_FIELD = re.compile(r'name="question" value="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def page_html(response) -> str:
    """The page's HTML with its character references read (`&#39;` as `'`)."""
    return html.unescape(response.get_data(as_text=True))


def page_text(response) -> str:
    """The words of the page as a reader sees them: no tags, runs of white space as one space."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    return html.unescape(words)


class Browser:
    """The test client as a learner's browser: it keeps cookies and sends the form's CSRF token."""

    def __init__(self, client):
        self.client = client
        self._token: str | None = None
        self._keys: dict[tuple[int, int], str] = {}

    def get(self, url, **kwargs):
        response = self.client.get(url, **kwargs)
        if response.mimetype != "text/html":
            return response
        found = CSRF_FIELD.search(response.get_data(as_text=True))
        if found:
            self._token = found.group(1)
        return response

    def token(self) -> str:
        if self._token is None:
            self.get("/")
        return self._token

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token())
        response = self.client.post(url, data=data, **kwargs)
        self._token = None  # signing in or out starts a new session with a new token
        return response

    def start(self, name="Ana", feedback_mode="immediate", pack_slug=SEED_PACK) -> int:
        """Start an attempt; returns its id."""
        response = self.post(
            f"/packs/{pack_slug}/attempts", {"display_name": name, "feedback_mode": feedback_mode}
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        return int(re.search(r"/attempts/(\d+)/", response.headers["Location"]).group(1))

    def question_key(self, attempt_id: int, position: int) -> str:
        """The opaque question name the question page's form sends (read from the page once)."""
        cache_key = (attempt_id, position)
        if cache_key not in self._keys:
            page = self.get(f"/attempts/{attempt_id}/questions/{position}")
            found = QUESTION_FIELD.search(page.get_data(as_text=True))
            assert found, f"no answer form on question {position}"
            self._keys[cache_key] = found.group(1)
        return self._keys[cache_key]

    def answer(
        self, attempt_id: int, position: int, question_id: str | None = None, answer=None, **fields
    ):
        """Answer the question at `position` as its form does (question_id is for reading only)."""
        data = {"question": self.question_key(attempt_id, position), **fields}
        if answer is not None:
            data["answer"] = answer
        return self.post(f"/attempts/{attempt_id}/questions/{position}", data)


class TeacherBrowser(Browser):
    """A browser signed in as an instructor, with the steps a teacher takes."""

    def sign_in(self, email=TEACHER_EMAIL, password=TEACHER_PASSWORD):
        self.get("/instructor/sign-in")
        return self.post("/instructor/sign-in", {"email": email, "password": password})

    def create_classroom(self, name="9b English") -> tuple[int, str]:
        response = self.post("/instructor/classrooms", {"name": name})
        assert response.status_code == 303, response.get_data(as_text=True)
        classroom_id = int(response.headers["Location"].rsplit("/", 1)[1])
        page = self.get(f"/instructor/classrooms/{classroom_id}").get_data(as_text=True)
        code = re.search(r'class="join-code">([A-Z0-9]+)<', page).group(1)
        return classroom_id, code

    def assign(self, classroom_id: int, **settings) -> int:
        data = {"pack_slug": SEED_PACK, "attempts_allowed": "1", "feedback_mode": "after_attempt"}
        data.update({k: v for k, v in settings.items() if v is not None})
        response = self.post(f"/instructor/classrooms/{classroom_id}/assignments/new", data)
        assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
        return int(response.headers["Location"].rsplit("/", 1)[1])


class LearnerBrowser(Browser):
    """A browser of a class member, with the steps a learner takes to join and start."""

    def join(self, code: str, name: str, pin: str = DEFAULT_PIN):
        self.get(f"/join/{code}")
        return self.post(f"/join/{code}", {"display_name": name, "pin": pin, "pin_confirm": pin})

    def sign_in(self, code: str, name: str, pin: str = DEFAULT_PIN):
        """Sign in as a class member who joined before (e.g. one made by factories.make_learner)."""
        self.get("/sign-in")
        response = self.post("/sign-in", {"code": code, "display_name": name, "pin": pin})
        assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
        return response

    def start_assignment(self, assignment_id: int) -> int:
        response = self.post(f"/assignments/{assignment_id}/attempts")
        assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
        return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))


def signed_in_learner(app, name: str, code: str = CLASS_CODE, pin: str = DEFAULT_PIN):
    """A browser of its own signed in as the class member `name`, who joined before."""
    browser = LearnerBrowser(app.test_client())
    browser.sign_in(code, name, pin)
    return browser


def class_member(app, classroom_id: int, name: str, code: str = CLASS_CODE, pin: str = DEFAULT_PIN):
    """A learner made with factories.make_learner, signed in in a browser of their own (which
    then holds their cookies)."""
    make_learner(app, classroom_id, name, pin)
    return signed_in_learner(app, name, code, pin)
