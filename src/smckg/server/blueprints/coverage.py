"""``/coverage``: the build's coverage report as a page (what each part of each source gave the KG).

The build writes ``coverage.json`` beside the dumps when it read the report texts
(:mod:`smckg.coverage`); this page shows it, and says so when the build has none.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response

from smckg.server.caching import cached_per_build
from smckg.server.context import get_config
from smckg.server.i18n import render_page

blueprint = Blueprint("coverage", __name__)


@blueprint.get("/coverage")
@cached_per_build
def index() -> Response:
    """Every source's sections, tables and figures with the resources drawn from them."""
    path = get_config().out_dir / "coverage.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    return render_page("coverage.html", report=report)
