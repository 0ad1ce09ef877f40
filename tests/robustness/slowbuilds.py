"""The suite's two whole builds, run in the background so they overlap the other tests.

One builds a variant of the KG whose labels carry markup and script (for the browser
checks of ``test_xss``); the other builds onto a disk too small for it (for the full-disk
fault of ``test_faults``).  Each takes most of a build's time, spent in rendering the
dumps, so the conftest starts them when the session starts and the tests wait for them.
"""

from __future__ import annotations

import contextlib
import resource
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from launch import SMC_KG, server_env

from smckg.paths import RECORDS_DIR

SCRIPT_EN = "Fukuoka <script>alert(1)</script>"
SCRIPT_ZH = '福冈"><img src=x onerror=alert(2)>'
CASE_EN = "Health platform <svg onload=alert(3)>"
DEFINITION = "<b onmouseover=alert(4)>bold</b> a city in Kyushu"
BUILD_SECONDS = 900


@dataclass(frozen=True)
class Background:
    """``smc-kg build`` running in a subprocess: its process, output folder and log."""

    process: subprocess.Popen[bytes]
    out_dir: Path
    log: Path

    def finish(self) -> tuple[int, str]:
        """Wait for the build; its exit code and what it printed."""
        code = self.process.wait(timeout=BUILD_SECONDS)
        return code, self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Kill the build if it still runs."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)


STARTED: list[Background] = []


def start_build(arguments: list[str], out_dir: Path, log: Path, **options: object) -> Background:
    """Start ``smc-kg build --out out_dir`` with ``arguments``, output to ``log``."""
    with log.open("wb") as sink:
        process = subprocess.Popen([SMC_KG, "build", *arguments, "--out", str(out_dir)], stdout=sink,
                                   stderr=subprocess.STDOUT, env=server_env(), **options)  # type: ignore[call-overload]
    STARTED.append(Background(process, out_dir, log))
    return STARTED[-1]


def wait_for_all() -> None:
    """Wait until no background build runs (so that timings are not shared with one)."""
    for build in STARTED:
        build.process.wait(timeout=BUILD_SECONDS)


def hostile_records(target: Path) -> Path:
    """A copy of the curated records with markup in a city's and a case's texts."""
    shutil.copytree(RECORDS_DIR, target)
    edit(target / "cities.yaml", "fukuoka", label={"en": SCRIPT_EN, "zh": SCRIPT_ZH},
         definition={"en": DEFINITION, "zh": DEFINITION})
    edit(target / "cases.yaml", "fukuoka-health-platform", label={"en": CASE_EN, "zh": SCRIPT_ZH})
    return target


def edit(path: Path, slug: str, **fields: object) -> None:
    """Change some fields of the record ``slug`` in a YAML records file."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in entries if e.get("slug") == slug)
    entry.update(fields)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


@contextlib.contextmanager
def small_disk(folder: Path, size: int, largest_file: int) -> Iterator[dict[str, object]]:
    """A tmpfs of ``size`` bytes at ``folder`` when mounting is allowed (root), else a file-size limit.

    Yields extra ``subprocess.Popen`` options for the build: without a mount, a RLIMIT_FSIZE
    below ``largest_file`` makes its writes fail (EFBIG) as a full disk would (ENOSPC).
    """
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True).returncode == 0
    limit = largest_file // 2
    try:
        yield {} if mounted else {"preexec_fn": lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))}
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
