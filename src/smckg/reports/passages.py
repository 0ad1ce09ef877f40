"""The passage of a report that supports a fact, for attaching to graph nodes at build time.

A passage is a section's repaired body (see :mod:`smckg.reports.sections`) or, for the source
``table-N``, a table's title and rows. Passages are only ever written into build output,
never into the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smckg.reports.reading import ReportText
from smckg.reports.sections import find_section
from smckg.reports.tables import table

_TABLE_SOURCE = re.compile(r"^table-(\d+)$")
_CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class Passage:
    """A passage: the report's language, the source it stands for, its text and line span."""

    lang: str
    source: str
    title: str
    text: str
    line_start: int
    line_end: int


def passage_for(report: ReportText, section_number: str) -> Passage:
    """The passage of ``section_number``: ``"3.5"``, ``"0"``, ``"appendix"``, ``"table-1"``..."""
    wanted = _TABLE_SOURCE.match(section_number)
    if wanted:
        return _table_passage(report, section_number, int(wanted.group(1)))
    found = find_section(report, section_number)
    return Passage(report.lang, found.number, found.title, found.text, found.line_start,
                   found.line_end)


def _table_passage(report: ReportText, source: str, number: int) -> Passage:
    found = table(report, number)
    rows = [_CELL_SEPARATOR.join(cells) for cells in (found.header, *(r.cells for r in found.rows))]
    text = "\n".join([found.title, *rows]) if found.header else found.title
    return Passage(report.lang, source, found.title, text, found.line_start, found.line_end)
