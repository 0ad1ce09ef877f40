"""Reading curated YAML and TSV files with the line number of every record kept for error messages."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from smckg.errors import RecordError

LINE_KEY = "__line__"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when PyYAML has it
    """A safe YAML loader that stores each mapping's first line under ``__line__``."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a missing file or a syntax error becomes a RecordError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise RecordError(
            "curated record file is missing", "缺少整理记录文件", where=str(path)
        ) from error
    except UnicodeDecodeError as error:
        raise RecordError(
            f"file is not UTF-8 (byte {error.start})", f"文件不是 UTF-8 编码（第 {error.start} 字节）",
            where=str(path),
        ) from error
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 0
        raise RecordError(
            f"YAML syntax error: {error.problem}", f"YAML 语法错误：{error.problem}",
            where=f"{path}:{line}",
        ) from error


def read_tsv(path: Path) -> list[dict[str, Any]]:
    """Parse a TSV file with a header row; each row gets its line number under ``__line__``."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle]
    except FileNotFoundError as error:
        raise RecordError(
            "curated record file is missing", "缺少整理记录文件", where=str(path)
        ) from error
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not numbered:
        raise RecordError("table is empty", "表格为空", where=str(path))
    header = next(csv.reader([numbered[0][1]], delimiter="\t"))
    rows = []
    for number, line in numbered[1:]:
        cells = next(csv.reader([line.rstrip("\r\n")], delimiter="\t"))
        if len(cells) != len(header):
            raise RecordError(
                f"row has {len(cells)} cells, the header has {len(header)}",
                f"该行有 {len(cells)} 个单元格，表头有 {len(header)} 个",
                where=f"{path}:{number}",
            )
        rows.append({**dict(zip(header, cells, strict=True)), LINE_KEY: number})
    return rows
