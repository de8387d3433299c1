"""Item and test statistics checked against arithmetic done by hand, as Moodle's report defines them.

Every expected value below is worked out in the comments beside it (sample variances: divide by n - 1).
"""

import math
import statistics

import pytest

from quizapp import statistics as stats
from quizapp.statistics import ItemStatistics, TestStatistics

approx = pytest.approx

# Matrix A: 4 learners x 3 one-point questions, right (1) or wrong (0), a "Guttman" pattern.
#             q1 q2 q3   total
#   learner 1  1  1  1   3
#   learner 2  0  1  1   2
#   learner 3  0  0  1   1
#   learner 4  0  0  0   0
A_IDS = ["q1", "q2", "q3"]
A_MAX = [1.0, 1.0, 1.0]
A_ROWS = [
    [1.0, 1.0, 1.0],
    [0.0, 1.0, 1.0],
    [0.0, 0.0, 1.0],
    [0.0, 0.0, 0.0],
]

# Matrix B: partial credit, questions worth 2, 1 and 4 points, with unanswered (None) cells.
#   fractions               points (fraction x max)   total
#   learner 1  1.0  1.0   0.5      2  1  2            5
#   learner 2  0.0  None  0.75     0  0  3            3
#   learner 3  0.5  1.0   0.0      1  1  0            2
#   learner 4  None 0.0   None     0  0  0            0
B_IDS = ["b1", "b2", "b3"]
B_MAX = [2.0, 1.0, 4.0]
B_ROWS = [
    [1.0, 1.0, 0.5],
    [0.0, None, 0.75],
    [0.5, 1.0, 0.0],
    [None, 0.0, None],
]


def by_id(items: list[ItemStatistics]) -> dict[str, ItemStatistics]:
    return {item.question_id: item for item in items}


# --- Matrix A: dichotomous items ---------------------------------------------------------------


def test_facility_is_the_mean_fraction_earned():
    items = by_id(stats.item_statistics(A_IDS, A_MAX, A_ROWS))
    assert items["q1"].facility == approx(1 / 4)  # 1 of 4 learners right
    assert items["q2"].facility == approx(2 / 4)
    assert items["q3"].facility == approx(3 / 4)
    assert [item.attempts for item in items.values()] == [4, 4, 4]


def test_item_standard_deviation_is_the_sample_sd():
    items = by_id(stats.item_statistics(A_IDS, A_MAX, A_ROWS))
    # q1 = [1, 0, 0, 0], mean 0.25: squared deviations 0.5625 + 3 * 0.0625 = 0.75; / (4 - 1) = 0.25
    assert items["q1"].standard_deviation == approx(math.sqrt(0.75 / 3))
    # q2 = [1, 1, 0, 0], mean 0.5: 4 * 0.25 = 1; / 3
    assert items["q2"].standard_deviation == approx(math.sqrt(1 / 3))
    # the population SD (divide by 4) would be sqrt(0.1875) = 0.433, not 0.5
    assert items["q1"].standard_deviation == approx(0.5)


def test_discrimination_correlates_with_the_rest_of_the_test_not_the_total():
    items = by_id(stats.item_statistics(A_IDS, A_MAX, A_ROWS))
    # q1 = [1, 0, 0, 0] (mean 0.25), rest = total - q1 = [2, 2, 1, 0] (mean 1.25)
    #   deviations q1:   0.75, -0.25, -0.25, -0.25
    #   deviations rest: 0.75,  0.75, -0.25, -1.25
    #   cov  = (0.5625 - 0.1875 + 0.0625 + 0.3125) / 3 = 0.75 / 3 = 0.25
    #   var q1 = 0.25 (above); var rest = (0.5625 + 0.5625 + 0.0625 + 1.5625) / 3 = 2.75 / 3
    #   r = 0.25 / sqrt(0.25 * 2.75 / 3) = sqrt(3 / 11) = 0.522
    assert items["q1"].discrimination == approx(0.25 / math.sqrt(0.25 * 2.75 / 3))
    assert items["q1"].discrimination == approx(math.sqrt(3 / 11))
    # Against the total [3, 2, 1, 0] instead it would be sqrt(3 / 5) = 0.775: must not be that.
    assert items["q1"].discrimination != approx(math.sqrt(3 / 5))
    # q2 = [1, 1, 0, 0] (mean 0.5), rest = [2, 1, 1, 0] (mean 1)
    #   cov = (0.5 * 1 + 0.5 * 0 - 0.5 * 0 - 0.5 * -1) / 3 = 1 / 3
    #   var rest = (1 + 0 + 0 + 1) / 3 = 2 / 3;  r = (1/3) / sqrt(1/3 * 2/3) = 1 / sqrt(2)
    assert items["q2"].discrimination == approx(1 / math.sqrt(2))
    # q3 mirrors q1: [1, 1, 1, 0] with rest [2, 1, 0, 0]
    assert items["q3"].discrimination == approx(math.sqrt(3 / 11))


