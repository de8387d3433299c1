"""A gunicorn worker killed with SIGKILL in the middle of a request, under load, on SQLite and
PostgreSQL: no answer acknowledged to a learner is lost, and the learners whose request died
reload their attempt and finish it."""

import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from load.ledger import answer_book, check_stored
from load.loadsite import PIN, SEED_PACK, WORKERS, seed_classroom
from load.swarm import Plan, Swarm, Task

pytestmark = pytest.mark.load

LEARNERS = 80  # each answers every question of the seed pack, finishing the attempt
DEADLINE = 240  # seconds for the whole run (under half a minute on an idle machine): then it stops
KILLS = 5  # at most: a worker that finished its request just before the signal loses none


def wait_for(condition, seconds: float, interval: float = 0.01):
    """The first truthy value of condition() within `seconds`, else None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


def test_a_worker_killed_mid_request_loses_no_acknowledged_answer(load_app, gunicorn):
    classroom = seed_classroom(load_app, LEARNERS)
    pack = load_app.extensions["quizapp.packs"][SEED_PACK]
    questions = len(pack.questions)
    tasks = [Task(name, questions, seed=n) for n, name in enumerate(classroom.learner_names)]
    plan = Plan(
        base_url=gunicorn.base_url,
        join_code=classroom.join_code,
        assignment_id=classroom.assignment_id,
        pin=PIN,
        book=answer_book(pack),
        deadline=time.time() + DEADLINE,
        lost_answer="resume",  # a learner whose request died reloads the attempt and goes on
    )
    swarm = Swarm(plan, tasks, processes=4, threads=LEARNERS // 4)
    workers_before = gunicorn.worker_pids()

    started = time.monotonic()
    swarm.start()
    try:
        # A sixth of the way in: the load left must outlast up to KILLS tries (the app answers
        # 80 learners' whole quiz in about ten seconds on an idle machine).
        sixth = LEARNERS * questions // 6
        in_full_swing = wait_for(lambda: swarm.acknowledged.value >= sixth, DEADLINE / 2)
        assert in_full_swing, "the learners did not get a sixth of the way"
        killed = []
        for _ in range(KILLS):
            victim = wait_for(lambda: min(gunicorn.busy_workers(), default=None), 10)
            assert victim, "no worker was serving a request"
            lost_before = swarm.lost.value
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)
            # A request that dies with its worker is noticed at once (its connection is reset):
            # waiting longer for one only lets the load run out before the next try.
            if wait_for(lambda before=lost_before: swarm.lost.value > before, 2):
                break
        acknowledged_at_kill = swarm.acknowledged.value

        def replacements() -> set[int] | None:
            workers = gunicorn.worker_pids()
            return workers if len(workers) == WORKERS and not workers & set(killed) else None

        replaced = wait_for(replacements, 30)
    except BaseException:
        swarm.stop()
        raise
    outcomes = swarm.wait()
    seconds = time.monotonic() - started

    # The kill happened: the killed workers are gone, the master started new ones in their place.
    assert replaced, f"the master did not replace {killed}: {gunicorn.worker_pids()}"
    assert replaced - workers_before, "no new worker process"
    assert not any(Path(f"/proc/{pid}").exists() for pid in killed)
    assert "SIGKILL" in gunicorn.log()
    # A request was in flight in the killed worker: some learner's request died with it.
    affected = [o for o in outcomes if o.lost]
    assert affected, "no learner had a request in flight in the killed worker"
    assert acknowledged_at_kill < LEARNERS * questions, "the kill came after the load"

    assert len(outcomes) == LEARNERS, f"only {len(outcomes)} learners came back in time"
    failed = [f"{o.name}: {o.error}" for o in outcomes if not o.done]
    progress = f"{swarm.acknowledged.value} answers acknowledged in {seconds:.0f} s"
    assert failed == [], "\n".join([progress, *failed[:20], gunicorn.log()[-5000:]])
    statuses = sum((o.statuses for o in outcomes), Counter())
    assert set(statuses) <= {200, 302, 303}, statuses
    assert "Traceback" not in gunicorn.log(), gunicorn.log()[-5000:]

    ledger = check_stored(load_app, outcomes, pack)
    # Every learner finished, the affected ones included, with every question answered once.
    assert ledger.finished == LEARNERS
    assert ledger.stored == LEARNERS * questions
    assert all(ledger.attempts[o.name].finished for o in affected)
    # Those whose question page or answer died reloaded the attempt and went on from there.
    assert all(o.resumed for o in affected if any(" /attempts/" in lost for lost in o.lost))

    requests = sum(statuses.values())
    print(
        f"\n{load_app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}: {LEARNERS} learners, "
        f"{ledger.stored} answers ({ledger.acknowledged} acknowledged), {requests} requests "
        f"in {seconds:.1f} s: {requests / seconds:.0f} requests/s; killed {killed}, "
        f"{len(affected)} learners lost a request: {[lost for o in affected for lost in o.lost]}"
    )
