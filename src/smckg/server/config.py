"""The server's settings: one keyword-only dataclass, read from defaults, a TOML file, env vars.

Precedence, lowest first: the defaults below, the ``[server]`` table of the TOML file given
with ``--config``, environment variables ``SMCKG_<FIELD>`` (e.g. ``SMCKG_QUERY_TIMEOUT=5``,
``SMCKG_SERVICE_ALLOWLIST="https://query.wikidata.org/sparql"``, comma-separated), then the
command-line options.  Other ``SMCKG_*`` variables (such as ``SMCKG_REPORTS``) are not ours
and are ignored.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from smckg.paths import DEFAULT_OUT, PROJECT_ROOT
from smckg.server.errors import ConfigError

ENV_PREFIX = "SMCKG_"
STORE_KINDS = ("embedded", "remote")


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part for part in value.replace(",", " ").split() if part)
    return tuple(str(part) for part in value)


def _setting(default: Any, parse: Callable[[Any], Any]) -> Any:
    return field(default=default, metadata={"parse": parse})


@dataclass(frozen=True, kw_only=True)
class ServerConfig:
    """Settings of ``smc-kg serve`` and ``create_app``: each one, its default and its effect are
    in the table of ``docs/settings.md`` (``tests/test_settings_doc.py`` keeps the two equal)."""

    host: str = _setting("127.0.0.1", str)
    port: int = _setting(8000, int)
    public_base_url: str | None = _setting(None, str)
    out_dir: Path = _setting(DEFAULT_OUT, Path)
    store_dir: Path = _setting(PROJECT_ROOT / "var" / "store", Path)
    store: str = _setting("embedded", str)
    endpoint: str | None = _setting(None, str)
    endpoint_graph: str | None = _setting(None, str)
    query_timeout: float = _setting(10.0, float)
    max_rows: int = _setting(10_000, int)
    max_body_bytes: int = _setting(1_048_576, int)
    workers: int = _setting(2, int)
    threads: int = _setting(8, int)
    max_in_flight: int | None = _setting(None, int)
    header_timeout: float = _setting(10.0, float)
    body_timeout: float = _setting(10.0, float)
    query_workers: int = _setting(2, int)
    memory_limit_mb: int = _setting(2048, int)
    service_allowlist: tuple[str, ...] = _setting((), _words)

    def __post_init__(self) -> None:
        _check_positive(self)
        _check_store(self)
        # Absolute, so that files are found whatever the working directory of a process.
        object.__setattr__(self, "out_dir", self.out_dir.absolute())
        object.__setattr__(self, "store_dir", self.store_dir.absolute())
        if self.public_base_url is not None and not _is_http_url(self.public_base_url):
            raise ConfigError(
                f"public_base_url must be an http(s) URL, not {self.public_base_url!r}",
                f"public_base_url 必须是 http(s) URL，而不是 {self.public_base_url!r}",
                where="public_base_url",
            )
        if self.header_timeout > 60:
            raise ConfigError("header_timeout is at most 60 seconds", "header_timeout 最多 60 秒",
                              where="header_timeout")
        for url in self.service_allowlist:
            if not _is_http_url(url):
                raise ConfigError(
                    f"service_allowlist entries must be http(s) URLs, not {url!r}",
                    f"service_allowlist 的条目必须是 http(s) URL，而不是 {url!r}",
                    where="service_allowlist",
                )

    @classmethod
    def load(
        cls,
        path: Path | None = None,
        *,
        env: Mapping[str, str] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> ServerConfig:
        """Defaults, then the TOML file's ``[server]`` table, ``SMCKG_*`` vars, overrides."""
        values: dict[str, Any] = {}
        if path is not None:
            values.update(_read_toml(path))
        values.update(_from_env(os.environ if env is None else env))
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        return cls(**_parse_all(values))

    @property
    def in_flight_limit(self) -> int:
        """Requests a web process hands to its threads at once: ``max_in_flight``, else threads - 1."""
        return self.max_in_flight or max(self.threads - 1, 1)

    @property
    def base_url(self) -> str:
        """The service's public address, without a trailing slash."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (self.public_base_url or f"http://{host}:{self.port}").rstrip("/")

    def with_changes(self, **changes: Any) -> ServerConfig:
        """A copy with some settings changed (validated again)."""
        return replace(self, **_parse_all(changes))


def _names() -> dict[str, Callable[[Any], Any]]:
    return {f.name: f.metadata["parse"] for f in fields(ServerConfig)}


def _parse_all(values: Mapping[str, Any]) -> dict[str, Any]:
    parsers = _names()
    unknown = sorted(set(values) - set(parsers))
    if unknown:
        raise ConfigError(
            f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(parsers)}",
            f"未知设置：{'、'.join(unknown)}；可用设置：{'、'.join(parsers)}",
            where=unknown[0],
        )
    parsed = {}
    for name, value in values.items():
        try:
            parsed[name] = parsers[name](value)
        except (TypeError, ValueError) as error:
            raise ConfigError(
                f"setting {name} has an invalid value {value!r}: {error}",
                f"设置 {name} 的值 {value!r} 无效：{error}",
                where=name,
            ) from error
    return parsed


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(
            f"cannot read the configuration file: {error}", f"无法读取配置文件：{error}",
            where=str(path),
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"the configuration file is not valid TOML: {error}",
            f"配置文件不是有效的 TOML：{error}",
            where=str(path),
        ) from error
    table = document.get("server", {})
    if not isinstance(table, dict):
        raise ConfigError(
            "[server] must be a TOML table", "[server] 必须是 TOML 表", where=str(path)
        )
    return table


def _from_env(env: Mapping[str, str]) -> dict[str, str]:
    keys = {name: ENV_PREFIX + name.upper() for name in _names()}
    return {name: env[key] for name, key in keys.items() if key in env}


def _check_positive(config: ServerConfig) -> None:
    for f in fields(config):
        value = getattr(config, f.name)
        if isinstance(value, int | float) and value <= 0:
            raise ConfigError(
                f"setting {f.name} must be positive, not {value}",
                f"设置 {f.name} 必须为正数，而不是 {value}",
                where=f.name,
            )
    if config.port > 65535:
        raise ConfigError(
            f"port {config.port} is out of range", f"端口 {config.port} 超出范围", where="port"
        )


def _check_one_of(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(
            f"{name} must be one of {', '.join(choices)}, not {value!r}",
            f"{name} 必须是 {'、'.join(choices)} 之一，而不是 {value!r}",
            where=name,
        )


def _check_store(config: ServerConfig) -> None:
    _check_one_of("store", config.store, STORE_KINDS)
    if config.store == "remote" and not _is_http_url(config.endpoint):
        raise ConfigError(
            "the remote store needs endpoint = an http(s) URL of a SPARQL 1.1 endpoint",
            "远程存储需要 endpoint 设为 SPARQL 1.1 端点的 http(s) URL",
            where="endpoint",
        )
    if config.endpoint_graph is not None and not urlsplit(config.endpoint_graph).scheme:
        raise ConfigError(
            f"endpoint_graph must be an absolute IRI, not {config.endpoint_graph!r}",
            f"endpoint_graph 必须是绝对 IRI，而不是 {config.endpoint_graph!r}",
            where="endpoint_graph",
        )


def _is_http_url(value: str | None) -> bool:
    if not value:
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)
