"""A pack as plain JSON-ready data (the format is documented in docs/pack-format.md)."""

from typing import Any

from quizapp.engine import Question

from .pack import Pack


def question_to_dict(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "points": question.points,
        "prompt": dict(question.prompt),
        "explanation": dict(question.explanation),
        "quotes": [
            {"paragraph": q.paragraph, "text": q.text, "translation": dict(q.translation)}
            for q in question.quotes
        ],
    }
    if question.feedback:
        data["feedback"] = dict(question.feedback)
    if question.type in ("single_choice", "multiple_response"):
        data["options"] = [
            {
                "id": o.id,
                "text": dict(o.text),
                "correct": o.correct,
                **({"feedback": dict(o.feedback)} if o.feedback else {}),
            }
            for o in question.options
        ]
        correct = [o.id for o in question.options if o.correct]
        data["answer"] = correct[0] if question.type == "single_choice" else correct
    elif question.type == "true_false":
        data["answer"] = question.answer
    elif question.type == "numeric":
        data["answer"] = question.answer
        data["tolerance"] = question.tolerance
        if question.unit:
            data["unit"] = dict(question.unit)
    elif question.type == "short_text":
        data["accepted"] = {lang: list(v) for lang, v in question.accepted.items()}
        data["answer"] = next(iter(question.accepted.values()))[0]
    elif question.type == "matching":
        data["items"] = [
            {"id": i.id, "text": dict(i.text), "match": i.match} for i in question.items
        ]
        data["choices"] = [{"id": c.id, "text": dict(c.text)} for c in question.choices]
        data["answer"] = {i.id: i.match for i in question.items}
    return data


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    source = pack.source
    return {
        "id": pack.id,
        "title": dict(pack.title),
        "languages": list(pack.languages),
        "source": {
            "title": source.title,
            "publisher": source.publisher,
            "attribution": source.attribution,
            "date": source.date.isoformat() if source.date else None,
            "language": source.language,
            "url": source.url,
            "paragraphs": [
                {"id": p.id, "text": p.text, **({"kind": p.kind} if p.kind != "paragraph" else {})}
                for p in source.paragraphs
            ],
        },
        "questions": [question_to_dict(q) for q in pack.questions],
    }
