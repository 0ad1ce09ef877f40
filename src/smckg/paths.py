"""Where the package finds its data (ontology, records, mappings, queries, web assets) and keeps its state.

Two layouts, told apart by whether the package carries a ``data`` folder:

* a checkout of the repository (an editable install): the data are the repository's own
  folders, the one source, and builds go to ``dist/`` and ``var/`` in the repository;
* an installed wheel: the build copied those folders into ``smckg/data`` (the list:
  ``smckg.data_files``), and builds go to the user's smc-kg folder (``$SMCKG_HOME``,
  else ``$XDG_DATA_HOME/smc-kg``, else ``~/.local/share/smc-kg``).

``DATA_ROOT`` mirrors the repository's layout in both cases, so every path below is the
same relative path.
"""

from __future__ import annotations

import os
from pathlib import Path

from smckg.data_files import SERVER_ASSETS

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_DATA = PACKAGE_DIR / "data"
INSTALLED = PACKAGED_DATA.is_dir()


def _user_home() -> Path:
    """The installed package's folder for builds and stores."""
    configured = os.environ.get("SMCKG_HOME")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "smc-kg"


#: The repository in a checkout; the user's smc-kg folder when installed (builds, stores).
PROJECT_ROOT = _user_home() if INSTALLED else PACKAGE_DIR.parents[1]
DATA_ROOT = PACKAGED_DATA if INSTALLED else PROJECT_ROOT
ONTOLOGY_DIR = DATA_ROOT / "ontology"
RECORDS_DIR = DATA_ROOT / "kg" / "records"
MAPPINGS_DIR = DATA_ROOT / "kg" / "mappings"
FRAMEWORKS_DIR = DATA_ROOT / "kg" / "frameworks"
COVERAGE_NOTES = DATA_ROOT / "kg" / "coverage" / "notes.yaml"
QUERIES_DIR = DATA_ROOT / "queries"
SERVER_ASSETS_DIR = DATA_ROOT / SERVER_ASSETS
DEFAULT_OUT = PROJECT_ROOT / "dist"

REPORT_FILES = {"en": "wef-smc-2022.en.txt", "zh": "wef-smc-2022.zh.txt"}


def default_reports_dir() -> Path:
    """The report texts' folder: ``$SMCKG_REPORTS``, else ``../shared/reports`` beside the project."""
    configured = os.environ.get("SMCKG_REPORTS")
    if configured:
        return Path(configured)
    return PROJECT_ROOT.parent / "shared" / "reports"
