"""Stores: the engines a query worker asks (embedded pyoxigraph, remote endpoint) and the app's view of them.

Web code never opens an engine itself: it uses the app's ``SupervisedStore``
(``smckg.server.context.get_store()``), which runs every query in a supervised worker process.
"""

from smckg.server.store.base import QueryKind, QueryResult, StoreInfo

__all__ = ["QueryKind", "QueryResult", "StoreInfo"]
