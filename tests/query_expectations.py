"""Expected answers of the canned queries, read from the report texts, not from the curated records.

A check receives a :class:`Runner` (runs its query, or another one, on the built KG with raw
parameter values, as a web request would give them) and the :class:`Reports` (both report
texts and the facts :mod:`smckg.reports.facts` extracts from them). Checks join the KG's answer
to the text by labels only; every fact they assert (a rank, a score, a phase span, a role, a
count, a value) comes from the text. Register a check with ``@expect("query-name")``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from opencc import OpenCC
from rapidfuzz import fuzz, process, utils
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from smckg.queryfiles import QueryFile
from smckg.reports import facts
from smckg.reports.areas import AREAS, DIMENSIONS, area_slug, stakeholder_slug
from smckg.reports.paragraphs import TEXT
from smckg.reports.reading import ReportText, match_key
from smckg.reports.sections import Section, sections
from smckg.vocab import SMC, area, iri, phase, report

Row = dict[str, Identifier | None]

#: The reports' country names, as ISO 3166-1 alpha-2 codes.
COUNTRY_CODES = {"中国": "CN", "日本": "JP"}
#: A phase span that no case of the report has.
ABSENT_SPAN = ("governance", 2, 3)
#: How alike (0-100) a KG label and the report's wording must be to stand for the same thing.
SIMILAR = 90
#: One to ten as the Chinese report may spell them.
CHINESE_DIGITS = "一二三四五六七八九十"
_T2S = OpenCC("t2s")


@dataclass(frozen=True)
class Runner:
    """Runs canned queries on a graph: ``run(values)`` for its own, ``run(values, query=name)``."""

    graph: Graph
    files: Mapping[str, QueryFile]
    name: str

    def __call__(self, values: Mapping[str, str] | None = None, *, query: str | None = None
                 ) -> list[Row]:
        return run_query(self.graph, self.files[query or self.name], values or {})


def run_query(graph: Graph, query: QueryFile, values: Mapping[str, str]) -> list[Row]:
    """The rows of a SELECT query (ASK: one row ``{"ask": true}``), parameters bound."""
    result = graph.query(query.text, initBindings=query.bindings(dict(values)))
    if result.type == "ASK":
        return [{"ask": Literal(bool(result.askAnswer))}]
    return [{str(var): row[var] for var in result.vars} for row in result]  # type: ignore[index, union-attr]


@dataclass(frozen=True, eq=False)
class Reports:
    """The two report texts and the facts read from them."""

    en: ReportText
    zh: ReportText

    def section(self, lang: str, number: str) -> Section:
        """The numbered section of the report in ``lang``."""
        return next(s for s in self.all_sections(lang) if s.number == number)

    def all_sections(self, lang: str) -> list[Section]:
        """Every section of the report in ``lang``, in document order."""
        return sections(getattr(self, lang))

    @cached_property
    def cases(self) -> list[facts.CaseHeading]:
        """The case headings of the Chinese chapter 3."""
        return facts.case_headings(self.zh)

    @cached_property
    def table(self) -> list[facts.ChallengeRow]:
        """Table 1 of the Chinese report."""
        return facts.challenge_table(self.zh)

    @cached_property
    def passages(self) -> dict[str, str]:
        """Each case's text (heading to next heading or section), by key of its title."""
        bounds = sorted({h.line for h in self.cases}
                        | {s.line_start for s in self.all_sections("zh")}
                        | {len(self.zh.lines) + 1})
        found = {}
        for heading in self.cases:
            end = min(bound for bound in bounds if bound > heading.line)
            lines = self.zh.lines[heading.line - 1:end - 1]
            found[key(heading.title_zh)] = simplified("".join(line.raw for line in lines))
        return found

    def case(self, title: object) -> facts.CaseHeading:
        """The case heading whose title is ``title``."""
        return next(h for h in self.cases if key(h.title_zh) == key(title))


Check = Callable[[Runner, Reports], None]
EXPECTATIONS: dict[str, Check] = {}


