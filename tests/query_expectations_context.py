"""Expected answers of the canned queries over the framework's context (issue 20), read from the
report texts: the WEF report (via :class:`Reports`), Deloitte's and UN DESA's texts (read here).
Importing this module registers the checks in ``query_expectations.EXPECTATIONS``."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from query_expectations import Reports, Runner, expect, key, number

from smckg.paths import default_reports_dir
from smckg.reports.outline import OTHER_FILES, read_other
from smckg.reports.reading import ReportText, match_key
from smckg.vocab import SMC, iri

CIRCLES = {"●": "full", "◐": "half", "○": "none"}


@cache
def other(slug: str) -> ReportText:
    """Deloitte's or UN DESA's text."""
    return read_other(default_reports_dir() / OTHER_FILES[slug], slug)


def _lines(report: ReportText, first: int, last: int) -> str:
    return " ".join(report.line(n).text for n in range(first, last + 1))


def _model_rows() -> dict[str, list[str]]:
    """Deloitte's operation-model table: model name -> six circles (funding, operation, control)."""
    rows = {}
    for line in other("deloitte-2017").lines:
        cells = [cell.strip() for cell in line.raw.split("\t")]
        circles = [CIRCLES[cell] for cell in cells if cell in CIRCLES]
        if len(circles) == 6 and len(cells) > 2:
            rows[key(re.sub("<[^>]+>", "", cells[1]))] = circles
    return rows


@expect("operation-models")
def operation_models(run: Runner, reports: Reports) -> None:
    rows = _model_rows()
    assert len(rows) == 5
    for role, column in (("controlledBy", 2), ("fundedBy", 0), ("operatedBy", 1)):
        for party, offset in (("government", 0), ("enterprises", 1)):
            answer = run({"party": str(iri(f"stakeholder/{party}")), "role": str(SMC[role])})
            got = {key(row["label_en"]): row.get("shared_with") is not None for row in answer}
            expected = {name: "half" in circles[2 * column:2 * column + 2]
                        for name, circles in rows.items() if circles[2 * column + offset] != "none"}
            assert got == expected, (role, party)


@expect("smc-size-classes")
def size_classes(run: Runner, reports: Reports) -> None:
    rows = run()
    china = _lines(reports.zh, 114, 114)
    oecd = _lines(reports.zh, 116, 118)
    bands_china = {int(n) * 10_000 for n in re.findall(r"(\d+)万", china)}
    bands_oecd = {int(n) * 10_000 for n in re.findall(r"(\d+)万", oecd)}
    assert "OECD" in oecd and "国务院" in china and "2014" in china
    for row in rows:
        text = bands_oecd if "OECD" in str(row["classification_en"]) else bands_china
        for column in ("minPopulation", "maxPopulation"):
            if row[column] is not None:
                assert int(number(row[column])) in text, (row["label_en"], column)
    assert sum("OECD" in str(row["classification_en"]) for row in rows) == 3  # large, medium, small
    assert sum("OECD" not in str(row["classification_en"]) for row in rows) == 4  # medium, small, I, II
    smallest = [row for row in rows if "II" in str(row["label_zh"])]
    assert len(smallest) == 1 and int(number(smallest[0]["maxPopulation"])) == 200_000


@expect("survey-respondents")
def survey_respondents(run: Runner, reports: Reports) -> None:
    counts = [int(n) for n in re.findall(r"(\d+)个", _lines(reports.zh, 162, 162))]
    assert [int(number(row["respondents"])) for row in run()] == counts == [12, 5, 21, 6]
    assert "12 Chinese cities" in _lines(reports.en, 120, 120)


@expect("countries-studied")
def countries_studied(run: Runner, reports: Reports) -> None:
    summary = _lines(reports.en, 73, 73)
    named = summary[summary.index("SMCs in") + 7:summary.index(", proposes")]
    listed = [name.strip() for name in re.split(r",| and ", named) if name.strip()]
    assert [str(row["label_en"]) for row in run()] == listed


