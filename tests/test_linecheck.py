"""Tests of smckg.linecheck: records' ``lines`` are checked against the source texts, and a
wrong number, label, line range or table cell fails the build with file and line."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from smckg.crosscheck import check_reports
from smckg.errors import CrossCheckError
from smckg.linecheck import number_forms
from smckg.records import load_records


@pytest.mark.parametrize(("value", "form"), [
    (Decimal(500000), "50万"), (Decimal(103840000000), "1038.4亿"), (Decimal(5), "five"),
    (Decimal(50), "half"), (Decimal("58.5"), "58.5"), (Decimal(1500000), "1,500,000"),
])
def test_number_forms(value: Decimal, form: str) -> None:
    assert form in number_forms(value)


@pytest.mark.parametrize(("file", "anchor", "old", "new", "message"), [
    ("survey.yaml", "slug: city-governments", "count: 12", "count: 13", "count of respondent-group"),
    ("size-classes.yaml", "slug: oecd-small", "min_population: 50000", "min_population: 60000",
     "min_population of size-class"),
    ("figures.yaml", "slug: urban-population-share-2050", "value: 70", "value: 75", "value of figure"),
    ("operation-models.yaml", "slug: ppp", "control: [government, enterprises]", "control: [enterprises]",
     "control of operation model 'ppp'"),
    ("government-roles.yaml", "slug: investor", 'lines: {deloitte-2017: "1144-1147"}',
     'lines: {deloitte-2017: "1151-1154"}', "no label of it"),
    ("countries.yaml", "slug: singapore", 'lines: {en: "73", zh: "83"}', 'lines: {en: "120", zh: "83"}',
     "outside section 0"),
])
def test_a_fact_that_disagrees_with_its_lines_is_refused(
        records_copy: Path, edit: Callable[..., None], reports_dir: Path, file: str, anchor: str,
        old: str, new: str, message: str) -> None:
    edit(records_copy / file, anchor, old, new)
    with pytest.raises(CrossCheckError, match=message) as error:
        check_reports(load_records(records_copy), reports_dir)
    assert error.value.where and error.value.zh
