"""Setup by purpose: what `make serve` installs is what serving needs, nothing of the tests or bench.

The serve path is read from make itself (``make -n -B serve``: every command the target
would run from scratch), the system packages from ``scripts/system-packages/*.list`` and the
Python ones from ``pyproject.toml``.  The wheel test (``test_wheel.py``) shows the other
half: the package's own dependencies, installed alone, hold no test tool.
"""

from __future__ import annotations

import re
import subprocess
import tomllib

import pytest

from smckg.paths import PROJECT_ROOT

LISTS = PROJECT_ROOT / "scripts" / "system-packages"
#: Python packages only the tests or the bench use.
TEST_ONLY_PYTHON = {"pytest", "hypothesis", "selenium", "schemathesis", "openapi-spec-validator",
                    "sssom", "ruff", "matplotlib", "pandas", "build"}
INSTALLER = re.compile(r"install-system-deps\.sh((?: [a-z]+)*)")
PIP_INSTALL = re.compile(r"pip (?:--python \S+ )?install (?:-q )?-e (\S+)")


def packages(purpose: str) -> set[str]:
    """The Debian packages a purpose's list names."""
    lines = (LISTS / f"{purpose}.list").read_text(encoding="utf-8").splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


def dry_run(target: str) -> str:
    """The commands ``make TARGET`` runs from nothing (make's dry run, every target out of date)."""
    done = subprocess.run(["make", "-n", "-B", target], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout


def purposes(commands: str) -> set[str]:
    """The purposes whose system packages the commands install."""
    return {word for match in INSTALLER.finditer(commands) for word in match[1].split()}


def pip_targets(commands: str) -> set[str]:
    """What the commands install with pip (``.``, ``'.[test]'``...)."""
    return {match[1].strip("'\"") for match in PIP_INSTALL.finditer(commands)}


def test_make_serve_installs_the_serve_packages_only() -> None:
    commands = dry_run("serve")
    assert purposes(commands) == {"serve"}
    assert pip_targets(commands) == {"."}
    assert "npm install" in commands  # the web UI's editor is part of serving
    assert "smc-kg build" in commands and "smc-kg serve" in commands


@pytest.mark.parametrize(("target", "wanted"), [
    ("test", {"serve", "test", "virtuoso"}),
    ("bench", {"serve", "bench", "virtuoso"}),
    ("serve-virtuoso", {"serve", "virtuoso"}),
])
def test_the_other_targets_add_their_own(target: str, wanted: set[str]) -> None:
    assert purposes(dry_run(target)) == wanted


def test_the_serve_list_shares_no_package_with_the_others() -> None:
    others = packages("test") | packages("bench") | packages("virtuoso")
    assert packages("serve").isdisjoint(others)
    assert {"chromium", "chromium-driver", "default-jre-headless", "wrk", "virtuoso-opensource"} <= others


def test_the_package_depends_on_no_test_tool() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower() for spec in project["dependencies"]}
    assert names.isdisjoint(TEST_ONLY_PYTHON)
    extras = project["optional-dependencies"]
    assert any(spec.startswith("pytest") for spec in extras["test"])


def test_every_list_is_one_the_installer_reads() -> None:
    mentioned = purposes((PROJECT_ROOT / "Makefile").read_text(encoding="utf-8"))
    assert {path.stem for path in LISTS.glob("*.list")} == mentioned


def test_the_installer_finds_what_make_test_installed() -> None:
    """Every package of the lists ``make test`` installs is found by its probe: nothing to do."""
    script = PROJECT_ROOT / "scripts" / "install-system-deps.sh"
    done = subprocess.run([str(script), *sorted(purposes(dry_run("test")))],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "apt-get" not in done.stdout


def test_lists_name_the_probe_of_each_package() -> None:
    for path in LISTS.glob("*.list"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                probe = line.split()[1]
                assert re.fullmatch(r"(command|file|dpkg|python-module):\S+|python-header", probe), line

