"""Facts read from the report texts, each with its language and 1-based line.

Every extractor returns typed records whose labels are written as the report writes them
(whitespace collapsed), so a cross-check can compare them with the curated labels. An
extractor raises ReportError (naming file and line) when the text does not have the shape
it expects; it never guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from smckg.errors import ReportError
from smckg.reports.areas import (
    AREAS,
    CHINESE_NUMBERS,
    DIMENSIONS,
    ENGLISH_NUMBERS,
    PHASE_NUMERALS,
    area_slug,
    dimension_slug,
    scan_areas,
    stakeholder_slug,
)
from smckg.reports.paragraphs import TEXT, Paragraph
from smckg.reports.reading import ReportText, tidy
from smckg.reports.sections import Section, sections
from smckg.reports.tables import table

#: Where each report states the drivers, the challenges and the area ranking.
DRIVERS_SECTION = {"en": "1.1", "zh": "1.3"}
CHALLENGES_SECTION = {"en": "1.2", "zh": "1.4"}
NEEDS_SECTION = "3.1"
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
class PriorityItem:
    """An item of an area's ranked list; ``rank`` is None where the report gives only order."""

    rank: int | None
    label: str


@dataclass(frozen=True)
class AreaRank:
    """An area's place in the survey's ranking of concern, with the items named for it."""

    lang: str
    rank: int
    area_label: str
    area: str
    items: tuple[PriorityItem, ...]
    items_text: str
    line: int


@dataclass(frozen=True)
class RoleStatement:
    """Chapter 4: the areas where a stakeholder has a core and an auxiliary role."""

    lang: str
    section: str
    stakeholder: str
    core_areas: tuple[str, ...]
    auxiliary_areas: tuple[str, ...]
    line: int

    @property
    def stakeholder_slug(self) -> str | None:
        """The stakeholder's slug."""
        return stakeholder_slug(self.stakeholder)


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


def _section(report: ReportText, number: str) -> Section:
    for found in sections(report):
        if found.number == number:
            return found
    raise ReportError(f"section {number} not found", f"找不到第 {number} 节",
                      where=str(report.path))


def _texts(section: Section) -> Iterator[Paragraph]:
    return (paragraph for paragraph in section.paragraphs if paragraph.kind == TEXT)


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
        for paragraph in _texts(found):
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
        for paragraph in _texts(found):
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


# --- ranking of areas ----------------------------------------------------------------------

_LIST_GAP = re.compile(r"^[\s;,、；，]*(?:and\s+)?$")
_CLAUSE_END = {"en": re.compile(r"\.(?:\s|$)"), "zh": re.compile(r"[，。,]")}


def _colon_list(text: str, lang: str) -> list[re.Match[str]]:
    """The area names listed right after the first colon, if nothing else stands between them."""
    colon = re.search(r"[:：]", text)
    if colon is None:
        return []
    stop = _CLAUSE_END[lang].search(text, colon.end())
    end = stop.start() if stop else len(text)
    found = scan_areas(text, lang, colon.end(), end)
    edges = [colon.end(), *[x for m in found for x in (m.start(), m.end())], end]
    gaps = (text[edges[i]:edges[i + 1]] for i in range(0, len(edges), 2))
    return found if found and all(_LIST_GAP.match(gap) for gap in gaps) else []


def ranking_sentence(report: ReportText) -> list[AreaRank]:
    """The one-sentence ranking of the seven areas in section 3.1, highest concern first."""
    for paragraph in _texts(_section(report, NEEDS_SECTION)):
        found = _colon_list(paragraph.text, report.lang)
        if len({area_slug(m.group()) for m in found}) == len(AREAS):
            return [AreaRank(report.lang, rank, tidy(m.group()), area_slug(m.group()) or "", (), "",
                             paragraph.line_at(m.start()))
                    for rank, m in enumerate(found, 1)]
    raise ReportError("the ranking of the seven areas was not found in section 3.1",
                      "第 3.1 节中找不到七个领域的排序", where=str(report.path))


