"""``smc-kg serve``: settings errors before anything starts, gunicorn's options, build first."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from gunicorn.util import load_class
from gunicorn.workers.gthread import ThreadWorker
from procfs import children, open_files

from smckg.cli import main
from smckg.cli.serve import ensure_build
from smckg.server.config import ServerConfig
from smckg.server.wsgi_server import MEMORY_TMP_DIR, gunicorn_options


def test_bad_settings_stop_serve_with_a_bilingual_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMCKG_ENDPOINT", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--store", "remote"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "endpoint" in error and "远程存储" in error


def test_gunicorn_runs_threaded_workers_on_the_configured_address() -> None:
    config = ServerConfig(host="127.0.0.1", port=8123, workers=3, threads=5, query_timeout=7)
    options = gunicorn_options(config)
    assert options["bind"] == ["127.0.0.1:8123"]
    assert (options["workers"], options["threads"]) == (3, 5)
    assert options["worker_class"] == "smckg.server.gunicorn_worker.HeadFirstWorker"
    assert issubclass(load_class(options["worker_class"]), ThreadWorker)  # gunicorn can load it
    assert options["timeout"] > config.query_timeout  # gunicorn never kills a waiting request
    assert options["preload_app"] is False  # each worker opens its own store and pool


@pytest.mark.skipif(not MEMORY_TMP_DIR.is_dir(), reason="no memory file system at /dev/shm")
def test_workers_keep_their_heartbeat_file_in_memory(
    serve_kg: Callable[..., AbstractContextManager[Any]], mini_build: Path
) -> None:
    """Not on a disk, where touching it on every turn of the event loop could wait for the journal."""
    with serve_kg(mini_build, workers=2) as server:
        heartbeats = {
            child: [path for path in open_files(child) if "wgunicorn-" in path]
            for child in children(server.process.pid)
        }
    held = [paths for paths in heartbeats.values() if paths]  # other children: helpers of multiprocessing
    assert len(held) == 2, heartbeats
    assert all(path.startswith(f"{MEMORY_TMP_DIR}/") for paths in held for path in paths), held


def test_an_existing_build_is_left_alone(mini_build: Path) -> None:
    before = (mini_build / "build.json").stat().st_mtime_ns
    ensure_build(mini_build)
    assert (mini_build / "build.json").stat().st_mtime_ns == before


def test_a_missing_build_is_built_first(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    ensure_build(out)
    build = json.loads((out / "build.json").read_text())
    assert build["triples"] > 1000 and (out / "smc-dt.nt").stat().st_size > 0
