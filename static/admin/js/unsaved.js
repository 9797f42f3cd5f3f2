/*
 * No lost typing in the admin's change forms (config/concurrency.py has the server side):
 * - leaving a changed form asks first (the browser's own "leave page?" question);
 * - what is typed is kept in this browser (localStorage, per address) until a save
 *   succeeds, so text typed into a session that expired comes back: after logging in
 *   again the form offers "Zet terug". A successful save (the admin's green message)
 *   removes what was kept.
 */
"use strict";
(function () {
  const PREFIX = "metaalunie-concept:";
  const KINDS = "textarea, select, input:not([type=hidden]):not([type=file]):not([type=password]):not([type=submit]):not([type=button])";

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function changeForm() {
    return document.querySelector("#content-main form[method=post]:not(#changelist-form)");
  }

  function fieldsOf(form) {
    return Array.from(form.querySelectorAll(KINDS)).filter(
      (field) => field.name && !field.closest(".empty-form") && field.name !== "csrfmiddlewaretoken"
    );
  }

  function valuesOf(form) {
    const values = {};
    for (const field of fieldsOf(form)) {
      values[field.name] = field.type === "checkbox" || field.type === "radio"
        ? (field.type === "radio" ? (field.checked ? field.value : values[field.name]) : field.checked)
        : field.value;
    }
    return values;
  }

  function forgetSubmitted(store) {
    // The admin's green message: the last save went through.
    if (!document.querySelector(".messagelist .success")) {
      return;
    }
    for (let index = store.length - 1; index >= 0; index -= 1) {
      const key = store.key(index);
      if (key && key.startsWith(PREFIX)) {
        try {
          if (JSON.parse(store.getItem(key)).submitted) {
            store.removeItem(key);
          }
        } catch (error) {
          store.removeItem(key);
        }
      }
    }
  }

  function offerRestore(form, store, key) {
    let kept;
    try {
      kept = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      kept = null;
    }
    // After a refused save the admin shows the form with what was sent: nothing to offer.
    if (!kept || document.querySelector(".errornote")) {
      return;
    }
    const current = valuesOf(form);
    const differs = Object.keys(kept.values).some((name) => name in current && current[name] !== kept.values[name]);
    if (!differs) {
      store.removeItem(key);
      return;
    }
    const time = new Date(kept.savedAt).toLocaleString("nl-NL", {dateStyle: "long", timeStyle: "short"});
    const list = document.createElement("ul");
    list.className = "messagelist";
    const item = document.createElement("li");
    item.className = "warning";
    item.setAttribute("role", "status");
    item.append(`Op ${time} typte u hier tekst die niet is opgeslagen. `);
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = "Zet terug";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "Gooi weg";
    item.append(restore, " ", discard);
    list.append(item);
    form.before(list);
    restore.addEventListener("click", () => {
      for (const field of fieldsOf(form)) {
        if (!(field.name in kept.values)) {
          continue;
        }
        const value = kept.values[field.name];
        if (field.type === "checkbox") {
          field.checked = Boolean(value);
        } else if (field.type === "radio") {
          field.checked = field.value === value;
        } else {
          field.value = value;
        }
        field.dispatchEvent(new Event("input", {bubbles: true}));
        field.dispatchEvent(new Event("change", {bubbles: true}));
        // A rich-text field (admin/js/richtext.js) shows the text in its editor.
        field.dispatchEvent(new Event("richtext:restore"));
      }
      item.textContent = "De tekst is teruggezet. Controleer hem en sla op.";
    });
    discard.addEventListener("click", () => {
      store.removeItem(key);
      list.remove();
    });
  }

  function watch() {
    const form = changeForm();
    const store = storage();
    if (store) {
      forgetSubmitted(store);
    }
    if (!form) {
      return;
    }
    const key = PREFIX + window.location.pathname;
    if (store) {
      offerRestore(form, store, key);
    }
    let changed = false;
    let submitting = false;
    let timer = null;

    function keep(submitted) {
      if (!store) {
        return;
      }
      try {
        store.setItem(key, JSON.stringify({savedAt: Date.now(), submitted, values: valuesOf(form)}));
      } catch (error) {
        // A full or blocked storage: the "leave page?" question still protects the text.
      }
    }

    function onEdit() {
      changed = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => keep(false), 400);
    }

    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);
    form.addEventListener("submit", () => {
      submitting = true;
      if (changed) {
        keep(true);
      }
    });
    window.addEventListener("beforeunload", (event) => {
      if (changed && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
