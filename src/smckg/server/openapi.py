"""The service's OpenAPI 3.1 document, generated from the canned query files and fixed routes.

Each ``queries/*.rq`` file becomes the path ``/api/queries/{name}`` with one query parameter
per BASIL-style variable, typed from its suffix (IRI, integer, decimal, language-tagged or
plain string) and described in English and Chinese (``x-description-zh``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from smckg.queryfiles import Parameter, QueryFile
from smckg.vocab import SMCID

VERSION = "3.1.0"
SELECT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values")
GRAPH_TYPES = ("text/turtle", "application/ld+json", "application/n-triples",
               "application/rdf+xml")
ERROR_REF = {"$ref": "#/components/responses/Error"}
KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string"},  # an absolute IRI, a CURIE or a short name
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "en": {"type": "string"},
    "zh": {"type": "string"},
    "string": {"type": "string"},
}
KIND_NOTES = {
    "iri": ("an absolute IRI, a CURIE (smcid:area/governance) or a short name (governance)",
            "绝对 IRI、CURIE（smcid:area/governance）或简称（governance）"),
    "integer": ("an integer (xsd:integer)", "整数（xsd:integer）"),
    "decimal": ("a decimal number (xsd:decimal)", "小数（xsd:decimal）"),
    "en": ("text, bound as an English literal (@en)", "文本，绑定为英文字面量（@en）"),
    "zh": ("text, bound as a Chinese literal (@zh)", "文本，绑定为中文字面量（@zh）"),
    "string": ("text, bound as a plain literal", "文本，绑定为普通字面量"),
}


def _bilingual(en: str, zh: str) -> dict[str, str]:
    return {"description": f"{en}\n\n{zh}", "x-description-zh": zh}


def _content(types: Iterable[str], schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {media_type: {"schema": schema or {}} for media_type in types}


def parameter(param: Parameter) -> dict[str, Any]:
    """The OpenAPI query parameter of a canned query's parameter."""
    note_en, note_zh = KIND_NOTES[param.kind]
    en = f"{param.description or param.name} ({note_en})"
    zh = f"{param.description_zh or param.name}（{note_zh}）"
    schema = dict(KIND_SCHEMAS[param.kind])
    if param.default is not None:
        schema["default"] = int(param.default) if param.kind == "integer" else param.default
    return {"name": param.name, "in": "query", "required": param.default is None and not param.optional,
            "schema": schema, **_bilingual(en, zh), "x-sparql-variable": f"?{param.variable}"}


def query_operation(query: QueryFile) -> dict[str, Any]:
    """The GET operation of one canned query."""
    return {
        "operationId": f"query_{query.name.replace('-', '_')}",
        "tags": ["canned queries"],
        "summary": query.summary,
        "x-summary-zh": query.summary_zh,
        **_bilingual(query.summary, query.summary_zh),
        "parameters": [parameter(param) for param in query.params],
        "responses": {
            "200": {"description": "SPARQL results (JSON by default; Accept picks another format)",
                    "content": _content(SELECT_TYPES)},
            "400": ERROR_REF, "406": ERROR_REF, "503": ERROR_REF,
        },
    }


def _sparql_paths() -> dict[str, Any]:
    query_param = {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                   **_bilingual("a SPARQL 1.1 query; without it, the service description",
                                "SPARQL 1.1 查询；省略时返回服务描述")}
    results = {"description": "results: SELECT/ASK as SPARQL results, CONSTRUCT/DESCRIBE as RDF",
               "content": _content((*SELECT_TYPES, *GRAPH_TYPES))}
    errors = {code: ERROR_REF for code in ("400", "403", "406", "413", "415", "503")}
    form = {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}
    return {"/sparql": {
        "get": {"operationId": "sparql_get", "tags": ["SPARQL"],
                "summary": "SPARQL 1.1 Protocol query (read-only)", "x-summary-zh": "SPARQL 1.1 协议查询（只读）",
                "parameters": [query_param], "responses": {"200": results, **errors}},
        "post": {"operationId": "sparql_post", "tags": ["SPARQL"],
                 "summary": "SPARQL 1.1 Protocol query by POST", "x-summary-zh": "以 POST 发送 SPARQL 1.1 查询",
                 "requestBody": {"required": True, "content": {
                     "application/x-www-form-urlencoded": {"schema": form},
                     "application/sparql-query": {"schema": {"type": "string"}}}},
                 "responses": {"200": results, **errors}},
    }}


