"""Faults: the server killed mid-load, builds killed or failing at each step, damaged inputs,
the remote store down or slow, a full disk.  The last good build must stay byte for byte and
keep being served; the server must come back on the same build and store with no repair.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from launch import SMC_KG, free_port, kill, server_env, serving, start, stop, tail
from listeners import StandIn
from loadgen import JSON_RESULTS, ORDINARY, Level, run_level
from slowbuilds import Background
from tally import TALLY, scaled

from smckg import build as building
from smckg import crosscheck
from smckg import publish as publishing
from smckg.cli import main
from smckg.errors import RecordError, ReportError
from smckg.paths import RECORDS_DIR, REPORT_FILES

KILL_AFTER = (0.2, 0.5, 1.0, 2.0)
KILL_AFTER_FULL = (3.0, 5.0, 8.0, 12.0, 16.0, 20.0, 25.0, 30.0)
REMOTE_TIMEOUT = 2


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a build folder by name."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def leftovers(out_dir: Path) -> list[str]:
    """Staging or previous folders a build left beside ``out_dir``."""
    return sorted(p.name for p in out_dir.parent.iterdir() if p.name.startswith(f".{out_dir.name}."))


def complete(folder: Path) -> bool:
    """Whether a folder holds a whole build: its build id is the digest of its dump."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        build_id = json.loads((folder / "build.json").read_text())["build_id"]
        return hashlib.sha256((folder / "smc-dt.nt").read_bytes()).hexdigest() == build_id
    return False


def build_kept(out_dir: Path, good: dict[str, bytes], fault: str, *, may_replace: bool = False) -> bool:
    """Count a build check: the folder is still the good build (or, if allowed, a whole new one)."""
    TALLY.builds_checked += 1
    kept = out_dir.is_dir() and (snapshot(out_dir) == good or (may_replace and complete(out_dir)))
    if not kept:
        TALLY.lost_builds.append(f"{fault}: {out_dir} is {'changed' if out_dir.exists() else 'gone'}")
    return kept


@pytest.fixture(scope="module")
def good(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's build: the last good build every fault here must leave in place."""
    out_dir = tmp_path_factory.mktemp("good") / "dist"
    shutil.copytree(built, out_dir)
    return out_dir


@pytest.fixture(scope="module")
def good_files(good: Path) -> dict[str, bytes]:
    return snapshot(good)


def build_id(base: str) -> str:
    return requests.get(f"{base}/healthz", timeout=30).json()["build_id"]


def select(base: str, query: str = ORDINARY) -> requests.Response:
    return requests.post(f"{base}/sparql", data={"query": query}, headers=JSON_RESULTS, timeout=60)


# --- builds killed at several points ------------------------------------------------------------

def kill_build_after(delay: float, out_dir: Path, reports_dir: Path) -> int | None:
    """Run ``smc-kg build`` and SIGKILL it after ``delay`` s; its exit code if it finished first."""
    process = subprocess.Popen([SMC_KG, "build", "--reports", str(reports_dir), "--out", str(out_dir)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=server_env())
    with contextlib.suppress(subprocess.TimeoutExpired):
        return process.wait(timeout=delay)
    process.kill()
    process.wait(timeout=30)
    return None


def test_builds_killed_at_any_point_leave_the_last_good_build(good: Path, good_files: dict[str, bytes],
                                                             reports_dir: Path) -> None:
    stale = set()
    for delay in KILL_AFTER + scaled((), KILL_AFTER_FULL):
        finished = kill_build_after(delay, good, reports_dir)
        name = f"build SIGKILLed after {delay:g} s" if finished is None else f"build finished in < {delay:g} s"
        kept = build_kept(good, good_files, name, may_replace=finished == 0)
        stale.update(name for name in leftovers(good) if ".staging-" in name)
        TALLY.fault(name, kept)
        assert kept, name
    publishing.recover(good)  # as the next build or `smc-kg serve` does
    cleaned = leftovers(good) == []
    TALLY.fault(f"killed builds left {len(stale)} staging folder(s), none after the next start", cleaned)
    assert cleaned, leftovers(good)


# --- failures injected into the build, in process -----------------------------------------------

def fail_records(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(directory: Path) -> None:
        raise RecordError("injected: a record cannot be read", "注入：无法读取记录", where="cases.yaml:7")
    monkeypatch.setattr(building, "load_records", broken)


def fail_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ReportError("injected: a report cannot be read", "注入：无法读取报告",
                          where="wef-smc-2022.en.txt:12")
    monkeypatch.setattr(crosscheck, "check_reports", broken)


def fail_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(building, "check_shapes", lambda graph: ["injected: smcid:case/x lacks a city"])


def fail_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(publishing.os, "fsync", full)


INJECTED: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], int, str]] = {
    "records error": (fail_records, 3, "cases.yaml:7"),
    "report error": (fail_reports, 4, "wef-smc-2022.en.txt:12"),
    "SHACL failure": (fail_shapes, 6, "SHACL"),
    "write error (ENOSPC)": (fail_writes, 8, "No space left"),
}


