"""Browsing: ``/id/`` lists every named resource by type with an A-Z index, ``/search`` lists hits.

The index files each resource under the first letter of its label in the page's language
(pinyin initials for Chinese) and groups it by its most specific type; ``?letter=K`` keeps
one letter.  ``/search?q=`` is the page the header's search box opens on Enter: the hits of
the lookup API (English, Chinese, pinyin) as a list of links.  ``/api/terms`` gives the
query editor the catalogue to complete from.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from flask import Blueprint, Response, jsonify, request

from smckg.errors import ParameterError
from smckg.lookup import lookup
from smckg.server.blueprints.lookup import lookup_index
from smckg.server.caching import cached_per_build
from smckg.server.catalogue import OTHER_LETTER, Entry, initial, load_catalogue, sort_key
from smckg.server.context import get_store
from smckg.server.describe import curie
from smckg.server.i18n import pick_language, render_page

blueprint = Blueprint("browse", __name__)

LETTERS = (*string.ascii_uppercase, OTHER_LETTER)
#: Most hits the search page lists.
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Group:
    """The resources of one type, in label order."""

    kind: str
    labels: dict[str, str]
    entries: tuple[Entry, ...]


def groups(catalogue: list[Entry], lang: str, letter: str | None) -> list[Group]:
    """The ``smcid:`` resources by kind (kinds in label order), optionally of one letter only."""
    by_iri = {entry.iri: entry for entry in catalogue}
    kinds: dict[str, list[Entry]] = {}
    for entry in catalogue:
        if entry.local and (letter is None or initial(entry.label(lang), lang) == letter):
            kinds.setdefault(entry.kind, []).append(entry)
    found = [Group(kind, by_iri[kind].labels if kind in by_iri else {"en": curie(kind)},
                   tuple(sorted(members, key=lambda e: sort_key(e.label(lang), lang))))
             for kind, members in kinds.items()]
    return sorted(found, key=lambda group: sort_key(_label(group.labels, lang), lang))


def _label(labels: dict[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()), "")


def letters_used(catalogue: list[Entry], lang: str) -> set[str]:
    """The letters under which at least one ``smcid:`` resource is filed."""
    return {initial(entry.label(lang), lang) for entry in catalogue if entry.local}


def chosen_letter() -> str | None:
    """``?letter`` when it names an index letter; a ParameterError for anything else."""
    letter = request.args.get("letter", "").upper()
    if not letter:
        return None
    if letter not in LETTERS:
        raise ParameterError("letter must be one of A-Z or #", "letter 必须是 A-Z 或 # 之一",
                             where="letter")
    return letter


@blueprint.get("/id/")
@cached_per_build
def index() -> Response:
    """Every named resource of the KG, by type, with the A-Z index of the page's language."""
    lang = pick_language(request)
    catalogue = load_catalogue(get_store())
    letter = chosen_letter()
    shown = groups(catalogue, lang, letter)
    return render_page("browse.html", groups=shown, letters=LETTERS, letter=letter,
                       used=letters_used(catalogue, lang),
                       total=sum(len(group.entries) for group in shown))


@blueprint.get("/search")
def search() -> Response:
    """The search results page: terms matching ``q`` in English, Chinese or pinyin."""
    query = request.args.get("q", "").strip()
    lang = pick_language(request)
    try:
        hits = lookup(lookup_index(), query, lang=lang, limit=SEARCH_LIMIT) if query else []
    except ParameterError as error:
        return render_page("search.html", query=query, search_query=query, hits=[],
                           problem=error.as_dict())
    return render_page("search.html", query=query, search_query=query,
                       hits=[hit.as_dict() for hit in hits])


@blueprint.get("/api/terms")
@cached_per_build
def terms() -> Response:
    """The catalogue for the editor's completion: IRI, kind and labels of each resource."""
    catalogue = load_catalogue(get_store())
    return jsonify({"terms": [{"iri": entry.iri, "kind": entry.kind, "types": sorted(entry.types),
                               "labels": entry.labels}
                              for entry in catalogue]})
