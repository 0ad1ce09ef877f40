"""Links to other vocabularies: the SSSOM mapping sets of ``kg/mappings`` read, checked and turned into RDF.

Each ``{slug}.sssom.tsv`` has a YAML metadata header (``#`` lines) and one mapping per row;
``targets.yaml`` names every target in English and Chinese and, for a target that publishes
no IRIs (ISO 37120), points to the table of terms the project names for it.
``mapping_graph(load_mapping_sets())`` is what the build adds to the knowledge graph: each
mapping as a direct triple plus an ``owl:Axiom`` annotated with its justification, its
reason in both languages and the mapping set it belongs to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef

from smckg.errors import ParameterError, RecordError
from smckg.paths import MAPPINGS_DIR
from smckg.records import Text
from smckg.records.yamlio import LINE_KEY, read_tsv, read_yaml
from smckg.vocab import PREFIXES

SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
TARGETS_FILE = "targets.yaml"
SUFFIX = ".sssom.tsv"

#: The predicates a mapping may use, with their names for people.
PREDICATES: dict[URIRef, Text] = {
    SKOS.exactMatch: Text("exact match", "完全匹配"),
    SKOS.closeMatch: Text("close match", "相近匹配"),
    SKOS.broadMatch: Text("broader match", "上位匹配"),
    SKOS.narrowMatch: Text("narrower match", "下位匹配"),
    SKOS.relatedMatch: Text("related match", "相关匹配"),
    RDFS.subClassOf: Text("subclass of", "子类"),
}
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
           "mapping_justification", "comment", "comment_zh")
METADATA = ("mapping_set_id", "mapping_set_version", "license", "curie_map")


@dataclass(frozen=True)
class Mapping:
    """One row of a mapping set: our term, how it relates to the other term, and why."""

    subject: URIRef
    subject_label: str
    predicate: URIRef
    object: URIRef
    object_label: str
    justification: URIRef
    reason: Text
    where: str


@dataclass(frozen=True)
class Concept:
    """A term the project names for a target that publishes no IRIs of its own."""

    iri: URIRef
    label: Text
    note: Text


@dataclass(frozen=True)
class Target:
    """A vocabulary the project links to, as ``targets.yaml`` describes it."""

    slug: str
    title: Text
    description: Text
    homepage: URIRef
    scheme: URIRef | None = None
    concepts: tuple[Concept, ...] = ()


@dataclass(frozen=True)
class MappingSet:
    """One SSSOM file: its metadata, prefixes and mappings, and the target it links to."""

    slug: str
    path: Path
    iri: URIRef
    version: str
    license: URIRef
    title: str
    prefixes: dict[str, str]
    mappings: tuple[Mapping, ...]
    target: Target | None = None


def _text(raw: Any, name: str, where: str) -> Text:
    value = raw.get(name) if isinstance(raw, dict) else None
    if not isinstance(value, dict) or not all(str(value.get(k) or "").strip() for k in ("en", "zh")):
        raise RecordError(f"'{name}' needs en and zh text", f"“{name}”需要 en 和 zh 文本", where=where)
    return Text(str(value["en"]).strip(), str(value["zh"]).strip())


def _concepts(path: Path, scheme: Namespace) -> tuple[Concept, ...]:
    concepts = []
    for row in read_tsv(path):
        fields = ("slug", "label_en", "label_zh", "note_en", "note_zh")
        if not all(row.get(name, "").strip() for name in fields):
            raise RecordError(f"needs {', '.join(fields)}", f"需要 {', '.join(fields)}",
                              where=f"{path}:{row[LINE_KEY]}")
        concepts.append(Concept(scheme[row["slug"]], Text(row["label_en"], row["label_zh"]),
                                Text(row["note_en"], row["note_zh"])))
    return tuple(concepts)


def _target(raw: Any, directory: Path, where: str) -> Target:
    if not isinstance(raw, dict) or not raw.get("slug") or not raw.get("homepage"):
        raise RecordError("a target needs slug, title, description and homepage",
                          "映射目标需要 slug、title、description 和 homepage", where=where)
    scheme = Namespace(raw["scheme"]) if raw.get("scheme") else None
    concepts = _concepts(directory / raw["minted"], scheme) if scheme and raw.get("minted") else ()
    return Target(str(raw["slug"]), _text(raw, "title", where), _text(raw, "description", where),
                  URIRef(str(raw["homepage"])), URIRef(scheme) if scheme else None, concepts)


def load_targets(directory: Path = MAPPINGS_DIR) -> dict[str, Target]:
    """The targets of ``targets.yaml`` by slug, in file order."""
    path = directory / TARGETS_FILE
    entries = read_yaml(path)
    if not isinstance(entries, list):
        raise RecordError("expected a list of targets", "应为目标列表", where=str(path))
    targets = [_target(raw, directory, f"{path}:{raw.get(LINE_KEY, 0)}" if isinstance(raw, dict)
                       else str(path)) for raw in entries]
    return {target.slug: target for target in targets}


def _header(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise RecordError("mapping set file is missing", "缺少映射集文件", where=str(path)) from error
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as error:
        raise RecordError(f"bad metadata header: {error}", f"元数据头部格式错误：{error}",
                          where=str(path)) from error
    missing = [key for key in METADATA if not isinstance(header, dict) or not header.get(key)]
    if missing:
        raise RecordError(f"metadata lacks {', '.join(missing)}", f"元数据缺少 {', '.join(missing)}",
                          where=str(path))
    if not isinstance(header["curie_map"], dict):
        raise RecordError("curie_map must map prefixes to IRIs", "curie_map 必须是前缀到 IRI 的映射",
                          where=str(path))
    return header


def expand(curie: str, prefixes: dict[str, str], where: str) -> URIRef:
    """The IRI of a CURIE whose prefix the mapping set declares."""
    prefix, _, local = curie.partition(":")
    if not local or prefix not in prefixes:
        raise RecordError(f"'{curie}' is not a CURIE with a declared prefix",
                          f"“{curie}”不是使用已声明前缀的 CURIE", where=where)
    return URIRef(prefixes[prefix] + local)


def _mapping(row: dict[str, str], prefixes: dict[str, str], where: str) -> Mapping:
    empty = [column for column in COLUMNS if not row.get(column, "").strip()]
    if empty:
        raise RecordError(f"empty or missing column(s): {', '.join(empty)}",
                          f"列为空或缺失：{', '.join(empty)}", where=where)
    predicate = expand(row["predicate_id"], prefixes, where)
    if predicate not in PREDICATES:
        raise RecordError(f"predicate {row['predicate_id']} is not allowed",
                          f"不允许使用谓词 {row['predicate_id']}", where=where)
    justification = expand(row["mapping_justification"], prefixes, where)
    if not justification.startswith(SEMAPV):
        raise RecordError("mapping_justification must be a semapv term",
                          "mapping_justification 必须是 semapv 术语", where=where)
    return Mapping(expand(row["subject_id"], prefixes, where), row["subject_label"], predicate,
                   expand(row["object_id"], prefixes, where), row["object_label"], justification,
                   Text(row["comment"], row["comment_zh"]), where)


def read_mapping_set(path: Path, target: Target | None = None) -> MappingSet:
    """Parse and check one SSSOM TSV file; a broken row is a RecordError naming file and line."""
    header = _header(path)
    prefixes = {str(k): str(v) for k, v in header["curie_map"].items()}
    mappings, seen = [], set()
    for row in read_tsv(path):
        where = f"{path}:{row[LINE_KEY]}"
        mapping = _mapping(row, prefixes, where)
        key = (mapping.subject, mapping.predicate, mapping.object)
        if key in seen:
            raise RecordError("duplicate mapping", "重复的映射", where=where)
        seen.add(key)
        mappings.append(mapping)
    if not mappings:
        raise RecordError("mapping set has no mappings", "映射集没有任何映射", where=str(path))
    return MappingSet(path.name.removesuffix(SUFFIX), path, URIRef(header["mapping_set_id"]),
                      str(header["mapping_set_version"]), URIRef(header["license"]),
                      str(header.get("mapping_set_title", "")), prefixes, tuple(mappings), target)


def load_mapping_sets(directory: Path = MAPPINGS_DIR) -> list[MappingSet]:
    """Every mapping set of ``directory``, in the order of ``targets.yaml``."""
    targets = load_targets(directory)
    files = {path.name.removesuffix(SUFFIX) for path in directory.glob(f"*{SUFFIX}")}
    unlisted = sorted(files - set(targets))
    if unlisted:
        raise RecordError(f"mapping set(s) not listed in {TARGETS_FILE}: {', '.join(unlisted)}",
                          f"以下映射集未列在 {TARGETS_FILE} 中：{', '.join(unlisted)}", where=str(directory))
    return [read_mapping_set(directory / f"{slug}{SUFFIX}", target) for slug, target in targets.items()]


def axiom_node(subject: URIRef, predicate: URIRef, obj: URIRef) -> BNode:
    """The annotated-axiom node of a mapping; its label depends on the triple only, so dumps are stable."""
    digest = hashlib.sha256(f"{subject} {predicate} {obj}".encode()).hexdigest()[:20]
    return BNode(f"mapping{digest}")


def _add_mapping(graph: Graph, mapping: Mapping, set_iri: URIRef) -> None:
    graph.add((mapping.subject, mapping.predicate, mapping.object))
    if mapping.predicate == RDFS.subClassOf:  # OWL 2 DL: an external class is declared where used
        graph.add((mapping.object, RDF.type, OWL.Class))
    node = axiom_node(mapping.subject, mapping.predicate, mapping.object)
    graph.add((node, RDF.type, OWL.Axiom))
    graph.add((node, OWL.annotatedSource, mapping.subject))
    graph.add((node, OWL.annotatedProperty, mapping.predicate))
    graph.add((node, OWL.annotatedTarget, mapping.object))
    graph.add((node, SSSOM.mapping_justification, mapping.justification))
    graph.add((node, SSSOM.object_label, Literal(mapping.object_label)))
    graph.add((node, RDFS.comment, Literal(mapping.reason.en, lang="en")))
    graph.add((node, RDFS.comment, Literal(mapping.reason.zh, lang="zh")))
    graph.add((node, DCTERMS.isPartOf, set_iri))


def _add_set(graph: Graph, mapping_set: MappingSet) -> None:
    node = mapping_set.iri
    graph.add((node, RDF.type, SSSOM.MappingSet))
    graph.add((node, DCTERMS.license, mapping_set.license))
    graph.add((node, OWL.versionInfo, Literal(mapping_set.version)))
    target = mapping_set.target
    if target is None:
        graph.add((node, DCTERMS.title, Literal(mapping_set.title, lang="en")))
        return
    for lang in ("en", "zh"):
        graph.add((node, DCTERMS.title, Literal(getattr(target.title, lang), lang=lang)))
        graph.add((node, DCTERMS.description, Literal(getattr(target.description, lang), lang=lang)))
    graph.add((node, RDFS.seeAlso, target.homepage))


def _add_concepts(graph: Graph, target: Target) -> None:
    if target.scheme is None:
        return
    graph.add((target.scheme, RDF.type, SKOS.ConceptScheme))
    for concept in target.concepts:
        graph.add((concept.iri, RDF.type, SKOS.Concept))
        graph.add((concept.iri, SKOS.inScheme, target.scheme))
    for node, label, note_predicate, note in (
        (target.scheme, target.title, SKOS.definition, target.description),
        *((c.iri, c.label, SKOS.scopeNote, c.note) for c in target.concepts),
    ):
        for lang in ("en", "zh"):
            graph.add((node, SKOS.prefLabel, Literal(getattr(label, lang), lang=lang)))
            graph.add((node, note_predicate, Literal(getattr(note, lang), lang=lang)))


def mapping_graph(sets: Iterable[MappingSet]) -> Graph:
    """The mapping triples, their annotated axioms, the mapping sets and any minted target terms."""
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "sssom": str(SSSOM), "semapv": str(SEMAPV)}.items():
        graph.bind(prefix, namespace)
    for mapping_set in sets:
        for prefix, namespace in mapping_set.prefixes.items():
            graph.bind(prefix, namespace, override=False)
        _add_set(graph, mapping_set)
        for mapping in mapping_set.mappings:
            _add_mapping(graph, mapping, mapping_set.iri)
        if mapping_set.target is not None:
            _add_concepts(graph, mapping_set.target)
    return graph


def find_set(target: str, sets: Iterable[MappingSet]) -> MappingSet:
    """The mapping set of a target slug, or a ParameterError naming the unknown target."""
    for mapping_set in sets:
        if mapping_set.slug == target:
            return mapping_set
    raise ParameterError(f"unknown mapping target '{target}'", f"未知的映射目标“{target}”",
                         where="target")


def table_for(target: str, sets: Iterable[MappingSet] | None = None) -> list[Mapping]:
    """The rows of a target's page: our terms next to theirs, with predicate and reason."""
    return list(find_set(target, load_mapping_sets() if sets is None else sets).mappings)
