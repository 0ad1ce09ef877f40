"""A trie over token sequences that finds the longest sequence starting at a position."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_VALUE = ""  # tokens are never empty, so the empty string marks a stored value


class TokenTrie:
    """Maps token sequences to values; the first value stored for a sequence is kept.

    >>> trie = TokenTrie()
    >>> trie.insert(("治", "理"), 1)
    >>> trie.insert(("治", "理", "与", "运", "行"), 2)
    >>> trie.longest(list("在治理与运行中"), 1)
    (6, 2)
    >>> trie.longest(list("治安"), 0) is None
    True
    """

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}

    def insert(self, tokens: Sequence[str], value: int) -> None:
        """Store ``value`` for ``tokens`` unless a value is already stored for them."""
        node = self._root
        for token in tokens:
            node = node.setdefault(token, {})
        node.setdefault(_VALUE, value)

    def longest(self, tokens: Sequence[str], start: int) -> tuple[int, int] | None:
        """(end position, value) of the longest stored sequence at ``tokens[start:]``."""
        node, best = self._root, None
        for position in range(start, len(tokens)):
            node = node.get(tokens[position])
            if node is None:
                break
            if _VALUE in node:
                best = (position + 1, node[_VALUE])
        return best
