"""The data the package's wheel carries; everything else is declared in pyproject.toml.

A wheel carries the ontology, records, mappings, queries and the web UI's npm files as
``smckg/data`` (the list: ``smckg.data_files``), and the source distribution carries them
too, so that a wheel built from it has them.  An editable install copies nothing: the
package then reads the repository's folders (``smckg.paths``).
"""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent


def _data_files() -> list[Path]:
    """``smckg.data_files.data_files`` of this tree, loaded by path (the package is not installed)."""
    spec = importlib.util.spec_from_file_location("_smckg_data_files", ROOT / "src/smckg/data_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.data_files(ROOT)


class BuildPyWithData(build_py):
    """Also copy the run-time data into ``smckg/data`` of the build (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "smckg" / "data"
        shutil.rmtree(target, ignore_errors=True)  # no file left from an earlier build
        for relative in _data_files():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / relative, target / relative)


class SdistWithData(sdist):
    """Also put the run-time data into the source distribution."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        extra = [str(path) for path in _data_files() if str(path) not in files]
        super().make_release_tree(base_dir, [*files, *extra])


setup(
    cmdclass={"build_py": BuildPyWithData, "sdist": SdistWithData},
)