def _lookup_paths() -> dict[str, Any]:
    def param(name: str, schema: dict[str, Any], en: str, zh: str, required: bool = False) -> dict:
        return {"name": name, "in": "query", "required": required, "schema": schema,
                **_bilingual(en, zh)}

    json_body = {"application/json": {"schema": {"type": "object"}}}
    return {
        "/api/lookup": {"get": {
            "operationId": "lookup", "tags": ["lookup"],
            "summary": "Find terms by label (English, Chinese, pinyin)",
            "x-summary-zh": "按标签查找术语（英文、中文、拼音）",
            "parameters": [
                param("q", {"type": "string"}, "the text to look up", "要查找的文本", True),
                param("lang", {"type": "string", "enum": ["en", "zh"]}, "display language", "显示语言"),
                param("type", {"type": "string"}, "only terms of these types (comma-separated)",
                      "仅限这些类型的术语（逗号分隔）"),
                param("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                      "most hits returned", "返回结果的最大数量"),
            ],
            "responses": {"200": {"description": "hits, best first", "content": json_body},
                          "400": ERROR_REF, "503": ERROR_REF},
        }},
        "/api/annotate": {"post": {
            "operationId": "annotate", "tags": ["lookup"],
            "summary": "Find the framework's terms mentioned in a text",
            "x-summary-zh": "找出文本中提及的框架术语",
            "requestBody": {"required": True, "content": {
                "text/plain": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object",
                                                 "properties": {"text": {"type": "string"}}}}}},
            "responses": {"200": {"description": "mentions", "content": json_body},
                          "400": ERROR_REF, "413": ERROR_REF, "415": ERROR_REF, "503": ERROR_REF},
        }},
    }


def _resource_paths() -> dict[str, Any]:
    path_param = {"name": "path", "in": "path", "required": True, "schema": {"type": "string"},
                  **_bilingual(f"the IRI's path under {SMCID}, e.g. area/governance",
                               f"IRI 在 {SMCID} 之下的路径，如 area/governance")}
    fmt = {"name": "format", "in": "query", "required": False,
           "schema": {"type": "string", "enum": ["html", "ttl", "jsonld", "nt", "rdf"]},
           **_bilingual("the format, instead of the Accept header", "输出格式（代替 Accept 请求头）")}
    return {
        "/id/{path}": {"get": {
            "operationId": "resource", "tags": ["linked data"],
            "summary": "A resource of the knowledge graph (content negotiation)",
            "x-summary-zh": "知识图谱中的资源（内容协商）",
            "parameters": [path_param, fmt],
            "responses": {"200": {"description": "the resource's description",
                                  "content": _content(("text/html", *GRAPH_TYPES))},
                          "404": {"description": "no such resource / 无此资源"}, "406": ERROR_REF,
                          "503": ERROR_REF},
        }},
        "/healthz": {"get": {
            "operationId": "healthz", "tags": ["operations"],
            "summary": "Whether queries are answered, and which build is served",
            "x-summary-zh": "查询是否可用，以及正在提供的构建版本",
            "responses": {"200": {"description": "healthy / 正常",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                          "503": {"description": "unavailable / 不可用"}},
        }},
    }


def _components() -> dict[str, Any]:
    error = {"type": "object", "required": ["error", "en", "zh"], "properties": {
        "status": {"type": "integer"}, "error": {"type": "string"},
        "en": {"type": "string"}, "zh": {"type": "string"},
        "where": {"type": ["string", "null"]}}}
    return {
        "schemas": {"Error": error},
        "responses": {"Error": {"description": "an error, in English and Chinese / 错误（中英文）",
                                "content": {"application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}}}}},
    }


def openapi_document(queries: Iterable[QueryFile]) -> dict[str, Any]:
    """The whole OpenAPI document."""
    listing = {"get": {"operationId": "list_queries", "tags": ["canned queries"],
                       "summary": "Every canned query with its parameters",
                       "x-summary-zh": "所有预置查询及其参数",
                       "responses": {"200": {"description": "the list",
                                             "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    paths: dict[str, Any] = {**_sparql_paths(), "/api/queries": listing}
    for query in queries:
        paths[f"/api/queries/{query.name}"] = {"get": query_operation(query)}
    paths.update(_lookup_paths())
    paths.update(_resource_paths())
    return {
        "openapi": VERSION,
        "info": {"title": "SMC digital transformation knowledge graph API",
                 "x-title-zh": "中小城市数字化转型知识图谱 API", "version": "0.1.0",
                 **_bilingual("Read-only SPARQL endpoint, canned questions, term lookup and linked data.",
                              "只读 SPARQL 端点、预置问题、术语查找与关联数据。"),
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": _components(),
    }