def expect(name: str) -> Callable[[Check], Check]:
    """Register ``check`` as the expected answer of the query file ``name``."""
    def register(check: Check) -> Check:
        EXPECTATIONS[name] = check
        return check
    return register


def key(value: object) -> str:
    """A comparison key of a label (normalised, no spaces, case-folded)."""
    return match_key(str(value))


def simplified(text: str) -> str:
    """The comparison key of ``text`` in simplified characters (千葉 = 千叶)."""
    return key(_T2S.convert(text))


def number(term: Identifier | None) -> Decimal:
    """A numeric literal as a Decimal."""
    assert isinstance(term, Literal), term
    return Decimal(str(term))


def stakeholder(slug: str) -> URIRef:
    """The IRI of a stakeholder."""
    return iri(f"stakeholder/{slug}")


def dimension(slug: str) -> URIRef:
    """The IRI of a challenge dimension."""
    return iri(f"dimension/{slug}")


def area_sections(reports: Reports, lang: str) -> dict[str, Section]:
    """The chapter 3 section of each area, by area slug."""
    return {slug: s for s in reports.all_sections(lang)
            if s.number.startswith("3.") and (slug := area_slug(s.title))}


def numbered_items(section: Section, marker: str) -> list[str]:
    """The text paragraphs of ``section`` that open with the list marker regex ``marker``."""
    pattern = re.compile(rf"^-?\s*{marker}")
    return [p.text for p in section.paragraphs if p.kind == TEXT and pattern.match(p.text)]


def head(item: str, marker: str) -> str:
    """A list item's name: after its marker, up to its first full stop."""
    return re.sub(rf"^-?\s*{marker}\s*", "", item).split("。")[0]


def similar(label: object, wording: str) -> bool:
    """Whether a KG label says what the report's ``wording`` says (the KG may reword it)."""
    return fuzz.WRatio(str(label), wording, processor=utils.default_process) >= SIMILAR


def closest(wording: str, labels: list[str]) -> str:
    """The one of ``labels`` that says what the report's ``wording`` says."""
    found = process.extractOne(wording, labels, scorer=fuzz.WRatio, processor=utils.default_process)
    assert found is not None and found[1] >= SIMILAR, (wording, found)
    return found[0]


def same_place(heading_city: str, label: str) -> bool:
    """Whether a heading's city (福冈市) and a city label (福冈) name the same place."""
    short, name = heading_city.rstrip("市县"), str(label).rstrip("市县")
    return short in name or name in short


# --- cases ---------------------------------------------------------------------------------

@expect("cases-by-transition")
def cases_by_transition(run: Runner, reports: Reports) -> None:
    spans = {(h.area, h.from_phase, h.to_phase) for h in reports.cases} | {ABSENT_SPAN}
    for slug, first, last in sorted(spans):
        rows = run({"area": str(area(slug)), "from": str(phase(first)), "to": str(phase(last))})
        expected = {key(h.title_zh) for h in reports.cases
                    if (h.area, h.from_phase, h.to_phase) == (slug, first, last)}
        assert {key(row["label_zh"]) for row in rows} == expected, (slug, first, last)


@expect("cases")
def cases(run: Runner, reports: Reports) -> None:
    rows = run()
    expected = {key(h.title_zh): (area(h.area), h.from_phase, h.to_phase, COUNTRY_CODES[h.country_zh])
                for h in reports.cases}
    assert {key(row["label_zh"]): (row["area"], int(number(row["fromPhase"])),
                                   int(number(row["toPhase"])), str(row["countryCode"]))
            for row in rows} == expected
    assert len(rows) == len(reports.cases)
    for row in rows:
        assert same_place(reports.case(row["label_zh"]).city_zh, str(row["city_zh"])), row
    industry = run({"area": str(area("industry-economy"))})
    assert {key(row["label_zh"]) for row in industry} == {
        key(h.title_zh) for h in reports.cases if h.area == "industry-economy"}


