"""Every response that holds personal data, exports included, carries Cache-Control: no-store
(issue 16, point 7): "no-cache" would still let a browser or proxy store it."""

from security_world import build_world, fill, get_rules, int_args, owners


def test_every_page_and_export_of_a_signed_in_user_is_not_stored(app):
    world = build_world(app)
    checked = set()
    for rule in get_rules(app):
        if rule.endpoint == "static":
            continue
        if rule.endpoint.startswith("admin."):
            users = ["administrator"]
        elif int_args(rule):
            users = ["teacher"] if "teacher" in owners(rule) else ["ana"]
        else:
            users = (
                ["teacher"]
                if rule.endpoint.startswith(("instructor.", "authoring."))
                else ["ana", "teacher"]
            )
        queries = [{}]
        if rule.endpoint == "instructor.export":
            queries = [
                {"what": w, "format": f, "delimiter": d}
                for w in ("scores", "responses")
                for f in ("csv", "xlsx")
                for d in ("comma", "semicolon")
            ]
        for user in users:
            for query in queries:
                url = fill(rule, {**world.ids, "position": 2}, **query)
                response = world[user].get(url)
                response.get_data()
                assert response.headers.get("Cache-Control") == "no-store", (user, url)
                checked.add(rule.endpoint)
    assert checked == {r.endpoint for r in get_rules(app)} - {"static"}


def test_a_password_reset_page_is_not_stored_though_nobody_is_signed_in(app):
    world = build_world(app)
    response = world["anonymous"].get(f"/instructor/reset-password/{world.ids['token']}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(app):
    world = build_world(app)
    response = world["teacher"].get("/static/quizapp.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")
