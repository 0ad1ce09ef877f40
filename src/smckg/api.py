"""The knowledge graph from Python, for notebooks: load it, run a canned query, look a term up.

Every function reads the build folder ``out`` (default: ``$SMCKG_OUT_DIR``, else
``smckg.paths.DEFAULT_OUT``) and builds the KG there first if it holds no build, so a fresh
install works at once.  Canned queries are the ``queries/*.rq`` files, asked by name; their
parameters are bound by the engine (pyoxigraph), never pasted into the text.

>>> import smckg
>>> smckg.query("phases").column("label_en")
['Phase 1', 'Phase 2', 'Phase 3']
>>> smckg.lookup_terms("zhili yu yunxing")[0].pref["en"]
'Governance'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph

from smckg.errors import ParameterError, QueryError
from smckg.lookup import Hit, lookup, open_index
from smckg.paths import DEFAULT_OUT, REPORT_FILES, default_reports_dir
from smckg.publish import recover
from smckg.queryfiles import QueryFile, query_files
from smckg.server.store.builds import dump_path, has_build, read_build_info
from smckg.server.store.values import inject_values
from smckg.server.terms import checked_bindings

if TYPE_CHECKING:
    import pandas

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {f"{XSD}integer": int, f"{XSD}int": int, f"{XSD}long": int, f"{XSD}decimal": Decimal,
           f"{XSD}double": float, f"{XSD}float": float}


def build_folder(out: Path | str | None = None) -> Path:
    """The build folder, built first if it holds no build.

    The report texts check the build when they are at their default place
    (``$SMCKG_REPORTS`` or ``../shared/reports``), as ``make build`` does.

    >>> (build_folder() / "smc-dt.ttl").is_file()
    True
    """
    folder = Path(out or os.environ.get("SMCKG_OUT_DIR") or DEFAULT_OUT).absolute()
    recover(folder)
    if not has_build(folder):
        from smckg.build import build_kg  # the builder is heavy; load it only when needed

        reports = default_reports_dir()
        found = all((reports / name).is_file() for name in REPORT_FILES.values())
        build_kg(out_dir=folder, reports_dir=reports if found else None)
    return folder


def load_graph(out: Path | str | None = None) -> Graph:
    """The ontology and the knowledge graph as an rdflib ``Graph``.

    >>> from rdflib import RDF
    >>> from smckg.vocab import SMC
    >>> kg = load_graph()
    >>> len(set(kg.subjects(RDF.type, SMC.FunctionalArea)))
    7
    """
    return Graph().parse(dump_path(build_folder(out)), format="nt")


def load_store(out: Path | str | None = None) -> ox.Store:
    """The ontology and the knowledge graph in a new in-memory pyoxigraph ``Store``.

    >>> store = load_store()
    >>> ask = "ASK { <https://w3id.org/smc-dt/id/area/governance> ?p ?o }"
    >>> bool(store.query(ask))
    True
    """
    store = ox.Store()
    store.bulk_load(path=str(dump_path(build_folder(out))), format=ox.RdfFormat.N_TRIPLES)
    return store


@lru_cache(maxsize=4)
def _shared_store(folder: Path, build_id: str) -> ox.Store:
    """One store per build, for the canned queries (never handed out, so never changed)."""
    return load_store(folder)


def canned_queries() -> dict[str, QueryFile]:
    """The canned queries by name; each has a ``summary``, a ``summary_zh`` and ``params``.

    >>> canned_queries()["cases-by-transition"].summary
    'Which cases moved from one given phase to another in a given functional area?'
    >>> [p.name for p in canned_queries()["cases-by-transition"].params]
    ['area', 'from', 'to']
    """
    return {query.name: query for query in query_files()}


@dataclass(frozen=True)
class Rows:
    """A canned query's answer: its column names and its rows of Python values.

    IRIs and strings are ``str``, numbers ``int``, ``Decimal`` or ``float``, booleans
    ``bool``; an unbound cell is ``None``.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of one column, in order."""
        position = self.columns.index(name)
        return [row[position] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas ``DataFrame`` (needs pandas: ``pip install 'smc-kg[notebook]'``).

        >>> frame = query("phases").to_dataframe()
        >>> frame[["phaseNumber", "label_zh"]].values.tolist()
        [[1, '阶段一'], [2, '阶段二'], [3, '阶段三']]
        """
        import pandas

        return pandas.DataFrame(list(self.rows), columns=list(self.columns))


def query(name: str, params: Mapping[str, str] | None = None, *, out: Path | str | None = None) -> Rows:
    """Run the canned query ``name`` with ``params`` (raw values, by parameter name; the rest
    take their defaults) and return its rows; a ParameterError names a parameter that is
    unknown, missing or of the wrong kind.

    >>> moved = query("cases-by-transition", {"area": "https://w3id.org/smc-dt/id/area/governance",
    ...                                       "from": "https://w3id.org/smc-dt/id/phase/1"})
    >>> moved.column("label_en")
    ['Kaifeng Future City, phase one']
    """
    canned = canned_queries()
    if name not in canned:
        raise QueryError(f"no canned query named {name!r}; known: {', '.join(canned)}",
                         f"没有名为 {name!r} 的预置查询", where=name)
    unknown = sorted(set(params or {}) - {param.name for param in canned[name].params})
    if unknown:
        raise ParameterError(f"{name} has no parameter {', '.join(unknown)}",
                             f"{name} 没有参数 {'、'.join(unknown)}", where=unknown[0])
    folder = build_folder(out)
    store = _shared_store(folder.resolve(), read_build_info(folder).build_id)
    bindings = checked_bindings(canned[name].bindings(dict(params or {})))
    answer = store.query(inject_values(canned[name].text, bindings))
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError(f"{name} is not a SELECT query", f"{name} 不是 SELECT 查询", where=name)
    columns = tuple(variable.value for variable in answer.variables)
    return Rows(columns, tuple(tuple(_value(cell) for cell in solution) for solution in answer))


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Any:
    """A term as a Python value: a number by its datatype, a boolean, else its text."""
    if not isinstance(term, ox.Literal):
        return None if term is None else term.value
    datatype = term.datatype.value
    if datatype in NUMBERS:
        return NUMBERS[datatype](term.value)
    if datatype == f"{XSD}boolean":
        return term.value in {"true", "1"}
    return term.value


def lookup_terms(text: str, *, lang: str | None = None, types: Iterable[str] = (), limit: int = 10,
           out: Path | str | None = None) -> Sequence[Hit]:
    """Framework terms whose English, Chinese or pinyin label matches ``text``, best first.

    >>> hit = lookup_terms("政府效能", lang="en")[0]
    >>> hit.curie, hit.label
    ('smcid:area/governmental-effectiveness', 'Governmental effectiveness')
    """
    return lookup(open_index(build_folder(out)), text, lang=lang, types=tuple(types) or None,
                  limit=limit)