@expect("cases-spanning-phases")
def cases_spanning_phases(run: Runner, reports: Reports) -> None:
    expected = {key(h.title_zh): h.to_phase - h.from_phase for h in reports.cases
                if h.to_phase > h.from_phase}
    rows = run()
    assert {key(row["label_zh"]): int(number(row["steps"])) for row in rows} == expected
    steps = [int(number(row["steps"])) for row in rows]
    assert steps == sorted(steps, reverse=True)


@expect("cases-per-country")
def cases_per_country(run: Runner, reports: Reports) -> None:
    cases_by_country = Counter(COUNTRY_CODES[h.country_zh] for h in reports.cases)
    cities_by_country = Counter(COUNTRY_CODES[country]
                                for country, _ in {(h.country_zh, h.city_zh) for h in reports.cases})
    rows = run()
    assert {str(row["countryCode"]): int(number(row["cases"])) for row in rows} == cases_by_country
    assert {str(row["countryCode"]): int(number(row["cities"])) for row in rows} == cities_by_country


def written_forms(value: Decimal) -> list[str]:
    """Regexes for how the Chinese report may write ``value``: in digits, in 万 (10^4) or 亿
    (10^8), a small whole number in Chinese numerals, 上亿 ("upwards of 10^8"), 没有…一个 (none)."""
    forms = [rf"(?<![\d.]){re.escape(format(value.normalize(), 'f'))}(?![\d.])"]
    for unit, size in (("万", Decimal(10_000)), ("亿", Decimal(100_000_000))):
        if value >= size:
            forms.append(rf"(?<![\d.]){re.escape(format((value / size).normalize(), 'f'))}{unit}")
        if value == size:
            forms.append(f"上{unit}")
    if value == int(value) and 0 < value <= len(CHINESE_DIGITS):
        forms.append(f"{CHINESE_DIGITS[int(value) - 1]}(?:个|条|年|项|次)")
    if value == 0:
        forms.append("没有[^,，。]{0,8}一个")
    return forms


def states_value(passage: str, value: Decimal) -> bool:
    """Whether ``passage`` writes ``value`` (as a number of its own, not inside a longer one)."""
    return any(re.search(form, passage) for form in written_forms(value))


@expect("cases-with-outcomes")
def cases_with_outcomes(run: Runner, reports: Reports) -> None:
    rows = run()
    assert rows
    for row in rows:
        passage = reports.passages[key(row["case_zh"])]
        assert states_value(passage, number(row["value"])), (row["outcome"], row["value"])
        if row["baseline"] is not None:
            assert states_value(passage, number(row["baseline"])), (row["outcome"], row["baseline"])


@expect("case-outcomes")
def case_outcomes(run: Runner, reports: Reports) -> None:
    every = run(query="cases-with-outcomes")
    for case in sorted({row["case"] for row in every}, key=str):
        rows = run({"case": str(case)})
        assert {row["outcome"] for row in rows} == {r["outcome"] for r in every if r["case"] == case}
        passage = reports.passages[key(next(r["case_zh"] for r in every if r["case"] == case))]
        assert all(states_value(passage, number(row["value"])) for row in rows), case


@expect("case-partners")
def case_partners(run: Runner, reports: Reports) -> None:
    rows = run()
    assert rows
    for row in rows:
        assert simplified(str(row["label_zh"])) in reports.passages[key(row["case_zh"])], row


@expect("case-technologies")
def case_technologies(run: Runner, reports: Reports) -> None:
    rows = run()
    named = {key(row["case_zh"]) for row in rows}
    assert named <= set(reports.passages)
    for case in named:
        labels = [simplified(str(row["label_zh"])) for row in rows if key(row["case_zh"]) == case]
        assert any(label in reports.passages[case] for label in labels), case


