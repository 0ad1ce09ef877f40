"""Canned SPARQL query files: ``queries/*.rq`` with a grlc-style ``#+`` YAML header.

Header keys: ``summary`` and ``summary_zh`` (the question in English and Chinese), ``tags``,
and ``params`` (a list of ``{name, description, description_zh, default}``). Parameters are
query variables named BASIL-style: ``?_name_iri``, ``?_name_integer``, ``?_name_decimal``,
``?_name_en``/``?_name_zh`` (language-tagged), ``?_name`` (plain string); a double underscore
(``?__name_iri``) makes one optional. Values are bound by the engine, never pasted into text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from smckg.errors import ParameterError, QueryError
from smckg.paths import QUERIES_DIR

VARIABLE = re.compile(r"[?$](__?[A-Za-z][A-Za-z0-9_]*)")
KINDS = ("iri", "integer", "decimal", "en", "zh")
IRI_SCHEMES = ("https://", "http://", "urn:")


@dataclass(frozen=True)
class Parameter:
    """A parameter of a query file, read from a BASIL-style variable name."""

    variable: str  # without '?', e.g. "_area_iri"
    name: str  # e.g. "area"
    kind: str  # iri, integer, decimal, en, zh or string
    optional: bool
    description: str = ""
    description_zh: str = ""
    default: str | None = None

    def bind(self, raw: str) -> Identifier:
        """The RDF term for a raw request value, or a ParameterError saying why it does not fit."""
        if self.kind == "iri":
            if not raw.startswith(IRI_SCHEMES) or any(c in raw for c in '<>"{}|\\^` \n'):
                raise ParameterError(f"'{self.name}' must be an absolute IRI",
                                     f"参数“{self.name}”必须是绝对 IRI", where=self.name)
            return URIRef(raw)
        if self.kind in ("integer", "decimal"):
            try:
                value = int(raw) if self.kind == "integer" else Decimal(raw)
            except (ValueError, InvalidOperation) as error:
                raise ParameterError(f"'{self.name}' must be an {self.kind}",
                                     f"参数“{self.name}”必须是{'整数' if self.kind == 'integer' else '小数'}",
                                     where=self.name) from error
            return Literal(value, datatype=XSD.integer if self.kind == "integer" else XSD.decimal)
        if self.kind in ("en", "zh"):
            return Literal(raw, lang=self.kind)
        return Literal(raw)


@dataclass(frozen=True)
class QueryFile:
    """One canned query: its name (the file stem), text, header and parameters."""

    name: str
    path: Path
    text: str
    summary: str
    summary_zh: str
    tags: tuple[str, ...] = ()
    params: tuple[Parameter, ...] = field(default_factory=tuple)
    header: dict[str, Any] = field(default_factory=dict)

    def bindings(self, values: dict[str, str]) -> dict[str, Identifier]:
        """Variable name -> RDF term for the given raw values (defaults filled, required checked)."""
        bound: dict[str, Identifier] = {}
        for param in self.params:
            raw = values.get(param.name, param.default)
            if raw is None:
                if not param.optional:
                    raise ParameterError(f"missing parameter '{param.name}'",
                                         f"缺少参数“{param.name}”", where=param.name)
                continue
            bound[param.variable] = param.bind(str(raw))
        return bound


def _parameter(variable: str, described: dict[str, dict[str, Any]]) -> Parameter:
    optional = variable.startswith("__")
    stem = variable.lstrip("_")
    name, _, suffix = stem.rpartition("_")
    if suffix not in KINDS or not name:
        name, suffix = stem, "string"
    info = described.get(name, {})
    default = info.get("default")
    return Parameter(variable, name, suffix, optional, str(info.get("description", "")),
                     str(info.get("description_zh", "")), None if default is None else str(default))


def parse_query_file(path: Path) -> QueryFile:
    """Read a ``.rq`` file's header and parameters; a bad header is a QueryError naming the file."""
    text = path.read_text(encoding="utf-8")
    header_lines = [line[2:].removeprefix(" ") for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as error:
        raise QueryError(f"bad #+ header: {error}", f"#+ 头部格式错误：{error}", where=str(path)) from error
    if not isinstance(header, dict) or not header.get("summary") or not header.get("summary_zh"):
        raise QueryError("the #+ header needs summary and summary_zh",
                         "#+ 头部需要 summary 和 summary_zh", where=str(path))
    described = {str(p.get("name")): p for p in header.get("params") or [] if isinstance(p, dict)}
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    variables = dict.fromkeys(VARIABLE.findall(body))
    params = tuple(_parameter(variable, described) for variable in variables)
    return QueryFile(path.stem, path, text, str(header["summary"]), str(header["summary_zh"]),
                     tuple(header.get("tags") or ()), params, header)


def query_files(directory: Path = QUERIES_DIR) -> list[QueryFile]:
    """Every canned query of ``directory`` (not its sub-folders), sorted by name."""
    return [parse_query_file(path) for path in sorted(directory.glob("*.rq"))]
