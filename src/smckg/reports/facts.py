"""Facts read from the report texts, each with its language and 1-based line.

Every extractor returns typed records whose labels are written as the report writes them
(whitespace collapsed), so a cross-check can compare them with the curated labels. An
extractor raises ReportError (naming file and line) when the text does not have the shape
it expects; it never guesses. Defined here: the Chinese tables 1 and 2, the case headings,
the phase passages of sections 3.3-3.9, the drivers and the challenge dimensions of the
English Figure 1. The area ranking (:mod:`.ranking`) and the stakeholder roles
(:mod:`.roles`) live in their own modules and are re-exported here, so that ``facts`` is the
one place to import extractors from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from smckg.errors import ReportError
from smckg.reports.areas import DIMENSIONS, PHASE_NUMERALS, area_slug, dimension_slug
from smckg.reports.ranking import AreaRank, PriorityItem, area_priority, ranking_sentence
from smckg.reports.reading import ReportText
from smckg.reports.roles import RoleStatement, stakeholder_roles
from smckg.reports.sections import Section, find_section, sections
from smckg.reports.tables import table

__all__ = [
    "AreaRank", "CaseHeading", "ChallengeItem", "ChallengeRow", "DifferenceRow", "Driver",
    "PhasePassage", "PriorityItem", "RoleStatement", "area_priority", "case_headings",
    "challenge_dimensions", "challenge_table", "differences_table", "drivers",
    "phase_paragraphs", "ranking_sentence", "stakeholder_roles",
]

#: Where each report states the drivers and the challenges.
DRIVERS_SECTION = {"en": "1.1", "zh": "1.3"}
CHALLENGES_SECTION = {"en": "1.2", "zh": "1.4"}
CHALLENGE_TABLE, DIFFERENCES_TABLE = 1, 2


@dataclass(frozen=True)
class ChallengeRow:
    """A row of the Chinese Table 1: a challenge with its mean score, median and rank."""

    lang: str
    label_zh: str
    mean: Decimal
    median: int
    rank: int
    line: int


@dataclass(frozen=True)
class DifferenceRow:
    """A row of the Chinese Table 2: how SMCs differ from big cities in one respect."""

    lang: str
    ordinal: int
    name_zh: str
    smc_zh: str
    big_city_zh: str
    line: int


@dataclass(frozen=True)
class CaseHeading:
    """A case heading of sections 3.3-3.9: city, country, title and phase span."""

    lang: str
    section: str
    area: str
    ordinal: int
    country_zh: str
    city_zh: str
    title_zh: str
    from_phase: int
    to_phase: int
    line: int


@dataclass(frozen=True)
class PhasePassage:
    """The description of one area at one maturity phase (sections 3.3-3.9)."""

    lang: str
    section: str
    area: str
    phase: int
    text: str
    line: int


@dataclass(frozen=True)
class Driver:
    """A driver of digital transformation (English 1.1, Chinese 1.3)."""

    lang: str
    ordinal: int
    name: str
    line: int


@dataclass(frozen=True)
class ChallengeItem:
    """A challenge as Figure 1 of the English report groups it under a dimension."""

    lang: str
    dimension: str
    label: str
    line: int


def _area_sections(report: ReportText) -> Iterator[tuple[Section, str]]:
    for found in sections(report):
        slug = area_slug(found.title) if found.number.startswith("3.") else None
        if slug:
            yield found, slug


def _shape_error(report: ReportText, line: int, what: str, what_zh: str) -> ReportError:
    return ReportError(f"unexpected shape of {what}", f"{what_zh}的格式不符合预期",
                       where=report.where(line))


# --- tables --------------------------------------------------------------------------------

def challenge_table(report: ReportText) -> list[ChallengeRow]:
    """Table 1 of the Chinese report: label, mean score, median and rank of each challenge."""
    rows = []
    for row in table(report, CHALLENGE_TABLE).rows:
        try:
            label, mean, median, rank = row.cells
            rows.append(ChallengeRow(report.lang, label, Decimal(mean), int(median), int(rank),
                                     row.line))
        except (ValueError, InvalidOperation):
            raise _shape_error(report, row.line, "a Table 1 row", "表 1 的行") from None
    return rows


def differences_table(report: ReportText) -> list[DifferenceRow]:
    """Table 2 of the Chinese report: the eight respects in which SMCs and big cities differ."""
    rows = []
    for row in table(report, DIFFERENCES_TABLE).rows:
        try:
            ordinal, name, smc, big_city = row.cells
            rows.append(DifferenceRow(report.lang, int(ordinal), name, smc, big_city, row.line))
        except ValueError:
            raise _shape_error(report, row.line, "a Table 2 row", "表 2 的行") from None
    return rows


# --- cases and phases ----------------------------------------------------------------------

_CASE = re.compile(r"^(\d+)\.\s*(中国|日本|巴西|新加坡)(\S+?)[:：](.+?)"
                   r"[(（]阶段([一二三])(?:至阶段([一二三]))?[)）]$")


def case_headings(report: ReportText) -> list[CaseHeading]:
    """The case headings (``2. 中国宿州市：…（阶段一至阶段二）``) of the area sections."""
    headings = []
    for found, slug in _area_sections(report):
        for paragraph in found.prose:
            match = _CASE.match(paragraph.text)
            if match:
                ordinal, country, city, title, first, last = match.groups()
                headings.append(CaseHeading(
                    report.lang, found.number, slug, int(ordinal), country, city, title.strip(),
                    PHASE_NUMERALS[first], PHASE_NUMERALS[last or first], paragraph.line_start))
    return headings


_ZH_PHASE = re.compile(r"^阶段([一二三])(?![:：])")
_EN_PHASE_ANY = re.compile(r"\bphase\s+([123])\b", re.IGNORECASE)
_EN_PHASE_OPENING = re.compile(r"(?<=[.!?]\s)(?:In phase|Phase)\s+([123])\b")
_EN_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _phase_starts(text: str, lang: str) -> list[tuple[int, int]]:
    """(offset, phase) where a phase description starts in a paragraph."""
    if lang == "zh":
        match = _ZH_PHASE.match(text)
        return [(0, PHASE_NUMERALS[match.group(1)])] if match else []
    end = _EN_SENTENCE_END.search(text)
    first_end = end.end() if end else len(text)
    opening = _EN_PHASE_ANY.search(text, 0, first_end)
    starts = [(0, int(opening.group(1)))] if opening else []
    starts += [(m.start(), int(m.group(1))) for m in _EN_PHASE_OPENING.finditer(text, first_end)]
    return starts


def phase_paragraphs(report: ReportText) -> list[PhasePassage]:
    """Each area's description at each phase (a paragraph holding two phases is split)."""
    passages = []
    for found, slug in _area_sections(report):
        for paragraph in found.prose:
            text = paragraph.text
            starts = _phase_starts(text, report.lang)
            if not starts:
                continue
            ends = [offset for offset, _ in starts[1:]] + [len(text)]
            passages.extend(
                PhasePassage(report.lang, found.number, slug, phase, text[start:end].strip(),
                             paragraph.line_at(start))
                for (start, phase), end in zip(starts, ends, strict=True))
    return passages


