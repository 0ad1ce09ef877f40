"""Report names of areas, stakeholders and dimensions mapped to the project's slugs."""

from __future__ import annotations

import pytest

from smckg.reports.areas import (
    AREAS,
    area_slug,
    dimension_slug,
    listed_areas,
    scan_areas,
    stakeholder_slug,
)


@pytest.mark.parametrize(("label", "slug"), [
    ("Public and social services", "public-social-services"),
    ("public and social services", "public-social-services"),
    ("民生与服务", "public-social-services"),
    ("Governmental effectiveness", "governmental-effectiveness"),
    ("政府效能", "governmental-effectiveness"),
    ("治理与运行领域转型模式及实践", "governance"),
    ("Development assurance (leadership/policy)", "development-assurance"),
    ("development assurance (leadership/ policy)", "development-assurance"),
    ("发展保障（领导力 / 政策）", "development-assurance"),
    ("发展保障 (领导力/政策)", "development-assurance"),
    ("development assurance", "development-assurance"),
])
def test_area_slug(label: str, slug: str) -> None:
    assert area_slug(label) == slug


def test_unknown_labels_have_no_slug() -> None:
    assert area_slug("Orchard keeping") is None
    assert stakeholder_slug("Fishermen") is None


def test_every_area_is_reachable_from_both_languages() -> None:
    assert {area_slug(term.en) for term in AREAS} == {area_slug(term.zh) for term in AREAS}
    assert len(AREAS) == 7


def test_stakeholders_and_dimensions() -> None:
    assert stakeholder_slug("研究机构") == "research-institutes"
    assert stakeholder_slug("Research institutes") == "research-institutes"
    assert dimension_slug("Economy") == dimension_slug("经济") == "economy"


def test_scan_prefers_the_longest_name_and_keeps_the_wording() -> None:
    text = "Clerks help with governance, and with development assurance (leadership/ policy) too."
    found = [match.group() for match in scan_areas(text, "en")]
    assert found == ["governance", "development assurance (leadership/ policy)"]


def test_scan_in_chinese_and_within_bounds() -> None:
    text = "村里的民生与服务、基础设施都要改进。"
    assert [m.group() for m in scan_areas(text, "zh")] == ["民生与服务", "基础设施"]
    assert [m.group() for m in scan_areas(text, "zh", 0, 9)] == ["民生与服务"]


def test_scan_ignores_words_inside_longer_words() -> None:
    assert scan_areas("the infrastructures of governances", "en") == []


def test_listed_areas_after_a_colon() -> None:
    text = "Two matter most: governance; and infrastructure. Fishing is next."
    assert [m.group() for m in listed_areas(text, "en")] == ["governance", "infrastructure"]
    assert listed_areas("村里先做：基础设施、政府效能，然后休息。", "zh") != []


def test_other_words_break_the_list() -> None:
    assert listed_areas("Two matter most: governance and the old pier.", "en") == []
    assert listed_areas("No colon before governance here.", "en") == []
