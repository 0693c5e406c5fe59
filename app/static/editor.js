// gladshare studio editor: live counters on the share texts, counted as each network
// counts (the server counts again on save, and the page says the same without this).
// The rules are counting.js's, which the share panel uses too.
(function () {
  "use strict";
  var count = window.gladshareCount;

  function update(field) {
    var output = document.getElementById(field.getAttribute("aria-describedby").split(" ").filter(function (id) {
      return id.indexOf("count-") === 0;
    })[0]);
    if (!output) { return; }
    var limit = Number(field.dataset.limit);
    var used = count.length(field.dataset.counting, field.value);
    var over = used > limit;
    output.textContent = over
      ? output.dataset.over.replace("{over}", count.number(used - limit))
      : output.dataset.fits.replace("{used}", count.number(used)).replace("{limit}", count.number(limit));
    output.classList.toggle("gs-over", over);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-counter]")) { update(event.target); }
  });
  function setUp(root) { root.querySelectorAll("textarea[data-counter]").forEach(update); }
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
})();
