"""The notebook API (``smckg.api``): its docstring examples run here, one test per docstring,
on the session's build; and the package re-exports it without loading it up front."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

import smckg
import smckg.api
from smckg.errors import ParameterError, QueryError

EXAMPLES = [test for test in doctest.DocTestFinder().find(smckg.api) if test.examples]


@pytest.fixture(autouse=True)
def _on_the_session_build(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMCKG_OUT_DIR", str(built))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda test: test.name)
def test_docstring_examples(example: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(example, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_every_public_function_has_an_example() -> None:
    documented = {test.name.rpartition(".")[2] for test in EXAMPLES}
    assert set(smckg.API) - {"Rows"} <= documented


def test_the_package_exports_the_api() -> None:
    assert smckg.query is smckg.api.query and smckg.Rows is smckg.api.Rows
    with pytest.raises(AttributeError):
        _ = smckg.no_such_function


def test_importing_the_package_does_not_load_the_api() -> None:
    code = "import sys, smckg.paths; print('smckg.api' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_unknown_query_and_bad_parameter() -> None:
    with pytest.raises(QueryError, match="no canned query named 'nope'"):
        smckg.query("nope")
    with pytest.raises(ParameterError):
        smckg.query("cases-by-transition", {"area": "not an iri"})
    with pytest.raises(ParameterError, match="no parameter aera"):
        smckg.query("cases-by-transition", {"aera": "https://w3id.org/smc-dt/id/area/governance"})


def test_values_keep_their_types() -> None:
    scores = smckg.query("challenges-by-score").records()[0]
    assert isinstance(scores["rank"], int) and not isinstance(scores["meanScore"], str)