# --- drivers and challenge dimensions ------------------------------------------------------

_DRIVER = {
    "en": re.compile(r"^-?\s*(\d+)\.\s+(.+)$"),
    "zh": re.compile(r"^-?\s*[(（](\d+)[)）]\s*([^。]+)。"),
}


def drivers(report: ReportText) -> list[Driver]:
    """The numbered drivers (English 1.1, Chinese 1.3; a Chinese name ends at its first 。)."""
    found = []
    for paragraph in find_section(report, DRIVERS_SECTION[report.lang]).prose:
        match = _DRIVER[report.lang].match(paragraph.text)
        if match:
            found.append(Driver(report.lang, int(match.group(1)), match.group(2).strip(),
                                paragraph.line_start))
    return found


_LEADING_NUMBER = re.compile(r"^\d+\s+")
_ITEM_BREAK = re.compile(r"(?<=[a-z)])\s+(?=[A-Z][a-z])")
#: A line of figure debris: no list marker, no closing punctuation.
_OPEN_LINE = re.compile(r"^(?!-\s)(?!\d+\.\s).*[^.!?:;]$")


def _heading_of(text: str) -> str | None:
    return dimension_slug(_LEADING_NUMBER.sub("", text))


def challenge_dimensions(report: ReportText) -> list[ChallengeItem]:
    """Figure 1 of the English report as extracted: challenges under their dimension headings.

    The figure's first heading (Society) was lost in extraction: items before the first
    surviving heading belong to the dimension that precedes it. A report whose figure is an
    image only (the Chinese one) gives an empty list.
    """
    paragraphs = find_section(report, CHALLENGES_SECTION[report.lang]).prose
    heads = [i for i, paragraph in enumerate(paragraphs) if _heading_of(paragraph.text)]
    if not heads:
        return []
    start = heads[0]
    while start > 0 and _OPEN_LINE.match(paragraphs[start - 1].text):
        start -= 1
    order = [term.slug for term in DIMENSIONS]
    first_heading = order.index(_heading_of(paragraphs[heads[0]].text) or "")
    current = order[max(first_heading - 1, 0)]
    items = []
    for paragraph in paragraphs[start:]:
        heading = _heading_of(paragraph.text)
        if heading:
            current = heading
        elif _OPEN_LINE.match(paragraph.text):
            items += [ChallengeItem(report.lang, current, piece, paragraph.line_start)
                      for piece in _ITEM_BREAK.split(paragraph.text)]
        else:
            break
    return items
