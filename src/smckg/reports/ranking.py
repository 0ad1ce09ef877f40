"""Section 3.1: the survey's ranking of the seven areas and the items ranked within each.

Two statements of the same ranking are read: the numbered list (English ``1. Area: items``,
Chinese ``(1) X领域：…``) and the one-sentence order that precedes it. Chinese items get
their ranks from the wording (``前三的依次是``, ``其次为``, ``并列第三``), ties included; the
English list gives items in order only, so their rank is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smckg.errors import ReportError
from smckg.reports.areas import AREAS, CHINESE_NUMBERS, area_slug, listed_areas
from smckg.reports.reading import ReportText, tidy
from smckg.reports.sections import find_section

NEEDS_SECTION = "3.1"


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


def ranking_sentence(report: ReportText) -> list[AreaRank]:
    """The one-sentence ranking of the seven areas in section 3.1, highest concern first."""
    for paragraph in find_section(report, NEEDS_SECTION).prose:
        found = listed_areas(paragraph.text, report.lang)
        slugs = [area_slug(match.group()) or "" for match in found]
        if len(set(slugs)) == len(AREAS):
            return [AreaRank(report.lang, rank, tidy(match.group()), slug, (), "",
                             paragraph.line_at(match.start()))
                    for rank, (match, slug) in enumerate(zip(found, slugs, strict=True), 1)]
    raise ReportError("the ranking of the seven areas was not found in section 3.1",
                      "第 3.1 节中找不到七个领域的排序", where=str(report.path))


_RANKED = {
    "en": re.compile(r"^-?\s*(\d+)\.\s*([^:：]+?)\s*[:：]\s*(.+)$"),
    "zh": re.compile(r"^-?\s*[(（](\d+)[)）]\s*(.+?)领域[:：]\s*(.+)$"),
}


def area_priority(report: ReportText) -> list[AreaRank]:
    """The ranked list of section 3.1: each area's rank and its most important items."""
    ranks = []
    for paragraph in find_section(report, NEEDS_SECTION).prose:
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
    """Items with their ranks from the Chinese wording, clause by clause."""
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
