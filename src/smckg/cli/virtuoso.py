"""``smc-kg serve-virtuoso``: the built KG loaded into a local, locked-down Virtuoso and served through it.

Virtuoso (Debian's ``virtuoso-opensource``) gets a new database in ``--folder`` on loopback
ports, is bulk-loaded with the build's N-Triples dump into ``smckg.virtuoso.KG_GRAPH``,
locked down (``smckg.virtuoso.lock_down``: the public account reads and does nothing else),
and ``smc-kg serve --store remote`` then serves the KG from it until it stops; Virtuoso is
stopped with it.  The database is made again at each start (the KG loads in a second).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

import click

from smckg.api import build_folder
from smckg.paths import DEFAULT_OUT, PROJECT_ROOT
from smckg.server.store.builds import dump_path
from smckg.virtuoso import KG_GRAPH, VirtuosoSettings, lock_down, running_virtuoso

DEFAULT_FOLDER = PROJECT_ROOT / "var" / "virtuoso"


def _stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so that Virtuoso and the server are stopped too."""
    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _serve_command(endpoint: str, host: str, port: int, out_dir: Path) -> list[str]:
    program = Path(sys.executable).with_name("smc-kg")
    return [str(program) if program.is_file() else "smc-kg", "serve", "--store", "remote",
            "--endpoint", endpoint, "--host", host, "--port", str(port), "--out", str(out_dir)]


@click.command("serve-virtuoso")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on / 监听地址")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on / 监听端口")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Build folder (built first if empty) / 构建输出目录")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_FOLDER,
              show_default=True, help="Virtuoso's database folder, made anew / Virtuoso 数据库目录")
@click.option("--memory-mb", type=int, default=512, show_default=True,
              help="Virtuoso's page buffers / Virtuoso 缓冲内存 (MiB)")
def serve_virtuoso(host: str, port: int, out_dir: Path, folder: Path, memory_mb: int) -> None:
    """Serve the KG through a local Virtuoso (--store remote) / 通过本地 Virtuoso 提供知识图谱服务."""
    _stop_on_sigterm()
    out_dir = build_folder(out_dir)
    shutil.rmtree(folder, ignore_errors=True)
    with running_virtuoso(folder, VirtuosoSettings(memory_mb=memory_mb, http_threads=8)) as virtuoso:
        virtuoso.bulk_load([dump_path(out_dir)], KG_GRAPH)
        lock_down(virtuoso)
        click.echo(f"Virtuoso SPARQL endpoint: {virtuoso.sparql_url} (graph {KG_GRAPH})", err=True)
        env = {**os.environ, "SMCKG_ENDPOINT_GRAPH": KG_GRAPH}
        server = subprocess.Popen(_serve_command(virtuoso.sparql_url, host, port, out_dir), env=env)
        try:
            server.wait()
        finally:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=30)
    sys.exit(server.returncode)


COMMANDS = [serve_virtuoso]
