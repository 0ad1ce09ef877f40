"""The 7x3 matrix as a page model: areas in priority order by phases, with the cases' moves.

The rows come from the canned queries ``matrix.rq`` (one row per key feature, areas in
priority order) and ``cases.rq`` (one row per case with its area and phase span), plus the
phases' labels; :func:`build_matrix` turns those rows into the model the template draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from smckg.queryfiles import QueryFile
from smckg.server.store.supervised import SupervisedStore as Store
from smckg.vocab import SMC

Row = Mapping[str, str]

PHASES_QUERY = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?phase ?phaseNumber ?label_en ?label_zh WHERE {{
  ?phase a <{SMC.MaturityPhase}> ;
         <{SMC.phaseNumber}> ?phaseNumber ;
         skos:prefLabel ?label_en, ?label_zh .
  FILTER(lang(?label_en) = "en" && lang(?label_zh) = "zh")
}}
ORDER BY ?phaseNumber
"""


@dataclass(frozen=True)
class Labelled:
    """An IRI with its English and Chinese labels."""

    iri: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Phase:
    """A column: a maturity phase."""

    iri: str
    labels: dict[str, str]
    number: int


@dataclass(frozen=True)
class Move:
    """A case drawn in its area's row, from its first phase to the phase it reached."""

    iri: str
    labels: dict[str, str]
    city: dict[str, str]
    from_phase: int
    to_phase: int

    @property
    def stays(self) -> bool:
        """Whether the case stays within one phase (drawn as a dot)."""
        return self.from_phase == self.to_phase


@dataclass(frozen=True)
class AreaRow:
    """A row: an area, its key feature per phase number, and its cases."""

    iri: str
    labels: dict[str, str]
    cells: dict[int, Labelled]
    moves: tuple[Move, ...]


@dataclass(frozen=True)
class Matrix:
    """The whole page model."""

    phases: tuple[Phase, ...]
    rows: tuple[AreaRow, ...]

    def cell_count(self) -> int:
        """How many cells hold a key feature."""
        return sum(len(row.cells) for row in self.rows)

    def column(self, number: int) -> int:
        """The CSS grid column of a phase (column 1 holds the areas' names)."""
        return 2 + [phase.number for phase in self.phases].index(number)


def _labels(row: Row, stem: str = "label") -> dict[str, str]:
    return {lang: row[f"{stem}_{lang}"] for lang in ("en", "zh") if f"{stem}_{lang}" in row}


def build_matrix(features: Iterable[Row], cases: Iterable[Row], phases: Iterable[Row]) -> Matrix:
    """The model from the rows of ``matrix.rq``, ``cases.rq`` and the phases query."""
    cells: dict[str, dict[int, Labelled]] = {}
    areas: dict[str, dict[str, str]] = {}
    for row in features:
        areas.setdefault(row["area"], _labels(row, "area"))
        cells.setdefault(row["area"], {})[int(row["phaseNumber"])] = Labelled(
            row["feature"], _labels(row))
    moves: dict[str, list[Move]] = {}
    for row in cases:
        moves.setdefault(row["area"], []).append(Move(
            row["case"], _labels(row), _labels(row, "city"),
            int(row["fromPhase"]), int(row["toPhase"])))
    columns = tuple(Phase(row["phase"], _labels(row), int(row["phaseNumber"])) for row in phases)
    rows = tuple(
        AreaRow(area, labels, cells[area],
                tuple(sorted(moves.get(area, []), key=lambda m: (m.from_phase, m.to_phase, m.iri))))
        for area, labels in areas.items()
    )
    return Matrix(columns, rows)


def _values(store: Store, sparql: str) -> list[dict[str, str]]:
    result = store.query(sparql)
    return [{name: term.value for name, term in row.items()} for row in result.bindings()]


def load_matrix(store: Store, queries: Mapping[str, QueryFile]) -> Matrix:
    """Ask the store for the matrix and the cases (canned queries by name) and the phases."""
    features = _values(store, queries["matrix"].text)
    cases = _values(store, queries["cases"].text)
    return build_matrix(features, cases, _values(store, PHASES_QUERY))
