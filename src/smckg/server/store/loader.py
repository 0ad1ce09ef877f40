"""Bulk-loading an N-Triples dump into a new pyoxigraph database; run in a process of its own.

Kept to this one import (pyoxigraph) so that the process spawned to run it starts quickly.
"""

from __future__ import annotations

import pyoxigraph as ox


def load_dump(folder: str, dump: str) -> int | str:
    """Load ``dump`` into a database at ``folder``: its triple count, or why loading failed."""
    try:
        database = ox.Store(folder)
        database.bulk_load(path=dump, format=ox.RdfFormat.N_TRIPLES)
        database.optimize()
        return len(database)
    except (OSError, SyntaxError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
