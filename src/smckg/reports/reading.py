"""Read a report text file: strict UTF-8, completeness check, raw and normalised numbered lines.

The texts were extracted from PDFs. Each line is kept twice: ``raw`` exactly as in the file
(full-width Chinese punctuation intact, so labels can be returned as the report writes them)
and ``text``, normalised for matching (NFKC folds full-width digits, letters and ASCII-like
punctuation; superscript footnote marks are left alone; runs of whitespace, including
no-break spaces, become one space). Line numbers are 1-based, as ``cat -n`` shows them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from smckg.errors import ParameterError, ReportError

LANGS = ("en", "zh")

#: Headings of the last chapters: a complete text names each at least twice (contents, body).
REQUIRED_HEADINGS = {
    "en": ("Suggestions for the participation of various stakeholders", "Research institutes"),
    "zh": ("各利益相关方的参与建议", "附录"),
}

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_NOT_SUPERSCRIPT = re.compile(f"[^{_SUPERSCRIPTS}]+")
_DROP_SUPERSCRIPTS = str.maketrans("", "", _SUPERSCRIPTS)


def normalise(text: str) -> str:
    """NFKC outside footnote superscripts, whitespace runs collapsed, ends stripped."""
    folded = _NOT_SUPERSCRIPT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return " ".join(folded.split())


def match_key(text: str) -> str:
    """A comparison key: normalised, case-folded, without whitespace or footnote marks."""
    return "".join(normalise(text).split()).casefold().translate(_DROP_SUPERSCRIPTS)


def tidy(text: str) -> str:
    """``text`` as written, with whitespace runs collapsed to one space and ends stripped."""
    return " ".join(text.split())


@dataclass(frozen=True, eq=False)
class Line:
    """One line of a report: its 1-based number, the raw text and the normalised text."""

    number: int
    raw: str
    text: str

    @property
    def blank(self) -> bool:
        """True for empty and whitespace-only lines."""
        return not self.text


@dataclass(frozen=True, eq=False)
class ReportText:
    """A report read from ``path``: its language (``en``/``zh``) and its numbered lines."""

    path: Path
    lang: str
    lines: tuple[Line, ...] = field(repr=False)

    def line(self, number: int) -> Line:
        """The line with 1-based ``number``."""
        return self.lines[number - 1]

    def where(self, number: int) -> str:
        """``file:line`` for error messages."""
        return f"{self.path}:{number}"


def read_report(path: Path, lang: str) -> ReportText:
    """Read, decode and check one report text; raise ReportError when it is unusable."""
    if lang not in LANGS:
        raise ParameterError(f"unknown report language {lang!r} (en or zh)",
                             f"未知的报告语言 {lang!r}（应为 en 或 zh）", where="lang")
    data = _read_bytes(path)
    text = _decode(data, path)
    lines = tuple(Line(number, raw, normalise(raw))
                  for number, raw in enumerate(_split_lines(text), 1))
    report = ReportText(path, lang, lines)
    _check_complete(report)
    return report


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReportError("report file not found", "找不到报告文件", where=str(path)) from None
    except OSError as error:
        raise ReportError(f"cannot read the report file ({error.strerror})",
                          f"无法读取报告文件（{error.strerror}）", where=str(path)) from None


def _decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = f"{error.start} (0x{data[error.start]:02x})"
        raise ReportError(f"not valid UTF-8: byte {byte} on line {line}",
                          f"不是有效的 UTF-8 编码：第 {line} 行，字节偏移 {byte}",
                          where=f"{path}:{line}") from None
    return text.removeprefix("\ufeff")


def _split_lines(text: str) -> list[str]:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _check_complete(report: ReportText) -> None:
    if all(line.blank for line in report.lines):
        raise ReportError("the report file is empty", "报告文件为空", where=str(report.path))
    keys = [match_key(line.text) for line in report.lines]
    for heading in REQUIRED_HEADINGS[report.lang]:
        wanted = match_key(heading)
        if sum(wanted in key for key in keys) < 2:
            raise ReportError(
                f"the report text is truncated: the heading '{heading}' is missing from its body",
                f"报告文本不完整：正文中缺少标题“{heading}”",
                where=str(report.path),
            )
