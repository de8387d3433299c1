"""Form data a learner sends to answer a question rightly or wrongly: each type makes its own."""

from quizapp.engine import Question, question_type


def right_form(question: Question) -> dict:
    return question_type(question.type).sample_form(question, right=True)


def wrong_form(question: Question) -> dict:
    return question_type(question.type).sample_form(question, right=False)
