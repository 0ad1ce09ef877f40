"""OpenLink Virtuoso (Debian's ``virtuoso-opensource``) on loopback: start it in a folder, bulk-load it, lock it.

``running_virtuoso(folder)`` writes a ``virtuoso.ini`` whose SQL and HTTP ports are free
ports of 127.0.0.1 (nothing listens on another address), starts ``virtuoso-t`` in the
foreground, waits until its SPARQL endpoint answers and, on exit, stops the server's
whole process group.  ``VirtuosoServer.bulk_load`` runs Virtuoso's own bulk loader
(``ld_dir`` then ``rdf_loader_run``, in parallel sessions) through ``isql-vt``.
``lock_down`` then leaves the public SPARQL account (Virtuoso's ``SPARQL`` user, which
answers ``/sparql``) able to read and nothing else: no update, no ``LOAD``, no fetching of
remote data (``SERVICE``, the sponger), and gives ``dba`` a random password.  The ini
sets the limits: rows per answer, execution time and estimated cost per query.
Used by ``smc-kg serve-virtuoso``, by the tests of the remote store and by the benchmark,
which compares our service with Virtuoso.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from smckg.errors import SmcError

SERVER_COMMAND = "virtuoso-t"
ISQL_COMMAND = "isql-vt"
STARTUP_SECONDS = 120
BUFFER_BYTES = 8192
LOAD_FOLDER = "load"
START_ATTEMPTS = 3
#: What Virtuoso logs when a port it was given is taken (it then runs on without it).
LISTEN_FAILURE = "Failed HTTP listen"
#: The graph ``smc-kg serve-virtuoso`` loads the KG into (the remote store's ``endpoint_graph``).
KG_GRAPH = "https://w3id.org/smc-dt/kg"
#: What ``lock_down`` runs as dba: the public account reads, and does nothing else.
LOCK_DOWN = (
    # Graph-level security for anonymous requests (Virtuoso's user "nobody"): read every
    # graph (1), never write (2), fetch remote data into one (4, the sponger) or list the
    # graphs (8).  The endpoint's account (SPARQL) is not granted SERVICE (the role
    # SPARQL_SELECT_FED) or updates (SPARQL_UPDATE) by Debian's build; the tests check it.
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1);",
)


class VirtuosoError(SmcError):
    """Virtuoso is missing, did not start, or refused a load."""


@dataclass(frozen=True, kw_only=True)
class VirtuosoSettings:
    """What the generated ``virtuoso.ini`` sets: buffer memory, threads, the SPARQL limits."""

    memory_mb: int = 2048  # page buffers (NumberOfBuffers x 8 KiB)
    http_threads: int = 32  # concurrent HTTP requests served
    threads_per_query: int = 2  # one per core of the benchmark machine
    max_rows: int = 10_000  # ResultSetMaxRows, as our service's max_rows
    query_timeout: int = 60  # MaxQueryExecutionTime, seconds


@dataclass
class VirtuosoServer:
    """A running Virtuoso: its folder, loopback ports and process."""

    folder: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen[bytes]
    password: str = "dba"  # of the dba account; lock_down replaces Virtuoso's default

    @property
    def sparql_url(self) -> str:
        """The SPARQL endpoint (GET or POST ``query=``)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, statement: str, *, timeout: float = 3600) -> str:
        """Run SQL statements through ``isql-vt``; VirtuosoError when one of them fails."""
        command = [ISQL_COMMAND, f"127.0.0.1:{self.sql_port}", "dba", self.password, f"exec={statement}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise VirtuosoError(
                f"Virtuoso refused {statement[:80]!r}: {output.strip()[-400:]}",
                f"Virtuoso 拒绝了 {statement[:80]!r}：{output.strip()[-400:]}",
                where=str(self.folder),
            )
        return output

    def bulk_load(self, dumps: Sequence[Path], graph: str, *, loaders: int = 2) -> None:
        """Load N-Triples files into ``graph`` with ``loaders`` parallel loader sessions."""
        folder = self.folder / LOAD_FOLDER
        folder.mkdir(exist_ok=True)
        for number, dump in enumerate(dumps):
            (folder / f"part-{number:03}.nt").symlink_to(dump.resolve())
        self.isql(f"ld_dir('{folder}', '*.nt', '{graph}');")
        with ThreadPoolExecutor(max_workers=loaders) as pool:
            list(pool.map(lambda _: self.isql("rdf_loader_run();"), range(loaders)))
        self.isql("checkpoint;")
        failed = self.isql("select ll_file, ll_error from DB.DBA.load_list where ll_error is not null;")
        if "0 Rows." not in failed:
            raise VirtuosoError(
                f"Virtuoso could not load every file: {failed.strip()[-400:]}",
                f"Virtuoso 未能载入全部文件：{failed.strip()[-400:]}",
                where=str(folder),
            )

    def peak_memory_bytes(self) -> int:
        """The server's peak resident memory (VmHWM), in bytes."""
        return peak_resident_bytes(self.process.pid)

    def database_bytes(self) -> int:
        """Bytes of the database files (data and transaction log)."""
        return sum(path.stat().st_size for path in self.folder.glob("virtuoso*.db"))


def lock_down(server: VirtuosoServer) -> None:
    """Leave the public account read-only, without remote fetching; give dba a random password."""
    for statement in LOCK_DOWN:
        server.isql(statement)
    password = secrets.token_urlsafe(24)
    server.isql(f"USER_SET_PASSWORD('dba', '{password}');")
    server.password = password