@expect("cities")
def cities(run: Runner, reports: Reports) -> None:
    rows = run()
    assert len(rows) == len({h.city_zh for h in reports.cases})
    assert {str(row["countryCode"]) for row in rows} == {
        COUNTRY_CODES[h.country_zh] for h in reports.cases}
    text = simplified("".join(line.raw for line in reports.zh.lines))
    for row in rows:
        assert any(same_place(h.city_zh, str(row["label_zh"])) for h in reports.cases), row
        if row["population"] is not None:
            assert states_value(text, number(row["population"])), row
        if row["wikidata"] is not None:
            assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9]\d*", str(row["wikidata"]))


# --- the framework -------------------------------------------------------------------------

def phase_cells(reports: Reports, lang: str) -> set[tuple[URIRef, int]]:
    """(area, phase) of every phase description of chapter 3 in ``lang``."""
    return {(area(p.area), p.phase) for p in facts.phase_paragraphs(getattr(reports, lang))}


@expect("matrix")
def matrix(run: Runner, reports: Reports) -> None:
    rows = run()
    cells = [(row["area"], int(number(row["phaseNumber"]))) for row in rows]
    assert len(cells) == len(set(cells)) == len(AREAS) * 3
    assert set(cells) == phase_cells(reports, "zh") == phase_cells(reports, "en")
    ranking = [area(rank.area) for rank in facts.ranking_sentence(reports.zh)]
    assert cells == [(a, n) for a in ranking for n in (1, 2, 3)]


@expect("key-feature")
def key_feature(run: Runner, reports: Reports) -> None:
    for cell_area, cell_phase in sorted(phase_cells(reports, "zh")):
        rows = run({"area": str(cell_area), "phase": str(phase(cell_phase))})
        assert len(rows) == 1, (cell_area, cell_phase)
        assert all(str(value).strip() for value in rows[0].values())


@expect("phases")
def phases(run: Runner, reports: Reports) -> None:
    stated = {}
    for paragraph in reports.section("zh", "3.2").paragraphs:
        match = re.match(r"^-?\s*阶段([一二三])[:：]其特征是([^，,]+)", paragraph.text)
        if match:
            stated["一二三".index(match.group(1)) + 1] = match.group(2)
    rows = run()
    assert [int(number(row["phaseNumber"])) for row in rows] == sorted(stated)
    for row in rows:
        n = int(number(row["phaseNumber"]))
        assert key(row["characteristic_zh"]) == key(stated[n])
        assert row["next"] == (phase(n + 1) if n + 1 in stated else None)


@expect("areas-by-priority")
def areas_by_priority(run: Runner, reports: Reports) -> None:
    rows = run()
    ranking = {rank.area: rank for rank in facts.area_priority(reports.zh)}
    order = list(dict.fromkeys(row["area"] for row in rows))
    assert order == [area(rank.area) for rank in sorted(ranking.values(), key=lambda r: r.rank)]
    for slug, rank in ranking.items():
        items = [row for row in rows if row["area"] == area(slug)]
        assert {int(number(row["priorityRank"])) for row in items} == {rank.rank}
        assert sorted(int(number(row["itemRank"])) for row in items) == sorted(
            item.rank or 0 for item in rank.items)
        for row in items:
            assert any(item.rank == int(number(row["itemRank"]))
                       and key(item.label).startswith(key(row["item_zh"])) for item in rank.items), row


def role_pairs(reports: Reports, lang: str, core: bool) -> set[tuple[URIRef, URIRef]]:
    """(stakeholder, area) of every core (or auxiliary) role chapter 4 states in ``lang``."""
    pairs = set()
    for statement in facts.stakeholder_roles(getattr(reports, lang)):
        names = statement.core_areas if core else statement.auxiliary_areas
        pairs |= {(stakeholder(statement.stakeholder_slug or ""), area(area_slug(name) or ""))
                  for name in names}
    return pairs


@expect("core-roles")
def core_roles(run: Runner, reports: Reports) -> None:
    got = {(row["stakeholder"], row["area"]) for row in run()}
    assert got == role_pairs(reports, "zh", True) == role_pairs(reports, "en", True)


