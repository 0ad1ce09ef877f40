"""``smc-kg build``, ``smc-kg validate`` and ``smc-kg query``: make, check and ask the KG."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rdflib import Graph

from smckg.build import build_graph, build_kg
from smckg.errors import QueryError, ValidationError
from smckg.paths import DEFAULT_OUT, RECORDS_DIR
from smckg.queryfiles import QueryFile, parse_query_file, query_files
from smckg.validation import validate as validate_graph

OUT_OPTION = click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
    help="Build folder / 构建输出目录",
)


RECORDS_OPTION = click.option(
    "--records", "records_dir", type=click.Path(path_type=Path, file_okay=False), default=RECORDS_DIR,
    show_default=True, help="Folder of curated records / 整理记录目录",
)


@click.command()
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path),
              help="Folder with wef-smc-2022.en.txt and .zh.txt; checks the records against them "
                   "/ 报告文本目录")
@OUT_OPTION
@RECORDS_OPTION
@click.option("--passages/--no-passages", default=False,
              help="Attach the report passages to the nodes they support / 附加报告原文段落")
def build(reports_dir: Path | None, out_dir: Path, records_dir: Path, passages: bool) -> None:
    """Build the knowledge graph into OUT / 构建知识图谱."""
    result = build_kg(out_dir=out_dir, reports_dir=reports_dir, passages=passages,
                      records_dir=records_dir)
    click.echo(f"built {result.triples} triples into {result.out_dir} (build {result.build_id[:12]})")


@click.command()
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path), help="Report texts / 报告文本目录")
@RECORDS_OPTION
def validate(reports_dir: Path | None, records_dir: Path) -> None:
    """Run the SHACL shapes and the OWL reasoner over the KG / 运行 SHACL 与推理机检查."""
    graph, _, _ = build_graph(reports_dir=reports_dir, records_dir=records_dir)
    result = validate_graph(graph)
    click.echo(str(result))
    if not result.ok:
        raise ValidationError("the knowledge graph is not valid", "知识图谱未通过校验")


def _load_built(out_dir: Path) -> Graph:
    path = out_dir / "smc-dt.nt"
    if not path.exists():
        raise QueryError("no build found: run `smc-kg build` first",
                         "未找到构建结果：请先运行 `smc-kg build`", where=str(out_dir))
    graph = Graph()
    graph.parse(path, format="nt")
    return graph


def canned_query(name_or_file: str) -> QueryFile:
    """A query file given by its path, or a canned query (``queries/*.rq``) given by its name."""
    path = Path(name_or_file)
    if path.is_file():
        return parse_query_file(path)
    canned = {query.name: query for query in query_files()}
    if name_or_file not in canned:
        raise QueryError(f"no query file and no canned query named {name_or_file!r}; "
                         f"canned: {', '.join(canned)}",
                         f"没有名为 {name_or_file!r} 的查询文件或预置查询", where=name_or_file)
    return canned[name_or_file]


@click.command()
@click.argument("name_or_file", metavar="QUERY")
@OUT_OPTION
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter / 查询参数")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def query(name_or_file: str, out_dir: Path, params: tuple[str, ...], fmt: str) -> None:
    """Run QUERY (a canned query's name or a .rq file) against the built KG / 对已构建的图谱运行查询."""
    canned = canned_query(name_or_file)
    values = dict(item.split("=", 1) for item in params if "=" in item)
    graph = _load_built(out_dir)
    try:
        result = graph.query(canned.text, initBindings=canned.bindings(values))
    except Exception as error:  # rdflib raises pyparsing and engine errors alike
        raise QueryError(f"query failed: {error}", f"查询失败：{error}", where=str(canned.path)) from error
    if fmt == "json":
        click.echo(result.serialize(format="json").decode())
    elif fmt == "csv":
        click.echo(result.serialize(format="csv").decode())
    else:
        _print_table(result)


def _print_table(result) -> None:  # noqa: ANN001 - rdflib's Result
    if result.type == "ASK":
        click.echo(json.dumps(bool(result.askAnswer)))
        return
    if result.type != "SELECT":
        click.echo(result.serialize(format="turtle").decode())
        return
    names = [str(v) for v in result.vars]
    click.echo("\t".join(names))
    for row in result:
        click.echo("\t".join("" if value is None else str(value) for value in row))


COMMANDS = [build, validate, query]
