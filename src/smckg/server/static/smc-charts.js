// Bar charts of SPARQL JSON results with Chart.js, shared by the /charts page and the query
// page's chart view: rows become bars labelled by one variable, one dataset per numeric
// variable (or per value of a grouping variable, stacked).
"use strict";

window.SmcCharts = (function () {
  const PALETTE = ["#0b6e8a", "#e07b39", "#5a9e4b", "#8e5ea2", "#c44e52", "#3c8dbc", "#b8860b"];

  function numeric(term) {
    return term && term.type !== "uri" && term.value !== "" && !Number.isNaN(Number(term.value));
  }

  function numericVars(vars, bindings) {
    return vars.filter((name) => bindings.some((row) => numeric(row[name]))
      && bindings.every((row) => !row[name] || numeric(row[name])));
  }

  // {labels, datasets} from bindings: one bar per distinct label, values from `values`,
  // or, with `group`, one dataset per group value holding the first of `values`.
  function series(bindings, label, values, group, names) {
    const labels = [];
    const index = new Map();
    const sets = new Map();
    for (const row of bindings) {
      const key = row[label] ? row[label].value : "";
      if (!index.has(key)) { index.set(key, labels.length); labels.push(key); }
      const keys = group ? [[row[group] ? row[group].value : "", values[0]]]
        : values.map((name) => [names[name] || name, name]);
      for (const [setName, valueName] of keys) {
        if (!sets.has(setName)) sets.set(setName, []);
        if (row[valueName]) sets.get(setName)[index.get(key)] = Number(row[valueName].value);
      }
    }
    const datasets = Array.from(sets, ([name, data], at) => ({
      label: name, data: labels.map((_, i) => data[i] ?? 0),
      backgroundColor: PALETTE[at % PALETTE.length],
    }));
    return { labels, datasets };
  }

  // A long label as lines of about `width` characters (split at spaces where there are any).
  function wrap(label, width) {
    const lines = [];
    let line = "";
    for (const word of String(label).split(/(?<=\s)/)) {
      if (line && (line + word).length > width) { lines.push(line.trim()); line = ""; }
      line += word;
      while (line.length > width * 1.5) { lines.push(line.slice(0, width)); line = line.slice(width); }
    }
    if (line.trim()) lines.push(line.trim());
    return lines;
  }

  function draw(canvas, data, stacked) {
    const old = window.Chart.getChart(canvas);
    if (old) old.destroy();
    canvas.parentElement.style.height = Math.max(240, 46 * data.labels.length + 80) + "px";
    return new window.Chart(canvas, {
      type: "bar", data,
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          x: { stacked, beginAtZero: true },
          y: { stacked, ticks: { autoSkip: false, callback(value) { return wrap(this.getLabelForValue(value), 32); } } },
        },
      },
    });
  }

  return { numeric, numericVars, series, draw };
})();
