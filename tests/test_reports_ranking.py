"""The area ranking of section 3.1, read from invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.errors import ReportError
from smckg.reports.ranking import area_priority, ranking_sentence
from smckg.reports.reading import ReportText, read_report

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
ORDER = ["infrastructure", "public-social-services", "industry-economy", "environment-low-carbon",
         "governance", "governmental-effectiveness", "development-assurance"]


@pytest.fixture(scope="module", params=["en", "zh"])
def mini(request: pytest.FixtureRequest) -> ReportText:
    return read_report(FIXTURES / f"mini.{request.param}.txt", request.param)


def test_ranking_sentence_keeps_order_wording_and_line(mini: ReportText) -> None:
    ranks = ranking_sentence(mini)
    assert [r.area for r in ranks] == ORDER
    assert [r.rank for r in ranks] == list(range(1, 8))
    assert all(r.area_label in mini.line(r.line).raw for r in ranks)


def test_ranked_list(mini: ReportText) -> None:
    ranks = area_priority(mini)
    assert [(r.rank, r.area) for r in ranks] == [(1, "infrastructure"),
                                                 (2, "public-social-services")]
    assert all(r.area_label in mini.line(r.line).raw and r.items_text for r in ranks)


def test_chinese_item_ranks_follow_the_wording() -> None:
    report = read_report(FIXTURES / "mini.zh.txt", "zh")
    items = {r.area: [(i.rank, i.label) for i in r.items] for r in area_priority(report)}
    assert items["infrastructure"] == [(1, "修码头"), (2, "修路"), (3, "路灯"), (3, "水井")]
    assert items["public-social-services"] == [(1, "诊所"), (2, "学校"), (3, "集市")]


def test_english_items_have_order_only() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    first = area_priority(report)[0]
    assert [(i.rank, i.label) for i in first.items] == [(None, "pier repairs"),
                                                         (None, "street lamps")]


def test_missing_ranking_sentence_is_an_error(tmp_path: Path) -> None:
    text = (FIXTURES / "mini.en.txt").read_text(encoding="utf-8")
    path = tmp_path / "unranked.en.txt"
    path.write_text(text.replace("; and development assurance", "; and the harbour"),
                    encoding="utf-8")
    with pytest.raises(ReportError, match="ranking"):
        ranking_sentence(read_report(path, "en"))
