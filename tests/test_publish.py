"""Tests of smckg.publish: a build folder is replaced whole or not at all, leftovers are repaired."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smckg import publish as publishing
from smckg.publish import PublishError, publish, recover


def test_publish_replaces_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish({"a.txt": b"one", "b.txt": b"two"}, out)
    publish({"a.txt": b"three"}, out)
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]
    assert (out / "a.txt").read_bytes() == b"three"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_a_write_error_keeps_the_previous_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    publish({"a.txt": b"good"}, out)
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publishing.os, "fsync", full_disk)
    with pytest.raises(PublishError) as caught:
        publish({"a.txt": b"bad"}, out)
    assert "No space left" in caught.value.en
    assert (out / "a.txt").read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_an_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish({"a.txt": b"good"}, out)
    os.rename(out, tmp_path / ".dist.previous")
    recover(out)
    assert (out / "a.txt").read_bytes() == b"good"


# --- staging folders of interrupted builds, and builds running alongside ---------------------

#: A build in another process that stops in the middle of writing until ``go`` exists.
PAUSED_BUILD = """
import os, sys, time
from pathlib import Path
from smckg import publish
out_dir, go = Path(sys.argv[1]), Path(sys.argv[2])
real_fsync = os.fsync

def paused_fsync(fd):
    while not go.exists():
        time.sleep(0.02)
    real_fsync(fd)

publish.os.fsync = paused_fsync
publish.publish({"a.txt": b"new"}, out_dir)
"""


def leftovers(out_dir: Path) -> list[str]:
    return sorted(p.name for p in out_dir.parent.iterdir() if p.name != out_dir.name)


@contextlib.contextmanager
def paused_build(out_dir: Path, go: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A build in another process, stopped while it writes its staging folder."""
    process = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, str(out_dir), str(go)])
    try:
        deadline = time.monotonic() + 30
        while not any(".staging-" in name for name in leftovers(out_dir)):
            assert process.poll() is None and time.monotonic() < deadline, "the build did not start writing"
            time.sleep(0.02)
        yield process
    finally:
        process.kill()
        process.wait(timeout=30)


def test_recover_removes_the_staging_folder_of_a_killed_build(tmp_path: Path) -> None:
    out = tmp_path / "builds" / "dist"
    publish({"a.txt": b"good"}, out)
    with paused_build(out, tmp_path / "go") as build:
        build.kill()
        build.wait(timeout=30)
        assert leftovers(out) == [f".dist.staging-{build.pid}"]
    recover(out)
    assert leftovers(out) == []
    assert (out / "a.txt").read_bytes() == b"good"


def test_recover_leaves_a_build_being_published_alone(tmp_path: Path) -> None:
    out = tmp_path / "builds" / "dist"
    publish({"a.txt": b"good"}, out)
    with paused_build(out, tmp_path / "go") as build:
        recover(out)
        assert leftovers(out) == [f".dist.staging-{build.pid}"]
        (tmp_path / "go").touch()
        assert build.wait(timeout=30) == 0
    assert (out / "a.txt").read_bytes() == b"new"
    assert leftovers(out) == []


def test_recover_removes_stale_staging_folders_of_this_build_folder_only(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish({"a.txt": b"good"}, out)
    for name in (".dist.staging-4194303", ".dist.staging-1", ".distant.staging-7", ".dist-2.staging-7"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_bytes(b"half")
    recover(out)
    assert leftovers(out) == [".dist-2.staging-7", ".distant.staging-7"]
    recover(tmp_path / "missing" / "dist")  # a build folder whose parent does not exist: nothing to do
