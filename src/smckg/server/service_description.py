"""The service description (SPARQL 1.1 Service Description vocabulary) of the endpoint."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from smckg.server.config import ServerConfig
from smckg.server.media import (
    CSV,
    JSON_LD,
    JSON_RESULTS,
    N_TRIPLES,
    RDF_XML,
    TSV,
    TURTLE,
    XML_RESULTS,
    available,
)
from smckg.server.store.base import QueryKind, StoreInfo
from smckg.vocab import VOID

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

#: Media type -> its name in the W3C registry of format IRIs (http://www.w3.org/ns/formats/).
FORMAT_NAMES = {
    JSON_RESULTS: "SPARQL_Results_JSON",
    XML_RESULTS: "SPARQL_Results_XML",
    CSV: "SPARQL_Results_CSV",
    TSV: "SPARQL_Results_TSV",
    TURTLE: "Turtle",
    JSON_LD: "JSON-LD",
    N_TRIPLES: "N-Triples",
    RDF_XML: "RDF_XML",
}


def service_description(endpoint: str, info: StoreInfo, config: ServerConfig) -> Graph:
    """What the endpoint speaks, returns and holds, with its limits, in English and Chinese."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for iri in _format_iris():
        graph.add((service, SD.resultFormat, URIRef(iri)))
    if config.service_allowlist:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    _describe_texts(graph, service, config)
    _describe_dataset(graph, service, info)
    return graph


def _format_iris() -> list[str]:
    media_types = available(QueryKind.SOLUTIONS) + available(QueryKind.GRAPH)
    return [str(FORMATS[FORMAT_NAMES[media_type]]) for media_type in media_types]


def _describe_texts(graph: Graph, service: URIRef, config: ServerConfig) -> None:
    limits_en = (
        f"Read-only SPARQL 1.1 query service for the knowledge graph of digital transformation "
        f"in small and medium-sized cities. Queries stop after {config.query_timeout:g} s; "
        f"results keep at most {config.max_rows} rows (header SPARQL-Results-Truncated)."
    )
    limits_zh = (
        "中小城市数字化转型知识图谱的只读 SPARQL 1.1 查询服务。"
        f"查询运行 {config.query_timeout:g} 秒后即被终止；"
        f"结果最多保留 {config.max_rows} 行（见响应头 SPARQL-Results-Truncated）。"
    )
    texts = {
        DCTERMS.title: {"en": "SMC digital transformation SPARQL endpoint",
                        "zh": "中小城市数字化转型 SPARQL 端点"},
        DCTERMS.description: {"en": limits_en, "zh": limits_zh},
    }
    for predicate, by_language in texts.items():
        for language, text in by_language.items():
            graph.add((service, predicate, Literal(text, lang=language)))


def _describe_dataset(graph: Graph, service: URIRef, info: StoreInfo) -> None:
    dataset, default_graph = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(info.build_id)))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    if info.triples is not None:
        graph.add((default_graph, VOID.triples, Literal(info.triples)))
