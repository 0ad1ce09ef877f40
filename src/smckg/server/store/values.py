"""Binding parameters with VALUES blocks placed inside the query's groups, never pasted in.

Used where the engine cannot bind by itself: the remote store (SPARQLWrapper sends text)
and the embedded store when a bound variable is not projected (pyoxigraph's
``substitutions`` accept only projected variables).

What it does, and why this way:

* **Values are terms, not text.**  Each value is serialised by pyoxigraph (``str(term)``
  is N-Triples, also valid SPARQL): its ``NamedNode`` rejects an IRI holding ``>``, spaces
  or quotes, and literals are escaped, so a value cannot close the block and add query
  text (the injection of grlc#101).  Blank nodes and quoted triples are refused: a VALUES
  block cannot hold them.
* **The binding reaches every group that uses the variable.**  Callers expect a parameter
  to be bound everywhere in the query (as rdflib's ``initBindings`` and pyoxigraph's
  ``substitutions`` do), but SPARQL evaluates groups bottom-up: a single block at the top
  would not reach a FILTER in a nested group.  So a ``VALUES (?v) { (<term>) }`` opens the
  outermost WHERE group (with every parameter) and each nested group pattern whose text
  mentions one (with those).  Joining the same single value at several levels gives the
  substitution's answer; the one known difference is a MINUS whose only variable shared
  with its left side is the parameter.  A trailing ``VALUES`` after the query was rejected:
  it joins after GROUP BY and changes aggregates and filters.
* **Positions come from a SPARQL tokenizer**, which skips strings, IRIs, comments and
  escapes by the grammar's terminal rules, so a brace or ``?name`` inside them is never
  taken for structure; the braces of CONSTRUCT templates and VALUES data, and groups
  holding a sub-SELECT, get no block.  The rewritten query is then parsed by the engine
  that runs it, like any other: a placement it cannot read is its 400.  Only the service's
  own query texts (canned queries, page queries) are ever given parameters.

A query with no WHERE group (``DESCRIBE <iri>``) or the short ``CONSTRUCT WHERE`` form
cannot take a block and is refused with a QueryError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from smckg.errors import ParameterError, QueryError
from smckg.server.store.base import Term

_NAME_CHARS = "A-Za-z0-9_\u00b7\u00c0-\ufffd\U00010000-\U000effff"
_TOKENS = re.compile(
    rf"""
      (?P<space>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][{_NAME_CHARS}]+)
    | (?P<word>[{_NAME_CHARS}][{_NAME_CHARS}.\-]*)
    | (?P<open>\{{)
    | (?P<close>\}})
    | (?P<other>\\.|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_QUIET = {"space", "comment"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int

    def keyword(self) -> str | None:
        """The upper-cased word, if this token is a bare word (a keyword candidate)."""
        return self.text.upper() if self.kind == "word" else None


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<iri> "text"@en) }`` for one row of bound terms."""
    for name, term in bindings.items():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise ParameterError(
                f"parameter {name} must be an IRI or a literal to be bound here",
                f"参数 {name} 须为 IRI 或字面量才能在此绑定",
                where=name,
            )
    variables = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({variables}) {{ ({terms}) }}"


def inject_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with the bindings as VALUES blocks opening the groups that use them."""
    if not bindings:
        return sparql
    text = sparql
    for position, names in reversed(_plan(text, tuple(bindings))):
        block = values_block({name: bindings[name] for name in names})
        text = f"{text[:position]} {block} {text[position:]}"
    return text


@lru_cache(maxsize=1024)
def _plan(text: str, names: tuple[str, ...]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Where blocks go (ascending positions) and which parameters each takes; cached by text and names."""
    insertions = _insertions(tokenize(text), names)
    if not insertions or tuple(insertions[0][1]) != names:
        raise QueryError(
            "parameters need a WHERE { ... } group to be bound in",
            "参数需要 WHERE { ... } 组才能绑定",
            where="query",
        )
    return tuple(sorted((position, tuple(here)) for position, here in insertions))


def tokenize(text: str) -> list[_Token]:
    """The tokens of a query text, spaces and comments left out."""
    tokens = [_Token(m.lastgroup or "other", m.group(), m.start()) for m in _TOKENS.finditer(text)]
    return [token for token in tokens if token.kind not in _QUIET]


def _insertions(tokens: list[_Token], names: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(position after a group's brace, the parameters it takes), the outermost group first."""
    found: list[tuple[int, list[str]]] = []
    for index, close in _groups(tokens):
        mentioned = {t.text[1:] for t in tokens[index:close] if t.kind == "var"}
        here = list(names) if not found else [name for name in names if name in mentioned]
        if here:
            found.append((tokens[index].start + 1, here))
    return found


def _groups(tokens: list[_Token]) -> list[tuple[int, int]]:
    """(open, close) token indexes of the group patterns that may take a VALUES block."""
    groups, stack = [], []
    data_next = False
    for index, token in enumerate(tokens):
        if token.keyword() == "VALUES" and _bare(tokens, index):
            data_next = True
        elif token.kind == "open":
            takes = not data_next and not _after_construct(tokens, index) and not (
                index + 1 < len(tokens) and tokens[index + 1].keyword() == "SELECT")
            stack.append((index, takes))
            data_next = False
        elif token.kind == "close" and stack:
            start, takes = stack.pop()
            if takes:
                groups.append((start, index))
    return sorted(groups)


def _bare(tokens: list[_Token], index: int) -> bool:
    """Whether a word stands alone (``VALUES``), not inside a prefixed name (``ex:values``)."""
    token = tokens[index]
    before = tokens[index - 1] if index else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    touches_before = before is not None and before.text == ":" and (
        before.start + 1 == token.start)
    touches_after = after is not None and after.text == ":" and (
        token.start + len(token.text) == after.start)
    return not touches_before and not touches_after


def _after_construct(tokens: list[_Token], index: int) -> bool:
    """A CONSTRUCT template, or the short CONSTRUCT WHERE form's triples."""
    previous = [t.keyword() for t in tokens[max(index - 2, 0):index]]
    return previous[-1:] == ["CONSTRUCT"] or previous == ["CONSTRUCT", "WHERE"]
