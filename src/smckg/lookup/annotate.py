"""Annotation: the mentions of framework terms in a text, and the areas and phases it touches.

The text is cut into the same tokens as the labels (each Chinese character a token, Latin
words whole), so Chinese needs no spaces and English matches whole words only.  Among the
labels found at every position, the set of non-overlapping mentions covering the most
tokens is kept (longer mentions win over the shorter ones inside them).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import takewhile

from smckg.errors import ParameterError
from smckg.lookup import text as folding
from smckg.lookup.index import LookupIndex
from smckg.lookup.match import display_lang

MAX_TEXT = 100_000  # characters


class TextTooLargeError(ParameterError):
    """A text sent for annotation is longer than the service accepts."""

    http_status = 413


@dataclass(frozen=True, slots=True)
class Span:
    """One mention: offsets ``[start, end)`` in the text, the term and its label."""

    start: int
    end: int
    text: str
    iri: str
    type: str  # CURIE of the term's type
    label: str  # the term's preferred label in ``lang``
    lang: str  # language of the label that matched


@dataclass(frozen=True, slots=True)
class Annotation:
    """The mentions in a text and, per area and per phase IRI, how many mentions touch it."""

    spans: list[Span]
    areas: dict[str, int]
    phases: dict[str, int]
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> {"en", "zh"}

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data: spans, then areas and phases with counts and both labels."""
        return {
            "spans": [asdict(span) for span in self.spans],
            "areas": self._touches(self.areas),
            "phases": self._touches(self.phases),
        }

    def _touches(self, counts: dict[str, int]) -> list[dict[str, object]]:
        return [{"iri": iri, "count": count, "label": self.names.get(iri, {})}
                for iri, count in counts.items()]


def check_text(value: object) -> str:
    """The text to annotate; ParameterError if it is not text, TextTooLargeError if too long."""
    if not isinstance(value, str):
        raise ParameterError("the text must be a string", "文本必须是字符串", where="text")
    if len(value) > MAX_TEXT:
        raise TextTooLargeError(f"the text is longer than {MAX_TEXT} characters",
                                f"文本超过 {MAX_TEXT} 个字符", where="text")
    return value


def annotate(index: LookupIndex, text: str) -> Annotation:
    """The mentions of framework terms in ``text`` (English, Chinese or both)."""
    document = check_text(text)
    tokens = folding.tokens(document)
    spans: list[Span] = []
    areas: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    for first, last, number in _best_cover(index, [token.text for token in tokens]):
        position, label = index.labels[number]
        term = index.terms[position]
        start, end = _widen(document, tokens[first].start, tokens[last - 1].end, label.text)
        shown = display_lang(term, label.lang)
        spans.append(Span(start, end, document[start:end], term.iri, term.type,
                          term.pref[shown], label.lang))
        areas.update(term.areas)
        phases.update(term.phases)
    return Annotation(spans, _ordered(areas), _ordered(phases),
                      _names(index, set(areas) | set(phases)))


def _widen(document: str, start: int, end: int, label: str) -> tuple[int, int]:
    """The span grown over punctuation that opens or closes the label, when the text has it."""
    lead = "".join(takewhile(_is_punctuation, label))
    trail = "".join(takewhile(_is_punctuation, reversed(label)))[::-1]
    if lead and _same(document[max(start - len(lead), 0):start], lead):
        start -= len(lead)
    if trail and _same(document[end:end + len(trail)], trail):
        end += len(trail)
    return start, end


def _is_punctuation(char: str) -> bool:
    return not char.isalnum()


def _same(found: str, wanted: str) -> bool:
    return unicodedata.normalize("NFKC", found) == unicodedata.normalize("NFKC", wanted)


def _ordered(counts: Counter[str]) -> dict[str, int]:
    """Counts, most touched first, then by IRI."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _names(index: LookupIndex, iris: set[str]) -> dict[str, dict[str, str]]:
    """Both preferred labels of the given terms (those in the index)."""
    return {term.iri: {lang: term.pref[lang] for lang in ("en", "zh") if lang in term.pref}
            for term in index.terms if term.iri in iris}


def _best_cover(index: LookupIndex, words: list[str]) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end, label number) covering the most tokens, leftmost first."""
    count = len(words)
    covered = [0] * (count + 1)
    choice: list[tuple[int, int] | None] = [None] * (count + 1)
    for start in range(count - 1, -1, -1):
        covered[start], choice[start] = covered[start + 1], None
        for end, number in index.trie.matches(words, start):
            if end - start + covered[end] >= covered[start]:
                covered[start], choice[start] = end - start + covered[end], (end, number)
    found, position = [], 0
    while position < count:
        picked = choice[position]
        if picked is None:
            position += 1
            continue
        found.append((position, picked[0], picked[1]))
        position = picked[0]
    return found
