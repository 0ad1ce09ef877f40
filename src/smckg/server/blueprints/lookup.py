"""The lookup API: term lookup, text annotation and glossary downloads.

``GET /api/lookup?q=&lang=&type=&limit=`` answers JSON hits (also the UI's suggestions),
``POST /api/annotate`` takes ``text/plain`` or JSON ``{"text": ...}`` and answers the
mentions, ``GET /api/glossary.csv|.tbx|.ttl`` downloads the glossary.  The index is read
from the build folder once per app and kept in ``app.extensions["smckg.lookup"]``.
"""

from __future__ import annotations

import json
import threading

from flask import Blueprint, Response, current_app, jsonify, request

from smckg.errors import ParameterError
from smckg.lookup import FORMATS, LookupIndex, TextTooLargeError, annotate, lookup, open_index
from smckg.lookup.annotate import MAX_TEXT
from smckg.lookup.match import MAX_LIMIT
from smckg.server.context import get_config

EXTENSION = "smckg.lookup"
#: Largest annotation request body: MAX_TEXT characters of up to four UTF-8 bytes.
MAX_BODY = 4 * MAX_TEXT
_BY_EXTENSION = {fmt.extension: fmt for fmt in FORMATS.values()}
_LOCK = threading.Lock()

blueprint = Blueprint("lookup", __name__, url_prefix="/api")


class UnsupportedMediaType(ParameterError):
    """The request body is in a media type the endpoint does not read."""

    http_status = 415


def lookup_index() -> LookupIndex:
    """The app's lookup index, read from its build folder on first use."""
    extensions = current_app.extensions
    index = extensions.get(EXTENSION)
    if index is None:
        with _LOCK:
            index = extensions.get(EXTENSION)
            if index is None:
                index = extensions[EXTENSION] = open_index(get_config().out_dir)
    return index


@blueprint.get("/lookup")
def lookup_endpoint() -> Response:
    """Terms matching ``q`` in English, Chinese (simplified or traditional) or pinyin."""
    query = request.args.get("q", "")
    lang = request.args.get("lang") or None
    types = [t for value in request.args.getlist("type") for t in value.split(",")]
    limit = _int_arg("limit", 10)
    hits = lookup(lookup_index(), query, lang=lang, types=types, limit=limit)
    return jsonify({"query": query, "lang": lang, "count": len(hits),
                    "hits": [hit.as_dict() for hit in hits]})


def _int_arg(name: str, default: int) -> int:
    value = request.args.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ParameterError(f"{name} must be a whole number between 1 and {MAX_LIMIT}",
                             f"{name} 必须是 1 到 {MAX_LIMIT} 之间的整数", where=name) from None


@blueprint.post("/annotate")
def annotate_endpoint() -> Response:
    """The mentions of framework terms in the posted text, and the areas and phases touched."""
    text = _posted_text()
    result = annotate(lookup_index(), text)
    return jsonify({"length": len(text), **result.as_dict()})


def _posted_text() -> str:
    if (request.content_length or 0) > MAX_BODY:
        raise _too_large()
    body = request.stream.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise _too_large()
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ParameterError("the body is not UTF-8 text", "请求体不是 UTF-8 文本",
                             where="body") from None
    if request.mimetype == "application/json":
        return _json_text(decoded)
    if request.mimetype in ("", "text/plain"):
        return decoded
    raise UnsupportedMediaType(
        f"send text/plain or application/json, not {request.mimetype}",
        f"请发送 text/plain 或 application/json，而不是 {request.mimetype}", where="Content-Type")


def _json_text(decoded: str) -> str:
    try:
        data = json.loads(decoded)
    except ValueError:
        raise ParameterError("the body is not valid JSON", "请求体不是有效的 JSON",
                             where="body") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ParameterError('send JSON {"text": "..."}', '请发送 JSON {"text": "..."}',
                             where="text")
    return data["text"]


def _too_large() -> TextTooLargeError:
    return TextTooLargeError(f"the text is larger than {MAX_BODY} bytes",
                             f"文本超过 {MAX_BODY} 字节", where="body")


@blueprint.get(f"/glossary.<any({', '.join(sorted(_BY_EXTENSION))}):extension>")
def glossary_endpoint(extension: str) -> Response:
    """The glossary as a download: ``csv``, ``tbx`` (TBX-Basic) or ``ttl`` (SKOS)."""
    fmt = _BY_EXTENSION[extension]
    body = fmt.render(lookup_index()).encode("utf-8")
    return Response(body, mimetype=fmt.media_type.split(";")[0], headers={
        "Content-Type": fmt.media_type,
        "Content-Disposition": f'attachment; filename="smc-dt-glossary.{fmt.extension}"',
    })
