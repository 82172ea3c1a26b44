// Search with Pagefind: the search page (query, filters, order, results with the words found marked)
// and, on the page a result leads to, the words searched for highlighted. Optional: every page works
// without it. The index is one Pagefind bundle per year (/pagefind/<year>/, listed in buckets.json),
// merged here. Text from briefs is only ever set with textContent, never parsed as HTML.
const header = document.querySelector("form.site-search[data-pagefind]");
const form = document.querySelector("form.search-page[data-pagefind]");
const bundleRoot = (form || header || {}).dataset?.pagefind;
const HIGHLIGHT = "highlight";
const PAGE = 10;

if (bundleRoot && new URLSearchParams(location.search).has(HIGHLIGHT) && !form) {
  import(bundleRoot + "pagefind-highlight.js")
    .then((module) => {
      const Highlight = module.default || window.PagefindHighlight;
      new Highlight({ highlightParam: HIGHLIGHT, markContext: "main", addStyles: false });
    })
    .catch(() => {});
}

if (form) {
  searchPage(form);
}

function searchPage(form) {
  const base = form.dataset.base;
  const input = form.querySelector("#q");
  const fieldset = form.querySelector("#search-filters");
  const order = form.querySelector("#search-sort");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-list");
  const more = document.getElementById("search-more");
  const selects = new Map(); // filter key → <select>
  const lang = document.documentElement.lang || "en";
  const names = languageNames(lang);
  let loading = null;
  let searchId = 0;
  let pending = [];

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  order.value = params.get("sort") || "";

  function setStatus(text) {
    status.textContent = text;
  }

  // One load, however many searches ask for it at once (a second one would build the filters twice);
  // tried again after a failure (the dev server makes the index after the page).
  function load() {
    if (!loading) loading = open().catch((error) => { loading = null; throw error; });
    return loading;
  }

  async function open() {
    setStatus("Loading the search index…");
    const response = await fetch(bundleRoot + "buckets.json", { cache: "no-cache" });
    if (!response.ok) throw new Error("the search index is not there (yet)");
    const manifest = await response.json();
    const pagefind = await import(bundleRoot + "pagefind.js");
    const bundles = manifest.bundles || [];
    if (!bundles.length) {
      return { empty: true, manifest };
    }
    const options = { baseUrl: base, highlightParam: HIGHLIGHT, excerptLength: 30 };
    const instance = pagefind.createInstance({ ...options, basePath: bundleRoot + bundles[0], noWorker: true });
    await instance.init();
    for (const bundle of bundles.slice(1)) {
      await instance.mergeIndex(bundleRoot + bundle, options);
    }
    const engine = { instance, manifest };
    await buildFilters(engine);
    return engine;
  }

  async function buildFilters(engine) {
    const totals = await engine.instance.filters();
    for (const facet of engine.manifest.filters || []) {
      const values = totals[facet.key];
      if (!values || !Object.keys(values).length) continue;
      const wrap = document.createElement("div");
      wrap.className = "search-filter";
      const label = document.createElement("label");
      const select = document.createElement("select");
      select.id = "search-filter-" + facet.key;
      select.name = facet.key;
      label.htmlFor = select.id;
      label.textContent = facet.label;
      const any = document.createElement("option");
      any.value = "";
      any.textContent = "Any";
      select.appendChild(any);
      for (const value of sortedValues(facet.key, values)) {
        const option = document.createElement("option");
        option.value = value;
        option.dataset.name = facet.key === "language" ? names(value) : value;
        select.appendChild(option);
      }
      select.value = params.get(facet.key) || "";
      if (select.value !== (params.get(facet.key) || "")) select.value = "";
      select.addEventListener("change", () => run(true));
      wrap.appendChild(label);
      wrap.appendChild(select);
      fieldset.insertBefore(wrap, order.parentElement);
      selects.set(facet.key, select);
    }
    showCounts(totals);
    fieldset.hidden = false;
  }

  function sortedValues(key, values) {
    const entries = Object.keys(values);
    if (key === "year") return entries.sort((a, b) => b.localeCompare(a));
    return entries.sort((a, b) => values[b] - values[a] || a.localeCompare(b));
  }

  function showCounts(counts) {
    for (const [key, select] of selects) {
      const found = counts[key] || {};
      for (const option of select.options) {
        if (!option.value) continue;
        const n = found[option.value] || 0;
        option.textContent = `${option.dataset.name} (${n})`;
        option.hidden = n === 0 && !option.selected;
      }
    }
  }

  function chosen() {
    const filters = {};
    for (const [key, select] of selects) if (select.value) filters[key] = select.value;
    return filters;
  }

  function remember(query, filters) {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const [key, value] of Object.entries(filters)) next.set(key, value);
    if (order.value) next.set("sort", order.value);
    const search = next.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  async function run(now) {
    const id = ++searchId;
    const query = input.value.trim();
    let current;
    try {
      current = await load();
    } catch (error) {
      setStatus("Search could not be loaded: " + error.message + ". Browse the indexes below instead.");
      return;
    }
    if (!now) await new Promise((resolve) => setTimeout(resolve, 200));
    if (id !== searchId) return;
    const filters = current.empty ? {} : chosen();
    remember(query, filters);
    list.textContent = "";
    more.hidden = true;
    pending = [];
    if (current.empty) {
      setStatus("There are no briefs to search yet.");
      return;
    }
    if (!query && !Object.keys(filters).length) {
      setStatus("");
      showCounts(await current.instance.filters());
      return;
    }
    setStatus("Searching…");
    const sort = order.value === "newest" ? { date: "desc" } : order.value === "oldest" ? { date: "asc" } : undefined;
    const found = await current.instance.search(query || null, { filters, ...(sort ? { sort } : !query ? { sort: { date: "desc" } } : {}) });
    if (id !== searchId || !found) return;
    showCounts(found.filters || {});
    const count = found.results.length;
    const what = query ? ` for “${query}”` : "";
    pending = found.results;
    await showMore(id);
    if (id !== searchId) return;
    // Said once the first results are on the page, so "found" means they can be read.
    setStatus(count ? `${count} ${count === 1 ? "brief" : "briefs"} found${what}` : `No briefs found${what}.`);
  }

  async function showMore(id) {
    const batch = pending.slice(0, PAGE);
    pending = pending.slice(PAGE);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (id !== searchId) return;
    for (const item of data) list.appendChild(card(item));
    more.hidden = pending.length === 0;
  }

  function card(item) {
    const meta = item.meta || {};
    const li = document.createElement("li");
    const article = document.createElement("article");
    article.className = "brief-card search-hit";
    if (meta.lang && meta.lang !== lang) article.lang = meta.lang;
    const heading = document.createElement("h2");
    heading.className = "brief-card-title";
    const link = document.createElement("a");
    link.href = item.url.startsWith("/") ? item.url : base;
    link.textContent = meta.title || item.url;
    heading.appendChild(link);
    article.appendChild(heading);
    const line = document.createElement("p");
    line.className = "meta";
    const parts = [];
    if (meta.date) {
      const time = document.createElement("time");
      if (meta.datetime) time.dateTime = meta.datetime;
      time.textContent = meta.date;
      parts.push(time);
    }
    if (meta.source) parts.push(document.createTextNode(meta.source));
    if (meta.label) {
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = meta.label;
      parts.push(label);
    }
    parts.forEach((part, i) => {
      if (i) line.appendChild(document.createTextNode(" · "));
      line.appendChild(part);
    });
    if (parts.length) article.appendChild(line);
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    marked(excerpt, item.excerpt || "");
    article.appendChild(excerpt);
    if (meta.people) {
      const people = document.createElement("p");
      people.className = "search-people";
      people.textContent = meta.people;
      article.appendChild(people);
    }
    li.appendChild(article);
    return li;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });
  input.addEventListener("input", () => run(false));
  order.addEventListener("change", () => run(true));
  more.addEventListener("click", () => showMore(searchId));
  if (header) {
    header.addEventListener("submit", (event) => {
      event.preventDefault();
      input.value = header.querySelector("input").value;
      run(true);
      input.focus();
    });
  }
  if (input.value || [...params.keys()].some((key) => key !== "q" && key !== "sort")) {
    run(true);
  } else {
    load().then(() => setStatus(""), (error) => setStatus("Search could not be loaded: " + error.message + "."));
  }
}

// Pagefind's excerpt is the text with < and > escaped and the words found in <mark>: rebuilt here as
// text nodes and <mark> elements, so nothing in it can become markup.
function marked(element, excerpt) {
  for (const piece of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (piece === "<mark>") {
      element.appendChild(document.createElement("mark"));
    } else if (piece !== "</mark>" && piece) {
      const text = document.createTextNode(piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      const last = element.lastChild;
      if (last && last.nodeName === "MARK" && !last.textContent) last.appendChild(text);
      else element.appendChild(text);
    }
  }
}

function languageNames(lang) {
  try {
    const display = new Intl.DisplayNames([lang], { type: "language" });
    return (tag) => display.of(tag) || tag;
  } catch (error) {
    return (tag) => tag;
  }
}
