"""Look-alike names (issue 16, point 6): names are normalised (NFKC; invisible, format and bidi
control characters removed) before they are stored or compared, the same way on every path
(joining, signing in, a teacher's rename, practice), and a name that looks like a classmate's
(Unicode's confusables) is refused with a message."""

import pytest
from sqlalchemy import select

from quizapp.accounts import clean_display_name, name_key
from quizapp.extensions import db
from quizapp.models import Learner

TWINS = {
    "zero-width space": "Ana\u200b B.",
    "right-to-left mark": "Ana B.\u200f",
    "soft hyphen": "Ana B\u00ad.",
    "word joiner": "\u2060Ana B.",
    "bidi override": "\u202eAna B.\u202c",
    "Hangul filler": "Ana\u3164 B.",
    "fullwidth letters": "\uff21\uff4e\uff41 B.",
    "non-breaking space": "Ana\u00a0B.",
}
LOOK_ALIKES = {
    "Cyrillic A": "\u0410na B.",
    "Greek alpha": "An\u03b1 B.",
    "Cyrillic a and В": "An\u0430 \u0412.",
}


def stored_names(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Learner.display_name).order_by(Learner.id)))


@pytest.mark.parametrize("name", TWINS.values(), ids=TWINS.keys())
def test_a_name_that_differs_only_in_invisible_characters_is_the_same_name(
    app, teacher, new_learner_browser, name
):
    _classroom_id, code = teacher.create_classroom()
    assert new_learner_browser().join(code, "Ana B.").status_code == 303
    refused = new_learner_browser().join(code, name, pin="8642")
    assert refused.status_code == 422
    assert "already uses this name" in refused.get_data(as_text=True)
    assert stored_names(app) == ["Ana B."]
    assert clean_display_name(name) == "Ana B."


@pytest.mark.parametrize("name", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_name_that_looks_like_a_classmates_is_refused_with_a_message(
    app, teacher, new_learner_browser, name
):
    _classroom_id, code = teacher.create_classroom()
    assert new_learner_browser().join(code, "Ana B.").status_code == 303
    refused = new_learner_browser().join(code, name, pin="8642")
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "looks the same as Ana B." in body
    assert stored_names(app) == ["Ana B."]


def test_names_are_stored_normalised_and_in_another_class_look_alikes_are_fine(
    app, teacher, new_learner_browser
):
    _first, code = teacher.create_classroom("9a")
    _second, other_code = teacher.create_classroom("9b")
    assert new_learner_browser().join(code, "Zo\u00eb\u200d  K.\u202c").status_code == 303
    assert new_learner_browser().join(code, "\ufb01ona").status_code == 303  # the "fi" ligature
    assert new_learner_browser().join(other_code, "\u0410na B.").status_code == 303
    # looks like the first
    assert new_learner_browser().join(other_code, "Ana B.").status_code == 422
    assert stored_names(app) == ["Zoë K.", "fiona", "\u0410na B."]


def test_every_path_normalises_a_name_the_same_way(app, teacher, new_learner_browser, browser):
    classroom_id, code = teacher.create_classroom()
    assert new_learner_browser().join(code, "Ana B.").status_code == 303
    cleo = new_learner_browser()
    assert cleo.join(code, "Cleo").status_code == 303
    # Signing in with the invisible character finds the same learner.
    ana = new_learner_browser()
    ana.get("/sign-in")
    signed_in = ana.post("/sign-in", {"code": code, "display_name": "Ana\u200b B.", "pin": "4711"})
    assert signed_in.status_code == 303
    # The teacher cannot rename Cleo to a twin or a look-alike of Ana.
    with app.app_context():
        cleo_id = db.session.scalar(select(Learner.id).filter_by(display_name="Cleo"))
    url = f"/instructor/classrooms/{classroom_id}/learners/{cleo_id}/rename"
    for name in ("Ana B.\u200f", "\u0410na B."):
        refused = teacher.post(url, {"display_name": name})
        assert refused.status_code == 409, name
    assert teacher.post(url, {"display_name": "Cleo\u00ad M.\u200b"}).status_code == 303
    # Practice cleans the name the same way.
    browser.start(name="Pat\u200b\u202e")
    assert stored_names(app)[-1] == "Pat"
    assert stored_names(app)[1] == "Cleo M."
    assert name_key("Cleo\u00ad M.\u200b") == name_key("cleo m")


def test_a_name_that_normalisation_lengthens_is_cut_to_fit(app, teacher, new_learner_browser):
    _classroom_id, code = teacher.create_classroom()
    long_ligature = "\ufdfa" * 10  # ten characters typed, 180 after NFKC
    assert new_learner_browser().join(code, long_ligature).status_code == 303
    (stored,) = stored_names(app)
    assert len(stored) <= 80 and stored == clean_display_name(long_ligature)
