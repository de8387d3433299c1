"""The benchmark: quizapp under gunicorn against a minimal Flask baseline (`make bench`).

See docs/benchmarks.md for what it measures and the latest results.
"""