def test_discriminative_efficiency_is_one_for_a_perfectly_ordered_item():
    items = by_id(stats.item_statistics(A_IDS, A_MAX, A_ROWS))
    # q1 = [1, 0, 0, 0] and rest [2, 2, 1, 0] are already in the same order, so sorting both to get
    # the largest possible covariance gives the same 0.25: efficiency 0.25 / 0.25 = 1.
    assert items["q1"].discriminative_efficiency == approx(1.0)
    assert items["q2"].discriminative_efficiency == approx(1.0)


def test_kr20_for_right_or_wrong_items():
    result = stats.test_statistics(A_MAX, A_ROWS)
    assert result.alpha_name == "KR-20"
    # Totals [3, 2, 1, 0]: mean 1.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, var 5 / 3.
    # Item variances (sample): q1 0.75/3 = 0.25, q2 1/3, q3 0.25; sum 5/6.
    # alpha = 3/2 * (1 - (5/6) / (5/3)) = 3/2 * 1/2 = 0.75
    assert result.alpha == approx(0.75)
    # Textbook KR-20 uses p*q (population variances) and the population variance of the totals:
    #   p = 1/4, 1/2, 3/4 -> sum p*q = 3/16 + 4/16 + 3/16 = 10/16; population var of totals = 5/4
    #   KR-20 = 3/2 * (1 - (10/16) / (5/4)) = 3/2 * 1/2 = 0.75: the same, as both sides scale by n/(n-1).
    p = [1 / 4, 2 / 4, 3 / 4]
    sum_pq = sum(x * (1 - x) for x in p)
    assert 3 / 2 * (1 - sum_pq / (5 / 4)) == approx(result.alpha)


def test_test_summary_for_matrix_a():
    result = stats.test_statistics(A_MAX, A_ROWS)
    assert result == TestStatistics(
        attempts=4,
        mean=approx(1.5),  # (3 + 2 + 1 + 0) / 4
        median=approx(1.5),  # (1 + 2) / 2
        standard_deviation=approx(math.sqrt(5 / 3)),
        alpha=approx(0.75),
        alpha_name="KR-20",
        # SD * sqrt(1 - alpha) = sqrt(5/3) * sqrt(0.25)
        standard_error=approx(math.sqrt(5 / 3) * 0.5),
    )


# --- Matrix B: partial credit, weights 2 / 1 / 4, None cells ----------------------------------


def test_partial_credit_facility_and_sd_of_the_fraction():
    items = by_id(stats.item_statistics(B_IDS, B_MAX, B_ROWS))
    # b1 fractions [1, 0, 0.5, 0 (None)] -> 1.5 / 4
    assert items["b1"].facility == approx(0.375)
    # b2 fractions [1, 0 (None), 1, 0] -> 2 / 4
    assert items["b2"].facility == approx(0.5)
    # b3 fractions [0.5, 0.75, 0, 0 (None)] -> 1.25 / 4
    assert items["b3"].facility == approx(0.3125)
    # b1 fractions mean 0.375: deviations 0.625, -0.375, 0.125, -0.375
    #   squares 0.390625 + 0.140625 + 0.015625 + 0.140625 = 0.6875; / 3
    assert items["b1"].standard_deviation == approx(math.sqrt(0.6875 / 3))
    # b3 fractions mean 0.3125: deviations 0.1875, 0.4375, -0.3125, -0.3125
    #   squares 0.03515625 + 0.19140625 + 0.09765625 + 0.09765625 = 0.421875; / 3 = 0.140625
    assert items["b3"].standard_deviation == approx(0.375)


