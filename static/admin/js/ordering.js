/*
 * Ordered inlines (themes, recommendations, key figures): "Omhoog" and "Omlaag" buttons
 * next to each saved row's position field. A click moves the row in the page and numbers
 * the saved rows 1..n in their new order, so the editor never retypes numbers.
 *
 * Only an enhancement: the position fields stay editable, and the server
 * (manifestos/ordering.py) renumbers whatever is submitted, with or without this script.
 * New rows are not moved: they have no number yet and are placed at the end on save,
 * or where their typed number puts them.
 */
"use strict";
(function () {
  const t = window.gettext || ((text) => text);
  const interpolate = window.interpolate || ((text, values) =>
    text.replace(/%\((\w+)\)s/g, (match, name) => values[name]));

  function formsetPrefix(group) {
    try {
      return JSON.parse(group.dataset.inlineFormset).options.prefix;
    } catch (error) {
      return null;
    }
  }

  function positionInput(row, prefix) {
    return row.querySelector(`input[name^="${prefix}-"][name$="-position"]`);
  }

  function savedRows(group, prefix) {
    const pattern = new RegExp(`^${prefix}-\\d+$`);
    return Array.from(group.querySelectorAll(".has_original"))
      .filter((row) => pattern.test(row.id) && positionInput(row, prefix));
  }

  function rowLabel(row) {
    const source = row.querySelector(".inline_label") || row.querySelector("td.original p");
    const text = source && source.firstChild ? source.firstChild.textContent : "";
    return text.trim() || t("rij");
  }

  // A tabular row may have its error row just above it; they move together.
  function rowBlock(row) {
    const previous = row.previousElementSibling;
    return previous && previous.classList.contains("row-form-errors") ? [previous, row] : [row];
  }

  function renumber(group, prefix) {
    savedRows(group, prefix).forEach((row, index) => {
      positionInput(row, prefix).value = String(index + 1);
    });
  }

  function move(group, prefix, row, direction, button) {
    const rows = savedRows(group, prefix);
    const index = rows.indexOf(row);
    const status = group.querySelector(".ordering-status");
    const label = rowLabel(row);
    const target = rows[index + direction];
    if (!target) {
      status.textContent = interpolate(
        direction < 0 ? t("‘%(label)s’ staat al bovenaan.") : t("‘%(label)s’ staat al onderaan."),
        { label: label }, true);
      return;
    }
    const block = rowBlock(row);
    if (direction < 0) {
      const before = rowBlock(target)[0];
      block.forEach((element) => before.parentNode.insertBefore(element, before));
    } else {
      const after = target.nextSibling;
      block.forEach((element) => target.parentNode.insertBefore(element, after));
    }
    renumber(group, prefix);
    group.querySelectorAll(".ordering-moved").forEach((element) => {
      element.classList.remove("ordering-moved");
    });
    row.classList.add("ordering-moved");
    button.focus();
    status.textContent = interpolate(
      t("‘%(label)s’ staat nu op plaats %(position)s van %(total)s. Sla op om de volgorde te bewaren."),
      { label: label, position: index + direction + 1, total: rows.length }, true);
  }

  function addButtons(group, prefix, row) {
    const input = positionInput(row, prefix);
    if (!input || row.querySelector(".ordering-buttons")) {
      return;
    }
    const label = rowLabel(row);
    const buttons = document.createElement("span");
    buttons.className = "ordering-buttons";
    [[-1, "↑", t("Omhoog")], [1, "↓", t("Omlaag")]].forEach(([direction, arrow, text]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ordering-button";
      button.textContent = `${arrow} ${text}`;
      button.setAttribute("aria-label", `${text}: ${label}`);
      button.addEventListener("click", () => move(group, prefix, row, direction, button));
      buttons.appendChild(button);
    });
    input.insertAdjacentElement("afterend", buttons);
  }

  function enhance(group) {
    const prefix = formsetPrefix(group);
    if (!prefix) {
      return;
    }
    const rows = savedRows(group, prefix);
    if (rows.length < 2) {
      return;
    }
    const status = document.createElement("p");
    status.className = "ordering-status";
    status.setAttribute("role", "status");
    group.appendChild(status);
    rows.forEach((row) => addButtons(group, prefix, row));
  }

  function init() {
    document.querySelectorAll(".js-inline-admin-formset").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
