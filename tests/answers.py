"""Form data a learner sends to answer a question rightly or wrongly, for any question type."""

from quizapp.engine import Question


def plain_number(value: float) -> str:
    """Digits that read the same in every language: no grouping, and whole numbers without decimals."""
    return f"{value:.0f}" if float(value).is_integer() else repr(value)


def right_form(question: Question) -> dict:
    if question.type == "single_choice":
        return {"answer": next(o.id for o in question.options if o.correct)}
    if question.type == "multiple_response":
        return {"answer": [o.id for o in question.options if o.correct]}
    if question.type == "true_false":
        return {"answer": "true" if question.answer else "false"}
    if question.type == "numeric":
        return {"answer": plain_number(question.answer)}
    if question.type == "short_text":
        return {"answer": next(iter(question.accepted.values()))[0]}
    return {f"match-{item.id}": item.match for item in question.items}


def wrong_form(question: Question) -> dict:
    if question.type in ("single_choice", "multiple_response"):
        return {"answer": next(o.id for o in question.options if not o.correct)}
    if question.type == "true_false":
        return {"answer": "false" if question.answer else "true"}
    if question.type == "numeric":
        return {"answer": plain_number(question.answer + question.tolerance + 1000)}
    if question.type == "short_text":
        return {"answer": "certainly not this"}
    wrong = {
        item.id: next(c.id for c in question.choices if c.id != item.match)
        for item in question.items
    }
    return {f"match-{item_id}": choice_id for item_id, choice_id in wrong.items()}
