"""Load ``kg/records``: read each file, check each field, build terms, resolve references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from smckg.errors import RecordError
from smckg.paths import RECORDS_DIR
from smckg.records.fields import FieldProblem, Ref
from smckg.records.model import Records, Term
from smckg.records.schema import KINDS, Kind, Spec
from smckg.records.yamlio import LINE_KEY, read_tsv, read_yaml

COMMON_KEYS = ("slug", "label", "alt", "definition", "source")


def load_records(directory: Path = RECORDS_DIR) -> Records:
    """Read and check every curated file of ``directory``."""
    terms = {kind.name: [] for kind in KINDS}
    for kind in KINDS:
        for raw in _rows(directory / kind.file):
            _add_term(terms, kind, raw, directory / kind.file)
    records = Records(terms=terms, report=_report(directory / "report.yaml"))
    _check_references(records)
    _check_unique(records)
    return records


def _rows(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".tsv":
        return [_untabulate(row) for row in read_tsv(path)]
    data = read_yaml(path)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise RecordError("expected a list of records", "应为记录列表", where=str(path))
    return data


def _untabulate(row: dict[str, Any]) -> dict[str, Any]:
    """Fold ``x_en``/``x_zh`` columns into ``x: {en, zh}`` and drop empty cells."""
    result: dict[str, Any] = {}
    if "code" in row:
        row = {("slug" if key == "code" else key): value for key, value in row.items()}
    for key, value in row.items():
        if value == "":
            continue
        if key.endswith(("_en", "_zh")) and key != LINE_KEY:
            result.setdefault(key[:-3], {})[key[-2:]] = value
        else:
            result[key] = value
    return result


def _check_fields(raw: dict[str, Any], spec: Spec, where: str) -> dict[str, Any]:
    unknown = sorted(set(raw) - set(spec) - {LINE_KEY})
    if unknown:
        raise RecordError(
            f"unknown field(s): {', '.join(unknown)}", f"未知字段：{', '.join(unknown)}", where=where
        )
    checked: dict[str, Any] = {}
    for name, (checker, required) in spec.items():
        if raw.get(name) is None:
            if required:
                raise RecordError(f"missing field '{name}'", f"缺少字段“{name}”", where=where)
            continue
        try:
            checked[name] = checker(raw[name])
        except FieldProblem as problem:
            raise RecordError(
                f"field '{name}': {problem.en}", f"字段“{name}”：{problem.zh}", where=where
            ) from problem
    return checked


def _make_term(kind: str, slug: str, checked: dict[str, Any], where: str) -> Term:
    own = {key: value for key, value in checked.items() if key not in COMMON_KEYS}
    return Term(
        kind=kind,
        slug=slug,
        label=checked["label"],
        definition=checked.get("definition"),
        source=checked.get("source", {}),
        where=where,
        alt=checked.get("alt", {"en": (), "zh": ()}),
        fields=own,
    )


def _add_term(terms: dict[str, list[Term]], kind: Kind, raw: dict[str, Any], path: Path) -> None:
    where = f"{path}:{raw.get(LINE_KEY, 0)}"
    nested_raw = {name: raw.pop(name, None) or [] for name in kind.nested}
    checked = _check_fields(raw, kind.spec, where)
    slug = checked.get("slug") or f"{checked['area'].slug}/{checked['phase']}"
    parent = _make_term(kind.name, slug, checked, where)
    terms[kind.name].append(parent)
    for name, (child_kind, spec) in kind.nested.items():
        if not isinstance(nested_raw[name], list):
            raise RecordError(f"'{name}' must be a list", f"“{name}”必须是列表", where=where)
        for position, child in enumerate(nested_raw[name], 1):
            child_where = f"{path}:{child.get(LINE_KEY, 0)}"
            child_checked = _check_fields(child, spec, child_where)
            child_slug = f"{slug}/{child_checked.get('slug', position)}"
            child_checked.setdefault("source", parent.source)
            term = _make_term(child_kind, child_slug, child_checked, child_where)
            term.fields["parent"] = Ref(kind.name, slug)
            term.fields.setdefault("ordinal", position)
            terms.setdefault(child_kind, []).append(term)


def _check_references(records: Records) -> None:
    known = {(term.kind, term.slug) for term in records}
    for term in records:
        for value in term.fields.values():
            for ref in value if isinstance(value, tuple) else (value,):
                if isinstance(ref, Ref) and (ref.kind, ref.slug) not in known:
                    raise RecordError(
                        f"refers to unknown {ref.kind} '{ref.slug}'",
                        f"引用了不存在的{ref.kind}“{ref.slug}”",
                        where=term.where,
                    )
        if term.kind == "case" and term.get("from_phase") > term.get("to_phase"):
            raise RecordError(
                "from_phase is after to_phase", "起始阶段晚于目标阶段", where=term.where
            )


def _check_unique(records: Records) -> None:
    seen: dict[tuple[str, str], str] = {}
    for term in records:
        key = (term.kind, term.slug)
        if key in seen:
            raise RecordError(
                f"duplicate {term.kind} '{term.slug}' (first at {seen[key]})",
                f"重复的{term.kind}“{term.slug}”（首次出现在 {seen[key]}）",
                where=term.where,
            )
        seen[key] = term.where


def _report(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RecordError("expected a mapping", "应为映射", where=str(path))
    return data
