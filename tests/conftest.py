"""Shared fixtures: the report texts and one real build of the KG per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from smckg.build import build_kg
from smckg.paths import REPORT_FILES, default_reports_dir


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    """The folder of the report texts (``$SMCKG_REPORTS`` or ``../shared/reports``); CI has them."""
    directory = default_reports_dir()
    missing = [name for name in REPORT_FILES.values() if not (directory / name).is_file()]
    if missing:
        pytest.fail(f"report texts missing in {directory}: {missing} (set SMCKG_REPORTS)")
    return directory


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, reports_dir: Path) -> Path:
    """A build of the KG from the curated records, checked against the report texts."""
    out = tmp_path_factory.mktemp("build") / "dist"
    build_kg(out_dir=out, reports_dir=reports_dir)
    return out


@pytest.fixture(scope="session")
def kg(built: Path) -> Graph:
    """The built KG, parsed from its N-Triples dump."""
    return Graph().parse(built / "smc-dt.nt", format="nt")
