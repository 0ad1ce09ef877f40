"""Fixtures of the lookup tests: a small bilingual graph written for them, and its index."""

from __future__ import annotations

from pathlib import Path

import pytest
from lookup_fixture import FIXTURE
from rdflib import Graph

from smckg.lookup import LookupIndex, build_index


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The fixture graph."""
    return Graph().parse(FIXTURE, format="turtle")


@pytest.fixture(scope="session")
def index(graph: Graph) -> LookupIndex:
    """The lookup index of the fixture graph."""
    return build_index(graph)


@pytest.fixture()
def build_dir(tmp_path: Path, index: LookupIndex) -> Path:
    """A build folder holding only the saved index of the fixture graph."""
    index.save(tmp_path / "lookup-index.json")
    return tmp_path
