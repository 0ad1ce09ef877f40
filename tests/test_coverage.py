"""Tests of smckg.coverage: the build writes coverage.md and coverage.json listing every
section of the three sources with its resources, and no structured part is left unexplained."""

from __future__ import annotations

import json
from pathlib import Path

from smckg.reports import read_report, sections


def _data(built: Path) -> dict:
    return json.loads((built / "coverage.json").read_text(encoding="utf-8"))


def test_every_source_and_every_section_is_listed(built: Path, reports_dir: Path) -> None:
    data = _data(built)
    assert [source["id"] for source in data["sources"]] == ["en", "zh", "deloitte-2017", "undesa-2021"]
    parts = {source["id"]: {p["number"] for p in source["parts"] if p["kind"] == "section"}
             for source in data["sources"]}
    for lang in ("en", "zh"):
        found = {s.number for s in sections(read_report(reports_dir / f"wef-smc-2022.{lang}.txt", lang))}
        assert parts[lang] == found
    assert {"1", "2", "3", "4", "5", "6", "5.1", "5.7"} <= parts["deloitte-2017"]
    assert {"background", "proposed-agenda"} <= parts["undesa-2021"]


def test_no_structured_part_is_left_without_resources_or_reason(built: Path) -> None:
    data = _data(built)
    assert data["gaps"] == []
    for source in data["sources"]:
        for part in source["parts"]:
            if part["structure"] and not part["resources"]:
                assert part["note"]["en"] and part["note"]["zh"], (source["id"], part["number"])


def test_new_and_fixed_sections_have_their_resources(built: Path) -> None:
    parts = {(source["id"], p["kind"], p["number"]): p for source in _data(built)["sources"]
             for p in source["parts"]}
    assert "size-class/china-medium" in parts[("zh", "section", "1.1")]["resources"]
    assert "stakeholder/government" in parts[("zh", "section", "4.1")]["resources"]
    assert "stakeholder/citizens" in parts[("zh", "table", "table-3")]["resources"]
    assert "operation-model/ppp" in parts[("deloitte-2017", "section", "5.3")]["resources"]
    assert "figure/losi-emerging-technology-use" in parts[("undesa-2021", "section", "background")]["resources"]
    assert not any(r.startswith("case/") for r in parts[("en", "section", "3.3")]["resources"])


def test_the_markdown_says_it_is_generated(built: Path) -> None:
    text = (built / "coverage.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- generated")
    assert "## Deloitte, Super Smart City (2017) (`deloitte-2017`)" in text
