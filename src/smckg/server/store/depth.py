"""A courtesy limit on how deeply a query nests, checked before the engine parses it.

pyoxigraph's parser recurses once per level of nesting; at about a thousand levels of some
constructs (nested function calls) it overflows the worker's stack and the worker dies.  That
is contained like any engine failure, but a clear 400 naming the depth costs less than a dead
worker.  The scan can only refuse a text, never let one through that the engine would not
refuse: what a query may do is decided by the worker's limits, not here.
"""

from __future__ import annotations

from smckg.errors import QueryError
from smckg.server.store.values import tokenize

#: Deepest nesting of brackets, braces and parentheses accepted.  pyoxigraph 0.5 reads every
#: construct of ``tests/robustness/fuzzing.py`` 512 levels deep; real queries nest under 10.
MAX_NESTING = 256


class QueryTooDeep(QueryError):
    """A query nests brackets, braces or parentheses more deeply than :data:`MAX_NESTING`."""

    def __init__(self, depth: int) -> None:
        super().__init__(
            f"query nesting depth {depth} exceeds the limit of {MAX_NESTING} "
            "(brackets, braces and parentheses inside one another)",
            f"查询的嵌套深度 {depth} 超过上限 {MAX_NESTING}（圆括号、花括号与方括号的相互嵌套）",
            where="query",
        )


def nesting_depth(sparql: str) -> int:
    """How deeply brackets, braces and parentheses nest in a query's text."""
    depth = deepest = 0
    for token in tokenize(sparql):  # strings, IRIs and comments are tokens of their own
        symbol = token.text
        if symbol in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif symbol in ")]}":
            depth = max(depth - 1, 0)
    return deepest


def check_depth(sparql: str) -> None:
    """Refuse (400) a query nesting deeper than :data:`MAX_NESTING`."""
    depth = nesting_depth(sparql)
    if depth > MAX_NESTING:
        raise QueryTooDeep(depth)
