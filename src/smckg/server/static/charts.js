// The /charts page: each figure runs its canned query (/api/queries/<name>) and draws it with
// SmcCharts (Chart.js); a figure whose numbers are all zero says there is no data instead.
"use strict";

(function () {
  const strings = JSON.parse(document.getElementById("charts-strings").textContent);

  async function drawFigure(figure) {
    const chart = JSON.parse(figure.dataset.chart);
    const response = await fetch("/api/queries/" + encodeURIComponent(chart.query),
      { headers: { Accept: "application/sparql-results+json" } });
    if (!response.ok) return;
    const bindings = (await response.json()).results.bindings;
    const data = window.SmcCharts.series(bindings, chart.label, chart.values,
      chart.group, strings.values);
    const empty = data.datasets.every((set) => set.data.every((value) => !value));
    figure.querySelector(".chart-empty").hidden = !empty;
    figure.querySelector(".chart-box").hidden = empty;
    if (!empty) window.SmcCharts.draw(figure.querySelector("canvas"), data, chart.stacked);
    figure.dataset.drawn = "true";
  }

  document.querySelectorAll("figure[data-chart]").forEach(drawFigure);
})();
