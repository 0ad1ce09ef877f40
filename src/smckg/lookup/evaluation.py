"""Measuring lookup quality on a labelled evaluation set: hit@1, hit@5 and mean reciprocal rank.

The set is a TSV file with the columns ``query``, ``lang`` (``en``, ``zh`` or empty),
``kind`` (``en``, ``zh-simplified``, ``zh-traditional``, ``pinyin``, ``typo``, ``synonym``,
``partial``) and ``expected_iri``, the term that should come first.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from smckg.lookup.index import LookupIndex
from smckg.lookup.match import lookup

KINDS = ("en", "zh-simplified", "zh-traditional", "pinyin", "typo", "synonym", "partial")
DEPTH = 10  # hits looked at for the reciprocal rank


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled query."""

    query: str
    lang: str | None
    kind: str
    expected_iri: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where the expected term came for one case (None: not in the first DEPTH hits)."""

    case: Case
    rank: int | None
    first: str | None  # the IRI that came first


@dataclass(frozen=True, slots=True)
class Scores:
    """Hit@1, hit@5 and MRR over some outcomes."""

    count: int
    hit1: float
    hit5: float
    mrr: float


def read_cases(path: Path) -> list[Case]:
    """The cases of an evaluation TSV file."""
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Case(row["query"], row["lang"] or None, row["kind"], row["expected_iri"])
                for row in reader]


def run(index: LookupIndex, cases: Iterable[Case]) -> list[Outcome]:
    """Look every case up and note where its expected term came."""
    outcomes = []
    for case in cases:
        found = [hit.iri for hit in lookup(index, case.query, lang=case.lang, limit=DEPTH)]
        rank = found.index(case.expected_iri) + 1 if case.expected_iri in found else None
        outcomes.append(Outcome(case, rank, found[0] if found else None))
    return outcomes


def scores(outcomes: list[Outcome]) -> Scores:
    """Hit@1, hit@5 and MRR of ``outcomes`` (all zero when there are none)."""
    count = len(outcomes)
    if not count:
        return Scores(0, 0.0, 0.0, 0.0)
    ranks = [outcome.rank for outcome in outcomes]
    return Scores(
        count,
        sum(rank == 1 for rank in ranks) / count,
        sum(rank is not None and rank <= 5 for rank in ranks) / count,
        sum(1 / rank for rank in ranks if rank is not None) / count,
    )


def scores_by_kind(outcomes: list[Outcome]) -> dict[str, Scores]:
    """The scores of each kind of query."""
    grouped: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[outcome.case.kind].append(outcome)
    return {kind: scores(grouped[kind]) for kind in KINDS if kind in grouped}
