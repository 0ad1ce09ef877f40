"""Server settings: defaults, the TOML file, SMCKG_* variables, overrides, and bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.paths import DEFAULT_OUT
from smckg.server.config import ServerConfig
from smckg.server.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "server.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_safe() -> None:
    config = ServerConfig.load(env={})
    assert (config.host, config.port, config.store) == ("127.0.0.1", 8000, "embedded")
    assert config.out_dir == DEFAULT_OUT
    assert config.query_timeout == 10 and config.max_rows == 10_000
    assert config.max_body_bytes == 1_048_576
    assert config.service_allowlist == ()


def test_file_then_environment_then_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, '[server]\nport = 9001\nquery_timeout = 4.5\nhost = "0.0.0.0"\n')
    env = {"SMCKG_PORT": "9002", "SMCKG_MAX_ROWS": "50", "SMCKG_REPORTS": "/elsewhere"}
    config = ServerConfig.load(path, env=env, overrides={"port": 9003, "host": None})
    assert config.port == 9003  # override beats environment beats file
    assert config.host == "0.0.0.0"  # a None override leaves the file's value
    assert config.query_timeout == 4.5
    assert config.max_rows == 50


def test_allowlist_from_environment_is_split() -> None:
    env = {"SMCKG_SERVICE_ALLOWLIST": "https://query.wikidata.org/sparql, http://127.0.0.1:1/q"}
    config = ServerConfig.load(env=env)
    assert config.service_allowlist == ("https://query.wikidata.org/sparql", "http://127.0.0.1:1/q")


def test_paths_become_paths(tmp_path: Path) -> None:
    config = ServerConfig.load(write(tmp_path, f'[server]\nout_dir = "{tmp_path}"\n'), env={})
    assert config.out_dir == tmp_path


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[server]\nno_such = 1\n", "no_such"),
        ('[server]\nport = "eighty"\n', "port"),
        ("[server]\nport = 70000\n", "port"),
        ("[server]\nquery_timeout = 0\n", "query_timeout"),
        ('[server]\nstore = "cloud"\n', "store"),
        ('[server]\nstore = "remote"\n', "endpoint"),
        ('[server]\nservice_allowlist = ["ftp://x"]\n', "service_allowlist"),
    ],
)
def test_bad_settings_are_named(tmp_path: Path, text: str, where: str) -> None:
    with pytest.raises(ConfigError) as raised:
        ServerConfig.load(write(tmp_path, text), env={})
    assert raised.value.where == where
    assert raised.value.en and raised.value.zh


def test_a_file_that_is_not_toml_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        ServerConfig.load(write(tmp_path, "[server\n"), env={})


def test_settings_are_keyword_only_and_frozen() -> None:
    with pytest.raises(TypeError):
        ServerConfig("127.0.0.1")  # type: ignore[misc]
    config = ServerConfig(port=8123)
    assert config.with_changes(port="8124").port == 8124
    with pytest.raises(AttributeError):
        config.port = 1  # type: ignore[misc]
