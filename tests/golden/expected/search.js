// Client-side search over search.json. Optional: every page works without it.
// Results are built with textContent only, so text from briefs is never parsed as HTML.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  if (!form || !input || !results || !window.fetch) return;
  var index = null;

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    return index.filter(function (item) {
      var hay = item._hay || (item._hay = fold([item.title, item.summary, item.source, (item.terms || []).join(" ")].join(" ")));
      return words.every(function (w) { return hay.indexOf(w) !== -1; });
    });
  }

  function show(query) {
    results.textContent = "";
    if (!query) return;
    var found = search(query);
    var count = document.createElement("p");
    count.textContent = found.length + (found.length === 1 ? " brief" : " briefs") + " found";
    results.appendChild(count);
    var list = document.createElement("ol");
    list.className = "brief-list";
    found.slice(0, 100).forEach(function (item) {
      var li = document.createElement("li");
      var h = document.createElement("h2");
      h.className = "brief-card-title";
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [item.date, item.source].filter(Boolean).join(" · ");
      var summary = document.createElement("p");
      summary.className = "summary";
      summary.textContent = item.summary || "";
      li.appendChild(h);
      li.appendChild(meta);
      li.appendChild(summary);
      list.appendChild(li);
    });
    results.appendChild(list);
  }

  function load() {
    if (index) return Promise.resolve(index);
    return fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
      index = data.briefs || [];
      return index;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
    load().then(function () { show(q); });
  });
  input.addEventListener("input", function () {
    load().then(function () { show(input.value.trim()); });
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    load().then(function () { show(initial); });
  }
})();
