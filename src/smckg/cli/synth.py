"""``smc-kg synth``: write a build folder holding the KG plus synthetic city self-assessments."""

from __future__ import annotations

from pathlib import Path

import click

from smckg.cli.serve import ensure_build
from smckg.paths import DEFAULT_OUT
from smckg.synthetic import DEFAULT_SEED, write_synthetic_build


@click.command("synth")
@click.option("--cities", type=int, required=True,
              help="How many assessed cities to generate / 生成的自评城市数目 (e.g. 10000).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Build folder to write / 要写入的构建目录.")
@click.option("--kg", "kg_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="KG build to extend, built first if missing / 要扩展的知识图谱构建目录.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Random seed; the same seed gives the same data / 随机种子.")
def synth(cities: int, out_dir: Path, kg_dir: Path, seed: int) -> None:
    """Add synthetic assessed cities to the KG / 在知识图谱中加入合成的城市自评数据.

    Serve the result with `smc-kg serve --out DIR`.
    """
    ensure_build(kg_dir)
    build = write_synthetic_build(kg_dir, out_dir, cities, seed)
    click.echo(f"wrote {build.triples} triples ({cities} assessed cities) into {out_dir} "
               f"(build {build.build_id[:12]}) / 已写入 {build.triples} 条三元组")


COMMANDS = [synth]
