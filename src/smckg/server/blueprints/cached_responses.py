"""Answering repeated GETs of the canned-query and lookup APIs from the per-build response cache.

No routes of its own: it installs :func:`smckg.server.cache.answer_from_cache` before every
request and :func:`smckg.server.cache.keep_in_cache` after it.  Blueprints are registered
by module name, so this runs before the load-shedding gate: a cached answer costs little
and is given even when the process is busy.
"""

from __future__ import annotations

from flask import Blueprint

from smckg.server.cache import answer_from_cache, keep_in_cache

blueprint = Blueprint("cached_responses", __name__)
blueprint.before_app_request(answer_from_cache)
blueprint.after_app_request(keep_in_cache)
