// A chart view for Yasr: bars of a numeric variable by a label variable, optionally split
// (stacked) by a grouping variable, drawn by SmcCharts (Chart.js). Registered as the Yasr
// plugin "chart"; offered when the results have a numeric column. By default the bars are
// labelled in the page's language and measure the first number that is not a rank.
"use strict";

window.SmcYasrChart = (function () {
  function select(name, options, chosen, blank) {
    const element = Object.assign(document.createElement("select"), { name });
    if (blank) element.append(new Option(blank, ""));
    for (const option of options) element.append(new Option("?" + option, option, false, option === chosen));
    return element;
  }

  function register(Yasr, t) {
    class ChartPlugin {
      constructor(yasr) {
        this.yasr = yasr;
        this.priority = 5;
        this.label = t.view_chart;
        this.controls = null;
        this.choice = {};
      }

      columns() {
        const results = this.yasr.results;
        const vars = results.getVariables();
        const bindings = results.getBindings() || [];
        const numbers = window.SmcCharts.numericVars(vars, bindings);
        const others = vars.filter((name) => !numbers.includes(name));
        return { vars, bindings, numbers, others };
      }

      canHandleResults() {
        const results = this.yasr.results;
        return Boolean(results && results.getBindings && results.getBindings()
          && this.columns().numbers.length && this.columns().others.length);
      }

      getIcon() {
        const icon = document.createElement("div");
        icon.className = "chart-icon";
        icon.textContent = "▮▮";
        return icon;
      }

      pick({ numbers, others }) {
        const lang = document.documentElement.lang.startsWith("zh") ? "_zh" : "_en";
        const label = others.includes(this.choice.label) ? this.choice.label
          : others.find((name) => name.endsWith(lang)) || others[0];
        const measure = numbers.find((name) => !/rank|number|ordinal/i.test(name)) || numbers[0];
        const value = numbers.includes(this.choice.value) ? this.choice.value : measure;
        const group = others.includes(this.choice.group) ? this.choice.group : "";
        return { label, value, group };
      }

      drawControls(columns, picked) {
        if (this.controls) this.controls.remove();
        this.controls = document.createElement("div");
        this.controls.className = "chart-controls";
        const fields = [["label", t.chart_bars, columns.others, ""], ["value", t.chart_values, columns.numbers, ""],
          ["group", t.chart_group, columns.others, "—"]];
        for (const [key, text, options, blank] of fields) {
          const label = document.createElement("label");
          label.append(text + " ", select(key, options, picked[key], blank));
          this.controls.append(label);
        }
        this.controls.addEventListener("change", (event) => {
          this.choice[event.target.name] = event.target.value;
          this.draw();
        });
        this.yasr.pluginControls.append(this.controls);
      }

      draw() {
        const columns = this.columns();
        const picked = this.pick(columns);
        this.drawControls(columns, picked);
        const box = document.createElement("div");
        box.className = "chart-box";
        const canvas = document.createElement("canvas");
        canvas.setAttribute("role", "img");
        box.append(canvas);
        this.yasr.resultsEl.replaceChildren(box);
        const data = window.SmcCharts.series(columns.bindings, picked.label, [picked.value], picked.group, {});
        this.chart = window.SmcCharts.draw(canvas, data, Boolean(picked.group));
      }

      destroy() {
        if (this.chart) this.chart.destroy();
        if (this.controls) this.controls.remove();
        this.chart = null;
        this.controls = null;
      }
    }
    Yasr.registerPlugin("chart", ChartPlugin);
  }

  return { register };
})();
