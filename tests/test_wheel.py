"""The wheel carries the data: built by ``python -m build``, installed alone in a new virtual
environment outside the repository, it builds, serves (the UI and every link it reaches),
looks terms up and answers canned queries, and its dependencies hold no test tool."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from smckg.data_files import data_files
from smckg.paths import PROJECT_ROOT

CRAWLER = PROJECT_ROOT.parent / "shared" / "tools" / "crawl.py"
TEST_TOOLS = {"pytest", "selenium", "hypothesis", "schemathesis", "ruff", "matplotlib", "build"}
STARTUP_SECONDS = 90


@dataclass(frozen=True)
class Installed:
    """A virtual environment holding only the wheel, and a folder outside the repository to work in."""

    wheel: Path
    bin: Path
    home: Path

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """A command of the environment, run in ``home`` with only its settings."""
        done = subprocess.run([str(self.bin / args[0]), *args[1:]], cwd=self.home, env=self.env(),
                              capture_output=True, text=True, timeout=timeout, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    def env(self) -> dict[str, str]:
        kept = {k: v for k, v in os.environ.items() if not k.startswith(("SMCKG_", "PYTHON", "VIRTUAL_ENV"))}
        return {**kept, "SMCKG_HOME": str(self.home / "smc-kg"), "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """``python -m build`` of the repository, installed with its dependencies in a new venv."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(root / "wheels"), str(PROJECT_ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next((root / "wheels").glob("smc_kg-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=120)
    subprocess.run([str(root / "venv" / "bin" / "pip"), "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=900)
    home = root / "work"
    home.mkdir()
    return Installed(wheel, root / "venv" / "bin", home)


def test_the_installed_wheel_holds_every_data_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    expected = {f"smckg/data/{path.as_posix()}" for path in data_files(PROJECT_ROOT)}
    assert expected <= names
    assert any(name.endswith("/build/yasqe.min.js") for name in expected)


def test_it_reads_its_data_from_the_package(installed: Installed) -> None:
    code = "import smckg.paths as p; print(p.INSTALLED, p.QUERIES_DIR, p.PROJECT_ROOT)"
    flag, queries, project = installed.run("python", "-c", code).stdout.split()
    assert flag == "True"
    assert Path(queries).is_relative_to(installed.bin.parent) and "site-packages" in queries
    assert Path(project) == installed.home / "smc-kg"


def test_its_dependencies_hold_no_test_tool(installed: Installed) -> None:
    listed = installed.run("pip", "list", "--format=freeze").stdout
    names = {line.split("==")[0].lower() for line in listed.splitlines()}
    assert "smc-kg" in names
    assert names.isdisjoint(TEST_TOOLS), names & TEST_TOOLS


@pytest.fixture(scope="module")
def built_there(installed: Installed) -> Installed:
    done = installed.run("smc-kg", "build")
    assert f"into {installed.home / 'smc-kg' / 'dist'}" in done.stdout
    return installed


def test_lookup(built_there: Installed) -> None:
    assert "Governmental effectiveness" in built_there.run("smc-kg", "lookup", "政府效能", "--lang", "en").stdout


def test_query_by_name(built_there: Installed) -> None:
    done = built_there.run("smc-kg", "query", "cases-by-transition", "--format", "csv")
    assert "Kaifeng" in done.stdout


def test_the_python_api(built_there: Installed) -> None:
    code = "import smckg; print(smckg.query('phases').column('label_en'))"
    assert built_there.run("python", "-c", code).stdout.strip() == "['Phase 1', 'Phase 2', 'Phase 3']"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(built_there: Installed) -> Iterator[str]:
    port = _free_port()
    log = built_there.home / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([str(built_there.bin / "smc-kg"), "serve", "--port", str(port)],
                                   cwd=built_there.home, env=built_there.env(), stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"the installed smc-kg serve is not healthy:\n{log.read_text()[-3000:]}")


def test_the_ui_has_its_editor(served: str) -> None:
    page = requests.get(f"{served}/", timeout=30).text
    assert "/vendor/yasqe.min.js" in page
    script = requests.get(f"{served}/vendor/yasqe.min.js", timeout=30)
    assert script.status_code == 200 and len(script.content) > 100_000


def test_every_link_the_crawler_reaches_works(served: str) -> None:
    done = subprocess.run([sys.executable, str(CRAWLER), served, "--max", "300", "--seconds", "90"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 broken" in done.stdout
