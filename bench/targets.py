"""What the benchmark asks both servers: every canned query, a lookup, a CONSTRUCT, the ceiling.

Our service answers a canned query at ``/api/queries/<name>`` with its default parameters;
Virtuoso gets the same SPARQL text with those defaults bound by a VALUES block (the
remote store's own binding, :func:`smckg.server.store.values.inject_values`).  The lookup
has no SPARQL twin in our service, so Virtuoso answers the nearest SPARQL question (labels
containing the word, case-insensitively).  ``/livez`` (no query at all) is the ceiling of
our HTTP stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from smckg.errors import SmcError
from smckg.queryfiles import QueryFile, query_files
from smckg.server.media import JSON_RESULTS, TURTLE
from smckg.server.store.values import inject_values
from smckg.server.terms import checked_bindings

CANNED, LOOKUP, CONSTRUCT, CEILING = "canned", "lookup", "construct", "ceiling"
LOOKUP_WORD = "governance"
NO_CACHE = (("Cache-Control", "no-cache"),)
#: Values for the parameters that have no default (as tests/test_queries.py uses).
SAMPLE_VALUES = {"term-by-label": {"label": "Governance"}, "term-by-label-zh": {"label": "治理与运行"}}

CONSTRUCT_QUERY = """PREFIX smc: <https://w3id.org/smc-dt/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?feature smc:inArea ?area ; smc:atPhase ?phase ; skos:prefLabel ?label . }
WHERE { ?feature a smc:KeyFeature ; smc:inArea ?area ; smc:atPhase ?phase ; skos:prefLabel ?label . }
"""
LOOKUP_TWIN = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term ?label WHERE {{
  {{ ?term skos:prefLabel ?label }} UNION {{ ?term skos:altLabel ?label }}
  FILTER(CONTAINS(LCASE(STR(?label)), "{LOOKUP_WORD}"))
}} LIMIT 10
"""


@dataclass(frozen=True)
class Target:
    """One thing to measure: our path (and Accept), and Virtuoso's query if it has a twin."""

    name: str
    kind: str
    path: str
    accept: str = JSON_RESULTS
    virtuoso_query: str | None = None

    def virtuoso_path(self) -> str | None:
        """Virtuoso's ``/sparql?query=...`` path, if this target has a twin."""
        if self.virtuoso_query is None:
            return None
        return "/sparql?" + urlencode({"query": self.virtuoso_query})


def canned_targets(only: frozenset[str] | None = None) -> list[Target]:
    """Every ``queries/*.rq`` (or those named in ``only``), with defaults or sample values."""
    targets = []
    for query in query_files():
        if only is not None and query.name not in only:
            continue
        values = SAMPLE_VALUES.get(query.name, {})
        text = bound_text(query, values)
        if text is not None:
            query_string = f"?{urlencode(values)}" if values else ""
            targets.append(Target(query.name, CANNED, f"/api/queries/{query.name}{query_string}",
                                  virtuoso_query=text))
    return targets


def fixed_targets() -> list[Target]:
    """The lookup, the CONSTRUCT and the ceiling."""
    return [
        Target("lookup", LOOKUP, "/api/lookup?" + urlencode({"q": LOOKUP_WORD}),
               accept="application/json", virtuoso_query=LOOKUP_TWIN),
        Target("construct", CONSTRUCT, "/sparql?" + urlencode({"query": CONSTRUCT_QUERY}),
               accept=TURTLE, virtuoso_query=CONSTRUCT_QUERY),
        Target("livez", CEILING, "/livez", accept="text/plain"),
    ]


def bound_text(query: QueryFile, values: dict[str, str]) -> str | None:
    """The query text with ``values`` and its defaults bound; None when one is missing."""
    try:
        bindings = checked_bindings(query.bindings(values))
    except SmcError:
        return None
    return inject_values(query.text, bindings) if bindings else query.text
