// gladshare share panel: live character count, network switch, the share dialog
// in a popup, copy to clipboard (by hand, and for the dialogs that drop the text).
// Everything here is an improvement: without it the forms post normally and the
// thank-you page links to the network's dialog.
(function () {
  "use strict";
  var count = window.gladshareCount;
  var pending = null; // {form, panel, popup} between a share click and the server's answer

  function chosen(form) { return form.querySelector("input[name=network]:checked"); }


  function updateCount(form) {
    var radio = chosen(form);
    var output = form.querySelector("[data-count]");
    var text = form.querySelector("[data-share-text]");
    if (!radio || !output || !text) { return; }
    var limit = Number(radio.dataset.limit);
    var used = count.length(radio.dataset.counting, text.value);
    var over = used > limit;
    output.textContent = over
      ? output.dataset.over.replace("{over}", count.number(used - limit))
      : output.dataset.fits.replace("{used}", count.number(used)).replace("{limit}", count.number(limit));
    output.classList.toggle("gs-over", over);
    // The suggestion as it came: a nudge towards the person's own words, never a block.
    var same = form.querySelector("[data-same-words]");
    if (same) { same.hidden = text.value.trim() !== radio.dataset.text.trim(); }
  }

  function switchNetwork(form, previous) {
    var radio = chosen(form);
    var text = form.querySelector("[data-share-text]");
    var button = form.querySelector("[data-share-open]");
    // Only a text the person has not edited follows the network's suggestion.
    if (text && previous && text.value === previous.dataset.text) { text.value = radio.dataset.text; }
    if (button && radio) { button.textContent = radio.dataset.openLabel; }
    var note = form.querySelector("[data-link-only-note]");
    if (note && radio) {
      note.hidden = !radio.dataset.linkOnly;
      note.textContent = note.dataset.js.split("{network}").join(radio.dataset.name);
    }
    form.dataset.previous = radio ? radio.value : "";
    updateCount(form);
  }

  function setUp(root) {
    root.querySelectorAll("[data-share-form]").forEach(function (form) { switchNetwork(form, null); });
    root.querySelectorAll("[data-copy]").forEach(function (button) { button.hidden = false; });
  }

  function copy(button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.parentElement.querySelector("[data-copy-status]");
    function selected() { field.focus(); field.select(); status.textContent = button.dataset.copyFailed; }
    if (!navigator.clipboard) { selected(); return; }
    navigator.clipboard.writeText(field.value).then(function () {
      status.textContent = button.dataset.copied;
    }, selected);
  }

  // LinkedIn's, XING's and Facebook's dialogs take only the link: the text goes to the
  // clipboard in the click itself, before the popup takes the focus away from this page.
  function copyForDialog(form) {
    var radio = chosen(form);
    var text = form.querySelector("[data-share-text]");
    var status = form.querySelector("[data-copy-status]");
    if (!radio || !radio.dataset.linkOnly || !text) { return null; }
    var start = text.selectionStart, end = text.selectionEnd, copied = false;
    text.select();
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    text.setSelectionRange(start, end);
    if (!copied && navigator.clipboard) {
      navigator.clipboard.writeText(text.value).catch(function () { return null; });
      copied = true;
    }
    if (!copied) { return null; }
    if (status) { status.textContent = radio.dataset.linkOnly; status.hidden = false; }
    return radio.dataset.linkOnly;
  }

  function openPopup(form, copied) {
    // A popup must open in the click itself, or blockers stop it; its address follows
    // once the server has recorded the share and answered with the dialog's URL.
    var radio = chosen(form);
    if (!radio || radio.dataset.popup !== "yes") { return; }
    var popup = window.open("about:blank", "_blank", "popup,width=640,height=680");
    if (popup) {
      popup.opener = null;
      pending = { form: form, panel: form.closest(".gs-share"), popup: popup, copied: copied };
    }
  }

  function settle(panel) {
    if (!pending || pending.panel !== panel) { return; }
    var link = panel.querySelector("[data-share-dialog]");
    if (link) { pending.popup.location.href = link.href; } else { pending.popup.close(); }
    var status = panel.querySelector("[data-copy-status]");
    if (link && pending.copied && status) { status.textContent = pending.copied; }
    pending = null;
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-share-open]");
    if (opener && opener.form && opener.form.checkValidity()) {
      openPopup(opener.form, copyForDialog(opener.form));
    }
    var copier = event.target.closest("[data-copy]");
    if (copier) { copy(copier); }
  });
  document.addEventListener("input", function (event) {
    var form = event.target.closest("[data-share-form]");
    if (form && event.target.matches("[data-share-text]")) { updateCount(form); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest("[data-share-form]");
    if (form && event.target.name === "network") {
      switchNetwork(form, form.querySelector("input[value='" + form.dataset.previous + "']"));
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail.target;
    if (!panel || !panel.classList.contains("gs-share")) { return; }
    settle(panel);
    var thanks = panel.querySelector("[data-share-thanks]");
    if (thanks) { thanks.focus(); }
  });
  // Any other outcome (an error page in place of the content, no answer at all) leaves
  // the popup with nothing to show.
  document.addEventListener("htmx:afterRequest", function (event) {
    var config = event.detail.requestConfig;
    if (pending && config && config.elt === pending.form) { pending.popup.close(); pending = null; }
  });
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
})();
