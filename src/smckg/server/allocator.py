"""Serving with jemalloc rather than glibc's malloc, when the system has it.

pyoxigraph is a Rust extension that allocates through the C library's ``malloc``: each
query's parse, plan and intermediate solutions are many small allocations, and under
glibc's allocator ``malloc``/``free`` took about a sixth of a serving process's CPU time
(``perf``, a canned query at concurrency 8).  With jemalloc preloaded, the canned queries
that miss the p99 target answered 8-20 % more requests per second on two cores.

An allocator can only be chosen before a process starts, so ``smc-kg serve`` runs itself
again (``execve``, same process id) with jemalloc in ``LD_PRELOAD``; gunicorn's workers and
the query workers inherit it.  ``allocator = "system"`` (``SMCKG_ALLOCATOR=system``) keeps
glibc's.  Where jemalloc is not installed (Debian package ``libjemalloc2``) the server says
so and goes on with the system allocator.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Mapping

#: The allocators ``ServerConfig.allocator`` names.
JEMALLOC, SYSTEM = "jemalloc", "system"
ALLOCATORS = (JEMALLOC, SYSTEM)
#: Set in the environment of a server that was started again under jemalloc.
PRELOADED_MARK = "SMCKG_JEMALLOC_PRELOADED"


def jemalloc_library() -> str | None:
    """The file name of the system's jemalloc shared library, or None if it has none."""
    return ctypes.util.find_library("jemalloc")


def preloading_env(env: Mapping[str, str], library: str) -> dict[str, str]:
    """``env`` with ``library`` first in ``LD_PRELOAD`` and the mark of a preloaded start."""
    preload = ":".join(part for part in (library, env.get("LD_PRELOAD", "")) if part)
    return {**env, "LD_PRELOAD": preload, PRELOADED_MARK: "1"}


def use_allocator(allocator: str) -> None:
    """Start this process again under jemalloc when asked, found and not done yet.

    Returns only when nothing is to be done: the system allocator was asked for, this
    process is already the second start, or jemalloc is missing (a notice goes to stderr).
    """
    if allocator != JEMALLOC or os.environ.get(PRELOADED_MARK):
        return
    library = jemalloc_library()
    if library is None:
        print("jemalloc not found (Debian: libjemalloc2); serving with the system allocator / "
              "未找到 jemalloc（Debian 软件包 libjemalloc2），使用系统内存分配器", file=sys.stderr)
        return
    command = [sys.executable, *sys.orig_argv[1:]]  # the interpreter's options and script, as given
    os.execve(sys.executable, command, preloading_env(os.environ, library))
