"""The grading rule of every question type, through the engine's public functions."""

import pytest

from quizapp.engine import (
    Choice,
    EmptyResponse,
    InvalidResponse,
    MatchItem,
    Option,
    Question,
    Quote,
    UnreadableNumber,
    grade_answer,
    grade_response,
    read_response,
)

T = {"en": "x", "de": "x"}
QUOTE = (Quote("p1", "x"),)


def make(qtype, **fields) -> Question:
    return Question(id="q", type=qtype, prompt=T, explanation=T, quotes=QUOTE, **fields)


SINGLE = make(
    "single_choice",
    options=(
        Option("kazakhstan", T, correct=True),
        Option("serbia", T, feedback=T),
        Option("china", T),
    ),
)
MULTIPLE = make(
    "multiple_response",
    points=2,
    options=(
        Option("officers", T, correct=True),
        Option("soldiers", T, correct=True),
        Option("nco", T, correct=True),
        Option("students", T),
    ),
)
TRUE_FALSE = make("true_false", answer=False)
NUMERIC = make("numeric", answer=9_200_000.0, tolerance=300_000.0)
SHORT = make(
    "short_text",
    accepted={
        "any": ("Tikhanovskaya", "Tichanovskaya", "Tichanowskaja"),
        "en": ("Belarus",),
        "de": ("Weißrussland",),
    },
)
MATCHING = make(
    "matching",
    items=(MatchItem("leukavets", T, "stockholm"), MatchItem("gerasimov", T, "berlin")),
    choices=(Choice("stockholm", T), Choice("berlin", T), Choice("minsk", T)),
)


class TestSingleChoice:
    def test_the_correct_option_earns_all_points(self):
        assert grade_response(SINGLE, "kazakhstan").fraction == 1.0

    def test_a_distractor_earns_nothing_and_names_its_feedback(self):
        grade = grade_response(SINGLE, "serbia")
        assert (grade.fraction, grade.correct, grade.wrong_options) == (0.0, False, ("serbia",))

    def test_surrounding_whitespace_is_ignored(self):
        assert grade_response(SINGLE, "  kazakhstan\n").correct

    @pytest.mark.parametrize("raw", ["", "   ", []])
    def test_empty_answer_is_not_graded(self, raw):
        with pytest.raises(EmptyResponse):
            grade_response(SINGLE, raw)

    @pytest.mark.parametrize("raw", ["russia", "KAZAKHSTAN", "kazakhstan' or 1=1"])
    def test_unknown_option_id_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(SINGLE, raw)

    @pytest.mark.parametrize("raw", [3, None, {"a": 1}, ["kazakhstan", "serbia"], True])
    def test_wrong_kind_of_value_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(SINGLE, raw)


class TestMultipleResponse:
    def test_all_correct_and_nothing_else_earns_all_points(self):
        grade = grade_response(MULTIPLE, ["nco", "officers", "soldiers"])
        assert (grade.fraction, grade.points) == (1.0, 2.0)

    def test_partial_credit_is_right_minus_wrong_over_number_right(self):
        assert grade_response(MULTIPLE, ["officers", "soldiers"]).fraction == pytest.approx(2 / 3)
        grade = grade_response(MULTIPLE, ["officers", "soldiers", "students"])
        assert grade.fraction == pytest.approx(1 / 3)
        assert grade.points == pytest.approx(2 / 3)
        assert grade.wrong_options == ("students",)

    def test_credit_never_goes_below_zero(self):
        assert grade_response(MULTIPLE, ["students"]).fraction == 0.0

    def test_ticking_every_box_does_not_earn_full_credit(self):
        grade = grade_response(MULTIPLE, ["officers", "soldiers", "nco", "students"])
        assert grade.fraction == pytest.approx(2 / 3)
        assert not grade.correct

    def test_a_repeated_option_counts_once(self):
        assert grade_response(MULTIPLE, ["officers", "officers"]).fraction == pytest.approx(1 / 3)

    def test_the_stored_answer_is_sorted_and_stripped(self):
        assert read_response(MULTIPLE, [" soldiers", "nco"]) == ["nco", "soldiers"]

    @pytest.mark.parametrize("raw", [[], [""], ["  "]])
    def test_empty_answer_is_not_graded(self, raw):
        with pytest.raises(EmptyResponse):
            grade_response(MULTIPLE, raw)

    def test_unknown_option_id_is_refused(self):
        with pytest.raises(InvalidResponse):
            grade_response(MULTIPLE, ["officers", "generals"])

    @pytest.mark.parametrize("raw", [5, {"officers": True}, [1, 2], None])
    def test_wrong_kind_of_value_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(MULTIPLE, raw)


class TestTrueFalse:
    @pytest.mark.parametrize(
        "raw,right", [("false", True), ("true", False), (False, True), (" FALSE ", True)]
    )
    def test_grades_the_value(self, raw, right):
        assert grade_response(TRUE_FALSE, raw).correct is right

    def test_empty_answer_is_not_graded(self):
        with pytest.raises(EmptyResponse):
            grade_response(TRUE_FALSE, " ")

    @pytest.mark.parametrize("raw", ["yes", "1", 0, None, ["true", "false"]])
    def test_other_values_are_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(TRUE_FALSE, raw)


