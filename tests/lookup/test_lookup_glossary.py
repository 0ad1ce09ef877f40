"""Tests of the glossary exports: CSV for spreadsheets, TBX-Basic structure, SKOS labels."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from lookup_fixture import GOVERNANCE
from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.compare import isomorphic
from tbx_check import tbx_problems

from smckg.lookup import LookupIndex, to_csv, to_skos, to_tbx
from smckg.lookup.glossary import ALT_SEPARATOR, CSV_COLUMNS, XML_LANG
from smckg.vocab import SCHEME, SMCID


def test_csv_has_a_bom_the_columns_and_one_row_per_term(index: LookupIndex) -> None:
    data = to_csv(index).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(index)
    governance = next(row for row in rows if row["iri"] == GOVERNANCE)
    assert (governance["en"], governance["zh"], governance["alt_en"]) == (
        "Governance", "治理与运行", "Governance and operation")
    assert rows[0]["type"] == "smc:FunctionalArea"  # framework terms come first


def test_csv_joins_several_alternative_labels(index: LookupIndex) -> None:
    rows = csv.DictReader(io.StringIO(to_csv(index).lstrip("\ufeff")))
    assurance = next(row for row in rows if row["iri"].endswith("area/development-assurance"))
    assert assurance["alt_en"].split(ALT_SEPARATOR) == ["Development assurance",
                                                        "Development guarantee"]


def test_tbx_parses_and_has_the_basic_structure(index: LookupIndex) -> None:
    root = ET.fromstring(to_tbx(index).encode("utf-8"))
    # the fixture's one term labelled in English only gets no empty Chinese langSet
    assert tbx_problems(root) == [
        "t-smcid-technology-lorawan: needs langSet en and zh, has {'en'}"]
    assert len(root.findall("text/body/termEntry")) == len(index)


def test_the_structure_check_catches_a_missing_language() -> None:
    broken = ET.fromstring(
        '<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc/>'
        '</fileDesc></martifHeader><text><body><termEntry id="a"><langSet xml:lang="en">'
        "<tig><term>x</term></tig></langSet></termEntry></body></text></martif>")
    assert tbx_problems(broken) == ["a: needs langSet en and zh, has {'en'}"]


def test_tbx_entry_holds_preferred_admitted_and_traditional_terms(index: LookupIndex) -> None:
    root = ET.fromstring(to_tbx(index).encode("utf-8"))
    entry = next(e for e in root.iter("termEntry") if e.findtext("xref") == GOVERNANCE)
    terms = {(lang_set.get(XML_LANG), tig.findtext("term"),
              tig.findtext("termNote[@type='administrativeStatus']"))
             for lang_set in entry.findall("langSet") for tig in lang_set.findall("tig")}
    assert terms == {
        ("en", "Governance", "preferredTerm-admn-sts"),
        ("en", "Governance and operation", "admittedTerm-admn-sts"),
        ("zh", "治理与运行", "preferredTerm-admn-sts"),
        ("zh", "城市治理", "admittedTerm-admn-sts"),
        ("zh-Hant", "治理與運行", "preferredTerm-admn-sts"),
    }


def test_skos_holds_exactly_the_labels_and_definitions_of_the_graph(
        index: LookupIndex, graph: Graph) -> None:
    expected = Graph()
    for term in index.terms:
        node = URIRef(term.iri)
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.definition):
            for value in graph.objects(node, predicate):
                expected.add((node, predicate, value))
        if term.iri.startswith(str(SMCID)):
            expected.add((node, RDF.type, SKOS.Concept))
            expected.add((node, SKOS.inScheme, SCHEME))
    exported = Graph().parse(data=to_skos(index), format="turtle")
    assert isomorphic(exported, expected)
