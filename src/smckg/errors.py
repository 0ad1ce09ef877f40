"""Domain errors: each carries its message in English and Chinese and says where it arose.

The CLI prints ``str(error)`` and exits with ``error.exit_code``; the web service maps
``error.http_status`` to the response. Modules raise these, never ``SystemExit`` or ``assert``.
"""

from __future__ import annotations


class SmcError(Exception):
    """Base class: a bilingual message, an optional location (file:line, parameter...)."""

    exit_code = 1
    http_status = 500

    def __init__(self, en: str, zh: str, *, where: str | None = None) -> None:
        self.en = en
        self.zh = zh
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.en} / {self.zh}"

    def as_dict(self) -> dict[str, str | None]:
        """The error as JSON-ready data for API responses."""
        return {"error": type(self).__name__, "en": self.en, "zh": self.zh, "where": self.where}


class RecordError(SmcError):
    """A curated record (YAML/TSV row) is missing, malformed or inconsistent."""

    exit_code = 3


class ReportError(SmcError):
    """A report file is missing, unreadable, truncated or not UTF-8."""

    exit_code = 4


class CrossCheckError(SmcError):
    """A fact read from a report disagrees with the curated records."""

    exit_code = 5


class ValidationError(SmcError):
    """SHACL shapes or the reasoner found the graph or ontology invalid."""

    exit_code = 6


class QueryError(SmcError):
    """A SPARQL query or a query file is malformed or cannot run."""

    exit_code = 7
    http_status = 400


class ParameterError(SmcError):
    """A request or query parameter is missing or of the wrong type."""

    exit_code = 2
    http_status = 400
