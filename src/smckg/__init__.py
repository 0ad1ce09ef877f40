"""smc-kg: the WEF/Tencent framework of digital transformation in small and medium-sized cities
as an OWL ontology, a bilingual knowledge graph and a SPARQL service.

The notebook API (``smckg.api``) is re-exported here, loaded on first use so that importing
a part of the package does not load it: ``smckg.load_graph()``, ``smckg.load_store()``,
``smckg.query(name, params)``, ``smckg.lookup_terms(text)``, ``smckg.canned_queries()``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
API = ("build_folder", "canned_queries", "load_graph", "load_store", "lookup_terms", "query", "Rows")
__all__ = [*API, "__version__"]


def __getattr__(name: str) -> Any:
    """The API's functions, imported from ``smckg.api`` when first asked for."""
    if name in API:
        return getattr(importlib.import_module("smckg.api"), name)
    raise AttributeError(f"module 'smckg' has no attribute {name!r}")
