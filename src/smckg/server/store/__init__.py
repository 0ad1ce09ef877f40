"""Stores: the ``Store`` interface and its backends (embedded pyoxigraph, remote endpoint).

Web code never opens a backend itself: it uses the app's ``SupervisedStore``
(``smckg.server.app.get_store()``), which runs every query in a supervised worker process.
"""

from smckg.server.store.base import QueryKind, QueryResult, Store, StoreInfo

__all__ = ["QueryKind", "QueryResult", "Store", "StoreInfo"]
