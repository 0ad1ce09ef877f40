"""Check the records that give ``lines`` against those lines of the source texts.

A record's ``lines: {doc: "a-b"}`` must lie inside the first section it cites in that
document; one of its labels in the document's language (preferred or alternative) or one of
its ``cues`` (short terms of the text that are not labels) must be written in those lines;
and each of its numbers (a figure's value, a count, a population bound) must be written
there in one of the usual forms (digits, ``50万``, ``1038.4亿``, ``five``, ``half``).
Two tables are read cell by cell: Deloitte's operation models (who funds,
operates and controls: full, half or empty circles) and the ticks of its goal matrix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from smckg.errors import CrossCheckError
from smckg.records import Records, Term
from smckg.reports.reading import ReportText, match_key

#: Numbers the texts spell as words.
WORDS = {Decimal(n): word for n, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
WORDS.update({Decimal(50): "half", Decimal(25): "quarter"})
NUMBER_FIELDS = ("value", "count", "min_population", "max_population")
#: Which party a circle gives a share: full, half, empty.
CIRCLES = {"●": 2, "◐": 1, "○": 0}
PARTIES = ("government", "enterprises")


def _fail(fact: str, problem: str, where: str) -> CrossCheckError:
    return CrossCheckError(f"{fact}: {problem}", f"{fact}：与报告文本不符（{problem}）", where=where)


def number_forms(value: Decimal) -> set[str]:
    """The ways a text may write ``value``: ``1000000``, ``1,000,000``, ``100万``, ``one``..."""
    plain = format(value.normalize(), "f")
    forms = {plain, f"{value:,f}".rstrip("0").rstrip(".") if "." in plain else f"{int(value):,}"}
    for scale, suffix in ((Decimal(10_000), "万"), (Decimal(100_000_000), "亿"),
                          (Decimal(1_000_000), "million"), (Decimal(1_000_000_000), "billion")):
        if value >= scale:
            forms.add(format((value / scale).normalize(), "f") + suffix)
    if value in WORDS:
        forms.add(WORDS[value])
    return {match_key(form) for form in forms}


def _names(term: Term, lang: str) -> list[str]:
    written = "zh" if lang == "zh" else "en"
    cues = term.get("cues", {}).get(written, ())
    return [match_key(name) for name in (getattr(term.label, written), *term.alt.get(written, ()), *cues)]


def check_lines(records: Records, texts: Mapping[str, ReportText],
                spans: Mapping[tuple[str, str], tuple[int, int]]) -> None:
    """Every record's ``lines`` against the texts of ``texts`` (documents not given are skipped)."""
    for term in records:
        found: dict[str, str] = {}
        for lang, (first, last) in sorted(term.get("lines", {}).items()):
            if lang not in texts:
                continue
            number = term.source[lang][0]
            where = f"{texts[lang].path}:{first} ← {term.where}"
            start, end = spans.get((lang, number), (0, 0))
            if not start <= first <= last <= end:
                raise _fail(f"lines {first}-{last} of {term.kind} '{term.slug}'",
                            f"outside section {number} ({start}-{end})", where)
            found[lang] = "".join(match_key(texts[lang].line(n).text) for n in range(first, last + 1))
            if not any(name and name in found[lang] for name in _names(term, lang)):
                raise _fail(f"{term.kind} '{term.slug}'", f"no label of it in lines {first}-{last}", where)
        _check_numbers(term, found)


def _check_numbers(term: Term, found: dict[str, str]) -> None:
    if not found:
        return
    for name in (name for name in NUMBER_FIELDS if term.get(name) is not None):
        forms = number_forms(Decimal(term.get(name)))
        if not any(form in text for form in forms for text in found.values()):
            raise _fail(f"{name} of {term.kind} '{term.slug}'", f"{term.get(name)} is not in its lines",
                        term.where)


def _cells(report: ReportText, number: int) -> list[str]:
    return [cell.strip() for cell in report.line(number).raw.split("\t")]


def check_operation_models(records: Records, report: ReportText) -> None:
    """Each model's table row: government and business circles for funding, operation, control."""
    for term in records.of("operation-model"):
        first, _ = term.get("lines")["deloitte-2017"]
        circles = [CIRCLES[cell] for cell in _cells(report, first) if cell in CIRCLES]
        if len(circles) != 6:
            raise _fail(f"operation model '{term.slug}'", "no row of six circles", report.where(first))
        for index, field in enumerate(("funding", "operation", "control")):
            reported = sorted(party for party, share in zip(PARTIES, circles[2 * index:2 * index + 2],
                                                            strict=True) if share)
            recorded = sorted(ref.slug for ref in term.get(field))
            if reported != recorded:
                raise _fail(f"{field} of operation model '{term.slug}'",
                            f"the table gives {reported}, the record {recorded}", report.where(first))


def check_goal_rows(records: Records, report: ReportText) -> None:
    """Each goal of the sector-by-goal matrix is ticked in all six sector columns."""
    for term in records.of("city-goal"):
        first, _ = term.get("lines")["deloitte-2017"]
        ticks = len(re.findall("✓", report.line(first).raw))
        if ticks != 6:
            raise _fail(f"city goal '{term.slug}'", f"{ticks} ticks instead of six", report.where(first))
