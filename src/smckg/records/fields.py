"""Field checkers for curated records: each turns a raw YAML/TSV value into a typed one or fails.

A checker takes the raw value and returns the checked value; it raises ``FieldProblem``
with a bilingual reason, which the loader turns into a RecordError naming file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

Checker = Callable[[Any], Any]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FieldProblem(Exception):
    """A value does not fit its field; carries the reason in English and Chinese."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


@dataclass(frozen=True)
class Text:
    """A pair of strings in English and Chinese (either may be empty where a record allows it)."""

    en: str
    zh: str


@dataclass(frozen=True)
class Ref:
    """A reference to another record by kind and slug, resolved after all files are read."""

    kind: str
    slug: str


def text(value: Any) -> Text:
    """Both ``en`` and ``zh`` present and non-empty."""
    if not isinstance(value, dict):
        raise FieldProblem("expected a mapping with en and zh", "应为包含 en 和 zh 的映射")
    missing = [lang for lang in ("en", "zh") if not str(value.get(lang) or "").strip()]
    if missing:
        raise FieldProblem(f"missing text in {', '.join(missing)}", f"缺少 {', '.join(missing)} 文本")
    return Text(str(value["en"]).strip(), str(value["zh"]).strip())


def text_lists(value: Any) -> dict[str, tuple[str, ...]]:
    """Optional alternative labels: ``{en: [...], zh: [...]}``, each a list of strings."""
    if value is None:
        return {"en": (), "zh": ()}
    if not isinstance(value, dict):
        raise FieldProblem("expected a mapping of label lists", "应为标签列表的映射")
    result = {}
    for lang in ("en", "zh"):
        items = value.get(lang) or []
        if isinstance(items, str):
            items = [items]
        if not all(isinstance(item, str) and item.strip() for item in items):
            raise FieldProblem(f"{lang} labels must be non-empty strings", f"{lang} 标签必须是非空字符串")
        result[lang] = tuple(item.strip() for item in items)
    return result


#: The documents a record may cite: the WEF report in English and Chinese, Deloitte, UN DESA.
SOURCES = ("en", "zh", "deloitte-2017", "undesa-2021")


def source(value: Any) -> dict[str, tuple[str, ...]]:
    """Section numbers per document of ``SOURCES`` (one or a list each), at least one given."""
    if not isinstance(value, dict) or not any(value.get(key) for key in SOURCES):
        raise FieldProblem("source needs a section number of en, zh or another report",
                           "来源需要 en、zh 或其他报告的章节编号")
    unknown = sorted(set(value) - set(SOURCES) - {"__line__"})
    if unknown:
        raise FieldProblem(f"unknown source document(s): {', '.join(unknown)}",
                           f"未知的来源文档：{', '.join(unknown)}")
    result = {}
    for key in SOURCES:
        numbers = value.get(key)
        if numbers in (None, "", []):
            continue
        items = numbers if isinstance(numbers, list) else [numbers]
        result[key] = tuple(str(item) for item in items)
    return result


_LINES = re.compile(r"^([1-9][0-9]*)(?:-([1-9][0-9]*))?$")


def lines(value: Any) -> dict[str, tuple[int, int]]:
    """Line ranges per document of ``SOURCES``: ``{zh: "114-118", en: "120"}``."""
    if not isinstance(value, dict) or not value:
        raise FieldProblem("expected a mapping of line ranges", "应为行号范围的映射")
    result = {}
    for key, text in ((k, v) for k, v in value.items() if k != "__line__"):
        match = _LINES.match(str(text).strip())
        if key not in SOURCES or match is None:
            raise FieldProblem(f"bad line range {key}: {text!r}", f"行号范围有误 {key}：{text!r}")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise FieldProblem(f"line range {text!r} runs backwards", f"行号范围 {text!r} 颠倒")
        result[key] = (first, last)
    return result


def integer(low: int, high: int) -> Checker:
    """A whole number within ``[low, high]``."""

    def check(value: Any) -> int:
        try:
            number = int(str(value).strip())
        except ValueError as error:
            raise FieldProblem(f"not a whole number: {value!r}", f"不是整数：{value!r}") from error
        if not low <= number <= high:
            raise FieldProblem(f"{number} is outside {low}..{high}", f"{number} 超出 {low}..{high} 范围")
        return number

    return check


def decimal(low: Decimal | None = None, high: Decimal | None = None) -> Checker:
    """A decimal number, optionally within ``[low, high]``."""

    def check(value: Any) -> Decimal:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as error:
            raise FieldProblem(f"not a number: {value!r}", f"不是数字：{value!r}") from error
        if (low is not None and number < low) or (high is not None and number > high):
            raise FieldProblem(f"{number} is outside {low}..{high}", f"{number} 超出 {low}..{high} 范围")
        return number

    return check


def boolean(value: Any) -> bool:
    """``true`` or ``false``."""
    if isinstance(value, bool):
        return value
    raise FieldProblem(f"expected true or false, got {value!r}", f"应为 true 或 false，实为 {value!r}")


def string(value: Any) -> str:
    """A non-empty string."""
    if value is None or not str(value).strip():
        raise FieldProblem("expected a non-empty string", "应为非空字符串")
    return str(value).strip()


def pattern(regex: str) -> Checker:
    """A string matching ``regex`` in full."""
    compiled = re.compile(regex)

    def check(value: Any) -> str:
        checked = string(value)
        if not compiled.fullmatch(checked):
            raise FieldProblem(f"{checked!r} does not match {regex}", f"{checked!r} 不符合格式 {regex}")
        return checked

    return check


def slug(value: Any) -> str:
    """Lower-case ASCII words joined by hyphens."""
    checked = string(value)
    if not SLUG.match(checked):
        raise FieldProblem(f"bad slug {checked!r}", f"标识符 {checked!r} 格式不正确")
    return checked


def ref(kind: str) -> Checker:
    """A slug naming a record of ``kind``."""
    return lambda value: Ref(kind, slug(value))


def refs(kind: str) -> Checker:
    """A list of slugs naming records of ``kind``."""

    def check(value: Any) -> tuple[Ref, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise FieldProblem("expected a list of slugs", "应为标识符列表")
        return tuple(Ref(kind, slug(item)) for item in value)

    return check