class TestNumeric:
    @pytest.mark.parametrize(
        "raw", ["9200000", "8900000", "9500000", 9_000_000, 9.2e6, " 9,200,000 "]
    )
    def test_within_tolerance_is_right(self, raw):
        assert grade_response(NUMERIC, raw).correct

    @pytest.mark.parametrize("raw", ["8899999", "9500001", "92", -9_200_000])
    def test_outside_tolerance_is_wrong(self, raw):
        assert grade_response(NUMERIC, raw).fraction == 0.0

    def test_reads_in_the_learners_locale(self):
        assert grade_response(NUMERIC, "9,2 Mio.", locale="de").correct
        assert grade_response(NUMERIC, "9.2 million", locale="en").correct

    def test_zero_tolerance_accepts_float_noise(self):
        question = make("numeric", answer=0.3, tolerance=0.0)
        assert grade_response(question, 0.1 + 0.2).correct

    def test_empty_answer_is_not_graded(self):
        with pytest.raises(EmptyResponse):
            grade_response(NUMERIC, "   ")

    @pytest.mark.parametrize("raw", ["not nine million", "9.2.3,4", "12 or 13", "no idea at all"])
    def test_unreadable_text_is_not_graded(self, raw):
        with pytest.raises(UnreadableNumber):
            grade_response(NUMERIC, raw)

    @pytest.mark.parametrize("raw", [True, None, {"n": 1}, float("nan"), float("inf")])
    def test_wrong_kind_of_value_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(NUMERIC, raw)


class TestShortText:
    @pytest.mark.parametrize(
        "raw",
        [
            "Tikhanovskaya",
            "tikhanovskaya",
            "  TIKHANOVSKAYA  ",
            "Tichanovskaya",
            "Tichanowskaja",
            "“Tichanowskaja”",
            "'Tikhanovskaya'",
            "Tíchanowskaja",
        ],
    )
    def test_accepted_variants_ignoring_case_space_diacritics_and_quotes(self, raw):
        assert grade_response(SHORT, raw).correct

    @pytest.mark.parametrize("raw", ["weissrussland", "WEISSRUSSLAND", "Weißrussland."])
    def test_german_variants_fold_in_the_german_quiz(self, raw):
        assert grade_response(SHORT, raw, locale="de").correct

    def test_answers_under_any_count_in_every_language(self):
        assert grade_response(SHORT, "Tichanowskaja", locale="en").correct
        assert grade_response(SHORT, "Tikhanovskaya", locale="de").correct

    def test_a_languages_own_answers_count_only_in_that_language(self):
        assert not grade_response(SHORT, "Weißrussland", locale="en").correct
        assert grade_response(SHORT, "Belarus", locale="en").correct
        assert not grade_response(SHORT, "Belarus", locale="de").correct

    def test_an_answer_stored_without_a_language_counts_in_every_language(self):
        assert grade_answer(SHORT, "Weißrussland").correct

    def test_one_slip_counts_and_names_the_right_spelling(self):
        grade = grade_response(SHORT, "Tikhanovskya")
        assert grade.correct
        assert grade.spelling == "Tikhanovskaya"
        assert grade_response(SHORT, "Tikhanovskaya").spelling is None

    def test_slips_zero_turns_slips_off(self):
        strict = make("short_text", accepted={"any": ("Ivanova",)}, slips=0)
        assert not grade_response(strict, "Ivanov").correct
        assert grade_response(strict, "ivanova").correct

    @pytest.mark.parametrize("raw", ["Lukashenko", "Tikhanov", "Tikhanovskaya Lukashenko"])
    def test_other_answers_are_wrong(self, raw):
        assert not grade_response(SHORT, raw).correct

    def test_inner_whitespace_is_collapsed_in_the_stored_answer(self):
        assert read_response(SHORT, "  Svetlana \t Tikhanovskaya ", "de") == {
            "text": "Svetlana Tikhanovskaya",
            "language": "de",
        }

    @pytest.mark.parametrize("raw", ["", "  \n "])
    def test_empty_answer_is_not_graded(self, raw):
        with pytest.raises(EmptyResponse):
            grade_response(SHORT, raw)

    @pytest.mark.parametrize("raw", [42, None, {"en": "x"}, ["a", "b"]])
    def test_wrong_kind_of_value_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(SHORT, raw)


class TestMatching:
    def test_all_pairs_right_earn_all_points(self):
        grade = grade_response(MATCHING, {"leukavets": "stockholm", "gerasimov": "berlin"})
        assert grade.correct
        assert grade.item_results == {"leukavets": True, "gerasimov": True}

    def test_partial_credit_is_the_share_of_items_matched_rightly(self):
        grade = grade_response(MATCHING, {"leukavets": "stockholm", "gerasimov": "minsk"})
        assert grade.fraction == 0.5
        assert grade.item_results == {"leukavets": True, "gerasimov": False}

    def test_an_unanswered_item_counts_as_wrong(self):
        grade = grade_response(MATCHING, {"leukavets": "stockholm", "gerasimov": ""})
        assert grade.fraction == 0.5

    def test_empty_answer_is_not_graded(self):
        with pytest.raises(EmptyResponse):
            grade_response(MATCHING, {"leukavets": "", "gerasimov": " "})

    @pytest.mark.parametrize(
        "raw",
        [{"leukavets": "moscow"}, {"putin": "berlin"}, {"leukavets": ["stockholm", "berlin"]}],
    )
    def test_unknown_item_or_choice_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(MATCHING, raw)

    @pytest.mark.parametrize("raw", ["stockholm", ["stockholm"], 3, None])
    def test_wrong_kind_of_value_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            grade_response(MATCHING, raw)


def test_a_stored_answer_regrades_to_the_same_grade():
    for question, raw in [
        (SINGLE, "serbia"),
        (MULTIPLE, ["officers"]),
        (TRUE_FALSE, "false"),
        (NUMERIC, "9.1 million"),
        (SHORT, "tichanowskaja"),
        (MATCHING, {"leukavets": "stockholm"}),
    ]:
        answer = read_response(question, raw)
        assert grade_answer(question, answer) == grade_response(question, raw)
