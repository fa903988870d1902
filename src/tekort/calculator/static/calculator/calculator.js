/* Meerurencalculator, progressive enhancement: once a result is shown, refresh it as the inputs
 * change. The server draws the result (figures, chart and the chart's table): the script asks
 * for the same result section the page would show for the inputs (data-result-url, the
 * calculator's "resultaat/" address) and swaps it in. Nothing is drawn or calculated here.
 * Without JavaScript the form's submit does the same. No inline script (CSP). */
(function () {
  "use strict";

  var form = document.getElementById("calculator-form");
  var status = document.getElementById("resultaat-status");
  if (!form || !status || !window.fetch || !window.URLSearchParams || !window.DOMParser) { return; }

  var timer = null;
  var latest = 0;

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== "") { params.append(key, value); } });
    return params.toString();
  }

  function announcement(section) {
    // the new result's first sentence; an error summary announces itself (role="alert")
    var summary = section.querySelector("#samenvatting p");
    return summary ? summary.textContent.trim() : "";
  }

  function swap(html, qs) {
    var old = document.getElementById("resultaat");
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var section = parsed.getElementById("resultaat");
    if (!old || !section) { return; }
    var hadFocus = old.contains(document.activeElement);
    section = document.importNode(section, true);
    section.setAttribute("data-live", "1");
    old.parentNode.replaceChild(section, old);
    if (hadFocus) { section.focus(); }  // focus never falls back to the top of the page
    status.textContent = announcement(section);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "?" + qs + "#resultaat");
    }
  }

  function update() {
    if (!document.getElementById("resultaat")) { return; }
    var qs = query();
    var ticket = ++latest;
    fetch(form.getAttribute("data-result-url") + "?" + qs, {
      headers: { Accept: "text/html" }, credentials: "same-origin", referrerPolicy: "no-referrer"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("text/html") !== 0) { return null; }  // e.g. the site's JSON refusal
      return response.text();
    }).then(function (html) {
      if (html !== null && ticket === latest) { swap(html, qs); }
    }).catch(function () { /* keep the result shown */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
}());
