"""The lock every use of rdflib's SPARQL parser in a server process takes.

rdflib parses with pyparsing, whose parse actions keep state in shared grammar objects:
two threads parsing at once corrupt each other's results (seen as ``TypeError:
Param.postParse2() missing 1 required positional argument``).  Query workers are single
threaded, but the web process also reads queries (:mod:`smckg.server.inline` runs cheap
ones there), so parsing there is done by one thread at a time.  Parses are cached by
their callers, so the lock is rarely held.
"""

from __future__ import annotations

import threading

PARSER_LOCK = threading.RLock()