def missing_commands() -> list[str]:
    """The Virtuoso commands not found on PATH (empty when Virtuoso is installed)."""
    return [name for name in (SERVER_COMMAND, ISQL_COMMAND) if shutil.which(name) is None]


def peak_resident_bytes(pid: int) -> int:
    """A process's peak resident memory (``VmHWM`` of ``/proc/PID/status``), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def free_port() -> int:
    """A TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_ini(folder: Path, sql_port: int, http_port: int, settings: VirtuosoSettings) -> Path:
    """A ``virtuoso.ini`` for a database in ``folder``, listening on loopback only."""
    buffers = settings.memory_mb * 2**20 // BUFFER_BYTES
    (folder / "vsp").mkdir(exist_ok=True)
    sections = {
        "Database": {
            "DatabaseFile": "virtuoso.db", "ErrorLogFile": "virtuoso.log",
            "LockFile": "virtuoso.lck", "TransactionFile": "virtuoso.trx",
            "xa_persistent_file": "virtuoso.pxa", "TempStorage": "TempDatabase",
        },
        "TempDatabase": {"DatabaseFile": "virtuoso-temp.db", "TransactionFile": "virtuoso-temp.trx"},
        "Parameters": {
            "ServerPort": f"127.0.0.1:{sql_port}", "DisableUnixSocket": 1, "CaseMode": 2,
            "DirsAllowed": f"., {folder / LOAD_FOLDER}", "NumberOfBuffers": buffers,
            "MaxDirtyBuffers": buffers * 3 // 4, "ThreadsPerQuery": settings.threads_per_query,
            "AsyncQueueMaxThreads": settings.http_threads, "MaxClientConnections": settings.http_threads,
            "CheckpointInterval": 0, "MaxQueryMem": "2G", "StopCompilerWhenXOverRunTime": 1,
        },
        "HTTPServer": {
            "ServerPort": f"127.0.0.1:{http_port}", "ServerRoot": "vsp",
            "ServerThreads": settings.http_threads, "MaxClientConnections": settings.http_threads,
            "MaxKeepAlives": settings.http_threads, "KeepAliveTimeout": 10, "EnabledGzipContent": 0,
        },
        "SPARQL": {
            "ResultSetMaxRows": settings.max_rows, "MaxQueryExecutionTime": settings.query_timeout,
            "MaxQueryCostEstimationTime": settings.query_timeout,
            "ExternalQuerySource": 0, "ExternalXsltSource": 0,  # no query or XSLT fetched by URL
        },
    }
    text = "".join(
        f"[{name}]\n" + "".join(f"{key} = {value}\n" for key, value in values.items()) + "\n"
        for name, values in sections.items()
    )
    ini = folder / "virtuoso.ini"
    ini.write_text(text, encoding="utf-8")
    return ini


@contextlib.contextmanager
def running_virtuoso(
    folder: Path, settings: VirtuosoSettings | None = None
) -> Iterator[VirtuosoServer]:
    """Start Virtuoso with a new database in ``folder``; stop it on exit."""
    missing = missing_commands()
    if missing:
        raise VirtuosoError(
            f"Virtuoso is not installed (missing {', '.join(missing)}); run scripts/install-system-deps.sh",
            f"未安装 Virtuoso（缺少 {'、'.join(missing)}）；请运行 scripts/install-system-deps.sh",
        )
    folder.mkdir(parents=True, exist_ok=True)
    server = _start(folder, settings or VirtuosoSettings())
    try:
        yield server
    finally:
        _stop(server.process)


def _start(folder: Path, settings: VirtuosoSettings) -> VirtuosoServer:
    """A ready server; free ports are tried again when another process took one meanwhile."""
    for _ in range(START_ATTEMPTS):
        sql_port, http_port = free_port(), free_port()
        ini = write_ini(folder, sql_port, http_port, settings)
        with (folder / "stdout.log").open("wb") as sink:
            process = subprocess.Popen(
                [SERVER_COMMAND, "+foreground", "+configfile", str(ini)],
                cwd=folder, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            )
        server = VirtuosoServer(folder, sql_port, http_port, process)
        if _wait_until_ready(server):
            return server
        _stop(process)
        if LISTEN_FAILURE not in _log_tail(folder):
            break
    tail = _log_tail(folder)
    raise VirtuosoError(
        f"Virtuoso did not start within {STARTUP_SECONDS} s: {tail}",
        f"Virtuoso 未在 {STARTUP_SECONDS} 秒内启动：{tail}",
        where=str(folder),
    )


def _wait_until_ready(server: VirtuosoServer) -> bool:
    """Whether the SPARQL endpoint answers before the deadline (False as soon as it cannot)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = server.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if server.process.poll() is not None or LISTEN_FAILURE in _log_tail(server.folder):
            return False
        with contextlib.suppress(urllib.error.URLError, OSError), urllib.request.urlopen(
            probe, timeout=2
        ) as response:
            if response.status == 200:
                return True
        time.sleep(0.3)
    return False


def _log_tail(folder: Path) -> str:
    log = folder / "virtuoso.log"
    return log.read_text(errors="replace")[-1500:] if log.is_file() else ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server's process group (the database is thrown away), then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
