"""Every response carries the security headers: a Content-Security-Policy without unsafe-inline
that forbids framing, nosniff and a Referrer-Policy; and no page needs inline script or style
(the policy would block it). Pages are found through app.url_map; error pages, redirects, static
files and exports are checked too."""

import re

from factories import TEACHER_EMAIL, make_instructor
from pages import Browser
from security_world import build_world, fill, get_rules, int_args, owners

SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
INLINE = [
    # A script from a file of our own (src=) is what the policy allows; code in the page is not.
    (re.compile(r"<script\b(?![^>]*\ssrc=)", re.I), "an inline script element"),
    (re.compile(r"<style\b", re.I), "a style element"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: link"),
]


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def header_problems(response) -> list[str]:
    problems = []
    directives = csp_directives(response) if "Content-Security-Policy" in response.headers else {}
    if not directives:
        return ["no Content-Security-Policy"]
    for name, values in directives.items():
        for bad in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:"):
            if bad in values and not (name == "img-src" and bad == "data:"):
                problems.append(f"{name} allows {bad}")
    scripts = directives.get("script-src", directives.get("default-src"))
    if scripts is None or not set(scripts) <= {"'self'", "'none'"}:
        problems.append(f"scripts may come from {scripts}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append("frame-ancestors is not 'none'")
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    if "base-uri" not in directives or "form-action" not in directives:
        problems.append("base-uri or form-action missing (default-src does not cover them)")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.headers.get("Referrer-Policy") not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {response.headers.get('Referrer-Policy')!r}")
    return problems


def inline_code(response) -> list[str]:
    if response.mimetype != "text/html":
        return []
    body = response.get_data(as_text=True)
    return [what for pattern, what in INLINE if pattern.search(body)]


def check(response, where, failures):
    problems = header_problems(response) + inline_code(response)
    if problems:
        failures.append(f"{where} ({response.status_code}): {'; '.join(problems)}")


def test_every_page_export_and_file_carries_the_headers(app):
    world = build_world(app)
    failures, checked = [], set()
    for rule in get_rules(app):
        if rule.endpoint.startswith("admin."):
            user = "administrator"
        elif int_args(rule):
            user = "teacher" if "teacher" in owners(rule) else "ana"
        else:
            user = (
                "teacher"
                if rule.endpoint.startswith(("instructor.", "authoring."))
                else "anonymous"
            )
        queries = [{}]
        if rule.endpoint == "instructor.export":
            queries = [
                {"what": w, "format": f} for w in ("scores", "responses") for f in ("csv", "xlsx")
            ]
        for query in queries:
            url = fill(rule, {**world.ids, "position": 2}, **query)
            response = world[user].get(url)
            response.get_data()
            assert response.status_code in (200, 302, 303), (url, response.status_code)
            check(response, f"{user} GET {url}", failures)
            checked.add(rule.endpoint)
    assert checked == {rule.endpoint for rule in get_rules(app)}
    # ...and the same pages for a learner, in German, and signed out.
    for user in ("ana", "anonymous"):
        world[user].post("/language", {"language": "de"})
        for url in ("/", f"/packs/{world.ids['pack_slug']}/source", "/join", "/sign-in"):
            check(world[user].get(url), f"{user} GET {url} (de)", failures)
    assert not failures, "\n".join(failures)


def test_error_pages_and_redirects_carry_the_headers(app):
    def explode():
        raise RuntimeError("a bug")

    app.add_url_rule("/__explode", view_func=explode)
    app.logger.disabled = True
    make_instructor(app)
    browser = Browser(app.test_client())
    responses = {
        "404": browser.get("/nowhere"),
        "405": browser.get("/language"),
        "400 CSRF": browser.post("/language", {"language": "de"}, csrf=False),
        "413": browser.post("/instructor/sign-in", {"email": "x" * 100_000}),
        "500": browser.get("/__explode"),
        "302 to sign in": browser.get("/instructor/"),
        "303 after a form": browser.post("/language", {"language": "de"}),
    }
    for attempt in range(7):
        responses["429"] = browser.post(
            "/instructor/sign-in", {"email": TEACHER_EMAIL, "password": f"wrong {attempt}"}
        )
    failures = []
    for what, response in responses.items():
        expected = int(what.split()[0])
        assert response.status_code == expected, (what, response.status_code)
        check(response, what, failures)
    assert not failures, "\n".join(failures)
    assert "a bug" not in responses["500"].get_data(as_text=True)  # no internals leak out


def test_exports_are_downloads_not_pages(app):
    world = build_world(app)
    url = f"/instructor/classrooms/{world.ids['classroom_id']}/export"
    for fmt, mimetype in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")):
        response = world["teacher"].get(f"{url}?format={fmt}")
        response.get_data()
        assert response.mimetype.startswith(mimetype)
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
