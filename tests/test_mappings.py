"""Tests of ``smckg.mappings``, the SSSOM files of ``kg/mappings``, the ``links-*`` queries and
the ``/mappings`` pages: files valid for the ``sssom`` package, every mapped term present in
the target's own file, kinds respected, no contradiction, consistency under HermiT, coverage."""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef, namespace

from smckg.errors import ParameterError, RecordError
from smckg.frameworks import FRAMEWORKS_DIR, framework_graph
from smckg.mappings import (
    SSSOM,
    MappingSet,
    axiom_node,
    load_mapping_sets,
    mapping_graph,
    read_mapping_set,
    table_for,
)
from smckg.ontology import load_ontology, ontology_files
from smckg.paths import MAPPINGS_DIR, PROJECT_ROOT, QUERIES_DIR
from smckg.queryfiles import parse_query_file
from smckg.records import load_records
from smckg.server.app import create_app
from smckg.server.config import ServerConfig
from smckg.server.context import STORE_KEY
from smckg.validation import check_consistency, check_profile
from smckg.vocab import PREFIXES, SMC, SMCID, WD, iri

LINK_TARGETS = PROJECT_ROOT.parent / "shared" / "link-targets"
#: Targets published as files: the files that must hold every mapped term.
TARGET_FILES = {
    "saref4city": ("saref4city_v2.1.1.ttl",),
    "iso5087": ("iso5087-1/*.ttl", "iso5087-2/*.ttl"),
    "cpsv-ap": ("cpsv-ap_3.2.0.ttl",),
}
#: Targets without a file here: rdflib's term lists of the vocabularies (capitalised = class).
TERM_LISTS = {"w3c-org": namespace.ORG, "schema-org": namespace.SDO, "skos": SKOS}
#: Targets whose terms are individuals named by a pattern.
PATTERNS = {
    "un-sdg": re.compile(r"http://metadata\.un\.org/sdg/(1[0-7]|[1-9])"),
    "wikidata": re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*"),
    "geonames": re.compile(r"https://sws\.geonames\.org/[1-9][0-9]*/"),
}
OWN = (str(SMC._NS), str(SMCID), "https://w3id.org/smc-dt/")
CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
SSSOM_FILES = sorted([*MAPPINGS_DIR.glob("*.sssom.tsv"), *FRAMEWORKS_DIR.glob("*.sssom.tsv")])
HEADER_END = "subject_id\t"


@pytest.fixture(scope="module")
def sets() -> list[MappingSet]:
    return load_mapping_sets()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def frameworks() -> Graph:
    return framework_graph()


def target_paths(slug: str) -> list[Path]:
    if not LINK_TARGETS.is_dir():
        pytest.fail(f"the link-target files are missing: {LINK_TARGETS}")
    return sorted(path for pattern in TARGET_FILES[slug] for path in LINK_TARGETS.glob(pattern))


def target_graph(slug: str) -> Graph:
    graph = Graph()
    for path in target_paths(slug):
        graph.parse(path)
    return graph


def kind_in(graph: Graph, term: URIRef) -> str | None:
    """'class', 'property' or 'individual' as ``graph`` declares ``term``; None if undeclared."""
    types = set(graph.objects(term, RDF.type))
    if types & set(CLASS_TYPES):
        return "class"
    if types & set(PROPERTY_TYPES):
        return "property"
    return "individual" if types else None


def object_kind(mapping_set: MappingSet, term: URIRef, graphs: dict[str, Graph]) -> str | None:
    """The kind of a mapped external term, read from its target (None: not in the target)."""
    slug = mapping_set.slug
    if slug in TARGET_FILES:
        return kind_in(graphs[slug], term)
    if slug in TERM_LISTS:
        if term not in TERM_LISTS[slug]:
            return None
        return "class" if str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1][0].isupper() else "property"
    if slug in PATTERNS:
        return "individual" if PATTERNS[slug].fullmatch(term) else None
    minted = {concept.iri for concept in mapping_set.target.concepts} if mapping_set.target else set()
    return "individual" if term in minted else None


