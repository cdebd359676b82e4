// The what-if page's charts (Chart.js, served from this site): eligible people by measure, spending by month.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var result = document.getElementById("what-if-result");
  if (!source || !result || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var before = "#8a94a6", after = "#1f6feb";
  var beforeLabel = result.dataset.beforeLabel, afterLabel = result.dataset.afterLabel;
  // The bars by measure lie across the page: give each measure room for its two bars and its title.
  var box = document.getElementById("chart-eligible-box");
  if (box) { box.style.height = Math.max(200, 64 * data.measures.length + 60) + "px"; }
  // Long measure titles break over lines (Chart.js draws an array as lines) instead of being cut off.
  function lines(title) {
    var width = window.innerWidth < 600 ? 7 : 14, out = [];
    for (var i = 0; i < title.length; i += width) { out.push(title.slice(i, i + width)); }
    return out;
  }
  function bar(id, labels, datasets, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: horizontal ? { y: { ticks: { autoSkip: false } } } : {}
      }
    });
  }
  bar("chart-eligible", data.measures.map(lines), [
    { label: beforeLabel, data: data.eligible_before, backgroundColor: before },
    { label: afterLabel, data: data.eligible_after, backgroundColor: after }
  ], true);
  bar("chart-spending", data.months, [
    { label: beforeLabel, data: data.spending.before, backgroundColor: before },
    { label: afterLabel, data: data.spending.after, backgroundColor: after }
  ], false);
})();
