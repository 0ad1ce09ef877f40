"""Converting RDF terms between rdflib and pyoxigraph, and checking parameter bindings."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from smckg.errors import ParameterError
from smckg.server.store.base import Term

#: A term a caller may bind to a variable: pyoxigraph's or rdflib's.
Bindable = Term | Identifier

_VARNAME = re.compile(r"^[A-Za-z_0-9\u00B7\u00C0-\uFFFF][A-Za-z_0-9\u00B7\u00C0-\uFFFF]*$")


def to_oxigraph(term: Bindable) -> Term:
    """The pyoxigraph form of an rdflib or pyoxigraph term; ValueError if it is invalid."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


def to_rdflib(term: Term) -> Identifier:
    """The rdflib form of a pyoxigraph term (quoted triples are not supported by rdflib)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"rdflib has no form for {term!r}")


def checked_bindings(bindings: Mapping[str, Bindable] | None) -> dict[str, Term]:
    """Bindings with names stripped of ``?``/``$``, checked, and terms in pyoxigraph form."""
    checked: dict[str, Term] = {}
    for raw_name, term in (bindings or {}).items():
        name = raw_name.lstrip("?$")
        if not _VARNAME.match(name):
            raise ParameterError(
                f"{raw_name!r} is not a SPARQL variable name",
                f"{raw_name!r} 不是 SPARQL 变量名",
                where=raw_name,
            )
        try:
            checked[name] = to_oxigraph(term)
        except ValueError as error:
            raise ParameterError(
                f"parameter {name} is not a valid RDF term: {error}",
                f"参数 {name} 不是有效的 RDF 词项：{error}",
                where=name,
            ) from error
    return checked
