"""Shared fixtures: the report texts, one real build of the KG per session, live servers."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from rdflib import Graph

from smckg.build import build_kg
from smckg.paths import RECORDS_DIR, REPORT_FILES, default_reports_dir
from smckg.server.store.embedded import StoreRecord, prepare_store
from smckg.server.worker import StoreSpec, WorkerSpec


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    """The folder of the report texts (``$SMCKG_REPORTS`` or ``../shared/reports``); CI has them."""
    directory = default_reports_dir()
    missing = [name for name in REPORT_FILES.values() if not (directory / name).is_file()]
    if missing:
        pytest.fail(f"report texts missing in {directory}: {missing} (set SMCKG_REPORTS)")
    return directory


@pytest.fixture()
def records_copy(tmp_path: Path) -> Path:
    """A scratch copy of kg/records to alter or break."""
    target = tmp_path / "records"
    shutil.copytree(RECORDS_DIR, target)
    return target


def replace_after(path: Path, anchor: str, old: str, new: str) -> None:
    """Replace the first ``old`` after ``anchor`` in the file ``path``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(anchor)
    assert old in text[start:], (anchor, old)
    path.write_text(text[:start] + text[start:].replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def edit() -> Callable[[Path, str, str, str], None]:
    """``edit(path, anchor, old, new)``: replace the first ``old`` after ``anchor``."""
    return replace_after


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, reports_dir: Path) -> Path:
    """A build of the KG from the curated records, checked against the report texts."""
    out = tmp_path_factory.mktemp("build") / "dist"
    build_kg(out_dir=out, reports_dir=reports_dir)
    return out


@pytest.fixture(scope="session")
def kg(built: Path) -> Graph:
    """The built KG, parsed from its N-Triples dump."""
    return Graph().parse(built / "smc-dt.nt", format="nt")


# --- the SPARQL service: `smc-kg serve` started on loopback, as users run it ---------------

SERVER_FIXTURE_GRAPH = Path(__file__).parent / "fixtures" / "server" / "mini.nt"
#: Settings of every test server unless a test overrides them (small, quick limits).
SERVER_SETTINGS: dict[str, object] = {
    "query_timeout": 3,
    "workers": 1,
    "threads": 8,
    "query_workers": 4,
    "memory_limit_mb": 1024,
}
SERVER_STARTUP_SECONDS = 60


@dataclass(frozen=True)
class LiveServer:
    """A running ``smc-kg serve``: its base URL, its log file (stdout and stderr), its process."""

    url: str
    log: Path
    process: subprocess.Popen[bytes]


def write_build_folder(out_dir: Path, dump: Path) -> Path:
    """A build folder holding ``dump`` as ``smc-dt.nt`` with a matching ``build.json``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = dump.read_bytes()
    (out_dir / "smc-dt.nt").write_bytes(data)
    build = {"build_id": hashlib.sha256(data).hexdigest(), "triples": data.count(b"\n")}
    (out_dir / "build.json").write_text(json.dumps(build), encoding="utf-8")
    return out_dir


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env() -> dict[str, str]:
    """The environment minus our SMCKG_* settings, so only the test's config file applies."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMCKG_") or k == "SMCKG_REPORTS"}
    return {**env, "PYTHONUNBUFFERED": "1"}


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"smc-kg serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"smc-kg serve not healthy after {SERVER_STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the server (SIGTERM), then SIGKILL whatever remains of its process group."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=15)


@contextlib.contextmanager
def _serving(folder: Path, out_dir: Path, settings: dict[str, object]) -> Iterator[LiveServer]:
    port = _free_port()
    config = folder / "server.toml"
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    config.write_text("[server]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    log = folder / "server.log"
    command = [str(Path(sys.executable).with_name("smc-kg")), "serve", "--config", str(config),
               "--out", str(out_dir), "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                   env=_server_env(), start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(url, process, log)
        yield LiveServer(url, log, process)
    finally:
        _stop_group(process)


@pytest.fixture(scope="session")
def serve_kg(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., contextlib.AbstractContextManager[LiveServer]]:
    """Start ``smc-kg serve`` on a free loopback port: ``with serve_kg(out_dir, **settings) as s``."""

    def start(out_dir: Path, **settings: object) -> contextlib.AbstractContextManager[LiveServer]:
        folder = tmp_path_factory.mktemp("server")
        merged = {**SERVER_SETTINGS, "store_dir": str(folder / "store"), **settings}
        return _serving(folder, out_dir, merged)

    return start


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder holding the small bilingual fixture graph of the server tests."""
    return write_build_folder(tmp_path_factory.mktemp("mini") / "dist", SERVER_FIXTURE_GRAPH)


@pytest.fixture(scope="session")
def mini_store(mini_build: Path, tmp_path_factory: pytest.TempPathFactory) -> StoreRecord:
    """The fixture graph loaded once into an on-disk store (read it, never write it)."""
    return prepare_store(mini_build, tmp_path_factory.mktemp("mini-store"))


@pytest.fixture(scope="session")
def kg_store_record(built: Path, tmp_path_factory: pytest.TempPathFactory) -> StoreRecord:
    """The real build loaded once into an on-disk store (read it, never write it)."""
    return prepare_store(built, tmp_path_factory.mktemp("kg-store"))


@pytest.fixture(scope="session")
def mini_worker_spec(mini_store: StoreRecord) -> WorkerSpec:
    """What a query worker needs to serve the fixture store (1,000 rows, 1 GiB, no allow-list)."""
    store = StoreSpec("embedded", str(mini_store.path), mini_store.info, 1000, 10.0)
    return WorkerSpec(store=store, allowlist=(), memory_limit_mb=1024)


@pytest.fixture(scope="session")
def live_server_process(
    serve_kg: Callable[..., contextlib.AbstractContextManager[LiveServer]], built: Path
) -> Iterator[LiveServer]:
    """One ``smc-kg serve`` of the real build for the whole session."""
    with serve_kg(built) as server:
        yield server


@pytest.fixture(scope="session")
def live_server(live_server_process: LiveServer) -> str:
    """The base URL (``http://127.0.0.1:PORT``) of the session's live server."""
    return live_server_process.url
