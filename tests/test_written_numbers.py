"""Numbers, dates and durations as people write them, in English and German."""

import datetime as dt

import pytest
from flask_babel import force_locale

from quizapp.charts import bar_chart_svg
from quizapp.views import date_time, duration, number


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    ("seconds", "english", "german"),
    [
        (2199, "36 min 39 s", "36 Min. 39 Sek."),
        (45, "45 s", "45 Sek."),
        (3900, "1 h 5 min", "1 Std. 5 Min."),
    ],
)
def test_durations_have_units(request_context, seconds, english, german):
    assert duration(dt.timedelta(seconds=seconds)) == english
    with force_locale("de"):
        assert duration(seconds) == german


def test_dates_and_times_have_no_seconds_and_german_says_uhr(request_context):
    moment = dt.datetime(2026, 12, 1, 7, 43, 16)  # UTC; the app's zone is Europe/Berlin
    english = date_time(moment)
    assert "8:43" in english and "16" not in english.split("8:43")[1]
    with force_locale("de"):
        german = date_time(moment)
    assert german.endswith("08:43 Uhr") and ":16" not in german


def test_scores_have_at_most_two_decimals_and_no_trailing_zeros(request_context):
    assert number(9.1666) == "9.17" and number(9.5) == "9.5" and number(36.0) == "36"
    with force_locale("de"):
        assert number(9.1666) == "9,17"


def test_a_year_in_a_numeric_question_is_never_grouped(request_context, seed_pack):
    from quizapp.views import describe_answer, describe_correct

    question = seed_pack.question("equipment-since")
    assert describe_correct(question) == "2023"
    with force_locale("de"):
        assert describe_answer(question, 2022.0) == "2022"


def test_a_chart_of_counts_ticks_whole_numbers_in_the_page_locale(request_context):
    svg = bar_chart_svg(
        title="t",
        description="d",
        labels=["a", "b"],
        values=[1, 2],
        max_value=2,
        value_labels=["1", "2"],
        x_label="x",
        y_label="y",
        chart_id="c",
        whole_numbers=True,
        number_format=number,
    )
    ticks = [part.split("<")[0] for part in svg.split('class="tick"')[1:]]
    ticks = [t.split(">")[1] for t in ticks]
    assert ticks == ["0", "1", "2", "3", "4", "5"]
