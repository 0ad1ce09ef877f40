"""``build_kg``: from curated records (and the report texts, when given) to a published build folder.

Steps: load and check the records; read the reports and check them against the records;
assemble the graph; validate it with the SHACL shapes; render every output file and the
term-lookup index and the ontology's HTML documentation and, with the report texts, the
coverage report (``coverage.md``, ``coverage.json``); publish
them by swapping in a staging folder. Any failure raises before the swap, so the last good
build stays in place.
"""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from smckg import coverage, crosscheck, export
from smckg.errors import ValidationError
from smckg.frameworks import framework_graph
from smckg.graph import assemble
from smckg.lookup import INDEX_FILE, build_index
from smckg.mappings import load_mapping_sets, mapping_graph
from smckg.ontology import load_ontology
from smckg.paths import ONTOLOGY_DIR, RECORDS_DIR
from smckg.publish import publish, recover
from smckg.records import load_records
from smckg.server.ontodoc import render_ontology_html
from smckg.validation import check_shapes


@dataclass(frozen=True)
class BuildResult:
    """What a build published: where, its id and size."""

    out_dir: Path
    build_id: str
    triples: int


def extension_graphs() -> list[Graph]:
    """Graphs from other curated sources merged into the KG: the SSSOM mappings to other
    ontologies, the second framework (Deloitte) with its crosswalk, and reference big cities."""
    return [mapping_graph(load_mapping_sets()), framework_graph()]


def build_graph(
    *,
    reports_dir: Path | None = None,
    passages: bool = False,
    records_dir: Path = RECORDS_DIR,
    ontology_dir: Path = ONTOLOGY_DIR,
    shapes: bool = True,
) -> tuple[Graph, Graph, dict[str, str | None]]:
    """The KG (checked against the SHACL shapes unless ``shapes`` is false), the ontology alone
    and the hashes of the report texts used (if any)."""
    records = load_records(records_dir)
    ontology = load_ontology(ontology_dir)
    evidence = crosscheck.Evidence()
    if reports_dir is not None:
        evidence = crosscheck.check_reports(records, reports_dir, passages=passages)
    graph = assemble(records, ontology=ontology, spans=evidence.spans,
                     extra=[*extension_graphs(), evidence.passage_graph()])
    if shapes:
        _refuse_violations([str(violation) for violation in check_shapes(graph)], records_dir)
    return graph, ontology, evidence.inputs


def _refuse_violations(violations: list[str], records_dir: Path) -> None:
    """Raise a ValidationError listing the SHACL violations, if there are any."""
    if violations:
        listing = "\n".join(violations[:20])
        raise ValidationError(
            f"{len(violations)} SHACL violation(s):\n{listing}",
            f"{len(violations)} 处 SHACL 违规：\n{listing}",
            where=str(records_dir),
        )


_CHECKED: list[Graph] = []  # the graph a forked shapes check reads (fork shares it, no copy)


def _violations_of_checked() -> list[str]:
    return [str(violation) for violation in check_shapes(_CHECKED[0])]


def _render(graph: Graph, ontology: Graph, reports_dir: Path | None, records_dir: Path) -> dict[str, bytes]:
    """Every output file but ``build.json``: dumps, lookup index, ontology page, coverage report."""
    files = export.render(graph, ontology)
    files[INDEX_FILE] = build_index(graph).to_json().encode()
    files["ontology.html"] = render_ontology_html(ontology).encode()
    if reports_dir is not None:
        parts = coverage.coverage(graph, load_records(records_dir).report, reports_dir)
        files["coverage.md"] = coverage.render_markdown(parts).encode()
        files["coverage.json"] = coverage.render_json(parts)
    return files


def build_kg(
    *,
    out_dir: Path,
    reports_dir: Path | None = None,
    passages: bool = False,
    records_dir: Path = RECORDS_DIR,
    ontology_dir: Path = ONTOLOGY_DIR,
) -> BuildResult:
    """Build the KG and publish it into ``out_dir``; raises an SmcError and keeps the old build on failure."""
    recover(out_dir)
    graph, ontology, inputs = build_graph(reports_dir=reports_dir, passages=passages, records_dir=records_dir,
                                          ontology_dir=ontology_dir, shapes=False)
    _CHECKED[:] = [graph]
    # The SHACL check runs in a forked process while the files are rendered here (2 cores:
    # about 3 s less); nothing is published unless it finds no violation.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as checker:
        shapes = checker.submit(_violations_of_checked)
        files = _render(graph, ontology, reports_dir, records_dir)
        violations = shapes.result()
    _CHECKED.clear()
    _refuse_violations(violations, records_dir)
    files["build.json"] = export.manifest(files, triples=len(graph), inputs=inputs)
    publish(files, out_dir)
    return BuildResult(out_dir, json.loads(files["build.json"])["build_id"], len(graph))
