// Briefing: the reader's light/dark/automatic choice, remembered in this browser. Without
// JavaScript the page follows the system's setting (prefers-color-scheme), and the switch stays hidden.
(function () {
  "use strict";
  var KEY = "briefing-theme";
  var ORDER = ["auto", "light", "dark"];
  var LABELS = { auto: "Auto", light: "Light", dark: "Dark" };
  var root = document.documentElement;
  var current = null;  // the choice on this page, when the browser cannot store it (private mode)
  function stored() {
    if (current) { return current; }
    try { return localStorage.getItem(KEY) || "auto"; } catch (e) { return "auto"; }
  }
  function apply(choice) {
    if (choice === "light" || choice === "dark") { root.setAttribute("data-theme", choice); }
    else { root.removeAttribute("data-theme"); }
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-switch");
    if (!button) { return; }
    function show(choice) {
      button.textContent = LABELS[choice];
      button.setAttribute("aria-label", "Colour scheme: " + (choice === "auto" ? "automatic" : choice) + " (change)");
    }
    show(stored());
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = ORDER[(ORDER.indexOf(stored()) + 1) % ORDER.length];
      current = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: this page only */ }
      apply(next);
      show(next);
    });
  });
})();
