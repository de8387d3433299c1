// A file over its form's limit is named beside its field before the form is sent, so that a
// teacher on a slow network does not wait for the upload to be refused. The server refuses it
// too, without JavaScript, keeping what was typed in the other fields.
(function () {
  "use strict";

  function message(input) {
    return document.getElementById(input.id + "-size-error");
  }

  function tooLarge(input) {
    var limit = Number(input.dataset.maxBytes);
    return Array.prototype.some.call(input.files || [], function (file) {
      return file.size > limit;
    });
  }

  function check(input) {
    var over = tooLarge(input);
    var shown = message(input);
    if (shown) {
      shown.textContent = over ? "✗ " + input.dataset.tooLarge : "";
      shown.className = over ? "field-error" : "";
    }
    if (over) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    return over;
  }

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () {
      check(input);
    });
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        if (check(input)) {
          event.preventDefault();
          input.focus();
        }
      });
    }
  });
})();
