// A form sent back with problems: the summary of them takes the focus, so that a screen reader
// reads it and a keyboard user starts from it, and each link in it moves the focus to its field.
(function () {
  "use strict";
  var summary = document.getElementById("form-problems");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });
})();
