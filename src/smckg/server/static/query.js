// The query page: Yasqe (editor) and Yasr (results, with chart and pivot views) from
// node_modules, wired to this service.
// The query and its parameters live in the URL (?query=... or ?example=NAME&param=value),
// written on Run and read on load and on back/forward. Unchanged examples run through
// /api/queries/<name> with bound parameters, anything else through /sparql. The editor
// completes the project's prefixes, ontology terms and individuals (smc-completion.js).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("ui-config").textContent);
  const t = config.strings;
  const examples = new Map(config.examples.map((example) => [example.name, example]));
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  const OTHER = "\u0000other";  // the value of the choice that opens a text box
  const statusEl = document.getElementById("status");
  const paramsBox = document.getElementById("params-box");
  const paramsEl = document.getElementById("params");
  const runButton = document.getElementById("run");
  const resultsEl = document.getElementById("results");
  const langSwitch = document.getElementById("lang-switch");
  let current = null;

  function otherLang() { return config.lang === "zh" ? "en" : "zh"; }

  function labelOf(labels) {
    return labels[config.lang] || labels[otherLang()] || "";
  }

  function localHref(iri) {
    const lang = config.langParam ? "?lang=" + config.langParam : "";
    if (iri.startsWith(config.idBase) && iri.length > config.idBase.length) {
      return "/id/" + iri.slice(config.idBase.length) + lang;
    }
    if (iri.startsWith(config.ontologyBase)) {
      return "/ontology" + lang + "#" + iri.slice(config.ontologyBase.length);
    }
    return null;
  }

  function makeEditor() {
    const textarea = document.getElementById("query-text");
    const Yasqe = window.Yasqe;
    if (typeof Yasqe !== "function") {
      return {
        get: () => textarea.value, set: (text) => { textarea.value = text; },
        onChange: (handler) => textarea.addEventListener("input", handler),
        declarePrefixes: () => {},
      };
    }
    window.SmcCompletion.register(Yasqe, config);
    const host = document.getElementById("editor");
    const initial = textarea.value;
    textarea.remove();
    const yasqe = new Yasqe(host, {
      value: initial, persistenceId: null, consumeShareLink: null, createShareableLink: null,
      showQueryButton: false, resizeable: true, editorHeight: "320px",
      autocompleters: ["smcPrefixes", "smcClasses", "smcIndividuals", "smcProperties", "variables"],
      extraKeys: Object.assign({}, Yasqe.defaults.extraKeys, { "Ctrl-Enter": () => run(true), "Cmd-Enter": () => run(true) }),
      requestConfig: { endpoint: config.endpoint, method: "POST" },
    });
    return {
      get: () => yasqe.getValue(), set: (text) => yasqe.setValue(text),
      onChange: (handler) => yasqe.on("change", handler),
      declarePrefixes: () => {
        const declared = yasqe.getPrefixesFromQuery();
        const missing = window.SmcCompletion.usedPrefixes(yasqe.getValue(), config.prefixes)
          .filter((name) => !(name in declared));
        if (missing.length) yasqe.addPrefixes(Object.fromEntries(missing.map((name) => [name, config.prefixes[name]])));
      },
    };
  }

  // --- results: Yasr with the table, raw response and chart views
  function makeResults() {
    const Yasr = window.Yasr && (window.Yasr.default || window.Yasr);
    if (typeof Yasr !== "function") return null;
    window.SmcYasrChart.register(Yasr, t);
    window.SmcYasrPivot.register(Yasr, t, config.lang);
    Yasr.plugins.table.defaults.tableConfig.language = {
      info: t.dt_info, infoEmpty: t.dt_info_empty, infoFiltered: t.dt_info_filtered,
      zeroRecords: t.dt_zero, emptyTable: t.no_results,
      paginate: { first: t.dt_first, last: t.dt_last, next: t.dt_next, previous: t.dt_previous },
    };
    Yasr.plugins.table.defaults.openIriInNewWindow = false;
    const yasr = new Yasr(resultsEl, {
      persistenceId: null, prefixes: config.prefixes,
      pluginOrder: ["table", "response", "chart", "pivot", "boolean", "error"], defaultPlugin: "table",
      getDownloadFileName: () => (current ? current.name : "query"),
      getPlainQueryLinkToEndpoint: () => config.endpoint + "?query=" + encodeURIComponent(editor.get()),
      errorRenderers: [showError],
    });
    yasr.config.plugins.table.dynamicConfig = { isEllipsed: false };
    for (const [name, key] of [["table", "view_table"], ["response", "view_response"], ["chart", "view_chart"], ["pivot", "view_pivot"]]) {
      if (yasr.plugins[name]) yasr.plugins[name].label = t[key];
      const button = resultsEl.querySelector(".yasr_btn.select_" + name);
      if (!button) continue;
      button.title = t[key];
      button.setAttribute("aria-label", t[key]);
      button.querySelector("span:last-child").textContent = t[key];
    }
    yasr.on("drawn", translateControls);
    new MutationObserver(localLinks).observe(resultsEl, { childList: true, subtree: true });
    return yasr;
  }

  // How Yasr shows a failed query: the status and the service's message, in the page's language first.
  async function showError(error) {
    const box = document.createElement("div");
    box.className = "query-error";
    const head = document.createElement("strong");
    head.textContent = t.error + (error.status ? " (" + error.status + ")" : "");
    const message = document.createElement("pre");
    message.textContent = error.text || "";
    box.append(head, message);
    return box;
  }

  // Yasr's own table controls are written in English: put them in the page's language.
  function translateControls() {
    const texts = { "Simple view": t.yasr_simple, Ellipse: t.yasr_ellipse, "Page size: ": t.yasr_page_size };
    for (const element of document.querySelectorAll(".yasr .tableControls .label, .yasr .pageSizerLabel")) {
      if (texts[element.textContent]) element.textContent = texts[element.textContent];
    }
    for (const field of document.querySelectorAll(".yasr .tableFilter")) {
      field.placeholder = t.yasr_filter;
      field.setAttribute("aria-label", t.yasr_filter);
    }
    for (const button of document.querySelectorAll(".yasr .yasr_downloadIcon")) button.title = t.yasr_download;
    for (const option of document.querySelectorAll(".yasr .tableSizer option[value='-1']")) option.textContent = t.browse_all;
    const info = document.querySelector(".yasr .yasr_response_chip");
    const counted = info && /^(?:(\d+) results?|Response) in ([\d.]+) seconds?$/.exec(info.textContent);
    if (counted) {
      info.textContent = (counted[1] === undefined ? t.response_info : t.results_info.replace("{rows}", counted[1]))
        .replace("{seconds}", counted[2]);
    }
  }

  // Our IRIs open our pages (the IRIs themselves are kept as the links' titles).
  function localLinks() {
    for (const link of resultsEl.querySelectorAll("a.iri:not([data-local])")) {
      const href = localHref(link.getAttribute("href") || "");
      link.dataset.local = "";
      if (href) {
        link.title = link.getAttribute("href");
        link.setAttribute("href", href);
        link.removeAttribute("target");
      }
    }
  }

  // --- parameters
  function paramControl(param) {
    const id = "param-" + param.name;
    if (!param.choices.length) return typedControl(param, param.default || "");
    const select = Object.assign(document.createElement("select"), { id, name: param.name });
    if (param.optional || !param.default) select.append(new Option("—", ""));
    for (const choice of param.choices) {
      const option = new Option(labelOf(choice.labels) + " (" + choice.value + ")", choice.value);
      option.selected = choice.iri === param.default;
      select.append(option);
    }
    select.append(new Option(t.param_other, OTHER));
    select.addEventListener("change", () => {
      if (select.value === OTHER) select.replaceWith(typedControl(param, ""));
    });
    return select;
  }

  function typedControl(param, value) {
    const input = Object.assign(document.createElement("input"), { id: "param-" + param.name, name: param.name, value });
    input.placeholder = config.lang === "zh" ? param.description_zh || param.description : param.description;
    return input;
  }

  function showParams(example) {
    paramsEl.replaceChildren();
    for (const param of example.params) {
      const label = document.createElement("label");
      label.htmlFor = "param-" + param.name;
      label.textContent = param.name + (param.optional ? " (" + t.optional + ")" : "");
      label.title = config.lang === "zh" ? param.description_zh || param.description : param.description;
      paramsEl.append(label, paramControl(param));
    }
    updateParamsBox();
  }

  function paramValues() {
    const values = new URLSearchParams();
    for (const control of paramsEl.querySelectorAll("input, select")) {
      if (control.value.trim() !== "") values.set(control.name, control.value.trim());
    }
    return values;
  }

  function setParamValues(values) {
    for (const control of paramsEl.querySelectorAll("input, select")) {
      if (!values.has(control.name)) continue;
      control.value = values.get(control.name);
      if (control.value !== values.get(control.name)) {  // not one of the choices: type it
        const param = current.params.find((each) => each.name === control.name);
        control.replaceWith(typedControl(param, values.get(control.name)));
      }
    }
  }

  function usesParams() {
    return Boolean(current && current.params.length && editor.get() === current.text);
  }

  function updateParamsBox() { paramsBox.hidden = !usesParams(); }

  function choose(name) {
    current = examples.get(name) || null;
    for (const button of document.querySelectorAll("#examples button")) {
      button.setAttribute("aria-pressed", String(button.dataset.example === name));
    }
    if (!current) return;
    editor.set(current.text);
    showParams(current);
  }

  // --- the URL: ?example=NAME&param=... for an unchanged example, else ?query=TEXT
  function stateParams() {
    const params = new URLSearchParams();
    if (config.langParam) params.set("lang", config.langParam);
    if (current && editor.get() === current.text) {
      params.set("example", current.name);
      for (const [name, value] of paramValues()) params.set(name, value);
    } else {
      params.set("query", editor.get());
    }
    return params;
  }

  function writeUrl() {
    const search = "?" + stateParams().toString();
    if (search !== window.location.search) window.history.pushState(null, "", search);
    updateLangSwitch();
  }

  function updateLangSwitch() {
    const params = new URLSearchParams(window.location.search);
    params.set("lang", otherLang());
    langSwitch.href = window.location.pathname + "?" + params.toString();
  }

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    if (params.has("query")) {
      const text = params.get("query");
      const same = config.examples.find((example) => example.text === text);
      if (same) choose(same.name);
      else { choose(null); editor.set(text); }
      return true;
    }
    if (examples.has(params.get("example"))) {
      choose(params.get("example"));
      setParamValues(params);
      return true;
    }
    choose(config.defaultExample);
    return false;
  }

  // --- running
  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.classList.toggle("error", Boolean(isError));
  }

  function request() {
    if (usesParams()) {
      const query = paramValues().toString();
      return fetch(config.api + encodeURIComponent(current.name) + (query ? "?" + query : ""),
        { headers: { Accept: ACCEPT } });
    }
    return fetch(config.endpoint, {
      method: "POST",
      headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: editor.get() }),
    });
  }

  async function errorText(response) {
    const text = await response.text();
    try {
      const data = JSON.parse(text);
      return [data[config.lang], data[otherLang()]].filter(Boolean).join("\n") || text;
    } catch (error) {
      return text || response.status + " " + response.statusText;
    }
  }

  async function run(remember) {
    if (!usesParams()) editor.declarePrefixes();
    if (remember) writeUrl();
    runButton.disabled = true;
    setStatus(t.running, false);
    const started = performance.now();
    try {
      const response = await request();
      const elapsed = Math.round(performance.now() - started);
      if (!response.ok) {
        const message = await errorText(response);
        if (yasr) yasr.setResponse({ error: { status: response.status, text: message } }, elapsed);
        return setStatus(t.error + ": " + message, true);
      }
      const text = await response.text();
      const contentType = response.headers.get("Content-Type") || "";
      if (yasr) yasr.setResponse({ data: text, contentType, status: response.status, executionTime: elapsed }, elapsed);
      else resultsEl.replaceChildren(Object.assign(document.createElement("pre"), { textContent: text }));
      setStatus(elapsed + " ms", false);
    } catch (error) {
      setStatus(t.error + ": " + error.message, true);
    } finally {
      runButton.disabled = false;
    }
  }

  const editor = makeEditor();
  const yasr = makeResults();
  editor.onChange(updateParamsBox);
  document.getElementById("examples").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-example]");
    if (button) choose(button.dataset.example);
  });
  runButton.addEventListener("click", () => run(true));
  window.addEventListener("popstate", () => { if (readUrl()) run(false); });
  if (readUrl()) run(false);
  updateLangSwitch();
})();
