"""Canned queries written so that their cost does not grow with assessment data still answer
the whole question: ``term-by-label`` and ``term-by-label-zh`` reach every term of the built
KG that has a class to report, by any of its labels, and leave assessed cities out.

They run on pyoxigraph (the service's engine), with parameters bound as the service binds
them, since rdflib takes about half a second per query and every term is tried.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, SKOS, Graph, URIRef

from smckg.paths import QUERIES_DIR
from smckg.queryfiles import parse_query_file
from smckg.server.store.values import inject_values
from smckg.synthetic import assessed_city, ntriples
from smckg.vocab import SMC

NOT_REPORTED = {SKOS.Concept, OWL.NamedIndividual}
QUERIES = {"en": "term-by-label", "zh": "term-by-label-zh"}


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    """The built KG plus a few synthetic assessed cities, in an in-memory pyoxigraph store."""
    database = ox.Store()
    database.load(path=str(built / "smc-dt.nt"), format=ox.RdfFormat.N_TRIPLES)
    database.load("".join(ntriples(5, 1)).encode(), format=ox.RdfFormat.N_TRIPLES)
    return database


def found(store: ox.Store, lang: str, label: str) -> set[URIRef]:
    """The terms the label query of ``lang`` answers with for ``label``."""
    query = parse_query_file(QUERIES_DIR / f"{QUERIES[lang]}.rq")
    text = inject_values(query.text, {f"_label_{lang}": ox.Literal(label, language=lang)})
    return {URIRef(row["term"].value) for row in store.query(text)}


def reportable_terms(kg: Graph, lang: str) -> dict[URIRef, list[str]]:
    """Each KG term with a class other than skos:Concept and owl:NamedIndividual: its labels."""
    terms: dict[URIRef, list[str]] = {}
    for term, label in kg.subject_objects(SKOS.prefLabel | SKOS.altLabel):
        if getattr(label, "language", None) == lang and set(kg.objects(term, RDF.type)) - NOT_REPORTED:
            terms.setdefault(term, []).append(str(label))
    return terms


@pytest.mark.parametrize("lang", sorted(QUERIES))
def test_every_term_is_found_by_each_of_its_labels(kg: Graph, store: ox.Store, lang: str) -> None:
    terms = reportable_terms(kg, lang)
    assert len(terms) > 400
    missed = [(term, label) for term, labels in terms.items() for label in labels
              if term not in found(store, lang, label.upper())]
    assert missed == []


@pytest.mark.parametrize("lang", sorted(QUERIES))
def test_assessed_cities_are_not_terms(store: ox.Store, lang: str) -> None:
    labels = [row["label"].value for row in store.query(
        f"SELECT ?label WHERE {{ <{assessed_city(1)}> <{SKOS.prefLabel}> ?label . "
        f'FILTER(lang(?label) = "{lang}") }}')]
    assert len(labels) == 1 and store.query(f"ASK {{ ?city a <{SMC.AssessedCity}> }}")
    assert found(store, lang, labels[0]) == set()
