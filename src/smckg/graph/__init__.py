"""Assembling the knowledge graph with rdflib: the ontology, the curated records, provenance."""

from smckg.graph.assemble import assemble

__all__ = ["assemble"]
