"""Tests of the ``lookup``, ``glossary`` and ``annotate`` commands on a saved fixture index."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lookup_fixture import EFFECTIVENESS, GOVERNANCE, INFRASTRUCTURE, SERVICES

from smckg.cli.lookup import COMMANDS, annotate_command, glossary_command, lookup_command
from smckg.errors import ParameterError
from smckg.lookup import LookupIndexError


def test_the_module_offers_three_commands() -> None:
    assert [command.name for command in COMMANDS] == ["lookup", "glossary", "annotate"]


def test_lookup_prints_one_line_per_hit(build_dir: Path) -> None:
    result = CliRunner().invoke(lookup_command, ["治理與運行", "--out", str(build_dir)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert "smcid:area/governance" in first and "exact:traditional" in first
    assert "Governance / 治理与运行" in first


def test_lookup_json_with_lang_type_and_limit(build_dir: Path) -> None:
    result = CliRunner().invoke(lookup_command, [
        "zhengfu xiaoneng", "--lang", "en", "--type", "area", "--limit", "1", "--json",
        "--build-dir", str(build_dir)])
    [hit] = json.loads(result.output)
    assert (hit["iri"], hit["label"], hit["via"]) == (EFFECTIVENESS, "Governmental effectiveness",
                                                      "pinyin")


def test_lookup_without_hits_says_so(build_dir: Path) -> None:
    result = CliRunner().invoke(lookup_command, ["xyzzy", "--out", str(build_dir)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert "无匹配" in result.stderr


def test_lookup_errors_are_domain_errors(build_dir: Path, tmp_path: Path) -> None:
    empty = CliRunner().invoke(lookup_command, [" ", "--out", str(build_dir)])
    assert isinstance(empty.exception, ParameterError)
    missing = CliRunner().invoke(lookup_command, ["x", "--out", str(tmp_path / "none")])
    assert isinstance(missing.exception, LookupIndexError)


def test_glossary_writes_each_format(build_dir: Path, tmp_path: Path) -> None:
    for name, start in (("csv", b"\xef\xbb\xbfiri,type"), ("tbx", b"<?xml"),
                        ("skos", b"# generated")):
        target = tmp_path / f"glossary.{name}"
        result = CliRunner().invoke(glossary_command, [
            "--format", name, "--out", str(target), "--build-dir", str(build_dir)])
        assert result.exit_code == 0, result.output
        assert target.read_bytes().startswith(start)


def test_annotate_reads_a_file_or_standard_input(build_dir: Path, tmp_path: Path) -> None:
    text = "我们先抓民生与服务、政府效能和基础设施三件事。"
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    from_file = CliRunner().invoke(annotate_command, [str(source), "--json", "--out",
                                                      str(build_dir)])
    areas = {area["iri"] for area in json.loads(from_file.output)["areas"]}
    assert areas == {SERVICES, EFFECTIVENESS, INFRASTRUCTURE}
    from_stdin = CliRunner().invoke(annotate_command, ["--out", str(build_dir)],
                                    input="Governance first.")
    assert GOVERNANCE in from_stdin.output
    assert "areas / 领域: Governance / 治理与运行 x1" in from_stdin.output
