"""Packs live in the database: importing folders and zips, exporting folders, and every app server
on one database serving the same packs at once."""

import json
import shutil
import zipfile

import pytest
from apps import QUESTIONS_DIR, database_url
from factories import SEED_PACK
from pages import Browser

from quizapp import create_app
from quizapp.bank import load_packs
from quizapp.bank.loader import read_pack_data
from quizapp.cli import questions_cli
from quizapp.extensions import db
from quizapp.models import PackVersion, StoredPack
from quizapp.packs import library_packs, pack_data, published_pack


def invoke(app, *args):
    return app.test_cli_runner().invoke(questions_cli, [str(a) for a in args])


def versions(app, slug=SEED_PACK) -> int:
    with app.app_context():
        stored = db.session.scalar(db.select(StoredPack).filter_by(slug=slug))
        return len(stored.versions) if stored else 0


@pytest.fixture
def seed_copy(tmp_path):
    folder = tmp_path / "packs" / SEED_PACK
    shutil.copytree(QUESTIONS_DIR / SEED_PACK, folder)
    return folder


def retitle(folder, title):
    path = folder / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("en: Belarus and the war in Ukraine", f"en: {title}", 1), encoding="utf-8"
    )


def test_the_seed_pack_is_served_from_the_database_as_read_from_its_folder(app):
    folder_pack = load_packs(QUESTIONS_DIR)[SEED_PACK]
    with app.app_context():
        pack = published_pack(SEED_PACK)
        assert pack.questions == folder_pack.questions
        assert pack.source == folder_pack.source
        assert list(library_packs()) == [SEED_PACK]
        stored = db.session.scalar(db.select(StoredPack).filter_by(slug=SEED_PACK))
        assert stored.owner_id is None  # a library pack
        assert [v.number for v in stored.versions] == [1]


def test_importing_the_same_folder_again_changes_nothing(app):
    first = invoke(app, "import", QUESTIONS_DIR)
    assert first.exit_code == 0, first.output
    again = invoke(app, "import", QUESTIONS_DIR / SEED_PACK)
    assert again.exit_code == 0, again.output
    assert f"{SEED_PACK} is unchanged." in again.output
    assert versions(app) == 1


def test_a_changed_folder_becomes_the_newest_version(app, seed_copy):
    assert versions(app) == 0  # nothing asked for a pack yet
    with app.app_context():
        assert published_pack(SEED_PACK).title["en"] == "Belarus and the war in Ukraine"
    retitle(seed_copy, "Belarus, a close friend")
    result = invoke(app, "import", seed_copy)
    assert result.exit_code == 0, result.output
    assert f"Imported {SEED_PACK} as a new version." in result.output
    assert versions(app) == 2
    with app.app_context():
        assert published_pack(SEED_PACK).title["en"] == "Belarus, a close friend"


def test_a_zip_of_a_pack_folder_imports(app, seed_copy, tmp_path):
    retitle(seed_copy, "Zipped")
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in seed_copy.iterdir():
            zipped.write(path, f"{SEED_PACK}/{path.name}")
    result = invoke(app, "import", archive)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert published_pack(SEED_PACK).title["en"] == "Zipped"


def test_a_zip_reaching_outside_its_folder_is_refused(app, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("../source.yaml", "title: x\n")
    result = invoke(app, "import", archive)
    assert result.exit_code == 1
    assert "the .zip holds files outside a pack" in result.output
    assert versions(app) <= 1


def test_an_invalid_folder_is_refused_with_its_problems_and_nothing_stored(app, seed_copy):
    path = seed_copy / "questions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("type: true_false", "type: truefalse", 1),
        encoding="utf-8",
    )
    before = versions(app)
    result = invoke(app, "import", seed_copy)
    assert result.exit_code == 1
    assert (
        "questions.yaml:" in result.output and "unknown question type 'truefalse'" in result.output
    )
    assert versions(app) == before


def test_a_yaml_export_passes_the_check_and_imports_again_to_the_same_pack(app, tmp_path):
    out = tmp_path / "out"
    exported = invoke(app, "export", SEED_PACK, "--format", "yaml", "-o", out)
    assert exported.exit_code == 0, exported.output
    checked = invoke(app, "check", out / SEED_PACK)
    assert checked.exit_code == 0, checked.output
    assert "1 pack, 38 questions: all valid." in checked.output
    assert invoke(app, "check", out).exit_code == 0
    again = invoke(app, "import", out / SEED_PACK)
    assert f"{SEED_PACK} is unchanged." in again.output
    assert versions(app) == 1


def test_the_json_export_reads_back_as_the_same_pack():
    pack = load_packs(QUESTIONS_DIR)[SEED_PACK]
    runner_output = (
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "QUESTIONS_DIR": QUESTIONS_DIR})
        .test_cli_runner()
        .invoke(questions_cli, ["--dir", str(QUESTIONS_DIR), "export", SEED_PACK])
        .output
    )
    again, problems, missing = read_pack_data(json.loads(runner_output))
    assert (problems, missing) == ([], [])
    assert again.questions == pack.questions and again.source == pack.source


def test_the_data_reader_names_the_field_of_each_problem_in_the_checkers_words():
    data = pack_data(load_packs(QUESTIONS_DIR)[SEED_PACK])
    data["questions"][1]["quotes"][0]["text"] = "Belarus is a large nation"
    data["questions"][0]["prompt"]["de"] = ""
    pack, problems, missing = read_pack_data(data)
    assert pack is None
    field, message = problems[0]
    assert field == "questions.1.quotes.0.text"
    assert message.startswith("quote is not in the source; closest passage (p1):")
    assert missing == [
        ("questions.0.prompt.de", "prompt of question 'population' has no 'de' text")
    ]


@pytest.fixture
def two_servers(tmp_path):
    """Two app instances, as on two servers, on one database (TEST_DATABASE_URL or SQLite)."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "QUESTIONS_DIR": QUESTIONS_DIR,
        "PASSWORD_HASH": "scrypt:1024:8:1",
    }
    first, second = create_app(settings), create_app(settings)
    with first.app_context():
        db.drop_all()
        db.create_all()
    yield first, second
    for app in (first, second):
        with app.app_context():
            db.session.remove()
            if app is first:
                db.drop_all()
            db.engine.dispose()


def test_a_pack_changed_through_one_server_is_served_by_the_other_at_once(two_servers, seed_copy):
    first, second = two_servers
    learner = Browser(second.test_client())
    assert "Belarus and the war in Ukraine" in learner.get("/").get_data(as_text=True)
    retitle(seed_copy, "Belarus, Russia’s last close friend")
    assert invoke(first, "import", seed_copy).exit_code == 0
    page = learner.get("/").get_data(as_text=True)
    assert "Belarus, Russia’s last close friend" in page
    attempt_id = learner.start()
    question = learner.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert "Belarus, Russia’s last close friend" in question
    with second.app_context():
        assert db.session.scalar(db.select(db.func.count(PackVersion.id))) == 2
