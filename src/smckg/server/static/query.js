// The query page: loads examples into the editor (Yasqe when its files are installed, a plain
// textarea otherwise), runs them (unchanged examples through /api/queries/<name> with bound
// parameters, anything else through /sparql) and draws the results. Every value from the server
// is written with textContent or as an attribute, never parsed as HTML.
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("ui-config").textContent);
  const t = config.strings;
  const ID_BASE = config.idBase;
  const ONTOLOGY_BASE = config.ontologyBase;
  const SELECT_FORMATS = [
    ["JSON", "application/sparql-results+json", "json"],
    ["CSV", "text/csv", "csv"],
    ["TSV", "text/tab-separated-values", "tsv"],
  ];
  const GRAPH_FORMATS = [
    ["Turtle", "text/turtle", "ttl"],
    ["JSON-LD", "application/ld+json", "jsonld"],
    ["N-Triples", "application/n-triples", "nt"],
  ];
  const DISPLAY_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  const examples = new Map(config.examples.map((example) => [example.name, example]));
  const statusEl = document.getElementById("status");
  const resultsEl = document.getElementById("results");
  const countEl = document.getElementById("result-count");
  const downloadsEl = document.getElementById("downloads");
  const paramsBox = document.getElementById("params-box");
  const paramsEl = document.getElementById("params");
  const runButton = document.getElementById("run");
  let current = null;
  let editor = null;

  function withLang(href) {
    return config.langParam ? href + "?lang=" + encodeURIComponent(config.langParam) : href;
  }

  function localHref(iri) {
    if (iri.startsWith(ID_BASE) && iri.length > ID_BASE.length) {
      return withLang("/id/" + iri.slice(ID_BASE.length));
    }
    if (iri.startsWith(ONTOLOGY_BASE)) {
      return withLang("/ontology") + "#" + iri.slice(ONTOLOGY_BASE.length);
    }
    return iri;
  }

  function shortName(iri) {
    if (iri.startsWith(ID_BASE)) return "smcid:" + iri.slice(ID_BASE.length);
    if (iri.startsWith(ONTOLOGY_BASE)) return "smc:" + iri.slice(ONTOLOGY_BASE.length);
    return iri;
  }

  function makeEditor() {
    const textarea = document.getElementById("query-text");
    if (typeof window.Yasqe !== "function") {
      return { get: () => textarea.value, set: (text) => { textarea.value = text; } };
    }
    const keys = Object.assign({}, window.Yasqe.defaults.extraKeys, {
      "Ctrl-Enter": () => run(), "Cmd-Enter": () => run(),
    });
    window.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
    const host = document.getElementById("editor");
    const initial = textarea.value;
    textarea.remove();
    const yasqe = new window.Yasqe(host, {
      value: initial, persistenceId: null, consumeShareLink: null, createShareableLink: null,
      showQueryButton: false, resizeable: true, editorHeight: "320px", extraKeys: keys,
      requestConfig: { endpoint: config.endpoint, method: "POST" },
    });
    return { get: () => yasqe.getValue(), set: (text) => yasqe.setValue(text) };
  }

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.classList.toggle("error", Boolean(isError));
  }

  function showParams(example) {
    paramsEl.replaceChildren();
    for (const param of example.params) {
      const id = "param-" + param.name;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = param.name + " (" + param.kind + (param.optional ? ", " + t.optional : "") + ")";
      label.title = config.lang === "zh" ? param.description_zh || param.description
        : param.description || param.description_zh;
      const input = document.createElement("input");
      input.id = id;
      input.name = param.name;
      input.value = param.default || "";
      input.placeholder = label.title;
      paramsEl.append(label, input);
    }
    paramsBox.hidden = example.params.length === 0;
  }

  function choose(name) {
    current = examples.get(name) || null;
    for (const button of document.querySelectorAll("#examples button")) {
      button.setAttribute("aria-pressed", String(button.dataset.example === name));
    }
    if (!current) return;
    editor.set(current.text);
    showParams(current);
  }

  function request(accept) {
    const text = editor.get();
    if (current && text === current.text) {
      const params = new URLSearchParams();
      for (const input of paramsEl.querySelectorAll("input")) {
        if (input.value.trim() !== "") params.set(input.name, input.value.trim());
      }
      const query = params.toString();
      return fetch(config.api + encodeURIComponent(current.name) + (query ? "?" + query : ""),
        { headers: { Accept: accept } });
    }
    return fetch(config.endpoint, {
      method: "POST",
      headers: { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: text }),
    });
  }

  function termNode(term) {
    if (term.type === "uri") {
      const link = document.createElement("a");
      link.href = localHref(term.value);
      link.title = term.value;
      link.textContent = shortName(term.value);
      return link;
    }
    const span = document.createElement("span");
    if (term.type === "bnode") {
      span.textContent = "_:" + term.value;
      return span;
    }
    if (term.type === "triple") {
      span.textContent = JSON.stringify(term.value);
      return span;
    }
    span.textContent = term.value;
    if (term.datatype) span.title = term.datatype;
    const tag = term["xml:lang"];
    if (tag) {
      span.lang = tag;
      const badge = document.createElement("span");
      badge.className = "lang-tag";
      badge.textContent = "@" + tag;
      const wrapper = document.createElement("span");
      wrapper.append(span, badge);
      return wrapper;
    }
    return span;
  }

  function drawTable(data) {
    const vars = (data.head && data.head.vars) || [];
    const rows = (data.results && data.results.bindings) || [];
    const table = document.createElement("table");
    table.className = "data";
    table.id = "results-table";
    const headRow = table.createTHead().insertRow();
    for (const name of vars) {
      const th = document.createElement("th");
      th.textContent = "?" + name;
      headRow.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of rows) {
      const row = body.insertRow();
      for (const name of vars) {
        const cell = row.insertCell();
        if (binding[name]) cell.appendChild(termNode(binding[name]));
      }
    }
    resultsEl.replaceChildren(rows.length ? table : document.createTextNode(t.no_results));
    countEl.textContent = rows.length + " " + t.rows + (data.truncated ? " — " + t.truncated : "");
  }

  function drawText(text) {
    const pre = document.createElement("pre");
    pre.textContent = text;
    resultsEl.replaceChildren(pre);
    countEl.textContent = "";
  }

  function showDownloads(formats) {
    for (const old of downloadsEl.querySelectorAll("button")) old.remove();
    for (const [label, mediaType, extension] of formats) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.dataset.mediaType = mediaType;
      button.addEventListener("click", () => download(mediaType, extension));
      downloadsEl.appendChild(button);
    }
    downloadsEl.hidden = formats.length === 0;
  }

  async function download(mediaType, extension) {
    const response = await request(mediaType);
    if (!response.ok) return showError(response);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = (current ? current.name : "query") + "." + extension;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function showError(response) {
    let message = response.status + " " + response.statusText;
    try {
      const data = await response.json();
      const first = config.lang === "zh" ? data.zh : data.en;
      const second = config.lang === "zh" ? data.en : data.zh;
      message = [first, second].filter(Boolean).join("\n") || message;
    } catch (error) {
      // not JSON: keep the status line
    }
    setStatus(t.error + ": " + message, true);
  }

  async function run() {
    runButton.disabled = true;
    setStatus(t.running, false);
    const started = performance.now();
    try {
      const response = await request(DISPLAY_ACCEPT);
      if (!response.ok) {
        resultsEl.replaceChildren();
        countEl.textContent = "";
        showDownloads([]);
        return await showError(response);
      }
      const type = response.headers.get("Content-Type") || "";
      if (type.includes("json")) {
        const data = await response.json();
        if ("boolean" in data) {
          drawText(data.boolean ? t.ask_true : t.ask_false);
          showDownloads(SELECT_FORMATS.slice(0, 1));
        } else {
          drawTable(data);
          showDownloads(SELECT_FORMATS);
        }
      } else {
        drawText(await response.text());
        showDownloads(GRAPH_FORMATS);
      }
      setStatus(Math.round(performance.now() - started) + " ms", false);
    } catch (error) {
      setStatus(t.error + ": " + error.message, true);
    } finally {
      runButton.disabled = false;
    }
  }

  editor = makeEditor();
  document.getElementById("examples").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-example]");
    if (button) choose(button.dataset.example);
  });
  runButton.addEventListener("click", run);
  const initial = new URLSearchParams(window.location.search).get("example")
    || config.defaultExample;
  if (examples.has(initial)) choose(initial);
})();
