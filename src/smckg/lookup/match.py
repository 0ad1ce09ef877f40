"""Term lookup: a query in English, Chinese (simplified or traditional) or pinyin to ranked hits.

Every label in both languages is tried, whatever ``lang`` says; ``lang`` only breaks ties
and picks the label a hit is shown with.  Kinds of match rank exact > prefix > word >
substring > initials > fuzzy; within a kind the share of the label the query covers
decides, then preferred over alternative labels, then the framework's own order of types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from smckg.errors import ParameterError
from smckg.lookup import text
from smckg.lookup.index import LookupIndex
from smckg.lookup.terms import Term, curie

MAX_QUERY = 200
MAX_LIMIT = 100
LANGS = ("en", "zh")

TIERS = {"exact": 100, "prefix": 80, "word": 70, "substring": 60, "initials": 50, "fuzzy": 40}
_VIA_PENALTY = {"label": 0.0, "traditional": 0.0, "pinyin-tone": 1.0, "pinyin": 2.0}
_ALT_PENALTY = 2.0
_LANG_BONUS = 0.5
#: Least similarity (1 - Damerau-Levenshtein distance / length) of a mistyped word of 5
#: letters or more, and of a whole mistyped label by script.
_WORD_FUZZ = 0.8
_KEY_FUZZ = {"latin": 0.82, "cjk": 0.75, "pinyin": 0.85}
#: Words a query may hold that labels need not (for word matches only).
STOP_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
     "to", "with"]
)
_similarity = DamerauLevenshtein.normalized_similarity


@dataclass(frozen=True, slots=True)
class Candidate:
    """How one label matched the query."""

    label: int  # label number in the index
    kind: str  # a key of TIERS
    quality: float  # 0..1 within the kind (share of the label covered, or similarity)
    via: str = "label"  # label, traditional, pinyin, pinyin-tone


@dataclass(frozen=True, slots=True)
class Hit:
    """One term found for a query."""

    iri: str
    curie: str
    type: str
    type_label: dict[str, str]
    label: str  # the preferred label in the display language
    label_lang: str
    pref: dict[str, str]
    alt: dict[str, list[str]]
    definition: dict[str, str]
    matched: str  # the label that matched
    matched_lang: str
    match: str  # exact, prefix, word, substring, initials, fuzzy
    via: str  # label, traditional, pinyin, pinyin-tone
    score: float

    def as_dict(self) -> dict[str, object]:
        """The hit as JSON-ready data."""
        return asdict(self)


def check_query(query: object) -> str:
    """The query with surrounding and repeated white space removed; ParameterError if unusable."""
    if not isinstance(query, str):
        raise ParameterError("the query must be text", "查询必须是文本", where="q")
    cleaned = " ".join(query.split())
    if not cleaned:
        raise ParameterError("the query is empty", "查询为空", where="q")
    if len(cleaned) > MAX_QUERY:
        raise ParameterError(f"the query is longer than {MAX_QUERY} characters",
                             f"查询超过 {MAX_QUERY} 个字符", where="q")
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in cleaned):
        raise ParameterError("the query contains control characters",
                             "查询包含控制字符", where="q")
    return cleaned


def check_lang(lang: str | None) -> str | None:
    """``en``, ``zh`` or None (an empty value is None)."""
    if lang in (None, ""):
        return None
    if lang not in LANGS:
        raise ParameterError("lang must be en or zh", "lang 只能是 en 或 zh", where="lang")
    return lang


def check_limit(limit: int) -> int:
    """A limit between 1 and MAX_LIMIT."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ParameterError(f"limit must be between 1 and {MAX_LIMIT}",
                             f"limit 必须在 1 到 {MAX_LIMIT} 之间", where="limit")
    return limit


def check_types(index: LookupIndex, types: Iterable[str] | None) -> frozenset[str]:
    """The type names asked for, lower-cased CURIEs or local names; empty means all."""
    wanted = frozenset(curie(t.strip()).lower() for t in types or () if t.strip())
    unknown = sorted(wanted - index.kinds)
    if unknown:
        known = ", ".join(sorted(k for k in index.kinds if ":" not in k))
        raise ParameterError(f"unknown type {', '.join(unknown)}; known: {known}",
                             f"未知类型 {', '.join(unknown)}；可用：{known}", where="type")
    return wanted


