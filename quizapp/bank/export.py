"""A pack as plain JSON-ready data (the format is documented in docs/pack-format.md)."""

from typing import Any

from quizapp.engine import Question, question_type

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
    data.update(question_type(question.type).to_dict(question))
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
        "renderings": {
            language: {
                "language": rendering.language,
                "title": rendering.title,
                "note": rendering.note,
                "paragraphs": dict(rendering.paragraphs),
            }
            for language, rendering in pack.renderings.items()
        },
        "questions": [question_to_dict(q) for q in pack.questions],
    }
