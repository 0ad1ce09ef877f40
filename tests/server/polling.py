"""Waiting, boundedly, for something a server or a thread does on its own time."""

from __future__ import annotations

import time
from collections.abc import Callable


def eventually(condition: Callable[[], object], seconds: float, *, pause: float = 0.05) -> bool:
    """Whether ``condition()`` became true within ``seconds`` (asked every ``pause`` seconds)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
    return True
