"""``smc-kg serve``: serve the built knowledge graph over SPARQL, HTTP by granian.

The settings are resolved once here (defaults, ``--config``, ``SMCKG_*``, options) and handed
to granian's web processes as ``SMCKG_*`` variables, where ``smckg.server.app.asgi_app``
reads them back.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path

import click
from granian import Granian
from granian.constants import Interfaces
from granian.http import HTTP1Settings

from smckg.api import build_folder
from smckg.server.config import ENV_PREFIX, ServerConfig
from smckg.server.store.builds import has_build
from smckg.server.store.embedded import prepare_store


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
    if config.store == "embedded":  # a remote store holds its own copy of the build
        ensure_build(config.out_dir)
        prepare_store(config.out_dir, config.store_dir)
    os.environ.update(config_environment(config))
    metrics_dir = tempfile.mkdtemp(prefix="smckg-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        granian_server(config).serve()
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)


def config_environment(config: ServerConfig) -> dict[str, str]:
    """Every setting as the ``SMCKG_*`` variable that ``ServerConfig.load`` reads back."""
    variables = {}
    for setting in fields(config):
        value = getattr(config, setting.name)
        if value is None:
            continue
        text = ",".join(value) if isinstance(value, tuple) else str(value)
        variables[ENV_PREFIX + setting.name.upper()] = text
    return variables


def granian_server(config: ServerConfig) -> Granian:
    """granian serving ``smckg.server.app:asgi_app`` with the configuration's processes and limits."""
    return Granian(
        "smckg.server.app:asgi_app",
        factory=True,
        address=config.host,
        port=config.port,
        interface=Interfaces.ASGINL,
        workers=config.workers,
        http1_settings=HTTP1Settings(header_read_timeout=int(config.header_timeout * 1000)),
        respawn_failed_workers=True,
        log_access=True,
    )


def ensure_build(out_dir: Path) -> None:
    """Build the knowledge graph into ``out_dir`` if it holds none yet (``smckg.api.build_folder``)."""
    if not has_build(out_dir):
        click.echo(f"no build in {out_dir}: building it / 尚无构建结果，正在构建", err=True)
    build_folder(out_dir)


COMMANDS = [serve]
