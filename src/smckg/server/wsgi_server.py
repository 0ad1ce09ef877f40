"""Running the app under gunicorn, configured from ``ServerConfig`` rather than gunicorn's CLI.

Each gunicorn worker process builds its own app (``preload_app`` stays off), so each has
its own store handle and query worker pool; threads let one process answer other requests
while a query waits on its worker.  The worker class is gunicorn's threaded one with request
heads read in its event loop under ``header_timeout`` (``smckg.server.gunicorn_worker``), so
slow clients hold no thread, and with gunicorn's own refusals answered in both languages;
new connections are spread evenly over the worker processes (``smckg.server.balance``).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from smckg.server.app import create_app
from smckg.server.balance import Balance, assign_slot
from smckg.server.config import ServerConfig
from smckg.server.gunicorn_worker import HeadFirstWorker

#: Longest request line gunicorn accepts (its maximum), so long GET queries fit.
REQUEST_LINE_LIMIT = 8190
#: Where workers keep their heartbeat file when the system has it: a memory file system,
#: as gunicorn's documentation advises.  A worker touches that file (``os.utime``) on every
#: turn of its event loop; on a disk file system a touch may wait for the journal, and the
#: whole event loop with it.  (On this project's test machine no such wait was measured.)
MEMORY_TMP_DIR = Path("/dev/shm")


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """gunicorn serving ``create_app(config)``; its workers read ``server_config`` and ``balance`` too."""

    def __init__(self, config: ServerConfig) -> None:
        self.server_config = config
        self.balance = Balance(config.workers)  # made before the workers are forked, shared with them
        super().__init__()

    def load_config(self) -> None:
        """Set gunicorn's options from the server settings."""
        for key, value in gunicorn_options(self.server_config).items():
            if key in self.cfg.settings:  # older gunicorn lacks some (control_socket_disable)
                self.cfg.set(key, value)

    def load(self) -> Flask:
        """Build the app (called in each worker process), then freeze what it holds for the GC.

        The app keeps millions of long-lived objects (the ontology, the lookup index, the
        templates).  Python's full collections would walk them all again and again, pausing
        every thread of the process for a tenth of a second or more; frozen, they are left
        out of collections (still freed by reference counting).
        """
        app = create_app(self.server_config)
        gc.collect()
        gc.freeze()
        return app


def gunicorn_options(config: ServerConfig) -> dict[str, Any]:
    """gunicorn settings for a configuration."""
    return {
        "bind": [f"{config.host}:{config.port}"],
        "workers": config.workers,
        "threads": config.threads,
        "worker_class": f"{HeadFirstWorker.__module__}.{HeadFirstWorker.__qualname__}",
        "timeout": int(config.query_timeout) + 30,
        "graceful_timeout": 5,
        "limit_request_line": REQUEST_LINE_LIMIT,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "preload_app": False,
        "proc_name": "smc-kg-serve",
        "control_socket_disable": True,  # no runtime control socket in the home folder
        "pre_fork": assign_slot,
        "worker_tmp_dir": str(MEMORY_TMP_DIR) if MEMORY_TMP_DIR.is_dir() else None,
    }
