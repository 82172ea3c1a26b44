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
  // The error overlay: opaque (the page behind it is the last good build, not what is wrong), the message
  // as text (never HTML: it quotes the user's files), source lines with the offending one marked, and a
  // button that hides it until the next failure. A fixed build removes it by reloading the page.
  var overlay = null;
  function line(text) {
    var row = document.createElement("span");
    row.textContent = text + "\n";
    if (/^\s*>\s*\d+ \|/.test(text)) {
      row.style.cssText = "display:block;background:#5c1111;color:#fff;font-weight:bold";
    } else if (/^\s+\d+ \|/.test(text)) {
      row.style.cssText = "display:block;color:#c9c9c9";
    }
    return row;
  }
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "briefing-error-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-labelledby", "briefing-error-title");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;margin:0;" +
        "background:#1b0707;color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;text-align:left";
      var bar = document.createElement("div");
      bar.style.cssText = "display:flex;gap:1rem;align-items:baseline;justify-content:space-between;margin:0 0 1rem";
      var title = document.createElement("h2");
      title.id = "briefing-error-title";
      title.textContent = "Briefing: the site could not be rebuilt";
      title.style.cssText = "font:bold 18px system-ui,sans-serif;margin:0;color:#ffb4b4";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss";
      close.setAttribute("aria-label", "Dismiss the error (it comes back if the next save fails too)");
      close.style.cssText = "font:14px system-ui,sans-serif;padding:.3rem .8rem;border:1px solid #ffb4b4;" +
        "border-radius:.3rem;background:#fff;color:#1b0707;cursor:pointer";
      close.addEventListener("click", function () { overlay.hidden = true; });
      bar.appendChild(title); bar.appendChild(close);
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0;font:inherit";
      var note = document.createElement("p");
      note.textContent = "The last good build is still served. Fix the file and this page updates by itself.";
      note.style.cssText = "font:14px system-ui,sans-serif;color:#ddd";
      overlay.appendChild(bar); overlay.appendChild(pre); overlay.appendChild(note);
      document.body.appendChild(overlay);
    }
    var pre = overlay.querySelector("pre");
    pre.textContent = "";
    message.split("\n").forEach(function (text) { pre.appendChild(line(text)); });
    overlay.hidden = false;
    overlay.querySelector("button").focus();
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
