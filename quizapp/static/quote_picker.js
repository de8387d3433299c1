// The question editor's quotes: after choosing a paragraph, select the words in it instead of
// typing them. An enhancement only: the paragraph menu and the quote box work without JavaScript,
// and the server checks the quote word for word either way.
(function () {
  "use strict";

  var texts = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-paragraph-text]"), function (node) {
    texts[node.dataset.paragraphText] = node.textContent;
  });

  function enhance(select) {
    var box = document.getElementById(select.id.replace(/-paragraph$/, "-text"));
    if (!box) {
      return;
    }
    var picker = document.createElement("p");
    picker.className = "quote-picker";
    picker.hidden = true;
    picker.title = select.dataset.pickHint || "";
    select.parentNode.appendChild(picker);

    function show() {
      picker.textContent = texts[select.value] || "";
      picker.hidden = !picker.textContent;
    }

    function take() {
      var selection = window.getSelection();
      var words = selection ? selection.toString().trim() : "";
      if (words && picker.contains(selection.anchorNode)) {
        box.value = words;
      }
    }

    select.addEventListener("change", show);
    picker.addEventListener("mouseup", take);
    picker.addEventListener("keyup", take);
    show();
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-quote-paragraph]"), enhance);
  // A row that editor_rows.js adds in place gets its picker too.
  document.addEventListener("quizapp:row-added", function (event) {
    Array.prototype.forEach.call(event.target.querySelectorAll("select[data-quote-paragraph]"), enhance);
  });
})();
