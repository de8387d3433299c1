"""The ordering type: reading the position selects, and partial credit by pairs in right order."""

import pytest

from quizapp.engine import (
    Choice,
    EmptyResponse,
    IncompleteOrder,
    InvalidResponse,
    Question,
    RepeatedPosition,
    grade_response,
    read_response,
)

ORDER = Question(
    id="chronology",
    type="ordering",
    prompt={"en": "Order these"},
    explanation={"en": "Because"},
    quotes=(),
    points=2.0,
    sequence=tuple(Choice(i, {"en": i.upper()}) for i in ("a", "b", "c", "d")),
)


def positions(*ids: str) -> dict[str, str]:
    """The form's {item id: position} for items listed in the learner's order."""
    return {item_id: str(index) for index, item_id in enumerate(ids, start=1)}


@pytest.mark.parametrize(
    ("order", "fraction"),
    [
        (("a", "b", "c", "d"), 1.0),
        (("d", "c", "b", "a"), 0.0),
        (("b", "a", "c", "d"), 5 / 6),  # one slip: one of six pairs the wrong way round
        (("d", "a", "b", "c"), 3 / 6),  # the last put first: three pairs wrong
        (("a", "c", "b", "d"), 5 / 6),
    ],
)
def test_credit_is_the_share_of_pairs_in_the_right_order(order, fraction):
    grade = grade_response(ORDER, positions(*order))
    assert grade.fraction == pytest.approx(fraction)
    assert grade.points == pytest.approx(2.0 * fraction)


def test_the_answer_is_stored_as_the_ids_in_the_learners_order():
    assert read_response(ORDER, {"c": "1", "a": "2", "d": "3", "b": "4"}) == ["c", "a", "d", "b"]
    assert read_response(ORDER, ["b", "a", "c", "d"]) == ["b", "a", "c", "d"]


def test_which_items_stand_at_their_right_position():
    grade = grade_response(ORDER, positions("a", "c", "b", "d"))
    assert dict(grade.item_results) == {"a": True, "b": False, "c": False, "d": True}


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ({"a": "", "b": "", "c": "", "d": ""}, EmptyResponse),
        ({"a": "1", "b": "2", "c": "", "d": "4"}, IncompleteOrder),
        ({"a": "1", "b": "1", "c": "3", "d": "4"}, RepeatedPosition),
        ({"a": "1", "b": "2", "c": "3", "d": "9"}, InvalidResponse),
        ({"a": "one", "b": "2", "c": "3", "d": "4"}, InvalidResponse),
        ({"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}, InvalidResponse),
        (["a", "b", "c"], InvalidResponse),
        ("a,b,c,d", InvalidResponse),
    ],
)
def test_an_order_that_is_not_one_is_refused(raw, error):
    with pytest.raises(error):
        read_response(ORDER, raw)
