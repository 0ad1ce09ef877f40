"""The reports and their sections as nodes, so every fact can point at where it is stated.

With the report texts at hand the sections also get their line spans, and on request the
passages themselves (only ever written into build output, never into the repository).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import DCTERMS, XSD, Graph, Literal, URIRef

from smckg.errors import RecordError
from smckg.graph.terms import add_concept, add_labels
from smckg.records import Records, Text
from smckg.vocab import SMC, iri, report, section

REPORT_NAMES = {
    "en": Text("English report", "英文报告"),
    "zh": Text("Chinese report", "中文报告"),
    "deloitte-2017": Text("Deloitte report", "德勤报告"),
    "undesa-2021": Text("UN DESA note", "联合国经社部说明"),
}
#: The two editions of the WEF report; other documents' sections are named by the document.
WEF = ("en", "zh")


@dataclass(frozen=True)
class SectionSpan:
    """Where a numbered section stands in a report text, and optionally its passage."""

    lang: str
    number: str
    line_start: int
    line_end: int
    passage: str | None = None


def _section_entries(report_data: dict[str, Any]) -> list[tuple[str, str, Text]]:
    """(lang, number, title) for every section of ``report.yaml``, in either accepted shape."""
    entries = []
    for item in report_data.get("sections", []):
        number = str(item["number"])
        title = item.get("title")
        langs = [item["lang"]] if "lang" in item else [k for k in ("en", "zh") if k in (title or {})]
        for lang in langs:
            if lang not in WEF:
                entries.append((lang, number, Text(title["en"], title["zh"])))
                continue
            text = title if isinstance(title, str) else (title or {}).get(lang, "")
            other = "" if isinstance(title, str) else (title or {}).get("zh" if lang == "en" else "en", "")
            pair = Text(text, other or text) if lang == "en" else Text(other or text, text)
            entries.append((lang, number, pair))
    return entries


def add_reports(graph: Graph, report_data: dict[str, Any]) -> None:
    """The two reports and all their numbered sections."""
    for item in report_data.get("reports", []):
        lang = item["lang"]
        node = report(lang)
        add_concept(graph, node, SMC.Report)
        name = REPORT_NAMES[lang]
        add_labels(graph, node, Text(f"WEF SMC framework, {name.en}", f"世界经济论坛中小城市框架{name.zh}"),
                   Text(f"The {lang} edition of the 2022 report that defines the framework.",
                        f"定义该框架的 2022 年报告的{name.zh[:2]}版本。"))
        graph.add((node, DCTERMS.title, Literal(item["title"], lang=lang)))
        graph.add((node, DCTERMS.language, Literal(lang)))
        graph.add((node, DCTERMS.date, Literal(str(item["date"]))))
        graph.add((node, DCTERMS.publisher, Literal(item["publisher"])))
    for lang, number, title in _section_entries(report_data):
        _add_section(graph, lang, number, title)


def _add_section(graph: Graph, lang: str, number: str, title: Text) -> None:
    node = section(lang, number)
    add_concept(graph, node, SMC.ReportSection)
    name = REPORT_NAMES[lang]
    whole = Text("of the framework", "框架") if lang in WEF else Text("cited by the project", "项目所引")
    add_labels(
        graph, node,
        Text(f"{name.en}, section {number}: {title.en}", f"{name.zh}第 {number} 节：{title.zh}"),
        Text(f"Section {number} of the {name.en} {whole.en}.", f"{whole.zh}{name.zh}的第 {number} 节。"),
    )
    graph.add((node, SMC.report, report(lang)))
    graph.add((node, DCTERMS.isPartOf, report(lang)))
    graph.add((node, SMC.sectionNumber, Literal(number)))


def location(lang: str, number: str, lines: tuple[int, int]) -> URIRef:
    """The IRI of lines ``first-last`` of a section: where in the text a fact is stated."""
    return URIRef(f"{section(lang, number)}/lines/{lines[0]}-{lines[1]}")


def add_location(graph: Graph, node: URIRef, lang: str, number: str, lines: tuple[int, int]) -> None:
    """``node`` is stated at ``lines`` of section ``number`` of document ``lang``."""
    place = location(lang, number, lines)
    graph.add((node, SMC.statedAt, place))
    if (place, SMC.inSection, None) in graph:
        return
    add_concept(graph, place, SMC.SourceLocation)
    name = REPORT_NAMES[lang]
    span = f"{lines[0]}-{lines[1]}" if lines[0] != lines[1] else str(lines[0])
    add_labels(graph, place,
               Text(f"{name.en}, section {number}, lines {span}", f"{name.zh}第 {number} 节第 {span} 行"),
               Text(f"Lines {span} of the text of the {name.en}, in section {number}.",
                    f"{name.zh}文本第 {span} 行，位于第 {number} 节。"))
    graph.add((place, SMC.inSection, section(lang, number)))
    graph.add((place, DCTERMS.source, report(lang)))
    graph.add((place, SMC.firstLine, Literal(lines[0], datatype=XSD.integer)))
    graph.add((place, SMC.lastLine, Literal(lines[1], datatype=XSD.integer)))


def add_locations(graph: Graph, records: Records) -> None:
    """Every record's ``lines``: where in its first cited section of each document it is stated."""
    for term in records:
        for lang, lines in sorted(term.get("lines", {}).items()):
            if not term.source.get(lang):
                raise RecordError(f"lines given for {lang} but no {lang} section cited",
                                  f"给出了 {lang} 的行号却未引用 {lang} 章节", where=term.where)
            add_location(graph, iri(term.path), lang, term.source[lang][0], lines)


def add_spans(graph: Graph, spans: list[SectionSpan]) -> None:
    """Line spans (and passages, where given) of sections found in the report texts."""
    for span in spans:
        node = section(span.lang, span.number)
        if (node, SMC.sectionNumber, None) not in graph:
            continue
        graph.add((node, SMC.lineStart, Literal(span.line_start, datatype=XSD.integer)))
        graph.add((node, SMC.lineEnd, Literal(span.line_end, datatype=XSD.integer)))
        if span.passage:
            graph.add((node, SMC.sourcePassage, Literal(span.passage, lang=span.lang)))
