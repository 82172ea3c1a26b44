// Briefing live reload: keeps the page current while you edit. Not part of the built site.
(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = me.getAttribute("data-epoch");
  var key = "briefing-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseFloat(saved) || 0;
    var restore = function () { window.scrollTo(0, y); };
    restore();
    window.addEventListener("load", restore);
  }
  var overlay = null;
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "briefing-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;";
      var title = document.createElement("h2");
      title.textContent = "Briefing: the site could not be rebuilt";
      title.style.cssText = "font:bold 18px system-ui,sans-serif;margin:0 0 1rem;color:#ffb4b4";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      var note = document.createElement("p");
      note.textContent = "The last good build is still served. Fix the file and this page updates by itself.";
      note.style.cssText = "font:14px system-ui,sans-serif;color:#ddd";
      overlay.appendChild(title); overlay.appendChild(pre); overlay.appendChild(note);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = message;
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("briefing-reload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = function () { link.remove(); };
      link.after(fresh);
    });
  }
  var initial = me.getAttribute("data-error");
  if (initial) { showError(initial); }
  var source = new EventSource("/__briefing/events?path=" + encodeURIComponent(location.pathname + location.search) +
    "&epoch=" + encodeURIComponent(epoch));
  source.addEventListener("reload", function () { reload(); });
  source.addEventListener("css", function () { swapStyles(); });
  source.addEventListener("failure", function (event) { showError(event.data); });
})();