@expect("government-roles")
def government_roles(run: Runner, reports: Reports) -> None:
    deloitte = other("deloitte-2017")
    start = next(line.number for line in deloitte.lines if line.text == "### The four roles of governments")
    headings = [line.text.removeprefix("#### ").rstrip(":") for line in deloitte.lines[start:start + 22]
                if line.text.startswith("#### ")]
    assert [str(row["label_en"]) for row in run()] == headings and len(headings) == 4


@expect("lesson-risks-and-success-factors")
def lesson_risks(run: Runner, reports: Reports) -> None:
    deloitte = other("deloitte-2017")
    start = next(line.number for line in deloitte.lines if line.text == "### Potential risks")
    risks = [line.text[2:line.text.index(":")] for line in deloitte.lines[start:start + 8]
             if line.text.startswith("- ") and ":" in line.text]
    rows = run()
    got = [key(row["label_en"]).replace("organisational", "organizational")
           for row in rows if str(row["kind"]) == "risk"]
    assert got == [key(name) for name in risks] and len(risks) == 6
    factors = [line for line in deloitte.lines[start + 9:start + 16] if line.text.startswith("- ")]
    assert sum(str(row["kind"]) == "success factor" for row in rows) == len(factors) == 5


@expect("stated-figures")
def stated_figures(run: Runner, reports: Reports) -> None:
    rows = {str(row["figure"]).rsplit("/", 1)[-1]: row for row in run()}
    idc = _lines(reports.zh, 108, 108)
    amount = Decimal(re.search(r"([\d.]+)亿元", idc).group(1)) * 100_000_000
    share = Decimal(re.search(r"([\d.]+)%", idc).group(1))
    assert number(rows["idc-smart-city-investment-tier-3-5"]["value"]) == amount
    assert number(rows["idc-smart-city-investment-share"]["value"]) == share
    undesa = _lines(other("undesa-2021"), 25, 25)
    assert number(rows["urban-population-share-2050"]["value"]) == Decimal(
        re.search(r"approximately (\d+) per cent", undesa).group(1))
    assert str(rows["urban-population-share-2050"]["isApproximate"]) == "true"
    assert number(rows["urban-share-of-output-2050"]["value"]) == Decimal(
        re.search(r"produce (\d+)", undesa).group(1))
    assert "more than half" in undesa and str(rows["urban-population-share-today"]["isLowerBound"]) == "true"
    losi = _lines(other("undesa-2021"), 47, 47)
    assert "fewer than a quarter" in losi
    assert number(rows["losi-emerging-technology-use"]["value"]) == 25
    assert str(rows["losi-emerging-technology-use"]["isUpperBound"]) == "true"
    for row in rows.values():
        assert int(number(row["firstLine"])) <= int(number(row["lastLine"]))


@expect("policy-timeline")
def policy_timeline(run: Runner, reports: Reports) -> None:
    rows = run()
    dates = [str(row["date"]) for row in rows]
    assert dates == sorted(dates)
    foreword = _lines(reports.zh, 64, 64)
    stated = {f"{year}-{int(month):02d}" for year, month in re.findall(r"(\d{4})年(\d{1,2})月", foreword)}
    assert stated and stated <= set(dates)
    assert "2014" in dates and "2014年" in _lines(reports.zh, 114, 114)


@expect("voiced-challenges")
def voiced_challenges(run: Runner, reports: Reports) -> None:
    rows = run()
    session = reports.zh.line(189).raw
    listed = session[session.index("有：") + 2:session.index("等。")].split("、")
    eu = [row for row in rows if "regions" in key(row["occasion_en"])]
    assert len(eu) == len(listed) + 1 and "互操作性" in session  # the list, then interoperability
    brazil = "".join(reports.zh.line(n).raw for n in range(189, 192))
    needs = brazil[brazil.index("痛点"):].count("需要")
    assert sum("brazil" in key(row["occasion_en"]) for row in rows) == needs + 1


@expect("smc-functions")
def smc_functions(run: Runner, reports: Reports) -> None:
    summary = reports.zh.line(73).raw
    listed = summary[summary.index("包含") + 2:summary.index("四方面")].split("、")
    assert [match_key(str(row["label_zh"])) for row in run()] == [match_key(item) for item in listed]
