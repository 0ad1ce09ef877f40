"""What Linux's /proc tells about a live server: its worker processes, their connections and files."""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from pathlib import Path


def worker_connections(server_pid: int, port: int) -> Counter[int]:
    """Established connections to ``port`` per worker process of the server (read from /proc)."""
    inodes = _established_inodes(port)
    held: Counter[int] = Counter()
    for child in children(server_pid):
        for target in open_files(child):
            if target.startswith("socket:[") and target[8:-1] in inodes:
                held[child] += 1
    return held


def open_files(pid: int) -> list[str]:
    """What a process's file descriptors point at (paths, ``socket:[inode]``...)."""
    targets = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            targets.append(os.readlink(fd))
    return targets


def children(pid: int) -> list[int]:
    """The pids of a process's children."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(child) for child in (task / "children").read_text().split()]
    return children


def _established_inodes(port: int) -> set[str]:
    """Socket inodes of established TCP connections whose local port is ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                inodes.add(fields[9])
    return inodes


def mapped_files(pid: int) -> set[str]:
    """The files a process has mapped into memory (its executable, shared libraries...)."""
    lines = Path(f"/proc/{pid}/maps").read_text().splitlines()
    return {fields[5] for fields in (line.split(maxsplit=5) for line in lines) if len(fields) == 6}
