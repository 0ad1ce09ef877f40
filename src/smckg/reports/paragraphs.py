"""Rebuild paragraphs from PDF-extracted lines: drop page debris, rejoin page-split paragraphs.

A run of lines becomes a list of :class:`Paragraph`. Lone page numbers and ``Source:`` /
``来源：`` lines are dropped; figure and table captions stay as their own paragraphs; table
rows (tab-separated) stay one per paragraph. A paragraph that a page break cut in two is
joined again: in English when the next piece starts in lower case and the first does not end
a sentence; in Chinese when the first piece lacks closing punctuation and neither piece looks
like a heading or list item. Every repair is reported as a :class:`Quirk`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from smckg.reports.reading import Line, tidy

TEXT, CAPTION, TABLE = "text", "caption", "table"

_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_SOURCE = re.compile(r"^(?:Source|来源)\s*[:：]", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:(?:FIGURE|TABLE)\s+\d+|(?:图|表)\s*\d+)(?!\d)", re.IGNORECASE)
_EN_SENTENCE_END = re.compile(r"[.!?][\"”')]?$")
_ZH_CLOSED = set("。！？；：!?;:")
_ZH_MARKER = re.compile(r"^(?:-\s|[(（]\d+[)）]|\d+[.)、]|阶段[一二三])")
_ZH_HEADING_BREAKS = set("，。；、,;")
_ZH_HEADING_MAX = 50


@dataclass(frozen=True)
class Quirk:
    """A repair made to the extracted text: what kind, which lines, and a short note."""

    lang: str
    kind: str
    line_start: int
    line_end: int
    note: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: its kind (text, caption, table) and its pieces as (line number, text)."""

    lang: str
    kind: str
    parts: tuple[tuple[int, str], ...]

    @property
    def separator(self) -> str:
        """What joins the pieces: a space in English, nothing in Chinese."""
        return " " if self.lang == "en" else ""

    @property
    def text(self) -> str:
        """The whole paragraph."""
        return self.separator.join(piece for _, piece in self.parts)

    @property
    def line_start(self) -> int:
        """The line of the first piece."""
        return self.parts[0][0]

    @property
    def line_end(self) -> int:
        """The line of the last piece."""
        return self.parts[-1][0]

    def line_at(self, offset: int) -> int:
        """The line holding character ``offset`` of :attr:`text`."""
        end = 0
        for number, piece in self.parts:
            end += len(piece) + len(self.separator)
            if offset < end:
                return number
        return self.line_end


def _kind(line: Line) -> str | None:
    """The line's kind, or None for debris and blank lines."""
    if line.blank or _PAGE_NUMBER.match(line.text) or _SOURCE.match(line.text):
        return None
    if "\t" in line.raw:
        return TABLE
    return CAPTION if _CAPTION.match(line.text) else TEXT


def _zh_heading_like(text: str) -> bool:
    return len(text) <= _ZH_HEADING_MAX and not _ZH_HEADING_BREAKS & set(text)


def _continues(first: str, second: str, lang: str) -> bool:
    """True when ``second`` carries on the sentence that ``first`` leaves open."""
    if lang == "en":
        return second[:1].islower() and not _EN_SENTENCE_END.search(first)
    return (first[-1] not in _ZH_CLOSED and not _zh_heading_like(first)
            and not _zh_heading_like(second) and not _ZH_MARKER.match(second))


def _open_paragraph(paragraphs: list[list[tuple[int, str]]], kinds: list[str]) -> int | None:
    """The index of the last text paragraph when only captions follow it."""
    for index in range(len(paragraphs) - 1, -1, -1):
        if kinds[index] == TEXT:
            return index
        if kinds[index] != CAPTION:
            return None
    return None


def build_paragraphs(lines: Iterable[Line], lang: str) -> tuple[list[Paragraph], list[Quirk]]:
    """The paragraphs of ``lines`` and the repairs made on the way."""
    pieces: list[list[tuple[int, str]]] = []
    kinds: list[str] = []
    quirks: list[Quirk] = []
    for line in lines:
        kind = _kind(line)
        if kind is None:
            if not line.blank:
                quirks.append(Quirk(lang, "debris-dropped", line.number, line.number,
                                    tidy(line.raw)))
            continue
        text = tidy(line.raw)
        target = _open_paragraph(pieces, kinds) if kind == TEXT else None
        if target is not None and _continues(pieces[target][-1][1], text, lang):
            quirks.append(Quirk(lang, "paragraph-joined", pieces[target][-1][0], line.number,
                                "a paragraph split by a page break"))
            pieces[target].append((line.number, text))
            continue
        pieces.append([(line.number, text)])
        kinds.append(kind)
    paragraphs = [Paragraph(lang, kind, tuple(parts))
                  for kind, parts in zip(kinds, pieces, strict=True)]
    return paragraphs, quirks