@expect("auxiliary-roles")
def auxiliary_roles(run: Runner, reports: Reports) -> None:
    got = {(row["stakeholder"], row["area"]) for row in run()}
    assert got == role_pairs(reports, "zh", False) == role_pairs(reports, "en", False)


@expect("core-stakeholders")
def core_stakeholders(run: Runner, reports: Reports) -> None:
    pairs = role_pairs(reports, "zh", True)
    for term in AREAS:
        rows = run({"area": str(area(term.slug))})
        assert {row["stakeholder"] for row in rows} == {s for s, a in pairs if a == area(term.slug)}


@expect("stakeholder-actions")
def stakeholder_actions(run: Runner, reports: Reports) -> None:
    for section in reports.all_sections("zh"):
        slug = stakeholder_slug(section.title) if section.number.startswith("4.") else None
        if slug is None:
            continue
        bullets = [p.text for p in section.paragraphs if p.kind == TEXT and p.text.startswith("- ")]
        rows = run({"stakeholder": str(stakeholder(slug))})
        assert [int(number(row["ordinal"])) for row in rows] == list(range(1, len(bullets) + 1)), slug


@expect("drivers")
def drivers(run: Runner, reports: Reports) -> None:
    stated = facts.drivers(reports.zh)
    english = {driver.ordinal: driver.name for driver in facts.drivers(reports.en)}
    common = re.search(r"前(\d+)点是各类城市的共性动力", reports.section("zh", "1.3").text)
    assert common is not None
    rows = run()
    assert [int(number(row["ordinal"])) for row in rows] == [driver.ordinal for driver in stated]
    for row, driver in zip(rows, stated, strict=True):
        assert key(row["label_zh"]) == key(driver.name)
        assert similar(row["label_en"], english[driver.ordinal]), row["label_en"]
        assert row["specificToSMCs"].toPython() == (driver.ordinal > int(common.group(1)))  # type: ignore[union-attr]


@expect("principles")
def principles(run: Runner, reports: Reports) -> None:
    rows = run()
    by_kind = {kind: [row for row in rows if row["kind"] == kind]
               for kind in (SMC.GeneralPrinciple, SMC.PeopleCentredPrinciple, SMC.KeyPoint)}
    general = ("2.1", "2.2", "2.3", "2.4")
    for lang in ("en", "zh"):
        assert [key(row[f"label_{lang}"]) for row in by_kind[SMC.GeneralPrinciple]] == [
            key(reports.section(lang, n).title) for n in general]
    assert len(by_kind[SMC.PeopleCentredPrinciple]) == len(
        numbered_items(reports.section("zh", "2.1"), r"\d\)"))
    points = [head(item, r"\d\)") for item in numbered_items(reports.section("zh", "2.3"), r"\d\)")]
    assert [key(row["label_zh"]) for row in by_kind[SMC.KeyPoint]] == [key(p) for p in points]
    assert len(rows) == sum(len(found) for found in by_kind.values())
    only = run({"kind": str(SMC.KeyPoint)})
    assert only == by_kind[SMC.KeyPoint]


@expect("differences")
def differences(run: Runner, reports: Reports) -> None:
    table = facts.differences_table(reports.zh)
    rows = run()
    assert [int(number(row["ordinal"])) for row in rows] == [r.ordinal for r in table]
    for row, stated in zip(rows, table, strict=True):
        assert key(stated.name_zh).startswith(key(row["label_zh"])), (row["label_zh"], stated.name_zh)


# --- challenges ----------------------------------------------------------------------------

def scores(reports: Reports) -> dict[str, tuple[Decimal, Decimal, int]]:
    """Table 1: (mean, median, rank) by key of the Chinese label."""
    return {key(r.label_zh): (r.mean, Decimal(r.median), r.rank) for r in reports.table}


def row_scores(row: Row) -> tuple[Decimal, Decimal, int]:
    """A row's (mean, median, rank)."""
    return number(row["meanScore"]), number(row["medianScore"]), int(number(row["rank"]))


