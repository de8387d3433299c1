"""Browser tests: Chromium through Playwright against a real server (see conftest.py)."""