def test_partial_credit_discrimination_uses_points_and_the_rest_score():
    items = by_id(stats.item_statistics(B_IDS, B_MAX, B_ROWS))
    # b1 points [2, 0, 1, 0] (mean 0.75), rest in points [3, 3, 1, 0] (mean 1.75)
    #   deviations b1:   1.25, -0.75, 0.25, -0.75
    #   deviations rest: 1.25,  1.25, -0.75, -1.75
    #   cov = (1.5625 - 0.9375 - 0.1875 + 1.3125) / 3 = 1.75 / 3 = 7/12
    #   var b1 = (1.5625 + 0.5625 + 0.0625 + 0.5625) / 3 = 11/12
    #   var rest = (1.5625 + 1.5625 + 0.5625 + 3.0625) / 3 = 9/4
    assert items["b1"].discrimination == approx((7 / 12) / math.sqrt(11 / 12 * 9 / 4))
    # (Correlating fractions with a rest score in fractions would weigh b3's 4 points like b2's 1.)
    # b2 points [1, 0, 1, 0] (mean 0.5), rest [4, 3, 1, 0] (mean 2)
    #   cov = (0.5 * 2 - 0.5 * 1 + 0.5 * -1 - 0.5 * -2) / 3 = 1 / 3
    #   var b2 = 1/3, var rest = (4 + 1 + 1 + 4) / 3 = 10/3;  r = (1/3) / (sqrt(10) / 3)
    assert items["b2"].discrimination == approx(1 / math.sqrt(10))
    # b3 points [2, 3, 0, 0] (mean 1.25), rest [3, 0, 2, 0] (mean 1.25)
    #   deviations b3:   0.75, 1.75, -1.25, -1.25
    #   deviations rest: 1.75, -1.25, 0.75, -1.25
    #   cov = (1.3125 - 2.1875 - 0.9375 + 1.5625) / 3 = -0.25 / 3 = -1/12
    #   var b3 = (0.5625 + 3.0625 + 1.5625 + 1.5625) / 3 = 9/4; var rest = 9/4 too
    #   r = (-1/12) / (9/4) = -1/27: the learners who did better on the rest did worse here ...
    assert items["b3"].discrimination == approx(-1 / 27)
    # ... whereas the correlation with the total (which contains b3 itself) is clearly positive:
    #   total [5, 3, 2, 0] deviations 2.5, 0.5, -0.5, -2.5; cov = (1.875 + 0.875 + 0.625 + 3.125) / 3
    assert (1.875 + 0.875 + 0.625 + 3.125) / 3 > 0


def test_partial_credit_discriminative_efficiency():
    items = by_id(stats.item_statistics(B_IDS, B_MAX, B_ROWS))
    # Largest covariance the b1 and rest values allow: pair them both sorted.
    #   b1 sorted [0, 0, 1, 2] deviations -0.75, -0.75, 0.25, 1.25
    #   rest sorted [0, 1, 3, 3] deviations -1.75, -0.75, 1.25, 1.25
    #   covmax = (1.3125 + 0.5625 + 0.3125 + 1.5625) / 3 = 3.75 / 3 = 5/4
    #   efficiency = cov / covmax = (7/12) / (5/4) = 7/15
    assert items["b1"].discriminative_efficiency == approx(7 / 15)
    # b2 sorted [0, 0, 1, 1] deviations -0.5, -0.5, 0.5, 0.5; rest sorted [0, 1, 3, 4] -2, -1, 1, 2
    #   covmax = (1 + 0.5 + 0.5 + 1) / 3 = 1;  efficiency = (1/3) / 1
    assert items["b2"].discriminative_efficiency == approx(1 / 3)
    # b3 sorted [0, 0, 2, 3] and rest sorted [0, 0, 2, 3] are identical: covmax = var = 9/4
    #   efficiency = (-1/12) / (9/4) = -1/27
    assert items["b3"].discriminative_efficiency == approx(-1 / 27)


def test_cronbachs_alpha_for_partial_credit():
    result = stats.test_statistics(B_MAX, B_ROWS)
    assert result.alpha_name == "Cronbach's alpha"
    # Totals [5, 3, 2, 0]: mean 2.5, squared deviations 6.25 + 0.25 + 0.25 + 6.25 = 13, var 13/3.
    # Item variances in points: b1 11/12, b2 1/3 = 4/12, b3 9/4 = 27/12; sum 42/12 = 7/2.
    # alpha = 3/2 * (1 - (7/2) / (13/3)) = 3/2 * (1 - 21/26) = 3/2 * 5/26 = 15/52
    assert result.alpha == approx(15 / 52)
    assert result.mean == approx(2.5)
    assert result.median == approx(2.5)  # (2 + 3) / 2
    assert result.standard_deviation == approx(math.sqrt(13 / 3))
    # SE = sqrt(13/3) * sqrt(1 - 15/52) = sqrt(13/3 * 37/52) = sqrt(37/12)
    assert result.standard_error == approx(math.sqrt(37 / 12))


