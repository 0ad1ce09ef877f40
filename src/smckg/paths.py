"""Where the project's edited sources live and where the report texts are read from."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
RECORDS_DIR = PROJECT_ROOT / "kg" / "records"
MAPPINGS_DIR = PROJECT_ROOT / "kg" / "mappings"
QUERIES_DIR = PROJECT_ROOT / "queries"
SERVER_ASSETS_DIR = PROJECT_ROOT / "server"
DEFAULT_OUT = PROJECT_ROOT / "dist"

REPORT_FILES = {"en": "wef-smc-2022.en.txt", "zh": "wef-smc-2022.zh.txt"}


def default_reports_dir() -> Path:
    """The report texts' folder: ``$SMCKG_REPORTS``, else ``../shared/reports`` beside the repo."""
    configured = os.environ.get("SMCKG_REPORTS")
    if configured:
        return Path(configured)
    return PROJECT_ROOT.parent / "shared" / "reports"
