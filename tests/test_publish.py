"""Tests of smckg.publish: a build folder is replaced whole or not at all."""

from __future__ import annotations

import errno
import os
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