def lookup(index: LookupIndex, q: str, lang: str | None = None,
           types: Iterable[str] | None = None, limit: int = 10) -> list[Hit]:
    """The terms matching ``q``, best first; ParameterError for unusable parameters."""
    query = check_query(q)
    lang, limit = check_lang(lang), check_limit(limit)
    wanted = check_types(index, types)
    best: dict[int, tuple[float, Candidate]] = {}
    _keep_best(index, candidates(index, query), wanted, lang, best)
    if len(best) < limit:
        _keep_best(index, fuzzy_candidates(index, query), wanted, lang, best)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], index.terms[item[0]].rank,
                                                    index.terms[item[0]].iri))
    return [_hit(index, position, score, cand, lang) for position, (score, cand) in
            ranked[:limit]]


def _keep_best(index: LookupIndex, found: Iterable[Candidate], wanted: frozenset[str],
               lang: str | None, best: dict[int, tuple[float, Candidate]]) -> None:
    """Record in ``best`` the best-scoring candidate of each term of the wanted types."""
    for candidate in found:
        position, label = index.labels[candidate.label]
        if wanted and not wanted & set(index.terms[position].kinds):
            continue
        score = _score(candidate, label.pref) + (_LANG_BONUS if label.lang == lang else 0.0)
        if position not in best or score > best[position][0]:
            best[position] = (score, candidate)


def _score(candidate: Candidate, pref: bool) -> float:
    penalty = _VIA_PENALTY[candidate.via] + (0.0 if pref else _ALT_PENALTY)
    return TIERS[candidate.kind] + 10 * candidate.quality - penalty


def _hit(index: LookupIndex, position: int, score: float, candidate: Candidate,
         lang: str | None) -> Hit:
    term = index.terms[position]
    label = index.labels[candidate.label][1]
    shown = display_lang(term, lang or label.lang)
    return Hit(
        iri=term.iri, curie=term.curie, type=term.type, type_label=term.type_label,
        label=term.pref[shown], label_lang=shown, pref=term.pref, alt=term.alt,
        definition=term.definition, matched=label.text, matched_lang=label.lang,
        match=candidate.kind, via=candidate.via, score=round(score, 2),
    )


def display_lang(term: Term, lang: str) -> str:
    """``lang`` when the term has a preferred label in it, else the other language."""
    return lang if lang in term.pref else next(other for other in LANGS if other in term.pref)


def candidates(index: LookupIndex, query: str) -> Iterator[Candidate]:
    """The labels ``query`` matches exactly, by prefix, words, substring or initials."""
    folded = text.key(query)
    if not folded:
        return
    raw = text.key(query, simplify=False)
    via = "traditional" if raw != folded else "label"
    yield from _by_key(index, folded, via)
    if raw != folded:
        yield from _exact(index, raw, "traditional")
    yield from _by_words(index, query)
    yield from _by_pinyin(index, query)


def fuzzy_candidates(index: LookupIndex, query: str) -> Iterator[Candidate]:
    """The labels (or their pinyin) similar to the whole query: tried when too few others are."""
    folded = text.key(query)
    raw = text.key(query, simplify=False)
    script = "cjk" if text.has_cjk(folded) else "latin"
    if len(folded) >= (3 if script == "cjk" else 5):
        yield from _fuzzy(folded, index.keys, range(len(index.keys)), _KEY_FUZZ[script],
                          "traditional" if raw != folded else "label")
    read = text.pinyin_query(query)
    if read is not None and len(read[0]) >= 5:
        rows = index.pinyin
        yield from _fuzzy(read[0], [row[1] for row in rows], [row[0] for row in rows],
                          _KEY_FUZZ["pinyin"], "pinyin")


def _exact(index: LookupIndex, folded: str, via: str) -> Iterator[Candidate]:
    for number in index.exact.get(folded, ()):
        yield Candidate(number, "exact", 1.0, via)


