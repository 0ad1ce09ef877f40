"""Replace a build folder as a whole: write into a staging folder, then swap it in.

A failure while writing leaves the previous build untouched.  What an interrupted build
leaves beside the folder is repaired by ``recover`` on the next build or start: a swap cut
between its two renames is undone, and the staging folders of builds that died are removed.

A build holds a lock on the folder that contains the build folder (``flock`` on the
directory, released by the kernel when the process ends, however it ends) from before it
writes its staging folder until its swap is done.  So while a build is being published,
``recover`` leaves everything alone; and whenever ``recover`` gets the lock, no staging
folder is in use, whoever left it.  Two builds into the same folder publish one after the
other.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from smckg.errors import SmcError


class PublishError(SmcError):
    """The build output could not be written (e.g. the disk is full); the last build stays."""

    exit_code = 8


def _previous(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.previous")


def _stagings(out_dir: Path) -> list[Path]:
    """The staging folders of every build into ``out_dir`` (each named after its process id)."""
    return sorted(out_dir.parent.glob(f".{glob.escape(out_dir.name)}.staging-*"))


@contextlib.contextmanager
def _publishing_lock(out_dir: Path, *, wait: bool) -> Iterator[bool]:
    """Hold the lock of builds into ``out_dir`` (yields True), or yield False if it is taken and not ``wait``."""
    handle = os.open(out_dir.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def _repair(out_dir: Path) -> None:
    """Undo a swap cut between its renames and remove staging folders; the lock must be held."""
    previous = _previous(out_dir)
    if previous.exists() and not out_dir.exists():
        os.rename(previous, out_dir)
    elif previous.exists():
        shutil.rmtree(previous)
    for staging in _stagings(out_dir):
        shutil.rmtree(staging)


def recover(out_dir: Path) -> None:
    """Repair what interrupted builds left beside ``out_dir``, unless a build is being published now."""
    if not out_dir.parent.is_dir():
        return
    with _publishing_lock(out_dir, wait=False) as held:
        if held:
            _repair(out_dir)


def publish(files: dict[str, bytes], out_dir: Path) -> None:
    """Write ``files`` into a staging folder beside ``out_dir`` and swap it in."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _publishing_lock(out_dir, wait=True):
        _repair(out_dir)
        staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}")
        _write(files, staging)
        previous = _previous(out_dir)
        if out_dir.exists():
            os.rename(out_dir, previous)
        os.rename(staging, out_dir)
        shutil.rmtree(previous, ignore_errors=True)


def _write(files: dict[str, bytes], staging: Path) -> None:
    """Write every file to disk in a new ``staging`` folder; on failure remove it and say why."""
    try:
        staging.mkdir()
        for name, data in files.items():
            with open(staging / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(
            f"could not write the build ({error.strerror}); the previous build is unchanged",
            f"无法写入构建结果（{error.strerror}）；上一次构建保持不变",
            where=str(error.filename or staging),
        ) from error
