"""The graphs the benchmark runs on: the KG as built, and the KG plus N synthetic assessed cities.

Sizes are named ``kg`` (the KG alone) or a city count such as ``10k``, ``100k``, ``1m``.
The KG is built with ``smc-kg build`` (with the report texts when they are at the default
place) and each synthetic size with ``smc-kg synth``, both timed, in a work folder
(``var/bench/`` by default) that one benchmark run at a time holds (``exclusive``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smckg.paths import PROJECT_ROOT, REPORT_FILES, default_reports_dir

WORK_DIR = PROJECT_ROOT / "var" / "bench"
LOCK_NAME = ".lock"
KG_SIZE = "kg"
_SIZE = re.compile(r"^(\d+)([km]?)$")
_FACTORS = {"": 1, "k": 1_000, "m": 1_000_000}


@dataclass(frozen=True)
class Dataset:
    """A build folder to serve, how it was made and what it holds."""

    size: str
    cities: int
    out_dir: Path
    build_seconds: float
    triples: int
    dump_bytes: int


def cities_of(size: str) -> int:
    """The number of synthetic cities a size name stands for (0 for ``kg``)."""
    if size == KG_SIZE:
        return 0
    match = _SIZE.match(size.lower())
    if match is None:
        raise ValueError(f"unknown size {size!r}: use kg or a city count such as 10k, 100k, 1m")
    return int(match[1]) * _FACTORS[match[2]]


@contextlib.contextmanager
def exclusive(work_dir: Path) -> Iterator[None]:
    """Hold ``work_dir`` for this run; RuntimeError when another run holds it."""
    work_dir.mkdir(parents=True, exist_ok=True)
    with (work_dir / LOCK_NAME).open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"another benchmark run is using {work_dir}; wait for it or use --work") from None
        yield


def build_kg(work_dir: Path) -> Dataset:
    """The KG built afresh into ``work_dir/kg``, timed."""
    out_dir = work_dir / "kg"
    shutil.rmtree(out_dir, ignore_errors=True)
    reports = default_reports_dir()
    command = [_cli(), "build", "--out", str(out_dir)]
    if all((reports / name).is_file() for name in REPORT_FILES.values()):
        command += ["--reports", str(reports)]
    seconds = _timed_run(command)
    return _dataset(KG_SIZE, 0, out_dir, seconds)


def synthesise(kg: Dataset, size: str, work_dir: Path) -> Dataset:
    """The KG plus the cities of ``size``, written afresh with ``smc-kg synth``, timed."""
    cities = cities_of(size)
    out_dir = work_dir / f"synth-{size}"
    shutil.rmtree(out_dir, ignore_errors=True)
    command = [_cli(), "synth", "--cities", str(cities), "--kg", str(kg.out_dir), "--out", str(out_dir)]
    seconds = _timed_run(command)
    return _dataset(size, cities, out_dir, seconds)


def _cli() -> str:
    return str(Path(sys.executable).with_name("smc-kg"))


def _timed_run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _dataset(size: str, cities: int, out_dir: Path, seconds: float) -> Dataset:
    build = json.loads((out_dir / "build.json").read_text(encoding="utf-8"))
    dump = out_dir / "smc-dt.nt"
    return Dataset(size, cities, out_dir, seconds, int(build["triples"]), dump.stat().st_size)
