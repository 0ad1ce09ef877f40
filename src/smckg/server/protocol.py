"""Reading a SPARQL 1.1 Protocol query operation from an HTTP request.

Accepted: GET with ``query``; POST ``application/x-www-form-urlencoded`` with ``query``
in the body; POST ``application/sparql-query`` with the query as a UTF-8 body.  The
dataset parameters (``default-graph-uri``, ``named-graph-uri``) are read from the URL
and, for a form, the body too.  Any update operation (an ``update`` parameter or an
``application/sparql-update`` body) is refused as the service is read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request
from werkzeug.datastructures import MultiDict

from smckg.errors import ParameterError
from smckg.server.errors import ReadOnlyError, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class QueryOperation:
    """A query and the dataset the request names for it."""

    query: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()


def read_operation(request: Request) -> QueryOperation | None:
    """The request's query operation; None for a GET that asks for none (service description)."""
    if request.method == "GET":
        return _from_parameters(request.args, request.args, required=False)
    if request.mimetype == FORM:
        return _from_parameters(request.form, _merged(request.args, request.form), required=True)
    if request.mimetype == SPARQL_QUERY:
        return _direct(request)
    if request.mimetype == SPARQL_UPDATE:
        raise ReadOnlyError()
    raise UnsupportedMediaType(request.content_type or "")


def _merged(*sources: MultiDict[str, str]) -> MultiDict[str, str]:
    merged: MultiDict[str, str] = MultiDict()
    for source in sources:
        for key, value in source.items(multi=True):
            merged.add(key, value)
    return merged


def _from_parameters(
    parameters: MultiDict[str, str], dataset: MultiDict[str, str], *, required: bool
) -> QueryOperation | None:
    if "update" in parameters:
        raise ReadOnlyError()
    queries = parameters.getlist("query")
    if not queries and not required:
        return None
    if len(queries) != 1:
        raise ParameterError(
            f"exactly one query parameter is expected, got {len(queries)}",
            f"应恰好有一个 query 参数，实际为 {len(queries)} 个",
            where="query",
        )
    return _operation(queries[0], dataset)


def _direct(request: Request) -> QueryOperation:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in {"utf-8", "utf8"}:
        raise UnsupportedMediaType(request.content_type or "")
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParameterError(
            f"the query body is not UTF-8 (byte {error.start})",
            f"查询请求体不是 UTF-8 编码（第 {error.start} 字节）",
            where="body",
        ) from None
    return _operation(text, request.args)


def _operation(query: str, dataset: MultiDict[str, str]) -> QueryOperation:
    if not query.strip():
        raise ParameterError("the query is empty", "查询为空", where="query")
    return QueryOperation(
        query,
        tuple(dataset.getlist("default-graph-uri")),
        tuple(dataset.getlist("named-graph-uri")),
    )