def subject_kind(term: URIRef, ontology: Graph) -> str | None:
    """Our terms: smc: ones as the ontology declares them, smcid: ones are individuals."""
    if term.startswith(str(SMC._NS)):
        return kind_in(ontology, term)
    return "individual" if term.startswith(str(SMCID)) else None


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {slug: target_graph(slug) for slug in TARGET_FILES}


# ---------------------------------------------------------------- the files


@pytest.mark.filterwarnings("ignore:::sssom")  # the package's own pandas deprecations
@pytest.mark.parametrize("path", SSSOM_FILES, ids=lambda p: p.name)
def test_file_parses_and_validates_with_the_sssom_package(path: Path) -> None:
    from sssom.parsers import parse_sssom_table  # imported here, under the warning filter above
    from sssom.validators import validate

    logging.getLogger("sssom").setLevel(logging.ERROR)  # it notes the comment_zh extension column
    msdf = parse_sssom_table(path)
    reports = validate(msdf, fail_on_error=False)
    assert {kind: report.results for kind, report in reports.items() if report.results} == {}
    ours = read_mapping_set(path)
    theirs = {tuple(msdf.converter.expand(row[c]) for c in ("subject_id", "predicate_id", "object_id"))
              for _, row in msdf.df.iterrows()}
    assert theirs == {(str(m.subject), str(m.predicate), str(m.object)) for m in ours.mappings}
    assert msdf.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_every_file_is_a_listed_target_with_bilingual_names(sets: list[MappingSet]) -> None:
    on_disk = {path.name.removesuffix(".sssom.tsv") for path in MAPPINGS_DIR.glob("*.sssom.tsv")}
    assert {s.slug for s in sets} == on_disk
    for mapping_set in sets:
        assert mapping_set.iri == URIRef(f"https://w3id.org/smc-dt/mappings/{mapping_set.slug}.sssom.tsv")
        assert mapping_set.target and mapping_set.target.title.zh and mapping_set.target.description.zh


def test_curie_maps_declare_the_shared_prefixes(sets: list[MappingSet]) -> None:
    for mapping_set in [*sets, read_mapping_set(FRAMEWORKS_DIR / "deloitte-wef.sssom.tsv")]:
        for prefix in ("smc", "smcid", "semapv", "skos", "owl", "rdfs"):
            assert prefix in mapping_set.prefixes, (mapping_set.slug, prefix)
        assert mapping_set.prefixes["smc"] == PREFIXES["smc"]


# ---------------------------------------------------------------- against the targets


def test_every_mapped_term_exists_in_its_target(sets: list[MappingSet], graphs: dict[str, Graph]) -> None:
    missing = [(m.where, str(m.object)) for s in sets for m in s.mappings
               if object_kind(s, m.object, graphs) is None]
    assert missing == []


def test_the_target_check_catches_an_invented_term(sets: list[MappingSet],
                                                   graphs: dict[str, Graph]) -> None:
    by_slug = {s.slug: s for s in sets}
    assert object_kind(by_slug["saref4city"], URIRef("https://saref.etsi.org/saref4city/Town"), graphs) is None
    assert object_kind(by_slug["iso5087"], URIRef("https://w3id.org/citydata/part2/v1/Person"), graphs) is None
    assert object_kind(by_slug["un-sdg"], URIRef("http://metadata.un.org/sdg/18"), graphs) is None
    assert object_kind(by_slug["schema-org"], URIRef("https://schema.org/Town"), graphs) is None


def test_our_mapped_terms_exist(sets: list[MappingSet], ontology: Graph, frameworks: Graph) -> None:
    individuals = {iri(term.path) for term in load_records()}
    individuals |= set(frameworks.subjects(RDF.type, SKOS.Concept))
    unknown = [(m.where, str(m.subject)) for s in sets for m in s.mappings
               if subject_kind(m.subject, ontology) is None
               or (m.subject.startswith(str(SMCID)) and m.subject not in individuals)]
    assert unknown == []


