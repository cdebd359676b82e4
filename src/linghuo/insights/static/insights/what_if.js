// The what-if page's charts (Chart.js, served from this site): eligible people by measure, spending by month.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var before = "#8a94a6", after = "#1f6feb";
  function bar(id, labels, datasets, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: { indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false }
    });
  }
  bar("chart-eligible", data.measures, [
    { label: "现行", data: data.eligible_before, backgroundColor: before },
    { label: "调整后", data: data.eligible_after, backgroundColor: after }
  ], true);
  bar("chart-spending", data.months, [
    { label: "现行", data: data.spending.before, backgroundColor: before },
    { label: "调整后", data: data.spending.after, backgroundColor: after }
  ], false);
})();
