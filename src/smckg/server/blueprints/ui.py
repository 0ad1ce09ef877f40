"""The web UI: the query page at ``/``, the matrix page, the site's assets and the browser components.

The SPARQL editor is Yasqe and the results view Yasr (the two halves of YASGUI, npm
``@zazuko/yasqe`` and ``@zazuko/yasr``), the charts Chart.js, the pivot PivotTable.js (with
jQuery and jQuery UI); ``make ui`` installs them into
``server/node_modules`` and they are served from there at ``/vendor/<file>`` under a fixed
list of names -- never from a CDN.  Without them the page falls back to a plain text area.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, has_request_context, request, send_file, url_for

from smckg.paths import SERVER_ASSETS_DIR
from smckg.queryfiles import Parameter, QueryFile
from smckg.server.blueprints.queries_api import canned
from smckg.server.caching import cached_per_build
from smckg.server.catalogue import Entry, load_catalogue
from smckg.server.context import get_config, get_store
from smckg.server.i18n import lang_chosen, page_context, pick_language, render_page, strings
from smckg.server.matrix import load_matrix
from smckg.server.render import OUTPUT_PREFIXES
from smckg.server.short_names import namespace_for
from smckg.vocab import SMC, SMCID

blueprint = Blueprint("ui", __name__, static_folder="../static", static_url_path="/assets")

NODE_MODULES = SERVER_ASSETS_DIR / "node_modules"
YASQE_BUILD = NODE_MODULES / "@zazuko" / "yasqe" / "build"
YASR_BUILD = NODE_MODULES / "@zazuko" / "yasr" / "build"
#: The components' files the UI may load, by the name they are served under.
VENDOR_FILES: dict[str, tuple[Path, str]] = {
    "yasqe.min.js": (YASQE_BUILD / "yasqe.min.js", "text/javascript"),
    "yasqe.min.css": (YASQE_BUILD / "yasqe.min.css", "text/css"),
    "yasr.min.js": (YASR_BUILD / "yasr.min.js", "text/javascript"),
    "yasr.min.css": (YASR_BUILD / "yasr.min.css", "text/css"),
    "chart.umd.min.js": (NODE_MODULES / "chart.js" / "dist" / "chart.umd.min.js", "text/javascript"),
    "jquery.min.js": (NODE_MODULES / "jquery" / "dist" / "jquery.min.js", "text/javascript"),
    "jquery-ui.min.js": (NODE_MODULES / "jquery-ui" / "dist" / "jquery-ui.min.js", "text/javascript"),
    "pivot.min.js": (NODE_MODULES / "pivottable" / "dist" / "pivot.min.js", "text/javascript"),
    "pivot.zh.min.js": (NODE_MODULES / "pivottable" / "dist" / "pivot.zh.min.js", "text/javascript"),
    "pivot.min.css": (NODE_MODULES / "pivottable" / "dist" / "pivot.min.css", "text/css"),
}
#: Prefixes the editor declares on use and the results view abbreviates with.
EDITOR_PREFIXES = {**OUTPUT_PREFIXES, "smcid": str(SMCID)}
DEFAULT_EXAMPLE = "cases-by-transition"


@blueprint.app_context_processor
def _page_context() -> dict[str, Any]:
    return page_context() if has_request_context() else {}


def editor_installed() -> bool:
    """Whether ``make ui`` has put the components' files in place."""
    return all(path.is_file() for path, _ in VENDOR_FILES.values())


def editor_text(query: QueryFile) -> str:
    """The query as the editor shows it: without its ``#+`` header, which the page shows."""
    lines = query.text.splitlines()
    while lines and (lines[0].startswith("#+") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines) + "\n"


def choices(param: Parameter, catalogue: list[Entry]) -> list[dict[str, Any]]:
    """The values an IRI parameter offers: the resources of its default's kind in its namespace.

    Each is given by its short name in that namespace (see :mod:`smckg.server.short_names`).
    """
    if param.kind != "iri":
        return []
    namespace = namespace_for(param)
    kind = next((entry.kind for entry in catalogue if entry.iri == param.default), None)
    return [{"value": entry.iri[len(namespace):], "iri": entry.iri, "labels": entry.labels}
            for entry in catalogue
            if entry.iri.startswith(namespace) and "/" not in entry.iri[len(namespace):]
            and kind in (None, entry.kind)]


def example(query: QueryFile, catalogue: list[Entry]) -> dict[str, Any]:
    """What the page's script needs to know of one canned query."""
    return {
        "name": query.name, "summary": query.summary, "summary_zh": query.summary_zh,
        "text": editor_text(query),
        "params": [{"name": p.name, "kind": p.kind, "optional": p.optional, "default": p.default,
                    "description": p.description, "description_zh": p.description_zh,
                    "choices": choices(p, catalogue)}
                   for p in query.params],
    }


def page_config(examples: list[dict[str, Any]]) -> dict[str, Any]:
    """The query page's settings for its script (written into the page as JSON)."""
    lang = pick_language(request)
    return {
        "lang": lang, "langParam": lang if lang_chosen() else "",
        "strings": strings(lang), "examples": examples,
        "endpoint": url_for("sparql.endpoint").rstrip("/"), "api": url_for("queries_api.listing") + "/",
        "idBase": str(SMCID), "ontologyBase": str(SMC._NS), "defaultExample": DEFAULT_EXAMPLE,
        "prefixes": EDITOR_PREFIXES, "terms": url_for("browse.terms"),
    }


@blueprint.get("/")
@cached_per_build
def index() -> Response:
    """The query page: examples, the editor and the results."""
    catalogue = load_catalogue(get_store())
    examples = [example(query, catalogue) for query in canned().values()]
    first = next((e for e in examples if e["name"] == DEFAULT_EXAMPLE), None)
    return render_page("index.html", examples=examples, config=page_config(examples),
                       yasqe=editor_installed(), initial_query=first["text"] if first else "",
                       endpoint_url=get_config().base_url + "/sparql")


@blueprint.get("/matrix")
@cached_per_build
def matrix() -> Response:
    """The 7x3 matrix with the cases drawn as moves between phases."""
    return render_page("matrix.html", matrix=load_matrix(get_store(), canned()))


@blueprint.get("/vendor/<name>")
def vendor(name: str) -> Response:
    """One of the editor's files from ``server/node_modules``, by its fixed name."""
    if name not in VENDOR_FILES or not VENDOR_FILES[name][0].is_file():
        abort(404)
    path, mimetype = VENDOR_FILES[name]
    return send_file(path, mimetype=mimetype, max_age=86400)
