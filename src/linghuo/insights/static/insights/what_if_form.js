// The what-if form sends only the parameters the manager changed. Every input starts with the value in
// force on the date the page was drawn; were they all sent, a later change of the assessment date would
// turn those values into overrides for the new date. An unchanged input is left out (the server then
// takes the value in force on the date asked for).
(function () {
  "use strict";
  var form = document.getElementById("what-if-form");
  if (!form) { return; }
  function inputs() { return Array.prototype.slice.call(form.querySelectorAll("input[data-current]")); }
  form.addEventListener("submit", function () {
    inputs().forEach(function (input) {
      input.disabled = input.value.trim() === "" || input.value.trim() === input.dataset.current;
    });
    // Enabled again once the page is left, so that going back shows usable inputs.
    window.setTimeout(function () { inputs().forEach(function (input) { input.disabled = false; }); }, 0);
  });
  // A changed value is marked as such at once, and its measure counts it.
  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.dataset || input.dataset.current === undefined) { return; }
    var item = input.closest(".parameter");
    if (item) { item.classList.toggle("changed", input.value.trim() !== input.dataset.current); }
  });
})();
