// The screening runs pages: while a run is under way, poll the API and move its progress bar; reload when done.
(function () {
  "use strict";
  var list = document.getElementById("runs");
  if (!list) { return; }
  var cards = Array.prototype.slice.call(list.querySelectorAll("[data-run]"));
  var open = cards.filter(function (card) { return card.dataset.finished !== "1"; });
  if (!open.length) { return; }
  var url = list.dataset.statusUrl;
  function show(card, state) {
    ["status_label", "rows_done", "changed"].forEach(function (key) {
      var el = card.querySelector('[data-field="' + key + '"]');
      if (el) { el.textContent = String(state[key]); }
    });
    var bar = card.querySelector("progress");
    if (bar) { bar.value = state.percent; bar.textContent = state.percent + "%"; }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (states) {
        var done = true;
        open.forEach(function (card) {
          var state = states.filter(function (s) { return String(s.id) === card.dataset.run; })[0];
          if (!state) { return; }
          show(card, state);
          if (!state.finished) { done = false; }
        });
        if (done) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
})();