def _by_key(index: LookupIndex, folded: str, via: str) -> Iterator[Candidate]:
    yield from _exact(index, folded, via)
    for number, key in enumerate(index.keys):
        if key == folded or folded not in key:
            continue
        kind = "prefix" if key.startswith(folded) else "substring"
        yield Candidate(number, kind, len(folded) / len(key), via)


def _by_words(index: LookupIndex, query: str) -> Iterator[Candidate]:
    """Labels holding every word of the query; the last word may be unfinished or mistyped."""
    chunks = _chunks(query)
    if not chunks or (len(chunks) == 1 and text.is_cjk(chunks[0])):
        return
    matches = [_chunk_labels(index, chunk, last=i == len(chunks) - 1)
               for i, chunk in enumerate(chunks)]
    for number in set.intersection(*(set(found) for found in matches)):
        covered = min(sum(len(chunk) for chunk in chunks) / len(index.keys[number]), 1.0)
        worst = min(found[number] for found in matches)
        if worst == 1.0:
            yield Candidate(number, "word", covered)
        else:
            yield Candidate(number, "fuzzy", covered * (worst - _WORD_FUZZ) / (1 - _WORD_FUZZ))


def _chunks(query: str) -> list[str]:
    """The query's words (CJK runs kept whole), stop words left out unless nothing else is."""
    chunks = [chunk for part in query.split() for chunk in text.key(part).split(" ") if chunk]
    return [chunk for chunk in chunks if chunk not in STOP_WORDS] or chunks


def _chunk_labels(index: LookupIndex, chunk: str, last: bool) -> dict[int, float]:
    """Labels holding ``chunk`` -> 1.0 when whole or (last word) begun, less when mistyped."""
    if text.is_cjk(chunk):
        return {n: 1.0 for n, key in enumerate(index.keys) if chunk in key}
    words = {chunk: 1.0} if chunk in index.postings else {}
    if last and len(chunk) >= 2:
        words.update({w: 1.0 for w in index.words_starting(chunk)})
    if len(chunk) >= 5:
        for word, similarity, _ in process.extract(chunk, index.words, scorer=_similarity,
                                                   score_cutoff=_WORD_FUZZ, limit=None):
            words.setdefault(word, similarity)
    found: dict[int, float] = {}
    for word, weight in words.items():
        for number in index.postings[word]:
            found[number] = max(found.get(number, 0.0), weight)
    return found


def _by_pinyin(index: LookupIndex, query: str) -> Iterator[Candidate]:
    read = text.pinyin_query(query)
    if read is None or len(read[0]) < 2:
        return
    plain, toned = read
    toned_given = plain != toned
    for number, joined, tone_joined, starts in index.pinyin:
        kind = _pinyin_kind(plain, joined, starts) if plain in joined else None
        if kind is None:
            continue
        via = "pinyin"
        if toned_given and _pinyin_kind(toned.replace("5", ""), tone_joined.replace("5", ""),
                                        None) is not None:
            via = "pinyin-tone"
        yield Candidate(number, kind, len(plain) / len(joined), via)
    yield from _by_initials(index, plain, query)


def _pinyin_kind(plain: str, joined: str, starts: frozenset[int] | None) -> str | None:
    if plain == joined:
        return "exact"
    if len(plain) >= 3 and joined.startswith(plain):
        return "prefix"
    if len(plain) >= 4:
        positions = [m.start() for m in re.finditer(re.escape(plain), joined)]
        if any(starts is None or p in starts for p in positions):
            return "substring"
    return None


def _by_initials(index: LookupIndex, plain: str, query: str) -> Iterator[Candidate]:
    if len(plain) < 2 or not re.fullmatch(r"[A-Za-z]+", query):
        return
    for number, (_, label) in enumerate(index.labels):
        if label.initials == plain:
            yield Candidate(number, "initials", 1.0, "pinyin")


def _fuzzy(folded: str, choices: list[str], numbers: Sequence[int], cutoff: float,
           via: str) -> Iterator[Candidate]:
    """Labels whose key is at least ``cutoff`` similar to the query."""
    for _, similarity, position in process.extract(folded, choices, scorer=_similarity,
                                                   score_cutoff=cutoff, limit=50):
        quality = (similarity - cutoff) / (1 - cutoff)
        yield Candidate(numbers[position], "fuzzy", quality, via)
