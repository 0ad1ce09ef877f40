"""The allocator of ``smc-kg serve``: jemalloc preloaded by starting again, unless told not to."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from procfs import children, mapped_files

from smckg.server import allocator
from smckg.server.allocator import PRELOADED_MARK, jemalloc_library, preloading_env, use_allocator
from smckg.server.config import ServerConfig
from smckg.server.errors import ConfigError


def jemalloc_in(pid: int) -> bool:
    return any("libjemalloc" in Path(path).name for path in mapped_files(pid))


def refuse_exec(*args: object) -> NoReturn:
    raise AssertionError(f"execve called: {args}")


def test_jemalloc_goes_first_and_other_preloads_stay() -> None:
    env = preloading_env({"LD_PRELOAD": "libother.so", "HOME": "/root"}, "libjemalloc.so.2")
    assert env["LD_PRELOAD"] == "libjemalloc.so.2:libother.so"
    assert env[PRELOADED_MARK] == "1" and env["HOME"] == "/root"
    assert preloading_env({}, "libjemalloc.so.2")["LD_PRELOAD"] == "libjemalloc.so.2"


def test_the_system_allocator_or_a_second_start_runs_nothing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "execve", refuse_exec)
    monkeypatch.delenv(PRELOADED_MARK, raising=False)
    use_allocator("system")
    monkeypatch.setenv(PRELOADED_MARK, "1")
    use_allocator("jemalloc")


def test_without_jemalloc_the_server_says_so_in_both_languages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(os, "execve", refuse_exec)
    monkeypatch.delenv(PRELOADED_MARK, raising=False)
    monkeypatch.setattr(allocator, "jemalloc_library", lambda: None)
    use_allocator("jemalloc")
    error = capsys.readouterr().err
    assert "jemalloc not found" in error and "未找到 jemalloc" in error


def test_an_unknown_allocator_is_refused_in_both_languages() -> None:
    with pytest.raises(ConfigError) as refused:
        ServerConfig(allocator="tcmalloc")
    assert refused.value.where == "allocator" and "tcmalloc" in refused.value.en and "之一" in refused.value.zh


def test_the_project_installs_jemalloc() -> None:
    assert jemalloc_library() is not None, "make system installs the Debian package libjemalloc2"


def test_served_processes_run_on_jemalloc_by_default(live_server_process: Any) -> None:
    master = live_server_process.process.pid
    assert jemalloc_in(master)
    assert children(master) and all(jemalloc_in(child) for child in children(master))


def test_allocator_system_keeps_glibc_malloc(
    serve_kg: Callable[..., AbstractContextManager[Any]], mini_build: Path
) -> None:
    with serve_kg(mini_build, allocator="system") as server:
        assert not jemalloc_in(server.process.pid)
