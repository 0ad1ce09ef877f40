"""The query texts that made the engine fail on this build, refused at once when sent again.

A worker that dies while answering (a panic of the engine, a crash) takes only its job with
it; the job's text, parameters and dataset are then recorded here, one empty file named by
their digest in a folder of the build, so that every web process of the server refuses them
from then on without spending a worker on them.  A new build starts a new folder.  The
record is bounded: past ``limit`` entries, failures are still answered but no longer kept.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: Failed jobs recorded at most per build.
LIMIT = 10_000


class FailedQueries:
    """A set of job digests kept as files in ``folder``, shared by processes."""

    def __init__(self, folder: Path, *, limit: int = LIMIT) -> None:
        self.folder = folder
        self.limit = limit
        folder.mkdir(parents=True, exist_ok=True)

    def __contains__(self, key: str) -> bool:
        return (self.folder / _digest(key)).exists()

    def add(self, key: str) -> None:
        """Record a failed job (unless the record is full)."""
        if len(os.listdir(self.folder)) < self.limit:
            (self.folder / _digest(key)).touch()


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
