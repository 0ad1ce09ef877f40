"""The framework's hierarchy, shown on the concept scheme's page as Skosmos shows a thesaurus.

Four trees of two levels: functional areas with their key features, maturity phases with
theirs, challenge dimensions with their challenges, and functional areas with the cases
that moved in them.  Each tree is one query whose rows give a parent and a child with
their English and Chinese labels, in the order the tree is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from smckg.server.store.supervised import SupervisedStore as Store
from smckg.vocab import SMC, SMCID

#: The concept scheme whose page shows the trees.
SCHEME = SMCID["scheme"]

_LABELS = """
  ?parent skos:prefLabel ?parent_en, ?parent_zh .
  ?child skos:prefLabel ?child_en, ?child_zh .
  FILTER(lang(?parent_en) = "en" && lang(?parent_zh) = "zh" && lang(?child_en) = "en" && lang(?child_zh) = "zh")
"""


def _tree_query(pattern: str, order: str) -> str:
    return (f"PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX smc: <{SMC._NS}>\n"
            f"SELECT DISTINCT ?parent ?parent_en ?parent_zh ?child ?child_en ?child_zh WHERE {{"
            f"{pattern}{_LABELS}}} ORDER BY {order}")


#: (i18n key of the tree's title, its query).
TREES: tuple[tuple[str, str], ...] = (
    ("hierarchy_areas", _tree_query(
        "?parent a smc:FunctionalArea ; smc:priorityRank ?rank . "
        "?child smc:inArea ?parent ; smc:atPhase/smc:phaseNumber ?number .", "?rank ?number")),
    ("hierarchy_phases", _tree_query(
        "?parent a smc:MaturityPhase ; smc:phaseNumber ?number . "
        "?child a smc:KeyFeature ; smc:atPhase ?parent ; smc:inArea/smc:priorityRank ?rank .",
        "?number ?rank")),
    ("hierarchy_challenges", _tree_query(
        "?child a smc:Challenge ; smc:challengeDimension ?parent ; smc:surveyRank ?rank .",
        "?parent ?rank")),
    ("hierarchy_cases", _tree_query(
        "?child smc:hasTransition/smc:inArea ?parent . ?parent smc:priorityRank ?rank .",
        "?rank ?child_en")),
)


@dataclass
class Node:
    """A node of a tree: IRI, labels by language and children."""

    iri: str
    labels: dict[str, str]
    children: list[Node] = field(default_factory=list)


def tree(rows: Iterable[Mapping[str, str]]) -> list[Node]:
    """The parents in the order of their first row, each with its children in row order."""
    parents: dict[str, Node] = {}
    for row in rows:
        parent = parents.setdefault(row["parent"], Node(row["parent"], _labels(row, "parent")))
        parent.children.append(Node(row["child"], _labels(row, "child")))
    return list(parents.values())


def _labels(row: Mapping[str, str], stem: str) -> dict[str, str]:
    return {lang: row[f"{stem}_{lang}"] for lang in ("en", "zh")}


def load_trees(store: Store) -> list[tuple[str, list[Node]]]:
    """Every tree that has a row, by its title key."""
    found = []
    for key, sparql in TREES:
        rows = [{name: term.value for name, term in row.items()} for row in store.query(sparql).bindings()]
        if rows:
            found.append((key, tree(rows)))
    return found
