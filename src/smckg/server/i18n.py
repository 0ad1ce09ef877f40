"""The web UI's strings in English and Chinese, the language of a request, bilingual pages.

The language is ``?lang=en|zh`` when given, else the best match of ``Accept-Language``,
else English.  Pages carry an explicit ``?lang`` on to their own links, so no cookie is
needed, and every page says ``Vary: Accept-Language`` so a cache never mixes languages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Request, Response, render_template, request, url_for

from smckg.vocab import SMC, SMCID

LANGUAGES = ("en", "zh")
DEFAULT = "en"

STRINGS: dict[str, tuple[str, str]] = {
    # --- site
    "site_title": ("SMC digital transformation knowledge graph", "中小城市数字化转型知识图谱"),
    "site_short": ("SMC-DT KG", "中小城市数字化转型图谱"),
    "nav_query": ("Query", "查询"),
    "nav_matrix": ("Matrix", "矩阵"),
    "nav_ontology": ("Ontology", "本体"),
    "nav_mappings": ("Mappings", "映射"),
    "nav_downloads": ("Downloads", "下载"),
    "nav_api": ("API", "API"),
    "switch_language": ("中文", "English"),
    "footer": ("Data: CC BY 4.0 · generated from the curated records of smc-kg",
               "数据：CC BY 4.0 · 由 smc-kg 整理的记录生成"),
    # --- search
    "search_placeholder": ("Search terms (English, 中文, pinyin)…",
                           "搜索术语（中文、English、拼音）…"),
    "search_label": ("Search the knowledge graph", "搜索知识图谱"),
    # --- query page
    "editor_heading": ("SPARQL query", "SPARQL 查询"),
    "examples_heading": ("Example questions", "示例问题"),
    "examples_hint": ("Pick a question to load its query.", "选择一个问题即可载入其查询。"),
    "parameters_heading": ("Parameters", "参数"),
    "parameters_hint": ("Bound by the server when the example runs unchanged.",
                        "示例查询未修改时，参数由服务器绑定。"),
    "run": ("Run query", "运行查询"),
    "running": ("Running…", "正在运行…"),
    "results_heading": ("Results", "结果"),
    "no_results": ("No results.", "没有结果。"),
    "rows": ("rows", "行"),
    "truncated": ("The result was cut at the row limit.", "结果已在行数上限处截断。"),
    "download": ("Download", "下载"),
    "ask_true": ("Yes (true)", "是（true）"),
    "ask_false": ("No (false)", "否（false）"),
    "error": ("Error", "错误"),
    "endpoint_note": ("Endpoint for your own clients:", "供您自己的客户端使用的端点："),
    # --- resource pages
    "label_en": ("English label", "英文标签"),
    "label_zh": ("Chinese label", "中文标签"),
    "alt_labels": ("Other labels", "其他标签"),
    "definition": ("Definition", "定义"),
    "types": ("Types", "类型"),
    "type": ("Type", "类型"),
    "outgoing": ("Statements about this resource", "关于该资源的陈述"),
    "incoming": ("Resources linking here", "链接到此处的资源"),
    "property": ("Property", "属性"),
    "value": ("Value", "值"),
    "subject": ("Resource", "资源"),
    "provenance": ("Provenance in the reports", "报告中的出处"),
    "section": ("Section", "章节"),
    "lines": ("Lines", "行号"),
    "external_matches": ("External matches", "外部对应"),
    "other_formats": ("Other formats", "其他格式"),
    "iri": ("IRI", "IRI"),
    "not_found_title": ("Not found", "未找到"),
    "not_found_text": ("The knowledge graph holds nothing about this address.",
                       "知识图谱中没有关于此地址的任何内容。"),
    # --- ontology, downloads
    "classes": ("Classes", "类"),
    "object_properties": ("Object properties", "对象属性"),
    "datatype_properties": ("Datatype properties", "数据属性"),
    "annotation_properties": ("Annotation properties", "注释属性"),
    "domain": ("Domain", "定义域"),
    "range": ("Range", "值域"),
    "superclasses": ("Subclass of", "父类"),
    "superproperties": ("Subproperty of", "父属性"),
    "equivalent_classes": ("Equivalent to", "等价于"),
    "disjoint_with": ("Disjoint with", "不相交于"),
    "inverse_of": ("Inverse of", "逆属性"),
    "characteristics": ("Characteristics", "特性"),
    "version": ("Version", "版本"),
    "downloads_title": ("Downloads", "下载"),
    "downloads_intro": ("The dumps of the current build.", "当前构建版本的数据转储文件。"),
    "file": ("File", "文件"),
    "media_type": ("Media type", "媒体类型"),
    "size": ("Size", "大小"),
    "bytes": ("bytes", "字节"),
    "build_id": ("Build", "构建"),
    "triples": ("triples", "个三元组"),
    # --- matrix
    "matrix_title": ("The 7×3 matrix: functional areas by maturity phases",
                     "7×3 矩阵：功能领域 × 成熟度阶段"),
    "matrix_intro": ("Each cell is the key feature of an area at a phase; the bars show the "
                     "city cases moving from one phase to another in their area.",
                     "每一格是某一功能领域在某一阶段的关键特征；横条表示各城市案例在其所属领域中"
                     "从一个阶段走向另一个阶段。"),
    "area": ("Functional area", "功能领域"),
    # --- API docs
    "api_title": ("Web API", "Web API"),
    "api_intro": ("Every question in queries/ is a GET route with typed parameters; the "
                  "OpenAPI document is at", "queries/ 中的每个问题都是带类型参数的 GET 路由；"
                  "OpenAPI 文档位于"),
    "parameters": ("Parameters", "参数"),
    "required": ("required", "必填"),
    "optional": ("optional", "可选"),
    "default": ("default", "默认值"),
    "try_it": ("Try it", "试一试"),
    "responses": ("Responses", "响应"),
}


def pick_language(request: Request) -> str:
    """``?lang`` when it names a supported language, else ``Accept-Language``, else English."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT) or DEFAULT


