// The dashboard's charts (Chart.js, served from this site): each block's numbers come from the JSON in
// #dashboard-data; the table under each chart holds the same numbers for those who cannot see it.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  var colours = ["#1f6feb", "#2da44e", "#bf8700", "#8250df"];
  JSON.parse(source.textContent).forEach(function (block) {
    var canvas = document.getElementById("chart-" + block.key);
    if (!canvas) { return; }
    var horizontal = block.type === "hbar";
    new Chart(canvas, {
      type: block.type === "line" ? "line" : "bar",
      data: {
        labels: block.labels,
        datasets: block.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length],
                   borderColor: colours[i % colours.length] };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: horizontal ? { y: { ticks: { autoSkip: false } } } : { y: { beginAtZero: true } }
      }
    });
  });
})();
