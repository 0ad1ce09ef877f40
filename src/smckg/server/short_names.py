"""Short names for IRI parameters of the canned queries: ``governance`` for ``smcid:area/governance``.

A value of an ``iri`` parameter that is not an absolute IRI is read as a CURIE of a known
prefix (``smcid:area/governance``, ``smc:FunctionalArea``) or, failing that, as a name in
the namespace of the parameter's default (``governance`` next to the default
``https://w3id.org/smc-dt/id/area/governance``; ``2`` next to ``.../phase/1``) or, for a
parameter without a default, in ``smcid:<parameter name>/`` (``area=governance``).
Anything else is left as it is, for the query file's own check to refuse.
"""

from __future__ import annotations

import re

from smckg.queryfiles import IRI_SCHEMES, Parameter, QueryFile
from smckg.vocab import PREFIXES

#: A name that may follow a namespace: letters, digits and ``._~-``, slashes between.
LOCAL_NAME = re.compile(r"[\w~-][\w.~-]*(?:/[\w~-][\w.~-]*)*")


def namespace_of(iri: str) -> str:
    """The IRI up to and including its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def namespace_for(param: Parameter) -> str:
    """Where the short names of a parameter live: its default's namespace, else ``smcid:<name>/``."""
    return namespace_of(param.default) if param.default else f"{PREFIXES['smcid']}{param.name}/"


def expand(param: Parameter, value: str) -> str:
    """The full IRI a short name stands for; other values unchanged."""
    if param.kind != "iri" or value.startswith(IRI_SCHEMES):
        return value
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and LOCAL_NAME.fullmatch(local):
        return PREFIXES[prefix] + local
    if LOCAL_NAME.fullmatch(value):
        return namespace_for(param) + value
    return value


def expand_short_names(query: QueryFile, values: dict[str, str]) -> dict[str, str]:
    """The request's parameter values with short names of IRIs expanded."""
    params = {param.name: param for param in query.params}
    return {name: expand(params[name], value) if name in params else value
            for name, value in values.items()}
