"""Commands over the lookup index: ``smc-kg lookup``, ``smc-kg glossary``, ``smc-kg annotate``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import click

from smckg.lookup import FORMATS, Annotation, Hit, annotate, lookup, open_index
from smckg.paths import DEFAULT_OUT


def _build_dir_option(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        *names, "out_dir", default=DEFAULT_OUT, show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Build output folder with lookup-index.json or smc-dt.ttl / 构建输出目录",
    )


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("lookup")
@click.argument("query")
@click.option("--lang", type=click.Choice(["en", "zh"]),
              help="Language shown first; both are searched / 优先显示的语言（两种语言都会检索）")
@click.option("--type", "types", multiple=True,
              help="Only terms of this type (e.g. area, Challenge, smc:Case); repeatable / 类型")
@click.option("--limit", default=10, show_default=True, type=int, help="Most hits / 最多条数")
@click.option("--json", "as_json", is_flag=True, help="Print JSON / 输出 JSON")
@_build_dir_option("--out", "--build-dir")
def lookup_command(query: str, lang: str | None, types: tuple[str, ...], limit: int,
                   as_json: bool, out_dir: Path) -> None:
    """Find framework terms by an English, Chinese or pinyin label / 按中英文或拼音查找术语."""
    hits = lookup(open_index(out_dir), query, lang=lang, types=types, limit=limit)
    if as_json:
        _echo_json([hit.as_dict() for hit in hits])
        return
    if not hits:
        click.echo("no match / 无匹配", err=True)
    for hit in hits:
        click.echo(_hit_line(hit))


def _hit_line(hit: Hit) -> str:
    names = " / ".join(hit.pref[lang] for lang in ("en", "zh") if lang in hit.pref)
    kind = hit.match if hit.via == "label" else f"{hit.match}:{hit.via}"
    return f"{hit.score:6.2f}  {kind:<20} {hit.curie}  {names}"


@click.command("glossary")
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)), default="csv",
              show_default=True, help="csv, tbx (TBX-Basic) or skos (Turtle) / 导出格式")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output) / 输出文件")
@_build_dir_option("--build-dir")
def glossary_command(format_name: str, out_file: Path | None, out_dir: Path) -> None:
    """Export the bilingual glossary / 导出双语术语表."""
    rendered = FORMATS[format_name].render(open_index(out_dir))
    if out_file is None:
        sys.stdout.buffer.write(rendered.encode("utf-8"))
    else:
        out_file.write_bytes(rendered.encode("utf-8"))


@click.command("annotate")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--json", "as_json", is_flag=True, help="Print JSON / 输出 JSON")
@_build_dir_option("--out", "--build-dir")
def annotate_command(source: TextIO, as_json: bool, out_dir: Path) -> None:
    """Mark the terms a text mentions (FILE, or - for standard input) / 标注文本中的术语."""
    result = annotate(open_index(out_dir), source.read())
    if as_json:
        _echo_json(result.as_dict())
    else:
        _print_annotation(result)


def _print_annotation(result: Annotation) -> None:
    for span in result.spans:
        click.echo(f"{span.start:>6}-{span.end:<6} {span.text}  ->  {span.iri}  ({span.label})")
    for title, counts in (("areas / 领域", result.areas), ("phases / 阶段", result.phases)):
        touched = ", ".join(f"{' / '.join(result.names[iri].values())} x{count}"
                            for iri, count in counts.items())
        click.echo(f"{title}: {touched or '-'}")


COMMANDS = [lookup_command, glossary_command, annotate_command]
