"""The ontology source: header, declarations, bilingual annotations, the public contract, and
its logic under HermiT (consistent as written; contradictions in data are caught)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Node, URIRef, namespace
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

from smckg.ontology import load_ontology
from smckg.paths import PROJECT_ROOT
from smckg.validation import check_consistency, check_profile
from smckg.vocab import ONTOLOGY_IRI, PREFIXES, SMC, SMCID, report

CONTRACT = PROJECT_ROOT.parent / "shared" / "design" / "vocabulary.md"
FIXTURES = Path(__file__).parent / "fixtures" / "validation"
SMC_NS = PREFIXES["smc"]
VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
TERMS = sorted(SMC.__annotations__)
PROPERTIES = [name for name in TERMS if name[0].islower()]
LANGUAGES = ("en", "zh")
X = "https://example.org/test/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def _smc_terms(graph: Graph) -> set[URIRef]:
    return {node for triple in graph for node in triple
            if isinstance(node, URIRef) and node.startswith(SMC_NS)}


def _members(graph: Graph, node: Node) -> set[Node]:
    """A class, or the members of a union class."""
    union = graph.value(node, OWL.unionOf) if isinstance(node, BNode) else None
    return set(Collection(graph, union)) if union is not None else {node}


# ---------------------------------------------------------------- header


def test_header_names_version_license_sources(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY_IRI, VANN_PREFIX) == Literal("smc")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    assert {report("en"), report("zh")} <= set(ontology.objects(ONTOLOGY_IRI, DCTERMS.source))
    for predicate in (DCTERMS.title, DCTERMS.description):
        languages = sorted(o.language for o in ontology.objects(ONTOLOGY_IRI, predicate))
        assert languages == ["en", "zh"], predicate


def test_header_comment_says_edited_source() -> None:
    head = (PROJECT_ROOT / "ontology" / "smc-dt.ttl").read_text(encoding="utf-8")[:400]
    assert "EDITED SOURCE" in head and "generates the release files" in head


# ---------------------------------------------------------------- declarations and annotations


def test_every_smc_term_has_exactly_one_kind(ontology: Graph) -> None:
    wrong = {term: kinds for term in _smc_terms(ontology)
             if len(kinds := [k for k in KINDS if (term, RDF.type, k) in ontology]) != 1}
    assert wrong == {}


def test_external_predicates_are_declared(ontology: Graph) -> None:
    """OWL 2 DL: every annotation or property used must be declared (built-ins excepted)."""
    builtin = (str(RDF), str(RDFS), str(OWL))
    used = {p for p in ontology.predicates() if not str(p).startswith((*builtin, SMC_NS))}
    declared = set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    declared |= set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert used - declared == set()


@pytest.mark.parametrize("name", TERMS)
def test_term_has_one_label_and_definition_per_language(ontology: Graph, name: str) -> None:
    term = getattr(SMC, name)
    for predicate in (RDFS.label, SKOS.prefLabel, SKOS.definition):
        values = list(ontology.objects(term, predicate))
        languages = sorted(getattr(value, "language", None) or "-" for value in values)
        assert languages == list(LANGUAGES), (predicate, values)
    for lang in LANGUAGES:
        label = [v for v in ontology.objects(term, RDFS.label) if v.language == lang]
        assert label == [v for v in ontology.objects(term, SKOS.prefLabel) if v.language == lang]


@pytest.mark.parametrize("name", PROPERTIES)
def test_property_has_domain_and_range(ontology: Graph, name: str) -> None:
    prop = getattr(SMC, name)
    assert len(list(ontology.objects(prop, RDFS.domain))) == 1
    assert len(list(ontology.objects(prop, RDFS.range))) == 1


def test_no_class_is_disjoint_with_skos_concept(ontology: Graph) -> None:
    """Every individual of the KG is also a skos:Concept."""
    in_axioms = {(s, o) for s, o in ontology.subject_objects(OWL.disjointWith)}
    assert all(SKOS.Concept not in pair for pair in in_axioms)
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        assert SKOS.Concept not in set(Collection(ontology, ontology.value(axiom, OWL.members)))


def test_ontology_is_owl2_dl() -> None:
    assert check_profile() == []


# ---------------------------------------------------------------- the public contract


def _contract_text() -> str:
    if not CONTRACT.is_file():
        pytest.skip(f"contract not found at {CONTRACT}")
    return CONTRACT.read_text(encoding="utf-8")


def _section(text: str, title: str) -> str:
    return text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def _contract_classes() -> list[str]:
    return re.findall(r"^\|\s*`smc:(\w+)`", _section(_contract_text(), "Classes"), re.M)


def _contract_properties() -> list[tuple[str, list[str], str]]:
    """(name, domain class names, range) for every smc: property row of the contract."""
    rows = re.findall(r"^\|\s*((?:`smc:\w+`,?\s*)+)\|\s*([^|]+?)\s*\|",
                      _section(_contract_text(), "Properties"), re.M)
    found = []
    for names, signature in rows:
        domain, range_ = signature.split("→")
        for name in re.findall(r"smc:(\w+)", names):
            found.append((name, re.findall(r"`(\w+)`", domain), range_.strip(" `")))
    return found


def test_contract_namespaces_match_vocab() -> None:
    text = _section(_contract_text(), "Namespaces")
    assert f"`{SMC_NS}`" in text and f"`{SMCID}`" in text and f"`{ONTOLOGY_IRI}`" in text


def test_contract_classes_are_declared(ontology: Graph) -> None:
    names = _contract_classes()
    assert len(names) == 11
    assert [n for n in names if (getattr(SMC, n), RDF.type, OWL.Class) not in ontology] == []


def test_contract_properties_have_kind_domain_and_range(ontology: Graph) -> None:
    properties = _contract_properties()
    assert len(properties) == 16
    for name, domain, range_ in properties:
        prop = getattr(SMC, name)
        datatype = range_.startswith("xsd:")
        kind = OWL.DatatypeProperty if datatype else OWL.ObjectProperty
        assert (prop, RDF.type, kind) in ontology, name
        expected_range = namespace.XSD[range_[4:]] if datatype else getattr(SMC, range_)
        assert ontology.value(prop, RDFS.range) == expected_range, name
        declared = _members(ontology, ontology.value(prop, RDFS.domain))
        assert {getattr(SMC, d) for d in domain} <= declared, name


# ---------------------------------------------------------------- logic under HermiT


def test_ontology_alone_is_consistent_and_satisfiable() -> None:
    report_ = check_consistency()
    assert report_.consistent and report_.unsatisfiable == ()


def test_valid_fixture_data_is_consistent() -> None:
    data = Graph().parse(FIXTURES / "valid.ttl")
    assert check_consistency(data_graph=data).ok


CONTRADICTIONS = {
    "case and city at once": f"<{X}i> a smc:Case , smc:City .",
    "two kinds of principle": f"<{X}p> a smc:GeneralPrinciple , smc:KeyPoint .",
    "case city used as reference": f"<{X}c> a smc:City , smc:ReferenceCity .",
    "phase follows itself": f"<{SMCID}phase/1> smc:nextPhase <{SMCID}phase/1> .",
    "feature in two distinct areas": f"<{X}f> smc:inArea <{X}a1> , <{X}a2> . "
                                     f"<{X}a1> owl:differentFrom <{X}a2> .",
    "core and auxiliary in one area": f"<{X}s> smc:hasCoreRoleIn <{X}a> ; "
                                      f"smc:hasAuxiliaryRoleIn <{X}a> .",
    "value typed as double": f'<{X}o> smc:numericValue "1.5"^^xsd:double .',
    "two phase numbers": f"<{X}m> a smc:MaturityPhase ; smc:phaseNumber 1 , 2 .",
}
TURTLE_PREFIXES = (f"@prefix smc: <{SMC_NS}> . @prefix owl: <{OWL}> . "
                   f"@prefix xsd: <{namespace.XSD}> . "
                   f"@prefix rdfs: <{RDFS}> .\n")


@pytest.mark.parametrize("turtle", CONTRADICTIONS.values(), ids=CONTRADICTIONS.keys())
def test_contradiction_is_reported_inconsistent(turtle: str) -> None:
    data = Graph().parse(data=TURTLE_PREFIXES + turtle, format="turtle")
    report_ = check_consistency(data_graph=data)
    assert not report_.consistent and not report_.ok
    assert "inconsistent" in str(report_) and "不一致" in str(report_)


def test_unsatisfiable_class_is_named() -> None:
    turtle = f"<{X}Both> a owl:Class ; rdfs:subClassOf smc:Case , smc:Driver ."
    report_ = check_consistency(data_graph=Graph().parse(data=TURTLE_PREFIXES + turtle,
                                                         format="turtle"))
    assert report_.consistent and report_.unsatisfiable == (f"{X}Both",)
    assert f"{X}Both" in str(report_)
