/*
 * A live character count under fields where the printed flyer has limited room:
 * "123 / 400 tekens (advies)". The advice comes from the form (data-advised-length,
 * set in manifestos/admin.py); it is advice, not a limit, so nothing is blocked.
 * Over the advice the counter says so in words (and turns red); screen readers hear
 * only when a field crosses the advice, not every keystroke.
 *
 * Counted is the text a reader sees: formatting tags such as <strong> do not count.
 */
"use strict";
(function () {
  const t = window.gettext || ((text) => text);
  const interpolate = window.interpolate || ((text, values) =>
    text.replace(/%\((\w+)\)s/g, (match, name) => values[name]));

  function visibleLength(value) {
    return Array.from(value.replace(/<[^>]*>/g, "")).length;
  }

  function attach(field) {
    if (field.dataset.charcountReady || field.closest(".empty-form")) {
      return;
    }
    field.dataset.charcountReady = "true";
    const advised = Number(field.dataset.advisedLength);
    const counter = document.createElement("div");
    counter.className = "charcount";
    counter.id = `${field.id}-charcount`;
    const announcement = document.createElement("span");
    announcement.className = "charcount__announcement";
    announcement.setAttribute("role", "status");
    field.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", announcement);
    const describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", describedBy ? `${describedBy} ${counter.id}` : counter.id);

    let wasOver = null;
    function update() {
      const length = visibleLength(field.value);
      const over = length > advised;
      let text = interpolate(t("%(length)s / %(advised)s tekens (advies)"),
        { length: length, advised: advised }, true);
      if (over) {
        text += " — " + interpolate(t("%(excess)s te veel voor de flyer"),
          { excess: length - advised }, true);
      }
      counter.textContent = text;
      counter.classList.toggle("charcount--over", over);
      if (wasOver !== null && over !== wasOver) {
        announcement.textContent = over
          ? t("Langer dan het advies voor de flyer.")
          : t("Weer binnen het advies voor de flyer.");
      }
      wasOver = over;
    }
    field.addEventListener("input", update);
    update();
  }

  function attachWithin(root) {
    root.querySelectorAll("[data-advised-length]").forEach(attach);
  }

  function init() {
    attachWithin(document);
    // Rows added with "Nog een … toevoegen" (django.contrib.admin's inlines.js).
    document.addEventListener("formset:added", (event) => attachWithin(event.target));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
