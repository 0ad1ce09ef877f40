"""The path of every canned query, with sample values for the parameters that have no default."""

from __future__ import annotations

from urllib.parse import urlencode

from smckg.queryfiles import query_files

#: Values for the parameters that have no default (as tests/test_queries.py uses).
SAMPLE_VALUES = {"term-by-label": {"label": "Governance"}, "term-by-label-zh": {"label": "治理与运行"}}


def canned_paths() -> list[str]:
    """``/api/queries/<name>`` for every canned query, with its sample values if it needs some."""
    paths = []
    for query in query_files():
        values = SAMPLE_VALUES.get(query.name, {})
        paths.append(f"/api/queries/{query.name}" + (f"?{urlencode(values)}" if values else ""))
    return paths
