"""A page's links with whole-number values (an attempt's questions, its answer form, its flag) are
filled into their endpoint's kept pattern (views.url_pattern, issue 29) and stay what url_for
builds: for other values, under another root URL, with a rule that pads its numbers, and with
values that end in the query string."""

from flask import url_for
from pages import Browser
from werkzeug.routing import IntegerConverter

from quizapp.views import page_url_for


class SmallNumber(IntegerConverter):
    """Whole numbers below 100, refused when a link is built with a larger one."""

    def to_url(self, value) -> str:
        if int(value) >= 100:
            raise ValueError(value)
        return super().to_url(value)


def test_the_patterns_write_what_url_for_writes(app):
    app.url_map.converters["small"] = SmallNumber
    app.add_url_rule("/padded/<int(fixed_digits=4):number>", "padded", lambda number: "")
    app.add_url_rule("/small/<small:number>", "small", lambda number: "")
    cases = [
        ("learner.question", {"attempt_id": 7, "position": 1}),
        ("learner.question", {"attempt_id": 12345, "position": 38}),
        ("learner.answer", {"attempt_id": 7, "position": 2}),
        ("learner.summary", {"attempt_id": 99}),
        ("learner.index", {"page": 3}),  # not a rule's value: the query string
        ("padded", {"number": 5}),  # url_for writes 0005: no pattern
        ("padded", {"number": 12}),
        ("small", {"number": 7}),  # refuses the stand-ins: no pattern
    ]
    for root in ("", "/school"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            for endpoint, values in cases:
                assert page_url_for(endpoint, **values) == url_for(endpoint, **values)
                assert page_url_for(endpoint, **values).startswith(f"{root}/")


def test_a_question_pages_links_follow_its_position_and_root(app):
    browser = Browser(app.test_client())
    attempt_id = browser.start(feedback_mode="after_attempt")  # its pages link to each other
    page = browser.get(f"/attempts/{attempt_id}/questions/2").get_data(as_text=True)
    for position in (1, 2, 3):
        assert f'"/attempts/{attempt_id}/questions/{position}"' in page
    page = browser.get(f"/attempts/{attempt_id}/questions/3").get_data(as_text=True)
    assert f'"/attempts/{attempt_id}/questions/4"' in page
    assert f'"/attempts/{attempt_id}/questions/1"' not in page
    elsewhere = browser.client.get(
        f"/attempts/{attempt_id}/questions/3", base_url="http://localhost/school/"
    ).get_data(as_text=True)
    assert f'"/school/attempts/{attempt_id}/questions/4"' in elsewhere
    assert f'"/attempts/{attempt_id}/questions/4"' not in elsewhere
