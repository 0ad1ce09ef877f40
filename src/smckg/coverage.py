"""The coverage report: every section, table and figure of the sources with the KG resources
drawn from it, so that what is still missing is visible.

A section's resources are the nodes citing it (``smc:section``) or stated at lines inside it
(``smc:statedAt``); a table's or figure's are those stated at lines overlapping it, or citing
its own section node (the Chinese report's ``table-1``..``table-3``). Each part also says what
structure its text has (a list, a table, figures) and, when it has structure but no
resources, why: the reason of ``kg/coverage/notes.yaml``, or for a figure whose text has no
data, that its content is only in the picture. ``render_markdown`` and ``render_json`` give
the two generated files (``coverage.md``, ``coverage.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, SKOS, Graph, URIRef

from smckg.paths import COVERAGE_NOTES, REPORT_FILES
from smckg.records.yamlio import LINE_KEY, read_yaml
from smckg.reports import read_report, sections
from smckg.reports.outline import OTHER_FILES, outline, read_other
from smckg.reports.reading import ReportText
from smckg.vocab import SMC, SMCID, section

NOTES_FILE = COVERAGE_NOTES
SOURCES = {"en": "WEF/Tencent report, English", "zh": "WEF/Tencent report, Chinese",
           "deloitte-2017": "Deloitte, Super Smart City (2017)",
           "undesa-2021": "UN DESA webinar concept note (2021)"}
_LIST = re.compile(r"^(?:- |[(（]?\d+[)）.] |\d+\) )")
_FIGURE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*(?:%|万|亿|million|billion|per cent)"
                     r"|(?<![\w.])\d{2,}(?:\.\d+)?(?![\w.])")
_CAPTION = re.compile(r"^(?:(表|TABLE)\s*(\d+)|(图|FIGURE)\s*(\d+)|\*{0,2}Figure:)")
_IMAGE_ONLY = {"en": "The figure is a picture: its data is not in the text.",
               "zh": "该图为图片，数据不在文本中。"}


@dataclass(frozen=True)
class Part:
    """One section, table or figure of a source, its structure and what the KG draws from it."""

    source: str
    kind: str
    number: str
    title: str
    line_start: int
    line_end: int
    structure: list[str]
    resources: list[str]
    note: dict[str, str] | None = field(default=None)


def _resources(graph: Graph, node: URIRef | None, lines: tuple[int, int] | None, source: str) -> list[str]:
    """Nodes citing ``node`` or stated at lines of ``source`` that overlap ``lines``."""
    found = set(graph.subjects(SMC.section, node)) if node is not None else set()
    for place in graph.subjects(RDF.type, SMC.SourceLocation):
        cited = graph.value(place, SMC.inSection)
        first, last = int(graph.value(place, SMC.firstLine)), int(graph.value(place, SMC.lastLine))
        inside = str(cited).startswith(str(SMCID[f"section/{source}/"]))
        if (node is not None and cited == node) or (lines and inside and first <= lines[1] and last >= lines[0]):
            found.update(graph.subjects(SMC.statedAt, place))
    return sorted(str(item).removeprefix(str(SMCID)) for item in found
                  if (item, RDF.type, SKOS.Concept) in graph)


def _credit(line: str) -> bool:
    """A figure's or table's source line (``Source: ...``, ``来源：...``)."""
    return line.startswith(("Source:", "来源"))


def _structure(report: ReportText, start: int, end: int) -> list[str]:
    lines = [report.line(n) for n in range(start + 1, end + 1) if not _credit(report.line(n).text)]
    kinds = []
    if sum(bool(_LIST.match(line.text)) for line in lines) >= 2:
        kinds.append("list")
    if sum(line.raw.count("\t") >= 2 for line in lines) >= 2:
        kinds.append("table")
    if any(_FIGURE.search(line.text) for line in lines if not _CAPTION.match(line.text)):
        kinds.append("figures")
    return kinds


def _spans(source: str, report: ReportText, titles: dict[str, str]) -> list[tuple[str, str, int, int]]:
    if source in REPORT_FILES:
        return [(s.number, s.title, s.line_start, s.line_end) for s in sections(report)]
    return [(p.number, titles.get(p.number, p.number), p.line_start, p.line_end)
            for p in outline(report, titles)]


def _blocks(report: ReportText) -> list[tuple[int, int]]:
    """Runs of table rows (lines with two or more tabs), as first and last line."""
    rows = [line.number for line in report.lines if line.raw.count("\t") >= 2]
    blocks: list[list[int]] = []
    for number in rows:
        if blocks and number - blocks[-1][1] <= 4:
            blocks[-1][1] = number
        else:
            blocks.append([number, number])
    return [(first, last) for first, last in blocks if last > first]


def _captioned(report: ReportText) -> list[tuple[str, str, int, int]]:
    """Tables and figures: (kind, number, first line, last line); tables from their rows."""
    parts = []
    blocks = _blocks(report)
    for line in report.lines:
        match = _CAPTION.match(line.text.strip("* "))
        if not match:
            continue
        if match.group(1):
            block = next(((a, b) for a, b in blocks if 0 < a - line.number <= 4), (line.number, line.number))
            parts.append(("table", f"table-{match.group(2)}", line.number, block[1]))
        else:
            number = match.group(4) or f"@{line.number}"
            parts.append(("figure", f"figure-{number}", line.number, _figure_end(report, line.number)))
    tables = {start for kind, _, start, _ in parts if kind == "table"}
    for first, last in blocks:
        if not any(0 < first - start <= 4 for start in tables):
            parts.append(("table", f"table@{first}", first, last))
    return parts


def _figure_end(report: ReportText, start: int) -> int:
    for number in range(start + 1, min(start + 12, len(report.lines)) + 1):
        text = report.line(number).text
        if _credit(text) or _CAPTION.match(text.strip("* ")):
            return number
    return start


def _texts(reports_dir: Path) -> dict[str, ReportText]:
    texts: dict[str, ReportText] = {lang: read_report(reports_dir / name, lang)
                                    for lang, name in REPORT_FILES.items()}
    texts.update({slug: read_other(reports_dir / name, slug) for slug, name in OTHER_FILES.items()
                  if (reports_dir / name).is_file()})
    return texts


def _notes(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    data = read_yaml(path) or {}
    return {(source, str(number)): {k: v for k, v in note.items() if k != LINE_KEY}
            for source, entries in data.items() if source != LINE_KEY
            for number, note in entries.items() if number != LINE_KEY}


def coverage(graph: Graph, report_data: dict[str, Any], reports_dir: Path,
             notes_file: Path = NOTES_FILE) -> list[Part]:
    """Every part of every source present in ``reports_dir``, in source and text order."""
    notes = _notes(notes_file)
    parts = []
    for source, report in _texts(reports_dir).items():
        titles = {str(item["number"]): item["title"]["en" if source != "zh" else "zh"]
                  for item in report_data.get("sections", []) if item["lang"] == source
                  and isinstance(item.get("title"), dict) and item["title"].get("en" if source != "zh" else "zh")}
        for number, title, start, end in _spans(source, report, titles):
            node = section(source, number)
            parts.append(_part(source, "section", number, title, (start, end), report, graph, node, notes))
        mine = [part for part in parts if part.source == source]
        for kind, number, start, end in _captioned(report):
            node = section(source, number) if (section(source, number), SMC.sectionNumber, None) in graph else None
            title = report.line(start).text[:80]
            part = _part(source, kind, number, title, (start, end), report, graph, node, notes)
            parts.append(part)
            for holder in (p for p in mine if p.line_start <= start <= p.line_end):
                holder.resources[:] = sorted(set(holder.resources) | set(part.resources))
    return parts


def _part(source: str, kind: str, number: str, title: str, lines: tuple[int, int], report: ReportText,
          graph: Graph, node: URIRef | None, notes: dict[tuple[str, str], dict[str, str]]) -> Part:
    resources = _resources(graph, node if kind == "section" or node else None,
                           None if kind == "section" else lines, source)
    if kind == "section":
        resources = sorted(set(resources) | set(_resources(graph, None, lines, source)))
    structure = _structure(report, *lines)
    note = notes.get((source, number))
    if note is None and kind == "figure" and not resources and _empty(report, *lines):
        note = _IMAGE_ONLY
    return Part(source, kind, number, title, lines[0], lines[1], structure, resources, note)


def _empty(report: ReportText, start: int, end: int) -> bool:
    """No text between a figure's caption and its source line (or the next caption)."""
    inside = [report.line(n).text for n in range(start + 1, end + 1)]
    return all(not text or _credit(text) or _CAPTION.match(text.strip("* ")) for text in inside)


