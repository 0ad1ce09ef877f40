"""``smc-kg serve``: serve the built knowledge graph over SPARQL under gunicorn."""

from __future__ import annotations

from pathlib import Path

import click

from smckg.paths import REPORT_FILES, default_reports_dir
from smckg.publish import recover
from smckg.server.allocator import use_allocator
from smckg.server.config import ServerConfig
from smckg.server.store.builds import has_build
from smckg.server.store.embedded import prepare_store
from smckg.server.wsgi_server import GunicornServer


@click.command("serve")
@click.option("--host", help="Address to listen on / 监听地址 (default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on / 监听端口 (default 8000).")
@click.option(
    "--store",
    type=click.Choice(["embedded", "remote"]),
    help="Embedded pyoxigraph store or a remote SPARQL endpoint / 内嵌存储或远程端点.",
)
@click.option("--endpoint", help="URL of the remote SPARQL endpoint / 远程 SPARQL 端点 URL.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file with a [server] table / 含 [server] 表的 TOML 配置文件.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build output folder / 构建输出目录 (default dist).",
)
def serve(
    host: str | None,
    port: int | None,
    store: str | None,
    endpoint: str | None,
    config_file: Path | None,
    out_dir: Path | None,
) -> None:
    """Serve the knowledge graph at /sparql / 通过 /sparql 提供知识图谱查询服务."""
    overrides = {"host": host, "port": port, "store": store, "endpoint": endpoint,
                 "out_dir": out_dir}
    config = ServerConfig.load(config_file, overrides=overrides)
    use_allocator(config.allocator)  # may start this process again, under jemalloc
    if config.store == "embedded":  # a remote store holds its own copy of the build
        ensure_build(config.out_dir)
        prepare_store(config.out_dir, config.store_dir)
    GunicornServer(config).run()


def ensure_build(out_dir: Path) -> None:
    """Build the knowledge graph into ``out_dir`` if it holds none yet.

    The report texts are used for the cross-check when they are at the default place
    (``$SMCKG_REPORTS`` or ``../shared/reports``), as ``make build`` does.
    """
    recover(out_dir)
    if has_build(out_dir):
        return
    from smckg.build import build_kg  # the builder is heavy; load it only when needed

    reports = default_reports_dir()
    have_reports = all((reports / name).is_file() for name in REPORT_FILES.values())
    click.echo(f"no build in {out_dir}: building it / 尚无构建结果，正在构建", err=True)
    build_kg(out_dir=out_dir, reports_dir=reports if have_reports else None)


COMMANDS = [serve]
