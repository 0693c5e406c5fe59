// gladshare studio editor: live counters on the share texts, counted as each network
// counts (the server counts again on save, and the page says the same without this).
// The rules are those of share.js and of share_text_length in app/content/rules.py.
(function () {
  "use strict";
  var LINK = /https?:\/\/[^\s<>"]+?(?=[.,;:!?'")\]]*(?:\s|$))/gi;
  var EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
  var LIGHT = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];

  function clusters(text) {
    if (window.Intl && Intl.Segmenter) {
      var segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
      return Array.from(segmenter.segment(text), function (s) { return s.segment; });
    }
    return Array.from(text);
  }

  function xWeight(cluster) {
    if (EMOJI.test(cluster)) { return 2; }
    return Array.from(cluster).reduce(function (sum, ch) {
      var code = ch.codePointAt(0);
      var light = LIGHT.some(function (r) { return code >= r[0] && code <= r[1]; });
      return sum + (light ? 1 : 2);
    }, 0);
  }

  function length(counting, text) {
    if (counting === "graphemes") { return clusters(text).length; }
    if (counting === "codepoints") { return Array.from(text).length; }
    var links = (text.match(LINK) || []).length;
    var rest = text.replace(LINK, "");
    if (counting === "mastodon") { return clusters(rest).length + 23 * links; }
    var plain = clusters(rest.normalize("NFC")).reduce(function (s, c) { return s + xWeight(c); }, 0);
    return plain + 23 * links;
  }

  function number(value) {
    return value.toLocaleString(document.documentElement.lang || undefined);
  }

  function update(field) {
    var output = document.getElementById(field.getAttribute("aria-describedby").split(" ").filter(function (id) {
      return id.indexOf("count-") === 0;
    })[0]);
    if (!output) { return; }
    var limit = Number(field.dataset.limit);
    var used = length(field.dataset.counting, field.value);
    var over = used > limit;
    output.textContent = over
      ? output.dataset.over.replace("{over}", number(used - limit))
      : output.dataset.fits.replace("{used}", number(used)).replace("{limit}", number(limit));
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
