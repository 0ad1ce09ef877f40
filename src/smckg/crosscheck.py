"""Check the curated records against the report texts, fact by fact.

Where a report's text has structure — its sections, the challenge table, the case headings
with their phase span, the phase passages of each area, the stakeholder roles of chapter 4,
the ranking of areas, the names in the sections that case records cite — the facts
are read from the text and compared with the records. A disagreement raises a
CrossCheckError naming the fact, the report file and the line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from smckg import linecheck, reports
from smckg.errors import CrossCheckError
from smckg.graph.provenance import SectionSpan
from smckg.paths import REPORT_FILES
from smckg.records import Records, Term
from smckg.reports import facts, outline
from smckg.reports.areas import area_slug
from smckg.reports.reading import ReportText
from smckg.vocab import SMC, feature


@dataclass
class Evidence:
    """What the report texts add to the graph: section spans, passages, input hashes."""

    spans: list[SectionSpan] = field(default_factory=list)
    passages: dict[URIRef, list[Literal]] = field(default_factory=dict)
    inputs: dict[str, str | None] = field(default_factory=lambda: {"en": None, "zh": None})

    def passage_graph(self) -> Graph:
        """The passages as ``smc:sourcePassage`` triples on the nodes they support."""
        graph = Graph()
        for node, literals in self.passages.items():
            for literal in literals:
                graph.add((node, SMC.sourcePassage, literal))
        return graph


def _fail(fact: str, report_value: object, record_value: object, where: str) -> CrossCheckError:
    return CrossCheckError(
        f"{fact}: the report says {report_value}, the records say {record_value}",
        f"{fact}：报告为 {report_value}，整理记录为 {record_value}",
        where=where,
    )


def _normal(text: str) -> str:
    return "".join(text.split()).replace("（", "(").replace("）", ")").casefold()


def check_challenges(records: Records, rows: Iterable[facts.ChallengeRow], path: Path) -> None:
    """Table 1: every row has a record with the same Chinese label, scores and rank, and back."""
    by_label = {_normal(term.label.zh): term for term in records.of("challenge")}
    seen = set()
    for row in rows:
        where = f"{path}:{row.line}"
        term = by_label.get(_normal(row.label_zh))
        if term is None:
            raise _fail(f"challenge '{row.label_zh}'", "a table row", "no record", where)
        seen.add(term.slug)
        for name, reported, recorded in (("mean", Decimal(row.mean), term.get("mean")),
                                         ("median", Decimal(row.median), term.get("median")),
                                         ("rank", row.rank, term.get("rank"))):
            if reported != recorded:
                raise _fail(f"challenge '{row.label_zh}' {name}", reported, recorded, where)
    for term in records.of("challenge"):
        if term.slug not in seen:
            raise _fail(f"challenge '{term.slug}'", "no table row", "a record", term.where)


def _city_names(records: Records, term: Term) -> set[str]:
    city = records.get(term.get("city"))
    return {_normal(name) for name in (city.label.zh, *city.alt["zh"], term.label.zh)}


def check_cases(records: Records, headings: Iterable[facts.CaseHeading], path: Path) -> None:
    """Case headings: each names a recorded case of its section with the same phase span."""
    cases = records.of("case")
    matched = set()
    for heading in headings:
        where = f"{path}:{heading.line}"
        candidates = [term for term in cases if heading.section in term.source.get("zh", ())
                      and any(name in _normal(heading.city_zh) or _normal(heading.city_zh) in name
                              for name in _city_names(records, term))]
        if len(candidates) != 1:
            raise _fail(f"case heading '{heading.title_zh}' in {heading.section}",
                        "one case", f"{len(candidates)} matching records", where)
        term = candidates[0]
        matched.add(term.slug)
        span = (heading.from_phase, heading.to_phase)
        recorded = (term.get("from_phase"), term.get("to_phase"))
        if span != recorded:
            raise _fail(f"phase span of case '{term.slug}'", span, recorded, where)
    for term in cases:
        if term.slug not in matched:
            raise _fail(f"case '{term.slug}'", "no heading", "a record", term.where)


def check_roles(records: Records, statements: Iterable[facts.RoleStatement], path: Path) -> None:
    """Chapter 4: each stakeholder's core and auxiliary areas match its record."""
    by_label = {}
    for term in records.of("stakeholder"):
        for label in (term.label.en, term.label.zh, *term.alt["en"], *term.alt["zh"]):
            by_label[_normal(label)] = term
    for statement in statements:
        where = f"{path}:{statement.line}"
        term = by_label.get(_normal(statement.stakeholder))
        if term is None:
            raise _fail(f"stakeholder '{statement.stakeholder}'", "a role statement", "no record", where)
        for name, written, recorded in (("core", statement.core_areas, term.get("core", ())),
                                        ("auxiliary", statement.auxiliary_areas,
                                         term.get("auxiliary", ()))):
            reported = sorted(area_slug(label) for label in written)
            expected = sorted(ref.slug for ref in recorded)
            if reported != expected:
                raise _fail(f"{name} areas of '{term.slug}'", reported, expected, where)


def check_priorities(records: Records, ranks: Iterable[facts.AreaRank], path: Path) -> None:
    """Section 3.1: the survey's ranking of areas matches each area's priority rank."""
    recorded = {term.slug: term.get("priority_rank") for term in records.of("area")}
    for rank in ranks:
        if recorded.get(rank.area) != rank.rank:
            raise _fail(f"priority rank of area '{rank.area}'", rank.rank, recorded.get(rank.area),
                        f"{path}:{rank.line}")


