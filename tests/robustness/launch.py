"""Starting, killing and inspecting ``smc-kg serve`` processes for the robustness tests.

Unlike the shared ``serve_kg`` fixture, a server here can be given a fixed port, extra
environment variables, a store folder of its own choosing, and can be waited on before it
is healthy (a remote store that is down answers ``/healthz`` with 503).  Its processes are
found through ``/proc`` by session id, so their memory can be sampled and their deaths seen.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import requests

STARTUP_SECONDS = 90
SMC_KG = str(Path(sys.executable).with_name("smc-kg"))
#: Settings of every server started here unless a test overrides them (as tests/conftest.py).
DEFAULTS: dict[str, object] = {"query_timeout": 3, "workers": 1, "threads": 8, "query_workers": 4,
                               "memory_limit_mb": 1024}


@dataclass(frozen=True)
class Served:
    """A running ``smc-kg serve``: URL, port, log file and its leading process."""

    url: str
    port: int
    log: Path
    process: subprocess.Popen[bytes]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment minus our SMCKG_* settings (bar the reports folder), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMCKG_") or k == "SMCKG_REPORTS"}
    return {**env, "PYTHONUNBUFFERED": "1", **(extra or {})}


def start(folder: Path, out_dir: Path, *, port: int | None = None, healthy: bool = True,
          env: Mapping[str, str] | None = None, **settings: object) -> Served:
    """Start ``smc-kg serve`` with its config and log in ``folder``; wait until it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    merged = {**DEFAULTS, "store_dir": str(folder / "store"), **settings}
    config = folder / "server.toml"
    config.write_text("[server]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in merged.items()),
                      encoding="utf-8")
    log = folder / f"server-{port}.log"
    command = [SMC_KG, "serve", "--config", str(config), "--out", str(out_dir),
               "--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                   env=server_env(env), start_new_session=True)
    served = Served(f"http://127.0.0.1:{port}", port, log, process)
    try:
        wait_until_up(served, healthy=healthy)
    except BaseException:
        stop(served)
        raise
    return served


def wait_until_up(served: Served, *, healthy: bool, seconds: float = STARTUP_SECONDS) -> None:
    """Wait for ``/healthz`` to answer (200 when ``healthy``, any status otherwise)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise RuntimeError(f"smc-kg serve exited with {served.process.returncode}:\n{tail(served.log)}")
        with contextlib.suppress(requests.RequestException):
            status = requests.get(f"{served.url}/healthz", timeout=10).status_code
            if status == 200 or not healthy:
                return
        time.sleep(0.2)
    raise RuntimeError(f"smc-kg serve did not come up in {seconds} s:\n{tail(served.log)}")


def tail(log: Path, size: int = 3000) -> str:
    """The end of a log file."""
    return log.read_text(encoding="utf-8", errors="replace")[-size:] if log.exists() else ""


def kill(served: Served) -> None:
    """SIGKILL every process of the server at once, as a power cut or the OOM killer would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(served.process.pid, signal.SIGKILL)
    served.process.wait(timeout=30)


def stop(served: Served) -> None:
    """Stop the server (SIGTERM), then SIGKILL whatever remains of its session."""
    with contextlib.suppress(ProcessLookupError):
        served.process.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        served.process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(served.process.pid, signal.SIGKILL)
    served.process.wait(timeout=15)


@contextlib.contextmanager
def serving(folder: Path, out_dir: Path, **options: object) -> Iterator[Served]:
    """``start`` as a context manager that always stops the server."""
    served = start(folder, out_dir, **options)  # type: ignore[arg-type]
    try:
        yield served
    finally:
        stop(served)


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def session_pids(leader: int) -> list[int]:
    """Every living process of the session ``leader`` started (the server and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[3]) == leader and fields[0] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def children(parent: int) -> set[int]:
    """Living direct children of ``parent``."""
    return {pid for pid in session_pids(parent)
            if (fields := _stat(pid)) and int(fields[1]) == parent}


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of the processes, summed (those gone meanwhile count 0)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total