def strings(lang: str) -> dict[str, str]:
    """Every UI string in ``lang``."""
    position = LANGUAGES.index(lang)
    return {key: pair[position] for key, pair in STRINGS.items()}


def other(lang: str) -> str:
    """The other supported language."""
    return LANGUAGES[1 - LANGUAGES.index(lang)]


def choose(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang`` from a language -> text mapping, else the other language, else ''."""
    return texts.get(lang) or texts.get(other(lang)) or next(iter(texts.values()), "")


def lang_chosen() -> bool:
    """Whether the request names its language explicitly (``?lang``)."""
    return request.args.get("lang", "") in LANGUAGES


def lang_url(endpoint: str, **values: Any) -> str:
    """``url_for`` that keeps an explicitly chosen ``?lang``."""
    if lang_chosen():
        values.setdefault("lang", request.args["lang"])
    return url_for(endpoint, **values)


def switch_url(lang: str) -> str:
    """This page's URL in the other language."""
    args = {**request.args.to_dict(flat=False), "lang": other(lang)}
    if request.endpoint is None or request.url_rule is None:
        return f"{request.path}?lang={other(lang)}"
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def href(iri: str) -> str:
    """Where a page links an IRI: our individuals and terms locally, anything else as it is."""
    ontology = str(SMC._NS)
    if iri.startswith(str(SMCID)) and len(iri) > len(str(SMCID)):
        path = iri[len(str(SMCID)):]
        return lang_url("resources.resource", path=path)
    if iri.startswith(ontology):
        return lang_url("resources.ontology") + "#" + iri[len(ontology):]
    return iri


def page_context() -> dict[str, Any]:
    """What every page template needs: language, strings, switch and link helpers."""
    lang = pick_language(request)
    helpers: dict[str, Callable[..., str]] = {"lang_url": lang_url, "href": href}
    return {"lang": lang, "t": strings(lang), "other_lang": other(lang), "t_other": strings(other(lang)),
            "lang_chosen": lang_chosen(), "switch_url": switch_url(lang),
            "choose": choose, "id_base": str(SMCID), **helpers}


def render_page(template: str, *, status: int = 200, **context: Any) -> Response:
    """An HTML page in the request's language, varying by ``Accept-Language``."""
    response = Response(render_template(template, **context), status=status,
                        mimetype="text/html")
    response.vary.add("Accept-Language")
    return response
