"""Tests of smckg.records: the curated files load, and broken rows are reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.errors import RecordError
from smckg.records import load_records

CONTRACT_COUNTS = {"area": 7, "phase": 3, "feature": 21, "challenge": 17, "dimension": 4,
                   "driver": 4, "stakeholder": 4, "case": 11, "city": 9}


def test_curated_records_load_with_the_contract_counts() -> None:
    records = load_records()
    counts = {kind: len(records.of(kind)) for kind in CONTRACT_COUNTS}
    assert counts == CONTRACT_COUNTS


def test_every_record_has_both_labels_and_a_source() -> None:
    for term in load_records():
        assert term.label.en and term.label.zh, term.where
        if term.kind != "unit":
            assert term.source, term.where


def test_principles_include_the_four_general_ones() -> None:
    general = {t.slug for t in load_records().of("principle") if t.get("kind") == "general"}
    assert general == {"human-centric", "sustainability", "suitability-cooperation",
                       "differences-from-big-cities"}


def _replace(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_score_out_of_scale_names_file_and_line(records_copy: Path) -> None:
    path = records_copy / "challenges.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split("\t")
    header = lines[0].split("\t")
    cells[header.index("mean")] = "9.5"
    lines[1] = "\t".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_records(records_copy)
    assert caught.value.where == f"{path}:2"
    assert "mean" in caught.value.en and "mean" in caught.value.zh


def test_an_unknown_reference_is_reported(records_copy: Path) -> None:
    path = records_copy / "cases.yaml"
    _replace(path, "area: governance", "area: governanse")
    with pytest.raises(RecordError, match="governanse"):
        load_records(records_copy)


def test_a_yaml_syntax_error_names_the_line(records_copy: Path) -> None:
    path = records_copy / "areas.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n- slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_records(records_copy)
    assert caught.value.where.startswith(f"{path}:")


def test_a_missing_file_is_named(records_copy: Path) -> None:
    (records_copy / "drivers.yaml").unlink()
    with pytest.raises(RecordError) as caught:
        load_records(records_copy)
    assert caught.value.where.endswith("drivers.yaml")


def test_a_duplicate_slug_is_reported(records_copy: Path) -> None:
    path = records_copy / "dimensions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + text[text.index("- slug"):], encoding="utf-8")
    with pytest.raises(RecordError, match="duplicate"):
        load_records(records_copy)


def test_a_phase_span_backwards_is_refused(records_copy: Path) -> None:
    path = records_copy / "cases.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("slug: pinghu-iot-platform")
    segment = text[start:]
    segment = segment.replace("from_phase: 1", "from_phase: 3", 1).replace("to_phase: 3", "to_phase: 1", 1)
    path.write_text(text[:start] + segment, encoding="utf-8")
    with pytest.raises(RecordError, match="from_phase"):
        load_records(records_copy)