@expect("challenges-by-score")
def challenges_by_score(run: Runner, reports: Reports) -> None:
    rows = run()
    assert {key(row["label_zh"]): row_scores(row) for row in rows} == scores(reports)
    assert len(rows) == len(reports.table)
    assert [int(number(row["rank"])) for row in rows] == [
        r.rank for r in sorted(reports.table, key=lambda r: (-r.mean, r.rank))]


def figure_dimensions(run: Runner, reports: Reports) -> dict[str, str]:
    """Figure 1 of the English report: the dimension of each challenge, by its KG English label."""
    labels = [str(row["label_en"]) for row in run(query="challenges-by-score")]
    found = {closest(item.label, labels): item.dimension
             for item in facts.challenge_dimensions(reports.en)}
    assert len(found) == len(labels) == len(facts.challenge_dimensions(reports.en))
    return found


@expect("challenges-of-dimension")
def challenges_of_dimension(run: Runner, reports: Reports) -> None:
    figure, table = figure_dimensions(run, reports), scores(reports)
    for term in DIMENSIONS:
        rows = run({"dimension": str(dimension(term.slug))})
        assert {str(row["label_en"]) for row in rows} == {
            label for label, slug in figure.items() if slug == term.slug}, term.slug
        assert all(row_scores(row) == table[key(row["label_zh"])] for row in rows)


@expect("top-challenges")
def top_challenges(run: Runner, reports: Reports) -> None:
    ranked = sorted(reports.table, key=lambda r: r.rank)
    for n in (1, 5, len(ranked)):
        rows = run({"n": str(n)})
        assert [key(row["label_zh"]) for row in rows] == [key(r.label_zh) for r in ranked[:n]]


@expect("dimension-scores")
def dimension_scores(run: Runner, reports: Reports) -> None:
    figure, table = figure_dimensions(run, reports), scores(reports)
    names = {str(row["label_en"]): key(row["label_zh"]) for row in run(query="challenges-by-score")}
    rows = run()
    for row in rows:
        slug = next(term.slug for term in DIMENSIONS if dimension(term.slug) == row["dimension"])
        means = [table[names[label]][0] for label, dim in figure.items() if dim == slug]
        assert int(number(row["challenges"])) == len(means)
        assert abs(number(row["averageMeanScore"]) - sum(means) / len(means)) < Decimal("1e-9")
    assert len(rows) == len(set(figure.values()))
    averages = [number(row["averageMeanScore"]) for row in rows]
    assert averages == sorted(averages, reverse=True)


# --- labels and provenance -----------------------------------------------------------------

def class_labels(reports: Reports) -> dict[URIRef, set[str]]:
    """The Chinese names the report gives the members of some classes, as keys."""
    phases_named = {m.group(1) for p in reports.section("zh", "3.2").paragraphs
                    if (m := re.match(r"^-?\s*(阶段[一二三])[:：]", p.text))}
    return {
        SMC.FunctionalArea: {key(s.title.split("领域")[0]) for s in area_sections(reports, "zh").values()},
        SMC.Stakeholder: {key(s.title) for s in reports.all_sections("zh")
                          if s.number.startswith("4.") and stakeholder_slug(s.title)},
        SMC.Case: {key(h.title_zh) for h in reports.cases},
        SMC.Challenge: set(scores(reports)),
        SMC.MaturityPhase: {key(name) for name in phases_named},
    }


@expect("labels-of-class")
def labels_of_class(run: Runner, reports: Reports) -> None:
    for cls, expected in class_labels(reports).items():
        rows = run({"class": str(cls)})
        assert {key(row["label_zh"]) for row in rows} == expected, cls
    english = {key(s.title) for s in area_sections(reports, "en").values()}
    assert {key(row["label_en"]) for row in run({"class": str(SMC.FunctionalArea)})} == english


