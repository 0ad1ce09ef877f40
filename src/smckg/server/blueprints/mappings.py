"""Pages for the links to other vocabularies: ``/mappings`` and one page and two downloads per target.

``GET /mappings`` lists the targets; ``GET /mappings/<slug>`` shows our terms next to theirs
with the relation and the reason; ``/mappings/<slug>.sssom.tsv`` is the curated SSSOM file
and ``/mappings/<slug>.ttl`` its RDF form.  The rows come from ``kg/mappings``
(``smckg.mappings.table_for``); labels of our terms in the page's language come from the
store when it holds them.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, request, send_file

from smckg.errors import ParameterError
from smckg.mappings import PREDICATES, SUFFIX, MappingSet, find_set, load_mapping_sets, mapping_graph
from smckg.server.context import get_store
from smckg.server.i18n import pick_language, render_page

blueprint = Blueprint("mappings", __name__)

TURTLE_SUFFIX = ".ttl"
#: The pages' own strings, English and Chinese.
STRINGS: dict[str, tuple[str, str]] = {
    "title": ("Links to other vocabularies", "与其他词汇的关联"),
    "intro": ("Each target has a curated SSSOM mapping set: our terms, how they relate to the "
              "target's terms, and why. The links are also part of the knowledge graph.",
              "每个目标词汇都有一份人工整理的 SSSOM 映射集，列出本项目术语、它与目标术语的关系及理由。"
              "这些关联也已并入知识图谱。"),
    "target": ("Target", "目标词汇"),
    "links": ("Links", "关联数"),
    "downloads": ("Downloads", "下载"),
    "our_term": ("Our term", "本项目术语"),
    "relation": ("Relation", "关系"),
    "their_term": ("Their term", "对方术语"),
    "reason": ("Why", "理由"),
    "homepage": ("Home page of the target", "目标词汇主页"),
    "back": ("All targets", "全部目标词汇"),
}
LABELS_QUERY = """
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX owl:     <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?term ?label WHERE {
  ?axiom dcterms:isPartOf ?set ; owl:annotatedSource ?term .
  ?term skos:prefLabel ?label .
  FILTER(lang(?label) = ?lang)
}"""


def page_strings(lang: str) -> dict[str, str]:
    """The strings of these pages in ``lang``."""
    position = 0 if lang == "en" else 1
    return {key: pair[position] for key, pair in STRINGS.items()}


def labels_in_store(mapping_set: MappingSet, lang: str) -> dict[str, str]:
    """Our terms' labels in ``lang`` as the store holds them (empty before a build includes them)."""
    result = get_store().query(LABELS_QUERY, bindings={"set": ox.NamedNode(str(mapping_set.iri)),
                                                       "lang": ox.Literal(lang)})
    return {row["term"].value: row["label"].value for row in result.bindings()}


def rows(mapping_set: MappingSet, lang: str) -> list[dict[str, Any]]:
    """The table of a target page: our term, relation, their term and the reason, in ``lang``."""
    labels = labels_in_store(mapping_set, lang)
    return [{
        "subject": str(m.subject), "subject_label": labels.get(str(m.subject), m.subject_label),
        "relation": getattr(PREDICATES[m.predicate], lang), "predicate": str(m.predicate),
        "object": str(m.object), "object_label": m.object_label,
        "reason": getattr(m.reason, lang),
    } for m in mapping_set.mappings]


@blueprint.get("/mappings")
def index() -> Response:
    """The list of targets, each with its number of links and its downloads."""
    lang = pick_language(request)
    return render_page("mappings/index.html", m=page_strings(lang), sets=load_mapping_sets(),
                       suffix=SUFFIX, turtle=TURTLE_SUFFIX)


@blueprint.get("/mappings/<name>")
def target(name: str) -> Response:
    """A target's page, or its SSSOM file (``.sssom.tsv``) or RDF (``.ttl``)."""
    slug = name.removesuffix(SUFFIX).removesuffix(TURTLE_SUFFIX)
    try:
        mapping_set = find_set(slug, load_mapping_sets())
    except ParameterError:
        abort(404)
    if name.endswith(SUFFIX):
        return send_file(mapping_set.path, mimetype="text/tab-separated-values",
                         download_name=mapping_set.path.name)
    if name.endswith(TURTLE_SUFFIX):
        turtle = mapping_graph([mapping_set]).serialize(format="turtle")
        return Response(turtle, mimetype="text/turtle")
    lang = pick_language(request)
    return render_page("mappings/target.html", m=page_strings(lang), set=mapping_set,
                       rows=rows(mapping_set, lang), suffix=SUFFIX, turtle=TURTLE_SUFFIX)
