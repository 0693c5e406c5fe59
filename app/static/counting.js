// gladshare's character counts, as each network counts: X weighs characters and counts a
// link as 23, Mastodon counts a link as 23, Bluesky counts graphemes. The same rules as
// share_text_length in app/content/rules.py, which checks again on the server. Shared by
// the share panel (share.js) and the studio's editor (editor.js), loaded before either.
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

  window.gladshareCount = { length: length, number: number };
})();
