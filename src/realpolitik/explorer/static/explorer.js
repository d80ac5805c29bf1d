/* realpolitik explorer: the page's only script (CSP: no inline script, no eval).
   - keeps each range slider and its number box in step;
   - sends only the inputs that differ from the file (so the pushed URL is the edit state);
   - draws the charts from <script type="application/json"> blocks after every swap. */
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                 "#17becf", "#bcbd22", "#7f7f7f"];
  var charts = [];

  document.addEventListener("input", function (e) {
    var t = e.target;
    if (t.type === "range" && t.dataset.for) {
      var box = document.getElementById(t.dataset.for);
      if (box) { box.value = t.value; }
    } else if (t.type === "number" && t.id) {
      var slider = document.querySelector('input[type=range][data-for="' + t.id + '"]');
      if (slider && t.value !== "") { slider.value = t.value; }
    }
  }, true);

  function unchanged(name, value) {
    var el = document.querySelector('#edits input[type=number][name="' + CSS.escape(name) + '"]');
    if (!el) { return false; }
    if (value === "" || value === el.dataset.base) { return true; }
    var a = parseFloat(value), b = parseFloat(el.dataset.base);
    return isFinite(a) && isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  }

  document.addEventListener("htmx:configRequest", function (e) {
    var params = e.detail.parameters, drop = [];
    var names = (typeof params.keys === "function") ? Array.from(params.keys()) : Object.keys(params);
    names.forEach(function (name) {
      var v = (typeof params.get === "function") ? params.get(name) : params[name];
      if (unchanged(name, String(v))) { drop.push(name); }
    });
    drop.forEach(function (name) {
      if (typeof params.delete === "function") { params.delete(name); } else { delete params[name]; }
    });
  });

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (err) { return null; }
  }

  function width(el) { return Math.max(320, Math.min(900, el.clientWidth || 640)); }

  function drawTrajectories(el, t) {
    var series = [{ label: "round" }], data = [t.x];
    t.series.forEach(function (s, k) {
      series.push({ label: s.label, stroke: PALETTE[k % PALETTE.length], width: 2 });
      data.push(s.values);
    });
    series.push({ label: "compromise forecast", stroke: "#000", width: 1, dash: [6, 4] });
    data.push(t.x.map(function () { return t.compromise; }));
    return new uPlot({
      width: width(el), height: 320, title: t.title,
      scales: { x: { time: false }, y: { range: t.scale } },
      axes: [{ label: "round" }, { label: "position" }],
      series: series
    }, data, el);
  }

  function drawSweep(el, s) {
    return new uPlot({
      width: width(el), height: 220,
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ label: s.label }, { label: "P(headline)" }],
      series: [{ label: s.label }, { label: "P(headline)", stroke: "#d62728", width: 2 }]
    }, [s.x, s.y], el);
  }

  function draw() {
    if (typeof uPlot === "undefined") { return; }
    charts.forEach(function (c) { try { c.destroy(); } catch (err) { /* gone with its element */ } });
    charts = [];
    var data = readJSON("chart-data");
    document.querySelectorAll('.chart[data-chart="trajectories"]').forEach(function (el) {
      var t = data && data.trajectories && data.trajectories[el.dataset.issue];
      if (t) { el.textContent = ""; charts.push(drawTrajectories(el, t)); }
    });
    var sw = readJSON("sweep-data");
    var el = document.getElementById("chart-sweep");
    if (el && sw && sw.sweep) { el.textContent = ""; charts.push(drawSweep(el, sw.sweep)); }
    document.body.dataset.drawn = String((parseInt(document.body.dataset.drawn || "0", 10) + 1));
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);   // htmx 2
  document.addEventListener("htmx:after:swap", draw);    // htmx 4 (same pattern, renamed event)
})();
