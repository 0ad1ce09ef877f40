"""The second framework and the reference cities: ``kg/frameworks`` read, checked and turned into RDF.

Deloitte's super smart city maturity model (stages, capability dimensions, the stage table,
index dimensions, the city ranking), the big cities used for comparison with their figures,
the documents they come from, and the crosswalk between the WEF phases and Deloitte's stages.
``framework_graph()`` is what the build adds to the knowledge graph. The file layout is
described in ``kg/frameworks/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import DCTERMS, RDF, SKOS, XSD, Graph, Literal, URIRef

from smckg.errors import RecordError
from smckg.graph.cases import unit_iri
from smckg.graph.provenance import add_location
from smckg.graph.terms import add_concept, add_labels, decimal_literal
from smckg.mappings import mapping_graph, read_mapping_set
from smckg.paths import FRAMEWORKS_DIR, RECORDS_DIR
from smckg.records import Records, Text, load_records
from smckg.records import fields as f
from smckg.records.yamlio import LINE_KEY, read_yaml
from smckg.vocab import SMC, iri, section

CROSSWALK_FILE = "deloitte-wef.sssom.tsv"
MODEL = iri("deloitte/model")
Raw = dict[str, Any]


def deloitte_iri(kind: str, slug: str) -> URIRef:
    """A part of Deloitte's model: ``stage``, ``dimension``, ``index-dimension``, ``characteristic``."""
    return iri(f"deloitte/{kind}/{slug}")


def stage_iri(slug: str) -> URIRef:
    """A stage of Deloitte's model."""
    return deloitte_iri("stage", slug)


def report_iri(slug: str) -> URIRef:
    """A source document of ``reports.yaml``."""
    return iri(f"report/{slug}")


def city_iri(slug: str) -> URIRef:
    """A reference city."""
    return iri(f"reference-city/{slug}")