_RANKED = {
    "en": re.compile(r"^-?\s*(\d+)\.\s*([^:：]+?)\s*[:：]\s*(.+)$"),
    "zh": re.compile(r"^-?\s*[(（](\d+)[)）]\s*(.+?)领域[:：]\s*(.+)$"),
}


def area_priority(report: ReportText) -> list[AreaRank]:
    """The ranked list of section 3.1: each area's rank and its most important items."""
    ranks = []
    for paragraph in _texts(_section(report, NEEDS_SECTION)):
        match = _RANKED[report.lang].match(paragraph.text)
        slug = area_slug(match.group(2)) if match else None
        if match and slug:
            items_text = match.group(3)
            items = _zh_items(items_text) if report.lang == "zh" else _en_items(items_text)
            ranks.append(AreaRank(report.lang, int(match.group(1)), tidy(match.group(2)), slug,
                                  items, items_text, paragraph.line_start))
    return ranks


def _en_items(text: str) -> tuple[PriorityItem, ...]:
    return tuple(PriorityItem(None, piece.strip()) for piece in text.split(",") if piece.strip())


_NUM = "[一二两三四五六七]"
_ZH_CLAUSES = (
    ("sequence", re.compile(rf"^排名前{_NUM}名?的(?:依次)?是(?P<items>.+)$")),
    ("at", re.compile(rf"^排名第(?P<n>{_NUM})的?为(?P<items>.+)$")),
    ("pair", re.compile(rf"^第(?P<n>{_NUM})和第{_NUM}则?为(?P<items>.+)$")),
    ("next", re.compile(r"^其次为(?P<items>.+)$")),
    ("tie", re.compile(rf"^并列第(?P<n>{_NUM})的?为(?P<items>.+)$")),
    ("tie", re.compile(rf"^(?P<items>.+)并列第(?P<n>{_NUM})$")),
)


def _zh_clause(clause: str) -> tuple[str, int | None, str]:
    """(kind, the rank the clause names or None, the clause's items text)."""
    for kind, pattern in _ZH_CLAUSES:
        match = pattern.match(clause)
        if match:
            number = match.groupdict().get("n")
            return kind, CHINESE_NUMBERS[number] if number else None, match.group("items")
    return "next", None, clause


def _zh_items(text: str) -> tuple[PriorityItem, ...]:
    """Items with their ranks from the Chinese wording (前三的依次是…, 并列第三…, 其次为…)."""
    items: list[PriorityItem] = []
    rank = 0
    for clause in filter(None, re.split(r"[，,]", text.rstrip("。."))):
        kind, number, body = _zh_clause(clause.strip())
        if kind == "tie" and number is not None:
            items += [PriorityItem(number, part) for part in body.split("和")]
            rank = number
            continue
        if number is not None:
            rank = number - 1
        for piece in body.split("、") if kind in ("sequence", "pair") else [body]:
            rank += 1
            items.append(PriorityItem(rank, piece))
    return tuple(items)


# --- stakeholder roles ---------------------------------------------------------------------

_ROLE_WORDS = {
    "en": (re.compile(r"\b(?:core|key) role\b"), re.compile(r"\bauxiliary role\b")),
    "zh": (re.compile("核心参与者"), re.compile("部分参与者")),
}
_COUNTS = {
    "en": re.compile(rf"\b({'|'.join(ENGLISH_NUMBERS)})\s+(?:functional\s+)?areas\b"),
    "zh": re.compile(r"(\d+)\s*个领域"),
}


def _stated_count(text: str, lang: str) -> int | None:
    match = _COUNTS[lang].search(text)
    if match is None:
        return None
    return int(match.group(1)) if lang == "zh" else ENGLISH_NUMBERS[match.group(1)]


