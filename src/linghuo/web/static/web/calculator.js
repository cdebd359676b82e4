// The calculator, enhanced: the first answer to give (or the first to correct) has the focus, so each
// step is one tap or keystroke away. The form works the same without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".calculator-form");
  if (!form) {
    return;
  }
  var wrong = form.querySelector("[aria-invalid='true'], .field-error + input, .field-error ~ label input");
  var first = wrong || form.querySelector("input:not([type='hidden'])");
  if (first && document.querySelector(".calculator-progress, .form-errors")) {
    first.focus({ preventScroll: false });
  }
});