def test_classes_map_to_classes_and_individuals_to_individuals(
    sets: list[MappingSet], graphs: dict[str, Graph], ontology: Graph
) -> None:
    mixed = [(m.where, subject_kind(m.subject, ontology), object_kind(s, m.object, graphs))
             for s in sets for m in s.mappings
             if subject_kind(m.subject, ontology) != object_kind(s, m.object, graphs)]
    not_classes = [m.where for s in sets for m in s.mappings
                   if m.predicate == RDFS.subClassOf and subject_kind(m.subject, ontology) != "class"]
    assert (mixed, not_classes) == ([], [])


# ---------------------------------------------------------------- contradictions


def disjoint_pairs(graph: Graph) -> set[frozenset[URIRef]]:
    """Pairs of classes ``graph`` declares disjoint, spread to their named subclasses."""
    pairs = {frozenset(pair) for pair in graph.subject_objects(OWL.disjointWith)}
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(graph.items(graph.value(node, OWL.members)))
        pairs |= {frozenset(pair) for pair in combinations(members, 2)}

    def below(cls: URIRef) -> set[URIRef]:
        return set(graph.transitive_subjects(RDFS.subClassOf, cls))

    return {frozenset((a, b)) for pair in pairs if len(pair) == 2
            for a in below(min(pair)) for b in below(max(pair))}


def contradictions(sets: list[MappingSet], graphs: dict[str, Graph]) -> list[str]:
    """Pairs mapped twice, exact matches that are disjoint in the target, shared exact matches."""
    problems = []
    pairs: dict[tuple[URIRef, URIRef], list[URIRef]] = defaultdict(list)
    for mapping in (m for s in sets for m in s.mappings):
        pairs[(mapping.subject, mapping.object)].append(mapping.predicate)
    problems += [f"{s} -> {o}: {p}" for (s, o), p in pairs.items() if len(p) > 1]
    for mapping_set in (s for s in sets if s.slug in graphs):
        exact: dict[URIRef, set[URIRef]] = defaultdict(set)
        for m in (m for m in mapping_set.mappings if m.predicate == SKOS.exactMatch):
            exact[m.subject].add(m.object)
        disjoint = disjoint_pairs(graphs[mapping_set.slug])
        problems += [f"{s}: {sorted(objects)} are disjoint" for s, objects in exact.items()
                     if any(frozenset(pair) in disjoint for pair in combinations(objects, 2))]
    kind = {m.subject: str(m.subject).rsplit("/", 1)[0] for s in sets for m in s.mappings}
    shared = Counter((m.object, kind[m.subject]) for s in sets for m in s.mappings
                     if m.predicate == SKOS.exactMatch)
    problems += [f"{o} is the exact match of several {k}" for (o, k), n in shared.items() if n > 1]
    return problems


def test_no_contradiction(sets: list[MappingSet], graphs: dict[str, Graph]) -> None:
    assert contradictions(sets, graphs) == []


def test_the_contradiction_check_bites(tmp_path: Path, graphs: dict[str, Graph]) -> None:
    rows = [
        "smc:City\tCity\tskos:exactMatch\tcdm1:ConjunctiveState\tConjunctive state",
        "smc:City\tCity\tskos:exactMatch\tcdm1:DisjunctiveState\tDisjunctive state",
        "smc:Case\tCase\tskos:exactMatch\tcdm2:Program\tProgram",
        "smc:Case\tCase\tskos:broadMatch\tcdm2:Program\tProgram",
    ]
    path = write_set(tmp_path, "iso5087", rows)
    problems = contradictions([read_mapping_set(path)], {"iso5087": graphs["iso5087"]})
    assert len(problems) == 2
    assert any("disjoint" in p for p in problems) and any("Program" in p for p in problems)


def test_mappings_agree_with_the_ontology(sets: list[MappingSet], ontology: Graph) -> None:
    """Where the ontology itself places a class under an external one, no mapping says otherwise."""
    stated = {(s, o) for s, o in ontology.subject_objects(RDFS.subClassOf) if isinstance(o, URIRef)}
    disagreeing = [m.where for s in sets for m in s.mappings
                   if (m.subject, m.object) in stated and m.predicate != RDFS.subClassOf]
    assert disagreeing == []


