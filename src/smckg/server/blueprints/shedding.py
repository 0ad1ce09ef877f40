"""Load shedding: a bound on the requests one server process handles at once, excess refused with 503.

Each request takes a slot of a semaphore without waiting; when none is free it is refused
at once with 503, a ``Retry-After`` header and a bilingual message (through the app's
error handler, like a query timeout), rather than queued where neither the client nor the
operator can see it.  The probes ``/healthz`` and ``/livez`` are exempt, so monitors and
load balancers still see the service as it is.

The bound is the setting ``max_in_flight`` of ``ServerConfig`` (also ``SMCKG_MAX_IN_FLIGHT``
or ``max_in_flight`` in the TOML file), by default the process's WSGI threads minus one:
under gunicorn's threaded worker no more than ``threads`` requests are ever inside the app,
so one thread is always left to answer the health check and to turn excess away quickly.
"""

from __future__ import annotations

import threading

from flask import Blueprint, current_app, g, request
from flask.blueprints import BlueprintSetupState

from smckg.errors import SmcError
from smckg.server.config import ServerConfig
from smckg.server.context import CONFIG_KEY

EXTENSION = "smckg.shedding"
EXEMPT_PATHS = frozenset({"/healthz", "/livez"})
RETRY_AFTER = 1  # seconds: a slot is usually free again within milliseconds

blueprint = Blueprint("shedding", __name__)


class Overloaded(SmcError):
    """More requests are in flight in this server process than its bound allows."""

    http_status = 503
    retry_after = RETRY_AFTER

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the service is busy ({limit} requests in progress); try again in {RETRY_AFTER} s",
            f"服务繁忙（正在处理 {limit} 个请求），请 {RETRY_AFTER} 秒后重试",
        )


class Gate:
    """At most ``limit`` holders at once; ``try_enter`` never waits."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit)

    def try_enter(self) -> bool:
        """Take a slot if one is free."""
        return self._slots.acquire(blocking=False)

    def leave(self) -> None:
        """Give a slot back."""
        self._slots.release()


def in_flight_limit(config: ServerConfig) -> int:
    """The bound of a configuration: ``max_in_flight`` if set, else threads minus one."""
    return config.max_in_flight or max(config.threads - 1, 1)


@blueprint.record_once
def _install(state: BlueprintSetupState) -> None:
    config = state.app.extensions.get(CONFIG_KEY) or ServerConfig()  # a bare app: the defaults
    state.app.extensions[EXTENSION] = Gate(in_flight_limit(config))


@blueprint.before_app_request
def enter() -> None:
    """Take a slot for this request, or refuse it with 503."""
    if request.path in EXEMPT_PATHS:
        return
    gate: Gate = current_app.extensions[EXTENSION]
    if not gate.try_enter():
        raise Overloaded(gate.limit)
    g.shedding_slot = True


@blueprint.teardown_app_request
def leave(_error: BaseException | None) -> None:
    """Give back the slot this request took, if it took one."""
    if g.pop("shedding_slot", False):
        current_app.extensions[EXTENSION].leave()
