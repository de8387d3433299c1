"""CSV exports stay inert whichever separator a spreadsheet splits them on (issue 16, point 4):
German and French Excel split on ";", others on "," or tabs, whatever the file was written with."""

import csv
import io

from answers import right_form
from factories import SEED_PACK
from security_world import assert_inert_cell

from quizapp.extensions import db
from quizapp.models import Learner

# What each name reads as in the file: whole, with a "'" before a formula start after a separator.
NAMES = {
    "Mia X;=1+1": "Mia X;'=1+1",
    "Ben Y,=2+2": "Ben Y,'=2+2",
    'Cleo Z"=3+3': 'Cleo Z"=3+3',
    "Dan ;-4+4": "Dan ;'-4+4",
    "Eve , @SUM(A1)": "Eve , '@SUM(A1)",
}
STORED = ["Tab\t=5+5", "Line\n=6+6", "Return\r+7+7"]  # put in the database directly
ANSWERS = {
    ';=HYPERLINK("http://evil.example")': ';\'=HYPERLINK("http://evil.example")',
    ",=1+1": ",'=1+1",
    "x\t=1+1": "x =1+1",  # a short answer's spaces and tabs fold to one space when read
}
SPLITS = (",", ";", "\t")


def test_no_cell_becomes_a_formula_whichever_separator_splits_the_file(
    app, teacher, new_learner_browser, in_app
):
    seed = app.extensions["quizapp.packs"][SEED_PACK]
    short_text = next(i for i, q in enumerate(seed.questions) if q.type == "short_text")
    classroom_id, code = teacher.create_classroom("9b;=1+1")
    assignment_id = teacher.assign(classroom_id)
    for number, name in enumerate(NAMES):
        learner = new_learner_browser()
        assert learner.join(code, name).status_code == 303
        attempt_id = learner.start_assignment(assignment_id)
        for position, question in enumerate(seed.questions[:short_text], start=1):
            learner.answer(attempt_id, position, **right_form(question))
        typed = list(ANSWERS)[number % len(ANSWERS)]
        assert learner.answer(attempt_id, short_text + 1, answer=typed).status_code == 303
    with in_app():
        classroom = db.session.get(Learner, 1).classroom
        for name in STORED:
            db.session.add(Learner(display_name=name, name_key=name.lower(), classroom=classroom))
        db.session.commit()

    for what in ("scores", "responses"):
        for delimiter in ("comma", "semicolon"):
            url = f"/instructor/classrooms/{classroom_id}/export?what={what}&format=csv&delimiter={delimiter}"
            response = teacher.get(url)
            assert response.status_code == 200
            text = response.get_data(as_text=True).removeprefix("\ufeff")
            for split in SPLITS:  # a spreadsheet honours the quotes, whatever it splits on
                for row in csv.reader(io.StringIO(text, newline=""), delimiter=split):
                    for cell in row:
                        where = f"{what} {delimiter} export split on {split!r}"
                        assert_inert_cell(cell, where)
                        assert_inert_cell(cell.lstrip(" "), where)
            # Read with its own delimiter, every text is there whole.
            own = "," if delimiter == "comma" else ";"
            cells = {
                c for row in csv.reader(io.StringIO(text, newline=""), delimiter=own) for c in row
            }
            for name, written in NAMES.items():
                assert written in cells, (name, what, delimiter)
            if what == "responses":
                for typed, written in ANSWERS.items():
                    assert written in cells, (typed, delimiter)
