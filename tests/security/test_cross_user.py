"""Every URL that carries an id answers 404 to everyone but its owner, with every method it accepts.

The URLs are read from app.url_map, so a URL added later is tried here without being listed; a URL
whose arguments or owner the suite does not know fails test_every_url_argument_is_classified.
"""

import itertools

from security_world import (
    OWNED_ID_ARGS,
    PUBLIC_ARGS,
    build_world,
    fill,
    id_rules,
    int_args,
    methods,
    owners,
    probe_app,
    sign_in_page,
    snapshot,
)

PROBE = probe_app()
NOT_IDS = (0, 2**31, 10**30)  # no row, and numbers beyond an INTEGER column


def test_every_url_argument_is_classified():
    problems = []
    for rule in PROBE.url_map.iter_rules():
        unknown = rule.arguments - OWNED_ID_ARGS - PUBLIC_ARGS.keys()
        if unknown:
            problems.append(f"{rule.rule}: unknown argument(s) {sorted(unknown)}")
        if (rule.arguments & OWNED_ID_ARGS) - int_args(rule):
            problems.append(f"{rule.rule}: an owned id that is not an <int:...>")
        if int_args(rule) and not int_args(rule) & OWNED_ID_ARGS:
            problems.append(f"{rule.rule}: an <int:...> but no owned id")
    assert not problems, (
        "Classify these URL arguments in tests/security/security_world.py (OWNED_ID_ARGS, "
        "PUBLIC_ARGS) and make sure the view checks ownership:\n" + "\n".join(problems)
    )
    for rule in id_rules(PROBE):
        owners(rule)  # raises for an id URL nobody has said who may use


def _variants(world, rule, user):
    """A's ids, and mixes of the user's own ids with A's (B's classroom with Ana's learner id)."""
    base = {**world.ids, "position": 2 if rule.endpoint == "learner.answer" else 1}
    yield base
    own = world.own_ids.get(user, {})
    args = sorted(rule.arguments & OWNED_ID_ARGS & own.keys())
    for size in range(1, len(rule.arguments & OWNED_ID_ARGS)):
        for chosen in itertools.combinations(args, size):
            yield {**base, **{name: own[name] for name in chosen}}


def _send(browser, method, url, form):
    if method == "GET":
        return browser.get(url)
    return browser.post(url, form)  # with the user's own valid CSRF token


def test_other_users_get_404_on_every_id_url(app):
    world = build_world(app)
    forms = {rule.endpoint: world.valid_form(rule.endpoint) for rule in id_rules(app)}
    before = snapshot(app)
    failures, tried = [], set()
    for rule in id_rules(app):
        allowed = owners(rule)
        for method, user in itertools.product(methods(rule), world.users):
            if user in allowed:
                continue
            for values in _variants(world, rule, user):
                url = fill(rule, values)
                response = _send(world[user], method, url, forms[rule.endpoint])
                tried.add(rule.endpoint)
                if user == "anonymous" and sign_in_page(rule):
                    location = response.headers.get("Location", "")
                    if response.status_code != 302 or sign_in_page(rule) not in location:
                        failures.append(f"signed out {method} {url}: {response.status_code}")
                elif response.status_code != 404:
                    failures.append(f"{user} {method} {url}: {response.status_code}, not 404")
    assert not failures, "\n".join(failures)
    assert tried == {rule.endpoint for rule in id_rules(app)}
    assert snapshot(app) == before, "a refused request changed the database"

    # The URLs were real: their owners get through, so each 404 above meant "not yours".
    for rule in id_rules(app):
        if "GET" in methods(rule):
            owner = "teacher" if "teacher" in owners(rule) else "ana"
            response = world[owner].get(world.url(rule))
            assert response.status_code in (200, 302, 303), (rule.rule, response.status_code)


def test_ids_that_do_not_exist_answer_404_to_their_would_be_owner(app):
    world = build_world(app)
    forms = {rule.endpoint: world.valid_form(rule.endpoint) for rule in id_rules(app)}
    before = snapshot(app)
    failures = []
    for rule in id_rules(app):
        owner = "teacher" if "teacher" in owners(rule) else "ana"
        for method, missing in itertools.product(methods(rule), NOT_IDS):
            for name in sorted(int_args(rule)):
                values = {**world.ids, "position": 1, name: missing}
                url = fill(rule, values)
                response = _send(world[owner], method, url, forms[rule.endpoint])
                if response.status_code != 404:
                    failures.append(f"{owner} {method} {url}: {response.status_code}, not 404")
    assert not failures, "\n".join(failures)
    assert snapshot(app) == before
