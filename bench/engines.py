"""Which embedded SPARQL engine to serve with: pyoxigraph against rdflib's own, measured.

Builds a synthetic graph shaped like the knowledge graph (cases with bilingual labels,
transitions between phases in areas; about 10,000 triples), runs a few typical queries on
both engines and prints the median time of each: pyoxigraph in memory, pyoxigraph on disk
(opened read-only, as a fresh load is stored) and rdflib's in-memory graph.  rdflib gets
its queries prepared once (parsing excluded), pyoxigraph parses on every run, so the
comparison favours rdflib.

Run: ``.venv/bin/python -m bench.engines [--triples N] [--repeat N]``.  Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS
from rdflib.plugins.sparql import prepareQuery

from smckg.vocab import SMC, area, iri, phase, transition

AREAS = ("governance", "infrastructure", "industry-economy", "public-social-services")
PREFIXES = """PREFIX smc: <https://w3id.org/smc-dt/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
QUERIES = {
    "example question (join, lang filter)": PREFIXES + """
SELECT ?case ?en ?zh WHERE {
  ?case a smc:Case ; smc:hasTransition ?t ; skos:prefLabel ?en, ?zh .
  ?t smc:inArea <https://w3id.org/smc-dt/id/area/governance> ;
     smc:fromPhase <https://w3id.org/smc-dt/id/phase/1> ;
     smc:toPhase <https://w3id.org/smc-dt/id/phase/2> .
  FILTER(lang(?en) = "en" && lang(?zh) = "zh")
}""",
    "count per area (GROUP BY)": PREFIXES + """
SELECT ?area (COUNT(?case) AS ?n) WHERE {
  ?case smc:hasTransition ?t . ?t smc:inArea ?area .
} GROUP BY ?area""",
    "regex over every label": PREFIXES + """
SELECT ?case WHERE { ?case skos:prefLabel ?l FILTER(REGEX(STR(?l), "case 1[0-9]*7$")) }""",
    "order by label, limit 50": PREFIXES + """
SELECT ?case ?l WHERE { ?case a smc:Case ; skos:prefLabel ?l FILTER(lang(?l) = "en") }
ORDER BY DESC(?l) LIMIT 50""",
    "optional + property path": PREFIXES + """
SELECT ?case ?later WHERE {
  ?case smc:hasTransition ?t . ?t smc:fromPhase ?p .
  OPTIONAL { ?p smc:nextPhase+ ?later }
}""",
}


def synthetic_graph(triples: int) -> Graph:
    """A KG-shaped graph of about ``triples`` triples."""
    graph = Graph()
    for number in (1, 2, 3):
        graph.add((phase(number), RDF.type, SMC.MaturityPhase))
        if number < 3:
            graph.add((phase(number), SMC.nextPhase, phase(number + 1)))
    for index in range(triples // 9):
        case, step = iri(f"case/case-{index}"), transition(f"case-{index}")
        start = 1 + index % 3
        graph.add((case, RDF.type, SMC.Case))
        graph.add((case, SKOS.prefLabel, Literal(f"case {index}", lang="en")))
        graph.add((case, SKOS.prefLabel, Literal(f"案例 {index}", lang="zh")))
        graph.add((case, SMC.hasTransition, step))
        graph.add((step, RDF.type, SMC.PhaseTransition))
        graph.add((step, SMC.inArea, area(AREAS[index % len(AREAS)])))
        graph.add((step, SMC.fromPhase, phase(start)))
        graph.add((step, SMC.toPhase, phase(min(start + 1, 3))))
        graph.add((case, SMC.city, iri(f"city/city-{index % 50}")))
    return graph


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall-clock milliseconds of ``repeat`` runs (after one warm-up run)."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def compare(graph: Graph, repeat: int, folder: Path) -> list[tuple[str, int, float, float, float]]:
    """For each query: its row count, median times in memory, on disk and on rdflib."""
    dump = graph.serialize(format="nt", encoding="utf-8")
    memory = ox.Store()
    memory.load(dump, format=ox.RdfFormat.N_TRIPLES)
    writer = ox.Store(str(folder))
    writer.bulk_load(dump, format=ox.RdfFormat.N_TRIPLES)
    del writer
    disk = ox.Store.read_only(str(folder))
    rows = []
    for name, text in QUERIES.items():
        prepared = prepareQuery(text)
        count = len(list(memory.query(text)))
        in_memory = median_ms(lambda text=text: list(memory.query(text)), repeat)
        on_disk = median_ms(lambda text=text: list(disk.query(text)), repeat)
        rdflib_ms = median_ms(lambda prepared=prepared: list(graph.query(prepared)), repeat)
        rows.append((name, count, in_memory, on_disk, rdflib_ms))
    return rows


def main() -> None:
    """Print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    graph = synthetic_graph(options.triples)
    print(f"graph: {len(graph)} triples; median of {options.repeat} runs, milliseconds")
    print(f"{'query':38} {'rows':>5} {'oxigraph mem':>13} {'oxigraph disk':>14} {'rdflib':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for name, count, memory, disk, rdflib_ms in compare(graph, options.repeat, Path(folder)):
            print(f"{name:38} {count:5} {memory:13.2f} {disk:14.2f} {rdflib_ms:9.2f}")


if __name__ == "__main__":
    main()
