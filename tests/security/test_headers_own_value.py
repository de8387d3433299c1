"""The security headers are added in one go (security.add_security_headers, issue 29) unless a
view set one of them itself: then its own value stands and the others are added."""

from quizapp.security import HEADERS


def test_a_view_keeps_the_header_it_set_and_gets_the_others(app):
    @app.get("/test-own-frame-policy")
    def own_frame_policy():
        return "ok", 200, {"X-Frame-Options": "SAMEORIGIN"}

    response = app.test_client().get("/test-own-frame-policy")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    for name, value in HEADERS.items():
        if name != "X-Frame-Options":
            assert response.headers.getlist(name) == [value]


def test_every_header_once_on_a_page(app):
    response = app.test_client().get("/")
    for name, value in HEADERS.items():
        assert response.headers.getlist(name) == [value]