def test_wikidata_ids_agree_with_the_curated_records(sets: list[MappingSet]) -> None:
    records = load_records()
    exact = {(m.subject, m.object) for s in sets if s.slug == "wikidata" for m in s.mappings
             if m.predicate == SKOS.exactMatch}
    in_records = {(iri(t.path), WD[t.get("wikidata")]) for kind in ("city", "region")
                  for t in records.of(kind) if t.get("wikidata")}
    places = {s for s, _ in in_records}
    assert in_records <= exact
    assert {(s, o) for s, o in exact if s in places} == in_records
    assert (iri("city/suzhou-anhui"), WD["Q42622"]) not in exact  # Suzhou, Jiangsu


# ---------------------------------------------------------------- reasoning and coverage


def all_target_files() -> list[Path]:
    files = [path for slug in TARGET_FILES for path in target_paths(slug)]
    return [*files, LINK_TARGETS / "semapv.owl"]


def test_merged_graph_is_consistent_under_hermit(kg: Graph, sets: list[MappingSet],
                                                 frameworks: Graph) -> None:
    data = kg + mapping_graph(sets) + frameworks
    report = check_consistency([*ontology_files(), *all_target_files()], data)
    assert report.ok, str(report)


def test_merged_graph_stays_owl2_dl(kg: Graph, sets: list[MappingSet], frameworks: Graph) -> None:
    assert check_profile(kg + mapping_graph(sets) + frameworks) == []


def test_the_reasoner_check_bites(tmp_path: Path) -> None:
    rows = ["smc:City\tCity\trdfs:subClassOf\tcdm1:ConjunctiveState\tConjunctive state",
            "smc:City\tCity\trdfs:subClassOf\tcdm1:DisjunctiveState\tDisjunctive state"]
    data = mapping_graph([read_mapping_set(write_set(tmp_path, "iso5087", rows))])
    data.add((iri("city/fukuoka"), RDF.type, SMC.City))
    assert not check_consistency([*ontology_files(), *target_paths("iso5087")], data).ok


def test_areas_stakeholders_case_and_city_are_linked_outside(sets: list[MappingSet]) -> None:
    records = load_records()
    required = {iri(t.path) for kind in ("area", "stakeholder") for t in records.of(kind)}
    required |= {SMC.Case, SMC.City}
    assert len(required) == 13
    linked = {m.subject for s in sets for m in s.mappings
              if not m.object.startswith(OWN) and m.reason.en and m.reason.zh}
    assert sorted(required - linked) == []


def test_every_class_of_thesaurus_members_is_a_kind_of_skos_concept(
    sets: list[MappingSet], ontology: Graph, kg: Graph
) -> None:
    concepts = {m.subject for s in sets if s.slug == "skos" for m in s.mappings}
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if c.startswith(str(SMC._NS))
               and any((member, RDF.type, SKOS.Concept) in kg for member in kg.subjects(RDF.type, c))}
    assert len(classes) >= 20
    uncovered = [c for c in classes
                 if not concepts & set(ontology.transitive_objects(c, RDFS.subClassOf))]
    assert sorted(uncovered) == []


def test_sdg_goals_9_11_and_13_are_used(sets: list[MappingSet]) -> None:
    goals = {str(m.object) for s in sets if s.slug == "un-sdg" for m in s.mappings}
    assert {f"http://metadata.un.org/sdg/{n}" for n in (9, 11, 13)} <= goals


# ---------------------------------------------------------------- the RDF


def test_mapping_graph_holds_each_triple_and_its_reasons(sets: list[MappingSet]) -> None:
    graph = mapping_graph(sets)
    for mapping_set in sets:
        assert (mapping_set.iri, RDF.type, SSSOM.MappingSet) in graph
        for m in mapping_set.mappings:
            node = axiom_node(m.subject, m.predicate, m.object)
            assert (m.subject, m.predicate, m.object) in graph
            assert (node, OWL.annotatedTarget, m.object) in graph
            assert (node, RDFS.comment, Literal(m.reason.zh, lang="zh")) in graph
            assert (node, SSSOM.mapping_justification, m.justification) in graph


