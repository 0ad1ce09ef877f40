"""Facts extracted from the real report texts: tables, cases, phases, ranking, roles, drivers."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from smckg.paths import REPORT_FILES, default_reports_dir
from smckg.reports import facts
from smckg.reports.areas import AREAS, area_slug
from smckg.reports.reading import ReportText, match_key, read_report

AREA_SECTIONS = [f"3.{n}" for n in range(3, 10)]
#: The areas of sections 3.3 to 3.9, in that order.
SECTION_AREAS = ["public-social-services", "industry-economy", "governance",
                 "environment-low-carbon", "governmental-effectiveness", "infrastructure",
                 "development-assurance"]
#: (section, city) -> (from phase, to phase), as the project's case records state them.
CASE_SPANS = {
    ("3.3", "宿州市"): (1, 2), ("3.3", "福冈市"): (1, 2), ("3.4", "彭水县"): (1, 1),
    ("3.4", "莘县"): (1, 2), ("3.4", "宝应县"): (1, 2), ("3.5", "开封市"): (1, 2),
    ("3.6", "柏之叶"): (1, 2), ("3.7", "宿州市"): (1, 2), ("3.8", "平湖市"): (1, 3),
    ("3.8", "会津若松市"): (1, 1), ("3.9", "莘县"): (1, 2),
}
#: stakeholder slug -> (number of core areas, number of auxiliary areas)
ROLE_COUNTS = {"government": (7, 0), "citizens": (2, 5), "enterprises": (4, 3),
               "research-institutes": (1, 6)}


def _real(lang: str) -> ReportText:
    path = default_reports_dir() / REPORT_FILES[lang]
    if not path.is_file():
        pytest.skip(f"report text {path} is absent (set SMCKG_REPORTS to its folder)")
    return read_report(path, lang)


@pytest.fixture(scope="module")
def en() -> ReportText:
    return _real("en")


@pytest.fixture(scope="module")
def zh() -> ReportText:
    return _real("zh")


@pytest.fixture(scope="module", params=["en", "zh"])
def report(request: pytest.FixtureRequest) -> ReportText:
    return _real(request.param)


def _on_line(report: ReportText, line: int, text: str) -> bool:
    return match_key(text) in match_key(report.line(line).raw)


def test_challenge_table(zh: ReportText) -> None:
    rows = facts.challenge_table(zh)
    assert [row.rank for row in rows] == list(range(1, 18))
    assert (rows[0].mean, rows[-1].mean) == (Decimal("3.93"), Decimal("2.75"))
    assert [row.mean for row in rows] == sorted((row.mean for row in rows), reverse=True)
    assert {row.median for row in rows} == {3, 4}
    assert all(_on_line(zh, row.line, row.label_zh) for row in rows)


def test_differences_table_skips_the_repeated_header(zh: ReportText) -> None:
    rows = facts.differences_table(zh)
    assert [row.ordinal for row in rows] == list(range(1, 9))
    assert all(row.name_zh.endswith("不同") and row.smc_zh and row.big_city_zh for row in rows)
    assert all(_on_line(zh, row.line, row.name_zh) for row in rows)


def test_case_headings_and_phase_spans(zh: ReportText) -> None:
    headings = facts.case_headings(zh)
    assert len(headings) == 11
    spans = {(h.section, h.city_zh): (h.from_phase, h.to_phase) for h in headings}
    assert spans == CASE_SPANS
    assert {h.country_zh for h in headings} == {"中国", "日本"}
    assert all(_on_line(zh, h.line, h.title_zh) and _on_line(zh, h.line, h.city_zh)
               for h in headings)
    area_of_section = dict(zip(AREA_SECTIONS, SECTION_AREAS, strict=True))
    assert all(h.area == area_of_section[h.section] for h in headings)


def test_phase_passages_cover_seven_areas_times_three(report: ReportText) -> None:
    passages = facts.phase_paragraphs(report)
    assert len(passages) == 21
    assert {(p.section, p.phase) for p in passages} == {
        (section, phase) for section in AREA_SECTIONS for phase in (1, 2, 3)}
    area_of_section = dict(zip(AREA_SECTIONS, SECTION_AREAS, strict=True))
    assert all(p.area == area_of_section[p.section] for p in passages)
    for passage in passages:
        assert len(passage.text) > 40
        assert _on_line(report, passage.line, passage.text[:15])


def test_two_phases_sharing_a_paragraph_are_split(en: ReportText) -> None:
    environment = {p.phase: p for p in facts.phase_paragraphs(en) if p.section == "3.6"}
    assert environment[3].line > environment[2].line
    assert environment[3].text.startswith("In phase 3")
    assert "phase 3" not in environment[2].text.lower()


def test_area_priority_agrees_across_languages(en: ReportText, zh: ReportText) -> None:
    orders = {}
    for report in (en, zh):
        ranks = facts.area_priority(report)
        assert [r.rank for r in ranks] == list(range(1, 8))
        assert all(r.items and _on_line(report, r.line, r.area_label) for r in ranks)
        orders[report.lang] = [r.area for r in ranks]
        assert [r.area for r in facts.ranking_sentence(report)] == orders[report.lang]
    assert orders["en"] == orders["zh"]
    assert sorted(orders["en"]) == sorted(term.slug for term in AREAS)


def test_chinese_priority_items_keep_ties(zh: ReportText) -> None:
    items = {r.area: [item.rank for item in r.items] for r in facts.area_priority(zh)}
    assert items["industry-economy"] == [1, 2, 3, 3]
    assert items["infrastructure"] == [1, 2, 3, 3]
    assert all(ranks == [1, 2, 3] for area, ranks in items.items()
               if area not in ("industry-economy", "infrastructure"))


def test_english_priority_items_are_listed_in_order(en: ReportText) -> None:
    for rank in facts.area_priority(en):
        assert all(item.rank is None and item.label in rank.items_text for item in rank.items)


def test_stakeholder_roles(report: ReportText) -> None:
    statements = facts.stakeholder_roles(report)
    counts = {s.stakeholder_slug: (len(s.core_areas), len(s.auxiliary_areas)) for s in statements}
    assert counts == ROLE_COUNTS
    for statement in statements:
        slugs = [area_slug(label) for label in statement.core_areas + statement.auxiliary_areas]
        assert None not in slugs and len(set(slugs)) == len(slugs)


def test_stakeholder_roles_agree_across_languages(en: ReportText, zh: ReportText) -> None:
    def roles(report: ReportText) -> dict[str | None, tuple[set[str | None], ...]]:
        return {s.stakeholder_slug: ({area_slug(a) for a in s.core_areas},
                                     {area_slug(a) for a in s.auxiliary_areas})
                for s in facts.stakeholder_roles(report)}
    assert roles(en) == roles(zh)
    assert roles(en)["citizens"][0] == {"public-social-services", "environment-low-carbon"}


def test_drivers(report: ReportText) -> None:
    found = facts.drivers(report)
    assert [d.ordinal for d in found] == [1, 2, 3, 4]
    assert all(d.name and "。" not in d.name and _on_line(report, d.line, d.name) for d in found)


def test_challenge_dimensions_of_the_english_figure(en: ReportText, zh: ReportText) -> None:
    items = facts.challenge_dimensions(en)
    assert Counter(item.dimension for item in items) == {
        "society": 3, "economy": 5, "governance": 6, "environment": 3}
    assert len(items) == len(facts.challenge_table(zh))
    assert all(_on_line(en, item.line, item.label) for item in items)
    assert facts.challenge_dimensions(zh) == []
