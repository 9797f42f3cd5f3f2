/* Municipality finder: suggestions while typing.
 *
 * Turns the search field of templates/includes/municipality_finder.html into a
 * WAI-ARIA 1.2 combobox with a listbox popup. Without this script the form is a
 * plain GET search that opens the results page; with it, Enter without a chosen
 * suggestion still does exactly that.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var MIN_LENGTH = 2;

  function enhance(form) {
    var input = form.querySelector(".finder__input");
    var popup = form.querySelector(".finder__popup");
    var note = form.querySelector(".finder__popup-note");
    var listbox = form.querySelector(".finder__listbox");
    var status = form.querySelector(".finder__status");
    var endpoint = form.getAttribute("data-finder-endpoint");
    if (!input || !popup || !note || !listbox || !status || !endpoint) {
      return;
    }
    if (!window.fetch || !window.AbortController || !window.URLSearchParams) {
      return;
    }

    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var shownQuery = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function isOpen() {
      return !popup.hidden;
    }

    function open() {
      if (!options.length && note.hidden) {
        return;
      }
      popup.hidden = false;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
    }

    function close() {
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function setActive(index) {
      if (active >= 0 && options[active]) {
        options[active].element.setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0 && options[active]) {
        var element = options[active].element;
        element.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", element.id);
        element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function announce(message) {
      // Clearing first makes screen readers repeat a message that did not change.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = message;
      }, 50);
    }

    function span(className, text) {
      var element = document.createElement("span");
      element.className = className;
      element.textContent = text;
      return element;
    }

    function render(data) {
      var items = data.results.length ? data.results : data.suggestions;
      setActive(-1);
      listbox.textContent = "";
      options = items.map(function (item, index) {
        var element = document.createElement("li");
        element.id = listbox.id + "-" + index;
        element.className = "finder__option";
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        element.appendChild(span("finder__option-name", item.name));
        element.appendChild(document.createTextNode(" "));
        element.appendChild(span("finder__option-province", item.province));
        if (item.note) {
          element.appendChild(span("finder__option-note", item.note));
        }
        element.addEventListener("click", function () {
          window.location.assign(item.url);
        });
        listbox.appendChild(element);
        return { element: element, url: item.url };
      });
      note.textContent = data.results.length ? "" : data.message;
      note.hidden = !!data.results.length;
      announce(data.message);
      if (document.activeElement === input) {
        open();
      }
    }

    function showError() {
      options = [];
      listbox.textContent = "";
      note.textContent = form.getAttribute("data-finder-error") || "";
      note.hidden = false;
      announce(note.textContent);
      open();
    }

    function load() {
      var query = input.value.trim();
      if (query === shownQuery) {
        open();
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      var params = new URLSearchParams(new FormData(form));
      fetch(endpoint + "?" + params.toString(), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          shownQuery = query;
          render(data);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            shownQuery = null;
            showError();
          }
        });
    }

    function reset() {
      window.clearTimeout(timer);
      if (controller) {
        controller.abort();
        controller = null;
      }
      shownQuery = null;
      options = [];
      listbox.textContent = "";
      note.hidden = true;
      status.textContent = "";
      close();
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      if (input.value.trim().length < MIN_LENGTH) {
        reset();
        return;
      }
      setActive(-1);
      timer = window.setTimeout(load, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!options.length && input.value.trim().length >= MIN_LENGTH) {
            load();
          }
          if (!isOpen()) {
            open();
            if (!event.altKey && options.length) {
              setActive(0);
            }
          } else if (options.length) {
            setActive(active < options.length - 1 ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!isOpen()) {
            open();
            if (options.length) {
              setActive(options.length - 1);
            }
          } else if (options.length) {
            setActive(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            window.location.assign(options[active].url);
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            reset();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    // Keep focus in the field while a suggestion is clicked.
    popup.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-finder-endpoint]"), enhance);
})();
