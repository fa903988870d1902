/* tekort: the site's progressive enhancements (docs/frontend.md). Without this script every
   page still works: the menu is a plain list, tables and charts scroll inside the page.
   1. On a narrow screen the header menu collapses behind a "Menu" button (aria-expanded,
      aria-controls; Escape closes it and returns focus to the button).
   2. Every table in <main> sits in a scroll container that is focusable (so a keyboard can
      scroll it) and named by the table's caption.
   3. Every SVG chart with text gets a minimum width (--chart-min-width, used by site.css on
      narrow screens) at which its text is drawn at 12 px or more, inside a scroll container
      of its own. */
(function () {
  "use strict";
  var MIN_TEXT_PX = 12;
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-button");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    var narrow = window.matchMedia("(max-width: 47.99em)");
    function show(open) {
      header.setAttribute("data-menu", open ? "open" : "closed");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    show(false);
    button.addEventListener("click", function () {
      show(header.getAttribute("data-menu") !== "open");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && header.getAttribute("data-menu") === "open") {
        show(false);
        button.focus();
      }
    });
  }

  var scrollers = [];
  var counter = 0;

  function wrap(element, className) {
    var parent = element.parentElement;
    if (parent && parent.classList.contains(className)) return parent;
    var wrapper = document.createElement("div");
    wrapper.className = className;
    element.parentNode.insertBefore(wrapper, element);
    wrapper.appendChild(element);
    return wrapper;
  }

  function label(wrapper, labelElement) {
    if (!labelElement) return;
    if (!labelElement.id) {
      counter += 1;
      labelElement.id = "tekort-label-" + counter;
    }
    if (!wrapper.hasAttribute("role")) wrapper.setAttribute("role", "region");
    if (!wrapper.hasAttribute("aria-labelledby") && !wrapper.hasAttribute("aria-label")) {
      wrapper.setAttribute("aria-labelledby", labelElement.id);
    }
  }

  /* A scroll container is a tab stop only while it can scroll. */
  function refresh() {
    scrollers.forEach(function (wrapper) {
      var scrollable = wrapper.scrollWidth > wrapper.clientWidth + 1;
      wrapper.classList.toggle("is-scrollable", scrollable);
      if (scrollable) {
        wrapper.setAttribute("tabindex", "0");
      } else if (wrapper.getAttribute("data-own-tabindex") !== "true") {
        wrapper.removeAttribute("tabindex");
      }
    });
  }

  function setUpTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var wrapper = wrap(table, "table-scroll");
      if (wrapper.hasAttribute("tabindex")) wrapper.setAttribute("data-own-tabindex", "true");
      label(wrapper, table.querySelector("caption"));
      scrollers.push(wrapper);
    });
  }

  function setUpCharts() {
    document.querySelectorAll("main svg[viewBox]").forEach(function (svg) {
      var texts = svg.querySelectorAll("text");
      if (!texts.length) return;
      var box = svg.viewBox.baseVal;
      if (!box || !box.width) return;
      var smallest = Infinity;
      texts.forEach(function (text) {
        var size = parseFloat(window.getComputedStyle(text).fontSize);
        if (size && size < smallest) smallest = size;
      });
      if (!isFinite(smallest)) return;
      var wrapper = wrap(svg, "chart-scroll");
      var minWidth = Math.ceil((box.width * MIN_TEXT_PX) / smallest);
      svg.style.setProperty("--chart-min-width", minWidth + "px");
      var titleId = (svg.getAttribute("aria-labelledby") || "").split(/\s+/)[0];
      label(wrapper, titleId ? document.getElementById(titleId) : null);
      scrollers.push(wrapper);
    });
  }

  function start() {
    setUpMenu();
    setUpTables();
    setUpCharts();
    refresh();
    window.addEventListener("resize", refresh);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
