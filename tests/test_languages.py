"""Both languages complete and kept complete: catalogs, pages, packs, numbers and a third language."""

import html
import re
import shutil
from pathlib import Path

import pytest
from apps import QUESTIONS_DIR
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from factories import SEED_PACK, answer_questions, set_teacher_sign_up
from pages import Browser

from quizapp import create_app
from quizapp.bank import check_packs, load_packs
from quizapp.extensions import db

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def catalogs():
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("path", catalogs(), ids=lambda p: p.parent.parent.name)
def test_every_catalog_entry_is_translated_with_the_same_placeholders(path):
    catalog = read_po(path.open("rb"))
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        for string in strings:
            if not string:
                problems.append(f"untranslated: {ids[0]!r}")
            elif sorted(set(PLACEHOLDER.findall(string))) != sorted(
                set(PLACEHOLDER.findall(ids[0]))
            ):
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert problems == []


def test_the_catalog_knows_every_string_of_the_code():
    """The template is up to date: run `make translations` after adding a string."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "fresh.pot"
        subprocess.run(
            [
                str(Path(sys.executable).parent / "pybabel"),
                "-q",
                "extract",
                "-F",
                "babel.cfg",
                "-k",
                "lazy_gettext",
                "-k",
                "_l",
                "-k",
                "ngettext:1,2",
                "-o",
                str(pot),
                ".",
            ],
            check=True,
            cwd=TRANSLATIONS.parent,
        )
        fresh = {
            m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot.open("rb")) if m.id
        }
    german = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in read_po((TRANSLATIONS / "de/LC_MESSAGES/messages.po").open("rb"))
        if m.id
    }
    assert sorted(fresh - german) == []


def english_only_msgids() -> set[str]:
    catalog = read_po((TRANSLATIONS / "de/LC_MESSAGES/messages.po").open("rb"))
    return {
        m.id
        for m in catalog
        if isinstance(m.id, str) and m.string and m.string != m.id and not PLACEHOLDER.search(m.id)
    }


def visible_strings(body: str) -> set[str]:
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    attributes = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', body)
    texts = re.split(r"<[^>]+>", body)
    return {" ".join(html.unescape(t).split()) for t in [*texts, *attributes]} - {""}


def test_german_pages_contain_no_english_interface_text(
    app, teacher, new_learner_browser, seed_pack
):
    english = english_only_msgids()
    set_teacher_sign_up(app, "approval")  # the sign-up form, with its hint, is among the pages
    classroom_id, code = teacher.create_classroom()
    assignment_id = teacher.assign(classroom_id, feedback_mode="immediate")
    ana = new_learner_browser()
    ana.post("/language", {"language": "de", "next": "/"})
    ana.join(code, "Ana")
    attempt_id = ana.start_assignment(assignment_id)
    teacher.post("/language", {"language": "de", "next": "/"})
    with app.app_context():
        from quizapp.models import Attempt

        order = db.session.get(Attempt, attempt_id).question_order
    pages = [(ana, "/"), (ana, f"/attempts/{attempt_id}/questions/1")]
    answer_questions(app, attempt_id, range(1, len(order) + 1))  # answering is not under test
    pages += [(ana, f"/attempts/{attempt_id}/questions/{position}") for position in range(1, 7)]
    pages += [
        (ana, f"/attempts/{attempt_id}/results"),
        (ana, f"/packs/{SEED_PACK}/source"),
        (ana, "/nowhere"),
        (teacher, "/instructor/"),
        (teacher, f"/instructor/classrooms/{classroom_id}"),
        (teacher, f"/instructor/classrooms/{classroom_id}/assignments/new"),
        (teacher, f"/instructor/assignments/{assignment_id}"),
        (teacher, f"/instructor/attempts/{attempt_id}"),
    ]
    anonymous = Browser(app.test_client())
    anonymous.post("/language", {"language": "de", "next": "/"})
    pages += [
        (anonymous, url)
        for url in (
            "/",
            "/join",
            f"/join/{code}",
            "/sign-in",
            "/instructor/sign-in",
            "/instructor/sign-up",
        )
    ]
    for browser, url in pages:
        body = browser.get(url).get_data(as_text=True)
        assert '<html lang="de">' in body, url
        leftovers = visible_strings(body) & english
        assert leftovers == set(), (url, leftovers)


def test_the_seed_pack_is_complete_in_every_language_it_declares():
    assert [p for p in check_packs(QUESTIONS_DIR) if "belarus-ukraine-war" in p] == []
    pack = load_packs(QUESTIONS_DIR)[SEED_PACK]
    assert pack.languages == pack.declared_languages == ("en", "de")


def test_german_pack_texts_follow_the_house_style(seed_pack):
    """du not Sie, „…“ not "…", and names as German media spell them (English ones in English)."""
    problems = []
    for question in seed_pack.questions:
        german = [question.prompt["de"], question.explanation["de"]]
        english = [question.prompt["en"], question.explanation["en"]]
        for text in (
            question.feedback,
            *(o.text for o in question.options),
            *(o.feedback for o in question.options),
            *(i.text for i in question.items),
            *(c.text for c in question.choices),
        ):
            if text:
                german.append(text["de"])
                english.append(text["en"])
        german += [q.translation["de"] for q in question.quotes if "de" in q.translation]
        for text in german:
            if '"' in text:
                problems.append((question.id, "straight quotes", text))
            if re.search(r"(?<![.!?:„] )(?<!^)\b(Sie|Ihnen|Ihr|Ihre|Ihren)\b", text):
                problems.append((question.id, "formal address", text))
            if re.search(r"Lukashenko|Zelenskyy|\bKyiv\b", text):
                problems.append((question.id, "English spelling in German", text))
        for text in english:
            if re.search(r"Lukaschenko|Selenskyj|Tichanowskaja|\bKiew\b", text):
                problems.append((question.id, "German spelling in English", text))
    assert problems == []


def test_an_incompletely_translated_pack_is_offered_in_english_only(tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS_DIR / SEED_PACK, folder / "half-german")
    path = folder / "half-german" / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    first_de_prompt = re.search(r"\n(      de: .*\n)", text)
    path.write_text(text.replace(first_de_prompt.group(1), "", 1), encoding="utf-8")
    missing = check_packs(folder)
    assert len(missing) == 1 and "has no 'de' text" in missing[0]
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "QUESTIONS_DIR": folder,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "PASSWORD_HASH": "scrypt:1024:8:1",
        }
    )
    with app.app_context():
        db.create_all()
    browser = Browser(app.test_client())
    attempt_id = browser.start(pack_slug="half-german")
    page = browser.get(
        f"/attempts/{attempt_id}/questions/1", headers={"Accept-Language": "de"}
    ).get_data(as_text=True)
    assert '<html lang="en">' in page
    switcher = re.search(r'class="language-switcher".*?</form>', page, re.S).group(0)
    assert 'value="de"' not in switcher


def test_numbers_dates_and_percentages_follow_the_language(app, browser, seed_pack):
    position, question = next(
        (i, q)
        for i, q in enumerate(seed_pack.questions, 1)
        if q.type == "numeric" and q.answer >= 1_000_000
    )
    browser.post("/language", {"language": "de", "next": "/"})
    attempt_id = browser.start()
    answer_questions(app, attempt_id, range(1, position))
    assert browser.answer(attempt_id, position, answer="1 Million").status_code == 303
    page = html.unescape(
        browser.get(f"/attempts/{attempt_id}/questions/{position}").get_data(as_text=True)
    )
    # Shown back in the unit, the German way: "Deine Antwort: 1.000.000 Menschen".
    assert "1.000.000 Menschen" in page and "9.200.000 Menschen" in page
    answer_questions(app, attempt_id, range(position + 1, len(seed_pack.questions) + 1))
    results = html.unescape(browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True))
    assert re.search(r"\(\d+\xa0%\)", results)  # "(97 %)" with a no-break space in German
    browser.post("/language", {"language": "en", "next": "/"})
    english = html.unescape(browser.get(f"/attempts/{attempt_id}/results").get_data(as_text=True))
    assert re.search(r"\(\d+%\)", english) and "9,200,000 people" in english


@pytest.mark.parametrize(
    "typed,locale,right",
    [
        ("9,2", "de", False),
        ("9.200.000", "de", True),
        ("9,2 Mio.", "de", True),
        ("9 Millionen", "de", True),
        ("9.2 million", "en", True),
        ("9,200,000", "en", True),
        ("9.2m", "en", True),
    ],
)
def test_numeric_answers_in_the_learners_language(
    app, browser, seed_pack, in_app, typed, locale, right
):
    from quizapp.models import Response

    position, question = next(
        (i, q)
        for i, q in enumerate(seed_pack.questions, 1)
        if q.type == "numeric" and q.answer >= 1_000_000
    )
    browser.post("/language", {"language": locale, "next": "/"})
    attempt_id = browser.start()
    answer_questions(app, attempt_id, range(1, position))
    assert browser.answer(attempt_id, position, answer=typed).status_code == 303
    with in_app():
        stored = db.session.query(Response).filter_by(question_id=question.id).one()
        assert stored.correct is right and stored.given == typed


def test_german_instructor_exports_have_german_headers(teacher):
    teacher.post("/language", {"language": "de", "next": "/"})
    classroom_id, _code = teacher.create_classroom()
    teacher.assign(classroom_id)
    body = teacher.get(f"/instructor/classrooms/{classroom_id}/export?what=responses&format=csv")
    header = body.data.decode("utf-8").lstrip("\ufeff").splitlines()[0]
    # German spreadsheets: semicolons (and decimal commas) by default.
    assert header.startswith("Name;Klasse;Quiz;Versuch;Status;Beendet durch;Fragennummer;Frage-ID")


def test_a_third_language_needs_no_code(tmp_path):
    """A throwaway locale: a catalog and a pack's texts in a temporary folder are enough."""
    translations = tmp_path / "translations"
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="fr")
    catalog.add("Start the quiz", "Commencer le quiz")
    catalog.add("Read the article", "Lire l’article")
    target = translations / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    folder = tmp_path / "questions" / "tiny"
    folder.mkdir(parents=True)
    (folder / "source.yaml").write_text(
        'title: "A tiny article"\npublisher: Example\nattribution: Example\nlanguage: en\n'
        'paragraphs:\n  - id: p1\n    text: "Belarus has about 9.2 million people."\n',
        encoding="utf-8",
    )
    (folder / "questions.yaml").write_text(
        "languages: [en, fr]\ntitle: {en: Tiny, fr: Minuscule}\nquestions:\n"
        "  - id: people\n    type: true_false\n    answer: true\n"
        "    prompt: {en: About 9.2 million people live in Belarus., fr: 'Environ 9,2 millions "
        "de personnes vivent au Bélarus.'}\n"
        "    feedback: {en: It says so., fr: C’est écrit.}\n"
        "    explanation: {en: The article says so., fr: L’article le dit.}\n"
        "    quotes:\n      - paragraph: p1\n        text: about 9.2 million people\n",
        encoding="utf-8",
    )
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "QUESTIONS_DIR": folder.parent,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "BABEL_TRANSLATION_DIRECTORIES": f"{TRANSLATIONS};{translations}",
        }
    )
    assert "fr" in app.config["LANGUAGES"]
    with app.app_context():
        db.create_all()
    browser = Browser(app.test_client())
    home = browser.get("/", headers={"Accept-Language": "fr-FR,fr"}).get_data(as_text=True)
    assert '<html lang="fr">' in home
    assert "Commencer le quiz" in home and "Minuscule" in home
    assert 'value="fr"' in home  # offered in the switcher
    attempt_id = browser.start(pack_slug="tiny")
    page = html.unescape(
        browser.get(
            f"/attempts/{attempt_id}/questions/1", headers={"Accept-Language": "fr"}
        ).get_data(as_text=True)
    )
    assert "Environ 9,2 millions de personnes" in page
    assert "Lire l’article" in page
