// /api/docs: "Try it" runs the canned query in the page and shows its JSON answer (pretty
// printed, as text) under the form instead of downloading a file.
"use strict";

document.querySelectorAll("form.try").forEach((form) => {
  const output = form.nextElementSibling;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value !== "") params.set(name, value);
    const url = form.getAttribute("action") + (params.toString() ? "?" + params : "");
    output.hidden = false;
    output.textContent = "GET " + url + "\n…";
    try {
      const response = await fetch(url, { headers: { Accept: "application/sparql-results+json, application/json" } });
      const text = await response.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (error) { /* not JSON: as sent */ }
      output.textContent = "GET " + url + "\n" + response.status + " " + response.statusText + "\n\n" + shown;
    } catch (error) {
      output.textContent = "GET " + url + "\n" + error.message;
    }
  });
});
