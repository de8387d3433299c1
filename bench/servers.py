"""gunicorn servers for the benchmark, and CPU time read from /proc."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WORKERS = 2
CONFIG = Path(__file__).resolve().parent / "gunicorn_conf.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (field 3 onwards), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def process_cpu(pid: int, with_reaped_children: bool = False) -> float:
    """utime + stime of a process in seconds (plus its waited-for children's, if asked)."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    if with_reaped_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLOCK_TICKS


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def children_of(pid: int) -> list[int]:
    found = []
    for candidate in _all_pids():
        fields = _stat_fields(candidate)
        if fields is not None and int(fields[1]) == pid:
            found.append(candidate)
    return found


def tree_cpu(pid: int) -> float:
    """CPU seconds of a gunicorn master and its workers (live ones, and any that exited)."""
    return process_cpu(pid, with_reaped_children=True) + sum(
        process_cpu(c) for c in children_of(pid)
    )


def postgres_backends_cpu(database: str) -> dict[int, float]:
    """CPU seconds of every PostgreSQL backend connected to `database`, by pid."""
    found = {}
    for pid in _all_pids():
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            found[pid] = process_cpu(pid)
    return found


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, summed over cores (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


@dataclass
class Server:
    """A gunicorn master with WORKERS sync workers serving `app` (a gunicorn app spec)."""

    label: str
    app: str
    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    def start(self) -> None:
        """Launch gunicorn; wait_ready() waits for it (so that two servers can start together)."""
        self.port = self.port or free_port()
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open for the server's lifetime
            prefix=f"bench-{self.label}-", suffix=".log", delete=False
        )
        self.log_path = Path(log.name)
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(CONFIG),
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            self.app,
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=log
        )
        log.close()

    def wait_ready(self, ready_path: str, timeout: float = 60.0) -> None:
        """Wait until all workers run and `ready_path` answers; RuntimeError with the log if not."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label} exited at start:\n{self.log_tail()}")
            if len(children_of(self.process.pid)) >= WORKERS and self._answers(ready_path):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"{self.label} did not answer within {timeout:.0f} s:\n{self.log_tail()}"
        )

    def _answers(self, path: str) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", path)
            return connection.getresponse().status < 500
        except OSError:
            return False
        finally:
            connection.close()

    def cpu(self) -> float:
        assert self.process is not None
        return tree_cpu(self.process.pid)

    def stop(self) -> None:
        """Quick shutdown (SIGINT): the measurements are over, nothing is in flight."""
        self.signal_stop()
        self.wait_stopped()

    def signal_stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def wait_stopped(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def remove_log(self) -> None:
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
