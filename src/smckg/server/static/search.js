// Search box with suggestions from GET /api/lookup?q=...&limit=8; Enter opens the search page
// (/search?q=...). Silent when the endpoint is absent or fails. Data is only ever written with
// textContent, never as HTML.
"use strict";

(function () {
  const box = document.getElementById("search-box");
  const list = document.getElementById("search-suggestions");
  if (!box || !list) return;
  const ID_BASE = box.dataset.idBase;
  const lang = box.dataset.lang || "en";
  const langParam = box.dataset.langParam || "";
  let timer = null;
  let controller = null;

  function localHref(iri) {
    if (!iri.startsWith(ID_BASE)) return iri;
    const href = "/id/" + iri.slice(ID_BASE.length);
    return langParam ? href + "?lang=" + encodeURIComponent(langParam) : href;
  }

  function hitsOf(data) {
    const items = Array.isArray(data) ? data
      : (data && (data.results || data.hits || data.matches || data.items)) || [];
    return items.filter((hit) => hit && typeof (hit.iri || hit.id || hit.uri) === "string");
  }

  function labelOf(hit) {
    const pref = hit.pref || hit.labels || {};
    return pref[lang] || hit.label || pref.en || pref.zh || hit.iri || hit.id || hit.uri;
  }

  function typeOf(hit) {
    const typeLabel = hit.type_label || {};
    return typeLabel[lang] || typeLabel.en || "";
  }

  function hide() {
    list.hidden = true;
    list.replaceChildren();
  }

  function show(hits) {
    list.replaceChildren();
    for (const hit of hits) {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      const link = document.createElement("a");
      link.href = localHref(hit.iri || hit.id || hit.uri);
      link.textContent = labelOf(hit);
      item.appendChild(link);
      const kind = typeOf(hit);
      if (kind) {
        const small = document.createElement("small");
        small.textContent = kind;
        item.appendChild(small);
      }
      list.appendChild(item);
    }
    list.hidden = hits.length === 0;
  }

  async function suggest() {
    const q = box.value.trim();
    if (!q) return hide();
    if (controller) controller.abort();
    controller = new AbortController();
    const url = box.dataset.lookup + "?q=" + encodeURIComponent(q) + "&limit=8&lang=" + lang;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" }, signal: controller.signal,
      });
      if (!response.ok) return hide();
      show(hitsOf(await response.json()).slice(0, 8));
    } catch (error) {
      hide();
    }
  }

  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  box.addEventListener("keydown", (event) => {
    const links = Array.from(list.querySelectorAll("a"));
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "Escape") {
      hide();
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = Array.from(list.querySelectorAll("a"));
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at <= 0 ? box : links[at - 1]).focus();
    } else if (event.key === "Escape") {
      hide();
      box.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!box.form.contains(event.target)) hide();
  });
})();
