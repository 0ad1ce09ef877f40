"""The servers under test: ``smc-kg serve`` as users run it, Oxigraph's own server, Virtuoso.

``our_service`` starts ``smc-kg serve --config FILE --out DIR`` (granian) on a free
loopback port with the default settings (only the store folder is the benchmark's own)
and waits for ``/healthz``; ``oxigraph_server`` starts ``oxigraph serve`` (the Rust server
of the PyPI package ``oxigraph``) in memory on a free loopback port and loads the same
N-Triples dump into its default graph, timed.  ``store_load`` times the embedded store's
bulk load in a process of its own, so that its peak memory can be read.  Virtuoso comes
from :mod:`smckg.virtuoso`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smckg.virtuoso import free_port, peak_resident_bytes

STARTUP_SECONDS = 600  # a first start loads the store: minutes at 10M triples
#: Dumps larger than this are split into one part per core, so Virtuoso loads them in parallel.
SPLIT_BYTES = 50 * 2**20
LOADER = """
import json, resource, sys, time
from pathlib import Path
from smckg.server.store.embedded import prepare_store
if __name__ == "__main__":
    started = time.perf_counter()
    record = prepare_store(Path(sys.argv[1]), Path(sys.argv[2]))
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(who).ru_maxrss for who in
               (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) * 1024
    print(json.dumps({"seconds": seconds, "triples": record.info.triples,
                      "peak_rss_bytes": peak, "path": str(record.path)}))
"""


@dataclass(frozen=True)
class StoreLoad:
    """How loading a build into the embedded store went."""

    seconds: float
    triples: int
    peak_rss_bytes: int
    store_bytes: int


@dataclass
class Service:
    """A running server of ours or Oxigraph's, in a process group of its own."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    load_seconds: float = 0.0  # Oxigraph's: the time its in-memory store took to load the dump

    def peak_memory_bytes(self) -> int:
        """Sum of the peak resident memory of the server's processes (web and query workers)."""
        return sum(peak_resident_bytes(pid) for pid in _group_pids(self.process.pid))


def store_load(out_dir: Path, store_dir: Path) -> StoreLoad:
    """Load (or reuse) the build in ``out_dir`` into ``store_dir``, timed, in a fresh process."""
    done = subprocess.run([sys.executable, "-c", LOADER, str(out_dir), str(store_dir)],
                          capture_output=True, text=True, check=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    size = sum(path.stat().st_size for path in Path(data["path"]).rglob("*") if path.is_file())
    return StoreLoad(data["seconds"], data["triples"], data["peak_rss_bytes"], size)


def split_dump(dump: Path, folder: Path, parts: int = os.cpu_count() or 2) -> list[Path]:
    """``dump`` as ``parts`` N-Triples files of about equal size (itself when it is small)."""
    if dump.stat().st_size < SPLIT_BYTES:
        return [dump]
    folder.mkdir(parents=True, exist_ok=True)
    share = dump.stat().st_size // parts + 1
    paths = [folder / f"part-{number}.nt" for number in range(parts)]
    sinks = [path.open("wb") for path in paths]
    with dump.open("rb") as source:
        for number, sink in enumerate(sinks):
            with sink:
                sink.writelines(source.readlines(share) if number < parts - 1 else source)
    return paths


@contextlib.contextmanager
def our_service(out_dir: Path, store_dir: Path, folder: Path) -> Iterator[Service]:
    """``smc-kg serve`` of ``out_dir`` on a free loopback port; stopped on exit."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "server.toml"
    config.write_text(f"[server]\nstore_dir = {json.dumps(str(store_dir))}\n", encoding="utf-8")
    port = free_port()
    command = [_sibling("smc-kg"), "serve", "--config", str(config),
               "--out", str(out_dir), "--host", "127.0.0.1", "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMCKG_") or k == "SMCKG_REPORTS"}
    with _started(command, folder / "server.log", f"http://127.0.0.1:{port}", "/healthz", env) as service:
        yield service


@contextlib.contextmanager
def oxigraph_server(dump: Path, folder: Path, timeout: float) -> Iterator[Service]:
    """``oxigraph serve`` in memory on a free loopback port, loaded with ``dump``; stopped on exit."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [_sibling("oxigraph"), "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", f"{timeout:g}"]
    with _started(command, folder / "oxigraph.log", f"http://127.0.0.1:{port}", "/", dict(os.environ)) as service:
        started = time.perf_counter()
        upload = urllib.request.Request(f"{service.url}/store?default", data=dump.read_bytes(), method="POST",
                                        headers={"Content-Type": "application/n-triples"})
        with urllib.request.urlopen(upload, timeout=STARTUP_SECONDS):
            pass
        service.load_seconds = time.perf_counter() - started
        yield service


def _sibling(command: str) -> str:
    """A command installed next to this Python (in the virtual environment)."""
    return str(Path(sys.executable).with_name(command))


@contextlib.contextmanager
def _started(command: list[str], log: Path, url: str, ready: str, env: dict[str, str]) -> Iterator[Service]:
    """``command`` started in a process group of its own, once ``url + ready`` answers 200."""
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
    service = Service(url, process, log)
    try:
        _wait_until_live(service, ready)
        yield service
    finally:
        _stop(process)


def _wait_until_live(service: Service, ready: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and service.process.poll() is None:
        with contextlib.suppress(urllib.error.URLError, OSError), urllib.request.urlopen(
            f"{service.url}{ready}", timeout=5
        ) as response:
            if response.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{service.process.args[0]} did not start:\n{service.log.read_text()[-2000:]}")


def _group_pids(leader: int) -> list[int]:
    """The processes of ``leader``'s process group (the server and everything it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if os.getpgid(int(entry.name)) == leader:
                    found.append(int(entry.name))
    return found


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=15)
