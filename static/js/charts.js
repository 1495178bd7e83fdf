/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID"> (json_script),
   so no inline script is needed and the Content-Security-Policy stays strict. Each chart
   has an accessible table next to it; the canvas itself is hidden from screen readers. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var palette = ["#0b5d6b", "#c5192d", "#f0a500", "#4c9f38", "#19486a", "#a21942"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (dataset, i) {
      if (!dataset.backgroundColor) {
        dataset.backgroundColor = palette[i % palette.length];
        dataset.borderColor = palette[i % palette.length];
      }
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        indexAxis: spec.indexAxis || "x",
        animation: false,
        responsive: true,
        maintainAspectRatio: spec.type !== "doughnut" ? false : true,
        plugins: { legend: { display: spec.type === "doughnut" || spec.datasets.length > 1 } }
      }
    });
  });
})();
