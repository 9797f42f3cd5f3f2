/* The member letter kit: the letter and its e-mail link follow what the member types, and
   "Kopieer de tekst" copies the letter. The signature is built as manifestos/outreach/letter.py
   builds it (name, role, company, town; placeholders for an empty name or company). Without
   this script the letter shows the placeholders and can be selected in its text field. */
(function () {
  "use strict";

  const form = document.querySelector("form[data-letter-body]");
  if (!form) {
    return;
  }
  const text = document.getElementById("letter-text");
  const mailto = form.querySelector("[data-letter-mailto]");
  const copy = form.querySelector("[data-letter-copy]");
  const status = document.getElementById("letter-status");

  function value(name) {
    const field = form.querySelector('[data-letter-field="' + name + '"]');
    // Line breaks have no place in a signature line (the server refuses them too).
    return field ? field.value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim() : "";
  }

  function letterText() {
    const lines = [
      value("name") || form.dataset.placeholderName,
      value("role"),
      value("company") || form.dataset.placeholderCompany,
      value("town"),
    ].filter(Boolean);
    return form.dataset.letterBody + "\n\n" + lines.join("\n");
  }

  function update() {
    const letter = letterText();
    text.value = letter;
    // RFC 6068: percent-encoded UTF-8 with line breaks as CRLF.
    mailto.href =
      "mailto:?subject=" +
      encodeURIComponent(form.dataset.letterSubject) +
      "&body=" +
      encodeURIComponent(letter.replace(/\n/g, "\r\n"));
  }

  function announce(message) {
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  form.querySelectorAll("[data-letter-field]").forEach(function (field) {
    field.addEventListener("input", update);
  });
  update();

  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(text.value).then(
        function () {
          announce(copy.dataset.letterCopied);
        },
        function () {
          text.focus();
          text.select();
          announce(copy.dataset.letterFailed);
        }
      );
    });
  }
})();
