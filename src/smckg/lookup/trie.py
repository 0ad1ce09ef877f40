"""A trie over token sequences that finds the stored sequences starting at a position."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_VALUE = ""  # tokens are never empty, so the empty string marks a stored value


class TokenTrie:
    """Maps token sequences to values; the first value stored for a sequence is kept.

    >>> trie = TokenTrie()
    >>> trie.insert(("治", "理"), 1)
    >>> trie.insert(("治", "理", "与", "运", "行"), 2)
    >>> trie.matches(list("在治理与运行中"), 1)
    [(3, 1), (6, 2)]
    >>> trie.matches(list("治安"), 0)
    []
    """

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}

    def insert(self, tokens: Sequence[str], value: int) -> None:
        """Store ``value`` for ``tokens`` unless a value is already stored for them."""
        node = self._root
        for token in tokens:
            node = node.setdefault(token, {})
        node.setdefault(_VALUE, value)

    def matches(self, tokens: Sequence[str], start: int) -> list[tuple[int, int]]:
        """(end position, value) of every stored sequence at ``tokens[start:]``, shortest first."""
        node, found = self._root, []
        for position in range(start, len(tokens)):
            node = node.get(tokens[position])
            if node is None:
                break
            if _VALUE in node:
                found.append((position + 1, node[_VALUE]))
        return found