class _Reader:
    """Field access for one YAML file: every problem is a RecordError naming file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = read_yaml(path)

    def where(self, raw: Any) -> str:
        return f"{self.path}:{raw.get(LINE_KEY, 0)}" if isinstance(raw, dict) else str(self.path)

    def fail(self, raw: Any, en: str, zh: str) -> RecordError:
        return RecordError(en, zh, where=self.where(raw))

    def get(self, raw: Any, name: str, check: Callable[[Any], Any], required: bool = True) -> Any:
        if not isinstance(raw, dict):
            raise self.fail(raw, "expected a mapping", "应为映射")
        if raw.get(name) is None:
            if required:
                raise self.fail(raw, f"missing field '{name}'", f"缺少字段“{name}”")
            return None
        try:
            return check(raw[name])
        except f.FieldProblem as problem:
            raise self.fail(raw, f"field '{name}': {problem.en}", f"字段“{name}”：{problem.zh}") from problem

    def items(self, raw: Any, name: str) -> list[Raw]:
        value = raw.get(name) if isinstance(raw, dict) else raw
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(raw, f"'{name}' must be a list of mappings", f"“{name}”必须是映射列表")
        return value


def _term(graph: Graph, node: URIRef, cls: URIRef, reader: _Reader, raw: Raw, sources: list[URIRef]) -> Text:
    """A concept of the scheme with labels, definition, alternative labels and its sources."""
    label = reader.get(raw, "label", f.text)
    add_concept(graph, node, cls)
    add_labels(graph, node, label, reader.get(raw, "definition", f.text))
    for lang, labels in (reader.get(raw, "alt", f.text_lists, required=False) or {}).items():
        for alt in labels:
            graph.add((node, SKOS.altLabel, Literal(alt, lang=lang)))
    for source in sources:
        graph.add((node, DCTERMS.source, source))
    return label


def _reports(graph: Graph, reader: _Reader) -> set[str]:
    slugs = set()
    for raw in reader.items(reader.data, "reports"):
        slug = reader.get(raw, "slug", f.slug)
        node = report_iri(slug)
        _term(graph, node, SMC.Report, reader, raw, [])
        lang = reader.get(raw, "lang", f.pattern(r"[a-z]{2}"))
        graph.add((node, DCTERMS.title, Literal(reader.get(raw, "title", f.string), lang=lang)))
        graph.add((node, DCTERMS.publisher, Literal(reader.get(raw, "publisher", f.string))))
        graph.add((node, DCTERMS.date, Literal(reader.get(raw, "date", f.string))))
        graph.add((node, DCTERMS.language, Literal(lang)))
        slugs.add(slug)
    return slugs


def _known(reader: _Reader, raw: Raw, name: str, known: set[str] | dict[str, Any],
           slug: str | None = None) -> str:
    """The slug in field ``name`` (or ``slug`` when given), which must be one of ``known``."""
    slug = reader.get(raw, name, f.slug) if slug is None else slug
    if slug not in known:
        raise reader.fail(raw, f"'{name}' names unknown '{slug}'", f"“{name}”引用了不存在的“{slug}”")
    return slug


#: The numbered parts of the model: YAML key, IRI kind, class, link from the model, number field.
PARTS = {
    "stages": ("stage", SMC.MaturityStage, SMC.hasStage, ("number", SMC.stageNumber)),
    "dimensions": ("dimension", SMC.CapabilityDimension, SMC.hasCapabilityDimension,
                   ("ordinal", SMC.ordinal)),
    "index_dimensions": ("index-dimension", SMC.IndexDimension, SMC.hasIndexDimension,
                         ("ordinal", SMC.ordinal)),
}


def _ordered(graph: Graph, reader: _Reader, key: str, source: URIRef) -> dict[str, Text]:
    """Stages, capability dimensions or index dimensions of the model, numbered in file order."""
    kind, cls, link, (field, predicate) = PARTS[key]
    labels = {}
    for position, raw in enumerate(reader.items(reader.data, key), 1):
        slug = reader.get(raw, "slug", f.slug)
        node = deloitte_iri(kind, slug)
        labels[slug] = _term(graph, node, cls, reader, raw, [source])
        if reader.get(raw, field, f.integer(1, 20)) != position:
            raise reader.fail(raw, f"{field} must be {position}", f"{field} 应为 {position}")
        graph.add((node, predicate, Literal(position, datatype=XSD.integer)))
        graph.add((MODEL, link, node))
    return labels


def _characteristics(graph: Graph, reader: _Reader, stages: dict[str, Text],
                     dimensions: dict[str, Text], source: URIRef) -> None:
    table = reader.data.get("characteristics")
    if not isinstance(table, dict):
        raise reader.fail(reader.data, "'characteristics' must be a mapping", "“characteristics”必须是映射")
    for dimension, row in ((k, v) for k, v in table.items() if k != LINE_KEY):
        _known(reader, row, "dimension", dimensions, slug=dimension)
        for stage in (k for k in row if k != LINE_KEY):
            _known(reader, row, "stage", stages, slug=stage)
            node = deloitte_iri("characteristic", f"{dimension}/{stage}")
            add_concept(graph, node, SMC.StageCharacteristic)
            label = Text(f"{dimensions[dimension].en} at the {stages[stage].en} stage",
                         f"{stages[stage].zh}的{dimensions[dimension].zh}")
            add_labels(graph, node, label, reader.get(row, stage, f.text))
            graph.add((node, SMC.atStage, stage_iri(stage)))
            graph.add((node, SMC.inCapabilityDimension, deloitte_iri("dimension", dimension)))
            graph.add((node, DCTERMS.source, source))


def _cite_sections(graph: Graph, reader: _Reader, slug: str) -> None:
    """``sections: {part: number or {section, lines}}``: every node of a part cites that section
    (and, with ``lines``, is stated at those lines of it)."""
    cited = reader.data.get("sections") or {}
    parts = {"stages": SMC.MaturityStage, "dimensions": SMC.CapabilityDimension,
             "characteristics": SMC.StageCharacteristic, "index_dimensions": SMC.IndexDimension}
    for part, value in ((k, v) for k, v in cited.items() if k != LINE_KEY):
        if isinstance(value, dict):
            number, lines = str(value["section"]), f.lines({slug: value["lines"]})[slug]
        else:
            number, lines = str(value), None
        if part == "model":
            nodes = [MODEL]
        elif part == "ranking":
            nodes = sorted(graph.subjects(SMC.superSmartCityRank, None))
        else:
            nodes = sorted(graph.subjects(RDF.type, parts[part]))
        for node in nodes:
            graph.add((node, SMC.section, section(slug, number)))
            if lines is not None:
                add_location(graph, node, slug, number, lines)


def _model(graph: Graph, reader: _Reader, reports: set[str], cities: set[str]) -> None:
    model = reader.data.get("model") if isinstance(reader.data, dict) else None
    slug = _known(reader, model or {}, "report", reports)
    source = report_iri(slug)
    _term(graph, MODEL, SMC.MaturityModel, reader, model, [source])
    stages = _ordered(graph, reader, "stages", source)
    for first, second in zip(list(stages), list(stages)[1:], strict=False):
        graph.add((stage_iri(first), SMC.nextStage, stage_iri(second)))
    dimensions = _ordered(graph, reader, "dimensions", source)
    _ordered(graph, reader, "index_dimensions", source)
    _characteristics(graph, reader, stages, dimensions, source)
    _ranking(graph, reader, cities)
    _cite_sections(graph, reader, slug)


def _ranking(graph: Graph, reader: _Reader, cities: set[str]) -> None:
    entries = reader.items(reader.data, "ranking")
    for position, raw in enumerate(sorted(entries, key=lambda r: reader.get(r, "rank", f.integer(1, 99))), 1):
        city = city_iri(_known(reader, raw, "city", cities))
        if reader.get(raw, "rank", f.integer(1, 99)) != position:
            raise reader.fail(raw, f"ranks must run 1..{len(entries)} without gaps",
                              f"名次必须从 1 连续排到 {len(entries)}")
        gdp_rank = reader.get(raw, "gdp_per_capita_rank", f.integer(1, len(entries)))
        graph.add((city, SMC.superSmartCityRank, Literal(position, datatype=XSD.integer)))
        graph.add((city, SMC.gdpPerCapitaRank, Literal(gdp_rank, datatype=XSD.integer)))


def _figure(graph: Graph, reader: _Reader, raw: Raw, city: str, reports: set[str],
            units: dict[str, URIRef]) -> None:
    node = iri(f"figure/{city}/{reader.get(raw, 'slug', f.slug)}")
    source = _known(reader, raw, "report", reports)
    _term(graph, node, SMC.CityFigure, reader, raw, [report_iri(source)])
    number = reader.get(raw, "section", f.string, required=False)
    if number is not None:
        graph.add((node, SMC.section, section(source, number)))
    graph.add((city_iri(city), SMC.hasFigure, node))
    graph.add((node, SMC.figureValue, decimal_literal(reader.get(raw, "value", f.decimal()))))
    graph.add((node, SMC.figureUnit, units[_known(reader, raw, "unit", units)]))
    lower = reader.get(raw, "lower_bound", f.boolean, required=False) or False
    graph.add((node, SMC.isLowerBound, Literal(lower, datatype=XSD.boolean)))
    year = reader.get(raw, "year", f.integer(1900, 2100), required=False)
    if year is not None:
        graph.add((node, SMC.figureYear, Literal(str(year), datatype=XSD.gYear)))


def _cities(graph: Graph, reader: _Reader, reports: set[str], records: Records) -> set[str]:
    regions = {term.slug: term for term in records.of("region")}
    units = {term.slug: unit_iri(term) for term in records.of("unit")}
    slugs = set()
    for raw in reader.items(reader.data, "reference cities"):
        slug = reader.get(raw, "slug", f.slug)
        sources = [report_iri(_known(reader, raw, "reports", reports, slug=ref.slug))
                   for ref in reader.get(raw, "reports", f.refs("report"))]
        node = city_iri(slug)
        _term(graph, node, SMC.ReferenceCity, reader, raw, sources)
        graph.add((node, SMC.countryCode, Literal(reader.get(raw, "country_code", f.pattern(r"[A-Z]{2}")))))
        if raw.get("region") is not None:
            graph.add((node, SMC.locatedIn, iri(regions[_known(reader, raw, "region", regions)].path)))
        population = reader.get(raw, "population", f.integer(1, 100_000_000), required=False)
        if population is not None:
            graph.add((node, SMC.population, Literal(population, datatype=XSD.integer)))
        for figure in reader.items(raw, "figures") if raw.get("figures") is not None else []:
            _figure(graph, reader, figure, slug, reports, units)
        slugs.add(slug)
    return slugs


def framework_graph(directory: Path = FRAMEWORKS_DIR, records_dir: Path = RECORDS_DIR) -> Graph:
    """The second framework, the reference cities, their sources and the WEF-Deloitte crosswalk."""
    records = load_records(records_dir)
    graph = mapping_graph([read_mapping_set(directory / CROSSWALK_FILE)])
    reports = _reports(graph, _Reader(directory / "reports.yaml"))
    cities = _cities(graph, _Reader(directory / "reference-cities.yaml"), reports, records)
    _model(graph, _Reader(directory / "deloitte.yaml"), reports, cities)
    return graph
