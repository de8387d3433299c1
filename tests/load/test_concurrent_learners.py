"""200 learners answer at the same time through gunicorn with 4 workers, on SQLite and PostgreSQL:
every answer the server acknowledged is stored exactly once, every score adds up, no 5xx."""

import time
from collections import Counter

import pytest

from load.ledger import answer_book, check_stored
from load.loadsite import PIN, SEED_PACK, seed_classroom
from load.swarm import Plan, Swarm, Task

pytestmark = pytest.mark.load

LEARNERS = 200
ANSWERS = 12  # of the seed pack's 36 questions (a third: the 200 at once are the load)
FINISHING = 4  # every 4th learner answers all 36 and so finishes the attempt
DEADLINE = 420  # seconds for the whole run (about a minute on an idle machine): then it stops


def test_every_acknowledged_answer_is_stored_once_under_load(load_app, gunicorn):
    classroom = seed_classroom(load_app, LEARNERS)
    pack = load_app.extensions["quizapp.packs"][SEED_PACK]
    tasks = [
        Task(name, len(pack.questions) if number % FINISHING == 0 else ANSWERS, seed=number)
        for number, name in enumerate(classroom.learner_names)
    ]
    plan = Plan(
        base_url=gunicorn.base_url,
        join_code=classroom.join_code,
        assignment_id=classroom.assignment_id,
        pin=PIN,
        book=answer_book(pack),
        deadline=time.time() + DEADLINE,
        lost_answer="retry",
        double_click=True,
    )
    swarm = Swarm(plan, tasks, processes=4, threads=LEARNERS // 4)

    started = time.monotonic()
    swarm.start()
    outcomes = swarm.wait()
    seconds = time.monotonic() - started

    assert len(outcomes) == LEARNERS, f"only {len(outcomes)} learners came back in time"
    failed = [f"{o.name}: {o.error}" for o in outcomes if not o.done]
    progress = f"{swarm.acknowledged.value} answers acknowledged in {seconds:.0f} s"
    assert failed == [], "\n".join([progress, *failed[:20], gunicorn.log()[-5000:]])
    statuses = sum((o.statuses for o in outcomes), Counter())
    assert set(statuses) <= {200, 302, 303}, statuses
    assert [lost for o in outcomes for lost in o.lost] == []
    assert "Traceback" not in gunicorn.log(), gunicorn.log()[-5000:]

    ledger = check_stored(load_app, outcomes, pack)
    expected = sum(task.answers for task in tasks)
    assert ledger.acknowledged == ledger.stored == expected
    assert ledger.finished == len([t for t in tasks if t.answers == len(pack.questions)])

    requests = sum(statuses.values())
    print(
        f"\n{load_app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}: {LEARNERS} learners, "
        f"{ledger.stored} answers, {requests} requests in {seconds:.1f} s: "
        f"{requests / seconds:.0f} requests/s, {ledger.stored / seconds:.0f} answers/s"
    )
