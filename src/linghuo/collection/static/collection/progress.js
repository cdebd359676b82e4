// The import result page: while the import runs, poll its status and show the counts; reload when done.
(function () {
  "use strict";
  var box = document.getElementById("submission");
  if (!box || box.dataset.finished === "1") { return; }
  var url = box.dataset.statusUrl;
  function show(state) {
    Object.keys(state).forEach(function (key) {
      var el = box.querySelector('[data-field="' + key + '"]');
      if (el) { el.textContent = String(state[key]); }
    });
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.finished) { window.location.reload(); }
        else if (state.status !== "failed") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
})();
