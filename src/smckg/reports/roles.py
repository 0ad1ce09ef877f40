"""Chapter 4: the areas where each stakeholder has a core and where an auxiliary role.

The roles are read from the prose of sections 4.1-4.4 (Table 3 of the Chinese report marks
every cell alike, so it cannot tell them apart). English: the sentence with ``core role`` (or
``key role``) names the core areas, the rest after ``auxiliary role`` the auxiliary ones;
"all seven" means the seven areas as the chapter introduction lists them. Chinese: the areas
before ``核心参与者`` and those between it and ``部分参与者``. Where the text states a count
("two areas", ``5个领域``) it must match the names found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smckg.errors import ReportError
from smckg.reports.areas import AREAS, ENGLISH_NUMBERS, listed_areas, scan_areas, stakeholder_slug
from smckg.reports.reading import ReportText, tidy
from smckg.reports.sections import find_section, sections

CHAPTER = "4"


@dataclass(frozen=True)
class RoleStatement:
    """The areas named for a stakeholder's core and auxiliary roles, as written."""

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


_ROLE_WORDS = {
    "en": (re.compile(r"\b(?:core|key) role\b"), re.compile(r"\bauxiliary role\b")),
    "zh": (re.compile("核心参与者"), re.compile("部分参与者")),
}
_COUNTS = {
    "en": re.compile(rf"\b({'|'.join(ENGLISH_NUMBERS)})\s+(?:functional\s+)?areas\b"),
    "zh": re.compile(r"(\d+)\s*个领域"),
}
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def stakeholder_roles(report: ReportText) -> list[RoleStatement]:
    """For each stakeholder of chapter 4, the areas of its core and of its auxiliary role."""
    statements = []
    for found in sections(report):
        if not found.number.startswith(CHAPTER + ".") or stakeholder_slug(found.title) is None:
            continue
        for paragraph in found.prose:
            spans = _role_spans(paragraph.text, report.lang)
            if spans:
                line = paragraph.line_start
                statements.append(RoleStatement(
                    report.lang, found.number, found.title, _areas_in(report, spans[0], line),
                    _areas_in(report, spans[1], line), line))
                break
    return statements


def _role_spans(text: str, lang: str) -> tuple[str, str] | None:
    """The text naming the core areas and the text naming the auxiliary areas."""
    core_word, auxiliary_word = _ROLE_WORDS[lang]
    core = core_word.search(text)
    if core is None:
        return None
    if lang == "en":
        end = _SENTENCE_END.search(text, core.end())
        sentence = text[core.end():end.start() if end else len(text)]
        auxiliary = auxiliary_word.search(sentence)
        if auxiliary is None:
            return sentence, ""
        return sentence[:auxiliary.start()], sentence[auxiliary.end():]
    auxiliary = auxiliary_word.search(text, core.end())
    return text[:core.start()], text[core.end():auxiliary.start()] if auxiliary else ""


def _stated_count(text: str, lang: str) -> int | None:
    match = _COUNTS[lang].search(text)
    if match is None:
        return None
    return int(match.group(1)) if lang == "zh" else ENGLISH_NUMBERS[match.group(1)]


def _all_areas(report: ReportText) -> tuple[str, ...]:
    """The seven area names as the chapter introduction lists them."""
    for paragraph in find_section(report, CHAPTER).prose:
        found = listed_areas(paragraph.text, report.lang)
        if len(found) == len(AREAS):
            return tuple(tidy(match.group()) for match in found)
    raise ReportError("chapter 4 does not list the seven areas", "第 4 章没有列出七个领域",
                      where=str(report.path))


def _areas_in(report: ReportText, text: str, line: int) -> tuple[str, ...]:
    names = tuple(tidy(match.group()) for match in scan_areas(text, report.lang))
    count = _stated_count(text, report.lang)
    if not names and count == len(AREAS):
        names = _all_areas(report)
    if count is not None and count != len(names):
        raise ReportError(f"a role statement says {count} areas but names {len(names)}",
                          f"角色陈述称 {count} 个领域，却列出 {len(names)} 个",
                          where=report.where(line))
    return names
