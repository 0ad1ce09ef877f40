"""smc-kg: the WEF/Tencent framework of digital transformation in small and medium-sized cities
as an OWL ontology, a bilingual knowledge graph and a SPARQL service."""

__version__ = "0.1.0"
