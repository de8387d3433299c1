"""Load tests: many learners at once through gunicorn, on SQLite and PostgreSQL (marker: load)."""