def test_mapping_graph_dump_is_stable() -> None:
    first, second = (mapping_graph(load_mapping_sets()).serialize(format="nt") for _ in range(2))
    assert sorted(first.splitlines()) == sorted(second.splitlines())


def test_iso37120_themes_are_named_bilingually(sets: list[MappingSet]) -> None:
    target = next(s for s in sets if s.slug == "iso37120").target
    assert target is not None and len(target.concepts) == 19
    graph = mapping_graph(sets)
    for concept in target.concepts:
        assert {lit.language for lit in graph.objects(concept.iri, SKOS.prefLabel)} == {"en", "zh"}


def test_table_for_gives_a_targets_rows(sets: list[MappingSet]) -> None:
    rows = table_for("geonames", sets)
    geonames = next(s for s in sets if s.slug == "geonames")
    assert [r.object for r in rows] == [m.object for m in geonames.mappings]
    with pytest.raises(ParameterError):
        table_for("no-such-target", sets)


# ---------------------------------------------------------------- broken files


def write_set(folder: Path, slug: str, rows: list[str], *, extra_columns: bool = True) -> Path:
    """A mapping set with the real header of ``slug`` and the given rows (justified, commented)."""
    header = (MAPPINGS_DIR / f"{slug}.sssom.tsv").read_text(encoding="utf-8")
    head = header[: header.index(HEADER_END)]
    columns = header[header.index(HEADER_END):].splitlines()[0]
    tail = "\tsemapv:ManualMappingCuration\twhy\t为何" if extra_columns else ""
    path = folder / f"{slug}.sssom.tsv"
    path.write_text(head + columns + "\n" + "".join(f"{row}{tail}\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(("row", "message"), [
    ("smc:City\tCity\tskos:exactMatch\tnope:City\tCity", "declared prefix"),
    ("smc:City\tCity\towl:sameAs\ts4city:City\tCity", "not allowed"),
    ("smc:City\t\tskos:exactMatch\ts4city:City\tCity", "subject_label"),
])
def test_a_broken_row_is_reported_with_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = write_set(tmp_path, "saref4city", ["smc:City\tCity\tskos:closeMatch\ts4city:City\tCity", row])
    with pytest.raises(RecordError) as caught:
        read_mapping_set(path)
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert caught.value.where == f"{path}:{line}" and message in caught.value.en and caught.value.zh


def test_a_duplicate_row_and_a_missing_reason_are_refused(tmp_path: Path) -> None:
    row = "smc:City\tCity\tskos:closeMatch\ts4city:City\tCity"
    with pytest.raises(RecordError, match="duplicate"):
        read_mapping_set(write_set(tmp_path, "saref4city", [row, row]))
    no_reason = write_set(tmp_path, "saref4city", [f"{row}\tsemapv:ManualMappingCuration\twhy\t"],
                          extra_columns=False)
    with pytest.raises(RecordError, match="comment_zh"):
        read_mapping_set(no_reason)


def test_a_header_without_licence_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "skos.sssom.tsv"
    text = (MAPPINGS_DIR / "skos.sssom.tsv").read_text(encoding="utf-8")
    path.write_text(re.sub(r"^# license: .*\n", "", text, flags=re.MULTILINE), encoding="utf-8")
    with pytest.raises(RecordError, match="license") as caught:
        read_mapping_set(path)
    assert caught.value.where == str(path)


def test_an_unlisted_mapping_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "mappings"
    shutil.copytree(MAPPINGS_DIR, folder)
    shutil.copy(folder / "skos.sssom.tsv", folder / "extra.sssom.tsv")
    with pytest.raises(RecordError, match="extra"):
        load_mapping_sets(folder)


# ---------------------------------------------------------------- the queries


def run(graph: Graph, name: str, values: dict[str, str] | None = None) -> list[dict[str, object]]:
    query = parse_query_file(QUERIES_DIR / f"{name}.rq")
    result = graph.query(query.text, initBindings=query.bindings(values or {}))
    return [{str(v): row[v] for v in result.vars} for row in result]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def linked(kg: Graph, sets: list[MappingSet], frameworks: Graph) -> Graph:
    """The built KG with the links and the second framework (already in it once the build adds them)."""
    return kg + mapping_graph(sets) + frameworks


