"""The assessment summary (``smckg.assessment_summary``): its observations equal the SPARQL
aggregates over the raw assessment triples, it is a well-formed RDF Data Cube, and the
statistics queries that read it answer as their formulations over the raw triples do."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from query_expectations import run_query
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from smckg.assessment_summary import SUMMARY, Tally, observation
from smckg.assessment_summary import ntriples as summary_ntriples
from smckg.paths import QUERIES_DIR
from smckg.queryfiles import parse_query_file
from smckg.synthetic import CELLS, ntriples
from smckg.vocab import PREFIXES, QB, feature

CITIES = 400
SEED = 11
STATISTICS = ("assessment-phase-distribution", "assessment-gap-per-area")
PREAMBLE = f"PREFIX smc: <{PREFIXES['smc']}>\nPREFIX qb: <{QB}>\n"
#: The question the summary answers, counted over the raw triples.
RAW_COUNTS = PREAMBLE + """
SELECT ?feature ?link (COUNT(?city) AS ?cities) WHERE {
  VALUES ?link { smc:currentFeature smc:targetFeature }
  ?city ?link ?feature .
}
GROUP BY ?feature ?link
"""
OBSERVED = PREAMBLE + """
SELECT ?observation ?feature ?current ?target WHERE {
  ?observation qb:dataSet ?summary ;
               smc:observedFeature ?feature ;
               smc:currentCities ?current ;
               smc:targetCities ?target .
}
"""
#: Data Cube integrity constraints (IC-1, IC-2, IC-11/IC-14, IC-12 of the W3C Recommendation,
#: in the project's own formulation): each ASK finds a violation.
VIOLATIONS = {
    "an observation without exactly one data set": """ASK {
        ?o a qb:Observation .
        { SELECT ?o (COUNT(?set) AS ?n) WHERE { ?o a qb:Observation OPTIONAL { ?o qb:dataSet ?set } }
          GROUP BY ?o }
        FILTER(?n != 1) }""",
    "a data set without exactly one structure": """ASK {
        { SELECT ?set (COUNT(?dsd) AS ?n) WHERE { ?set a qb:DataSet OPTIONAL { ?set qb:structure ?dsd } }
          GROUP BY ?set }
        FILTER(?n != 1) }""",
    "an observation without exactly one value of a component": """ASK {
        ?o qb:dataSet/qb:structure/qb:component/(qb:dimension|qb:measure) ?p .
        { SELECT ?o ?p (COUNT(?v) AS ?n) WHERE {
            ?o qb:dataSet/qb:structure/qb:component/(qb:dimension|qb:measure) ?p
            OPTIONAL { ?o ?p ?v } } GROUP BY ?o ?p }
        FILTER(?n != 1) }""",
    "two observations of the same key feature": """ASK {
        ?a qb:dataSet ?set ; smc:observedFeature ?f .
        ?b qb:dataSet ?set ; smc:observedFeature ?f .
        FILTER(?a != ?b) }""",
}
#: The statistics queries' read of the summary, and the raw counts it replaces.
SUMMARY_READ = re.compile(r"OPTIONAL \{\s*SELECT \?feature \(SUM\(\?current\).*?GROUP BY \?feature\s*\}", re.S)
RAW_READ = """
  OPTIONAL { SELECT ?feature (COUNT(*) AS ?now) WHERE { ?city smc:currentFeature ?feature } GROUP BY ?feature }
  OPTIONAL { SELECT ?feature (COUNT(*) AS ?aim) WHERE { ?city smc:targetFeature ?feature } GROUP BY ?feature }
"""


@pytest.fixture(scope="module")
def generated() -> Graph:
    """Synthetic cities and their summary, as ``smc-kg synth`` writes them."""
    return Graph().parse(data="".join(ntriples(CITIES, SEED)), format="nt")


def test_every_observation_equals_the_raw_aggregate(generated: Graph) -> None:
    raw = {(row["feature"], row["link"].fragment): int(row["cities"]) for row in generated.query(RAW_COUNTS)}
    rows = list(generated.query(OBSERVED))
    assert sorted(row["observation"] for row in rows) == sorted(observation(*cell) for cell in CELLS)
    for row in rows:
        assert isinstance(row["current"].toPython(), int) and isinstance(row["target"].toPython(), int)
        assert int(row["current"]) == raw.get((row["feature"], "currentFeature"), 0), row["feature"]
        assert int(row["target"]) == raw.get((row["feature"], "targetFeature"), 0), row["feature"]
    assert sum(int(row["current"]) for row in rows) == sum(n for (_, link), n in raw.items()
                                                          if link == "currentFeature") > CITIES


def test_cells_nobody_assessed_are_observed_as_zero() -> None:
    tally = Tally(CELLS)
    tally.add([("governance", 1, 3)])
    graph = Graph().parse(data="".join(summary_ntriples(tally)), format="nt")
    counts = {row["feature"]: (int(row["current"]), int(row["target"])) for row in graph.query(OBSERVED)}
    assert len(counts) == len(CELLS)
    assert counts.pop(feature("governance", 1)) == (1, 0)
    assert counts.pop(feature("governance", 3)) == (0, 1)
    assert set(counts.values()) == {(0, 0)}


@pytest.mark.parametrize("violation", sorted(VIOLATIONS))
def test_the_summary_is_a_well_formed_data_cube(generated: Graph, violation: str) -> None:
    assert not generated.query(PREAMBLE + VIOLATIONS[violation]).askAnswer, violation


def test_the_data_set_is_labelled_in_both_languages(generated: Graph) -> None:
    labels = {label.language for label in generated.objects(SUMMARY, SKOS.prefLabel)}
    assert labels == {"en", "zh"}


@pytest.mark.parametrize("name", STATISTICS)
def test_statistics_queries_answer_as_raw_counts_do(kg: Graph, generated: Graph, name: str) -> None:
    query = parse_query_file(QUERIES_DIR / f"{name}.rq")
    assert len(SUMMARY_READ.findall(query.text)) == 1, "the query no longer reads the summary"
    raw = replace(query, text=SUMMARY_READ.sub(RAW_READ, query.text))
    combined = kg + generated
    answer = run_query(combined, query, {})
    assert answer == run_query(combined, raw, {})
    assert any(value not in (Literal(0), None) for row in answer for value in row.values())
