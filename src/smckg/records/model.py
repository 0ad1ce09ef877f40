"""The typed form of a curated record and the bundle of all of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from smckg.records.fields import Ref, Text


@dataclass(frozen=True)
class Term:
    """One record that becomes an individual: common fields plus the kind's own fields."""

    kind: str
    slug: str
    label: Text
    definition: Text | None
    source: dict[str, tuple[str, ...]]
    where: str
    alt: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"en": (), "zh": ()})
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The IRI path under ``smcid:``, e.g. ``area/governance``."""
        return f"{self.kind}/{self.slug}"

    def get(self, name: str, default: Any = None) -> Any:
        """A field of the kind's own, or ``default``."""
        return self.fields.get(name, default)


@dataclass
class Records:
    """All curated terms by kind, in file order, plus the report metadata."""

    terms: dict[str, list[Term]]
    report: dict[str, Any]

    def of(self, kind: str) -> list[Term]:
        """The terms of one kind, in file order."""
        return self.terms.get(kind, [])

    def get(self, ref: Ref) -> Term:
        """The term a reference names (references are checked at load time)."""
        return next(term for term in self.of(ref.kind) if term.slug == ref.slug)

    def __iter__(self) -> Iterator[Term]:
        for kind in sorted(self.terms):
            yield from self.terms[kind]
