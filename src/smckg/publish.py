"""Replace a build folder as a whole: write into a staging folder, then swap it in.

A failure while writing leaves the previous build untouched; an interruption between the
two renames of the swap is repaired by ``recover`` on the next build or start.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from smckg.errors import SmcError


class PublishError(SmcError):
    """The build output could not be written (e.g. the disk is full); the last build stays."""

    exit_code = 8


def _previous(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.previous")


def recover(out_dir: Path) -> None:
    """Put back the previous build if a swap was interrupted after its first rename."""
    previous = _previous(out_dir)
    if previous.exists() and not out_dir.exists():
        os.rename(previous, out_dir)
    elif previous.exists():
        shutil.rmtree(previous)


def publish(files: dict[str, bytes], out_dir: Path) -> None:
    """Write ``files`` into a staging folder beside ``out_dir`` and swap it in."""
    recover(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
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
    previous = _previous(out_dir)
    if out_dir.exists():
        os.rename(out_dir, previous)
    os.rename(staging, out_dir)
    shutil.rmtree(previous, ignore_errors=True)
