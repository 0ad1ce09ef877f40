"""Charts: ``/charts`` draws the framework's numbers, each chart linked to the query that draws it.

The page names, per chart, the canned query, the variable that labels each bar (in the
page's language) and the numeric variables drawn; the script ``charts.js`` runs the query
through ``/api/queries/<name>`` and draws it with Chart.js (served from ``node_modules``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import Blueprint, Response, request

from smckg.server.caching import cached_per_build
from smckg.server.i18n import pick_language, render_page

blueprint = Blueprint("charts", __name__)


@dataclass(frozen=True)
class Chart:
    """One chart: its title key, the canned query, the label and value variables."""

    key: str
    query: str
    label: str  # variable stem; ``_en`` or ``_zh`` is added for the page's language
    values: tuple[str, ...]
    stacked: bool = False
    group: str = ""  # variable stem splitting values into one dataset per group (stacked bars)


CHARTS = (
    Chart("chart_challenges", "challenges-by-score", "label", ("meanScore", "medianScore")),
    Chart("chart_areas", "areas-by-priority", "area", ("priorityRank",)),
    Chart("chart_assessment", "assessment-phase-distribution", "area", ("currentCities",),
          stacked=True, group="phase"),
)


def chart_config(chart: Chart, lang: str) -> dict[str, object]:
    """What ``charts.js`` needs to draw one chart."""
    return {**asdict(chart), "label": f"{chart.label}_{lang}",
            "group": f"{chart.group}_{lang}" if chart.group else ""}


@blueprint.get("/charts")
@cached_per_build
def index() -> Response:
    """The charts page."""
    lang = pick_language(request)
    return render_page("charts.html", charts=[(chart, chart_config(chart, lang)) for chart in CHARTS])
