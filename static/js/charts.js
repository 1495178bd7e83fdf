/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID"> (json_script),
   so no inline script is needed and the Content-Security-Policy stays strict. Each chart
   has an accessible table next to it; the canvas itself is hidden from screen readers.
   The spec may carry axis titles (xTitle, yTitle) and, for a line, which points are a
   month not yet over (partial): the line towards such a point is dashed. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var palette = ["#0b5d6b", "#c5192d", "#f0a500", "#4c9f38", "#19486a", "#a21942"];
  var locale = document.documentElement.lang || "nl";
  var font = { size: 14 };
  function axis(title) {
    return {
      title: { display: Boolean(title), text: title || "", font: font },
      ticks: { font: font }
    };
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var partial = spec.partial || [];
    spec.datasets.forEach(function (dataset, i) {
      if (!dataset.backgroundColor) {
        dataset.backgroundColor = palette[i % palette.length];
        dataset.borderColor = palette[i % palette.length];
      }
      if (spec.type === "line" && partial.length) {
        dataset.segment = {
          borderDash: function (ctx) {
            return partial[ctx.p1DataIndex] ? [6, 6] : undefined;
          }
        };
      }
      if (spec.type === "doughnut") {
        dataset.borderColor = "#ffffff";
        dataset.borderWidth = 3;
      }
    });
    var options = {
      locale: locale,
      indexAxis: spec.indexAxis || "x",
      animation: false,
      responsive: true,
      maintainAspectRatio: spec.type !== "doughnut" ? false : true,
      plugins: {
        legend: {
          display: spec.type === "doughnut" || spec.datasets.length > 1,
          position: spec.type === "doughnut" ? "bottom" : "top",
          labels: { font: font, boxWidth: 18, padding: 12 }
        }
      }
    };
    if (spec.type !== "doughnut") {
      options.scales = { x: axis(spec.xTitle), y: axis(spec.yTitle) };
    }
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: options
    });
  });
})();
