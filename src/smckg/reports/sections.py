"""Split a report into its sections, guided by its table of contents, and pair the two languages.

The contents list (``page<TAB>number title`` lines) says which numbered sections to expect;
each is then found in the body, in order, in any of the shapes the PDF extraction left:
``3.5 | Title``, ``3.5 Title``, ``1. 引言``, ``Title 3.8``, the bare title, or the number and
the title on separate lines. Text before chapter 1 is section ``"0"``; the Chinese appendix is
``"appendix"``; back matter (contributors, acknowledgements, endnotes) ends the last section.
Chapter sections (``"1"`` .. ``"4"``) cover the chapter's introduction only.

The Chinese chapter 4 has no numbered subsections; its parts headed ``(1) 政府`` ..
``(4) 研究机构`` are given the pseudo-numbers ``"4.1"`` .. ``"4.4"`` so that they line up with
the English 4.1-4.4. A paragraph that repeats one of the previous section (a page the PDF
repeated: Chinese 3.8 opens with 3.7's first paragraph) is dropped and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from smckg.errors import ReportError
from smckg.reports.areas import stakeholder_slug
from smckg.reports.paragraphs import TEXT, Paragraph, Quirk, build_paragraphs
from smckg.reports.reading import ReportText, match_key, tidy

FRONT, APPENDIX = "0", "appendix"

_TOC_LINE = re.compile(r"^(\d+)\t(?:(\d+(?:\.\d+)?)\.?\s+)?(\S.*)$")
_APPENDIX_TITLES = ("附录", "appendix")
_SUBPART = re.compile(r"^[(（](\d)[)）]\s*(\S+)$")
_MIN_REPEAT = 30
#: Chinese section numbers whose English counterpart has another number.
_EN_TO_ZH = {"1.1": "1.3", "1.2": "1.4"}


@dataclass(frozen=True)
class Section:
    """A section: language, number, title, line span and its repaired paragraphs."""

    lang: str
    number: str
    title: str
    line_start: int
    line_end: int
    paragraphs: tuple[Paragraph, ...] = field(repr=False)

    @property
    def text(self) -> str:
        """The body, paragraphs separated by blank lines, page debris removed."""
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs)

    @property
    def prose(self) -> tuple[Paragraph, ...]:
        """The paragraphs of running text (no captions, no table rows)."""
        return tuple(paragraph for paragraph in self.paragraphs if paragraph.kind == TEXT)


@dataclass(frozen=True)
class _Entry:
    """A line of the contents: its number (None when unnumbered), title and line."""

    number: str | None
    title: str
    line: int


@dataclass(frozen=True)
class _Heading:
    """Where an entry's heading was found: first line, title line and the shape it had."""

    entry: _Entry
    start: int
    title_line: int
    shape: str


@dataclass(frozen=True)
class _Layout:
    sections: tuple[Section, ...]
    quirks: tuple[Quirk, ...]


def sections(report: ReportText) -> list[Section]:
    """The report's sections in document order (see the module docstring for numbering)."""
    return list(_layout(report).sections)


def find_section(report: ReportText, number: str) -> Section:
    """The section numbered ``number``; ReportError when the report has none."""
    for found in _layout(report).sections:
        if found.number == number:
            return found
    raise ReportError(f"the report has no section {number!r}", f"报告中没有第 {number!r} 节",
                      where=str(report.path))


def quirks(report: ReportText) -> list[Quirk]:
    """Every repair made while sectioning: odd headings, joined paragraphs, debris, repeats."""
    return sorted(_layout(report).quirks, key=lambda quirk: (quirk.line_start, quirk.kind))


def align(en_sections: list[Section], zh_sections: list[Section]
          ) -> list[tuple[Section | None, Section | None]]:
    """Pair sections on the same topic, in Chinese order; one-language sections pair with None.

    The numbers agree except English 1.1 (drivers) = Chinese 1.3 and English 1.2
    (challenges) = Chinese 1.4; Chinese 1.1, 1.2 and the appendix have no English match.
    """
    english = {_EN_TO_ZH.get(section.number, section.number): section for section in en_sections}
    pairs: list[tuple[Section | None, Section | None]] = [
        (english.pop(section.number, None), section) for section in zh_sections]
    pairs.extend((section, None) for section in english.values())
    return pairs


@lru_cache(maxsize=8)
def _layout(report: ReportText) -> _Layout:
    entries, toc_end = _contents(report)
    headings = _find_headings(report, entries, toc_end)
    headings = _with_subparts(report, headings)
    spans = _spans(report, headings)
    found: list[Section] = []
    quirks = [Quirk(report.lang, f"heading-{h.shape}", h.start, h.title_line, h.entry.title)
              for h in headings if h.entry.number is not None and h.shape != "numbered"]
    for number, title, start, body_start, end in spans:
        paragraphs, repairs = build_paragraphs(report.lines[body_start - 1:end], report.lang)
        quirks.extend(repairs)
        if found:
            paragraphs, repeats = _drop_repeats(found[-1], paragraphs)
            quirks.extend(repeats)
        found.append(Section(report.lang, number, title, start, end, tuple(paragraphs)))
    return _Layout(tuple(found), tuple(quirks))