@expect("term-by-label")
def term_by_label(run: Runner, reports: Reports) -> None:
    chinese = area_sections(reports, "zh")
    for slug, section in area_sections(reports, "en").items():
        for label in (section.title, section.title.upper()):
            rows = [row for row in run({"label": label}) if row["class"] == SMC.FunctionalArea]
            assert [row["term"] for row in rows] == [area(slug)], label
            assert key(rows[0]["label_zh"]) == key(chinese[slug].title.split("领域")[0])
    assert run({"label": 'Governance" } #'}) == []


@expect("term-by-label-zh")
def term_by_label_zh(run: Runner, reports: Reports) -> None:
    figure = figure_dimensions(run, reports)
    for stated in reports.table:
        rows = run({"label": stated.label_zh})
        assert [row["class"] for row in rows] == [SMC.Challenge], stated.label_zh
        assert str(rows[0]["label_en"]) in figure


def expected_sections(reports: Reports, slug: str) -> set[tuple[URIRef, str]]:
    """(report, section number) of the chapter 3 section on area ``slug``, in both reports."""
    return {(report(lang), area_sections(reports, lang)[slug].number) for lang in ("en", "zh")}


def check_spans(reports: Reports, rows: list[Row]) -> None:
    """Every line span given equals the section's span in the report text."""
    for row in rows:
        lang = "en" if row["report"] == report("en") else "zh"
        section = reports.section(lang, str(row["sectionNumber"]))
        if row["lineStart"] is not None:
            assert (int(number(row["lineStart"])), int(number(row["lineEnd"]))) == (
                section.line_start, section.line_end), row


@expect("term-provenance")
def term_provenance(run: Runner, reports: Reports) -> None:
    for term in AREAS:
        rows = run({"term": str(area(term.slug))})
        assert expected_sections(reports, term.slug) <= {
            (row["report"], str(row["sectionNumber"])) for row in rows}, term.slug
        check_spans(reports, rows)
    for row in run(query="cases"):
        heading = reports.case(row["label_zh"])
        rows = run({"term": str(row["case"])})
        assert (report("zh"), heading.section) in {(r["report"], str(r["sectionNumber"])) for r in rows}
        check_spans(reports, rows)


# --- city self-assessments (queries/assessment-*.rq) ------------------------------------------
# The built KG holds no assessed city (``smc-kg synth`` adds synthetic ones, checked in
# tests/test_synthetic.py), so on it these queries give the framework's skeleton with zeros.

def area_ranking(reports: Reports) -> list[URIRef]:
    """The areas in the order of the report's ranking sentence."""
    return [area(rank.area) for rank in facts.ranking_sentence(reports.zh)]


@expect("assessment-phase-distribution")
def assessment_phase_distribution(run: Runner, reports: Reports) -> None:
    rows = run()
    cells = [(row["area"], int(number(row["phaseNumber"]))) for row in rows]
    assert cells == [(a, n) for a in area_ranking(reports) for n in (1, 2, 3)]
    assert set(cells) == phase_cells(reports, "zh")
    assert {(number(row["currentCities"]), number(row["targetCities"])) for row in rows} == {(0, 0)}


@expect("assessment-gap-per-area")
def assessment_gap_per_area(run: Runner, reports: Reports) -> None:
    rows = run()
    assert [row["area"] for row in rows] == area_ranking(reports)
    columns = ("cities", "averageCurrent", "averageTarget", "averageGap")
    assert {number(row[column]) for row in rows for column in columns} == {0}


@expect("assessment-cities-in-phase")
def assessment_cities_in_phase(run: Runner, reports: Reports) -> None:
    chinese = area_sections(reports, "zh")
    for slug, section in area_sections(reports, "en").items():
        rows = run({"area": str(area(slug)), "current": str(phase(1)), "target": str(phase(2))})
        assert len(rows) == 1 and rows[0]["city"] is None, slug
        assert key(rows[0]["area_en"]) == key(section.title)
        assert key(rows[0]["area_zh"]) == key(chinese[slug].title.split("领域")[0])
