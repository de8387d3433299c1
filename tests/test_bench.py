"""The benchmark still runs: `python -m bench` at its smallest prints its RESULT line, nothing lost."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # starts gunicorn; the benchmark picks its own databases

ROOT = Path(__file__).resolve().parent.parent
RESULT = re.compile(
    r"RESULT cpu_per_request_ratio=\d+\.\d\d throughput_ratio=\d+\.\d\d "
    r"p95_answer_ms=\d+\.\d\d lost=(\d+) export_csv_s=\d+\.\d\d export_csv_peak_mb=\d+\.\d\d "
    r"export_xlsx_s=\d+\.\d\d dashboard_ms=\d+\.\d\d results_cpu_ratio=\d+\.\d\d "
    r"later_questions_ratio=\d+\.\d\d bare_cpu_ratio=\d+\.\d\d bare_results_cpu_ratio=\d+\.\d\d"
)


def test_a_small_benchmark_run_ends_with_the_result_line_and_loses_nothing():
    command = [sys.executable, "-m", "bench", "--learners", "3", "--databases", "sqlite"]
    command += ["--rounds", "1", "--phases", "class,reading", "--think", "0.01", "--clients", "2"]
    command += ["--export-rows", "2000"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    output = done.stdout + done.stderr
    last_line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    found = RESULT.fullmatch(last_line)
    assert found, output[-4000:]
    assert found.group(1) == "0", output[-4000:]
    assert done.returncode == 0, output[-4000:]
    assert "app/base" in done.stdout and "app/bare" in done.stdout and "xlsx" in done.stdout
    assert "Server CPU per request by kind" in done.stdout
