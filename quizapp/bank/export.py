"""A pack as plain JSON-ready data (the format is documented in docs/pack-format.md)."""

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from quizapp.engine import Question, question_type

from .loader import without_derived_answers
from .pack import Pack, Paragraph


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


def paragraph_to_dict(paragraph: Paragraph) -> dict[str, str]:
    """A source paragraph as the pack format writes it: `kind` and `original` only when they
    say something (a heading or caption; a text the teacher changed)."""
    data = {"id": paragraph.id, "text": paragraph.text}
    if paragraph.kind != "paragraph":
        data["kind"] = paragraph.kind
    if paragraph.changed:
        data["original"] = paragraph.original
    return data


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    source = pack.source
    return {
        "id": pack.id,
        "title": dict(pack.title),
        "languages": list(pack.declared_languages),
        "source": {
            "title": source.title,
            "publisher": source.publisher,
            "attribution": source.attribution,
            "date": source.date.isoformat() if source.date else None,
            "language": source.language,
            "url": source.url,
            "paragraphs": [paragraph_to_dict(p) for p in source.paragraphs],
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


def write_pack_folder(data: dict[str, Any], folder: Path) -> Path:
    """Write a pack's JSON data as a pack folder (source.yaml, questions.yaml) that `questions
    check` accepts and `questions import` reads back to the same pack."""
    source = dict(data["source"])
    if isinstance(source.get("date"), str):
        source["date"] = dt.date.fromisoformat(source["date"])
    if source.get("url") is None:
        source.pop("url", None)
    questions = []
    for question in without_derived_answers(data)["questions"]:
        question = dict(question)
        question["quotes"] = [
            {k: v for k, v in quote.items() if k != "translation" or v}
            for quote in question.get("quotes", [])
        ]
        questions.append(question)
    documents = {
        "source.yaml": source,
        "questions.yaml": {
            "languages": data["languages"],
            "title": data["title"],
            "questions": questions,
        },
    }
    for language, rendering in (data.get("renderings") or {}).items():
        documents[f"rendering.{language}.yaml"] = rendering
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in documents.items():
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
        (folder / name).write_text(text, encoding="utf-8")
    return folder
