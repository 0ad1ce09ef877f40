"""The figures of a robustness run, collected by the tests and printed at the end of the session.

One :data:`TALLY` per session.  Tests add what they tried and what happened; the
``pytest_terminal_summary`` hook of this folder's conftest prints :meth:`Tally.lines`.
:func:`check_status` is the rule every fuzzed or hostile response is held to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from loadgen import Level

T = TypeVar("T")
#: The status of a deliberate refusal under time or load limits (with Retry-After).
DELIBERATE_5XX = 503


@dataclass
class Tally:
    """Counts and findings of one run."""

    form: str = "short"
    fuzzed: Counter[str] = field(default_factory=Counter)
    hostile_tried: Counter[str] = field(default_factory=Counter)
    hostile_refused: Counter[str] = field(default_factory=Counter)
    deliberate_503: int = 0
    unexpected_5xx: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    outbound: int | None = None  # connections the SSRF listener saw; None when it was not used
    levels: list[Level] = field(default_factory=list)
    soak: str | None = None
    faults: list[tuple[str, bool]] = field(default_factory=list)
    builds_checked: int = 0
    lost_builds: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def shedding_point(self) -> int | None:
        """The lowest concurrency at which some calls were shed."""
        return min((level.concurrency for level in self.levels if level.shed), default=None)

    def hostile(self, category: str, refused: bool) -> None:
        """Count one hostile case and whether it was refused (or neutralised)."""
        self.hostile_tried[category] += 1
        self.hostile_refused[category] += refused

    def note(self, text: str) -> None:
        """Record a finding once."""
        if text not in self.notes:
            self.notes.append(text)

    def fault(self, name: str, recovered: bool) -> None:
        """Count one injected fault and whether the service or build recovered."""
        self.faults.append((name, recovered))

    def empty(self) -> bool:
        """Whether no robustness test ran."""
        return not (self.fuzzed or self.hostile_tried or self.levels or self.faults)

    def lines(self) -> list[str]:
        """The printed report."""
        lines = [f"form: {self.form}",
                 f"inputs fuzzed: {sum(self.fuzzed.values())} ({_counts(self.fuzzed)})",
                 f"hostile cases: {sum(self.hostile_tried.values())} tried, "
                 f"{sum(self.hostile_refused.values())} refused or neutralised"]
        lines += [f"  {name}: {self.hostile_refused[name]}/{tried}"
                  for name, tried in sorted(self.hostile_tried.items())]
        lines.append("load levels:")
        lines += [f"  {level.row()}" for level in self.levels]
        lines.append(f"shedding point: {_or_none(self.shedding_point, 'concurrency ')}")
        lines.append(f"soak: {self.soak or 'not run (full form only)'}")
        recovered = sum(ok for _, ok in self.faults)
        lines.append(f"faults injected: {len(self.faults)}, recovered: {recovered}")
        lines += [f"  {'ok  ' if ok else 'FAIL'} {name}" for name, ok in self.faults]
        shed = sum(level.shed for level in self.levels)
        lines += [f"deliberate 503 (timeout/overload, with Retry-After): {self.deliberate_503 + shed}",
                  f"unexpected 5xx: {len(self.unexpected_5xx)}",
                  *[f"  {item}" for item in self.unexpected_5xx[:20]],
                  f"crashes: {len(self.crashes)}", *[f"  {item}" for item in self.crashes],
                  f"outbound connections: {'not measured' if self.outbound is None else self.outbound}",
                  f"builds checked after faults: {self.builds_checked}, "
                  f"lost or half-written: {len(self.lost_builds)}",
                  *[f"  {item}" for item in self.lost_builds],
                  *[f"note: {note}" for note in self.notes]]
        return lines


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items())) or "-"


def _or_none(value: int | None, prefix: str) -> str:
    return "none reached" if value is None else f"{prefix}{value}"


TALLY = Tally()


def scaled(short: T, full: T) -> T:
    """A count (or list of cases) for the form that runs: ``short`` or ``full``."""
    return full if TALLY.form == "full" else short


class Answer(Protocol):
    """What the rule looks at in a response (``requests.Response`` has it, so has ``RawAnswer``)."""

    status_code: int
    headers: Mapping[str, str]
    text: str


def check_status(response: Answer, context: str) -> None:
    """Hold a response to the rule: no 5xx except a deliberate 503 with Retry-After."""
    status = response.status_code
    if status == DELIBERATE_5XX and response.headers.get("Retry-After"):
        TALLY.deliberate_503 += 1
        return
    if status >= 500:
        TALLY.unexpected_5xx.append(f"{status} {context}: {response.text[:200]!r}")
        raise AssertionError(f"unexpected {status} for {context}: {response.text[:500]}")