def check_features(records: Records, passages: Iterable[facts.PhasePassage], path: Path) -> None:
    """Sections 3.3-3.9: the text describes exactly the 21 cells the records hold."""
    recorded = {(term.get("area").slug, term.get("phase")): term for term in records.of("feature")}
    described = {}
    for passage in passages:
        described.setdefault((passage.area, passage.phase), passage)
    for cell, passage in sorted(described.items()):
        if cell not in recorded:
            raise _fail(f"key feature {cell[0]} phase {cell[1]}", "a phase passage", "no record",
                        f"{path}:{passage.line}")
    for cell, term in sorted(recorded.items()):
        if cell not in described:
            raise _fail(f"key feature {cell[0]} phase {cell[1]}", "no phase passage", "a record", term.where)


def check_sections(records: Records, found: Iterable[reports.Section], lang: str, path: Path) -> None:
    """Every numbered section a record cites is a section the report text has."""
    numbers = {section.number for section in found}
    for term in records:
        for number in term.source.get(lang, ()):
            if number[0].isdigit() and number not in numbers:
                raise _fail(f"section {number} cited by {term.kind} '{term.slug}'",
                            "no such section", "a citation", f"{path} ← {term.where}")


#: Kinds whose facts come from a case study: each cited section must name what they are about.
CASE_KINDS = ("case", "outcome", "organisation", "city", "region", "technology")


def _subjects(records: Records, term: Term) -> list[Term]:
    """What a cited section must name for ``term``: its case's city, its cities, or itself."""
    if term.kind == "outcome":
        term = records.get(term.get("parent"))
    if term.kind == "case":
        return [records.get(term.get("city"))]
    if term.kind == "region":
        return [term, *(city for city in records.of("city") if city.get("region").slug == term.slug)]
    return [term]


def check_citations(records: Records, found: Iterable[reports.Section], lang: str, path: Path) -> None:
    """Case records cite only sections whose text names their city, organisation or technology."""
    texts = {section.number: reports.match_key(section.text) for section in found}
    for term in (term for kind in CASE_KINDS for term in records.of(kind)):
        names = [reports.match_key(name) for subject in _subjects(records, term)
                 for name in (getattr(subject.label, lang), *subject.alt.get(lang, ()))]
        for number in term.source.get(lang, ()):
            if not any(name and name in texts.get(number, "") for name in names):
                raise _fail(f"section {number} cited by {term.kind} '{term.slug}'",
                            "no mention of it", "a citation", f"{path} ← {term.where}")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _other_texts(reports_dir: Path) -> dict[str, ReportText]:
    """Deloitte's and UN DESA's texts, those present in ``reports_dir``."""
    return {slug: outline.read_other(reports_dir / name, slug)
            for slug, name in outline.OTHER_FILES.items() if (reports_dir / name).is_file()}


def _other_spans(records: Records, texts: dict[str, ReportText]) -> list[SectionSpan]:
    spans = []
    for slug, text in texts.items():
        titles = {str(item["number"]): item["title"]["en"]
                  for item in records.report.get("sections", []) if item["lang"] == slug}
        spans.extend(SectionSpan(slug, part.number, part.line_start, part.line_end)
                     for part in outline.outline(text, titles))
    return spans


def check_reports(records: Records, reports_dir: Path, *, passages: bool = False) -> Evidence:
    """Read the reports, check the records against them and return what they add to the graph."""
    texts = {lang: reports.read_report(reports_dir / name, lang) for lang, name in REPORT_FILES.items()}
    paths = {lang: reports_dir / name for lang, name in REPORT_FILES.items()}
    check_challenges(records, facts.challenge_table(texts["zh"]), paths["zh"])
    check_cases(records, facts.case_headings(texts["zh"]), paths["zh"])
    for lang in ("en", "zh"):
        check_roles(records, facts.stakeholder_roles(texts[lang]), paths[lang])
        check_priorities(records, facts.area_priority(texts[lang]), paths[lang])
        check_features(records, facts.phase_paragraphs(texts[lang]), paths[lang])
        check_sections(records, reports.sections(texts[lang]), lang, paths[lang])
        check_citations(records, reports.sections(texts[lang]), lang, paths[lang])
    evidence = Evidence(inputs={lang: _digest(path) for lang, path in paths.items()})
    for lang, text in texts.items():
        for found in reports.sections(text):
            evidence.spans.append(SectionSpan(lang, found.number, found.line_start, found.line_end,
                                              found.text if passages else None))
        if passages:
            for passage in facts.phase_paragraphs(text):
                node = feature(passage.area, passage.phase)
                evidence.passages.setdefault(node, []).append(Literal(passage.text, lang=lang))
    others = _other_texts(reports_dir)
    evidence.spans.extend(_other_spans(records, others))
    _check_lines(records, {**texts, **others}, evidence.spans)
    evidence.inputs.update({slug: _digest(text.path) for slug, text in others.items()})
    return evidence


def _check_lines(records: Records, texts: dict[str, ReportText], spans: list[SectionSpan]) -> None:
    """Records' ``lines`` and the two Deloitte tables read cell by cell."""
    linecheck.check_lines(records, texts, {(s.lang, s.number): (s.line_start, s.line_end) for s in spans})
    if "deloitte-2017" in texts:
        linecheck.check_operation_models(records, texts["deloitte-2017"])
        linecheck.check_goal_rows(records, texts["deloitte-2017"])
