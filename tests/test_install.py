"""German from any install: the README's production steps, without make, in a fresh virtualenv."""

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
from apps import free_port
from babel.support import Translations

from quizapp.catalogs import compiled_catalog_folders

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def tracked_files_copy(target: Path) -> Path:
    """The project's files as a fresh clone has them (and new ones not yet committed): no .mo."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            (target / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name.decode())
    assert not list(target.glob("translations/*/LC_MESSAGES/*.mo"))
    return target


def test_pip_install_then_gunicorn_serves_german(tmp_path):
    clone = tracked_files_copy(tmp_path / "quizapp")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies come from this test's environment (no network), quizapp from the clone.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + ["-e", ".[production,postgres]"],
        cwd=clone,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'quizapp.db'}",
        "SECRET_KEY": "install-test",
        "QUIZAPP_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    env.pop("QUIZAPP_QUESTIONS_DIR", None)
    upgrade = subprocess.run(
        [str(python), "-m", "flask", "--app", "quizapp", "db", "upgrade"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
    )
    assert upgrade.returncode == 0, upgrade.stderr
    server = subprocess.Popen(
        [str(python), "-m", "gunicorn", "quizapp:create_app()"],
        cwd=clone,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/", server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert '<html lang="de"' in page
    assert "Anmelden" in page or "Deutsch" in page
    assert list(clone.glob("translations/de/LC_MESSAGES/messages.mo"))


def _get_when_up(url: str, server: subprocess.Popen) -> str:
    """The page once the server answers (it loads the packs first), at most 60 s."""
    request = urllib.request.Request(url, headers={"Accept-Language": "de"})
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.read().decode()
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_an_outdated_catalog_is_compiled_again_at_start(tmp_path):
    folder = tmp_path / "translations"
    po = folder / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    shutil.copy(ROOT / "translations" / "de" / "LC_MESSAGES" / "messages.po", po)
    mo = po.with_suffix(".mo")
    mo.write_bytes(b"stale")
    os.utime(mo, (po.stat().st_mtime - 60,) * 2)
    assert compiled_catalog_folders([folder], tmp_path / "instance") == [folder]
    assert mo.stat().st_size > 1000
    with mo.open("rb") as handle:
        assert "Anmelden" in Translations(handle).gettext("Sign in")