def _role_spans(text: str, lang: str) -> tuple[str, str] | None:
    """The text naming the core areas and the text naming the auxiliary areas."""
    core_word, auxiliary_word = _ROLE_WORDS[lang]
    core = core_word.search(text)
    if core is None:
        return None
    if lang == "en":
        end = _EN_SENTENCE_END.search(text, core.end())
        sentence = text[core.end():end.start() if end else len(text)]
        auxiliary = auxiliary_word.search(sentence)
        if auxiliary is None:
            return sentence, ""
        return sentence[:auxiliary.start()], sentence[auxiliary.end():]
    auxiliary = auxiliary_word.search(text, core.end())
    return text[:core.start()], text[core.end():auxiliary.start()] if auxiliary else ""


def _all_areas(report: ReportText) -> tuple[str, ...]:
    """The seven area names as the chapter 4 introduction lists them."""
    for paragraph in _texts(_section(report, "4")):
        found = _colon_list(paragraph.text, report.lang)
        if len(found) == len(AREAS):
            return tuple(tidy(m.group()) for m in found)
    raise ReportError("chapter 4 does not list the seven areas", "第 4 章没有列出七个领域",
                      where=str(report.path))


def _areas_in(report: ReportText, text: str, line: int) -> tuple[str, ...]:
    names = tuple(tidy(m.group()) for m in scan_areas(text, report.lang))
    count = _stated_count(text, report.lang)
    if not names and count == len(AREAS):
        names = _all_areas(report)
    if count is not None and count != len(names):
        raise ReportError(f"a role statement says {count} areas but names {len(names)}",
                          f"角色陈述称 {count} 个领域，却列出 {len(names)} 个",
                          where=report.where(line))
    return names


def stakeholder_roles(report: ReportText) -> list[RoleStatement]:
    """Chapter 4: for each stakeholder, the areas of its core and of its auxiliary role."""
    statements = []
    for found in sections(report):
        if not found.number.startswith("4.") or stakeholder_slug(found.title) is None:
            continue
        for paragraph in _texts(found):
            spans = _role_spans(paragraph.text, report.lang)
            if spans:
                line = paragraph.line_start
                statements.append(RoleStatement(
                    report.lang, found.number, found.title, _areas_in(report, spans[0], line),
                    _areas_in(report, spans[1], line), line))
                break
    return statements


# --- drivers and challenge dimensions ------------------------------------------------------

_DRIVER = {
    "en": re.compile(r"^-?\s*(\d+)\.\s+(.+)$"),
    "zh": re.compile(r"^-?\s*[(（](\d+)[)）]\s*([^。]+)。"),
}


def drivers(report: ReportText) -> list[Driver]:
    """The numbered drivers (English 1.1, Chinese 1.3; a Chinese name ends at its first 。)."""
    found = []
    for paragraph in _texts(_section(report, DRIVERS_SECTION[report.lang])):
        match = _DRIVER[report.lang].match(paragraph.text)
        if match:
            found.append(Driver(report.lang, int(match.group(1)), match.group(2).strip(),
                                paragraph.line_start))
    return found


_LEADING_NUMBER = re.compile(r"^\d+\s+")
_ITEM_BREAK = re.compile(r"(?<=[a-z)])\s+(?=[A-Z][a-z])")
_OPEN_LINE = re.compile(r"^(?!-\s)(?!\d+\.\s).*[^.!?:;]$")


def _heading_of(text: str) -> str | None:
    return dimension_slug(_LEADING_NUMBER.sub("", text))


def challenge_dimensions(report: ReportText) -> list[ChallengeItem]:
    """Figure 1 of the English report as extracted: challenges under their dimension headings.

    The figure's first heading (Society) was lost in extraction: items before the first
    surviving heading belong to the dimension that precedes it. A report whose figure is an
    image only (the Chinese one) gives an empty list.
    """
    paragraphs = list(_texts(_section(report, CHALLENGES_SECTION[report.lang])))
    heads = [i for i, paragraph in enumerate(paragraphs) if _heading_of(paragraph.text)]
    if not heads:
        return []
    start = heads[0]
    while start > 0 and _OPEN_LINE.match(paragraphs[start - 1].text):
        start -= 1
    order = [term.slug for term in DIMENSIONS]
    current = order[max(order.index(_heading_of(paragraphs[heads[0]].text) or "") - 1, 0)]
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
