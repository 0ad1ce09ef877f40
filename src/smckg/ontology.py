"""The edited ontology source: ``ontology/smc-dt.ttl`` plus the component files beside it."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from smckg.errors import ValidationError
from smckg.paths import ONTOLOGY_DIR
from smckg.vocab import PREFIXES


def ontology_files(directory: Path = ONTOLOGY_DIR) -> list[Path]:
    """The core ontology file followed by its components, in a stable order."""
    return [directory / "smc-dt.ttl", *sorted((directory / "components").glob("*.ttl"))]


def load_ontology(directory: Path = ONTOLOGY_DIR) -> Graph:
    """Parse the ontology and its components into one graph."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for path in ontology_files(directory):
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError as error:
            raise ValidationError("ontology file is missing", "缺少本体文件", where=str(path)) from error
        except Exception as error:  # rdflib raises parser-specific exceptions
            raise ValidationError(
                f"ontology file does not parse: {error}", f"本体文件无法解析：{error}", where=str(path)
            ) from error
    return graph
