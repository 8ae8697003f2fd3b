// assets/site.js: one script for every page, no framework. It marks the current page in the
// sidebar, opens the sidebar on narrow screens, and runs the search: the index
// (search-index.js) is loaded by a <script> element on first use, so it works from file:// where
// fetch() of a local file does not, and pages do not carry it. Results are keyboard navigable
// (arrows, Enter, Escape; "/" focuses the box) and written with textContent only. Matches rank
// exact name, then prefix, then anywhere; operations before shapes, then shorter names.
export const SITE_JS = `"use strict";
(function () {
  var root = document.documentElement.getAttribute("data-root") || "";
  var here = location.href.split("#")[0];
  var links = document.querySelectorAll(".sidebar a[href]");
  for (var i = 0; i < links.length; i++) {
    if (links[i].href.split("#")[0] === here && links[i].getAttribute("href").indexOf("#") === -1) links[i].setAttribute("aria-current", "page");
  }

  var menu = document.getElementById("menu-button");
  if (menu) {
    menu.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  if (!input || !list) return;
  var index = null;
  var loading = false;
  var results = [];
  var active = -1;
  var MAX = 30;

  function load() {
    if (index || loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () {
      index = Array.isArray(window.svcgenSearchIndex) ? window.svcgenSearchIndex : [];
      render();
    };
    s.onerror = function () {
      loading = false;
    };
    document.head.appendChild(s);
  }

  function rank(name, q) {
    var n = name.toLowerCase();
    if (n === q) return 0;
    if (n.indexOf(q) === 0) return 1;
    var at = n.indexOf(q);
    return at === -1 ? -1 : 2;
  }

  function search(q) {
    var scored = [];
    for (var i = 0; i < index.length; i++) {
      var r = rank(index[i][0], q);
      if (r >= 0) scored.push([r, index[i]]);
    }
    scored.sort(function (a, b) {
      var ka = a[1][1] === "operation" ? 0 : 1;
      var kb = b[1][1] === "operation" ? 0 : 1;
      return a[0] - b[0] || ka - kb || a[1][0].length - b[1][0].length || (a[1][0] < b[1][0] ? -1 : a[1][0] > b[1][0] ? 1 : 0);
    });
    return scored.slice(0, MAX).map(function (x) {
      return x[1];
    });
  }

  function select(i) {
    var items = list.querySelectorAll("li[role=option]");
    for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === i ? "true" : "false");
    active = i;
    if (i >= 0 && items[i]) {
      input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open(entry) {
    location.href = root + entry[2];
  }

  function render() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (q === "") return close();
    if (!index) {
      load();
      return;
    }
    results = search(q);
    if (results.length === 0) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = "No operation or shape matches";
      list.appendChild(none);
    }
    results.forEach(function (entry, i) {
      var li = document.createElement("li");
      li.id = "search-result-" + i;
      li.setAttribute("role", "option");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry[1];
      var name = document.createElement("span");
      name.textContent = entry[0];
      li.appendChild(kind);
      li.appendChild(name);
      li.addEventListener("mousedown", function (e) {
        e.preventDefault();
        open(entry);
      });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    select(results.length > 0 ? 0 : -1);
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", render);
  input.addEventListener("blur", function () {
    setTimeout(close, 100);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && results.length > 0) {
      e.preventDefault();
      select((active + 1) % results.length);
    } else if (e.key === "ArrowUp" && results.length > 0) {
      e.preventDefault();
      select((active - 1 + results.length) % results.length);
    } else if (e.key === "Enter" && active >= 0 && results[active]) {
      e.preventDefault();
      open(results[active]);
    } else if (e.key === "Escape") {
      input.value = "";
      close();
    }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
    }
  });
})();
`;
