"""The bare baseline (bench/bare.py) answers the load generator's whole flow and keeps every
answer it acknowledges, as the heavier baseline does: its ratio means the same work."""

import random

from bench import bare, baseline, databases, profiling
from bench.load import Plan, Tally, join_class, take_quiz


def test_the_bare_baseline_serves_the_whole_quiz_and_loses_no_answer(tmp_path):
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    baseline.create_schema(url)
    app = bare.create_app(url)
    tally = Tally()
    client = profiling.TestClientSession(app.test_client(), tally)
    plan = Plan("", 0, "BARE1", ("bare learner",))
    rng = random.Random(29)
    assignment_id, token = join_class(client, plan, "bare learner", rng)
    take_quiz(client, plan, assignment_id, token, rng, tally)
    assert not tally.errors
    assert tally.finished_learners == 1
    total = len(tally.latencies["page"])
    assert total == len(tally.latencies["answer"]) > 30  # every question of the seed pack
    stored = databases.stored_answers(url, baseline.responses.name, sorted(tally.acknowledged))
    assert databases.lost_answers(tally.acknowledged, stored) == 0
    assert sum(stored.values()) == total
