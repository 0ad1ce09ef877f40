"""The embedded store: loaded once per build, swapped only after a good load, queried read-only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from smckg.errors import ParameterError
from smckg.server.errors import BuildMissing, QuerySyntaxError, StoreLoadError
from smckg.server.store.base import QueryKind
from smckg.server.store.embedded import EmbeddedStore, StoreRecord, prepare_store, read_current
from smckg.vocab import area, iri

KAIFENG = iri("case/kaifeng-future-city")
BY_AREA = """PREFIX smc: <https://w3id.org/smc-dt/ontology#>
SELECT ?case WHERE { ?case smc:hasTransition ?t . ?t smc:inArea ?area }"""


def build_copy(source: Path, target: Path, extra: str = "") -> Path:
    """A build folder like ``source`` with ``extra`` N-Triples appended (so a new build id)."""
    shutil.copytree(source, target)
    if extra:
        with (target / "smc-dt.nt").open("a", encoding="utf-8") as dump:
            dump.write(extra)
        build = json.loads((target / "build.json").read_text())
        build["build_id"] = "changed-" + build["build_id"]
        (target / "build.json").write_text(json.dumps(build))
    return target


@pytest.fixture(scope="module")
def store(mini_store: StoreRecord) -> EmbeddedStore:
    return EmbeddedStore(mini_store, max_rows=1000)


def test_a_build_is_loaded_once_and_then_reused(mini_build: Path, tmp_path: Path) -> None:
    first = prepare_store(mini_build, tmp_path / "store")
    marker = first.path / "loaded-once"
    marker.touch()
    again = prepare_store(mini_build, tmp_path / "store")
    assert again == first and marker.exists()
    assert first.info.triples == len(mini_build.joinpath("smc-dt.nt").read_text().splitlines())


def test_a_new_build_is_swapped_in(mini_build: Path, tmp_path: Path) -> None:
    old = prepare_store(mini_build, tmp_path / "store")
    extra = f'<{KAIFENG}> <http://example.org/note> "new" .\n'
    new = prepare_store(build_copy(mini_build, tmp_path / "new", extra), tmp_path / "store")
    assert new.path != old.path and new.info.triples == old.info.triples + 1
    assert read_current(tmp_path / "store") == new


def test_a_failed_load_keeps_the_previous_store(mini_build: Path, tmp_path: Path) -> None:
    old = prepare_store(mini_build, tmp_path / "store")
    broken = build_copy(mini_build, tmp_path / "broken", "<not a triple\n")
    with pytest.raises(StoreLoadError) as raised:
        prepare_store(broken, tmp_path / "store")
    assert raised.value.zh and "previous store is kept" in raised.value.en
    assert read_current(tmp_path / "store") == old
    assert sorted(p.name for p in (tmp_path / "store").glob("build-*")) == [old.path.name]


def test_no_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BuildMissing, match="smc-kg build"):
        prepare_store(tmp_path, tmp_path / "store")


def test_projected_parameters_are_substituted(store: EmbeddedStore) -> None:
    query = BY_AREA.replace("SELECT ?case", "SELECT ?case ?area")
    result = store.query(query, bindings={"area": URIRef(area("governance"))})
    assert result.bindings() == [{"case": ox.NamedNode(KAIFENG), "area": ox.NamedNode(area("governance"))}]


def test_unprojected_parameters_are_bound_too(store: EmbeddedStore) -> None:
    result = store.query(BY_AREA, bindings={"?area": ox.NamedNode(area("governance"))})
    assert result.bindings() == [{"case": ox.NamedNode(KAIFENG)}]


def test_literal_parameters_match_exactly(store: EmbeddedStore) -> None:
    query = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?x { ?x skos:prefLabel ?l }"
    assert store.query(query, bindings={"l": Literal("开封", lang="zh")}).bindings() == [
        {"x": ox.NamedNode(iri("city/kaifeng"))}
    ]
    assert store.query(query, bindings={"l": Literal("开封")}).rows == ()


def test_rows_are_capped_and_flagged(mini_store: StoreRecord) -> None:
    small = EmbeddedStore(mini_store, max_rows=5)
    result = small.query("SELECT * { ?s ?p ?o }")
    assert len(result.rows) == 5 and result.truncated
    graph = small.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert graph.kind is QueryKind.GRAPH and len(graph.triples) == 5 and graph.truncated
    assert not small.query("SELECT * { ?s ?p ?o } LIMIT 5").truncated


def test_the_database_holds_the_dump(store: EmbeddedStore) -> None:
    count = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows[0][0]
    assert int(count.value) == store.triples
    assert store.query("ASK { ?s ?p ?o }").boolean is True


def test_bad_queries_and_names_are_reported(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        store.query("SELECT * {\n ?s ?p }")
    assert raised.value.line == 2
    with pytest.raises(ParameterError):
        store.query("SELECT * { ?s ?p ?o }", bindings={"not a name": KAIFENG})