@pytest.mark.parametrize("name", [pytest.param(name, marks=[pytest.mark.slow] if name.startswith("write") else [])
                                  for name in INJECTED])
def test_injected_build_failures_keep_the_last_good_build(
        name: str, good: Path, good_files: dict[str, bytes], reports_dir: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    inject, code, mention = INJECTED[name]
    inject(monkeypatch)
    before = set(leftovers(good))
    with pytest.raises(SystemExit) as exited:
        main(["build", "--reports", str(reports_dir), "--out", str(good)])
    message = capsys.readouterr().err
    stray = set(leftovers(good)) - before
    kept = build_kept(good, good_files, name) and not stray
    TALLY.fault(f"injected {name}: exit {exited.value.code}", kept and exited.value.code == code)
    assert exited.value.code == code and mention in message, message
    assert kept, stray


def test_a_swap_interrupted_between_its_renames_is_repaired_by_the_next_build(
        good: Path, good_files: dict[str, bytes], reports_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    real_rename = os.rename
    calls = []

    def cut(source: Path, target: Path) -> None:
        calls.append(source)
        if len(calls) == 2:  # the old build is moved aside, the new one not yet in place
            raise KeyboardInterrupt("power cut")
        real_rename(source, target)
    monkeypatch.setattr(publishing.os, "rename", cut)
    with pytest.raises(KeyboardInterrupt):
        publishing.publish(good_files, good)
    monkeypatch.undo()
    assert any(".staging-" in name for name in leftovers(good))  # the cut left its staging folder too
    fail_records(monkeypatch)  # the next build fails early, as a build after a crash may
    with pytest.raises(SystemExit):
        main(["build", "--reports", str(reports_dir), "--out", str(good)])
    assert "injected" in capsys.readouterr().err
    monkeypatch.undo()
    repaired = good.is_dir() and leftovers(good) == []
    kept = repaired and build_kept(good, good_files, "swap cut between renames, then a failed build")
    TALLY.fault("swap cut between its renames, next build fails", kept)
    assert kept


# --- damaged inputs: the command says what and where, the build stays --------------------------

def damaged_reports(reports_dir: Path, target: Path, damage: str) -> Path:
    target.mkdir()
    for name in REPORT_FILES.values():
        shutil.copy(reports_dir / name, target / name)
    english = target / REPORT_FILES["en"]
    data = english.read_bytes()
    if damage == "missing":
        english.unlink()
    elif damage == "truncated":
        english.write_bytes(data[:len(data) // 2])
    else:
        lines = data.split(b"\n")
        lines[100] += " café".encode("latin-1")
        english.write_bytes(b"\n".join(lines))
    return target


#: What the message must say (in English, then in Chinese) for each damage.
DAMAGES = {"missing": ("not found", "找不到报告文件"), "truncated": ("truncated", "报告文本不完整"),
           "latin-1": ("line 101", "UTF-8 编码")}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_report_is_named_and_the_build_kept(
        damage: str, good: Path, good_files: dict[str, bytes], reports_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    broken = damaged_reports(reports_dir, tmp_path / "reports", damage)
    with pytest.raises(SystemExit) as exited:
        main(["build", "--reports", str(broken), "--out", str(good)])
    message = capsys.readouterr().err
    kept = build_kept(good, good_files, f"{damage} report")
    named = REPORT_FILES["en"] in message and all(words in message for words in DAMAGES[damage])
    TALLY.fault(f"{damage} report file: exit {exited.value.code}", kept and named)
    assert exited.value.code == 4 and named, message
    assert kept


BROKEN_ROWS = {
    "challenges.tsv": ("a number that is not one", "challenges.tsv:3"),
    "cases.yaml": ("a YAML line that does not parse", "cases.yaml:"),
}


def break_records(target: Path, name: str) -> Path:
    shutil.copytree(RECORDS_DIR, target)
    path = target / name
    if name.endswith(".tsv"):
        lines = path.read_text(encoding="utf-8").split("\n")
        cells = lines[2].split("\t")
        cells[3] = "three point eight"
        lines[2] = "\t".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n- slug: [unclosed\n  label: {en: x\n")
    return target


@pytest.mark.parametrize("name", sorted(BROKEN_ROWS))
def test_a_broken_data_row_is_named_and_the_build_kept(
        name: str, good: Path, good_files: dict[str, bytes], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    records = break_records(tmp_path / "records", name)
    with pytest.raises(SystemExit) as exited:
        main(["build", "--records", str(records), "--out", str(good)])
    message = capsys.readouterr().err
    kept = build_kept(good, good_files, f"broken row in {name}")
    TALLY.fault(f"broken data row in {name}: exit {exited.value.code}", kept and exited.value.code == 3)
    assert exited.value.code == 3 and BROKEN_ROWS[name][1] in message, message
    assert kept


# --- the server killed mid-load, restarted on the same build and store --------------------------

def store_state(store_dir: Path) -> tuple[list[str], str]:
    return sorted(p.name for p in store_dir.iterdir()), (store_dir / "current.json").read_text()


def test_the_server_killed_mid_load_comes_back_on_the_same_build(
        good: Path, good_files: dict[str, bytes], tmp_path: Path) -> None:
    port = free_port()
    server = start(tmp_path, good, port=port)
    served_before = build_id(server.url)
    state = store_state(tmp_path / "store")
    results: list[Level] = []
    load = threading.Thread(target=lambda: results.append(run_level(server.url, 4, 10**6, seconds=4)))
    load.start()
    time.sleep(1.5)
    kill(server)
    load.join(timeout=60)
    during = results[0]
    unexpected = [o.status for o in during.outcomes if o.status and o.status >= 500 and not o.shed]
    TALLY.unexpected_5xx += [f"{status} before the kill" for status in unexpected]
    restarted = start(tmp_path, good, port=port)
    try:
        recovered = (build_id(restarted.url) == served_before == json.loads(good_files["build.json"])["build_id"]
                     and store_state(tmp_path / "store") == state and select(restarted.url).status_code == 200)
    finally:
        stop(restarted)
    TALLY.fault(f"server SIGKILLed mid-load after {during.answered} answers, restarted", recovered)
    assert not unexpected and during.answered > 0
    assert recovered, tail(restarted.log)
    assert build_kept(good, good_files, "server killed mid-load")


# --- the remote store down, slow, then back ------------------------------------------------------

def test_the_remote_store_down_slow_and_back(built: Path, tmp_path: Path, live_server: str) -> None:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/sparql"
    with serving(tmp_path, built, store="remote", endpoint=endpoint, healthy=False,
                 query_timeout=REMOTE_TIMEOUT) as remote:
        down = select(remote.url)
        slow_endpoint = StandIn(port, delay=REMOTE_TIMEOUT + 3)
        try:
            slow = select(remote.url)
        finally:
            slow_endpoint.close()
        back_endpoint = StandIn(port, upstream=f"{live_server}/sparql")
        try:
            back = select(remote.url)
        finally:
            back_endpoint.close()
    expected = select(live_server).json()
    outcomes = {
        "remote store down -> 502": down.status_code == 502 and down.json()["error"] == "RemoteUnavailable",
        "remote store slow -> 504": slow.status_code == 504 and slow.json()["error"] == "RemoteTimeout",
        "remote store back -> 200, same answer": back.status_code == 200 and back.json() == expected,
    }
    for name, ok in outcomes.items():
        TALLY.fault(name, ok)
    for response in (down, slow):
        assert response.json()["en"] and response.json()["zh"] and endpoint in response.json()["en"]
    assert all(outcomes.values()), (down.text, slow.text, back.text[:300])


# --- a full disk during the build ---------------------------------------------------------------

def test_a_full_disk_is_reported_and_the_build_kept(full_disk_build: Background, built: Path) -> None:
    code, output = full_disk_build.finish()
    out_dir = full_disk_build.out_dir
    kept = build_kept(out_dir, snapshot(built), "full disk") and not leftovers(out_dir)
    reported = code == 8 and ("No space left" in output or "File too large" in output)
    TALLY.fault(f"full disk during build: exit {code}", kept and reported)
    assert reported and "上一次构建保持不变" in output, output[-2000:]
    assert kept, leftovers(out_dir)