def test_cases_with_wikidata_items(linked: Graph, sets: list[MappingSet]) -> None:
    rows = run(linked, "links-cases-wikidata")
    wikidata = {m.subject: m.object for s in sets if s.slug == "wikidata" for m in s.mappings
                if m.predicate == SKOS.exactMatch}
    cases = set(linked.subjects(RDF.type, SMC.Case))
    assert Counter(row["case"] for row in rows) == Counter(cases)
    assert all(row["wikidata"] == wikidata.get(row["city"]) for row in rows)
    suzhou = {row["wikidata"] for row in rows if row["city"] == iri("city/suzhou-anhui")}
    assert suzhou == {WD["Q360643"]}


def test_areas_with_their_goals(linked: Graph, sets: list[MappingSet]) -> None:
    rows = run(linked, "links-areas-sdgs")
    expected = {(m.subject, m.object) for s in sets if s.slug == "un-sdg" for m in s.mappings}
    assert {(row["area"], row["goal"]) for row in rows} == expected
    assert len({row["area"] for row in rows}) == 7
    assert all(row["reason_zh"].language == "zh" for row in rows)


@pytest.mark.parametrize("slug", ["saref4city", "wikidata", "iso37120"])
def test_links_by_target(linked: Graph, sets: list[MappingSet], slug: str) -> None:
    mapping_set = next(s for s in sets if s.slug == slug)
    rows = run(linked, "links-by-target", {"target": str(mapping_set.iri)})
    assert {(row["term"], row["relation"], row["other"]) for row in rows} == {
        (m.subject, m.predicate, m.object) for m in mapping_set.mappings}
    assert all(row["term_zh"] is not None for row in rows)


def test_federated_query_is_documented_and_kept_apart() -> None:
    query = parse_query_file(QUERIES_DIR / "federated" / "wikidata-city-population.rq")
    assert "SERVICE <https://query.wikidata.org/sparql>" in query.text
    assert query.header["federated"] is True and "allow" in query.header["note"]
    assert not (QUERIES_DIR / "wikidata-city-population.rq").exists()


# ---------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, linked: Graph) -> Iterator[Flask]:
    out = tmp_path_factory.mktemp("mappings-build")
    linked.serialize(out / "smc-dt.nt", format="nt", encoding="utf-8")
    (out / "build.json").write_text(json.dumps({"build_id": "mappings-test", "triples": len(linked)}),
                                    encoding="utf-8")
    application = create_app(ServerConfig(out_dir=out, store_dir=out / "store", query_workers=1),
                             {"TESTING": True})
    yield application
    application.extensions[STORE_KEY].close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_targets_page_lists_every_target_in_both_languages(client: FlaskClient,
                                                          sets: list[MappingSet]) -> None:
    for lang in ("en", "zh"):
        page = client.get(f"/mappings?lang={lang}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert all(getattr(s.target.title, lang) in text for s in sets)


def test_target_page_shows_our_terms_next_to_theirs(client: FlaskClient) -> None:
    page = client.get("/mappings/wikidata?lang=zh").get_data(as_text=True)
    assert "宿州" in page and "http://www.wikidata.org/entity/Q360643" in page
    assert "完全匹配" in page and "/id/city/suzhou-anhui" in page
    assert client.get("/mappings/no-such-target").status_code == 404


def test_downloads_are_the_sssom_file_and_its_rdf(client: FlaskClient, sets: list[MappingSet]) -> None:
    tsv = client.get("/mappings/un-sdg.sssom.tsv")
    assert tsv.mimetype == "text/tab-separated-values"
    assert tsv.data == (MAPPINGS_DIR / "un-sdg.sssom.tsv").read_bytes()
    turtle = client.get("/mappings/un-sdg.ttl")
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    un_sdg = next(s for s in sets if s.slug == "un-sdg")
    assert all((m.subject, m.predicate, m.object) in graph for m in un_sdg.mappings)