def _contents(report: ReportText) -> tuple[list[_Entry], int]:
    """The contents entries and the last line of the contents block."""
    entries: list[_Entry] = []
    last = 0
    for line in report.lines:
        match = _TOC_LINE.match(line.raw.strip(" "))
        if match:
            entries.append(_Entry(match.group(2), tidy(match.group(3)), line.number))
            last = line.number
        elif entries and not line.blank:
            break
    if not any(entry.number for entry in entries):
        raise ReportError("no table of contents found", "未找到目录", where=str(report.path))
    return entries, last


def _shape(key: str, number: str | None, title_key: str) -> str | None:
    """How a line with comparison ``key`` shows the heading, or None if it is not it."""
    if key == title_key:
        return "bare"
    if number is None:
        return None
    if re.fullmatch(rf"{re.escape(number)}\.?\|?{re.escape(title_key)}", key):
        return "numbered"
    return "number-after-title" if key == title_key + number else None


def _find_headings(report: ReportText, entries: list[_Entry], toc_end: int) -> list[_Heading]:
    keys = [match_key(line.text) for line in report.lines]
    found: list[_Heading] = []
    cursor = toc_end
    for entry in entries:
        heading = _find_one(keys, entry, cursor)
        if heading is None and entry.number is not None:
            raise ReportError(
                f"section {entry.number} '{entry.title}' of the contents is not in the text",
                f"目录中的第 {entry.number} 节“{entry.title}”在正文中找不到",
                where=report.where(entry.line))
        if heading is not None:
            found.append(heading)
            cursor = heading.title_line
    return found


def _find_one(keys: list[str], entry: _Entry, cursor: int) -> _Heading | None:
    title_key = match_key(entry.title)
    for index in range(cursor, len(keys)):
        shape = _shape(keys[index], entry.number, title_key)
        if shape is None:
            continue
        start = index + 1
        if shape == "bare" and entry.number is not None:
            previous = next((i for i in range(index - 1, cursor - 1, -1) if keys[i]), None)
            if previous is not None and keys[previous] == entry.number:
                shape, start = "split", previous + 1
            else:
                shape = "without-number"
        return _Heading(entry, start, index + 1, shape)
    return None


def _with_subparts(report: ReportText, headings: list[_Heading]) -> list[_Heading]:
    """Add pseudo-sections for a chapter's ``(n) stakeholder`` parts if it has no numbered ones."""
    result: list[_Heading] = []
    for position, heading in enumerate(headings):
        result.append(heading)
        number = heading.entry.number
        following = headings[position + 1] if position + 1 < len(headings) else None
        if number is None or "." in number or (following and following.entry.number
                                               and following.entry.number.startswith(number + ".")):
            continue
        end = following.start - 1 if following else len(report.lines)
        for line in report.lines[heading.title_line:end]:
            match = _SUBPART.match(tidy(line.raw))
            if match and stakeholder_slug(match.group(2)):
                entry = _Entry(f"{number}.{match.group(1)}", match.group(2), line.number)
                result.append(_Heading(entry, line.number, line.number, "numbered"))
    return result


def _spans(report: ReportText, headings: list[_Heading]) -> list[tuple[str, str, int, int, int]]:
    """(number, title, first line, first body line, last line) of every section."""
    numbered = [i for i, heading in enumerate(headings) if heading.entry.number is not None]
    first, last = numbered[0], numbered[-1]
    starts: list[tuple[str, str, int, int]] = []
    if first > 0:
        front = headings[0].start
        starts.append((FRONT, headings[first - 1].entry.title, front, front))
    starts.extend((headings[i].entry.number, headings[i].entry.title, headings[i].start,
                   headings[i].title_line + 1) for i in numbered)
    limit = len(report.lines)
    for heading in headings[last + 1:]:
        if not match_key(heading.entry.title).startswith(_APPENDIX_TITLES):
            limit = heading.start - 1
            break
        starts.append((APPENDIX, heading.entry.title, heading.start, heading.title_line + 1))
    ends = [start - 1 for _, _, start, _ in starts[1:]] + [limit]
    return [(number, title, start, body, _last_filled(report, body - 1, end))
            for (number, title, start, body), end in zip(starts, ends, strict=True)]


def _last_filled(report: ReportText, floor: int, end: int) -> int:
    """``end`` moved up past blank lines, not above ``floor``."""
    while end > floor and report.line(end).blank:
        end -= 1
    return end


def _drop_repeats(previous: Section, paragraphs: list[Paragraph]
                  ) -> tuple[list[Paragraph], list[Quirk]]:
    """``paragraphs`` without those repeating a paragraph of ``previous``."""
    earlier = {match_key(p.text): p for p in previous.paragraphs if len(p.text) >= _MIN_REPEAT}
    kept, repeats = [], []
    for paragraph in paragraphs:
        original = earlier.get(match_key(paragraph.text))
        if original is None:
            kept.append(paragraph)
            continue
        repeats.append(Quirk(paragraph.lang, "duplicate-paragraph", paragraph.line_start,
                             paragraph.line_end,
                             f"repeats lines {original.line_start}-{original.line_end} "
                             f"of section {previous.number}"))
    return kept, repeats
