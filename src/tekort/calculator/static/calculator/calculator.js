/* Meerurencalculator, progressive enhancement: once a result is shown, recalculate live as the
 * inputs change, by fetching the same JSON the API gives (berekening.json and curve.json).
 * Without JavaScript the server-rendered page does everything. No inline script (CSP). */
(function () {
  "use strict";

  var form = document.getElementById("calculator-form");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }

  var timer = null;
  var latest = 0;

  function eur(value) {
    if (value === null || value === undefined || value === "") { return "–"; }
    var v = Number(value);
    var text = Math.abs(v).toLocaleString("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    if (Math.abs(v) < 0.005) { return "€ 0,00"; }
    return (v < 0 ? "-€ " : "€ ") + text;
  }
  function pct(value) {
    if (value === null || value === undefined) { return "–"; }
    return (Number(value) * 100).toFixed(1).replace(".", ",") + "%";
  }
  function num(value) { return String(Number(value)).replace(".", ","); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function svgEl(tag, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function lookup(data, path) {
    return path.split(".").reduce(function (o, k) { return o === null || o === undefined ? o : o[k]; }, data);
  }

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== "") { params.append(key, value); } });
    return params.toString();
  }

  function showErrors(errors) {
    var box = document.getElementById("samenvatting");
    box.textContent = "";
    var list = el("ul");
    Object.keys(errors).forEach(function (name) {
      errors[name].forEach(function (message) {
        var item = el("li");
        var link = el("a", message);
        link.href = "#id_" + name;
        item.appendChild(link);
        list.appendChild(item);
      });
    });
    box.appendChild(list);
  }

  function renderSummary(data) {
    var box = document.getElementById("samenvatting");
    var kept = box.querySelector("[data-kept]");
    var templates = kept ? {
      more: kept.getAttribute("data-template"),
      less: kept.getAttribute("data-template-less"),
      same: kept.getAttribute("data-template-same")
    } : { more: "", less: "", same: "" };
    var gross = Number(data.comparison.gross_change);
    var template = gross > 0 ? templates.more : (gross < 0 ? templates.less : templates.same);
    var note = box.querySelector("[data-unverified-note]");
    box.textContent = "";
    data.comparison.explanation.split("\n").slice(0, 2).forEach(function (line, i) {
      if (i === 0 || line.indexOf("Dat is") === 0) { box.appendChild(el("p", line)); }
    });
    var p = el("p", fill(template, { kept: pct(data.comparison.kept_fraction), pressure: pct(data.comparison.total_marginal_pressure) }));
    p.setAttribute("data-kept", "");
    p.setAttribute("data-template", templates.more);
    p.setAttribute("data-template-less", templates.less);
    p.setAttribute("data-template-same", templates.same);
    box.appendChild(p);
    if (note && data.unverified.length) { box.appendChild(note); }
  }

  function renderFigures(data) {
    document.querySelectorAll("#resultaat [data-bind]").forEach(function (node) {
      var key = node.getAttribute("data-bind");
      var value = lookup(data, key);
      if (key === "comparison.extra_hours") { node.textContent = num(value); }
      else if (/fraction|pressure/.test(key)) { node.textContent = pct(value); }
      else { node.textContent = eur(value); }
    });
  }

  function renderComponents(data) {
    var body = document.querySelector("#componenten tbody");
    var dl = document.getElementById("uitleg");
    if (!body || !dl) { return; }
    body.textContent = "";
    dl.textContent = "";
    data.comparison.changes.forEach(function (c) {
      var row = el("tr");
      var th = el("th", c.label);
      th.scope = "row";
      row.appendChild(th);
      [eur(c.before), eur(c.after), eur(c.delta_per_month), pct(c.marginal_pressure)].forEach(function (t) {
        row.appendChild(el("td", t, "num"));
      });
      body.appendChild(row);
      dl.appendChild(el("dt", c.label));
      [["data-now", c.explanation_before], ["data-after", c.explanation_after]].forEach(function (pair) {
        if (!pair[1]) { return; }
        var dd = el("dd");
        dd.appendChild(el("strong", dl.getAttribute(pair[0])));
        dd.appendChild(document.createTextNode(" " + pair[1]));
        dl.appendChild(dd);
      });
    });
    var warnings = document.getElementById("waarschuwingen");
    if (warnings) {
      warnings.textContent = "";
      data.warnings.forEach(function (w) { warnings.appendChild(el("li", w)); });
    }
  }

  function niceStep(span) {
    var raw = span > 0 ? span / 5 : 1;
    var magnitude = raw >= 1 ? Math.pow(10, String(Math.floor(raw)).length - 1) : 1;
    var factors = [1, 2, 5, 10];
    for (var i = 0; i < factors.length; i++) { if (raw <= magnitude * factors[i]) { return magnitude * factors[i]; } }
    return magnitude * 10;
  }

  function renderCurve(curve, data) {
    var svg = document.getElementById("curve-grafiek");
    if (!svg) { return; }
    var left = Number(svg.getAttribute("data-left")), top = Number(svg.getAttribute("data-top"));
    var right = Number(svg.getAttribute("data-right")), bottom = Number(svg.getAttribute("data-bottom"));
    var pts = curve.points;
    var values = [];
    pts.forEach(function (p) { values.push(Number(p.disposable_per_month), Number(p.teacher_net_per_month)); });
    var lo = Math.min(0, Math.min.apply(null, values)), hi = Math.max.apply(null, values);
    var step = niceStep(hi - lo);
    var yLo = Math.floor(lo / step) * step, yHi = Math.ceil(hi / step) * step;
    var xLo = Number(pts[0].fte), xHi = Number(pts[pts.length - 1].fte);
    function sx(x) { return left + (x - xLo) / (xHi - xLo) * (right - left); }
    function sy(y) { return bottom - (y - yLo) / ((yHi - yLo) || 1) * (bottom - top); }

    var grid = svg.querySelector("[data-axis=y]");
    grid.textContent = "";
    for (var v = yLo; v <= yHi + 0.001; v += step) {
      var y = sy(v).toFixed(1);
      grid.appendChild(svgEl("line", { x1: left, x2: right, y1: y, y2: y }));
      grid.appendChild(svgEl("text", { x: left - 6, y: y, "class": "tick-y" }, "€ " + v.toLocaleString("nl-NL", { maximumFractionDigits: 0 })));
    }
    [["household", "disposable_per_month"], ["teacher", "teacher_net_per_month"]].forEach(function (pair) {
      var group = svg.querySelector("[data-series=" + pair[0] + "]");
      var coords = pts.map(function (p) { return sx(Number(p.fte)).toFixed(1) + "," + sy(Number(p[pair[1]])).toFixed(1); });
      group.querySelector("polyline").setAttribute("points", coords.join(" "));
      var label = group.querySelector("text");
      var last = coords[coords.length - 1].split(",");
      label.setAttribute("x", last[0]);
      label.setAttribute("y", last[1]);
    });
    var markers = svg.querySelectorAll(".markers line");
    var labels = svg.querySelectorAll(".markers text");
    [data.before.fte, data.after.fte].forEach(function (fte, i) {
      if (!markers[i]) { return; }
      var x = sx(Number(fte)).toFixed(1);
      markers[i].setAttribute("x1", x);
      markers[i].setAttribute("x2", x);
      labels[i].setAttribute("x", x);
    });

    var body = document.querySelector("#curve-tabel tbody");
    body.textContent = "";
    pts.forEach(function (p) {
      var row = el("tr");
      var th = el("th", num(p.fte));
      th.scope = "row";
      row.appendChild(th);
      [eur(Math.round(Number(p.teacher_gross) * 100 / 12) / 100), eur(p.teacher_net_per_month), eur(p.disposable_per_month),
        eur(p.net_per_extra_hour), pct(p.marginal_pressure)].forEach(function (t) { row.appendChild(el("td", t, "num")); });
      body.appendChild(row);
    });

    var caption = document.getElementById("curve-samenvatting");
    var text = fill(caption.getAttribute("data-template-a"), {
      a: eur(pts[0].disposable_per_month), b: eur(pts[pts.length - 1].disposable_per_month)
    });
    var peak = null;
    pts.forEach(function (p, i) {
      if (i > 0 && p.marginal_pressure !== null && (peak === null || Number(p.marginal_pressure) > Number(peak.p.marginal_pressure))) {
        peak = { p: p, from: pts[i - 1] };
      }
    });
    if (peak) {
      text += " " + fill(caption.getAttribute("data-template-b"), { p: pct(peak.p.marginal_pressure), f: num(peak.from.fte), t: num(peak.p.fte) });
    }
    caption.textContent = text;
  }

  function renderLinks(qs) {
    var share = document.getElementById("deel-link");
    if (share) { share.href = "?" + qs + "#resultaat"; }
    document.querySelectorAll("#resultaat [data-link]").forEach(function (a) {
      a.href = a.href.split("?")[0] + "?" + qs;
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "?" + qs + "#resultaat");
    }
  }

  function update() {
    if (!document.getElementById("resultaat")) { return; }
    var qs = query();
    var ticket = ++latest;
    var options = { headers: { Accept: "application/json" }, credentials: "same-origin", referrerPolicy: "no-referrer" };
    Promise.all([
      fetch(form.getAttribute("data-json-url") + "?" + qs, options),
      fetch(form.getAttribute("data-curve-url") + "?" + qs, options)
    ]).then(function (responses) {
      return Promise.all(responses.map(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); }));
    }).then(function (results) {
      if (ticket !== latest) { return; }
      if (!results[0].ok) { showErrors(results[0].body.errors || {}); return; }
      var data = results[0].body;
      renderSummary(data);
      renderFigures(data);
      renderComponents(data);
      if (results[1].ok) { renderCurve(results[1].body, data); }
      renderLinks(qs);
      document.getElementById("resultaat").setAttribute("data-live", "1");
    }).catch(function () { /* keep the server-rendered result */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
}());
