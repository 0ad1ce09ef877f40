"""``smc-kg serve``: settings errors before anything starts, granian's options, settings handed on, build first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from granian.constants import Interfaces

from smckg.cli import main
from smckg.cli.serve import config_environment, ensure_build, granian_server
from smckg.server.config import ServerConfig


def test_bad_settings_stop_serve_with_a_bilingual_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMCKG_ENDPOINT", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--store", "remote"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "endpoint" in error and "远程存储" in error


def test_granian_serves_the_app_factory_on_the_configured_address() -> None:
    config = ServerConfig(host="127.0.0.1", port=8123, workers=3, header_timeout=7)
    server = granian_server(config)
    assert (server.bind_addr, server.bind_port, server.workers) == ("127.0.0.1", 8123, 3)
    assert server.interface == Interfaces.ASGINL and server.target == "smckg.server.app:asgi_app"
    assert server.http1_settings.header_read_timeout == 7000


def test_every_setting_reaches_the_web_processes_unchanged(tmp_path: Path) -> None:
    config = ServerConfig(port=8124, out_dir=tmp_path / "dist", query_timeout=4.5,
                          service_allowlist=("https://a.example/sparql", "https://b.example/sparql"),
                          public_base_url="https://kg.example.org")
    assert ServerConfig.load(env=config_environment(config)) == config


def test_relative_folders_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = ServerConfig(out_dir=Path("dist"), store_dir=Path("var/store"))
    assert config.out_dir == tmp_path / "dist" and config.store_dir == tmp_path / "var" / "store"


def test_an_existing_build_is_left_alone(mini_build: Path) -> None:
    before = (mini_build / "build.json").stat().st_mtime_ns
    ensure_build(mini_build)
    assert (mini_build / "build.json").stat().st_mtime_ns == before


def test_a_missing_build_is_built_first(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    ensure_build(out)
    build = json.loads((out / "build.json").read_text())
    assert build["triples"] > 1000 and (out / "smc-dt.nt").stat().st_size > 0
