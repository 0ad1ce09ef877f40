"""The catalogue of the KG's named resources: every ``smcid:`` individual and ``smc:`` term with its labels.

One query lists each labelled resource with its types and its English and Chinese labels;
:func:`load_catalogue` turns the rows into :class:`Entry` values.  The ``/id/`` index, the
editor's completion, the canned-query parameter choices and the search page read it.
An entry's *kind* is its most specific type: ``skos:Concept`` and ``owl:NamedIndividual``
only count when the resource has no other type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin
from rdflib import OWL, SKOS

from smckg.server.store.supervised import SupervisedStore as Store
from smckg.vocab import SMC, SMCID

#: Types that say little about a resource; used as its kind only when it has no other.
GENERIC_TYPES = frozenset({str(SKOS.Concept), str(OWL.NamedIndividual), str(OWL.Thing)})
#: The letter of labels that start with neither a Latin letter nor a Chinese character.
OTHER_LETTER = "#"

CATALOGUE_QUERY = f"""
PREFIX skos: <{SKOS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?resource ?type ?label_en ?label_zh WHERE {{
  {{ ?resource skos:prefLabel ?any }} UNION {{ ?resource rdfs:label ?any }}
  FILTER(isIRI(?resource) && (STRSTARTS(STR(?resource), "{SMCID}")
                              || STRSTARTS(STR(?resource), "{SMC._NS}")))
  OPTIONAL {{ ?resource a ?type }}
  OPTIONAL {{ ?resource skos:prefLabel|rdfs:label ?label_en FILTER(langMatches(lang(?label_en), "en")) }}
  OPTIONAL {{ ?resource skos:prefLabel|rdfs:label ?label_zh FILTER(langMatches(lang(?label_zh), "zh")) }}
}}
"""


@dataclass
class Entry:
    """A named resource: its IRI, types and labels by language."""

    iri: str
    types: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The most specific type (IRI), '' when untyped."""
        specific = sorted(self.types - GENERIC_TYPES)
        return specific[0] if specific else min(self.types, default="")

    @property
    def local(self) -> bool:
        """Whether the resource is an ``smcid:`` individual (else an ``smc:`` term)."""
        return self.iri.startswith(str(SMCID))

    def label(self, lang: str) -> str:
        """The label in ``lang``, else in the other language, else the IRI's last part."""
        other = "zh" if lang == "en" else "en"
        return self.labels.get(lang) or self.labels.get(other) or short_name(self.iri)


def short_name(iri: str) -> str:
    """``smcid:path`` or ``smc:Term`` for our IRIs, else the IRI."""
    for prefix, base in (("smcid", str(SMCID)), ("smc", str(SMC._NS))):
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def entries(rows: Iterable[Mapping[str, str]]) -> list[Entry]:
    """The entries from the catalogue query's rows (one row per type and label pair)."""
    found: dict[str, Entry] = {}
    for row in rows:
        entry = found.setdefault(row["resource"], Entry(row["resource"]))
        if row.get("type"):
            entry.types.add(row["type"])
        for lang in ("en", "zh"):
            text = row.get(f"label_{lang}")
            if text and (lang not in entry.labels or text < entry.labels[lang]):
                entry.labels[lang] = text
    return sorted(found.values(), key=lambda entry: entry.iri)


def load_catalogue(store: Store) -> list[Entry]:
    """Every labelled ``smcid:`` and ``smc:`` resource of the store."""
    result = store.query(CATALOGUE_QUERY)
    return entries({name: term.value for name, term in row.items()} for row in result.bindings())


def initial(text: str, lang: str) -> str:
    """The A-Z letter a label is filed under: its first Latin letter, or its pinyin's for Chinese."""
    text = text.strip()
    if not text:
        return OTHER_LETTER
    first = text[0]
    if lang == "zh" and not first.isascii():
        first = (lazy_pinyin(first, style=Style.FIRST_LETTER) or [OTHER_LETTER])[0][:1]
    first = first.upper()
    return first if "A" <= first <= "Z" else OTHER_LETTER


def sort_key(text: str, lang: str) -> str:
    """How labels are ordered in a listing: by pinyin for Chinese, case-blind otherwise."""
    if lang == "zh":
        return " ".join(lazy_pinyin(text)).casefold()
    return text.casefold()
