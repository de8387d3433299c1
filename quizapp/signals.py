"""The attempt's lifecycle as blinker signals (Flask's own pattern): integrations and caches
listen instead of being called from the attempt code.

Each is sent with the app as sender and the objects as keyword arguments, inside the request or
command that caused it:
- attempt_started(app, attempt): a learner began an attempt (committed).
- answer_recorded(app, attempt, question, response): an answer was stored or changed; sent in
  the transaction the caller then commits (what a listener stores goes in with the answer).
- attempt_finished(app, attempt, reason): submitted, out of time or closed; sent as it is marked
  finished, in the transaction the caller commits.
- score_changed(app, attempt, old_score, new_score): a regrade (moving an assignment to a newer
  version of its pack) recomputed the attempt's points (committed).
"""

from blinker import Namespace

quiz_signals = Namespace()

attempt_started = quiz_signals.signal("attempt-started")
answer_recorded = quiz_signals.signal("answer-recorded")
attempt_finished = quiz_signals.signal("attempt-finished")
score_changed = quiz_signals.signal("score-changed")