def gaps(parts: list[Part]) -> list[Part]:
    """Parts whose text has a list, table or figures but that have no resources and no reason."""
    return [part for part in parts if part.structure and not part.resources and not part.note]


def render_json(parts: list[Part]) -> bytes:
    """The machine-readable report: sources and their parts, as a web page can render them."""
    data = {"generated": "by smc-kg build from the report texts; do not edit",
            "sources": [{"id": source, "title": title,
                         "parts": [asdict(part) for part in parts if part.source == source]}
                        for source, title in SOURCES.items() if any(p.source == source for p in parts)],
            "gaps": [f"{part.source} {part.number}" for part in gaps(parts)]}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def render_markdown(parts: list[Part]) -> str:
    """The report as Markdown, one table per source."""
    out = ["<!-- generated by smc-kg build from the report texts; do not edit -->", "",
           "# Coverage of the sources by the knowledge graph", "",
           "For every section, table and figure of each source: the lines of the text, the structure "
           "the text has (list, table, figures), how many KG resources are drawn from it and which, "
           "or why there are none.", ""]
    for source, title in SOURCES.items():
        mine = [part for part in parts if part.source == source]
        if not mine:
            continue
        covered = sum(bool(part.resources) for part in mine)
        out += [f"## {title} (`{source}`)", "", f"{covered} of {len(mine)} parts have resources.", "",
                "| part | title | lines | structure | n | resources or reason |",
                "|---|---|---|---|---|---|"]
        for part in mine:
            reason = part.note["en"] if part.note else ""
            listed = ", ".join(part.resources) if part.resources else (reason or "**none**")
            title_cell = part.title.replace("|", "/")
            out.append(f"| {part.kind} {part.number} | {title_cell} | {part.line_start}-{part.line_end} | "
                       f"{', '.join(part.structure)} | {len(part.resources)} | {listed} |")
        out.append("")
    return "\n".join(out)
