"""Tests of the canned queries: every ``queries/*.rq`` parses and answers on the built KG, and
the answers registered in ``query_expectations`` agree with the report texts."""

from __future__ import annotations

from pathlib import Path

import pytest
import query_expectations_context  # noqa: F401 - registers the checks of the context queries
from query_expectations import EXPECTATIONS, Reports, Row, Runner, run_query
from rdflib import Graph, Literal
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from smckg.errors import ParameterError
from smckg.paths import QUERIES_DIR
from smckg.queryfiles import QueryFile, parse_query_file
from smckg.reports.reading import read_report
from smckg.vocab import area, phase

FILES = {path.stem: parse_query_file(path) for path in sorted(QUERIES_DIR.glob("*.rq"))}
#: Query files other parts of the project own (their answers are registered by them).
FOREIGN_PREFIXES = ("links-", "crosswalk-")
#: Values for parameters that have no default, so that every query can run once.
SAMPLE_VALUES = {
    "term-by-label": {"label": "Governance"},
    "term-by-label-zh": {"label": "治理与运行"},
}


@pytest.fixture(scope="module")
def reports(reports_dir: Path) -> Reports:
    """Both report texts."""
    return Reports(read_report(reports_dir / "wef-smc-2022.en.txt", "en"),
                   read_report(reports_dir / "wef-smc-2022.zh.txt", "zh"))


def runnable_values(query: QueryFile) -> dict[str, str]:
    """Values that let ``query`` run: the samples above; skip when a required one is unknown."""
    values = SAMPLE_VALUES.get(query.name, {})
    missing = [p.name for p in query.params
               if not p.optional and p.default is None and p.name not in values]
    if missing:
        pytest.skip(f"{query.name}: no default for required parameter(s) {missing}")
    return values


def has_order(node: object) -> bool:
    """Whether a query algebra holds an ORDER BY."""
    if isinstance(node, CompValue):
        return node.name == "OrderBy" or any(has_order(value) for value in node.values())
    if isinstance(node, list):
        return any(has_order(item) for item in node)
    return False


@pytest.mark.parametrize("name", sorted(FILES))
def test_query_runs_and_answers(kg: Graph, name: str) -> None:
    query = FILES[name]
    prepareQuery(query.text)
    rows = run_query(kg, query, runnable_values(query))
    assert rows, f"{name} returned no rows"
    assert rows != [{"ask": Literal(False)}], f"{name} answered false"


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_query_answer_matches_reports(kg: Graph, reports: Reports, name: str) -> None:
    assert name in FILES, f"an answer is registered for {name}, but queries/{name}.rq is missing"
    EXPECTATIONS[name](Runner(kg, FILES, name), reports)


def test_every_own_query_has_an_expected_answer() -> None:
    own = {name for name in FILES if not name.startswith(FOREIGN_PREFIXES)}
    assert own <= set(EXPECTATIONS), f"no expected answer for {sorted(own - set(EXPECTATIONS))}"


def bilingual_problems(rows: list[Row], columns: list[str]) -> list[str]:
    """Label columns without their other-language partner, or values in the wrong language."""
    problems = [f"{c} has no {c[:-3]}_zh" for c in columns
                if c.endswith("_en") and f"{c[:-3]}_zh" not in columns]
    problems += [f"{c} has no {c[:-3]}_en" for c in columns
                 if c.endswith("_zh") and f"{c[:-3]}_en" not in columns]
    for row in rows:
        for column, value in row.items():
            lang = column[-2:] if column.endswith(("_en", "_zh")) else None
            if lang and value is not None and getattr(value, "language", None) != lang:
                problems.append(f"{column} = {value!r}")
    return problems


@pytest.mark.parametrize("name", sorted(n for n in EXPECTATIONS if n in FILES))
def test_query_is_bilingual_and_ordered(kg: Graph, name: str) -> None:
    query = FILES[name]
    rows = run_query(kg, query, runnable_values(query))
    assert rows, f"{name} returned no rows"
    assert not bilingual_problems(rows, list(rows[0]))
    assert has_order(prepareQuery(query.text).algebra), f"{name} has no ORDER BY"
    assert query.summary and query.summary_zh
    assert all(p.description and p.description_zh for p in query.params), name


def test_missing_required_parameter_is_refused() -> None:
    with pytest.raises(ParameterError) as error:
        FILES["term-by-label"].bindings({})
    assert error.value.where == "label" and error.value.zh


@pytest.mark.parametrize(("name", "values"), [
    ("top-challenges", {"n": "five"}),
    ("top-challenges", {"n": "2.5"}),
    ("cases-by-transition", {"area": "governance"}),
    ("cases-by-transition", {"to": f"{phase(2)}> . ?s ?p ?o"}),
])
def test_ill_typed_parameter_is_refused(name: str, values: dict[str, str]) -> None:
    with pytest.raises(ParameterError):
        FILES[name].bindings(values)


def test_optional_parameter_may_be_left_out(kg: Graph) -> None:
    every = run_query(kg, FILES["cases"], {})
    governance = run_query(kg, FILES["cases"], {"area": str(area("governance"))})
    assert 0 < len(governance) < len(every)
    assert all(row in every for row in governance)
