// The question editor's lists (options, items, choices, quotes): "Add a row" and "Remove" work in
// place, an enhancement over their submit buttons (which re-render the form with what was typed,
// without JavaScript). A new row gets a fresh random id of its list; the menus that pick a row of
// the list by its text ("Its matching choice") follow every change.
(function () {
  "use strict";

  function rowsOf(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > fieldset.entry"));
  }

  function indexOf(row) {
    var parts = row.dataset.row.split(".");
    return Number(parts[parts.length - 1]);
  }

  function nextId(list) {
    // Random, as the server makes them: the ids stand in the learner's page, and numbered ids
    // would tell the order the rows were typed in (an ordering question's right order).
    var letter = list.dataset.entries.charAt(0);
    var taken = {};
    list.querySelectorAll("[data-row-id]").forEach(function (input) {
      taken[input.value] = true;
    });
    var made;
    do {
      var bytes = new Uint8Array(3);
      window.crypto.getRandomValues(bytes);
      made = letter + Array.prototype.map.call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    } while (taken[made]);
    return made;
  }

  function renamed(text, name, from, to) {
    if (text === name + "." + from) {
      return name + "." + to;
    }
    var dashed = name.replace(/\./g, "-");
    return text
      .split(name + "." + from + ".").join(name + "." + to + ".")
      .split(dashed + "-" + from + "-").join(dashed + "-" + to + "-");
  }

  function blankCopy(list, row, index) {
    var name = list.dataset.entries;
    var copy = row.cloneNode(true);
    var from = indexOf(row);
    copy.dataset.row = name + "." + index;
    copy.querySelectorAll(".field-error, .quote-picker").forEach(function (part) { part.remove(); });
    copy.querySelectorAll("*").forEach(function (node) {
      ["name", "id", "for", "aria-describedby", "value"].forEach(function (attribute) {
        if (node.hasAttribute(attribute) && !(attribute === "value" && node.tagName === "OPTION")) {
          node.setAttribute(attribute, renamed(node.getAttribute(attribute), name, from, index));
        }
      });
      node.removeAttribute("aria-invalid");
      if (node.matches("textarea, input[type=text]")) { node.value = ""; }
      if (node.matches("input[type=checkbox]")) { node.checked = false; }
      if (node.matches("select")) { node.selectedIndex = 0; }
    });
    var id = copy.querySelector("[data-row-id]");
    if (id) { id.value = nextId(list); }
    return copy;
  }

  function renumber(list) {
    rowsOf(list).forEach(function (row, position) {
      var number = String(position + 1);
      row.querySelector(":scope > legend").textContent =
        list.dataset.rowLabel.replace("{number}", number);
      row.querySelector("[data-remove-row]").textContent =
        list.dataset.removeLabel.replace("{number}", number);
    });
  }

  function refreshMenus(form) {
    form.querySelectorAll("select[data-refers-to]").forEach(function (menu) {
      var list = form.querySelector("fieldset[data-entries='" + menu.dataset.refersTo + "']");
      if (!list) { return; }
      var chosen = menu.value;
      while (menu.options.length > 1) { menu.remove(1); }
      rowsOf(list).forEach(function (row, position) {
        var text = row.querySelector("textarea[name*='.text.']");
        var label = text && text.value.trim() ? text.value.trim()
          : list.dataset.rowLabel.replace("{number}", String(position + 1));
        var id = row.querySelector("[data-row-id]").value;
        menu.add(new Option(label, id, false, id === chosen));
      });
    });
  }

  function add(list) {
    var rows = rowsOf(list);
    var last = rows[rows.length - 1];
    var index = Math.max.apply(null, rows.map(indexOf)) + 1;
    var copy = blankCopy(list, last, index);
    last.after(copy);
    copy.dispatchEvent(new CustomEvent("quizapp:row-added", { bubbles: true }));
    renumber(list);
    copy.querySelector("textarea, input[type=text], select").focus();
  }

  function remove(list, row) {
    if (rowsOf(list).length === 1) {
      add(list);
    }
    row.remove();
    renumber(list);
    list.querySelector("[data-add-row]").focus();
  }

  document.querySelectorAll("form fieldset[data-entries]").forEach(function (list) {
    var form = list.closest("form");
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || button.closest("fieldset[data-entries]") !== list) { return; }
      if (button.matches("[data-add-row]")) {
        event.preventDefault();
        add(list);
      } else if (button.matches("[data-remove-row]")) {
        event.preventDefault();
        remove(list, button.closest("fieldset.entry"));
      } else {
        return;
      }
      refreshMenus(form);
    });
    list.addEventListener("input", function () { refreshMenus(form); });
  });
}());
