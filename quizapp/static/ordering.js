// Ordering questions: move-up and move-down buttons beside each item, an enhancement over the
// position selects (which stay the form's values and work without JavaScript). Buttons are real
// <button>s, so they work by keyboard; each move is announced politely to screen readers.
(function () {
  "use strict";

  function enhance(fieldset) {
    var list = fieldset.querySelector(".ordering-items");
    var status = fieldset.querySelector("[data-ordering-status]");
    if (!list || !status) {
      return;
    }
    var rows = function () {
      return Array.prototype.slice.call(list.children);
    };

    function renumber() {
      var all = rows();
      all.forEach(function (row, index) {
        row.querySelector("select").value = String(index + 1);
        row.querySelector("[data-move='up']").disabled = index === 0;
        row.querySelector("[data-move='down']").disabled = index === all.length - 1;
      });
    }

    function announce(row) {
      var all = rows();
      status.textContent = fieldset.dataset.moved
        .replace("{item}", row.querySelector(".item-text").textContent)
        .replace("{position}", String(all.indexOf(row) + 1))
        .replace("{count}", String(all.length));
    }

    function button(direction, row) {
      var control = document.createElement("button");
      control.type = "button";
      control.className = "move";
      control.dataset.move = direction;
      control.textContent = direction === "up" ? "↑" : "↓";
      var label = direction === "up" ? fieldset.dataset.up : fieldset.dataset.down;
      control.setAttribute("aria-label", label + ": " + row.querySelector(".item-text").textContent);
      control.title = label;
      control.addEventListener("click", function () {
        var sibling = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
        if (!sibling) {
          return;
        }
        list.insertBefore(row, direction === "up" ? sibling : sibling.nextElementSibling);
        renumber();
        announce(row);
        (control.disabled ? row.querySelector(".move:not(:disabled)") : control).focus();
      });
      return control;
    }

    // A learner's chosen positions (after a refused answer) decide the starting order.
    var chosen = rows().map(function (row, index) {
      var value = parseInt(row.querySelector("select").value, 10);
      return { row: row, key: isNaN(value) ? 100 + index : value };
    });
    chosen.sort(function (a, b) { return a.key - b.key; });
    chosen.forEach(function (entry) { list.appendChild(entry.row); });

    rows().forEach(function (row) {
      var select = row.querySelector("select");
      var controls = document.createElement("span");
      controls.className = "move-controls";
      controls.appendChild(button("up", row));
      controls.appendChild(button("down", row));
      row.appendChild(controls);
      select.addEventListener("change", function () {
        var target = parseInt(select.value, 10) - 1;
        var others = rows().filter(function (other) { return other !== row; });
        list.insertBefore(row, others[target] || null);
        renumber();
        announce(row);
      });
    });
    renumber();
  }

  Array.prototype.forEach.call(document.querySelectorAll("fieldset.ordering"), enhance);
})();
