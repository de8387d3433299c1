"""Light pages: a question page with all it loads stays within 30 KB, asks no other host for
anything, and works with JavaScript switched off."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Request, expect

from e2e.steps import (
    answer_by_request,
    answer_current_question,
    attempt_path,
    next_question,
    seed_pack,
    start_practice,
)

BUDGET = 30 * 1024  # bytes, uncompressed, everything the page loads
# What a page would load from another host: a src, or a <link>'s href, with a scheme or "//".
OTHER_HOST_RESOURCE = re.compile(r'(?:\bsrc|<link\b[^>]*\bhref)\s*=\s*"(?:[a-z]+:)?//[^"]*"', re.I)


class Scale:
    """A page that records every request of each load, with the browser's cache switched off."""

    def __init__(self, context: BrowserContext):
        self.page = context.new_page()
        cdp = context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.requests: list[Request] = []
        self.failed: list[Request] = []
        self.page.on("request", lambda request: self.requests.append(request))
        self.page.on("requestfailed", lambda request: self.failed.append(request))

    def weigh(self, url: str) -> tuple[int, list[tuple[str, int]]]:
        """Load `url`; the body bytes of every response the browser got for it, and their sum."""
        self.requests.clear()
        self.page.goto(url, wait_until="load")
        assert not self.failed, [(r.url, r.failure) for r in self.failed]
        loaded = []
        for request in self.requests:
            response = request.response()
            assert response is not None, f"no response to {request.url}"
            loaded.append((request.url, len(response.body())))
        return sum(size for _, size in loaded), loaded


def test_question_pages_stay_within_30_kb_from_this_host_only(new_context, classroom, server):
    host = urlsplit(server.url).netloc
    weights = {}
    halfway = Scale(new_context(storage_state=classroom.halfway_learner))
    weights["open question"] = halfway.weigh(classroom.unanswered_url)
    finished = Scale(new_context(storage_state=classroom.finished_learner))
    attempt_path = classroom.results_url.removesuffix("/results")
    # What a page loads besides its HTML depends on its question type: the browser loads, of
    # each type, the page whose HTML (fetched for every question) is the largest.
    largest: dict[str, tuple[int, int]] = {}
    for position, question in enumerate(seed_pack().questions, start=1):
        page = finished.page.context.request.get(f"{attempt_path}/questions/{position}")
        assert page.ok, (position, page.status)
        elsewhere = OTHER_HOST_RESOURCE.findall(page.text())
        assert not elsewhere, f"question {position} would load from other hosts: {elsewhere}"
        size = len(page.body())
        if size > largest.get(question.type, (0, 0))[0]:
            largest[question.type] = (size, position)
    for kind, (_size, position) in largest.items():
        url = f"{attempt_path}/questions/{position}"
        weights[f"question {position} ({kind}) with feedback"] = finished.weigh(url)

    heaviest = max(weights, key=lambda name: weights[name][0])
    total, loaded = weights[heaviest]
    print(f"\nheaviest question page: {heaviest}, {total} bytes: {loaded}")
    print(f"open question page: {weights['open question'][0]} bytes")
    assert total <= BUDGET, f"{heaviest} loads {total} bytes (at most {BUDGET}): {loaded}"
    for name, (_, loaded) in weights.items():
        assert any(url.endswith(".css") for url, _ in loaded), f"{name}: the stylesheet not loaded"
        others = [url for url, _ in loaded if urlsplit(url).netloc != host]
        assert not others, f"{name} asks other hosts: {others}"


def test_a_quiz_works_with_javascript_switched_off(new_context):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    start_practice(page, "No Script", "en")
    total = len(seed_pack().questions)
    for position in (1, 2, 3):
        assert page.locator("script").count() == 0
        how = "wrong" if position == 2 else "right"
        answered = answer_current_question(page, "en", how)
        assert answered.position == position and answered.verdict == how
        next_question(page)
        expect(page.locator("h1")).to_have_text(f"Question {position + 1} of {total}")
    # An ordering question: its position selects are the whole form without the script.
    ordering = next(p for p, q in enumerate(seed_pack().questions, 1) if q.type == "ordering")
    path = attempt_path(page)
    answer_by_request(context, path, range(4, ordering), "en", lambda n: "right")
    weight, loaded = Scale(context).weigh(f"{path}/questions/{ordering}")
    assert weight <= BUDGET, loaded
    page.goto(f"{path}/questions/{ordering}")
    assert page.locator(".move").count() == 0  # the buttons come only with the script
    answered = answer_current_question(page, "en", "partly")
    assert answered.position == ordering and answered.verdict == "partly"
