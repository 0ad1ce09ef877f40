"""Find a numbered table in a report text (caption ``表 1`` / ``TABLE 1``) and read its rows.

The extracted tables are tab-separated lines. The first tabbed line is the header; a later
line equal to it (the header repeated after a page break) is skipped. The table ends at its
``Source:`` / ``来源：`` line or at the first line of ordinary text after its rows. A caption
without a title (``TABLE 1``) takes the next line as its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smckg.errors import ReportError
from smckg.reports.reading import Line, ReportText, tidy

_SOURCE = re.compile(r"^(?:Source|来源)\s*[:：]", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """A table row: its line and its cells (whitespace tidied)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: its number, caption title, line span, header cells and data rows."""

    lang: str
    number: int
    title: str
    line_start: int
    line_end: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def _caption(report: ReportText, number: int) -> tuple[Line, str]:
    pattern = re.compile(rf"^(?:表\s*|TABLE\s+){number}(?!\d)\s*(.*)$", re.IGNORECASE)
    for line in report.lines:
        match = pattern.match(tidy(line.raw))
        if match:
            return line, match.group(1)
    raise ReportError(f"table {number} not found", f"找不到表 {number}", where=str(report.path))


def _cells(line: Line) -> tuple[str, ...]:
    return tuple(tidy(cell) for cell in line.raw.split("\t"))


def table(report: ReportText, number: int) -> Table:
    """Table ``number`` of ``report``; ReportError when its caption is missing."""
    caption, title = _caption(report, number)
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    end = caption.number
    for line in report.lines[caption.number:]:
        if line.blank:
            continue
        if "\t" in line.raw:
            cells = _cells(line)
            if not header:
                header = cells
            elif cells != header:
                rows.append(Row(line.number, cells))
        elif _SOURCE.match(line.text):
            end = line.number
            break
        elif not title and not header:
            title = tidy(line.raw)
        else:
            break
        end = line.number
    return Table(report.lang, number, title, caption.number, end, header, tuple(rows))
