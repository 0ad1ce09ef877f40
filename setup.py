"""The package's one native module; everything else is declared in pyproject.toml.

``smckg.server._tsv_json`` rewrites answers that pyoxigraph wrote as SPARQL TSV results into
SPARQL JSON results (see ``smckg.server.render``).  scripts/install-system-deps.sh installs
the C compiler it needs.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("smckg.server._tsv_json", sources=["src/smckg/server/_tsv_json.c"])])