def test_alpha_cross_checked_with_the_standard_library():
    points = [
        [(cell or 0.0) * most for cell, most in zip(row, B_MAX, strict=True)] for row in B_ROWS
    ]
    columns = list(zip(*points, strict=True))
    totals = [sum(row) for row in points]
    k = len(B_MAX)
    expected = (
        k
        / (k - 1)
        * (1 - sum(statistics.variance(c) for c in columns) / statistics.variance(totals))
    )
    assert stats.test_statistics(B_MAX, B_ROWS).alpha == approx(expected)


# --- Edge cases ---------------------------------------------------------------------------------


def test_no_rows():
    items = stats.item_statistics(["q1", "q2"], [1.0, 2.0], [])
    assert items == [
        ItemStatistics("q1", 0, None, None, None, None),
        ItemStatistics("q2", 0, None, None, None, None),
    ]
    assert stats.test_statistics([1.0, 2.0], []) == TestStatistics(
        attempts=0,
        mean=None,
        median=None,
        standard_deviation=None,
        alpha=None,
        alpha_name="Cronbach's alpha",
        standard_error=None,
    )


def test_one_row():
    items = stats.item_statistics(["q1", "q2"], [1.0, 2.0], [[1.0, 0.5]])
    assert items == [
        ItemStatistics("q1", 1, 1.0, None, None, None),
        ItemStatistics("q2", 1, 0.5, None, None, None),
    ]
    result = stats.test_statistics([1.0, 2.0], [[1.0, 0.5]])
    assert (result.attempts, result.mean, result.median) == (1, 2.0, 2.0)  # 1 + 0.5 * 2
    assert result.standard_deviation is None
    assert result.alpha is None
    assert result.standard_error is None
    assert result.alpha_name == "Cronbach's alpha"  # 0.5 is partial credit


def test_identical_totals():
    # Both learners score 1 point, on different questions: no spread in totals, alpha undefined.
    rows = [[1.0, 0.0], [0.0, 1.0]]
    result = stats.test_statistics([1.0, 1.0], rows)
    assert result.standard_deviation == 0.0
    assert result.alpha is None
    assert result.standard_error is None
    assert result.alpha_name == "KR-20"
    items = stats.item_statistics(["q1", "q2"], [1.0, 1.0], rows)
    # q1 = [1, 0] with rest [0, 1]: a perfect negative correlation, cov = -0.5, covmax = 0.5.
    assert items[0].discrimination == approx(-1.0)
    assert items[0].discriminative_efficiency == approx(-1.0)


def test_item_everyone_got_right():
    rows = [[1.0, 1.0], [1.0, 0.0], [1.0, None]]
    items = by_id(stats.item_statistics(["easy", "other"], [1.0, 1.0], rows))
    easy = items["easy"]
    assert easy.facility == 1.0
    assert easy.standard_deviation == 0.0
    assert easy.discrimination is None  # no variance in the item
    assert easy.discriminative_efficiency is None
    other = items["other"]  # its rest score is the easy item: the same for everyone
    assert other.facility == approx(1 / 3)
    assert other.discrimination is None
    assert other.discriminative_efficiency is None
    result = stats.test_statistics([1.0, 1.0], rows)
    # Totals [2, 1, 1]: mean 4/3, var ((2/3)^2 + 2 * (1/3)^2) / 2 = (6/9) / 2 = 1/3.
    # Item variances: easy 0, other 1/3. alpha = 2 * (1 - (1/3) / (1/3)) = 0.
    assert result.alpha == approx(0.0)
    assert result.standard_error == approx(math.sqrt(1 / 3))


def test_none_counts_as_zero():
    with_none = [[1.0, None], [None, 1.0], [1.0, 1.0]]
    with_zero = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    assert stats.item_statistics(["a", "b"], [1.0, 2.0], with_none) == stats.item_statistics(
        ["a", "b"], [1.0, 2.0], with_zero
    )
    assert stats.test_statistics([1.0, 2.0], with_none) == stats.test_statistics(
        [1.0, 2.0], with_zero
    )
    assert stats.test_statistics([1.0, 2.0], with_none).alpha_name == "KR-20"


