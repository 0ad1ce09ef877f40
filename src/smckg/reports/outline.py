"""The sections of the two other sources: Deloitte's Super Smart City (2017) and the UN DESA
webinar concept note (2021), found in their texts from the titles ``report.yaml`` lists.

Deloitte: chapters ``"1"``..``"6"`` are the ``# Title`` headings its contents list names; the
seven key lessons of chapter 5 are ``"5.1"``..``"5.7"``, found by their number markers
(``- 1 ...``, ``## 2 ...``, ``# 7``). A chapter with lessons covers its introduction only.
UN DESA: each heading is a line of its own equal to a listed title; ``"0"`` is the title block.
Every heading-like line of the body must be a listed section, so none is missed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from smckg.errors import ReportError
from smckg.reports.reading import Line, ReportText, match_key, normalise

#: The other sources by slug (kg/frameworks/reports.yaml) and their text files.
OTHER_FILES = {
    "deloitte-2017": "deloitte-super-smart-city-2017.en.txt",
    "undesa-2021": "undesa-smart-cities-webinar-2021.en.txt",
}
_CONTENTS = re.compile(r"^(\d)\.\s+(\S.*)$")
_CHAPTER = re.compile(r"^#\s+(\S.*)$")
_BACK_MATTER = ("contacts",)
_HEADING = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}$")


@dataclass(frozen=True)
class Part:
    """A section of another source: its number and first and last line."""

    number: str
    line_start: int
    line_end: int


def read_other(path: Path, slug: str) -> ReportText:
    """One of the other sources as numbered lines (the same form as the WEF reports)."""
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"cannot read the source text ({error})", f"无法读取来源文本（{error}）",
                          where=str(path)) from None
    raw = text.split("\n")
    raw = raw[:-1] if raw and raw[-1] == "" else raw
    return ReportText(path, slug, tuple(Line(n, line.rstrip("\r"), normalise(line))
                                        for n, line in enumerate(raw, 1)))


def outline(report: ReportText, titles: dict[str, str]) -> list[Part]:
    """The sections of ``report`` (``deloitte-2017`` or ``undesa-2021``) in text order."""
    starts = _deloitte(report, titles) if report.lang == "deloitte-2017" else _undesa(report, titles)
    missing = sorted(set(titles) - {number for number, _ in starts})
    if missing:
        raise ReportError(f"sections {missing} listed in report.yaml are not in the text",
                          f"report.yaml 列出的章节 {missing} 在正文中找不到", where=str(report.path))
    ordered = sorted(starts, key=lambda item: item[1])
    end = _end(report)
    return [Part(number, start, _last_filled(report, start, (ordered[i + 1][1] - 1) if i + 1 < len(ordered) else end))
            for i, (number, start) in enumerate(ordered)]


def _end(report: ReportText) -> int:
    for line in report.lines:
        match = _CHAPTER.match(line.text)
        if match and match_key(match.group(1)) in _BACK_MATTER:
            return line.number - 1
    return len(report.lines)


def _last_filled(report: ReportText, floor: int, end: int) -> int:
    while end > floor and report.line(end).blank:
        end -= 1
    return end


def _fail(report: ReportText, line: int, en: str, zh: str) -> ReportError:
    return ReportError(en, zh, where=report.where(line))


def _deloitte(report: ReportText, titles: dict[str, str]) -> list[tuple[str, int]]:
    contents = {}
    for line in report.lines:
        match = _CONTENTS.match(line.text)
        if match:
            contents[match_key(match.group(2))] = match.group(1)
    starts = []
    for line in report.lines:
        match = _CHAPTER.match(line.text)
        if match and match_key(match.group(1)) in _BACK_MATTER:
            break
        if not match or match_key(match.group(1)) == "contents":
            continue
        number = contents.get(match_key(match.group(1)))
        if number is None and not match.group(1).isdigit():
            raise _fail(report, line.number, f"chapter heading '{match.group(1)}' is not in the contents",
                        f"章标题“{match.group(1)}”不在目录中")
        if number is not None:
            starts.append((number, line.number))
    return starts + _lessons(report, dict(starts), titles)


def _lessons(report: ReportText, chapters: dict[str, int], titles: dict[str, str]) -> list[tuple[str, int]]:
    """The numbered parts of a chapter (``5.1``..): each marker after the previous one."""
    found = []
    for parent in sorted({number.split(".")[0] for number in titles if "." in number}):
        cursor = chapters[parent]
        children = sorted((n for n in titles if n.startswith(parent + ".")), key=lambda n: int(n.split(".")[1]))
        for number in children:
            marker = re.compile(rf"^(?:-|#{{1,2}})\s+{number.split('.')[1]}(?:\s|$)")
            cursor = next((line.number for line in report.lines[cursor:] if marker.match(line.text)), 0)
            if not cursor:
                raise _fail(report, chapters[parent], f"key lesson {number} not found",
                            f"未找到第 {number} 条经验")
            found.append((number, cursor))
    return found


def _undesa(report: ReportText, titles: dict[str, str]) -> list[tuple[str, int]]:
    by_key = {match_key(title): number for number, title in titles.items() if number != "0"}
    starts = [("0", 1)]
    for line in report.lines:
        key = match_key(line.text)
        if key in by_key:
            starts.append((by_key.pop(key), line.number))
        elif starts[1:] and _HEADING.match(line.text) and _alone(report, line.number):
            raise _fail(report, line.number, f"heading '{line.text}' is not listed in report.yaml",
                        f"标题“{line.text}”未列在 report.yaml 中")
    return starts


def _alone(report: ReportText, number: int) -> bool:
    """A line between blank lines (or the file's ends), as headings stand."""
    before = number == 1 or report.line(number - 1).blank
    after = number == len(report.lines) or report.line(number + 1).blank
    return before and after
