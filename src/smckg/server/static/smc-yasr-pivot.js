// A pivot view for Yasr: the rows of a SELECT result handed to PivotTable.js (npm
// "pivottable", served from node_modules with jQuery and jQuery UI) to cross-tabulate by
// drag and drop. IRIs are shown with the result view's prefixes. Registered as the Yasr
// plugin "pivot"; the pivot's own words follow the page's language (its "zh" locale). It
// starts with the rows counted by the text variable with the fewest distinct values.
"use strict";

window.SmcYasrPivot = (function () {
  function shown(term, prefixes) {
    if (!term) return "";
    if (term.type !== "uri") return term.value;
    for (const [prefix, base] of Object.entries(prefixes)) {
      if (term.value.startsWith(base)) return prefix + ":" + term.value.slice(base.length);
    }
    return term.value;
  }

  function register(Yasr, t, lang) {
    class PivotPlugin {
      constructor(yasr) {
        this.yasr = yasr;
        this.priority = 4;
        this.label = t.view_pivot;
      }

      canHandleResults() {
        const results = this.yasr.results;
        return Boolean(window.jQuery && window.jQuery.fn.pivotUI && results && results.getBindings
          && results.getBindings() && results.getVariables().length);
      }

      getIcon() {
        const icon = document.createElement("div");
        icon.className = "pivot-icon";
        icon.textContent = "⊞";
        return icon;
      }

      draw() {
        const results = this.yasr.results;
        const vars = results.getVariables();
        const bindings = results.getBindings();
        const prefixes = this.yasr.getPrefixes();
        const records = bindings.map((row) => Object.fromEntries(vars.map((name) => [name, shown(row[name], prefixes)])));
        const numbers = window.SmcCharts.numericVars(vars, bindings);
        const host = document.createElement("div");
        host.className = "pivot-host";
        this.yasr.resultsEl.replaceChildren(host);
        window.jQuery(host).pivotUI(records, { rows: this.firstRows(vars, numbers, records) }, true,
          lang === "zh" ? "zh" : "en");
      }

      // Rows to start with: the text variable with the fewest distinct values (more than one),
      // in the page's language when there is a choice.
      firstRows(vars, numbers, records) {
        const distinct = (name) => new Set(records.map((record) => record[name])).size;
        const ranked = vars.filter((name) => !numbers.includes(name) && distinct(name) > 1)
          .sort((a, b) => distinct(a) - distinct(b) || Number(b.endsWith("_" + lang)) - Number(a.endsWith("_" + lang)));
        return ranked.slice(0, 1);
      }

      destroy() {}
    }
    Yasr.registerPlugin("pivot", PivotPlugin);
  }

  return { register };
})();
