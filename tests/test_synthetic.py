"""Synthetic city self-assessments: deterministic, in the framework's shape, servable, and the
assessment queries' answers on them equal counts made here from the generated triples."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import requests
from query_expectations import run_query
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from smckg.paths import QUERIES_DIR
from smckg.queryfiles import parse_query_file
from smckg.server.store.embedded import prepare_store, read_current
from smckg.synthetic import AREA_SLUGS, SynthError, assessed_city, ntriples, write_synthetic_build
from smckg.vocab import SMC, area, feature, phase

CITIES = 300
SEED = 7
CELL = {feature(slug, n): (area(slug), n) for slug in AREA_SLUGS for n in (1, 2, 3)}


@pytest.fixture(scope="module")
def synth_build(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The KG plus ``CITIES`` synthetic cities, written by ``smc-kg synth`` as users run it."""
    out = tmp_path_factory.mktemp("synth") / "dist"
    command = [str(Path(sys.executable).with_name("smc-kg")), "synth", "--cities", str(CITIES),
               "--seed", str(SEED), "--kg", str(built), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def generated() -> Graph:
    """Only the synthetic triples, parsed by rdflib."""
    return Graph().parse(data="".join(ntriples(CITIES, SEED)), format="nt")


@pytest.fixture(scope="module")
def combined(synth_build: Path) -> Graph:
    """The served dump: KG and synthetic triples."""
    return Graph().parse(synth_build / "smc-dt.nt", format="nt")


def cells(graph: Graph, city: URIRef) -> dict[URIRef, tuple[int, int]]:
    """Area -> (current phase, target phase) as the city's triples state them."""
    current = dict(CELL[o] for o in graph.objects(city, SMC.currentFeature))
    target = dict(CELL[o] for o in graph.objects(city, SMC.targetFeature))
    assert current.keys() == target.keys(), city
    return {a: (current[a], target[a]) for a in current}


def run(graph: Graph, name: str, values: dict[str, str] | None = None) -> list[dict]:
    return run_query(graph, parse_query_file(QUERIES_DIR / f"{name}.rq"), values or {})


def test_same_seed_same_triples_other_seed_other_triples() -> None:
    assert list(ntriples(40, 3)) == list(ntriples(40, 3))
    assert list(ntriples(40, 3)) != list(ntriples(40, 4))


def test_every_city_is_a_bilingual_self_assessment(generated: Graph) -> None:
    cities = set(generated.subjects(RDF.type, SMC.AssessedCity))
    assert cities == {URIRef(assessed_city(n)) for n in range(1, CITIES + 1)}
    for city in cities:
        labels = {label.language for label in generated.objects(city, SKOS.prefLabel)}
        assert labels == {"en", "zh"}
        (year,) = generated.objects(city, SMC.assessmentYear)
        assert 2019 <= year.toPython() <= 2024
        stated = cells(generated, city)
        assert 1 <= len(stated) <= 5
        assert all(now <= aim for now, aim in stated.values())


def test_about_ten_triples_per_city(generated: Graph) -> None:
    assert 8 * CITIES <= len(generated) <= 12 * CITIES


def test_cities_link_to_key_features_of_the_kg(kg: Graph, generated: Graph) -> None:
    used = set(generated.objects(None, SMC.currentFeature)) | set(generated.objects(None, SMC.targetFeature))
    for cell in used:
        assert (cell, RDF.type, SMC.KeyFeature) in kg
        assert (cell, SMC.inArea, CELL[cell][0]) in kg
        assert (cell, SMC.atPhase, phase(CELL[cell][1])) in kg


def test_the_build_folder_is_servable(built: Path, synth_build: Path, combined: Graph) -> None:
    record = json.loads((synth_build / "build.json").read_text())
    dump = (synth_build / "smc-dt.nt").read_bytes()
    assert record["build_id"] == hashlib.sha256(dump).hexdigest()
    kg_triples = json.loads((built / "build.json").read_text())["triples"]
    assert record["triples"] == len(combined) == kg_triples + record["synthetic"]["triples"]
    assert record["synthetic"]["cities"] == CITIES
    assert (synth_build / "lookup-index.json").read_bytes() == (built / "lookup-index.json").read_bytes()


def test_bad_requests_are_refused(built: Path, tmp_path: Path) -> None:
    with pytest.raises(SynthError):
        write_synthetic_build(built, tmp_path / "a", 0)
    with pytest.raises(SynthError):
        write_synthetic_build(tmp_path / "nowhere", tmp_path / "b", 5)


def test_phase_distribution_counts_the_generated_cells(combined: Graph, generated: Graph) -> None:
    current: dict[tuple[URIRef, int], int] = defaultdict(int)
    target: dict[tuple[URIRef, int], int] = defaultdict(int)
    for city in generated.subjects(RDF.type, SMC.AssessedCity):
        for cell_area, (now, aim) in cells(generated, city).items():
            current[cell_area, now] += 1
            target[cell_area, aim] += 1
    rows = run(combined, "assessment-phase-distribution")
    assert len(rows) == 21
    for row in rows:
        cell = (row["area"], int(row["phaseNumber"]))
        assert (int(row["currentCities"]), int(row["targetCities"])) == (current[cell], target[cell])


def three_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def test_gap_per_area_averages_the_generated_phases(combined: Graph, generated: Graph) -> None:
    stated: dict[URIRef, list[tuple[int, int]]] = defaultdict(list)
    for city in generated.subjects(RDF.type, SMC.AssessedCity):
        for cell_area, pair in cells(generated, city).items():
            stated[cell_area].append(pair)
    rows = run(combined, "assessment-gap-per-area")
    assert {row["area"] for row in rows} == {area(slug) for slug in AREA_SLUGS}
    for row in rows:
        pairs = stated[row["area"]]
        count = Decimal(len(pairs))
        assert int(row["cities"]) == len(pairs)
        assert Decimal(str(row["averageCurrent"])) == three_places(sum(Decimal(c) for c, _ in pairs) / count)
        assert Decimal(str(row["averageTarget"])) == three_places(sum(Decimal(t) for _, t in pairs) / count)
        assert Decimal(str(row["averageGap"])) == three_places(sum(Decimal(t - c) for c, t in pairs) / count)


def test_cities_in_phase_lists_the_matching_cities(combined: Graph, generated: Graph) -> None:
    for slug, now, aim in (("governance", 1, 2), ("infrastructure", 2, 3), ("governance", 3, 3)):
        expected = sorted(str(city) for city in generated.subjects(RDF.type, SMC.AssessedCity)
                          if cells(generated, city).get(area(slug)) == (now, aim))
        rows = run(combined, "assessment-cities-in-phase",
                   {"area": str(area(slug)), "current": str(phase(now)), "target": str(phase(aim))})
        listed = [str(row["city"]) for row in rows]
        assert expected, (slug, now, aim)
        assert listed == sorted(set(listed)) and set(listed) <= set(expected)
        assert len(listed) == min(len(expected), 100)
        for row in rows:
            assert row["label_en"] == Literal(f"Assessed city {str(row['city']).rsplit('/', 1)[1]}", lang="en")
            assert row["label_zh"].language == "zh" and row["year"] is not None


def test_the_service_answers_from_a_store_that_a_restart_reuses(
    serve_kg: object, synth_build: Path, tmp_path: Path, combined: Graph
) -> None:
    store_dir = tmp_path / "store"
    loaded = prepare_store(synth_build, store_dir)
    assert loaded.info.triples == len(combined)
    with serve_kg(synth_build, store_dir=str(store_dir)) as server:  # type: ignore[operator]
        answer = requests.get(f"{server.url}/api/queries/assessment-gap-per-area", timeout=60).json()
    assert read_current(store_dir) == loaded
    assert sorted(p.name for p in store_dir.glob("build-*")) == [loaded.path.name]
    served = {b["area"]["value"]: int(b["cities"]["value"]) for b in answer["results"]["bindings"]}
    expected = {str(row["area"]): int(row["cities"]) for row in run(combined, "assessment-gap-per-area")}
    assert served == expected
