"""What the benchmark asks the servers: every canned query, the lookup, a CONSTRUCT, the ceiling.

Each target has our route (``/api/queries/<name>`` with its default parameters, the lookup,
``/livez``) and, where it has one, its SPARQL twin: the same text with the parameters
bound by a VALUES block (the remote store's own binding,
:func:`smckg.server.store.values.inject_values`), which Oxigraph's and Virtuoso's servers
are asked, and ours at ``/sparql``.  The lookup's twin is the canned query
``term-by-label`` for the same word.
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
LOOKUP_WORD = "Governance"
#: Values for the parameters that have no default (as tests/test_queries.py uses).
SAMPLE_VALUES = {"term-by-label": {"label": LOOKUP_WORD}, "term-by-label-zh": {"label": "治理与运行"}}

CONSTRUCT_QUERY = """PREFIX smc: <https://w3id.org/smc-dt/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?feature smc:inArea ?area ; smc:atPhase ?phase ; skos:prefLabel ?label . }
WHERE { ?feature a smc:KeyFeature ; smc:inArea ?area ; smc:atPhase ?phase ; skos:prefLabel ?label . }
"""


@dataclass(frozen=True)
class Target:
    """One thing to measure: our own route (None: only ``/sparql``), its Accept, its SPARQL twin."""

    name: str
    kind: str
    path: str | None
    query: str | None = None
    accept: str = JSON_RESULTS

    @property
    def twin_accept(self) -> str:
        """The Accept of the twin's requests: Turtle for the CONSTRUCT, SPARQL JSON otherwise."""
        return TURTLE if self.kind == CONSTRUCT else JSON_RESULTS


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
            targets.append(Target(query.name, CANNED, f"/api/queries/{query.name}{query_string}", text))
    return targets


def fixed_targets() -> list[Target]:
    """The lookup (its twin: ``term-by-label``), the CONSTRUCT and the ceiling."""
    twin = next(query for query in query_files() if query.name == "term-by-label")
    return [
        Target("lookup", LOOKUP, "/api/lookup?" + urlencode({"q": LOOKUP_WORD}),
               bound_text(twin, SAMPLE_VALUES["term-by-label"]), accept="application/json"),
        Target("construct", CONSTRUCT, None, CONSTRUCT_QUERY),
        Target("livez", CEILING, "/livez", accept="text/plain"),
    ]


def bound_text(query: QueryFile, values: dict[str, str]) -> str | None:
    """The query text with ``values`` and its defaults bound; None when one is missing."""
    try:
        bindings = checked_bindings(query.bindings(values))
    except SmcError:
        return None
    return inject_values(query.text, bindings) if bindings else query.text
