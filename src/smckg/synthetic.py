"""Synthetic city self-assessments, generated deterministically from a seed and streamed as N-Triples.

Each assessed city (``smcid:assessment-city/N``, an ``smc:AssessedCity``) has an English and
a Chinese label, the year of its assessment and, for one to five of the seven functional
areas, the key feature it stands in today (``smc:currentFeature``) and the one it aims for
(``smc:targetFeature``, same area, same or later phase).  That is ten triples per city on
average, so a million cities make about ten million triples.  Lines are written one city
at a time; no graph is ever held in memory.  After the cities come their summary statistics
(:mod:`smckg.assessment_summary`: cities per key feature, as RDF Data Cube observations),
counted while the cities are generated.

``write_synthetic_build`` writes a build folder the server can serve: the KG's dump followed
by the synthetic triples as ``smc-dt.nt``, a ``build.json`` whose ``build_id`` is the dump's
SHA-256, and the KG build's other files the service reads (ontology, lookup index).
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from rdflib.namespace import RDF, SKOS, XSD

from smckg import assessment_summary
from smckg.errors import SmcError
from smckg.vocab import SMC, feature, iri

#: The seven functional areas, by slug (as in ``smcid:area/{slug}``).
AREA_SLUGS = (
    "public-social-services", "industry-economy", "governance", "environment-low-carbon",
    "governmental-effectiveness", "infrastructure", "development-assurance",
)
PHASES = (1, 2, 3)
#: The key features of the 7x3 matrix, as (area slug, phase number).
CELLS = tuple((slug, number) for slug in AREA_SLUGS for number in PHASES)
#: How likely a city is to stand in phase 1, 2 or 3 of an area today.
CURRENT_WEIGHTS = (5, 3, 2)
#: How likely it aims 0, 1 or 2 phases higher (as far as phase 3 allows).
STEP_WEIGHTS = (2, 5, 3)
YEARS = range(2019, 2025)
MAX_AREAS = 5
DEFAULT_SEED = 2022
DUMP_NAME = "smc-dt.nt"
BUILD_NAME = "build.json"
#: Files of the KG build the service reads besides the dump, copied when present.
COPIED_FILES = ("lookup-index.json", "ontology.ttl", "ontology.owl", "ontology.html")
CHUNK = 1 << 20


class SynthError(SmcError):
    """The KG build to extend is missing, or the requested size is not allowed."""

    exit_code = 2


@dataclass(frozen=True)
class Assessment:
    """What one synthetic city states: year and, per assessed area, current and target phase."""

    number: int
    year: int
    phases: tuple[tuple[str, int, int], ...]  # (area slug, current phase, target phase)


@dataclass(frozen=True)
class SynthBuild:
    """What ``write_synthetic_build`` wrote."""

    out_dir: Path
    build_id: str
    triples: int
    cities: int


def assessed_city(number: int) -> str:
    """The IRI of synthetic city ``number``."""
    return str(iri(f"assessment-city/{number}"))


def assessments(cities: int, seed: int = DEFAULT_SEED) -> Iterator[Assessment]:
    """The self-assessments of cities 1..``cities``; the same seed gives the same ones."""
    draw = random.Random(seed)
    for number in range(1, cities + 1):
        areas = draw.sample(AREA_SLUGS, draw.randint(1, MAX_AREAS))
        phases = []
        for slug in areas:
            current = draw.choices(PHASES, CURRENT_WEIGHTS)[0]
            step = draw.choices(range(3), STEP_WEIGHTS)[0]
            phases.append((slug, current, min(current + step, 3)))
        yield Assessment(number, draw.choice(YEARS), tuple(phases))


class _Lines:
    """N-Triples text of assessments, with every constant term written once."""

    def __init__(self) -> None:
        self.type = f"<{RDF.type}> <{SMC.AssessedCity}> .\n"
        self.label = f"<{SKOS.prefLabel}>"
        self.year = f"<{SMC.assessmentYear}>"
        self.integer = f"^^<{XSD.integer}> .\n"
        self.current = f"<{SMC.currentFeature}>"
        self.target = f"<{SMC.targetFeature}>"
        self.cells = {(slug, n): f"<{feature(slug, n)}> .\n" for slug, n in CELLS}

    def of(self, city: Assessment) -> list[str]:
        subject = f"<{assessed_city(city.number)}> "
        lines = [
            subject + self.type,
            f'{subject}{self.label} "Assessed city {city.number}"@en .\n',
            f'{subject}{self.label} "自评城市 {city.number}"@zh .\n',
            f'{subject}{self.year} "{city.year}"{self.integer}',
        ]
        for slug, current, target in city.phases:
            lines.append(f"{subject}{self.current} {self.cells[slug, current]}")
            lines.append(f"{subject}{self.target} {self.cells[slug, target]}")
        return lines


def ntriples(cities: int, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """The N-Triples lines of ``cities`` synthetic cities, city by city, then their summary."""
    lines = _Lines()
    tally = assessment_summary.Tally(CELLS)
    for city in assessments(cities, seed):
        tally.add(city.phases)
        yield from lines.of(city)
    yield from assessment_summary.ntriples(tally)


def write_synthetic_build(
    kg_dir: Path, out_dir: Path, cities: int, seed: int = DEFAULT_SEED
) -> SynthBuild:
    """A build folder holding the KG in ``kg_dir`` plus ``cities`` synthetic assessed cities."""
    if cities < 1:
        raise SynthError("--cities must be at least 1", "--cities 至少为 1", where="cities")
    base = _kg_build(kg_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / DUMP_NAME).open("wb") as stream:
        sink = _HashingSink(stream)
        _copy(kg_dir / DUMP_NAME, sink)
        added = _write_lines(ntriples(cities, seed), sink)
    for name in COPIED_FILES:
        if (kg_dir / name).is_file():
            shutil.copyfile(kg_dir / name, out_dir / name)
    kg_triples = int(base.get("triples") or 0)
    build = SynthBuild(out_dir, sink.digest.hexdigest(), kg_triples + added, cities)
    record = {
        "build_id": build.build_id,
        "triples": build.triples,
        "synthetic": {"cities": cities, "seed": seed, "triples": added,
                      "kg_build_id": base.get("build_id"), "kg_triples": kg_triples},
    }
    (out_dir / BUILD_NAME).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return build


def _kg_build(kg_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((kg_dir / BUILD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SynthError(
            f"no readable KG build in {kg_dir} ({error}); run `smc-kg build` first",
            f"{kg_dir} 中没有可读的知识图谱构建结果（{error}）；请先运行 `smc-kg build`",
            where=str(kg_dir),
        ) from error


class _HashingSink:
    """A binary stream that also hashes what it is given."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)


def _copy(source: Path, sink: _HashingSink) -> None:
    """Append ``source`` to ``sink``, ending it with a line break."""
    last = b"\n"
    with source.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            sink.write(chunk)
            last = chunk[-1:]
    if last != b"\n":
        sink.write(b"\n")


def _write_lines(lines: Iterator[str], sink: _HashingSink, batch_size: int = 50_000) -> int:
    """Write lines in batches; how many were written."""
    count, batch = 0, []
    for line in lines:
        batch.append(line)
        if len(batch) == batch_size:
            sink.write("".join(batch).encode("utf-8"))
            count += len(batch)
            batch.clear()
    sink.write("".join(batch).encode("utf-8"))
    return count + len(batch)
