// gladshare: configure htmx for a strict Content-Security-Policy.
// Loaded with `defer` right after htmx, so this runs before htmx initialises
// on DOMContentLoaded. No eval (no hx-on, hx-vars, event filters), no
// injected <style> for indicators, no <script> execution from swapped HTML.
(function () {
  "use strict";
  if (typeof window.htmx === "undefined") {
    return;
  }
  window.htmx.config.allowEval = false;
  window.htmx.config.includeIndicatorStyles = false;
  window.htmx.config.allowScriptTags = false;
})();