def test_median_of_the_totals():
    # Four one-point questions. Totals 0, 1, 1, 4: median (1 + 1) / 2 = 1, mean 6 / 4 = 1.5.
    rows = [[0.0] * 4, [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [1.0] * 4]
    result = stats.test_statistics([1.0] * 4, rows)
    assert (result.median, result.mean) == (approx(1.0), approx(1.5))
    # Add a total of 2: 0, 1, 1, 2, 4 -> the middle one, 1; mean 8 / 5.
    result = stats.test_statistics([1.0] * 4, [*rows, [1.0, 1.0, 0.0, 0.0]])
    assert (result.median, result.mean) == (approx(1.0), approx(1.6))


def test_one_question_has_no_alpha():
    result = stats.test_statistics([1.0], [[1.0], [0.0], [1.0]])
    assert result.alpha is None
    assert result.mean == approx(2 / 3)


def test_question_worth_no_points():
    items = stats.item_statistics(["q", "survey"], [1.0, 0.0], [[1.0, 1.0], [0.0, 1.0]])
    assert items[1].facility is None
    assert items[1].standard_deviation is None
    assert items[1].discrimination is None


def test_float_noise_is_not_spread():
    # 0.1 + 0.2 and 0.3 differ in binary floating point but are the same rest score.
    rows = [[1.0, 0.1, 0.2], [0.0, 0.3, 0.0]]
    items = stats.item_statistics(["a", "b", "c"], [1.0, 1.0, 1.0], rows)
    assert items[0].discrimination is None


def test_mismatched_shapes_are_rejected():
    with pytest.raises(ValueError):
        stats.item_statistics(["a"], [1.0, 1.0], [])
    with pytest.raises(ValueError):
        stats.item_statistics(["a", "b"], [1.0, 1.0], [[1.0]])
    with pytest.raises(ValueError):
        stats.test_statistics([1.0, 1.0], [[1.0, 0.0, 1.0]])
    with pytest.raises(ValueError):
        stats.test_statistics([-1.0], [[1.0]])


# --- Score distribution -------------------------------------------------------------------------


def test_score_distribution_bins():
    result = stats.score_distribution([0, 5, 9.99, 10, 55, 89.9, 90, 99.5, 100])
    assert result == [
        (0, 10, 3),  # 0, 5, 9.99
        (10, 20, 1),  # 10 starts the next bin
        (20, 30, 0),
        (30, 40, 0),
        (40, 50, 0),
        (50, 60, 1),
        (60, 70, 0),
        (70, 80, 0),
        (80, 90, 1),  # 89.9
        (90, 100, 3),  # 90, 99.5 and 100: 100 counts in the last bin
    ]


def test_score_distribution_clamps_and_absorbs_float_noise():
    # A learner earned 0.7 + 0.2 + 0.1 = 1 point of 10, i.e. 10 %; in binary floating point
    # 100 * (0.7 + 0.2 + 0.1) / 10 is 9.999999999999998, which must still count as 10 %.
    ten_percent = 100 * (0.7 + 0.2 + 0.1) / 10
    assert ten_percent < 10
    result = stats.score_distribution([-5, 150, ten_percent, 0.3 * 100])
    assert result[0] == (0, 10, 1)  # -5 clamped to 0
    assert result[1] == (10, 20, 1)  # the 10 %
    assert result[3] == (30, 40, 1)  # 0.3 * 100 = 30.000000000000004
    assert result[9] == (90, 100, 1)  # 150 clamped to 100
    assert sum(count for _, _, count in result) == 4


def test_score_distribution_other_bin_counts():
    assert stats.score_distribution([], bins=10) == [(10 * i, 10 * i + 10, 0) for i in range(10)]
    assert stats.score_distribution([0, 24.9, 25, 50, 75, 100], bins=4) == [
        (0, 25, 2),
        (25, 50, 1),
        (50, 75, 1),
        (75, 100, 2),
    ]
    assert stats.score_distribution([50], bins=1) == [(0, 100, 1)]
    with pytest.raises(ValueError):
        stats.score_distribution([50], bins=0)
    with pytest.raises(ValueError):
        stats.score_distribution([math.nan])
