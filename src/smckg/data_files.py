"""The files a wheel of smc-kg carries as ``smckg/data``: what the package reads at run time.

``setup.py`` loads this module by its path (before the package is installed) to copy the
files into the wheel and the source distribution; the wheel test checks the wheel against it.
The list is made from the repository, never kept by hand: every file under the folders
``smckg.paths.DATA_FOLDERS`` names, and of each npm package that ``server/package.json``
depends on, its ``package.json`` and its built files (``build/`` or ``dist/``), which the
web UI serves.  Standard library only.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_FOLDERS = ("ontology", "kg/records", "kg/mappings", "kg/frameworks", "kg/coverage", "queries")
SERVER_ASSETS = "server"
BUILT_FOLDERS = ("build", "dist")


class MissingAssets(RuntimeError):
    """The web UI's npm packages are not installed (``make ui``), so a wheel would lack them."""


def npm_packages(root: Path) -> list[str]:
    """The npm packages ``server/package.json`` depends on, by name."""
    manifest = json.loads((root / SERVER_ASSETS / "package.json").read_text(encoding="utf-8"))
    return sorted(manifest.get("dependencies", {}))


def asset_files(root: Path) -> list[Path]:
    """``server/package.json``, and each npm dependency's ``package.json`` and built files, relative to ``root``."""
    files = [root / SERVER_ASSETS / "package.json"]
    for name in npm_packages(root):
        folder = root / SERVER_ASSETS / "node_modules" / name
        if not (folder / "package.json").is_file():
            raise MissingAssets(f"{folder} is missing: run `make ui` (npm install in server/) first")
        files.append(folder / "package.json")
        for built in BUILT_FOLDERS:
            files.extend(path for path in sorted((folder / built).rglob("*")) if path.is_file())
    return [path.relative_to(root) for path in files]


def data_files(root: Path) -> list[Path]:
    """Every file the wheel carries under ``smckg/data``, relative to the repository ``root``."""
    files = [path.relative_to(root) for folder in DATA_FOLDERS
             for path in sorted((root / folder).rglob("*")) if path.is_file()]
    return files + asset_files(root)
