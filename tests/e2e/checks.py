"""Checks the e2e tests run on whatever page is open: axe-core, reflow, visible focus, and no
card, heading or control shown twice."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def describe_violations(label: str, violations: list[dict]) -> str:
    lines = [f"{label}:"]
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


class AxeAudit:
    """Runs axe (and a label check) page after page; reports every page's failures at the end."""

    def __init__(self) -> None:
        self.checked: list[str] = []
        self.failures: list[str] = []

    def check(self, page: Page, label: str) -> None:
        violations = axe_violations(page)
        self.checked.append(label)
        if violations:
            self.failures.append(describe_violations(f"{label} ({page.url})", violations))
        unlabelled = unlabelled_fields(page)
        if unlabelled:
            self.failures.append(f"{label} ({page.url}): fields without a label: {unlabelled}")
        repeated = repeated_parts(page)
        if repeated:
            self.failures.append(f"{label} ({page.url}): shown twice: {repeated}")

    def assert_clean(self) -> None:
        assert not self.failures, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(self.failures)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def elements_past_the_window(page: Page) -> list[str]:
    """The innermost elements that reach past the window's right edge, as tag.class "text"."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const past = [...document.body.querySelectorAll('*')].filter(
                (element) => element.getBoundingClientRect().right > width + 0.5);
            return past
                .filter((element) => !past.some((other) => other !== element && element.contains(other)))
                .slice(0, 5)
                .map((element) => element.tagName.toLowerCase()
                    + (element.className ? '.' + String(element.className).split(' ').join('.') : '')
                    + ' "' + element.textContent.trim().slice(0, 40) + '"');
        }"""
    )


def focused_element_outline(page: Page) -> dict:
    """The focused element and the outline the browser draws around it."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                name: element.getAttribute('name') || element.textContent.trim().slice(0, 40),
                style: style.outlineStyle,
                width: parseFloat(style.outlineWidth) || 0,
                focusVisible: element.matches(':focus-visible'),
            };
        }"""
    )


def assert_focus_visible(page: Page) -> dict:
    outline = focused_element_outline(page)
    assert outline["tag"] != "body", "nothing has the focus"
    assert outline["focusVisible"], f"the browser does not show focus on {outline}"
    assert outline["style"] != "none" and outline["width"] >= 2, f"no visible outline: {outline}"
    return outline


def unlabelled_fields(page: Page) -> list[str]:
    """Form fields a person can fill in that have no label (none of <label>, aria-label(ledby))."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter((field) => field.type !== 'hidden')
            .filter((field) => !(field.labels && field.labels.length)
                && !field.getAttribute('aria-label') && !field.getAttribute('aria-labelledby'))
            .map((field) => field.outerHTML.slice(0, 120))"""
    )


# Cards, headings and controls a page shows twice: an id used twice, or side by side in one parent
# two cards (sections, figures, .card) with the same text, two headings of one level with the same
# text, or two controls with the same name and the same target.
REPEATED_PARTS = """() => {
            const text = (element) => (element.getAttribute('aria-label') || element.textContent
                || element.value || '').replace(/\\s+/g, ' ').trim();
            const target = (element) => element.getAttribute('href')
                || [element.form && element.form.getAttribute('action'), element.name,
                    element.value, element.type].join(' ');
            const seen = new Set();
            const twice = [];
            const note = (key, what) => {
                if (seen.has(key) && !twice.includes(what)) twice.push(what);
                seen.add(key);
            };
            for (const element of document.querySelectorAll('[id]')) {
                note('id ' + element.id, 'id #' + element.id);
            }
            const parents = new Map();
            const sibling = (element) => {
                if (!parents.has(element.parentElement)) {
                    parents.set(element.parentElement, parents.size);
                }
                return parents.get(element.parentElement);
            };
            for (const card of document.querySelectorAll('section, figure, .card')) {
                const words = text(card);
                if (words) note(`card ${sibling(card)} ${words}`, `card "${words.slice(0, 60)}"`);
            }
            for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
                const name = text(heading);
                const level = heading.tagName.toLowerCase();
                note(`heading ${sibling(heading)} ${level} ${name}`, `${level} "${name}"`);
            }
            const controls = 'a[href], button, select, textarea, input:not([type=hidden])';
            for (const control of document.querySelectorAll(controls)) {
                const name = text(control);
                note(`control ${sibling(control)} ${name} ${target(control)}`,
                    `${control.tagName.toLowerCase()} "${name}"`);
            }
            return twice;
        }"""

# Run in every page the browser tests open (new_context adds it): a page that shows a part twice
# says so on the console, where the test's context collects it.
REPORT_REPEATED_PARTS = (
    "window.addEventListener('load', () => { const twice = ("
    + REPEATED_PARTS
    + ")(); if (twice.length) console.error('"
    + "quizapp: shown twice: ' + twice.join('; ')); });"
)
SHOWN_TWICE = "quizapp: shown twice: "


def repeated_parts(page: Page) -> list[str]:
    """What REPEATED_PARTS finds on the page as it is now."""
    return page.evaluate(REPEATED_PARTS)
