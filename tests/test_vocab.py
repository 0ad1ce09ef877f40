"""The typed namespace ``smckg.vocab.SMC`` and the ontology source declare the same terms."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from smckg.ontology import load_ontology
from smckg.vocab import PREFIXES, SMC

SMC_NS = PREFIXES["smc"]
VOCAB_TERMS = {URIRef(SMC_NS + name) for name in SMC.__annotations__}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def _mentioned(graph: Graph) -> set[URIRef]:
    """Every smc: IRI the ontology uses anywhere, declared or not."""
    return {node for triple in graph for node in triple
            if isinstance(node, URIRef) and node.startswith(SMC_NS)}


def _declared(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def test_every_vocab_term_is_declared_in_the_ontology(ontology: Graph) -> None:
    assert sorted(VOCAB_TERMS - _declared(ontology)) == []


def test_ontology_uses_no_smc_term_missing_from_vocab(ontology: Graph) -> None:
    assert sorted(_mentioned(ontology) - VOCAB_TERMS) == []


def test_vocab_names_resolve_to_their_iris() -> None:
    """``_fail = True``: known names resolve, unknown ones raise instead of minting an IRI."""
    assert {URIRef(getattr(SMC, name)) for name in SMC.__annotations__} == VOCAB_TERMS
    with pytest.raises(AttributeError):
        _ = SMC.NoSuchTerm


@pytest.mark.parametrize("name", sorted(SMC.__annotations__))
def test_capitalised_names_are_classes_and_others_properties(ontology: Graph, name: str) -> None:
    term = URIRef(SMC_NS + name)
    expected = [OWL.Class] if name[0].isupper() else [OWL.ObjectProperty, OWL.DatatypeProperty]
    assert any((term, RDF.type, kind) in ontology for kind in expected)
