"""Every command and example of the README runs: here, or in the place named for it.

The ``sh`` blocks' ``curl`` commands are sent to the session's live server, their
``smc-kg`` commands run on the session's build, and the ``python`` block runs as a doctest.
A ``make`` target or install command that cannot run inside a test is listed in
``ELSEWHERE`` with the file that runs it and the text it runs it by.
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from smckg.paths import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
README_BASE = "http://127.0.0.1:8000"
#: Commands run by CI or another test, with the file that runs them and what it runs.
ELSEWHERE = {
    "make serve": (".ci/run", "setsid make serve"),
    "make wheel": ("tests/test_wheel.py", '"-m", "build"'),
    "pip install wheelhouse/smc_kg-*.whl": ("tests/test_wheel.py", '"pip"), "install"'),
    "smc-kg serve --port 8000": ("tests/test_wheel.py", '"serve", "--port"'),
}


def blocks(language: str) -> list[str]:
    """The README's code blocks in ``language``."""
    return [body for lang, body in BLOCK.findall(README) if lang == language]


def commands() -> list[str]:
    """Each command of the ``sh`` blocks, without its comment, continued lines joined."""
    found = []
    for body in blocks("sh"):
        for line in body.replace("\\\n", " ").splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command:
                found.append(command)
    return found


def test_every_command_is_exercised() -> None:
    for command in commands():
        if command.split()[0] in {"curl", "smc-kg"} and command not in ELSEWHERE:
            continue
        assert command in ELSEWHERE, f"{command!r} is run by no test"
        where, text = ELSEWHERE[command]
        assert text in (PROJECT_ROOT / where).read_text(encoding="utf-8"), (command, where)


def test_make_wheel_is_what_the_wheel_test_runs() -> None:
    done = subprocess.run(["make", "-n", "wheel"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          check=True, timeout=60)
    assert "-m build --outdir wheelhouse" in done.stdout


@pytest.mark.parametrize("command", [c for c in commands() if c.startswith("curl ")])
def test_curl_examples(command: str, live_server: str, tmp_path: Path) -> None:
    assert README_BASE in command
    words = shlex.split(command.replace(README_BASE, live_server))
    done = subprocess.run([words[0], "-fsS", *words[1:]], cwd=tmp_path, capture_output=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout or any(path.stat().st_size for path in tmp_path.iterdir())


@pytest.mark.parametrize("command", [c for c in commands() if c.startswith("smc-kg ") and c not in ELSEWHERE])
def test_cli_examples(command: str, built: Path) -> None:
    words = shlex.split(command)
    program = str(Path(sys.executable).with_name("smc-kg"))
    done = subprocess.run([program, *words[1:], "--out", str(built)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_the_python_example(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMCKG_OUT_DIR", str(built))
    (example,) = blocks("python")
    test = doctest.DocTestParser().get_doctest(example, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner()
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0 and runner.tries >= 4, "".join(report)
