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
    "nav_browse": ("Browse", "浏览"),
    "nav_matrix": ("Matrix", "矩阵"),
    "nav_charts": ("Charts", "图表"),
    "nav_ontology": ("Ontology", "本体"),
    "nav_mappings": ("Mappings", "映射"),
    "nav_downloads": ("Downloads", "下载"),
    "nav_coverage": ("Coverage", "覆盖情况"),
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
    "param_other": ("Other… (type an IRI or short name)", "其他…（输入 IRI 或简称）"),
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
    "share_note": ("The address of this page keeps the query you ran: copy it to share.",
                   "本页地址会保存您运行的查询：复制即可分享。"),
    "results_info": ("{rows} rows in {seconds} s", "{rows} 行，用时 {seconds} 秒"),
    "response_info": ("Answered in {seconds} s", "用时 {seconds} 秒"),
    "view_table": ("Table", "表格"),
    "view_response": ("Response", "原始响应"),
    "view_chart": ("Chart", "图表"),
    "view_pivot": ("Pivot", "透视表"),
    "chart_bars": ("Bars:", "条目："),
    "chart_values": ("Values:", "数值："),
    "chart_group": ("Split by:", "分组："),
    "yasr_simple": ("Simple view", "简洁视图"),
    "yasr_ellipse": ("Shorten long values", "缩略长值"),
    "yasr_filter": ("Filter query results", "筛选查询结果"),
    "yasr_page_size": ("Page size: ", "每页行数："),
    "yasr_download": ("Download result", "下载结果"),
    "dt_info": ("Rows _START_ to _END_ of _TOTAL_", "第 _START_ 至 _END_ 行，共 _TOTAL_ 行"),
    "dt_info_empty": ("No rows", "没有行"),
    "dt_info_filtered": ("(filtered from _MAX_ rows)", "（从 _MAX_ 行中筛选）"),
    "dt_zero": ("No matching rows", "没有匹配的行"),
    "dt_first": ("First", "首页"),
    "dt_last": ("Last", "末页"),
    "dt_next": ("Next", "下一页"),
    "dt_previous": ("Previous", "上一页"),
    # --- browsing and search
    "browse_title": ("All resources by type", "按类型浏览全部资源"),
    "browse_intro": ("Every named resource of the knowledge graph, filed by type; the letters "
                     "keep the labels that start with one letter (Chinese by pinyin).",
                     "知识图谱中的每个命名资源，按类型归档；字母索引只显示以该字母开头的名称"
                     "（中文按拼音）。"),
    "browse_hierarchy": ("The framework's hierarchy", "框架的层级结构"),
    "browse_letters": ("Index by first letter", "按首字母索引"),
    "browse_all": ("All", "全部"),
    "browse_resources": ("resources", "个资源"),
    "search_title": ("Search", "搜索"),
    "search_empty": ("Type a term in the search box above.", "请在上方搜索框中输入术语。"),
    "search_none": ("Nothing found.", "未找到任何结果。"),
    "search_hits": ("terms found", "个术语"),
    "hierarchy": ("Hierarchy", "层级结构"),
    "hierarchy_areas": ("Functional areas and their key features by phase",
                        "功能领域及其各阶段的关键特征"),
    "hierarchy_phases": ("Maturity phases", "成熟度阶段"),
    "hierarchy_challenges": ("Challenges by dimension", "按方面划分的挑战"),
    "hierarchy_cases": ("Cases by functional area", "按功能领域划分的案例"),
    # --- charts
    "charts_title": ("The framework in charts", "图表中的框架"),
    "charts_intro": ("Each chart is drawn from a canned query; open the query to change it.",
                     "每张图表都由一个预置查询绘制；打开查询即可修改。"),
    "chart_challenges": ("The 17 challenges by mean score", "17 项挑战的平均得分"),
    "chart_areas": ("Functional areas by priority rank (1 = most concern)",
                    "功能领域的优先级排名（1 = 最受关注）"),
    "chart_assessment": ("Assessed cities by phase in each area", "各功能领域中自评城市所处阶段的分布"),
    "chart_matrix": ("The 21 key features as the 7×3 matrix", "21 项关键特征构成的 7×3 矩阵"),
    "chart_query": ("Open the query", "打开查询"),
    "chart_no_data": ("This build holds no assessment data, so every count is zero.",
                      "本次构建不含自评数据，因此所有计数均为零。"),
    "chart_mean": ("Mean score", "平均得分"),
    "chart_median": ("Median score", "中位数得分"),
    "chart_rank": ("Priority rank", "优先级排名"),
    "chart_cities": ("Cities in the phase now", "目前处于该阶段的城市数"),
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
    "coverage_title": ("Coverage of the sources", "来源覆盖情况"),
    "coverage_intro": ("For each numbered section, table and figure of each source: its lines, what it holds "
                       "and the knowledge-graph resources drawn from it, or why there are none.",
                       "每个来源的每个编号章节、表格和图：所在行、所含结构，以及由其得出的知识图谱资源；若无资源则说明原因。"),
    "coverage_missing": ("This build was made without the report texts, so it has no coverage report.",
                         "本次构建未使用报告文本，因此没有覆盖报告。"),
    "coverage_part": ("Part", "部分"),
    "coverage_lines": ("Lines", "行"),
    "coverage_structure": ("Structure", "结构"),
    "coverage_resources": ("Resources", "资源"),
    "coverage_gaps": ("Parts with structure and no resource or reason", "有结构却既无资源也无说明的部分"),
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
    "try_result": ("Response", "响应"),
    "namespace": ("Namespace", "命名空间"),
    "licence": ("Licence", "许可"),
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
