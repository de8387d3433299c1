"""Pictures of the main pages in both languages, at desktop and phone width, for docs/screenshots.

Every run writes a current set into test-results/screenshots/ (not tracked); `make screenshots`
writes them into docs/screenshots/ to refresh the set the README shows (QUIZAPP_SCREENSHOTS_DIR).
"""

import os
import struct
from pathlib import Path

import pytest
from playwright.sync_api import Page

from e2e.steps import PROJECT_ROOT, SEED_PACK, choose_language

SCREENSHOTS_DIR = Path(
    os.environ.get("QUIZAPP_SCREENSHOTS_DIR", PROJECT_ROOT / "test-results" / "screenshots")
)
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
STATISTICS_HEADING = {"en": "Statistics", "de": "Statistik"}


def save(page: Page, name: str, language: str, device: str) -> Path:
    path = SCREENSHOTS_DIR / f"{name}-{language}-{device}.png"
    page.screenshot(path=path, animations="disabled", caret="hide")
    return path


def png_width(path: Path) -> int:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("language", ["en", "de"])
def test_screenshots_of_the_main_pages(new_context, classroom, language, device):
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    options = DEVICES[device]
    saved = []

    learner = new_context(storage_state=classroom.halfway_learner, **options).new_page()
    learner.goto(classroom.answered_url)
    choose_language(learner, language)
    saved.append(save(learner, "question-feedback", language, device))
    learner.goto(f"/packs/{SEED_PACK}/source#p3")
    saved.append(save(learner, "reading-view", language, device))

    finished = new_context(storage_state=classroom.finished_learner, **options).new_page()
    finished.goto(classroom.results_url)
    choose_language(finished, language)
    saved.append(save(finished, "results", language, device))

    teacher = new_context(storage_state=classroom.teacher, **options).new_page()
    teacher.goto(classroom.dashboard_url)
    choose_language(teacher, language)
    saved.append(save(teacher, "dashboard", language, device))
    heading = teacher.get_by_role("heading", name=STATISTICS_HEADING[language], exact=True)
    heading.evaluate("(element) => element.scrollIntoView({block: 'start'})")
    saved.append(save(teacher, "statistics", language, device))

    for path in saved:
        assert png_width(path) == options["viewport"]["width"]
