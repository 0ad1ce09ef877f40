"""Label keys (``smc:labelKey``): every framework term's labels lower-cased as plain strings, nothing else keyed."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from smckg.graph.label_keys import add_label_keys
from smckg.vocab import SMC

EX = "https://example.org/"
ONTOLOGY = URIRef(f"{EX}ontology")
AREA_CLASS = URIRef(f"{EX}Area")


def small_graph() -> Graph:
    """An ontology with one class and property, a member of it, a bare concept, an assessed city."""
    graph = Graph()
    graph.add((ONTOLOGY, RDF.type, OWL.Ontology))
    graph.add((AREA_CLASS, RDF.type, OWL.Class))
    graph.add((AREA_CLASS, RDFS.isDefinedBy, ONTOLOGY))
    graph.add((AREA_CLASS, SKOS.prefLabel, Literal("Functional Area", lang="en")))
    prop = URIRef(f"{EX}inArea")
    graph.add((prop, RDFS.isDefinedBy, ONTOLOGY))
    graph.add((prop, SKOS.prefLabel, Literal("in area", lang="en")))
    area = URIRef(f"{EX}governance")
    graph.add((area, RDF.type, AREA_CLASS))
    graph.add((area, SKOS.prefLabel, Literal("Governance", lang="en")))
    graph.add((area, SKOS.prefLabel, Literal("治理与运行", lang="zh")))
    graph.add((area, SKOS.altLabel, Literal("Urban GOVERNANCE", lang="en")))
    graph.add((area, RDFS.label, Literal("Not A Key", lang="en")))  # rdfs:label is not matched
    graph.add((area, SKOS.altLabel, Literal("No Language")))  # untagged: no key
    concept = URIRef(f"{EX}bare-concept")
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.prefLabel, Literal("Bare", lang="en")))
    graph.add((SKOS.Concept, RDF.type, OWL.Class))
    city = URIRef(f"{EX}assessed/1")
    graph.add((SMC.AssessedCity, RDF.type, OWL.Class))
    graph.add((city, RDF.type, SMC.AssessedCity))
    graph.add((city, SKOS.prefLabel, Literal("Assessed City 1", lang="en")))
    return graph


def keys(graph: Graph) -> set[tuple[str, str]]:
    """The graph's (term, key) pairs; every key is a plain string (no language, no datatype)."""
    pairs = set(graph.subject_objects(SMC.labelKey))
    assert all(isinstance(key, Literal) and key.language is None and key.datatype is None for _, key in pairs)
    return {(str(term), str(key)) for term, key in pairs}


def test_each_tagged_label_of_a_term_is_keyed_lower_cased_as_a_plain_string() -> None:
    graph = small_graph()
    add_label_keys(graph)
    assert keys(graph) == {
        (f"{EX}Area", "functional area"),
        (f"{EX}inArea", "in area"),
        (f"{EX}governance", "governance"),
        (f"{EX}governance", "治理与运行"),
        (f"{EX}governance", "urban governance"),
    }


def test_assessed_cities_and_bare_concepts_get_no_key() -> None:
    graph = small_graph()
    add_label_keys(graph)
    keyed = {term for term, _ in keys(graph)}
    assert f"{EX}assessed/1" not in keyed and f"{EX}bare-concept" not in keyed


def test_the_built_kg_keys_every_label_of_its_areas(kg: Graph) -> None:
    areas = set(kg.subjects(RDF.type, SMC.FunctionalArea))
    assert len(areas) == 7
    for area in areas:
        labels = {str(label).lower() for label in kg.objects(area, SKOS.prefLabel | SKOS.altLabel)}
        assert {str(key) for key in kg.objects(area, SMC.labelKey)} == labels
