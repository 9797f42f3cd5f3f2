/* The share section: "Kopieer link" copies the page's link to the clipboard and says so
   in a polite live region. Without this script the link is shown as text to select. */
(function () {
  "use strict";

  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }

  function announce(status, message) {
    // Emptied first, so a second copy is announced again.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  document.querySelectorAll("[data-share-copy]").forEach(function (button) {
    const status = document.getElementById(button.dataset.shareStatus);
    const source = document.getElementById(button.dataset.shareSource);
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.shareCopy).then(
        function () {
          announce(status, button.dataset.shareCopied);
        },
        function () {
          window.getSelection().selectAllChildren(source);
          announce(status, button.dataset.shareFailed);
        }
      );
    });
  });
})();
