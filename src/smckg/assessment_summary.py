"""Summary statistics of city self-assessments, written with them as RDF Data Cube observations.

Why it exists: the statistics queries (``queries/assessment-phase-distribution.rq`` and
``queries/assessment-gap-per-area.rq``) need, for each key feature of the 7x3 matrix, how
many assessed cities stand in it today and how many aim for it.  Counted when asked, that
is a scan of every ``smc:currentFeature`` and ``smc:targetFeature`` triple (about 2.2 s per
query in pyoxigraph at a million cities, ten million triples), although the answer can only
change with the build.  So the counts are made once, while the assessments are generated,
and written into the same dump (so they share its build id), in the shape of the W3C RDF
Data Cube vocabulary:

* ``smcid:assessment-summary``, a ``qb:DataSet`` whose ``qb:structure`` is
  ``smcid:assessment-summary/structure``, a ``qb:DataStructureDefinition`` with one
  dimension, ``smc:observedFeature`` (the key feature), and two measures,
  ``smc:currentCities`` and ``smc:targetCities``;
* ``smcid:assessment-summary/{area}/{phase}``, one ``qb:Observation`` per key feature
  (zeros included) in that data set, giving the feature and both counts.

The raw triples stay in the graph, so any other question can still be asked of them;
``tests/test_assessment_summary.py`` checks that every observation equals the SPARQL
aggregate over them, and that the statistics queries answer as their raw formulations do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD
from rdflib.term import Node

from smckg.vocab import QB, SMC, feature, iri

SUMMARY = iri("assessment-summary")
STRUCTURE = iri("assessment-summary/structure")
#: The structure's components: (IRI, its role (qb:dimension or qb:measure), the property).
COMPONENTS = (
    (iri("assessment-summary/structure/observed-feature"), QB.dimension, SMC.observedFeature),
    (iri("assessment-summary/structure/current-cities"), QB.measure, SMC.currentCities),
    (iri("assessment-summary/structure/target-cities"), QB.measure, SMC.targetCities),
)
LABELS = {
    SUMMARY: ("Summary of the city self-assessments", "城市自评汇总"),
    STRUCTURE: ("Structure of the summary of the city self-assessments", "城市自评汇总的结构"),
}

Cell = tuple[str, int]  # (area slug, phase number): one key feature


@dataclass
class Tally:
    """Assessed cities per key feature: how many stand in it today, how many aim for it."""

    cells: tuple[Cell, ...]
    current: Counter[Cell] = field(default_factory=Counter)
    target: Counter[Cell] = field(default_factory=Counter)

    def add(self, phases: Iterable[tuple[str, int, int]]) -> None:
        """Count one city's (area slug, current phase, target phase) statements."""
        for slug, now, aim in phases:
            self.current[slug, now] += 1
            self.target[slug, aim] += 1


def observation(area_slug: str, number: int) -> URIRef:
    """The IRI of the summary's observation of the key feature of an area at a phase."""
    return iri(f"assessment-summary/{area_slug}/{number}")


def ntriples(tally: Tally) -> Iterator[str]:
    """The N-Triples lines of the summary: data set, structure, one observation per cell."""
    for subject, predicate, value in _triples(tally):
        yield f"{subject.n3()} {predicate.n3()} {value.n3()} .\n"


def _triples(tally: Tally) -> Iterator[tuple[URIRef, URIRef, Node]]:
    yield SUMMARY, RDF.type, QB.DataSet
    yield SUMMARY, QB.structure, STRUCTURE
    yield STRUCTURE, RDF.type, QB.DataStructureDefinition
    for subject, (english, chinese) in LABELS.items():
        yield subject, SKOS.prefLabel, Literal(english, lang="en")
        yield subject, SKOS.prefLabel, Literal(chinese, lang="zh")
    for component, role, prop in COMPONENTS:
        yield STRUCTURE, QB.component, component
        yield component, RDF.type, QB.ComponentSpecification
        yield component, role, prop
    for slug, number in tally.cells:
        subject = observation(slug, number)
        yield subject, RDF.type, QB.Observation
        yield subject, QB.dataSet, SUMMARY
        yield subject, SMC.observedFeature, feature(slug, number)
        yield subject, SMC.currentCities, Literal(tally.current[slug, number], datatype=XSD.integer)
        yield subject, SMC.targetCities, Literal(tally.target[slug, number], datatype=XSD.integer)
