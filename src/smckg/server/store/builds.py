"""Reading a build output folder: the N-Triples dump and ``build.json``'s identity and size."""

from __future__ import annotations

import json
from pathlib import Path

from smckg.server.errors import BuildMissing
from smckg.server.store.base import StoreInfo

DUMP_NAME = "smc-dt.nt"
BUILD_NAME = "build.json"


def dump_path(out_dir: Path) -> Path:
    """The N-Triples dump of the merged ontology and knowledge graph."""
    return out_dir / DUMP_NAME


def has_build(out_dir: Path) -> bool:
    """Whether the folder holds both the dump and ``build.json``."""
    return dump_path(out_dir).is_file() and (out_dir / BUILD_NAME).is_file()


def read_build_info(out_dir: Path) -> StoreInfo:
    """The build's id and triple count from ``build.json``; BuildMissing if there is no build."""
    if not has_build(out_dir):
        raise BuildMissing(
            f"no build in {out_dir} (it needs {DUMP_NAME} and {BUILD_NAME}); "
            "run `smc-kg build` first",
            f"{out_dir} 中没有构建结果（需要 {DUMP_NAME} 和 {BUILD_NAME}）；"
            "请先运行 `smc-kg build`",
            where=str(out_dir),
        )
    try:
        record = json.loads((out_dir / BUILD_NAME).read_text(encoding="utf-8"))
        return StoreInfo(build_id=str(record["build_id"]), triples=record.get("triples"))
    except (ValueError, KeyError, TypeError) as error:
        raise BuildMissing(
            f"{BUILD_NAME} is unreadable or has no build_id: {error}",
            f"{BUILD_NAME} 无法读取或缺少 build_id：{error}",
            where=str(out_dir / BUILD_NAME),
        ) from error
